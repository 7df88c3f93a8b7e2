/**
 * Static reasoning over playbook conditions: conditions become formulas over literals, and a
 * bounded search decides whether a formula can hold for some complaint.
 *
 * The search is deliberately lopsided, because a linter must never cry wolf:
 * - "can never hold" (unsat) is claimed only when it is proven: a leaf the analysis does not
 *   understand (a JSONPath, a comparison with another fact, …) is treated as a free yes/no, and
 *   every fact as free of the others, which can only add models, never remove one;
 * - "can hold, for example …" is claimed only for a concrete complaint that passes the complaint
 *   schema and for which the real condition evaluator gives the claimed answer.
 * Running out of the step budget answers neither.
 */
import complaintSchema from '../../schemas/complaint.schema.json';
import { compileCondition, type CompiledCondition } from '../compile/condition.js';
import { allOperators, applyOperator } from '../compile/operators.js';
import type { JsonPath } from '../errors.js';
import { flattenFacts, stageFacts, stageOrder } from '../facts.js';
import type { Condition, ConditionLeaf, PlaybookSpec, StageName } from '../types.js';
import { checkComplaintSchema } from '../validate/schema.js';

/** The kinds of value a fact can hold at evaluation time (`undefined`: the fact is absent). */
export type Kind = 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** What a fact can be: its kinds, and the schema's enum, integer and bounds when known. */
export interface FactDomain {
  kinds: readonly Kind[];
  enum?: readonly unknown[];
  integer?: boolean;
  minimum?: number;
  maximum?: number;
}

/** A leaf condition, possibly negated, with where it was written. */
export interface Literal {
  leaf: ConditionLeaf;
  positive: boolean;
  path: JsonPath;
  /** False for leaves the analysis treats as opaque yes/no questions. */
  analyzable: boolean;
  /** Identifies the same opaque leaf written twice. */
  key: string;
}

/** A condition in negation normal form. */
export type Formula =
  | { t: 'and'; c: Formula[] }
  | { t: 'or'; c: Formula[] }
  | { t: 'lit'; lit: Literal }
  | { t: 'const'; value: boolean };

/** A complaint proven to make a formula hold, with the facts the formula constrains. */
export interface Example {
  complaint: Record<string, unknown>;
  /** The constrained facts in dotted form; `undefined` means the fact is absent. */
  facts: Array<[string, unknown]>;
}

const allKinds: readonly Kind[] = ['undefined', 'null', 'boolean', 'number', 'string', 'array', 'object'];
const numericOperators = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const isPrimitive = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Leaves whose meaning the analysis models exactly; any other leaf is an opaque yes/no. */
function isAnalyzable(leaf: ConditionLeaf): boolean {
  if (leaf.path !== undefined || leaf.params !== undefined || !(leaf.operator in allOperators)) return false;
  const v = leaf.value;
  switch (leaf.operator) {
    case 'in':
    case 'notIn':
    case 'containsAny':
      return Array.isArray(v) && v.every(isPrimitive);
    case 'startsWith':
      return typeof v === 'string';
    default:
      return numericOperators.has(leaf.operator) ? typeof v === 'number' && Number.isFinite(v) : isPrimitive(v);
  }
}

/** Builds an and/or, folding constants so that trivial formulas stay small. */
function junction(t: 'and' | 'or', children: Formula[]): Formula {
  const neutral = t === 'and';
  const kept: Formula[] = [];
  for (const c of children) {
    if (c.t === 'const') {
      if (c.value !== neutral) return c;
      continue;
    }
    if (c.t === t) kept.push(...c.c);
    else kept.push(c);
  }
  if (kept.length === 0) return { t: 'const', value: neutral };
  return kept.length === 1 ? kept[0]! : { t, c: kept };
}

/** `all` of formulas. */
export const and = (...children: Formula[]): Formula => junction('and', children);
/** `any` of formulas. */
export const or = (...children: Formula[]): Formula => junction('or', children);

/**
 * A condition as a formula, negated when `positive` is false (De Morgan down to the leaves;
 * json-rules-engine's `not` is plain negation). An empty `all` or `any` holds, as in the engine.
 */
