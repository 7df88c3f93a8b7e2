import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLines, loadPlaybook, type BatchItem } from 'complaint-playbook';
import { evaluateLinesParallel } from 'complaint-playbook/node';

const source = readFileSync(new URL('../playbooks/banking.yaml', import.meta.url), 'utf8');
const playbook = loadPlaybook(source, { filename: 'banking.yaml' });
const complaint = (i: number) =>
  JSON.stringify({
    id: `B-${i}`,
    receivedAt: `2026-03-${String(20 + (i % 8)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:15:00+01:00`,
    category: ['service.waiting', 'service.fee', 'staff.attitude'][i % 3],
    customer: { emotion: ['calm', 'upset', 'angry', 'furious'][i % 4], signals: i % 5 === 0 ? ['impatient'] : [] },
    demand: i % 2 ? { type: 'refund', amount: (i * 37) % 1500 } : { type: 'apology' },
    handoffs: i % 3,
  });

async function collect<T, R>(gen: AsyncGenerator<T, R>): Promise<{ items: T[]; summary: R }> {
  const items: T[] = [];
  for (;;) {
    const step = await gen.next();
    if (step.done) return { items, summary: step.value };
    items.push(step.value);
  }
}

describe('evaluateLines', () => {
  it('reports bad lines with their numbers and goes on; the totals add up', async () => {
    const lines = [complaint(1), '{ not json', '', JSON.stringify({ id: 'x', channel: 'fax' }), '[]', complaint(2)];
    const { items, summary } = await collect(evaluateLines(playbook, lines, { now: '2026-03-20T10:00:00+01:00' }));
    expect(items.map((i) => [i.line, i.ok, i.ok ? i.recommendation.complaintId : i.error.code])).toEqual([
      [1, true, 'B-1'],
      [2, false, 'JSON_SYNTAX'],
      [4, false, 'COMPLAINT_INVALID'],
      [5, false, 'COMPLAINT_INVALID'],
      [6, true, 'B-2'],
    ]);
    const invalid = items[2] as Extract<BatchItem, { ok: false }>;
    expect(invalid.error.problems!.map((p) => p.path.join('.'))).toEqual(['channel']);
    expect(summary).toEqual({ lines: 6, ok: 2, failed: 3, blank: 1 });
    expect(summary.ok + summary.failed + summary.blank).toBe(summary.lines);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const gen = evaluateLines(playbook, (function* () {
      for (let i = 0; i < 100; i++) {
        if (i === 3) controller.abort();
        yield complaint(i);
      }
    })(), { signal: controller.signal });
    const { summary } = await collect(gen);
    expect(summary.lines).toBe(3);
  });
});

describe('evaluateLinesParallel', () => {
  it('gives the same results in input order as the sequential path', async () => {
    const lines = Array.from({ length: 700 }, (_, i) => (i === 123 ? 'garbage' : complaint(i)));
    const { items, summary } = await collect(evaluateLinesParallel(lines, { source, filename: 'banking.yaml', workers: 2, chunkSize: 50 }));
    expect(summary).toEqual({ lines: 700, ok: 699, failed: 1, blank: 0 });
    expect(items.map((i) => i.line)).toEqual(Array.from({ length: 700 }, (_, i) => i + 1));
    const sequential = await collect(evaluateLines(playbook, lines));
    const expected = sequential.items.map((i) => (i.ok ? JSON.stringify(i.recommendation) : i.error.code));
    expect(items.map((i) => (i.ok ? i.json : i.error.code))).toEqual(expected);
  }, 60_000);
});

describe('untilAborted', () => {
  it('holds at most one abort listener at a time over many lines (no per-line build-up)', async () => {
    const { EventEmitter } = await import('node:events');
    const { untilAborted } = await import('../src/batch/batch.js');
    const controller = new AbortController();
    let seen = 0;
    let most = 0;
    async function* source() {
      for (let i = 0; i < 2000; i++) yield String(i);
    }
    for await (const _ of untilAborted(source(), controller.signal)) {
      seen++;
      most = Math.max(most, EventEmitter.getEventListeners(controller.signal, 'abort').length);
    }
    expect([seen, most]).toEqual([2000, 0]);
  });
});
