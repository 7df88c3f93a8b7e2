import { Engine, Operator, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { extraOperators } from './operators.js';
import type { Condition } from '../types.js';

/** A condition set run through one json-rules-engine instance. */
export interface ConditionSet {
  engine: Engine;
  /** Names of the entries in order; an entry without a condition always holds. */
  names: string[];
  /** Which entries have a condition (those without one are not given to the engine). */
  conditional: boolean[];
  /** Which conditions were a bare leaf, wrapped in `all` for the engine (unwrapped again in traces). */
  wrapped: boolean[];
}

/** Wraps a leaf at the top, where json-rules-engine requires all/any/not. */
export function toTopLevel(condition: Condition): TopLevelCondition {
  if ('all' in condition || 'any' in condition || 'not' in condition) return condition as TopLevelCondition;
  return { all: [condition] } as TopLevelCondition;
}

/** Our operators beyond json-rules-engine's built-ins, from the shared table. */
function addOperators(engine: Engine): void {
  for (const [name, op] of Object.entries(extraOperators)) engine.addOperator(new Operator(name, op.compare, op.validate));
}

/**
 * Builds one engine over named conditions. Facts are supplied per run; an absent fact reads
 * as undefined (allowUndefinedFacts), so a comparison with it is false rather than an error.
 */
export function buildConditionSet(entries: ReadonlyArray<{ name: string; when?: Condition }>): ConditionSet {
  const engine = new Engine([], { allowUndefinedFacts: true });
  addOperators(engine);
  const conditional: boolean[] = [];
  const wrapped: boolean[] = [];
  entries.forEach((entry, index) => {
    conditional.push(entry.when !== undefined);
    wrapped.push(entry.when !== undefined && !('all' in entry.when || 'any' in entry.when || 'not' in entry.when));
    if (entry.when === undefined) return;
    const rule: RuleProperties = {
      name: String(index),
      conditions: toTopLevel(structuredClone(entry.when)),
      event: { type: entry.name },
    };
    engine.addRule(rule);
  });
  return { engine, names: entries.map((e) => e.name), conditional, wrapped };
}
