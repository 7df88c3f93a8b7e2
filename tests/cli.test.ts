import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin, cwd: root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const complaint = { id: 'C-1', receivedAt: '2026-11-20T17:45:00+08:00', category: 'product.quality' };

describe('evaluate', () => {
  it('prints the recommendation as JSON for a shipped playbook by name', async () => {
    const r = await run(['evaluate', 'examples/retail-fly-in-yogurt.json', '--playbook', 'retail']);
    expect(r.code).toBe(exitCodes.ok);
    const rec = JSON.parse(r.stdout);
    expect(rec.playbook.id).toBe('retail');
    expect(rec.escalation.level).toBe('manager');
    expect(r.stderr).toBe('');
  });

  it('reads the complaint from standard input and takes a playbook path', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--locale', 'en'], JSON.stringify(complaint));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).commitments[0].due).toBe('2026-11-23T10:45:00+08:00');
  });

  it('prints the text format with deadlines in local time', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'tests/fixtures/valid/minimal.yaml', '--format', 'text', '--locale', 'en'], JSON.stringify(complaint));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/acknowledge\s+2026-11-23 10:45/);
    expect(r.stdout).toContain('1. [apologize]');
  });

  it('reports an invalid complaint with file:line:column, path and caret; exit 1', async () => {
    const text = '{\n  "id": "C-2",\n  "channel": "fax"\n}\n';
    const r = await run(['evaluate', '-', '--playbook', 'tests/fixtures/valid/minimal.yaml'], text);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/^<stdin>:3:14: error COMPLAINT_ENUM: /);
    expect(r.stderr).toContain(' 3 |   "channel": "fax"');
    expect(r.stdout).toBe('');
  });

  it('reports malformed JSON with its position; exit 1', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'retail'], '{\n  "id": "x",\n}');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:3:1: error JSON_SYNTAX/);
  });

  it('reports an invalid playbook with positions; exit 1', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'tests/fixtures/invalid/unknown-response.yaml'], JSON.stringify(complaint));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown-response\.yaml:49:17: error UNKNOWN_RESPONSE: .*did you mean "apology"\?/);
    expect(r.stderr).toMatch(/\n +\| +\^\n/);
  });

  it.each([
    [['evaluate', 'x.json'], /needs --playbook/],
    [['evaluate', '--playbook', 'retail'], /^complaint-playbook evaluate error MISSING_ARGUMENT: missing <complaint\.json \| ->/],
    [['evaluate', 'x.json', '--playbook', 'nosuch'], /no shipped playbook has that name/],
    [['evaluate', 'x.json', '--playbook', 'retail', '--format', 'xml'], /error INVALID_VALUE: --format xml: must be one of text, json/],
    [['evaluate', 'x.json', '--playbook', 'retail', '--bogus'], /error UNKNOWN_OPTION: unknown option --bogus/],
    [['frobnicate'], /error UNKNOWN_COMMAND: unknown command "frobnicate"/],
    [[], /Usage:/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stderr + r.stdout).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing complaint file is invalid input (exit 1), not a crash', async () => {
    const r = await run(['evaluate', 'nope.json', '--playbook', 'retail']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nope.json: error READ_FAILED: cannot read the complaint: no such file or directory (ENOENT)\n');
  });

  it('a bad --now is reported without a stack trace', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'retail', '--now', 'soon'], JSON.stringify({ id: 'x' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error INVALID_OPTION: /);
  });
});

