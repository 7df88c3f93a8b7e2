import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { EvaluationError, loadPlaybook } from 'complaint-playbook';

// The minimal playbook plus a declared host fact that a rule reads.
const source = readFileSync(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8')
  .replace('customerType:\n', 'facts:\n  crm.lifetimeValue: { type: number, description: from the CRM }\ncustomerType:\n')
  .replace(
    'responses:\n',
    `  - id: valuable-customer
    when: { fact: crm.lifetimeValue, operator: greaterThan, value: 10000 }
    then:
      escalate: { to: supervisor, reason: { zh-CN: 重要客户, en: Valuable customer } }
responses:
`,
  );
const playbook = loadPlaybook(source);
const complaint = { id: 'H-1', receivedAt: '2026-11-20T10:00:00+08:00' };

async function failure(p: Promise<unknown>): Promise<EvaluationError> {
  try {
    await p;
  } catch (e) {
    return e as EvaluationError;
  }
  throw new Error('expected a rejection');
}

describe('host-provided facts', () => {
  it('resolves an async fact once per evaluation and uses its value', async () => {
    const lookup = vi.fn(async (c: Readonly<Record<string, unknown>>) => (c.id === 'H-1' ? 50_000 : 0));
    const rec = await playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': lookup } });
    expect(rec.escalation).toMatchObject({ level: 'supervisor', source: 'valuable-customer' });
    expect(rec.trace.facts['crm.lifetimeValue']).toBe(50_000);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('does not call a provider for a fact the playbook does not read', async () => {
    const unused = vi.fn(() => 1);
    await playbook.evaluate(complaint, { facts: { 'crm.other': unused } });
    expect(unused).not.toHaveBeenCalled();
  });

  it('a provider that throws or rejects fails with FACT_FAILED naming the fact', async () => {
    for (const provider of [() => { throw new Error('CRM down'); }, async () => { throw new Error('CRM down'); }]) {
      const e = await failure(playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': provider } }));
      expect([e.constructor, e.code, e.fact]).toEqual([EvaluationError, 'FACT_FAILED', 'crm.lifetimeValue']);
    }
  });

  it('a provider that never settles fails with FACT_TIMEOUT within the timeout', async () => {
    const e = await failure(playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': () => new Promise(() => {}) }, factTimeoutMs: 20 }));
    expect([e.code, e.fact]).toEqual(['FACT_TIMEOUT', 'crm.lifetimeValue']);
  });

  it('uses the declared fallback when the provider fails or times out', async () => {
    const rec = await playbook.evaluate(complaint, {
      facts: { 'crm.lifetimeValue': { resolve: () => new Promise(() => {}), fallback: 20_000, timeoutMs: 10 } },
    });
    expect(rec.escalation.level).toBe('supervisor');
  });

  it('other evaluations in flight are unaffected by a hanging fact', async () => {
    const hanging = playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': () => new Promise(() => {}) }, factTimeoutMs: 50 });
    const fine = await playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': async () => 1 } });
    expect(fine.escalation.level).toBe('agent');
    expect((await failure(hanging)).code).toBe('FACT_TIMEOUT');
  });

  it('evaluateSync takes synchronous facts and refuses asynchronous ones', () => {
    expect(playbook.evaluateSync(complaint, { facts: { 'crm.lifetimeValue': () => 99_999 } }).escalation.level).toBe('supervisor');
    try {
      playbook.evaluateSync(complaint, { facts: { 'crm.lifetimeValue': async () => 1 } });
      expect.unreachable();
    } catch (e) {
      expect([(e as EvaluationError).code, (e as EvaluationError).fact]).toEqual(['ASYNC_FACT', 'crm.lifetimeValue']);
    }
  });

  it('rejects a bad timeout and an unknown engine', async () => {
    expect((await failure(playbook.evaluate(complaint, { factTimeoutMs: -1 }))).code).toBe('INVALID_OPTION');
    expect((await failure(playbook.evaluate(complaint, { engine: 'nope' as 'compiled' }))).code).toBe('INVALID_OPTION');
    expect(() => playbook.evaluateSync(complaint, { engine: 'json-rules-engine' })).toThrow(EvaluationError);
  });

  it('the host fact reaches json-rules-engine too', async () => {
    const options = { facts: { 'crm.lifetimeValue': async () => 50_000 } };
    expect(await playbook.evaluate(complaint, { ...options, engine: 'json-rules-engine' })).toEqual(await playbook.evaluate(complaint, options));
  });

  it('trace: false gives the same recommendation without the trace', async () => {
    const full = playbook.evaluateSync({ ...complaint, risk: ['safety'] });
    const lean = playbook.evaluateSync({ ...complaint, risk: ['safety'] }, { trace: false });
    expect({ ...lean, trace: undefined }).toEqual({ ...full, trace: undefined });
    expect(lean.trace.rules).toEqual([]);
  });
});

describe('placeholders', () => {
  it('an inherited name (toString) is not mistaken for a commitment placeholder', async () => {
    const pb = loadPlaybook(
      source
        .replace('facts:\n', 'facts:\n  toString: { type: string }\n')
        .replace('text: { zh-CN: "我们会在{due}前回复您", en: "We will reply by {due}" }', 'text: { zh-CN: "{toString|无}", en: "{toString|none}" }'),
    );
    const rec = await pb.evaluate({ ...complaint, toString: 'ticket-42' }, { locale: 'en' });
    expect(rec.commitments[0]!.text).toBe('ticket-42');
  });
});
