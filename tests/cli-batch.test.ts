import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(argv: string[], io: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const full: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', cwd: root, ...io };
  return cli(argv, full).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const line = (id: string, extra: object = {}) => JSON.stringify({ id, receivedAt: '2026-11-20T10:00:00+01:00', category: 'service.fee', ...extra });

describe('evaluate --batch', () => {
  it('streams one recommendation per line, reports bad lines by number, and sums up', async () => {
    const input = [line('A'), '{oops', '', line('B', { channel: 'fax' }), line('C')].join('\n');
    const r = await run(['evaluate', '--batch', '-', '--playbook', 'banking'], { readStdin: async () => input });
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).complaintId)).toEqual(['A', 'C']);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.split(': ')[0] + ': ' + l.split(': ')[1])).toEqual([
      '<stdin>:2: error JSON_SYNTAX',
      '<stdin>:4: error COMPLAINT_INVALID',
      'batch: 5 line(s) read',
    ]);
    expect(r.stderr).toContain('5 line(s) read: 2 ok, 2 failed, 1 blank');
  });

  it('exits 0 when every line is fine, and --no-trace leaves the trace empty', async () => {
    const r = await run(['evaluate', '--batch', '-', '--playbook', 'banking', '--no-trace'], { stdinLines: async function* () { yield line('A'); yield line('B'); } });
    expect(r.code).toBe(0);
    const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs.map((x) => [x.complaintId, x.trace.rules.length])).toEqual([['A', 0], ['B', 0]]);
  });

  it('gives the same output with worker threads', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => line(`W${i}`, { demand: { type: 'refund', amount: i * 50 } }));
    const single = await run(['evaluate', '--batch', '-', '--playbook', 'banking'], { readStdin: async () => lines.join('\n') });
    const parallel = await run(['evaluate', '--batch', '-', '--playbook', 'banking', '--workers', '2'], { readStdin: async () => lines.join('\n') });
    expect(parallel.code).toBe(0);
    expect(parallel.stdout).toBe(single.stdout);
  }, 60_000);

  it('stops on abort, says so, and exits non-zero', async () => {
    const controller = new AbortController();
    async function* lines() {
      for (let i = 0; i < 1000; i++) {
        if (i === 5) controller.abort();
        yield line(`I${i}`);
      }
    }
    const r = await run(['evaluate', '--batch', '-', '--playbook', 'banking'], { stdinLines: lines, signal: controller.signal });
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(r.stderr).toMatch(/^batch interrupted: 5 line\(s\) read: 5 ok/m);
  });

  it.each([
    [['evaluate', '--batch', '-', '--playbook', 'banking', '--workers', '0'], /--workers must be/],
    [['evaluate', '--batch', '-', '--playbook', 'banking', '--format', 'text'], /writes JSON Lines/],
    [['evaluate', 'x.json', '--playbook', 'banking', '--workers', '2'], /apply to --batch/],
  ])('usage error %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stderr).toMatch(message);
  });

  it('a missing file is invalid input', async () => {
    const r = await run(['evaluate', '--batch', 'nope.jsonl', '--playbook', 'banking']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/^nope\.jsonl: error READ_FAILED: cannot read the complaints: no such file or directory \(ENOENT\)\n$/);
  });
});
