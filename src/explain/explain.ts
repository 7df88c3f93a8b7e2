/**
 * Why a recommendation is what it is, in plain words, from its trace: for each stage the
 * outcome chosen and the conditions that decided it, for each rule that did not fire the first
 * condition that failed and the fact value that made it fail.
 */
import type { SourceLocation } from '../load/merge.js';
import type { PlaybookLocations } from '../playbook.js';
import type { ConditionLeafTrace, ConditionTrace, HitPolicy, OutcomeTrace, Recommendation, RuleTrace, StageName, Trace } from '../types.js';

/**
 * A leaf condition as it was evaluated, with the values it compared.
 *
 * @example
 * ```ts
 * const failed: ExplainedCondition = explainRecommendation(rec).rules[0]!.reasons[0]!;
 * failed.text; // 'demand.amount 800 is not more than 1000'
 * ```
 */
export interface ExplainedCondition {
  fact: string;
  /** JSONPath read inside the fact, if any. */
  path?: string;
  operator: string;
  /** The value as written (`{ fact: … }` when comparing with another fact). */
  value: unknown;
  /** The fact's value as read; `undefined` when the complaint does not have it. */
  factValue: unknown;
  /** When `value` names another fact: that fact's value. */
  comparedValue?: unknown;
  /** What the leaf answered; `undefined` when the engine did not evaluate it. */
  result: boolean | undefined;
  /** What the condition needed from this leaf: `false` under an odd number of `not`. */
  needed: boolean;
  /** Plain words, e.g. `demand.amount 800 is not more than 1000` (in Chinese for a zh recommendation). */
  text: string;
}

/**
 * One outcome or rule, and why it matched or not.
 *
 * @example
 * ```ts
 * const notFired = explainRecommendation(rec).rules.filter((r: ExplainedEntry) => !r.matched);
 * ```
 */
export interface ExplainedEntry {
  id: string;
  matched: boolean;
  /** True when it has no condition: a rule that always applies, or a stage's default outcome. */
  unconditional: boolean;
  /**
   * For a match, the conditions that made it hold (for an `any`, those of the first alternative
   * that held). Otherwise the first condition that failed (for an `any`, one per alternative).
   */
  reasons: ExplainedCondition[];
  /** Where it is written (with `extends`, possibly in the base's file), when the playbook's locations were given. */
  location?: SourceLocation;
}

/**
 * How one stage was decided.
 *
 * @example
 * ```ts
 * const demand: StageExplanation = explainRecommendation(rec).stages[1]!;
 * demand.byDefault; // true when no outcome matched
 * ```
 */
export interface StageExplanation {
  stage: StageName;
  hitPolicy: HitPolicy;
  /** The outcome chosen, or `null` when nothing matched and there is no default. */
  result: string | null;
  byDefault: boolean;
  /** Every outcome, in playbook order. */
  outcomes: ExplainedEntry[];
}

/**
 * The explanation of one recommendation, as {@link explainRecommendation} returns it.
 *
 * @example
 * ```ts
 * const why: Explanation = explainRecommendation(await playbook.evaluate(complaint));
 * why.stages.map((s) => `${s.stage} → ${s.result}`);
 * ```
 */
export interface Explanation {
  complaintId: string;
  playbook: { id: string; version: string };
  stages: StageExplanation[];
  /** Every rule, in playbook order. */
  rules: ExplainedEntry[];
  escalation: { level: string; source: string | null; considered: Trace['escalations'] };
  commitments: Array<{ kind: string; due: string; within: string; businessTime: boolean; source: string }>;
  /** Lines a rule moved to the front or took out, and which rule did it. */
  adjustments: Trace['adjustments'];
  warnings: Trace['warnings'];
}

/**
 * Options of {@link explainRecommendation}.
 *
 * @example
 * ```ts
 * explainRecommendation(rec, { locations: playbook.locations }).rules[0]?.location; // { file: 'playbooks/base.yaml', line: 96, column: 5 }
 * ```
 */