export function toFormula(condition: Condition, path: JsonPath, positive = true): Formula {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const list = isAll ? (condition as { all: Condition[] }).all : (condition as { any: Condition[] }).any;
    if (list.length === 0) return { t: 'const', value: positive };
    const kids = list.map((c, i) => toFormula(c, [...path, isAll ? 'all' : 'any', i], positive));
    return isAll === positive ? and(...kids) : or(...kids);
  }
  if ('not' in condition) return toFormula(condition.not, [...path, 'not'], !positive);
  const leaf = condition;
  return { t: 'lit', lit: { leaf, positive, path, analyzable: isAnalyzable(leaf), key: JSON.stringify([leaf.fact, leaf.operator, leaf.value, leaf.path ?? null, leaf.params ?? null]) } };
}

/** A synthetic literal (not written in the playbook), e.g. `demand.amount greaterThan 1000`. */
export function literal(fact: string, operator: string, value: unknown): Formula {
  const leaf: ConditionLeaf = { fact, operator, value };
  return { t: 'lit', lit: { leaf, positive: true, path: [], analyzable: isAnalyzable(leaf), key: JSON.stringify([fact, operator, value, null, null]) } };
}

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
}

function kindOfValue(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : t === 'undefined' ? 'undefined' : 'object';
}

function domainFromTypes(types: readonly string[] | undefined, extra: Omit<FactDomain, 'kinds'> = {}): FactDomain {
  if (!types) {
    const fromEnum = extra.enum ? [...new Set(extra.enum.map(kindOfValue))] : undefined;
    return { ...extra, kinds: fromEnum ? ['undefined', ...fromEnum] : allKinds };
  }
  const kinds = new Set<Kind>(['undefined']);
  let integer = false;
  for (const t of types) {
    if (t === 'integer') {
      kinds.add('number');
      integer = true;
    } else if ((allKinds as readonly string[]).includes(t)) {
      kinds.add(t as Kind);
    }
  }
  return { ...extra, kinds: [...kinds], ...(integer ? { integer: true } : {}) };
}

/** Complaint fields with what the complaint schema (checked before every evaluation) allows. */
const complaintDomains: ReadonlyMap<string, FactDomain> = (() => {
  const out = new Map<string, FactDomain>();
  const walk = (props: Record<string, SchemaNode>, prefix: string) => {
    for (const [key, node] of Object.entries(props)) {
      const types = node.type === undefined ? undefined : Array.isArray(node.type) ? node.type : [node.type];
      out.set(prefix + key, domainFromTypes(types, {
        ...(node.enum ? { enum: node.enum } : {}),
        ...(node.minimum !== undefined ? { minimum: node.minimum } : {}),
        ...(node.maximum !== undefined ? { maximum: node.maximum } : {}),
      }));
      if (node.properties) walk(node.properties, `${prefix}${key}.`);
    }
  };
  walk((complaintSchema as { properties: Record<string, SchemaNode> }).properties, '');
  return out;
})();

