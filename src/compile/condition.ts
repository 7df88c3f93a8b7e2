import { JSONPath } from 'jsonpath-plus';
import type { Condition, ConditionTrace } from '../types.js';
import { allOperators, isNumeric, type OperatorDefinition } from './operators.js';

/**
 * Facts of one evaluation: by dotted name, or (for a playbook's compiled conditions) an array
 * indexed by the slot each name was given at compile time (see {@link FactAddressing}).
 */
export type FactMap = { readonly [key: string | number]: unknown };

/** Where the trace of a compiled condition records each value it read: by key, or by read slot. */
export type ReadRecord = { [key: string | number]: unknown };

/**
 * How compiled conditions address facts. By default facts are read by name and reads recorded by
 * key; a playbook's compiler hands out array slots instead, so an evaluation reads plain arrays.
 */
export interface FactAddressing {
  /** The property under which `name` is found in the facts. */
  fact(name: string): string | number;
  /** The property under which the value read for `key` (see {@link readKey}) is recorded. */
  read(key: string): string | number;
}

const byName: FactAddressing = { fact: (name) => name, read: (key) => key };

/**
 * A condition compiled to plain synchronous closures. `test` answers the condition;
 * `explain` answers it and records every leaf with the values it read.
 */
export interface CompiledCondition {
  test(facts: FactMap): boolean;
  explain(facts: FactMap, read: ReadRecord): ConditionTrace & { result: boolean };
}

/** Reads a fact, then, like json-rules-engine's almanac, applies `path` only to object values. */
function factReader(fact: string | number, path: string | undefined): (facts: FactMap) => unknown {
  if (path === undefined) return (facts) => facts[fact];
  return (facts) => {
    const value = facts[fact];
    return value != null && typeof value === 'object' ? JSONPath({ path, json: value as object, wrap: false }) : value;
  };
}

function isFactReference(value: unknown): value is { fact: string; path?: string } {
  return value != null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
}

/** The key under which a leaf's fact value is recorded in the trace's `facts`. */
export function readKey(fact: string, path: string | undefined): string {
  return path === undefined ? fact : `${fact}:${path}`;
}

/**
 * `list.indexOf(x) > -1` without a search through a list of its own per rule: one or two
 * comparisons for short lists, a set for longer ones. `indexOf` compares with `===`; a set with
 * SameValueZero, which differs only for NaN, so a list holding NaN keeps `indexOf`.
 */
function membership(list: readonly unknown[]): (x: unknown) => boolean {
  if (list.length === 0) return () => false;
  if (list.length === 1) {
    const a = list[0];
    return (x) => x === a;
  }
  if (list.length === 2) {
    const [a, b] = list;
    return (x) => x === a || x === b;
  }
  if (list.some((x) => x !== x)) return (x) => list.indexOf(x) > -1;
  const set = new Set(list);
  return (x) => set.has(x);
}

/**
 * Closures specialised per operator for the common case (a fact without `path` against a literal):
 * one property read and one comparison, same semantics as the operator table.
 */
function specializedTest(fact: string | number, operator: string, v: any): ((facts: FactMap) => boolean) | undefined {
  switch (operator) {
    case 'equal':
      return (f) => f[fact] === v;
    case 'notEqual':
      return (f) => f[fact] !== v;
    case 'in': {
      const has = Array.isArray(v) ? membership(v) : undefined;
      return has && ((f) => has(f[fact]));
    }
    case 'notIn': {
      const has = Array.isArray(v) ? membership(v) : undefined;
      return has && ((f) => !has(f[fact]));
    }
    case 'contains':
      return (f) => {
        const a = f[fact];
        return Array.isArray(a) && a.indexOf(v) > -1;
      };
    case 'greaterThan':
      return (f) => {
        const a = f[fact] as any;
        return isNumeric(a) && a > v;
      };
    case 'greaterThanInclusive':
      return (f) => {
        const a = f[fact] as any;
        return isNumeric(a) && a >= v;
      };
    case 'lessThan':
      return (f) => {
        const a = f[fact] as any;
        return isNumeric(a) && a < v;
      };
    case 'lessThanInclusive':
      return (f) => {
        const a = f[fact] as any;
        return isNumeric(a) && a <= v;
      };
    default:
      return undefined;
  }
}

