import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ComplaintError, EvaluationError, loadPlaybook, type Complaint } from 'complaint-playbook';

const minimalSource = readFileSync(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8');
const minimal = loadPlaybook(minimalSource);
// Friday 17:45 in Shanghai: 15 business minutes are left that day.
const friday = '2026-11-20T17:45:00+08:00';
const base: Complaint = { id: 'T-1', receivedAt: friday, category: 'product.quality' };

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('stages', () => {
  it('falls back to the default outcome and says so in the trace', async () => {
    const rec = await minimal.evaluate(base);
    expect([rec.customerType.id, rec.demand.reasonableness, rec.resolvability.tier]).toEqual(['unknown', 'reasonable', 'short-term']);
    expect(rec.trace.stages.map((s) => [s.stage, s.result, s.byDefault])).toEqual([
      ['customerType', 'unknown', true],
      ['demand', 'reasonable', true],
      ['resolvability', 'short-term', true],
    ]);
  });

  it('lets later stages and rules read earlier results as facts', async () => {
    const rec = await minimal.evaluate({ ...base, customer: { signals: ['impatient'] } });
    expect(rec.customerType.id).toBe('dominance');
    expect(rec.trace.rules.find((r) => r.id === 'dominance-fast')!.matched).toBe(true);
    expect(rec.trace.facts.customerType).toBe('dominance');
  });

  it('compares a fact with another fact', async () => {
    const excessive = await minimal.evaluate({ ...base, customer: { persistence: 2 }, demand: { amount: 500 }, loss: { amount: 10 } });
    expect(excessive.demand.reasonableness).toBe('excessive');
    const leaf = excessive.trace.stages[1]!.outcomes[0]!.conditions as { all: Array<{ comparedValue?: unknown; factValue?: unknown }> };
    expect([leaf.all[0]!.factValue, leaf.all[0]!.comparedValue]).toEqual([500, 10]);
    const fine = await minimal.evaluate({ ...base, customer: { persistence: 2 }, demand: { amount: 5 }, loss: { amount: 10 } });
    expect(fine.demand.reasonableness).toBe('reasonable');
  });

  it('first hit policy: the first matching outcome wins; unique warns on overlap', async () => {
    const twoMatches = minimalSource.replace(
      '    - id: unknown\n      label: { zh-CN: 未知, en: Unknown }',
      '    - id: influence\n      label: { zh-CN: 影响型, en: Influence }\n      when: { fact: customer.signals, operator: contains, value: impatient }\n    - id: unknown\n      label: { zh-CN: 未知, en: Unknown }',
    );
    const first = loadPlaybook(twoMatches);
    const complaint = { ...base, customer: { signals: ['impatient'] } };
    const a = await first.evaluate(complaint);
    expect(a.customerType.id).toBe('dominance');
    expect(a.trace.stages[0]!.outcomes.map((o) => o.matched)).toEqual([true, true, false]);
    expect(a.trace.warnings).toEqual([]);
    const unique = loadPlaybook(twoMatches.replace('customerType:\n  outcomes:', 'customerType:\n  hitPolicy: unique\n  outcomes:'));
    const b = await unique.evaluate(complaint);
    expect(b.customerType.id).toBe('dominance');
    expect(b.trace.warnings.map((w) => [w.code, w.source])).toEqual([['UNIQUE_OVERLAP', 'customerType']]);
  });

  it('a stage without default and without a match gives null and a warning', async () => {
    const pb = loadPlaybook(minimalSource.replace('  default: unknown\n', '').replace("    - id: unknown\n      label: { zh-CN: 未知, en: Unknown }\n", ''));
    const rec = await pb.evaluate(base);
    expect(rec.customerType).toEqual({ id: null, label: null, approach: null });
    expect(rec.trace.warnings.map((w) => w.code)).toEqual(['STAGE_NO_MATCH']);
  });
});

describe('merging the actions of all matching rules', () => {
  const angry: Complaint = { ...base, customer: { signals: ['impatient'], name: '王女士' }, risk: ['safety'] };

  it('the highest escalation wins and the lowest level is the default', async () => {
    expect((await minimal.evaluate(base)).escalation).toEqual({ level: 'agent', label: '客服', reason: null, source: null, maxCompensation: 200 });
    const rec = await minimal.evaluate(angry, { locale: 'en' });
    expect(rec.escalation).toEqual({ level: 'manager', label: 'Manager', reason: 'Safety risk', source: 'safety' });
  });

  it('the earliest deadline per kind wins, and commitments come in kind order', async () => {
    const rec = await minimal.evaluate(angry);
    expect(rec.commitments.map((c) => [c.kind, c.due, c.within, c.businessTime, c.source])).toEqual([
      ['acknowledge', '2026-11-20T18:15:00+08:00', '30m', false, 'dominance-fast'],
      ['resolve', '2026-11-23T18:00:00+08:00', '1d', true, 'dominance-fast'],
    ]);
    const calm = await minimal.evaluate(base);
    // 2 business hours from Friday 17:45: 15 minutes on Friday, then 1h45 from Monday 09:00.
    expect(calm.commitments.map((c) => [c.kind, c.due, c.source])).toEqual([['acknowledge', '2026-11-23T10:45:00+08:00', 'apologize-first']]);
    expect(calm.commitments[0]!.text).toBe('我们会在2026-11-23 10:45前回复您');
  });

  it('responses are de-duplicated and ordered by stage; avoid, flags and route merge', async () => {
    const rec = await minimal.evaluate(angry, { locale: 'en' });
    expect(rec.responses.map((r) => [r.stage, r.id])).toEqual([
      ['apologize', 'apology'],
      ['soothe', 'soothe'],
    ]);
    expect(rec.responses[0]!.text).toBe('王女士, we are very sorry for the trouble.');
    expect(rec.avoid.map((a) => a.id)).toEqual(['excuse-words']);
    expect(rec.flags).toEqual(['safety']);
    // The first matching rule that routes wins.
    expect(rec.route).toEqual({ department: 'customer-service', label: 'Customer service' });
  });

  it('escalates by amount to the lowest level whose limit covers the demand', async () => {
    const rec = await minimal.evaluate({ ...base, demand: { type: 'refund', amount: 600 } }, { locale: 'en' });
    expect([rec.escalation.level, rec.escalation.source]).toEqual(['supervisor', 'authority-limit']);
    expect(rec.escalation.reason).toContain('600');
    const within = await minimal.evaluate({ ...base, demand: { type: 'refund', amount: 200 } });
    expect(within.escalation.level).toBe('agent');
    const huge = await minimal.evaluate({ ...base, demand: { type: 'refund', amount: 1_000_000 } });
    expect(huge.escalation.level).toBe('manager');
    // An excessive demand is refused, not approved: no escalation by amount.
    const excessive = await minimal.evaluate({ ...base, customer: { persistence: 3 }, demand: { amount: 600 }, loss: { amount: 1 } });
    expect([excessive.demand.reasonableness, excessive.escalation.level]).toEqual(['excessive', 'agent']);
  });
});

describe('texts and locales', () => {
  it.each([
    [undefined, undefined, 'zh-CN'],
    ['en', undefined, 'en'],
    ['en-GB', undefined, 'en'],
    ['fr', undefined, 'zh-CN'],
    [undefined, 'en', 'en'],
    ['zh-CN', 'en', 'zh-CN'],
  ])('option %s, complaint %s → %s', async (option, complaintLocale, expected) => {
    const rec = await minimal.evaluate({ ...base, ...(complaintLocale ? { locale: complaintLocale } : {}) }, option ? { locale: option } : {});
    expect(rec.locale).toBe(expected);
  });

  it('uses the placeholder fallback when the field is missing', async () => {
    const rec = await minimal.evaluate(base, { locale: 'en' });
    expect(rec.responses[0]!.text).toBe('Hello, we are very sorry for the trouble.');
    expect(rec.trace.warnings).toEqual([]);
  });

  it('inserts complaint text verbatim: no placeholder or markup gets evaluated', async () => {
    const rec = await minimal.evaluate({ ...base, customer: { name: '{customer.emotion}<b>x</b>', emotion: 'angry' } }, { locale: 'en' });
    expect(rec.responses[0]!.text).toBe('{customer.emotion}<b>x</b>, we are very sorry for the trouble.');
  });
});

describe('determinism and time', () => {
  it('counts from now when the complaint has no receivedAt', async () => {
    const rec = await minimal.evaluate({ id: 'T-2' }, { now: '2026-11-23T09:00:00+08:00' });
    expect(rec.commitments[0]!.due).toBe('2026-11-23T11:00:00+08:00');
    const fromDate = await minimal.evaluate({ id: 'T-2' }, { now: new Date('2026-11-23T01:00:00Z') });
    expect(fromDate.commitments[0]!.due).toBe('2026-11-23T11:00:00+08:00');
  });

  it('gives deadlines in the playbook zone whatever the offset of receivedAt', async () => {
    const rec = await minimal.evaluate({ ...base, receivedAt: '2026-11-20T09:45:00Z' });
    expect(rec.commitments[0]!.due).toBe('2026-11-23T10:45:00+08:00');
  });

  it('is deterministic: the same inputs give the same recommendation', async () => {
    const c = { ...base, customer: { signals: ['impatient'] }, risk: ['safety'] };
    expect(await minimal.evaluate(c)).toEqual(await minimal.evaluate(c));
  });

  it('rejects a bad now option with a typed error', async () => {
    const error = await errorOf(minimal.evaluate({ id: 'x' }, { now: 'yesterday' }));
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe('INVALID_OPTION');
  });

  it('does not mutate the complaint', async () => {
    const c = { ...base, customer: { signals: ['impatient'] } };
    const copy = structuredClone(c);
    await minimal.evaluate(c);
    expect(c).toEqual(copy);
  });
});

describe('invalid complaints: every problem with its path', () => {
  it('lists all problems', async () => {
    const error = await errorOf(
      minimal.evaluate({ receivedAt: '2026-11-20 17:45', channel: 'fax', customer: { emotion: 'angy', previousComplaints: -1 }, demand: { amount: 'lots' }, handoffs: 1.5 }),
    );
    expect(error).toBeInstanceOf(ComplaintError);
    const problems = (error as ComplaintError).problems.map((p) => [p.code, p.path.join('.')]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['COMPLAINT_REQUIRED', ''],
        ['COMPLAINT_FORMAT', 'receivedAt'],
        ['COMPLAINT_ENUM', 'channel'],
        ['COMPLAINT_ENUM', 'customer.emotion'],
        ['COMPLAINT_VALUE', 'customer.previousComplaints'],
        ['COMPLAINT_TYPE', 'demand.amount'],
        ['COMPLAINT_TYPE', 'handoffs'],
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it.each([[null], [[]], ['text'], [42]])('rejects a non-object complaint %j', async (value) => {
    const error = await errorOf(minimal.evaluate(value));
    expect((error as ComplaintError).problems.map((p) => p.code)).toEqual(['COMPLAINT_NOT_AN_OBJECT']);
  });

  it('rejects NaN and Infinity amounts and a timestamp without offset', async () => {
    const error = await errorOf(minimal.evaluate({ id: 'x', receivedAt: '2026-11-20T17:45:00', demand: { amount: Number.NaN }, loss: { amount: Infinity } }));
    expect((error as ComplaintError).problems.map((p) => p.path.join('.')).sort()).toEqual(['demand.amount', 'loss.amount', 'receivedAt']);
  });
});

describe('edge cases found by review', () => {
  it('a receivedAt of exactly the epoch counts (not replaced by now)', async () => {
    const rec = await minimal.evaluate({ id: 'E0', receivedAt: '1970-01-01T00:00:00Z' }, { now: '2026-11-23T09:00:00+08:00' });
    expect(rec.commitments[0]!.due.startsWith('1970-01-')).toBe(true);
  });

  it('rejects a now outside the accepted range', async () => {
    const error = await errorOf(minimal.evaluate({ id: 'x' }, { now: '1850-01-07T10:00:00+01:00' }));
    expect((error as EvaluationError).code).toBe('INVALID_OPTION');
  });
});
