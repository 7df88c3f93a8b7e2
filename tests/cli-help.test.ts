import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffPlaybooks, loadPlaybook, validatePlaybook } from 'complaint-playbook';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';
import { commands } from '../src/cli/commands/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(argv: string[], options: { stdin?: string; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => options.stdin ?? '', cwd: options.cwd ?? root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const names = commands.map((c) => c.name);

describe('help, from each command’s declaration', () => {
  it.each(names.flatMap((name) => [[name, '--help'], [name, '-h'], ['help', name]]))('%s %s: that command’s usage, arguments, options, defaults and an example; exit 0', async (a, b) => {
    const r = await run([a, b]);
    const name = a === 'help' ? b : a;
    const spec = commands.find((c) => c.name === name)!;
    expect([r.code, r.stderr]).toEqual([exitCodes.ok, '']);
    expect(r.stdout).toMatch(new RegExp(`^Usage: complaint-playbook ${name} \\[options\\]`));
    for (const option of spec.options) expect(r.stdout).toContain(`--${option.name}`);
    for (const option of spec.options.filter((o) => o.default !== undefined)) expect(r.stdout).toContain(`default: ${option.default}`);
    expect(r.stdout).toContain(`Examples:\n  complaint-playbook ${spec.examples[0]}`);
    // the page of one command, not the whole usage
    for (const other of names.filter((n) => n !== name && !spec.examples.join(' ').includes(n))) expect(r.stdout).not.toMatch(new RegExp(`complaint-playbook ${other} `));
  });

  it('--lang zh-CN: the help in Chinese', async () => {
    const r = await run(['evaluate', '--help', '--lang', 'zh-CN']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toMatch(/^用法： complaint-playbook evaluate/);
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toMatch(/默认: json|默认:\s+json/);
  });

  it('every declared text exists in both languages', () => {
    for (const spec of commands) {
      for (const text of [spec.summary, ...spec.arguments.map((a) => a.description), ...spec.options.map((o) => o.description)]) {
        expect(text.en.length).toBeGreaterThan(0);
        expect(text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('no arguments: the general usage, exit 2; --version: exit 0', async () => {
    const none = await run([]);
    expect(none.code).toBe(exitCodes.usage);
    expect(none.stdout).toMatch(/^Usage: complaint-playbook \[options\] \[command\]/);
    for (const name of names) expect(none.stdout).toContain(`  ${name}`);
    const v = await run(['--version']);
    expect([v.code, v.stdout]).toEqual([exitCodes.ok, `${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}\n`]);
  });
});

describe('usage errors: one line, a suggestion, where to read more', () => {
  it.each([
    [['evaluate', 'x.json', '--playbok', 'retail'], 'UNKNOWN_OPTION', 'evaluate', /unknown option --playbok; did you mean --playbook\?/],
    [['evalute', 'x.json'], 'UNKNOWN_COMMAND', undefined, /unknown command "evalute"; did you mean evaluate\?/],
    [['lint', 'a.yaml', '--stirct'], 'UNKNOWN_OPTION', 'lint', /did you mean --strict\?/],
    [['test', '--format', 'xml'], 'INVALID_VALUE', 'test', /--format xml: must be one of text, json/],
    [['diff', 'a.yaml'], 'MISSING_ARGUMENT', 'diff', /missing <new\.yaml>/],
    [['evaluate', 'x.json'], 'MISSING_OPTION', 'evaluate', /evaluate needs --playbook/],
    [['evaluate', 'x.json', '--playbook'], 'MISSING_VALUE', 'evaluate', /--playbook <name \| file\.yaml> needs a value/],
  ] as const)('%j → %s', async (argv, code, command, message) => {
    const r = await run([...argv]);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line
    expect(r.stderr).toMatch(new RegExp(`^complaint-playbook ${command ? `${command} ` : ''}error ${code}: `));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`(see \`complaint-playbook ${command ? `${command} ` : ''}--help\`)`);
  });

  it('in Chinese with --lang zh-CN', async () => {
    const r = await run(['evaluate', 'x.json', '--playbok', 'retail', '--lang', 'zh-CN']);
    expect(r.stderr).toMatch(/^complaint-playbook evaluate error UNKNOWN_OPTION: 未知选项 --playbok；您是不是想输入 --playbook？ \(参见/);
  });

  // The checks the commands make after parsing: each has its code and a text in both languages.
  it.each([
    [['evaluate', 'x.json'], 'evaluate', 'MISSING_OPTION', 'evaluate 需要 --playbook <名称 | 文件.yaml>'],
    [['report', 'a.jsonl', 'b.jsonl', '--playbook', 'retail'], 'report', 'ARGUMENT_COUNT', 'report 只接受一个案例 JSON Lines 文件（或 - 表示标准输入）'],
    [['evaluate', 'x.jsonl', '--batch', '--playbook', 'retail', '--format', 'text'], 'evaluate', 'CONFLICTING_OPTIONS', 'evaluate --batch 输出 JSON Lines；--format text 只用于单个投诉'],
    [['evaluate', 'x.json', '--playbook', 'nosuch'], 'evaluate', 'INVALID_VALUE', '--playbook nosuch：没有这个名称的内置预案（内置：banking、retail、telecom）；自己的预案请给出 .yaml 文件路径'],
    [['track', 'case.json'], 'track', 'MISSING_OPTION', 'track 需要 --playbook <名称 | 文件.yaml>'],
    [['track', 'case.json', '--playbook', 'retail', '--now', '2026-11-20T10:00:00+08:00[Asia/Shanghai]'], 'track', 'INVALID_VALUE', '--now 2026-11-20T10:00:00+08:00[Asia/Shanghai]：不支持方括号中的时区后缀；请只写偏移量，例如 2026-11-20T10:00:00+08:00'],
    [['report', 'cases.jsonl'], 'report', 'MISSING_OPTION', 'report 需要 --playbook <名称 | 文件.yaml>'],
    [['report', '--merge', 'a.json', '--playbook', 'retail'], 'report', 'CONFLICTING_OPTIONS', 'report --merge 合并已完成的报告：--playbook 和 --now 属于生成这些报告的运行'],
    [['diff', 'a.yaml', 'b.yaml'], 'diff', 'MISSING_OPTION', 'diff 需要 --complaints <cases.jsonl>（每行一个 JSON 格式的投诉）'],
    [['test', 'playbooks', '--threshold', '120'], 'test', 'INVALID_VALUE', '--threshold 必须是 0 到 100 之间的百分比'],
    [['init', 'Bad_Name'], 'init', 'INVALID_VALUE', 'init Bad_Name：预案名称由小写字母、数字和连字符组成，并以字母开头'],
    [['check-reply', 'draft.txt', '--playbook', 'retail'], 'check-reply', 'MISSING_OPTION', 'check-reply 需要 --complaint <complaint.json>'],
    [['studio', 'notes.txt'], 'studio', 'INVALID_VALUE', 'notes.txt：studio 编辑的是预案 .yaml 文件'],
    [['completion', 'fish'], 'completion', 'INVALID_VALUE', 'completion fish：支持的 shell 是 bash 和 zsh'],
  ] as const)('%j --lang zh-CN → %s %s, in Chinese', async (argv, command, code, text) => {
    const zh = await run([...argv, '--lang', 'zh-CN']);
    expect(zh.code).toBe(exitCodes.usage);
    expect(zh.stderr).toBe(`complaint-playbook ${command} error ${code}: ${text} (参见 \`complaint-playbook ${command} --help\`)\n`);
    // The same mistake in English: the same code, no Chinese.
    const en = await run([...argv]);
    expect(en.code).toBe(exitCodes.usage);
    expect(en.stderr).toMatch(new RegExp(`^complaint-playbook ${command} error ${code}: [^\\u4e00-\\u9fff]+\\(see `));
  });
});

describe('completion, from the same declarations', () => {
  it.each(['bash', 'zsh'])('%s: every command, its options and the values of --format', async (shell) => {
    const r = await run(['completion', shell]);
    expect(r.code).toBe(exitCodes.ok);
    for (const spec of commands) {
      expect(r.stdout).toContain(spec.name);
      for (const option of spec.options) expect(r.stdout).toContain(`--${option.name}`);
    }
    expect(r.stdout).toMatch(/text json/);
    expect((await run(['completion', 'fish'])).code).toBe(exitCodes.usage);
  });
});

describe('nothing silent', () => {
  it('--locale fr: a trace warning and a line on stderr', async () => {
    const r = await run(['evaluate', 'examples/retail-fly-in-yogurt.json', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--locale', 'fr']);
    expect(r.code).toBe(exitCodes.ok);
    const rec = JSON.parse(r.stdout) as { locale: string; trace: { warnings: Array<{ code: string }> } };
    expect(rec.trace.warnings.map((w) => w.code)).toEqual(['LOCALE_FALLBACK']);
    expect(r.stderr).toMatch(/^warning LOCALE_FALLBACK: the playbook has no texts in fr/);
    const en = await run(['evaluate', 'examples/retail-fly-in-yogurt.json', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--locale', 'en-GB']);
    expect(JSON.parse(en.stdout).trace.warnings).toEqual([]);
  });

  it('a date both a holiday and a workday is an error at the workday', () => {
    const desk = readFileSync(`${root}tests/fixtures/yaml-structure/desk.yaml`, 'utf8').replace('    - 2026-10-02', '    - 2026-10-02\n  workdays: [2026-10-10, 2026-10-02]');
    const { problems } = validatePlaybook(desk);
    expect(problems.map((p) => [p.code, p.path.join('.'), p.line])).toEqual([['CALENDAR_DATE', 'calendar.workdays.1', 18]]);
  });

  it('diff compares flags, route, responses, avoid and wording too', async () => {
    const text = readFileSync(`${root}tests/fixtures/diff/old.yaml`, 'utf8');
    const before = loadPlaybook(text);
    const flagged = text.replace(/^rules:\n/m, 'rules:\n  - id: tag-all\n    then: { flag: [watch] }\n');
    expect(flagged).not.toBe(text);
    const report = await diffPlaybooks(before, loadPlaybook(flagged), ['{"id":"D-1","receivedAt":"2026-11-20T10:00:00+08:00","category":"product.quality"}']);
    expect(report.changed).toBe(1);
    expect(report.fields.filter((f) => f.changed).map((f) => f.field)).toEqual(['flags']);
    expect(report.fields.find((f) => f.field === 'flags')!.transitions[0]).toMatchObject({ from: '(none)', to: 'watch' });
  });

  it('test: unknown complaint fields and expect keys are warned with "did you mean"; lists show missing and extra', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-silent-'));
    writeFileSync(join(dir, 'desk.yaml'), readFileSync(`${root}tests/fixtures/valid/minimal.yaml`, 'utf8'));
    writeFileSync(
      join(dir, 'desk.test.yaml'),
      [
        'playbook: desk.yaml',
        'cases:',
        '  - name: misspelt',
        '    complaint: { id: T-1, receivedAt: "2026-11-20T10:00:00+08:00", custmer: { signals: [impatient] }, risk: [safety] }',
        '    expect: { escalaton: { level: manager }, flags: [safety, media] }',
        '',
      ].join('\n'),
    );
    // no arguments: the test files of the current folder, and it says what it ran
    const r = await run(['test'], { cwd: dir });
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stdout).toContain('warning TEST_UNKNOWN_COMPLAINT_FIELD: the complaint field "custmer" is not a complaint field and no fact of the playbook reads it; did you mean "customer"?');
    expect(r.stdout).toContain('warning TEST_UNKNOWN_EXPECT_KEY: "escalaton" is not a field of the recommendation; did you mean "escalation"?');
    expect(r.stdout).toContain('flags: missing "media"');
    expect(r.stdout).toMatch(/ran 1 test file\(s\) found in the current folder: desk\.test\.yaml; 1 case\(s\), 1 failed\n$/);
    const json = JSON.parse((await run(['test', '--format', 'json'], { cwd: dir })).stdout) as Array<{ cases: Array<{ warnings: Array<{ code: string; suggestion: string }>; mismatches: Array<{ path: string; missing?: string[]; extra?: string[] }> }> }>;
    expect(json[0]!.cases[0]!.warnings.map((w) => [w.code, w.suggestion])).toEqual([
      ['TEST_UNKNOWN_COMPLAINT_FIELD', 'customer'],
      ['TEST_UNKNOWN_EXPECT_KEY', 'escalation'],
    ]);
    expect(json[0]!.cases[0]!.mismatches.find((m) => m.path === 'flags')).toMatchObject({ missing: ['media'], extra: [] });
    const empty = await run(['test'], { cwd: mkdtempSync(join(tmpdir(), 'cp-empty-')) });
    expect([empty.code, empty.stderr]).toEqual([exitCodes.invalid, 'no *.test.yaml files in the current folder; give test files or folders, e.g. complaint-playbook test playbooks\n']);
  });

  it('lint recognises a test file and checks it as one', async () => {
    const r = await run(['lint', 'tests/fixtures/tests/minimal-failing.test.yaml', '--format', 'json']);
    expect(r.code).toBe(exitCodes.ok);
    expect(JSON.parse(r.stdout)).toEqual([{ file: 'tests/fixtures/tests/minimal-failing.test.yaml', kind: 'test', errors: 0, warnings: 0, problems: [] }]);
  });

  it('--format text: the frame follows the recommendation’s locale', async () => {
    const zh = await run(['evaluate', 'examples/retail-fly-in-yogurt.json', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--format', 'text', '--locale', 'zh-CN']);
    expect(zh.stdout).toContain('按顺序这样说：');
    expect(zh.stdout).not.toContain('What to say');
    const en = await run(['evaluate', 'examples/retail-fly-in-yogurt.json', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--format', 'text', '--locale', 'en']);
    expect(en.stdout).toContain('What to say, in order:');
  });
});

describe('install', () => {
  it('no locked package asks for a newer Node than the engines field allows (EBADENGINE on Node 20)', () => {
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as { packages: Record<string, { engines?: { node?: string }; dev?: boolean; optional?: boolean }> };
    const wanting = Object.entries(lock.packages)
      .filter(([, p]) => typeof p.engines?.node === 'string' && /^>=\s*(2[1-9]|[3-9]\d)/.test(p.engines.node.trim()) && !p.optional)
      .map(([name]) => name);
    expect(wanting).toEqual([]);
  });
});

describe('isComplaintPlaybookError', () => {
  it('narrows to a type with its code', async () => {
    const { isComplaintPlaybookError, loadPlaybook } = await import('complaint-playbook');
    const { expectTypeOf } = await import('vitest');
    try {
      loadPlaybook('playbook: [');
    } catch (e) {
      expect(isComplaintPlaybookError(e)).toBe(true);
      if (isComplaintPlaybookError(e)) {
        expectTypeOf(e.code).toBeString();
        expect(e.code).toBe('PLAYBOOK_INVALID');
      }
    }
  });
});