describe('validate', () => {
  it('accepts every shipped playbook', async () => {
    const r = await run(['validate', 'playbooks/retail.yaml', 'playbooks/banking.yaml', 'playbooks/telecom.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('prints every problem of every file and exits 1', async () => {
    const r = await run(['validate', 'tests/fixtures/invalid/bad-calendar.yaml', 'tests/fixtures/valid/minimal.yaml']);
    expect(r.code).toBe(1);
    const heads = r.stderr.split('\n').flatMap((l) => /^(\S+:\d+:\d+: \w+ \w+): /.exec(l)?.[1] ?? []);
    expect(heads).toEqual([
      'tests/fixtures/invalid/bad-calendar.yaml:7:13: error CALENDAR_TIMEZONE',
      'tests/fixtures/invalid/bad-calendar.yaml:9:26: error CALENDAR_INTERVAL',
      'tests/fixtures/invalid/bad-calendar.yaml:14:14: error CALENDAR_DATE',
    ]);
    expect(r.stdout).toContain('minimal.yaml: ok');
  });

  it.each([
    ['operator-case.yaml', 'SCHEMA_ENUM', 'startsWith', /:43:41: error SCHEMA_ENUM: .*did you mean "startsWith"\?/],
    ['unknown-placeholder.yaml', 'UNKNOWN_PLACEHOLDER', 'customer.name', /:72:20: error UNKNOWN_PLACEHOLDER: .*did you mean \{customer\.name\}\?/],
  ])('suggests the nearest name for %s (operator, placeholder)', async (file, code, suggestion, line) => {
    const text = await run(['validate', `tests/fixtures/invalid/${file}`]);
    expect(text.code).toBe(exitCodes.invalid);
    expect(text.stderr).toMatch(line);
    const json = await run(['validate', `tests/fixtures/invalid/${file}`, '--format', 'json']);
    const [report] = JSON.parse(json.stdout);
    expect(report.problems.map((p: { code: string; suggestion?: string }) => [p.code, p.suggestion])).toEqual([[code, suggestion]]);
  });

  it('reports a shape error and the semantic problems of the rest in the same run', async () => {
    const r = await run(['validate', 'tests/fixtures/invalid/shape-and-semantics.yaml', '--format', 'json']);
    expect(r.code).toBe(exitCodes.invalid);
    const [report] = JSON.parse(r.stdout);
    expect(report.problems.map((p: { code: string; line: number; suggestion?: string }) => [p.code, p.line, p.suggestion])).toEqual([
      ['SCHEMA_TYPE', 19, undefined],
      ['UNKNOWN_DEPARTMENT', 63, 'quality'],
      ['UNKNOWN_RESPONSE', 64, 'soothe'],
    ]);
  });

  it('--format json gives machine-readable problems', async () => {
    const r = await run(['validate', 'tests/fixtures/invalid/unknown-level.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems.map((p: { code: string; line: number; column: number }) => [p.code, p.line, p.column])).toEqual([['UNKNOWN_LEVEL', 59, 23]]);
  });
});

describe('test', () => {
  it('runs the shipped playbook tests with full coverage', async () => {
    const r = await run(['test', 'playbooks', '--coverage', '--threshold', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout.match(/coverage 100%/g)).toHaveLength(3);
  });

  it('fails with expected and actual values and the deciding stage', async () => {
    const suite = 'tests/fixtures/tests/minimal-failing.test.yaml';
    const r = await run(['test', suite, '--format', 'text']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL dominance expected but unknown given');
    expect(r.stdout).toContain('customerType.id: expected "dominance", got "unknown"');
    expect(r.stdout).toContain('decided by: stage customerType: default unknown (no outcome matched)');
    expect(r.stdout).toMatch(/1 passed, 1 failed/);
  });

  it('exits 1 when coverage is below the threshold and lists what was never matched', async () => {
    const r = await run(['test', 'tests/fixtures/tests/minimal-failing.test.yaml', '--filter', 'passes', '--threshold', '90']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/never matched: .*rule:safety/);
  });
});

describe('examples', () => {
  const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.json'));
  it('has examples for every shipped playbook, among them the fly in the yogurt', () => {
    expect(examples).toContain('retail-fly-in-yogurt.json');
    for (const p of ['retail', 'banking', 'telecom']) expect(examples.some((f) => f.startsWith(`${p}-`))).toBe(true);
  });
  it.each(examples)('%s evaluates from the CLI', async (file) => {
    const playbook = file.split('-')[0]!;
    const r = await run(['evaluate', `examples/${file}`, '--playbook', playbook]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.complaintId).toBe(JSON.parse(readFileSync(`${root}examples/${file}`, 'utf8')).id);
    expect(rec.responses[0].stage).toBe('apologize');
    expect(rec.commitments.some((c: { kind: string }) => c.kind === 'acknowledge')).toBe(true);
    expect(rec.trace.warnings).toEqual([]);
  });
});

describe('encoding', () => {
  it.each([
    ['validate', ['validate'], 'playbook: caf\xe9\n', /:1:14: error ENCODING: the playbook is not valid UTF-8/],
    ['evaluate', ['evaluate', '--playbook', 'banking'], '{"id":"caf\xe9"}', /:1:11: error ENCODING: the complaint is not valid UTF-8/],
  ])('%s: a file that is not UTF-8 is an error with its position, exit 1', async (_name, argv, latin1, message) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/cp-enc-`)}/input`;
    writeFileSync(file, Buffer.from(latin1, 'latin1'));
    const r = await run(argv[0] === 'validate' ? ['validate', file] : ['evaluate', file, ...argv.slice(1)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
