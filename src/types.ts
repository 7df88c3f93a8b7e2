/**
 * Public data types: the playbook as written in YAML, the complaint (input) and the
 * recommendation (output). The names here are a contract with embedding helpdesks.
 */

/** A text given once for every locale (a plain string) or per locale (`{ zh-CN: …, en: … }`). */
export type LocalizedText = string | Record<string, string>;

/** A json-rules-engine condition leaf: `fact` `operator` `value`, optionally with a JSONPath `path`. */
export interface ConditionLeaf {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

/** A json-rules-engine condition tree: `all`, `any`, `not`, or a leaf. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ConditionLeaf;

/** Days of the week as written in the calendar's `hours`. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The business calendar commitments are computed on. */
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

/** One rung of the authority ladder. */
export interface AuthorityLevelSpec {
  id: string;
  label: LocalizedText;
  /** Largest compensation this level may approve; absent means no limit. */
  maxCompensation?: number;
}

/** The three classification stages, evaluated in this order. */
export type StageName = 'customerType' | 'demand' | 'resolvability';

/** How a stage picks its outcome when several match. */
export type HitPolicy = 'first' | 'unique';

/** One possible result of a classification stage. */
export interface OutcomeSpec {
  id: string;
  label?: LocalizedText;
  /** For customer types: how to approach this customer. */
  approach?: LocalizedText;
  description?: string;
  when?: Condition;
}

/** A classification stage. */
export interface StageSpec {
  hitPolicy?: HitPolicy;
  outcomes: OutcomeSpec[];
  /** The outcome id used when no outcome matches. */
  default?: string;
}

/** Kinds of time commitment. */
export type CommitmentKind = 'acknowledge' | 'resolve' | 'update' | 'follow-up';

/** A time commitment made by a rule. */
export interface CommitSpec {
  kind: CommitmentKind;
  /** `30m`, `2h`, `1h30m`, `3d` or ISO 8601 (`PT2H`). */
  within: string;
  /** Count only business hours (default `true`). */
  businessTime?: boolean;
  /** What to tell the customer; `{due}` and `{within}` are filled in. */
  text?: LocalizedText;
}

/** What a matching rule contributes to the recommendation. */
export interface RuleActions {
  respond?: string[];
  avoid?: string[];
  escalate?: { to: string; reason: LocalizedText };
  commit?: CommitSpec[];
  flag?: string[];
  route?: string;
}

/** A recommendation rule. */
export interface RuleSpec {
  id: string;
  description?: string;
  /** Absent means the rule always applies. */
  when?: Condition;
  then: RuleActions;
}

/** The stages of a conversation, in the order responses are given. */
export type ResponseStage =
  | 'apologize'
  | 'listen'
  | 'ask'
  | 'soothe'
  | 'explain'
  | 'confirm'
  | 'resolve'
  | 'follow-up';

/** A response an agent can say. */
export interface ResponseSpec {
  stage: ResponseStage;
  text: LocalizedText;
}

/** A phrase the agent must not say, and why. */
export interface AvoidSpec {
  phrase: LocalizedText;
  reason: LocalizedText;
}

/** A fact declared by the playbook in addition to the complaint schema's fields. */
export interface FactSpec {
  type?: 'string' | 'number' | 'boolean' | 'array' | 'object';
  description?: string;
}

/** Limits the playbook sets on itself, checked by `lintPlaybook`. */
export interface PolicySpec {
  /** The longest `within` any rule may promise, per commitment kind (`2h`, `5d`, `PT4H`). */
  maxWithin?: Partial<Record<CommitmentKind, string>>;
}

/** A playbook as written in YAML (after parsing). */
export interface PlaybookSpec {
  formatVersion: 1;
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
}

/** Channels a complaint can arrive through. */
export type Channel = 'phone' | 'in-person' | 'email' | 'chat' | 'social' | 'web';
/** The customer's emotional state as recorded by the agent. */
export type Emotion = 'calm' | 'upset' | 'angry' | 'furious';
/** What the customer asks for. */
export type DemandType =
  | 'apology'
  | 'explanation'
  | 'repair'
  | 'replacement'
  | 'refund'
  | 'compensation'
  | 'investigation'
  | 'service-improvement';

/** One customer complaint (the input). Fields beyond these are allowed and usable as facts. */
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
    [key: string]: unknown;
  };
  demand?: { type?: DemandType; amount?: number; description?: string; [key: string]: unknown };
  loss?: { amount?: number; [key: string]: unknown };
  handoffs?: number;
  risk?: string[];
  [key: string]: unknown;
}

/** Demand reasonableness values. */
export type Reasonableness = 'reasonable' | 'unreasonable' | 'excessive';
/** Resolvability tiers. */
export type ResolvabilityTier = 'immediate' | 'short-term' | 'not-currently-resolvable';

/** A leaf condition as it was evaluated. */
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

/** A condition tree as it was evaluated. */
export type ConditionTrace =
  | { all: ConditionTrace[]; result?: boolean }
  | { any: ConditionTrace[]; result?: boolean }
  | { not: ConditionTrace; result?: boolean }
  | ConditionLeafTrace;

/** How one outcome of a stage was evaluated. */
export interface OutcomeTrace {
  id: string;
  matched: boolean;
  conditions?: ConditionTrace;
}

/** How one stage was decided. */
export interface StageTrace {
  stage: StageName;
  hitPolicy: HitPolicy;
  /** The chosen outcome id, or `null` when nothing matched and there is no default. */
  result: string | null;
  /** `true` when the result is the stage's default. */
  byDefault: boolean;
  outcomes: OutcomeTrace[];
}

/** How one rule was evaluated. */
export interface RuleTrace {
  id: string;
  matched: boolean;
  conditions?: ConditionTrace;
}

/** A non-fatal finding made while evaluating. */
export interface EvaluationWarning {
  code: 'UNIQUE_OVERLAP' | 'PLACEHOLDER_MISSING' | 'STAGE_NO_MATCH';
  message: string;
  /** The stage, rule, response or commitment concerned. */
  source: string;
}

/** Why the recommendation is what it is. */
export interface Trace {
  stages: StageTrace[];
  rules: RuleTrace[];
  /** Escalation candidates in the order considered, incl. the authority limit check. */
  escalations: Array<{ source: string; level: string }>;
  /** Every fact read by some condition, with its value. */
  facts: Record<string, unknown>;
  warnings: EvaluationWarning[];
}

/** The recommendation for one complaint (the output). */
export interface Recommendation {
  playbook: { id: string; version: string };
  complaintId: string;
  locale: string;
  customerType: { id: string | null; label: string | null; approach: string | null };
  demand: { reasonableness: Reasonableness | null; label: string | null };
  resolvability: { tier: ResolvabilityTier | null; label: string | null };
  escalation: { level: string; label: string; reason: string | null; source: string | null };
  responses: Array<{ stage: ResponseStage; id: string; text: string }>;
  avoid: Array<{ id: string; phrase: string; reason: string }>;
  commitments: Array<{
    kind: CommitmentKind;
    due: string;
    within: string;
    businessTime: boolean;
    text: string | null;
    source: string;
  }>;
  flags: string[];
  route: { department: string | null; label: string | null };
  trace: Trace;
}