export interface ExplainOptions {
  /** The playbook's `locations`, to say where each rule and outcome is written. */
  locations?: PlaybookLocations;
  /** The language of the conditions' plain words. Default: `'en'`. */
  lang?: 'en' | 'zh-CN';
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function isFactReference(value: unknown): value is { fact: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string';
}

function resultOf(node: ConditionTrace): boolean | undefined {
  if (typeof node.result === 'boolean') return node.result;
  if ('all' in node) {
    const r = node.all.map(resultOf);
    return r.includes(false) ? false : r.every((x) => x === true) ? true : undefined;
  }
  if ('any' in node) {
    const r = node.any.map(resultOf);
    return r.includes(true) ? true : r.every((x) => x === false) ? false : undefined;
  }
  if ('not' in node) {
    const r = resultOf(node.not);
    return r === undefined ? undefined : !r;
  }
  return undefined;
}

/** Each operator in plain words, [holds, does not hold], in English and Chinese. */
const phrases: Record<'en' | 'zh', Record<string, [string, string]>> = {
  en: {
    equal: ['is', 'is not'],
    notEqual: ['is not', 'is'],
    in: ['is one of', 'is not one of'],
    notIn: ['is not one of', 'is one of'],
    contains: ['contains', 'does not contain'],
    doesNotContain: ['does not contain', 'contains'],
    lessThan: ['is less than', 'is not less than'],
    lessThanInclusive: ['is at most', 'is more than'],
    greaterThan: ['is more than', 'is not more than'],
    greaterThanInclusive: ['is at least', 'is less than'],
    startsWith: ['starts with', 'does not start with'],
    containsAny: ['contains one of', 'contains none of'],
  },
  zh: {
    equal: ['等于', '不等于'],
    notEqual: ['不等于', '等于'],
    in: ['属于', '不属于'],
    notIn: ['不属于', '属于'],
    contains: ['包含', '不包含'],
    doesNotContain: ['不包含', '包含'],
    lessThan: ['小于', '不小于'],
    lessThanInclusive: ['不大于', '大于'],
    greaterThan: ['大于', '不大于'],
    greaterThanInclusive: ['不小于', '小于'],
    startsWith: ['开头是', '开头不是'],
    containsAny: ['包含其中之一', '一个也不包含'],
  },
};

function explainLeaf(leaf: ConditionLeafTrace, needed: boolean, lang: 'en' | 'zh' = 'en'): ExplainedCondition {
  const result = typeof leaf.result === 'boolean' ? leaf.result : undefined;
  const left = `${leaf.fact}${leaf.path !== undefined ? ` ${leaf.path}` : ''} ${show(leaf.factValue)}`;
  const right = isFactReference(leaf.value) ? `${leaf.value.fact} ${show(leaf.comparedValue)}` : show(leaf.value);
  const text =
    result === undefined
      ? `${left} ${leaf.operator} ${right} (${lang === 'zh' ? '未求值' : 'not evaluated'})`
      : `${left} ${(phrases[lang][leaf.operator] ?? [`is ${leaf.operator}`, `is not ${leaf.operator}`])[result ? 0 : 1]} ${right}${result && !needed ? (lang === 'zh' ? '，但不应如此' : ', but must not be') : ''}`;
  return {
    fact: leaf.fact,
    ...(leaf.path !== undefined ? { path: leaf.path } : {}),
    operator: leaf.operator,
    value: leaf.value,
    factValue: leaf.factValue,
    ...(isFactReference(leaf.value) ? { comparedValue: leaf.comparedValue } : {}),
    result,
    needed,
    text,
  };
}

/** The leaves that justify `node` answering `outcome`; `needed` tracks `not`s on the way down. */
function reasons(node: ConditionTrace, outcome: boolean | undefined, needed: boolean, lang: 'en' | 'zh' = 'en'): ExplainedCondition[] {
  if ('all' in node || 'any' in node) {
    const isAll = 'all' in node;
    const children = isAll ? node.all : (node as { any: ConditionTrace[] }).any;
    // all → true and any → false need every child; otherwise one child decides.
    if (outcome === isAll) return children.flatMap((c) => reasons(c, outcome, needed, lang));
    const decisive = children.find((c) => resultOf(c) === outcome) ?? children.find((c) => resultOf(c) === undefined);
    return decisive ? reasons(decisive, resultOf(decisive), needed, lang) : [];
  }
  if ('not' in node) return reasons(node.not, outcome === undefined ? undefined : !outcome, !needed, lang);
  return [explainLeaf(node, needed, lang)];
}

function explainEntry(entry: OutcomeTrace | RuleTrace, location: SourceLocation | undefined, lang: 'en' | 'zh' = 'en'): ExplainedEntry {
  const at = location ? { location } : {};
  if (!entry.conditions) return { id: entry.id, matched: entry.matched, unconditional: true, reasons: [], ...at };
  const outcome = resultOf(entry.conditions) ?? entry.matched;
  return { id: entry.id, matched: entry.matched, unconditional: false, reasons: reasons(entry.conditions, outcome, true, lang), ...at };
}

/**
 * Turns a recommendation's trace into an explanation: per stage the outcome chosen and the
 * conditions that decided each outcome; per rule the conditions that made it fire, or the first
 * one that failed and the fact value that made it fail.
 *
 * @example
 * ```ts
 * const rec = await playbook.evaluate(complaint);
 * const why = explainRecommendation(rec);
 * why.rules.find((r) => r.id === 'big-demand')?.reasons[0]?.text;
 * // 'demand.amount 800 is not more than 1000'
 * ```
 */
export function explainRecommendation(rec: Recommendation, options: ExplainOptions = {}): Explanation {
  const lang = options.lang === 'zh-CN' ? 'zh' : 'en';
  const where = options.locations;
  return {
    complaintId: rec.complaintId,
    playbook: rec.playbook,
    stages: rec.trace.stages.map((s) => ({ stage: s.stage, hitPolicy: s.hitPolicy, result: s.result, byDefault: s.byDefault, outcomes: s.outcomes.map((o, i) => explainEntry(o, where?.outcomes[s.stage]?.[i], lang)) })),
    rules: rec.trace.rules.map((r, i) => explainEntry(r, where?.rules[i], lang)),
    escalation: { level: rec.escalation.level, source: rec.escalation.source, considered: rec.trace.escalations },
    commitments: rec.commitments.map((c) => ({ kind: c.kind, due: c.due, within: c.within, businessTime: c.businessTime, source: c.source })),
    adjustments: rec.trace.adjustments ?? [],
    warnings: rec.trace.warnings,
  };
}

function at(entry: ExplainedEntry): string {
  const l = entry.location;
  return l ? `  [${l.file !== undefined ? `${l.file}:` : 'line '}${l.line}]` : '';
}

function because(entry: ExplainedEntry): string {
  if (entry.unconditional) return '';
  return entry.reasons.map((r) => r.text).join(' and ');
}

/**
 * An explanation as text, one line per outcome and rule, for the terminal.
 *
 * @example
 * ```ts
 * console.log(formatExplanation(explainRecommendation(rec)));
 * ```
 */
export function formatExplanation(explanation: Explanation): string {
  const lines: string[] = [`Complaint ${explanation.complaintId} · playbook ${explanation.playbook.id} ${explanation.playbook.version}`];
  for (const s of explanation.stages) {
    lines.push('');
    const how = s.result === null ? 'no outcome matched and there is no default' : s.byDefault ? 'the default: no outcome matched' : `first match (hit policy ${s.hitPolicy})`;
    lines.push(`${s.stage} → ${s.result ?? '(none)'}  — ${how}`);
    const width = Math.max(...s.outcomes.map((o) => o.id.length));
    for (const o of s.outcomes) {
      const chosen = o.id === s.result;
      let detail: string;
      if (o.unconditional) detail = chosen ? 'default' : 'default, not needed';
      else if (o.matched && !chosen) detail = `${because(o)}  (also matched; "${s.result}" came first)`;
      else detail = because(o);
      lines.push(`  ${o.matched || (chosen && s.byDefault) ? '✓' : '✗'} ${o.id.padEnd(width)}  ${detail}${at(o)}`);
    }
  }
  lines.push('');
  lines.push(`Rules: ${explanation.rules.filter((r) => r.matched).length} of ${explanation.rules.length} fired`);
  const width = Math.max(0, ...explanation.rules.map((r) => r.id.length));
  for (const r of explanation.rules) lines.push(`  ${r.matched ? '✓' : '✗'} ${r.id.padEnd(width)}  ${r.unconditional ? 'always applies' : because(r)}${at(r)}`);
  if (explanation.adjustments.length) {
    lines.push('');
    lines.push('Order and suppression:');
    for (const a of explanation.adjustments) {
      lines.push(a.action === 'lead' ? `  first: the response ${a.id} (by ${a.source})` : a.action === 'close' ? `  last in its stage: the response ${a.id} (by ${a.source})` : `  left out: the ${a.kind === 'commitment' ? 'commitment' : a.kind === 'avoid' ? 'avoid entry' : 'response'} ${a.id} (by ${a.source})`);
    }
  }
  lines.push('');
  const e = explanation.escalation;
  const considered = e.considered.map((c) => `${c.source} → ${c.level}`).join(', ');
  lines.push(`Escalation: ${e.level}${e.source ? ` (from ${e.source})` : ' (no rule escalated: the lowest level)'}${considered ? `; considered: ${considered}` : ''}`);
  if (explanation.commitments.length) {
    lines.push('Deadlines (the earliest per kind wins):');
    for (const c of explanation.commitments) lines.push(`  ${c.kind.padEnd(12)} ${c.due}  (${c.within}${c.businessTime ? ' business time' : ''}, from ${c.source})`);
  }
  for (const w of explanation.warnings) lines.push(`warning ${w.code}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}
