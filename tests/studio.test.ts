// The studio, end to end: started by the CLI (`complaint-playbook studio file.yaml --no-open`) as
// a child process on a copy of the shipped retail playbook, driven in headless Chromium at
// 1280×800. Screenshots of the main views go to test-artifacts/studio/, with the measured times
// from a keystroke to its diagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlaybook, parsePlaybookTests, runPlaybookTests, validatePlaybook } from 'complaint-playbook';
import { nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';
import { chromiumLaunch } from './helpers/chromium.js';

// The page's document, as the functions run inside it see it (the tests' TypeScript has no DOM).
declare const document: {
  getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
  querySelector(selector: string): { textContent: string | null } | null;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'test-artifacts', 'studio');
const retailText = readFileSync(join(root, 'playbooks/retail.yaml'), 'utf8');
/** The shipped retail, its base found beside it. */
const loadRetail = () => loadPlaybook(retailText, { filename: join(shippedPlaybooksDir(), 'retail.yaml'), resolve: nodeResolver(shippedPlaybooksDir()) });
const example = 'retail-fly-in-yogurt.json';

interface Studio {
  child: ChildProcess;
  url: string;
  dir: string;
  file: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `complaint-playbook studio` from source in a fresh folder holding a copy of retail. */
async function startStudio(): Promise<Studio> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-studio-'));
  for (const f of ['retail.yaml', 'retail.test.yaml', 'base.yaml']) copyFileSync(join(root, 'playbooks', f), join(dir, f));
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href, join(root, 'src/cli/bin.ts'), 'studio', 'retail.yaml', '--no-open'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((found, fail) => {
    const timer = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearInterval(timer);
        found(m[0]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`studio exited (${code}): ${out}`));
    });
  });
  return { child, url, dir, file: join(dir, 'retail.yaml'), output: () => out, exited };
}

