import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffFields, diffPlaybooks, formatDiffReport, loadPlaybook, type DiffReport } from 'complaint-playbook';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => `${root}tests/fixtures/diff/${name}`;
const before = loadPlaybook(readFileSync(fixture('old.yaml'), 'utf8'));
const after = loadPlaybook(readFileSync(fixture('new.yaml'), 'utf8'));

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin, cwd: root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const changes = (report: DiffReport) => Object.fromEntries(report.fields.filter((f) => f.changed).map((f) => [f.field, f.transitions.map((t) => `${t.from} → ${t.to} ×${t.count} @${t.examples.map((e) => e.line).join(',')}`)]));
const totalsAddUp = (r: DiffReport) => r.blank + r.unchanged + r.changed + r.skipped === r.lines;

describe('diffPlaybooks', () => {
  it('re-evaluates every complaint with both versions and reports each changed field, streamed from a file', async () => {
    const lines = createInterface({ input: createReadStream(fixture('cases.jsonl')), crlfDelay: Infinity });
    const report = await diffPlaybooks(before, after, lines);
    expect([report.lines, report.changed, report.unchanged, report.skipped, report.blank]).toEqual([8, 4, 1, 2, 1]);
    expect(totalsAddUp(report)).toBe(true);
    expect(changes(report)).toEqual({
      customerType: ['unknown → dominance ×1 @3'],
      reasonableness: ['excessive → reasonable ×1 @2'],
      wording: ['(none) → The amount asked for (800) exceeds the approval limit of Agent (200); Superviso… ×1 @2'],
      escalation: ['agent → supervisor ×1 @2', 'supervisor → manager ×1 @5'],
      'commitments.resolve': ['3d → 2d ×3 @1,2,5'],
    });
    expect(report.fields.find((f) => f.field === 'commitments.resolve')!.transitions[0]!.examples[0]).toEqual({
      line: 1,
      complaintId: 'D-1',
      from: '2026-11-25T18:00:00+08:00',
      to: '2026-11-24T18:00:00+08:00',
    });
    expect(report.skippedLines.map((s) => [s.line, s.code])).toEqual([
      [6, 'JSON_SYNTAX'],
      [7, 'COMPLAINT_INVALID'],
    ]);
    expect(report.fields.map((f) => f.field)).toEqual(diffFields);
  });

  it('takes a plain iterable too; the same playbook on both sides changes nothing', async () => {
    const lines = readFileSync(fixture('cases.jsonl'), 'utf8').split('\n');
    const report = await diffPlaybooks(before, before, lines);
    // the file ends with a newline, so split() gives one more (blank) line than readline
    expect([report.lines, report.changed, report.unchanged, report.skipped, report.blank]).toEqual([9, 0, 5, 2, 2]);
    expect(report.fields.every((f) => f.changed === 0 && f.transitions.length === 0)).toBe(true);
  });

  it('streams: lines come from an async generator, counted as they arrive; examples are capped', async () => {
    let produced = 0;
    async function* many() {
      for (let i = 1; i <= 200; i++) {
        produced++;
        yield JSON.stringify({ id: `M-${i}`, receivedAt: '2026-11-20T10:00:00+08:00', demand: { amount: 600 + (i % 3) } });
      }
    }
    const report = await diffPlaybooks(before, after, many(), { maxExamples: 2 });
    expect(produced).toBe(200);
    expect([report.lines, report.changed]).toEqual([200, 200]);
    const reasonableness = report.fields.find((f) => f.field === 'reasonableness')!;
    expect(reasonableness.transitions).toHaveLength(1);
    expect(reasonableness.transitions[0]!.count).toBe(200);
    expect(reasonableness.transitions[0]!.examples.map((e) => e.complaintId)).toEqual(['M-1', 'M-2']);
  });

  it('skips what it cannot compare, with the line number, and counts every line', async () => {
    const lines = ['\uFEFF{"id":"B-1","receivedAt":"2026-11-20T10:00:00+08:00"}', 'not json', '[1,2]', '{"id":""}', '   ', '{"id":"B-6","receivedAt":"2026-11-20T10:00:00+08:00"}'];
    const report = await diffPlaybooks(before, after, lines, { maxSkippedListed: 2 });
    expect([report.lines, report.skipped, report.blank, report.unchanged, report.changed]).toEqual([6, 3, 1, 0, 2]);
    expect(report.skippedLines.map((s) => [s.line, s.code])).toEqual([
      [2, 'JSON_SYNTAX'],
      [3, 'COMPLAINT_INVALID'],
    ]);
    expect(totalsAddUp(report)).toBe(true);
  });

  it('uses one evaluation time for complaints without receivedAt, so they compare equal', async () => {
    const report = await diffPlaybooks(before, before, ['{"id":"N-1"}', '{"id":"N-2"}']);
    expect(report.unchanged).toBe(2);
    const fixed = await diffPlaybooks(before, after, ['{"id":"N-1"}'], { now: '2026-11-20T10:00:00+08:00' });
    expect(fixed.fields.find((f) => f.field === 'commitments.resolve')!.transitions[0]!.examples[0]!.to).toBe('2026-11-24T18:00:00+08:00');
  });

  it('formats totals, transitions with examples, and skipped lines', async () => {
    const report = await diffPlaybooks(before, after, readFileSync(fixture('cases.jsonl'), 'utf8').trimEnd().split('\n'));
    const text = formatDiffReport(report, { before: 'old', after: 'new' });
    expect(text).toContain('old → new\n8 line(s): 4 changed, 1 unchanged, 2 skipped, 1 blank\n');
    expect(text).toContain('\nescalation: 2 changed\n  agent → supervisor    1  e.g. line 2 (D-2)\n  supervisor → manager  1  e.g. line 5 (D-5)\n');
    expect(text).toContain('\nskipped 2 line(s): the old version failed on 1, the new version on 1, 1 could not be read:\n  line 6: JSON_SYNTAX: ');
    expect(text).toContain('\n  line 7: COMPLAINT_INVALID (both versions): ');
    expect([report.failedBefore, report.failedAfter, report.unreadable]).toEqual([1, 1, 1]);
  });
});

