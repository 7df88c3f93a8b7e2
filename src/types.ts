/**
 * Public data types: the playbook as written in YAML, the complaint (input) and the
 * recommendation (output). The names here are a contract with embedding helpdesks.
 */

/**
 * A text given once for every locale (a plain string) or per locale (`{ zh-CN: …, en: … }`).
 *
 * @example
 * ```ts
 * const same: LocalizedText = 'OK';
 * const perLocale: LocalizedText = { 'zh-CN': '非常抱歉', en: 'We are very sorry' };
 * ```
 */
export type LocalizedText = string | Record<string, string>;

/**
 * A json-rules-engine condition leaf: `fact` `operator` `value`, optionally with a JSONPath `path`.
 *
 * @example
 * ```ts
 * const angry: ConditionLeaf = { fact: 'customer.emotion', operator: 'in', value: ['angry', 'furious'] };
 * const tier: ConditionLeaf = { fact: 'crm.account', path: '$.tier', operator: 'equal', value: 'gold' };
 * ```
 */
export interface ConditionLeaf {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

/**
 * A json-rules-engine condition tree: `all`, `any`, `not`, or a leaf.
 *
 * @example
 * ```ts
 * const when: Condition = {
 *   all: [
 *     { fact: 'risk', operator: 'containsAny', value: ['regulator', 'media'] },
 *     { not: { fact: 'reasonableness', operator: 'equal', value: 'excessive' } },
 *   ],
 * };
 * ```
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ConditionLeaf;

/**
 * Days of the week as written in the calendar's `hours`.
 *
 * @example
 * ```ts
 * const weekend: Weekday[] = ['sat', 'sun'];
 * ```
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * The business calendar commitments are computed on.
 *
 * @example
 * ```ts
 * const calendar: CalendarSpec = {
 *   timezone: 'Europe/Rome',
 *   hours: { mon: ['08:30-13:30', '14:30-16:30'], sat: [] },
 *   holidays: ['2026-12-25'],
 *   workdays: [{ date: '2026-12-27', hours: ['09:00-12:00'] }],
 * };
 * ```
 */
export interface CalendarSpec {
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timezone: string;
  /** Business intervals per weekday, `HH:MM-HH:MM`; an end of `24:00` means midnight. */
  hours: Partial<Record<Weekday, string[]>>;
  /** Closed dates (`YYYY-MM-DD`). */
  holidays?: string[];
  /** Dates that are worked although they fall on a weekend or holiday. */
  workdays?: Array<string | { date: string; hours: string[] }>;
}

/**
 * One rung of the authority ladder.
 *
 * @example
 * ```ts
 * const ladder: AuthorityLevelSpec[] = [
 *   { id: 'agent', label: 'Agent', maxCompensation: 200 },
 *   { id: 'manager', label: { 'zh-CN': '经理', en: 'Manager' } },
 * ];
 * ```
 */
export interface AuthorityLevelSpec {
  id: string;
  label: LocalizedText;
  /** Largest compensation this level may approve; absent means no limit. */
  maxCompensation?: number;
}

/**
 * The three classification stages, evaluated in this order.
 *
 * @example
 * ```ts
 * const order: StageName[] = ['customerType', 'demand', 'resolvability'];
 * ```
 */
export type StageName = 'customerType' | 'demand' | 'resolvability';

/**
 * How a stage picks its outcome when several match.
 *
 * @example
 * ```ts
 * const stage: StageSpec = { hitPolicy: 'unique' satisfies HitPolicy, outcomes: [{ id: 'short-term' }], default: 'short-term' };
 * ```
 */
export type HitPolicy = 'first' | 'unique';

/**
 * One possible result of a classification stage.
 *
 * @example
 * ```ts
 * const dominance: OutcomeSpec = {
 *   id: 'dominance',
 *   label: 'Dominance',
 *   approach: 'Be direct: outcome and time first',
 *   when: { fact: 'customer.signals', operator: 'containsAny', value: ['impatient', 'demands-manager'] },
 * };
 * ```
 */
export interface OutcomeSpec {
  id: string;
  label?: LocalizedText;
  /** For customer types: how to approach this customer. */
  approach?: LocalizedText;
  description?: string;
  when?: Condition;
}

/**
 * A classification stage.
 *
 * @example
 * ```ts
 * const demand: StageSpec = {
 *   outcomes: [
 *     { id: 'excessive', when: { fact: 'demand.amount', operator: 'greaterThan', value: 5000 } },
 *     { id: 'reasonable' },
 *   ],
 *   default: 'reasonable',
 * };
 * ```
 */
export interface StageSpec {
  hitPolicy?: HitPolicy;
  outcomes: OutcomeSpec[];
  /** The outcome id used when no outcome matches. */
  default?: string;
}

/**
 * Kinds of time commitment.
 *
 * @example
 * ```ts
 * const first: CommitmentKind = 'acknowledge';
 * ```
 */
export type CommitmentKind = 'acknowledge' | 'resolve' | 'update' | 'follow-up';

/**
 * A time commitment made by a rule.
 *
 * @example
 * ```ts
 * const promise: CommitSpec = { kind: 'resolve', within: '3d', text: 'We will give you the result by {due}.' };
 * const callBack: CommitSpec = { kind: 'acknowledge', within: '15m', businessTime: false };
 * ```
 */
export interface CommitSpec {
  kind: CommitmentKind;
  /** `30m`, `2h`, `1h30m`, `3d` or ISO 8601 (`PT2H`). */
  within: string;
  /** Count only business hours (default `true`). */
  businessTime?: boolean;
  /** What to tell the customer; `{due}` and `{within}` are filled in. */
  text?: LocalizedText;
  /**
   * Count from the deadline of another commitment of the same recommendation instead of from
   * receipt (`from: 'resolve'`: a follow-up after the resolve deadline). Without that
   * commitment, this one is left out and the trace says so.
   */
  from?: 'acknowledge' | 'resolve' | 'update';
  /** For `update`: the cadence of further updates until the resolve deadline (`1d`, `4h`). */
  every?: string;
}

/**
 * What a matching rule contributes to the recommendation.
 *
 * @example
 * ```ts
 * const then: RuleActions = {
 *   respond: ['apology'],
 *   lead: ['soothe-calm'],
 *   close: ['thank-customer'],
 *   avoid: ['excuse-words'],
 *   suppress: { respond: ['thank-customer'] },
 *   escalate: { to: 'manager', reason: 'Safety risk' },
 *   commit: [{ kind: 'acknowledge', within: '2h' }],
 *   flag: ['safety'],
 *   route: 'quality',
 * };
 * ```
 */
export interface RuleActions {
  respond?: string[];
  /** Responses said first: right after the apologies, before every other line. Recommended too. */
  lead?: string[];
  /** Responses said last in their conversation stage (the thanks after the plan). Recommended too. */
  close?: string[];
  avoid?: string[];
  /** What to take out of the lines other matching rules added; a suppression wins over any addition. */
  suppress?: { respond?: string[]; avoid?: string[]; commit?: CommitmentKind[] };
  escalate?: { to: string; reason: LocalizedText };
  commit?: CommitSpec[];
  flag?: string[];
  route?: string;
}

/**
 * A recommendation rule.
 *
 * @example
 * ```ts
 * const rule: RuleSpec = {
 *   id: 'safety',
 *   when: { fact: 'risk', operator: 'contains', value: 'safety' },
 *   then: { escalate: { to: 'manager', reason: 'Safety risk' }, flag: ['safety'] },
 * };
 * ```
 */
export interface RuleSpec {
  id: string;
  description?: string;
  /** Absent means the rule always applies. */
  when?: Condition;
  then: RuleActions;
}

/**
 * The stages of a conversation, in the order responses are given.
 *
 * @example
 * ```ts
 * const stage: ResponseStage = 'apologize'; // responses are ordered apologize → … → follow-up
 * ```
 */
export type ResponseStage =
  | 'apologize'
  | 'listen'
  | 'ask'
  | 'soothe'
  | 'explain'
  | 'confirm'
  | 'resolve'
  | 'follow-up';

/**
 * A response an agent can say.
 *
 * @example
 * ```ts
 * const apology: ResponseSpec = { stage: 'apologize', text: '{customer.name|Hello}, we are very sorry for the trouble.' };
 * ```
 */
export interface ResponseSpec {
  stage: ResponseStage;
  text: LocalizedText;
}

/**
 * A phrase the agent must not say, and why.
 *
 * @example
 * ```ts
 * const excuses: AvoidSpec = { phrase: 'but / however / because', reason: 'Sounds like an excuse' };
 * ```
 */
export interface AvoidSpec {
  phrase: LocalizedText;
  reason: LocalizedText;
  /** Literal words per locale that count as this entry when found in a text (no regular expressions). */
  match?: Record<string, string[]>;
  /**
   * The reply checker's check the words belong to: judged in its context (turning words only
   * right after an apology, …) and reported under its code. Without it: `AVOID_PHRASE` anywhere.
   */
  check?: AvoidCheck;
}

/**
 * Checks of the reply checker an avoid entry's words can belong to (see {@link AvoidSpec.check}).
 *
 * @example
 * ```ts
 * const excuses: AvoidSpec = { phrase: 'but… after an apology', reason: 'Sounds like an excuse', match: { en: ['but'] }, check: 'turning-after-apology' };
 * ```
 */
export type AvoidCheck = 'turning-after-apology' | 'uncertain-promise' | 'blame-customer' | 'criticise-colleague' | 'gift-compensation';

/**
 * A fact declared by the playbook in addition to the complaint schema's fields.
 *
 * @example
 * ```ts
 * const facts: Record<string, FactSpec> = {
 *   'crm.lifetimeValue': { type: 'number', description: 'Spent with us, in euros, from the CRM' },
 * };
 * ```
 */
export interface FactSpec {
  type?: 'string' | 'number' | 'boolean' | 'array' | 'object';
  description?: string;
}

/**
 * Limits the playbook sets on itself, checked by `lintPlaybook`.
 *
 * @example
 * ```ts
 * const policy: PolicySpec = { maxWithin: { acknowledge: '2h', resolve: '5d' } };
 * ```
 */
export interface PolicySpec {
  /** The longest `within` any rule may promise, per commitment kind (`2h`, `5d`, `PT4H`). */
  maxWithin?: Partial<Record<CommitmentKind, string>>;
}

/**
 * A playbook as written in YAML (after parsing).
 *
 * @example
 * ```ts
 * const spec: PlaybookSpec = {
 *   formatVersion: 1, playbook: 'desk', version: '1.0.0', locales: ['en'],
 *   calendar: { timezone: 'Europe/Rome', hours: { mon: ['09:00-17:00'] } },
 *   authority: [{ id: 'agent', label: 'Agent' }],
 *   customerType: { outcomes: [{ id: 'unknown' }], default: 'unknown' },
 *   demand: { outcomes: [{ id: 'reasonable' }], default: 'reasonable' },
 *   resolvability: { outcomes: [{ id: 'short-term' }], default: 'short-term' },
 *   rules: [{ id: 'always', then: { respond: ['sorry'] } }],
 *   responses: { sorry: { stage: 'apologize', text: 'We are sorry.' } },
 * };
 * const playbook = compilePlaybook(spec);
 * ```
 */
export interface PlaybookSpec {
  formatVersion: 1;
  /** A base playbook this one builds on (merged by the loader; see `mergePlaybookSpecs`). */
  extends?: string;
  /** A base meant only to be extended: it may leave out the calendar and is never evaluated. */
  abstract?: boolean;
  playbook: string;
  version: string;
  title?: LocalizedText;
  description?: string;
  locales: string[];
  calendar: CalendarSpec;
  authority: AuthorityLevelSpec[];
  departments?: Record<string, LocalizedText>;
  facts?: Record<string, FactSpec>;
  customerType: StageSpec;
  demand: StageSpec;
  resolvability: StageSpec;
  rules: RuleSpec[];
  responses: Record<string, ResponseSpec>;
  avoid?: Record<string, AvoidSpec>;
  policy?: PolicySpec;
  /** How a case is followed after the recommendation: pauses, warnings, escalation on breach, reopening. */
  sla?: SlaSpec;
}

/**
 * Escalation when a commitment of one kind is breached: to a named level, or a number of levels
 * above the level handling the case.
 *
 * @example
 * ```ts
 * const onLateResolve: SlaEscalation = { to: 'manager', reason: 'The resolve deadline passed' };
 * const oneUp: SlaEscalation = { raise: 1, reason: { 'zh-CN': '未按时回复', en: 'No answer in time' } };
 * ```
 */
export interface SlaEscalation {
  /** The authority level that takes over. */
  to?: string;
  /** Levels above the current one (at most the top of the ladder). */
  raise?: number;
  reason: LocalizedText;
}

/**
 * The playbook's `sla` section: how the clocks of a case run after the recommendation.
 *
 * @example
 * ```ts
 * const sla: SlaSpec = {
 *   pauseWhileWaiting: ['resolve', 'update'],
 *   warnAt: '80%',
 *   escalate: { resolve: { raise: 1, reason: 'The resolve deadline passed' } },
 *   reopen: { raise: 1, respond: ['better-solution'], reason: 'The customer was not satisfied' },
 *   trainingFlags: ['staff-training'],
 * };
 * ```
 */
export interface SlaSpec {
  /** Commitment kinds whose clocks stop while the case waits for the customer. Default: none. */
  pauseWhileWaiting?: CommitmentKind[];
  /** When a commitment becomes `due-soon`: the share of its window gone, `"80%"`. Default: `80%`. */
  warnAt?: string;
  /** Escalation per breached kind. */
  escalate?: Partial<Record<CommitmentKind, SlaEscalation>>;
  /** What a reopened case gets: the level above the previous handling, and the responses said first. */
  reopen?: {
    /** Levels above the level that handled the case before (default 1). */
    raise?: number;
    /** Response ids said right after the apologies ("look for a better solution"). */
    respond?: string[];
    reason?: LocalizedText;
  };
  /** Flags that call for staff training: the archive report counts the cases that carry them. */
  trainingFlags?: string[];
}

/**
 * Channels a complaint can arrive through.
 *
 * @example
 * ```ts
 * const channel: Channel = 'in-person';
 * ```
 */
export type Channel = 'phone' | 'in-person' | 'email' | 'chat' | 'social' | 'web';
/**
 * The customer's emotional state as recorded by the agent.
 *
 * @example
 * ```ts
 * const emotion: Emotion = 'furious';
 * ```
 */
export type Emotion = 'calm' | 'upset' | 'angry' | 'furious';
/**
 * What the customer asks for.
 *
 * @example
 * ```ts
 * const demand: Complaint['demand'] = { type: 'refund' satisfies DemandType, amount: 80 };
 * ```
 */
export type DemandType =
  | 'apology'
  | 'explanation'
  | 'repair'
  | 'replacement'
  | 'refund'
  | 'compensation'
  | 'investigation'
  | 'service-improvement';

/**
 * One customer complaint (the input). Fields beyond these are allowed and usable as facts.
 *
 * @example
 * ```ts
 * const complaint: Complaint = {
 *   id: 'T-1001',
 *   receivedAt: '2026-11-20T17:45:00+08:00',
 *   channel: 'in-person',
 *   category: 'product.quality',
 *   customer: { name: '李小姐', emotion: 'furious', signals: ['talkative'] },
 *   demand: { type: 'investigation' },
 *   risk: ['safety', 'regulator'],
 * };
 * ```
 */
export interface Complaint {
  id: string;
  /** ISO 8601 with an offset, e.g. `2026-11-20T17:45:00+08:00`. */
  receivedAt?: string;
  channel?: Channel;
  /** Dotted category, e.g. `product.quality`. */
  category?: string;
  text?: string;
  locale?: string;
  customer?: {
    name?: string;
    emotion?: Emotion;
    signals?: string[];
    previousComplaints?: number;
    persistence?: number;
    /** How many times the customer rejected a proposed solution. */
    rejectedSolution?: number;
    [key: string]: unknown;
  };
  demand?: { type?: DemandType; amount?: number; description?: string; [key: string]: unknown };
  loss?: { amount?: number; [key: string]: unknown };
  handoffs?: number;
  /** Who handled the case before: their authority level, whether that handling offended, whether their record is available. */
  previousHandler?: { level?: string; offended?: boolean; recorded?: boolean; [key: string]: unknown };
  product?: { name?: string; available?: boolean; daysSincePurchase?: number; [key: string]: unknown };
  /** How far the problem disrupts the customer (seed 003's 影响程度). */
  impact?: 'low' | 'medium' | 'high' | 'critical';
  risk?: string[];
  [key: string]: unknown;
}

/**
 * Demand reasonableness values.
 *
 * @example
 * ```ts
 * if (rec.demand.reasonableness === ('excessive' satisfies Reasonableness)) refuseKindly();
 * ```
 */
export type Reasonableness = 'reasonable' | 'unreasonable' | 'excessive';
/**
 * Resolvability tiers.
 *
 * @example
 * ```ts
 * const now: ResolvabilityTier = 'immediate';
 * ```
 */
export type ResolvabilityTier = 'immediate' | 'short-term' | 'not-currently-resolvable';

/**
 * A leaf condition as it was evaluated.
 *
 * @example
 * ```ts
 * // In rec.trace.rules[i].conditions: what was compared, what the fact held, and the result.
 * const leaf: ConditionLeafTrace = { fact: 'customer.emotion', operator: 'in', value: ['angry', 'furious'], factValue: 'angry', result: true };
 * ```
 */
export interface ConditionLeafTrace {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  /** The fact's value as read (after `path`); `undefined` when the fact is absent. */
  factValue?: unknown;
  /** When `value` is `{ fact: … }`: the other fact's value that was compared with. */
  comparedValue?: unknown;
  /** `undefined` when the leaf was not evaluated (short-circuited). */
  result?: boolean;
}

/**
 * A condition tree as it was evaluated.
 *
 * @example
 * ```ts
 * function failed(c: ConditionTrace): ConditionLeafTrace[] {
 *   if ('all' in c) return c.all.flatMap(failed);
 *   if ('any' in c) return c.any.flatMap(failed);
 *   if ('not' in c) return failed(c.not);
 *   return c.result === false ? [c] : [];
 * }
 * ```
 */
export type ConditionTrace =
  | { all: ConditionTrace[]; result?: boolean }
  | { any: ConditionTrace[]; result?: boolean }
  | { not: ConditionTrace; result?: boolean }
  | ConditionLeafTrace;

/**
 * How one outcome of a stage was evaluated.
 *
 * @example
 * ```ts
 * const matched: OutcomeTrace[] = rec.trace.stages[0]!.outcomes.filter((o) => o.matched);
 * ```
 */
export interface OutcomeTrace {
  id: string;
  matched: boolean;
  conditions?: ConditionTrace;
}

/**
 * How one stage was decided.
 *
 * @example
 * ```ts
 * for (const s of rec.trace.stages) console.log(`${s.stage}: ${s.result}${s.byDefault ? ' (default)' : ''}`);
 * ```
 */
export interface StageTrace {
  stage: StageName;
  hitPolicy: HitPolicy;
  /** The chosen outcome id, or `null` when nothing matched and there is no default. */
  result: string | null;
  /** `true` when the result is the stage's default. */
  byDefault: boolean;
  outcomes: OutcomeTrace[];
}

/**
 * How one rule was evaluated.
 *
 * @example
 * ```ts
 * const applied = rec.trace.rules.filter((r: RuleTrace) => r.matched).map((r) => r.id); // ['apologize-first', 'safety', …]
 * ```
 */
export interface RuleTrace {
  id: string;
  matched: boolean;
  conditions?: ConditionTrace;
}

/**
 * A non-fatal finding made while evaluating.
 *
 * @example
 * ```ts
 * for (const w of rec.trace.warnings) console.warn(`${w.code} at ${w.source}: ${w.message}`);
 * ```
 */
export interface EvaluationWarning {
  code: 'UNIQUE_OVERLAP' | 'PLACEHOLDER_MISSING' | 'STAGE_NO_MATCH' | 'COMMITMENT_DROPPED' | 'COMMITMENT_MOVED' | 'LOCALE_FALLBACK';
  message: string;
  /** The stage, rule, response or commitment concerned. */
  source: string;
}

/**
 * Why the recommendation is what it is.
 *
 * @example
 * ```ts
 * const { stages, rules, escalations, facts, warnings }: Trace = rec.trace;
 * escalations.at(-1); // { source: 'safety-risk', level: 'manager' }: who decided the level
 * ```
 */
export interface Trace {
  stages: StageTrace[];
  rules: RuleTrace[];
  /** Escalation candidates in the order considered, incl. the authority limit check. */
  escalations: Array<{ source: string; level: string }>;
  /** Every fact read by some condition, with its value. */
  facts: Record<string, unknown>;
  /** Lines a rule moved to the front (`lead`), to the end of their stage (`close`) or took out (`suppress`), in rule order. */
  adjustments: Adjustment[];
  warnings: EvaluationWarning[];
}

/**
 * A line one rule moved or took out of what other rules recommended.
 *
 * @example
 * ```ts
 * const a: Adjustment = { action: 'suppress', kind: 'response', id: 'ask-facts', source: 'handoff-record' };
 * ```
 */
export interface Adjustment {
  action: 'lead' | 'close' | 'suppress';
  kind: 'response' | 'avoid' | 'commitment';
  /** The response id, avoid id or commitment kind. */
  id: string;
  /** The rule that did it. */
  source: string;
}

/**
 * The recommendation for one complaint (the output).
 *
 * @example
 * ```ts
 * const rec: Recommendation = await playbook.evaluate(complaint, { locale: 'en' });
 * rec.escalation.level;                                  // 'manager'
 * rec.responses.map((r) => r.text);                      // what to say, in order
 * rec.commitments.find((c) => c.kind === 'resolve')?.due; // '2026-12-08T18:00:00+08:00'
 * ```
 */
export interface Recommendation {
  playbook: { id: string; version: string };
  complaintId: string;
  locale: string;
  customerType: { id: string | null; label: string | null; approach: string | null };
  demand: { reasonableness: Reasonableness | null; label: string | null };
  resolvability: { tier: ResolvabilityTier | null; label: string | null };
  escalation: {
    level: string;
    label: string;
    reason: string | null;
    source: string | null;
    /** The largest compensation the handling level may approve (absent: no limit). */
    maxCompensation?: number;
  };
  responses: Array<{ stage: ResponseStage; id: string; text: string }>;
  avoid: Array<{
    id: string;
    phrase: string;
    reason: string;
    /** The entry's literal words in the recommendation's locale, when the playbook gives them. */
    match?: string[];
    /** The reply checker's check the words belong to, when the playbook says. */
    check?: AvoidCheck;
  }>;
  commitments: Array<{
    kind: CommitmentKind;
    due: string;
    within: string;
    businessTime: boolean;
    /** Counted from this other commitment's deadline, when the rule says so. */
    from?: 'acknowledge' | 'resolve' | 'update';
    /** For updates: the cadence of further updates until the resolve deadline. */
    every?: string;
    text: string | null;
    source: string;
  }>;
  flags: string[];
  route: { department: string | null; label: string | null };
  trace: Trace;
}