/** Candidate values of one kind that decide every literal; `complete` when no other value can. */
function candidates(kind: Kind, domain: FactDomain, lits: readonly Literal[]): { values: unknown[]; complete: boolean } {
  const constants = lits.flatMap((l) => (Array.isArray(l.leaf.value) ? l.leaf.value : [l.leaf.value]));
  const numeric = lits.some((l) => numericOperators.has(l.leaf.operator));
  switch (kind) {
    case 'undefined':
      return { values: [undefined], complete: true };
    case 'null':
      return { values: [null], complete: true };
    case 'boolean':
      return { values: [true, false], complete: true };
    case 'object':
      // With primitive operands every object answers every operator alike.
      return { values: [{}], complete: true };
    case 'number': {
      if (domain.enum) return { values: domain.enum.filter((v) => typeof v === 'number'), complete: true };
      // Every operator is constant between consecutive constants: one value per piece suffices.
      const points = [...new Set([0, ...constants.filter((v): v is number => typeof v === 'number'), ...(domain.minimum !== undefined ? [domain.minimum] : []), ...(domain.maximum !== undefined ? [domain.maximum] : [])])].sort((a, b) => a - b);
      const values = new Set<number>();
      points.forEach((p, i) => {
        if (domain.integer) {
          for (const v of [Math.floor(p) - 1, Math.floor(p), Math.ceil(p), Math.ceil(p) + 1]) values.add(v);
        } else {
          values.add(p).add(p - 1).add(p + 1);
          const next = points[i + 1];
          if (next !== undefined) values.add((p + next) / 2);
        }
      });
      return { values: [...values], complete: true };
    }
    case 'string': {
      if (domain.enum) return { values: domain.enum.filter((v) => typeof v === 'string'), complete: true };
      const strings = [...new Set(constants.filter((v): v is string => typeof v === 'string'))];
      // A string that equals no constant behaves like its longest constant prefix plus a
      // character no constant has; readable suffixes first, for examples.
      const values: string[] = [...strings];
      for (const base of ['', ...strings]) for (const suffix of ['x', 'other', '\u0001']) values.push(base + suffix);
      return { values, complete: !numeric && !strings.some((s) => s.includes('\u0001')) };
    }
    case 'array': {
      // Only membership matters: take every required element, then one element per
      // containsAny that is still unmet and allowed. If that fails, nothing can succeed.
      const must: unknown[] = [];
      const mustNot = new Set<unknown>();
      const clauses: unknown[][] = [];
      for (const l of lits) {
        const { operator, value } = l.leaf;
        if (operator === 'contains' || operator === 'doesNotContain') {
          if ((operator === 'contains') === l.positive) must.push(value);
          else mustNot.add(value);
        } else if (operator === 'containsAny' && Array.isArray(value)) {
          if (l.positive) clauses.push(value);
          else for (const v of value) mustNot.add(v);
        }
      }
      const chosen = [...new Set(must)];
      for (const clause of clauses) {
        if (clause.some((v) => chosen.includes(v))) continue;
        const pick = clause.find((v) => !mustNot.has(v));
        if (pick !== undefined) chosen.push(pick);
      }
      return { values: [chosen], complete: !numeric };
    }
  }
}

function admissible(domain: FactDomain, value: unknown): boolean {
  if (value === undefined) return true;
  if (domain.enum && !domain.enum.includes(value)) return false;
  if (typeof value === 'number') {
    if (domain.integer && !Number.isInteger(value)) return false;
    if (domain.minimum !== undefined && value < domain.minimum) return false;
    if (domain.maximum !== undefined && value > domain.maximum) return false;
  }
  return true;
}

function holds(lit: Literal, value: unknown): boolean {
  return applyOperator(allOperators[lit.leaf.operator]!, value, lit.leaf.value) === lit.positive;
}

type FactStatus = { status: 'sat'; witness: unknown } | { status: 'unsat' } | { status: 'unknown' };

/** Whether some value of the domain satisfies every literal (all on one fact). */
export function solveFact(domain: FactDomain, lits: readonly Literal[]): FactStatus {
  let unknown = false;
  for (const kind of domain.kinds) {
    const { values, complete } = candidates(kind, domain, lits);
    for (const v of values) {
      if (kindOfValue(v) === kind && admissible(domain, v) && lits.every((l) => holds(l, v))) return { status: 'sat', witness: v };
    }
    if (!complete) unknown = true;
  }
  return unknown ? { status: 'unknown' } : { status: 'unsat' };
}

class BudgetExceeded extends Error {}

/** Default number of search steps per question. */
const defaultBudget = 20_000;
/** Default number of search steps for all questions about one playbook, so lint always ends. */
const defaultTotalBudget = 2_000_000;

/**
 * Answers questions about the conditions of one playbook. Stage results (`customerType`,
 * `reasonableness`, `resolvability`) are either free over their outcome ids (`expand: false`)
 * or replaced by what decides them: "the outcome is X" holds exactly when X's condition holds
 * and no earlier outcome's does (or, for the default, when none does).
 */
export class Analyzer {
  readonly #spec: PlaybookSpec;
  readonly #budget: number;
  #totalLeft: number;
  readonly #stageOfFact = new Map<string, StageName>(stageOrder.map((s) => [stageFacts[s], s]));
  readonly #selection = new Map<string, Formula>();
  readonly #compiled = new Map<Condition, CompiledCondition>();
  readonly #domains = new Map<string, FactDomain>();

