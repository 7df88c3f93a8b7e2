import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { containsTerm, EvaluationError, type Recommendation } from 'complaint-playbook';
import { checkReply, checkReplyFor, formatReplyCheck } from 'complaint-playbook/reply';
import { loadPlaybookFile, loadShippedPlaybook } from 'complaint-playbook/node';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = join(import.meta.dirname, '..');
const dir = join(import.meta.dirname, 'fixtures', 'replies');

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin, cwd: root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}
const cliArgs = ['--complaint', 'examples/replies/complaint.json', '--playbook', 'tests/fixtures/replies/desk.yaml', '--now', '2026-12-04T10:05:00+08:00'];
const playbook = await loadPlaybookFile(join(dir, 'desk.yaml'));
const complaints = JSON.parse(readFileSync(join(dir, 'complaints.json'), 'utf8')) as Record<string, Record<string, unknown>>;

interface Corpus {
  locale: string;
  now: string;
  cases: Array<{ name: string; complaint?: string; draft: string; expect: Array<[string, string, ('error' | 'warning')?]> }>;
}

const recs = new Map<string, Recommendation>();
async function recommendation(name: string, locale: string): Promise<Recommendation> {
  const key = `${name}/${locale}`;
  if (!recs.has(key)) recs.set(key, await playbook.evaluate(complaints[name], { locale }));
  return recs.get(key)!;
}

for (const file of ['zh-CN.yaml', 'en.yaml']) {
  const corpus = parse(readFileSync(join(dir, file), 'utf8')) as Corpus;
  describe(`reply corpus ${file}`, () => {
    it('has at least 40 drafts, good ones and every code among them', () => {
      expect(corpus.cases.length).toBeGreaterThanOrEqual(40);
      expect(corpus.cases.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(10);
      const codes = new Set(corpus.cases.flatMap((c) => c.expect.map((e) => e[0])));
      expect([...codes].sort()).toEqual(['AVOID_PHRASE', 'BLAME_CUSTOMER', 'CRITICISE_COLLEAGUE', 'GIFT_COMPENSATION', 'MISSING_DEADLINE', 'NO_APOLOGY', 'OVER_AUTHORITY', 'TURNING_AFTER_APOLOGY', 'UNCERTAIN_PROMISE', 'WRONG_DEADLINE']);
    });
    it.each(corpus.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const rec = await recommendation(c.complaint ?? 'short', corpus.locale);
      const { findings } = checkReply(c.draft, rec, { now: corpus.now, locale: corpus.locale });
      expect(findings.map((f) => [f.code, f.text])).toEqual(c.expect.map((e) => [e[0], e[1]]));
      c.expect.forEach((e, i) => {
        if (e[2]) expect(findings[i]!.severity).toBe(e[2]);
      });
      for (const f of findings) {
        expect(c.draft.slice(f.start, f.end)).toBe(f.text);
        expect(f.message.length).toBeGreaterThan(0);
      }
    });
  });
}

