import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, type FactAddressing, type FactMap, type ReadRecord } from '../src/compile/condition.js';
import { buildConditionSet } from '../src/compile/engine.js';
import { referenceTrace } from '../src/evaluate/evaluate.js';
import type { Condition } from 'complaint-playbook';

// Property: the compiled evaluator and json-rules-engine (the reference) agree on every
// condition's outcome, and on the trace (each leaf's result and fact value), for random
// condition trees over random facts: all/any/not, every operator, `path`, fact references,
// missing facts and type mismatches.

const factNames = ['a', 'b', 'customer.emotion', 'demand.amount', 'obj', 'missing'];
const operators = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain', 'startsWith', 'containsAny'];
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y', '1', '', 'angry', 'x.y'), fc.boolean(), fc.constant(null), fc.double({ noNaN: false, min: -5, max: 5 }));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.record({ fact: fc.constantFrom(...factNames) }) },
  { weight: 1, arbitrary: fc.record({ fact: fc.constantFrom('obj'), path: fc.constantFrom('$.x', '$.list[0]', '$.none') }) },
);
const leaf = fc.record(
  { fact: fc.constantFrom(...factNames), operator: fc.constantFrom(...operators), value, path: fc.constantFrom('$.x', '$.list', '$.list[1]', '$.deep.y') },
  { requiredKeys: ['fact', 'operator', 'value'] },
);
const { tree } = fc.letrec<{ tree: Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf as fc.Arbitrary<Condition> },
    { weight: 1, arbitrary: fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ not: tie('tree') }) },
  ),
}));
const factValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.record({ x: scalar, list: fc.array(scalar, { maxLength: 3 }), deep: fc.record({ y: scalar }) }, { requiredKeys: [] }));
const facts = fc.dictionary(fc.constantFrom(...factNames.filter((n) => n !== 'missing')), factValue);

type Outcome = { ok: true; result: boolean; trace: unknown } | { ok: false };

/**
 * The same condition compiled with array slots, as a playbook compiles it: it must give the same
 * result, the same trace and record the same reads as the by-name form.
 */
function slotOutcome(condition: Condition, f: Record<string, unknown>): { result: boolean; trace: unknown; reads: Record<string, unknown> } | 'threw' {
  const names: string[] = [];
  const keys: string[] = [];
  const at: FactAddressing = {
    fact: (name) => (names.includes(name) ? names.indexOf(name) : names.push(name) - 1),
    read: (key) => (keys.includes(key) ? keys.indexOf(key) : keys.push(key) - 1),
  };
  const compiled = compileCondition(condition, at);
  const values = names.map((name) => f[name]) as unknown as FactMap;
  const readSlots: unknown[] = [];
  const reads = readSlots as unknown as ReadRecord;
  try {
    const trace = compiled.explain(values, reads);
    expect(compiled.test(values)).toBe(trace.result);
    return { result: trace.result, trace, reads: Object.fromEntries(keys.flatMap((k, i) => (i in readSlots ? [[k, readSlots[i]]] : []))) };
  } catch {
    return 'threw';
  }
}

function compiledOutcome(condition: Condition, f: Record<string, unknown>): Outcome {
  const compiled = compileCondition(condition);
  const bySlot = slotOutcome(condition, f);
  let fast: boolean | 'threw';
  try {
    fast = compiled.test(f);
  } catch {
    fast = 'threw';
  }
  try {
    const reads: Record<string, unknown> = {};
    const trace = compiled.explain(f, reads);
    // The fast path (no trace) must agree with the traced one.
    expect(fast).toBe(trace.result);
    expect(bySlot).toEqual({ result: trace.result, trace, reads });
    return { ok: true, result: trace.result, trace };
  } catch (error) {
    if (fast !== 'threw') throw error;
    expect(bySlot).toBe('threw');
    return { ok: false };
  }
}

async function referenceOutcome(condition: Condition, f: Record<string, unknown>): Promise<Outcome> {
  const set = buildConditionSet([{ name: 'r', when: condition }]);
  try {
    const { results, failureResults } = await set.engine.run({ ...f });
    const r = [...results, ...failureResults][0]!;
    const top = r.conditions as unknown as { all?: unknown[] };
    const trace = referenceTrace(set.wrapped[0] && top.all?.length === 1 ? top.all[0] : top, () => undefined);
    return { ok: true, result: r.result === true, trace };
  } catch {
    return { ok: false };
  }
}

describe('compiled evaluator ≡ json-rules-engine (by name and by slot)', () => {
  it('agrees on 10,000 random condition trees and facts', async () => {
    let agreed = 0;
    await fc.assert(
      fc.asyncProperty(tree, facts, async (condition, f) => {
        const [a, b] = [compiledOutcome(condition, f), await referenceOutcome(condition, f)];
        expect(a).toEqual(b);
        agreed++;
      }),
      { numRuns: 10_000, seed: 20261124 },
    );
    expect(agreed).toBe(10_000);
  }, 120_000);

  it.each<[string, Condition, Record<string, unknown>, boolean]>([
    ['empty any holds (json-rules-engine quirk)', { any: [] }, {}, true],
    ['empty all holds', { all: [] }, {}, true],
    ['in with a string value is a substring test', { fact: 'a', operator: 'in', value: 'xyz' }, { a: 'y' }, true],
    ['greaterThan accepts numeric strings', { fact: 'a', operator: 'greaterThan', value: 1 }, { a: '2' }, true],
    ['contains needs a list fact', { fact: 'a', operator: 'contains', value: 'x' }, { a: 'x' }, false],
    ['notEqual holds for a missing fact', { fact: 'missing', operator: 'notEqual', value: 1 }, {}, true],
    ['path on a non-object reads the value itself', { fact: 'a', operator: 'equal', value: 3, path: '$.x' }, { a: 3 }, true],
    ['fact reference with path', { fact: 'a', operator: 'equal', value: { fact: 'obj', path: '$.x' } }, { a: 1, obj: { x: 1 } }, true],
  ])('%s', async (_name, condition, f, expected) => {
    const a = compiledOutcome(condition, f);
    expect(a).toEqual(await referenceOutcome(condition, f));
    expect(a.ok && a.result).toBe(expected);
  });
});
