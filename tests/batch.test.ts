import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLineJson, evaluateLines, evaluateLinesJson, loadPlaybook, type BatchItem } from 'complaint-playbook';
import { evaluateLinesParallel, nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';

const source = readFileSync(new URL('../playbooks/banking.yaml', import.meta.url), 'utf8');
// banking.yaml extends the shipped base: the Node resolver finds it.
const playbook = loadPlaybook(source, { filename: 'banking.yaml', resolve: nodeResolver(shippedPlaybooksDir()) });
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

describe('evaluateLinesJson', () => {
  const now = '2026-03-20T10:00:00+01:00';
  const asJson = (item: BatchItem) => (item.ok ? { line: item.line, ok: true, json: JSON.stringify(item.recommendation) } : item);

  it('yields what evaluateLines yields, serialized; failures and totals the same', async () => {
    const lines = [...Array.from({ length: 60 }, (_, i) => complaint(i)), '{ not json', '', JSON.stringify({ id: 'x', channel: 'fax' })];
    for (const trace of [true, false]) {
      const json = await collect(evaluateLinesJson(playbook, lines, { now, trace }));
      const objects = await collect(evaluateLines(playbook, lines, { now, trace }));
      expect(json.items).toEqual(objects.items.map(asJson));
      expect(json.summary).toEqual({ lines: 63, ok: 60, failed: 2, blank: 1 });
      expect(json.summary).toEqual(objects.summary);
    }
  });

  it('goes through evaluate when host facts are given', async () => {
    const facts = { 'transaction.otherBank': async () => true };
    const lines = [complaint(3), complaint(4)];
    const json = await collect(evaluateLinesJson(playbook, lines, { now, facts }));
    const objects = await collect(evaluateLines(playbook, lines, { now, facts }));
    expect(json.items).toEqual(objects.items.map(asJson));
  });

  it('evaluateLineJson never throws and keeps the line number', () => {
    expect(evaluateLineJson(playbook, '{"id": 7}', 12)).toMatchObject({ line: 12, ok: false, error: { code: 'COMPLAINT_INVALID' } });
    expect(evaluateLineJson(playbook, 'nope', 13)).toMatchObject({ line: 13, ok: false, error: { code: 'JSON_SYNTAX' } });
    const ok = evaluateLineJson(playbook, complaint(5), 14, { now });
    expect(ok.ok && JSON.parse(ok.json).complaintId).toBe('B-5');
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