  /**
   * @param budget - Search steps per question; beyond it the question stays unanswered.
   * @param totalBudget - Search steps for the analyzer's whole life; beyond it every further
   *   question stays unanswered, which bounds the time lint takes on any playbook.
   */
  constructor(spec: PlaybookSpec, budget = defaultBudget, totalBudget = defaultTotalBudget) {
    this.#spec = spec;
    this.#budget = budget;
    this.#totalLeft = totalBudget;
  }

  /** What a fact can hold. Declared fact types are taken at their word. */
  domain(fact: string): FactDomain {
    let d = this.#domains.get(fact);
    if (d) return d;
    const stage = this.#stageOfFact.get(fact);
    if (stage) {
      const s = this.#spec[stage];
      d = { kinds: s.default === undefined ? ['undefined', 'string'] : ['string'], enum: s.outcomes.map((o) => o.id) };
    } else {
      const declared = this.#spec.facts?.[fact];
      d = complaintDomains.get(fact) ?? (declared?.type ? domainFromTypes([declared.type]) : { kinds: allKinds });
    }
    this.#domains.set(fact, d);
    return d;
  }

  /** The stage whose result a fact is, if any. */
  stageOf(fact: string): StageName | undefined {
    return this.#stageOfFact.get(fact);
  }

  /** The formula of an outcome's condition, by stage and index. */
  outcomeFormula(stage: StageName, index: number, positive = true): Formula {
    const o = this.#spec[stage].outcomes[index]!;
    return o.when === undefined ? { t: 'const', value: positive } : toFormula(o.when, [stage, 'outcomes', index, 'when'], positive);
  }