describe('complaint-playbook diff', () => {
  it('prints the report as text; exit 1 because some lines could not be compared, saying by which version', async () => {
    const r = await run(['diff', 'tests/fixtures/diff/old.yaml', 'tests/fixtures/diff/new.yaml', '--complaints', 'tests/fixtures/diff/cases.jsonl']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toBe('diff: 2 line(s) could not be compared (old version failed: 1, new version failed: 1, unreadable: 1)\n');
    expect(r.stdout).toMatch(/^tests\/fixtures\/diff\/old\.yaml \(shop 1\.0\.0\) → tests\/fixtures\/diff\/new\.yaml \(shop 1\.1\.0\)\n8 line\(s\): 4 changed, 1 unchanged, 2 skipped, 1 blank\n/);
    expect(r.stdout).toContain('  line 7: COMPLAINT_INVALID (both versions): ');
  });

  it('--format json; complaints from standard input; shipped playbooks by name', async () => {
    const stdin = `${JSON.stringify({ id: 'S-1', receivedAt: '2026-11-20T10:00:00+08:00' })}\n{oops\n`;
    const r = await run(['diff', 'retail', 'retail', '--complaints', '-', '--format', 'json'], stdin);
    expect(r.code).toBe(exitCodes.invalid);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect([report.lines, report.unchanged, report.skipped]).toEqual([2, 1, 1]);
    expect(report.skippedLines[0]!.line).toBe(2);
  });

  it("the README's example is real output", async () => {
    const r = await run(['diff', 'tests/fixtures/diff/old.yaml', 'tests/fixtures/diff/new.yaml', '--complaints', 'tests/fixtures/diff/cases.jsonl']);
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('  3d → 2d'));
    expect(lines).toHaveLength(15);
    for (const line of lines) expect(readme).toContain(`${line}\n`);
  });

  it('reports an invalid playbook with its position; exit 1', async () => {
    const r = await run(['diff', 'tests/fixtures/diff/old.yaml', 'tests/fixtures/invalid/unknown-level.yaml', '--complaints', 'tests/fixtures/diff/cases.jsonl']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/unknown-level\.yaml:59:23: error UNKNOWN_LEVEL/);
  });

  it('a missing complaints file is invalid input (exit 1)', async () => {
    const r = await run(['diff', 'retail', 'retail', '--complaints', 'nope.jsonl']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toBe('nope.jsonl: error READ_FAILED: cannot read the complaints: no such file or directory (ENOENT)\n');
  });

  it.each([
    [['diff', 'retail', '--complaints', 'x.jsonl'], /error MISSING_ARGUMENT: missing <new\.yaml>/],
    [['diff', 'retail', 'banking'], /needs --complaints/],
    [['diff', 'retail', 'banking', '--complaints', 'x', '--examples', '-1'], /--examples/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stderr).toMatch(message);
  });
});