describe('checkReply', () => {
  it("says nothing against a draft made of the recommendation's own lines and deadlines", async () => {
    for (const name of Object.keys(complaints)) {
      for (const locale of ['zh-CN', 'en']) {
        const rec = await recommendation(name, locale);
        const draft = [...rec.responses.map((r) => r.text), ...rec.commitments.map((c) => c.text ?? '')].join(locale === 'en' ? '\n' : '');
        const { findings } = checkReply(draft, rec, { now: '2026-12-04T10:05:00+08:00' });
        expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.code}:${f.text}`)).toEqual([]);
      }
    }
  });

  it('writes its messages in the locale asked, English and Chinese', async () => {
    const rec = await recommendation('short', 'en');
    const en = checkReply("I'm sorry, but it is your fault.", rec, { now: '2026-12-04T10:05:00+08:00' });
    expect(en.locale).toBe('en');
    expect(en.findings.map((f) => f.code)).toEqual(['TURNING_AFTER_APOLOGY', 'BLAME_CUSTOMER', 'MISSING_DEADLINE']);
    expect(en.findings[0]!.message).toMatch(/^"but"/);
    const zhRec = await recommendation('short', 'zh-CN');
    const zh = checkReply('非常抱歉,不过这是您的错。', zhRec, { now: '2026-12-04T10:05:00+08:00' });
    expect(zh.locale).toBe('zh-CN');
    expect(zh.findings[0]!.message).toMatch(/^道歉之后紧跟「不过」/);
  });

  it('carries the avoid entry a finding belongs to, and leaves out ignored codes', async () => {
    const rec = await recommendation('short', 'zh-CN');
    const { findings } = checkReply('非常抱歉,不过您去找厂家吧。', rec, { now: '2026-12-04T10:05:00+08:00', ignore: ['MISSING_DEADLINE'] });
    expect(findings.map((f) => [f.code, f.avoid])).toEqual([
      ['TURNING_AFTER_APOLOGY', 'excuse-words'],
      ['AVOID_PHRASE', 'shift-to-manufacturer'],
    ]);
  });

  it('gives UTF-16 offsets past characters outside the BMP', async () => {
    const rec = await recommendation('short', 'zh-CN');
    const draft = '😔非常抱歉,不过𠀋这是系统的原因。';
    const { findings } = checkReply(draft, rec, { now: '2026-12-04T10:05:00+08:00', ignore: ['MISSING_DEADLINE'] });
    expect(findings.map((f) => [f.code, f.start, f.end])).toEqual([['TURNING_AFTER_APOLOGY', 7, 9]]);
  });

  it('refuses what it cannot read, with a code', async () => {
    const rec = await recommendation('short', 'en');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof EvaluationError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => checkReply(42 as unknown as string, rec))).toBe('INVALID_DRAFT');
    expect(code(() => checkReply('x'.repeat(20_001), rec))).toBe('INVALID_DRAFT');
    expect(code(() => checkReply('Sorry.', rec, { locale: 'fr' }))).toBe('INVALID_OPTION');
    expect(code(() => checkReply('Sorry.', rec, { now: 'yesterday' }))).toBe('INVALID_OPTION');
    expect(code(() => checkReply('Sorry.', {} as Recommendation))).toBe('INVALID_OPTION');
  });

  it('checks against the playbook and the complaint in one call, now defaulting to receipt', async () => {
    const result = await checkReplyFor('非常抱歉,我们会在今天10:30前给您初步答复。', playbook, complaints.short, { locale: 'zh-CN' });
    expect(result.recommendation.complaintId).toBe('R-SHORT');
    expect(result.findings).toEqual([]);
  });

  it('marks each finding under the draft in the text form', async () => {
    const rec = await recommendation('short', 'zh-CN');
    const draft = '非常抱歉,不过这是厂家的问题。\n我们会在12月9日前给您处理结果。\n';
    const text = formatReplyCheck(draft, checkReply(draft, rec, { now: '2026-12-04T10:05:00+08:00' }), 'draft.txt');
    const lines = text.split('\n');
    expect(lines[0]).toBe(' 1 | 非常抱歉,不过这是厂家的问题。');
    // 非常抱歉 is four wide characters, the comma one narrow: the marker starts 9 columns in.
    expect(lines[1]).toBe(`   | ${' '.repeat(9)}^^^^ error TURNING_AFTER_APOLOGY: 道歉之后紧跟「不过」:在客户眼里这是在找借口,之前的道歉就成了找借口的开场白。`);
    expect(text.trimEnd().split('\n').at(-1)).toBe('draft.txt: 2 个错误, 0 个警告');
  });
});

describe('containsTerm (the core matcher lint shares)', () => {
  it.each([
    ['难怪您会生气', '怪您', 'zh-CN', false],
    ['都怪您', '怪您', 'zh-CN', true],
    ['这不是您的错', '您的错', 'zh-CN', false],
    ['It is not your fault.', 'your fault', 'en', false],
    ["It's your fault.", 'your fault', 'en', true],
    ['Press the BUTTON', 'but', 'en', false],
    ['I’m sorry, BUT no.', 'but', 'en', true],
  ] as const)('%s / %s', (text, term, locale, found) => {
    expect(containsTerm(text, term, locale)).toBe(found);
  });
});

describe('the shipped playbooks and their examples', () => {
  // Depends on the shipped content: a line of a shipped playbook the checker calls an error is
  // either a line to rewrite or a checker to fix.
  it("no error against a draft made of the recommendation's own lines", async () => {
    const examples = readdirSync(join(root, 'examples')).filter((f) => /^(retail|banking|telecom)-.*\.json$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const shipped = await loadShippedPlaybook(file.split('-')[0]!);
      const complaint = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')) as { receivedAt: string };
      for (const locale of ['zh-CN', 'en']) {
        const rec = await shipped.evaluate(complaint, { locale });
        const draft = [...rec.responses.map((r) => r.text), ...rec.commitments.map((c) => c.text ?? '')].join('\n');
        const errors = checkReply(draft, rec, { now: complaint.receivedAt }).findings.filter((f) => f.severity === 'error');
        expect(errors.map((f) => `${file} ${locale} ${f.code}: ${f.text}`)).toEqual([]);
      }
    }
  });
});

describe('complaint-playbook check-reply', () => {
  it("the README's examples are real output, and errors exit 1", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const [file, locale] of [['draft.en.txt', 'en'], ['draft.zh-CN.txt', 'zh-CN']] as const) {
      const r = await run(['check-reply', `examples/replies/${file}`, ...cliArgs, '--locale', locale]);
      expect(r.code).toBe(exitCodes.invalid);
      expect(r.stderr).toBe('');
      expect(readme).toContain(r.stdout);
    }
  });

  it('reads the draft from standard input and prints JSON; warnings alone exit 0', async () => {
    const r = await run(['check-reply', '-', ...cliArgs, '--format', 'json'], '非常抱歉,给您带来了麻烦。我们会尽快处理。');
    expect(r.code).toBe(exitCodes.ok);
    const out = JSON.parse(r.stdout) as { file: string; locale: string; findings: Array<{ code: string; severity: string; start: number; end: number }> };
    expect(out.file).toBe('<stdin>');
    expect(out.locale).toBe('zh-CN');
    expect(out.findings.map((f) => [f.code, f.severity, f.start, f.end])).toEqual([['MISSING_DEADLINE', 'warning', 16, 18]]);
  });

  it('a good draft: no findings, exit 0', async () => {
    const r = await run(['check-reply', '-', ...cliArgs, '--locale', 'en'], "I'm sorry for the trouble. We will give you the result by 9 December.\n");
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('<stdin>: no findings');
  });

  it('says what is wrong with its input: usage, a missing file, a locale it cannot read, a draft too long', async () => {
    const usage = await run(['check-reply', '-', '--playbook', 'tests/fixtures/replies/desk.yaml']);
    expect(usage.code).toBe(exitCodes.usage);
    expect(usage.stderr).toMatch(/--complaint/);
    const missing = await run(['check-reply', 'no-such-draft.txt', ...cliArgs]);
    expect(missing.code).toBe(exitCodes.invalid);
    expect(missing.stderr).toMatch(/no-such-draft\.txt/);
    const french = await run(['check-reply', '-', ...cliArgs, '--locale', 'fr'], 'Désolé.');
    expect(french.code).toBe(exitCodes.invalid);
    expect(french.stderr).toMatch(/INVALID_OPTION/);
    const long = await run(['check-reply', '-', ...cliArgs], 'x'.repeat(20_001));
    expect(long.code).toBe(exitCodes.invalid);
    expect(long.stderr).toMatch(/INVALID_DRAFT/);
    for (const r of [usage, missing, french, long]) expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
