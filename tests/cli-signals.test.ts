import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real binary in a real process: SIGINT and a closed pipe stop a batch cleanly.
const root = fileURLToPath(new URL('..', import.meta.url));
const line = (i: number) => JSON.stringify({ id: `S${i}`, receivedAt: '2026-11-20T10:00:00+01:00', category: 'service.fee' });

function startBatch() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'evaluate', '--batch', '-', '--playbook', 'banking', '--no-trace'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe('batch in a real process', () => {
  it('SIGINT: flushes what was finished, says where it stopped, exits 130', async () => {
    const run = startBatch();
    for (let i = 0; i < 3; i++) run.child.stdin.write(`${line(i)}\n`);
    // Wait until the three lines are out, then interrupt while stdin is still open.
    while (run.out().split('\n').filter(Boolean).length < 3) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect(code).toBe(130);
    expect(run.out().trim().split('\n').map((l) => JSON.parse(l).complaintId).slice(0, 3)).toEqual(['S0', 'S1', 'S2']);
    expect(run.err()).toMatch(/batch interrupted: \d+ line\(s\) read/);
    expect(run.err()).not.toMatch(/\n\s+at /);
  });

  it('a closed output pipe stops the run with a message and a non-zero exit', async () => {
    const run = startBatch();
    run.child.stdout.destroy();
    for (let i = 0; i < 200; i++) run.child.stdin.write(`${line(i)}\n`);
    run.child.stdin.end();
    const code = await run.exit;
    expect(code).not.toBe(0);
    expect(run.err()).toMatch(/output pipe was closed|batch interrupted/);
    expect(run.err()).not.toMatch(/\n\s+at /);
  });
});