  /** "The stage's result is `value`" (`undefined`: no result), over the facts that decide it. */
  selection(stage: StageName, value: string | undefined): Formula {
    const key = `${stage}\u0000${value ?? ''}`;
    const cached = this.#selection.get(key);
    if (cached) return cached;
    const spec = this.#spec[stage];
    const conditional = spec.outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.when !== undefined);
    const branches: Formula[] = [];
    conditional.forEach(({ o, i }, k) => {
      if (o.id === value) branches.push(and(this.outcomeFormula(stage, i), ...conditional.slice(0, k).map((e) => this.outcomeFormula(stage, e.i, false))));
    });
    const none = and(...conditional.map((e) => this.outcomeFormula(stage, e.i, false)));
    if (value === undefined ? spec.default === undefined : spec.default === value) branches.push(none);
    const f = or(...branches);
    this.#selection.set(key, f);
    return f;
  }

  /** A literal on a stage result, as the selections of the outcomes that satisfy it. */
  #expandStage(stage: StageName, lit: Literal): Formula {
    const spec = this.#spec[stage];
    const values: Array<string | undefined> = spec.outcomes.map((o) => o.id);
    if (spec.default === undefined) values.push(undefined);
    return or(...values.filter((v) => holds(lit, v)).map((v) => this.selection(stage, v)));
  }

  /**
   * Runs the search; `onModel` gets the literals of each model found (per fact, and opaque ones)
   * and returns true to stop. Returns false when the budget ran out.
   */
  #search(formula: Formula, expand: boolean, onModel: (byFact: Map<string, Literal[]>) => boolean): boolean {
    const byFact = new Map<string, Literal[]>();
    const opaque = new Map<string, Literal[]>();
    let steps = 0;
    const run = (goals: Formula[]): boolean => {
      if (++steps > this.#budget || --this.#totalLeft < 0) throw new BudgetExceeded();
      // Decide everything that does not branch first: it prunes the branches early.
      let index = goals.findIndex((g) => g.t !== 'or');
      if (index < 0) {
        if (goals.length === 0) return onModel(byFact);
        index = 0;
        goals.forEach((g, i) => {
          if (g.t === 'or' && g.c.length < (goals[index] as { c: Formula[] }).c.length) index = i;
        });
      }
      const goal = goals[index]!;
      const rest = goals.filter((_, i) => i !== index);
      switch (goal.t) {
        case 'const':
          return goal.value ? run(rest) : false;
        case 'and':
          return run([...rest, ...goal.c]);
        case 'or':
          return goal.c.some((c) => run([...rest, c]));
        case 'lit': {
          const lit = goal.lit;
          const stage = this.#stageOfFact.get(lit.leaf.fact);
          if (expand && stage && lit.analyzable) return run([...rest, this.#expandStage(stage, lit)]);
          if (!lit.analyzable) {
            const same = opaque.get(lit.key) ?? [];
            if (same.some((l) => l.positive !== lit.positive)) return false;
            same.push(lit);
            opaque.set(lit.key, same);
            const stop = run(rest);
            same.pop();
            return stop;
          }
          const list = byFact.get(lit.leaf.fact) ?? [];
          byFact.set(lit.leaf.fact, list);
          list.push(lit);
          const stop = solveFact(this.domain(lit.leaf.fact), list).status === 'unsat' ? false : run(rest);
          list.pop();
          if (list.length === 0) byFact.delete(lit.leaf.fact);
          return stop;
        }
      }
    };
    try {
      run([formula]);
      return true;
    } catch (error) {
      if (error instanceof BudgetExceeded) return false;
      throw error;
    }
  }

  /** True only when the formula is proven never to hold. */
  unsat(formula: Formula, expand: boolean): boolean {
    let found = false;
    const finished = this.#search(formula, expand, () => (found = true));
    return finished && !found;
  }

  /**
   * A complaint for which the formula holds (stage results expanded), checked against the
   * complaint schema and the real condition evaluator; `undefined` when none was found.
   */
  example(formula: Formula): Example | undefined {
    let example: Example | undefined;
    this.#search(formula, true, (byFact) => {
      const facts: Array<[string, unknown]> = [];
      for (const [fact, lits] of byFact) {
        const solved = solveFact(this.domain(fact), lits);
        if (solved.status !== 'sat') return false;
        facts.push([fact, solved.witness]);
      }
      const complaint = buildComplaint(facts);
      if (!complaint || checkComplaintSchema(complaint).length > 0) return false;
      if (!this.#holdsFor(formula, complaint)) return false;
      example = { complaint, facts: facts.sort(([a], [b]) => a.localeCompare(b)) };
      return true;
    });
    return example;
  }

  #test(condition: Condition, facts: Record<string, unknown>): boolean {
    let compiled = this.#compiled.get(condition);
    if (!compiled) {
      compiled = compileCondition(condition);
      this.#compiled.set(condition, compiled);
    }
    return compiled.test(facts);
  }

  /** Evaluates a formula on a complaint the way evaluation does, stages first. */
  #holdsFor(formula: Formula, complaint: Record<string, unknown>): boolean {
    const facts = flattenFacts(complaint);
    for (const stage of stageOrder) delete facts[stageFacts[stage]];
    for (const stage of stageOrder) {
      const spec = this.#spec[stage];
      const chosen = spec.outcomes.find((o) => o.when !== undefined && this.#test(o.when, facts))?.id ?? spec.default;
      if (chosen !== undefined) facts[stageFacts[stage]] = chosen;
    }
    const evaluate = (f: Formula): boolean => {
      switch (f.t) {
        case 'const':
          return f.value;
        case 'and':
          return f.c.every(evaluate);
        case 'or':
          return f.c.some(evaluate);
        case 'lit':
          return this.#test(f.lit.leaf, facts) === f.lit.positive;
      }
    };
    return evaluate(formula);
  }
}

/** Nests dotted facts into a complaint; `undefined` when two facts collide. */
function buildComplaint(facts: ReadonlyArray<[string, unknown]>): Record<string, unknown> | undefined {
  const complaint: Record<string, unknown> = {};
  for (const [name, value] of facts) {
    if (value === undefined) continue;
    const parts = name.split('.');
    let node = complaint;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node[part] = {};
      else if (next === null || typeof next !== 'object' || Array.isArray(next)) return undefined;
      node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (last in node) return undefined;
    node[last] = value;
  }
  // The only required field; an example that constrains it keeps its own.
  return { id: 'lint-example', ...complaint };
}
