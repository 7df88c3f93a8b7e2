// The core runs in a browser: src/index.ts bundled by esbuild for the browser platform, loaded into
// headless Chromium, evaluating the minimal fixture playbook there. No network: the page is set
// from a string. Chromium: CHROMIUM_PATH, else a system one (/usr/bin/chromium), else the one the
// npm package @sparticuz/chromium unpacks to /tmp, so `npm ci && npm test` needs nothing from apt.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlaybook } from 'complaint-playbook';
import { chromiumLaunch } from './helpers/chromium.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const yaml = readFileSync(`${root}tests/fixtures/valid/minimal.yaml`, 'utf8');

// Late on a Friday in Shanghai, an impatient customer, a safety risk.
const complaint = {
  id: 'B-1',
  receivedAt: '2026-11-20T17:45:00+08:00',
  category: 'product.quality',
  customer: { name: 'Ms Li', emotion: 'angry', signals: ['impatient'] },
  risk: ['safety'],
};

interface PageResult {
  ok: boolean;
  error?: string;
  name?: string;
  recommendation?: unknown;
}

/** The function run inside the page: load the playbook from its text and evaluate. */
async function evaluateInPage(args: { yaml: string; complaint: unknown }): Promise<PageResult> {
  const api = (globalThis as unknown as { ComplaintPlaybook: typeof import('complaint-playbook') }).ComplaintPlaybook;
  try {
    const playbook = api.loadPlaybook(args.yaml, { filename: 'minimal.yaml' });
    return { ok: true, recommendation: await playbook.evaluate(args.complaint, { locale: 'en' }) };
  } catch (error) {
    return { ok: false, name: (error as Error).name, error: String(error) };
  }
}

interface Setup {
  browser: Browser;
  /** The core as one browser script defining `ComplaintPlaybook`. */
  bundle: string;
}

// Set up on first use, from inside the tests: a missing Chromium then fails each test with the
// message below (a throwing beforeAll would only mark them skipped).
let setup: Promise<Setup> | undefined;
function ready(): Promise<Setup> {
  setup ??= (async () => {
    const built = await build({
      // CP_TEST_DIST=1: the built core, as a bundler would take it from the package.
      entryPoints: [process.env['CP_TEST_DIST'] ? `${root}dist/index.js` : `${root}src/index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'ComplaintPlaybook',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'error',
    });
    const browser = await chromium.launch({ ...(await chromiumLaunch()), headless: true });
    return { browser, bundle: built.outputFiles[0]!.text };
  })();
  return setup;
}

afterAll(async () => {
  const done = await setup?.catch(() => undefined);
  await done?.browser.close();
});

async function pageWith(html: string, timezoneId: string): Promise<Page> {
  const { browser, bundle } = await ready();
  const context = await browser.newContext({ timezoneId, javaScriptEnabled: true });
  const page = await context.newPage();
  await page.setContent(html);
  await page.addScriptTag({ content: bundle });
  return page;
}

describe('the core in headless Chromium', { timeout: 60_000 }, () => {
  it('loads a playbook from YAML text and recommends, exactly as in Node', async () => {
    // A zone far from the playbook's: deadlines must not depend on the host's time zone.
    const page = await pageWith('<!doctype html><title>agent desk</title>', 'America/New_York');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const result = await page.evaluate(evaluateInPage, { yaml, complaint });
    expect(result.error).toBeUndefined();
    const rec = result.recommendation as Awaited<ReturnType<ReturnType<typeof loadPlaybook>['evaluate']>>;
    expect(rec.customerType?.id).toBe('dominance');
    expect(rec.escalation.level).toBe('manager');
    expect(rec.escalation.source).toBe('safety');
    expect(rec.commitments.map((c) => [c.kind, c.due])).toEqual([
      ['acknowledge', '2026-11-20T18:15:00+08:00'], // 30 minutes, calendar time
      ['resolve', '2026-11-23T18:00:00+08:00'], // close of the next business day: Monday
    ]);
    expect(rec.responses.map((r) => r.text)).toEqual(['Ms Li, we are very sorry for the trouble.', 'Please calm down; I fully understand how you feel.']);

    const inNode = await loadPlaybook(yaml, { filename: 'minimal.yaml' }).evaluate(complaint, { locale: 'en' });
    expect(rec).toEqual(JSON.parse(JSON.stringify(inNode)));
    await page.context().close();
  });

  it('reports playbook problems in the page with their codes and positions', async () => {
    const page = await pageWith('<!doctype html><title>editor</title>', 'UTC');
    const broken = yaml.replace('respond: [apology]', 'respond: [apolgy]');
    const problems = await page.evaluate((source) => {
      const api = (globalThis as unknown as { ComplaintPlaybook: typeof import('complaint-playbook') }).ComplaintPlaybook;
      return api.validatePlaybook(source, { filename: 'minimal.yaml' }).problems.map((p) => [p.code, p.line, p.suggestion]);
    }, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('[apolgy]')) + 1;
    expect(problems).toEqual([['UNKNOWN_RESPONSE', line, 'apology']]);
    await page.context().close();
  });

  it("runs under a strict Content Security Policy, without 'unsafe-eval': no code is generated at run time", async () => {
    // Page scripts, not page.evaluate: Playwright's own evaluation is exempt from the page's CSP.
    // Only scripts carrying the nonce run; eval and new Function are refused.
    const nonce = 'c3RyaWN0LWNzcA';
    const inline = (code: string) => `<script nonce="${nonce}">${code.replaceAll('</script', '<\\/script')}</script>`;
    const probe = `window.codeGeneration = (() => { try { return String(new Function('return "allowed"')()); } catch (e) { return e.name; } })();`;
    const { browser, bundle } = await ready();
    const run = async (head: string): Promise<{ result: PageResult; codeGeneration: string }> => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent(`<!doctype html>${head}
        ${inline(probe)}
        ${inline(bundle)}
        ${inline(`window.result = (${evaluateInPage.toString()})(${JSON.stringify({ yaml, complaint })});`)}`);
      const result = await page.evaluate(() => (globalThis as unknown as { result: Promise<PageResult> }).result);
      const codeGeneration = await page.evaluate(() => (globalThis as unknown as { codeGeneration: string }).codeGeneration);
      await context.close();
      return { result, codeGeneration };
    };
    const open = await run('');
    expect(open.codeGeneration).toBe('allowed');
    const strict = await run(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">`);
    // The policy is in force: the page itself cannot generate code.
    expect(strict.codeGeneration).toBe('EvalError');
    expect(strict.result.error).toBeUndefined();
    expect(strict.result).toMatchObject({ ok: true, recommendation: { escalation: { level: 'manager' } } });
    expect(strict.result.recommendation).toEqual(open.result.recommendation);
  });
});