function compileLeaf(leaf: { fact: string; operator: string; value: unknown; path?: string }, at: FactAddressing): CompiledCondition {
  const op: OperatorDefinition | undefined = allOperators[leaf.operator];
  if (!op) throw new Error(`unknown operator "${leaf.operator}"`);
  const { validate, compare } = op;
  const fact = at.fact(leaf.fact);
  const readFact = factReader(fact, leaf.path);
  const key = at.read(readKey(leaf.fact, leaf.path));
  const value = leaf.value;
  const readValue = isFactReference(value) ? factReader(at.fact(value.fact), value.path) : undefined;
  const apply = (factValue: unknown, compareTo: unknown) => (validate ? validate(factValue) : true) && compare(factValue, compareTo);
  const simple = !readValue && leaf.path === undefined ? specializedTest(fact, leaf.operator, value) : undefined;
  if (simple) {
    // The common leaf: one property read, one comparison, one trace object of a fixed shape.
    const { fact: name, operator } = leaf;
    return {
      test: simple,
      explain(facts, read) {
        const factValue = facts[fact];
        read[key] = factValue;
        return { fact: name, operator, value, factValue, result: simple(facts) };
      },
    };
  }
  const test = readValue ? (facts: FactMap) => apply(readFact(facts), readValue(facts)) : (facts: FactMap) => apply(readFact(facts), value);
  return {
    test,
    explain(facts, read) {
      const factValue = readFact(facts);
      const compareTo = readValue ? readValue(facts) : value;
      const result = apply(factValue, compareTo);
      read[key] = factValue;
      const trace: ConditionTrace & { result: boolean } = { fact: leaf.fact, operator: leaf.operator, value, factValue, result };
      if (leaf.path !== undefined) trace.path = leaf.path;
      if (readValue) trace.comparedValue = compareTo;
      return trace;
    },
  };
}

/**
 * Compiles a json-rules-engine condition. Semantics follow json-rules-engine 7 exactly: every
 * child of `all`/`any` is evaluated (there are no condition priorities in a playbook), an empty
 * `all` or `any` holds, `not` negates, and a leaf compares the fact (after `path`) with the value
 * (or another fact's value) through the operator's validator and comparison.
 */
export function compileCondition(condition: Condition, at: FactAddressing = byName): CompiledCondition {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const children = (isAll ? (condition as { all: Condition[] }).all : (condition as { any: Condition[] }).any).map((c) => compileCondition(c, at));
    const tests = children.map((c) => c.test);
    // Every child is evaluated, as json-rules-engine does (no short-circuit), so that an input
    // that makes one child throw fails the same way on both evaluators.
    const test = isAll
      ? (facts: FactMap) => {
          let ok = true;
          for (let i = 0; i < tests.length; i++) if (!tests[i]!(facts)) ok = false;
          return ok;
        }
      : (facts: FactMap) => {
          let some = tests.length === 0;
          for (let i = 0; i < tests.length; i++) if (tests[i]!(facts)) some = true;
          return some;
        };
    const n = children.length;
    return {
      test,
      explain(facts, read) {
        const traces = new Array<ConditionTrace & { result: boolean }>(n);
        let result = isAll || n === 0;
        for (let i = 0; i < n; i++) {
          const t = children[i]!.explain(facts, read);
          traces[i] = t;
          if (t.result !== isAll) result = !isAll;
        }
        return isAll ? { all: traces, result } : { any: traces, result };
      },
    };
  }
  if ('not' in condition) {
    const child = compileCondition(condition.not, at);
    return {
      test: (facts) => !child.test(facts),
      explain(facts, read) {
        const trace = child.explain(facts, read);
        return { not: trace, result: !trace.result };
      },
    };
  }
  return compileLeaf(condition, at);
}