let setup: Promise<{ studio: Studio; browser: Browser; page: Page }> | undefined;
function ready() {
  setup ??= (async () => {
    const studio = await startStudio();
    const browser = await chromium.launch({ ...(await chromiumLaunch()), headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(`${studio.url}?lang=en`);
    await page.waitForSelector('body[data-ready=true]');
    mkdirSync(artifacts, { recursive: true });
    return { studio, browser, page };
  })();
  return setup;
}

afterAll(async () => {
  const done = await setup?.catch(() => undefined);
  await done?.browser.close();
  if (done && done.studio.child.exitCode === null) done.studio.child.kill('SIGKILL');
});

type StudioGlobal = {
  studio: {
    timings: Array<{ validateMs: number; keystrokeToDiagnosticsMs: number }>;
    diagnostics(): Array<{ line: number; severity: string; code?: string; message: string }>;
    cursorLine(): number;
    activeDoc(): string;
    matchedLines(): number[];
    text(): string;
  };
};
const diagnostics = (page: Page) => page.evaluate(() => (globalThis as unknown as StudioGlobal).studio.diagnostics());

/** Moves the editor's cursor to the end of a line, with the keyboard. */
async function toLineEnd(page: Page, line: number): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

function fileState(path: string) {
  const s = statSync(path);
  return { text: readFileSync(path, 'utf8'), ino: s.ino, mtimeMs: s.mtimeMs };
}

function get(url: string, host: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('studio in headless Chromium, started by the CLI', { timeout: 120_000 }, () => {
  it('listens on 127.0.0.1 and refuses requests whose Host header is not local', async () => {
    const { studio } = await ready();
    expect(studio.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = new URL(studio.url).port;
    expect(await get(studio.url, `127.0.0.1:${port}`)).toBe(200);
    expect(await get(studio.url, `localhost:${port}`)).toBe(200);
    expect(await get(studio.url, `evil.example:${port}`)).toBe(403);
    expect(await get(`${studio.url}api/session`, `attacker.test`)).toBe(403);
    expect(await get(studio.url, `127.0.0.1:${Number(port) + 1}`)).toBe(403);
  });

  it('shows the playbook in the editor, with no problems', async () => {
    const { page } = await ready();
    const content = await page.textContent('.cm-content');
    expect(content).toContain('playbook: retail');
    await page.waitForFunction(() => document.getElementById('summary')?.dataset['errors'] === '0');
    expect((await diagnostics(page)).filter((d) => d.severity === 'error')).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'editor.png') });
  });

  it('a shipped example shows its recommendation, as Node gives it', async () => {
    const { page } = await ready();
    await page.selectOption('#pick-example', example);
    await page.waitForSelector('#steps li');
    const complaint = JSON.parse(readFileSync(join(root, 'examples', example), 'utf8')) as unknown;
    const rec = await loadRetail().evaluate(complaint, { locale: 'en' });
    expect(await page.$$eval('#steps li', (lis) => lis.map((li) => li.getAttribute('data-id')))).toEqual(rec.responses.map((r) => r.id));
    expect(await page.$$eval('#never-say li', (lis) => lis.map((li) => li.getAttribute('data-id')))).toEqual(rec.avoid.map((a) => a.id));
    expect(await page.$$eval('#deadlines tr', (rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(rec.commitments.map((c) => c.kind));
    expect(await page.textContent('dd[data-field=handledBy]')).toContain(rec.escalation.label);
    // Deadlines in the playbook's local time (Asia/Shanghai), not the browser's (Berlin).
    const due = rec.commitments[0]!.due; // e.g. 2026-…T18:00:00+08:00
    expect(await page.textContent('#deadlines tr:first-child td')).toContain(due.slice(11, 16));
    await page.screenshot({ path: join(artifacts, 'try.png') });

    // The other locale: the same steps, in Chinese.
    await page.selectOption('#locale', 'zh-CN');
    const zh = await loadRetail().evaluate(complaint, { locale: 'zh-CN' });
    await page.waitForFunction((first) => document.querySelector('#steps li')?.textContent?.includes(first), zh.responses[0]!.text);
    expect(await page.textContent('#tab-try')).toBe('试一试');
    await page.screenshot({ path: join(artifacts, 'try-zh.png') });
    await page.selectOption('#locale', 'en');
  });

  it('Why: clicking a matched rule jumps to its line; matched rules are marked in the gutter', async () => {
    const { page } = await ready();
    await page.click('#tab-why');
    const button = page.locator('#why-rules li[data-matched=true] button.jump').first();
    const line = Number(await button.getAttribute('data-line'));
    const id = await button.textContent();
    await button.click();
    expect(await page.evaluate(() => (globalThis as unknown as StudioGlobal).studio.cursorLine())).toBe(line);
    expect(retailText.split('\n')[line - 1]).toContain(`id: ${id}`);
    const marked = await page.evaluate(() => (globalThis as unknown as StudioGlobal).studio.matchedLines());
    expect(marked).toContain(line);
    expect(await page.locator('.cm-matched-rule').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'why.png') });
  });

  it('Tests: a run shows the counts of the test file', async () => {
    const { page } = await ready();
    await page.click('#tab-tests');
    await page.click('#run-tests');
    await page.waitForSelector('#test-counts');
    const suite = parsePlaybookTests(readFileSync(join(root, 'playbooks/retail.test.yaml'), 'utf8'), { filename: 'retail.test.yaml' });
    const expected = await runPlaybookTests(loadRetail(), suite);
    expect(await page.getAttribute('#test-counts', 'data-passed')).toBe(String(expected.passed));
    expect(await page.getAttribute('#test-counts', 'data-failed')).toBe(String(expected.failed));
    await page.screenshot({ path: join(artifacts, 'tests.png') });
  });

  it('Impact: the diff over a history, with a chart', async () => {
    const { page } = await ready();
    await page.click('#tab-impact');
    const lines = readdirSync(join(root, 'examples')).filter((f) => f.startsWith('retail-')).map((f) => JSON.stringify(JSON.parse(readFileSync(join(root, 'examples', f), 'utf8'))));
    await page.fill('#history', lines.join('\n'));
    await page.click('#run-diff');
    await page.waitForSelector('#impact-summary');
    expect(await page.getAttribute('#impact-summary', 'data-compared')).toBe(String(lines.length));
    expect(await page.getAttribute('#impact-summary', 'data-changed')).toBe('0');
  });

  it('Draft check: the reply checker marks what the draft must not say', async () => {
    const { page } = await ready();
    await page.click('#tab-draft');
    await page.fill('#draft', "We are very sorry, but this is the manufacturer's problem.");
    await page.click('#check-draft');
    await page.waitForSelector('#draft-findings li');
    const codes = await page.$$eval('#draft-findings li', (lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toContain('TURNING_AFTER_APOLOGY');
  });

  it('a broken edit shows a diagnostic at its line; nothing is written without a save', async () => {
    const { page, studio } = await ready();
    const before = fileState(studio.file);
    const line = retailText.split('\n').findIndex((l) => l.includes('respond: [reassure-step-by-step]')) + 1;
    await toLineEnd(page, line);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('x');
    await page.waitForFunction((l) => (globalThis as unknown as StudioGlobal).studio.diagnostics().some((d) => d.line === l && d.code === 'UNKNOWN_RESPONSE'), line);
    const found = (await diagnostics(page)).filter((d) => d.severity === 'error');
    expect(found.map((d) => [d.code, d.line])).toEqual([['UNKNOWN_RESPONSE', line]]);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'diagnostic.png') });
    // Keystroke timing, more keystrokes for the record (not asserted: a noisy shared machine).
    for (const key of ['Backspace', 'x', 'Backspace', 'x']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(150);
    }
    const timings = await page.evaluate(() => (globalThis as unknown as StudioGlobal).studio.timings);
    writeFileSync(join(artifacts, 'keystroke-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    expect(timings.length).toBeGreaterThan(0);
    expect(fileState(studio.file)).toEqual(before);

    // Saving a broken playbook asks first, naming the error; cancelling writes nothing.
    await page.click('#save');
    await page.waitForSelector('#confirm[open]');
    expect(await page.$$eval('#confirm-list li', (lis) => lis.map((li) => li.getAttribute('data-code')))).toEqual(['UNKNOWN_RESPONSE']);
    await page.screenshot({ path: join(artifacts, 'confirm-save.png') });
    await page.click('#confirm-cancel');
    expect(fileState(studio.file)).toEqual(before);
  });

  it('save writes valid YAML atomically (a new file renamed over the old one)', async () => {
    const { page, studio } = await ready();
    const before = fileState(studio.file);
    // Take back the broken edit (the cursor is still after it), then add a comment at the end.
    await page.focus('.cm-content');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.getElementById('summary')?.dataset['errors'] === '0');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# reviewed in the studio\n');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => document.getElementById('summary')?.dataset['saved'] !== undefined);
    const after = fileState(studio.file);
    // Exactly the editor's text: the original, then the comment (indented as the editor indents a new line).
    expect(after.text.startsWith(retailText.trimEnd())).toBe(true);
    expect(after.text.slice(retailText.trimEnd().length).trim()).toBe('# reviewed in the studio');
    expect(after.ino).not.toBe(before.ino); // renamed into place, not rewritten in place
    expect(validatePlaybook(after.text, { filename: join(shippedPlaybooksDir(), 'retail.yaml'), resolve: nodeResolver(shippedPlaybooksDir()) }).problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(readdirSync(studio.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await page.textContent('#dirty')).toBe('');
  });

  it('an external change to the file is noticed and offered for reload', async () => {
    const { page, studio } = await ready();
    const text = readFileSync(studio.file, 'utf8');
    const version = /^version: (.*)$/m.exec(text)![1]!;
    const changed = text.replace(`version: ${version}`, `version: ${version}-edited`);
    expect(changed).not.toBe(text);
    writeFileSync(studio.file, changed);
    await page.waitForSelector('#banner:not([hidden])');
    await page.click('#banner button:first-of-type');
    await page.waitForFunction(() => (globalThis as unknown as StudioGlobal).studio.text().includes('-edited'));
    expect(await page.isHidden('#banner')).toBe(true);
  });

  it('stops cleanly on Ctrl-C (SIGINT)', async () => {
    const { studio } = await ready();
    studio.child.kill('SIGINT');
    const code = await studio.exited;
    expect(code).toBe(130);
    expect(studio.output()).toContain('studio: stopped');
    await expect(get(studio.url, new URL(studio.url).host)).rejects.toThrow();
  });
});

describe('studio as static files (no server)', { timeout: 120_000 }, () => {
  it('opens from a file:// URL, runs the checks in the browser and evaluates a shipped example', async () => {
    const { buildStudio } = (await import(pathToFileURL(join(root, 'scripts/build-studio.mjs')).href)) as { buildStudio(o: { outdir: string }): Promise<unknown> };
    const outdir = mkdtempSync(join(tmpdir(), 'cp-studio-static-'));
    await buildStudio({ outdir });
    const browser = await chromium.launch({ ...(await chromiumLaunch()), headless: true });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await page.goto(`${pathToFileURL(join(outdir, 'index.html')).href}?lang=en`);
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.textContent('.cm-content')).toContain('playbook: retail');
      expect(await page.isVisible('#open')).toBe(true); // files come through the browser
      await page.waitForFunction(() => document.getElementById('summary')?.dataset['errors'] === '0');
      await page.selectOption('#pick-example', example);
      await page.waitForSelector('#steps li');
      const complaint = JSON.parse(readFileSync(join(root, 'examples', example), 'utf8')) as unknown;
      const rec = await loadRetail().evaluate(complaint, { locale: 'en' });
      expect(await page.$$eval('#steps li', (lis) => lis.map((li) => li.getAttribute('data-id')))).toEqual(rec.responses.map((r) => r.id));
    } finally {
      await browser.close();
    }
  });
});
