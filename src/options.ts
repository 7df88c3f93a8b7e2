/**
 * Options in one place, each with its default.
 */

import type { PlaybookResolver } from './load/merge.js';
/**
 * Limits that bound the work done on an untrusted playbook.
 *
 * @example
 * ```ts
 * const strict: Partial<PlaybookLimits> = { maxSourceLength: 200_000, maxRules: 500 };
 * const playbook = loadPlaybook(untrustedYaml, { limits: strict });
 * ```
 */
export interface PlaybookLimits {
  /** Largest playbook source, in characters. Default: `2_000_000`. */
  maxSourceLength: number;
  /**
   * Most YAML aliases (`*name`) in a playbook, and most alias expansions when it is read (guards
   * against "billion laughs"). Default: `100`.
   */
  maxAliases: number;
  /** Most rules. Default: `5_000`. */
  maxRules: number;
  /** Most outcomes per stage. Default: `500`. */
  maxOutcomes: number;
  /** Deepest nesting of all/any/not in one condition. Default: `32`. */
  maxConditionDepth: number;
  /**
   * Deepest nesting of mappings and lists in the playbook (the root mapping is level 1). Checked
   * on the YAML before it is composed, and again on the value (aliases can deepen it), so that no
   * recursive step can exhaust the stack. Values above 256 (the ceiling the composer, the schema
   * validator and the condition walkers stay well inside a stack with) count as 256. Default: `100`.
   */
  maxNestingDepth: number;
  /** Longest text (any string value or key), in characters. Default: `10_000`. */
  maxTextLength: number;
  /**
   * Most problems collected and returned; beyond it one last `LIMIT_EXCEEDED` problem says how
   * many more there were. Default: `1_000`.
   */
  maxProblems: number;
}

/**
 * The limits to apply: the defaults, overridden by every given limit that is a number ≥ 0. An
 * override left `undefined` (a common way to write "not set") or not a number keeps its default,
 * so that a configuration slip can never switch a guard off. `Infinity` is allowed and lifts a
 * limit (except nesting depth, which {@link maxNestingDepthCeiling} bounds).
 */
export function resolveLimits(overrides?: Partial<PlaybookLimits>): PlaybookLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof PlaybookLimits>) {
    const value = overrides?.[key];
    if (typeof value === 'number' && value >= 0) limits[key] = value;
  }
  return limits;
}

/**
 * The highest nesting depth {@link PlaybookLimits.maxNestingDepth} can raise the bound to: the
 * YAML composer, the schema validator and the condition walkers recurse once per level, and a
 * few hundred levels stay well inside any JavaScript engine's stack.
 */
export const maxNestingDepthCeiling = 256;

/**
 * The default limits.
 *
 * @example
 * ```ts
 * defaultLimits.maxRules; // 5000
 * loadPlaybook(yamlText, { limits: { maxRules: defaultLimits.maxRules * 2 } });
 * ```
 */
export const defaultLimits: Readonly<PlaybookLimits> = Object.freeze({
  maxSourceLength: 2_000_000,
  maxAliases: 100,
  maxRules: 5_000,
  maxOutcomes: 500,
  maxConditionDepth: 32,
  maxNestingDepth: 100,
  maxTextLength: 10_000,
  maxProblems: 1_000,
});

/**
 * Fixed bounds on a complaint, checked before anything reads it. A complaint is JSON data from
 * the public: these keep the work done on it proportional to a reasonable ticket.
 */
export const complaintLimits: Readonly<{
  /** Deepest nesting of objects and arrays (the complaint itself is level 1). */
  maxDepth: number;
  /** Most values in the whole complaint: objects, arrays, texts, numbers, true/false and null. */
  maxNodes: number;
  /** Most fields (keys) in one object. */
  maxKeys: number;
  /** Most items in one array. */
  maxArrayItems: number;
  /** Most problems listed in a `ComplaintError`; one last `COMPLAINT_LIMIT` problem counts the rest. */
  maxProblems: number;
  /** Longest string value or key, in characters (the same as the `text` field's maximum). */
  maxTextLength: number;
  /** Earliest `receivedAt` accepted (an instant). */
  earliestReceivedAt: string;
  /** `receivedAt` must be before this instant, so that every deadline stays a four-digit year. */
  latestReceivedAt: string;
}> = Object.freeze({
  maxDepth: 32,
  maxNodes: 100_000,
  maxKeys: 1_000,
  maxArrayItems: 10_000,
  maxProblems: 1_000,
  maxTextLength: 20_000,
  earliestReceivedAt: '1970-01-01T00:00:00Z',
  latestReceivedAt: '9000-01-01T00:00:00Z',
});

/**
 * Options of {@link loadPlaybook} and {@link validatePlaybook}.
 *
 * @example
 * ```ts
 * const options: LoadOptions = { filename: 'playbooks/retail.yaml', limits: { maxAliases: 10 } };
 * const { problems } = validatePlaybook(yamlText, options);
 * ```
 */
export interface LoadOptions {
  /** Name reported in problems (`file:line:column`). Default: none. */
  filename?: string;
  /** Overrides of {@link defaultLimits}; one left `undefined` or not a number ≥ 0 keeps its default. */
  limits?: Partial<PlaybookLimits>;
  /**
   * Finds the base a playbook `extends` (the core reads no files). The Node helpers
   * (`loadPlaybookFile`) supply one that reads files relative to the extending file and knows
   * the shipped playbooks by name. Default: none, so `extends` is an `EXTENDS_UNRESOLVED` error.
   */
  resolve?: PlaybookResolver;
}

/**
 * Options of `evaluate`.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = {
 *   now: '2026-11-20T17:45:00+08:00',   // only used when the complaint has no receivedAt
 *   locale: 'en',
 *   facts: { 'crm.lifetimeValue': (c) => crm.lifetimeValue(String(c.id)) },
 *   factTimeoutMs: 2_000,
 * };
 * const rec = await playbook.evaluate(complaint, options);
 * ```
 */
export interface EvaluateOptions {
  /**
   * The evaluation time: deadlines count from the complaint's `receivedAt`, or from `now` when
   * the complaint has none. A `Date`, epoch milliseconds, or an ISO 8601 string with an offset.
   * Default: the current time.
   */
  now?: Date | number | string;
  /**
   * Locale of the texts. Default: the complaint's `locale`, else the playbook's first locale.
   * An unknown locale falls back by language (`en-GB` → `en`), then to the playbook's first.
   */
  locale?: string;
  /**
   * Host-provided facts, by the name the playbook declares under `facts` (e.g. a CRM look-up of
   * the customer's lifetime value). Each is resolved at most once per evaluation, only when the
   * playbook reads it, and its value takes precedence over a complaint field of the same name.
   * Default: none.
   */
  facts?: Record<string, HostFact>;
  /** How long `evaluate` waits for a host-provided fact, in milliseconds. Default: `5000`. */
  factTimeoutMs?: number;
  /**
   * `compiled` (the default) evaluates conditions with the compiled synchronous evaluator;
   * `json-rules-engine` runs the same conditions through json-rules-engine, the reference
   * (async only; used to prove both agree).
   */
  engine?: 'compiled' | 'json-rules-engine';
  /** Include the `trace` (default `true`). Without it `trace` holds empty lists, which is faster. */
  trace?: boolean;
}

/**
 * A host-provided fact: a function of the complaint, or one with a fallback and a timeout.
 *
 * @example
 * ```ts
 * const facts: Record<string, HostFact> = {
 *   'crm.segment': (complaint) => crm.segment(complaint.id),
 *   'crm.lifetimeValue': { resolve: (c) => crm.lifetimeValue(c.id), fallback: 0, timeoutMs: 500 },
 * };
 * ```
 */
export type HostFact =
  | ((complaint: Readonly<Record<string, unknown>>) => unknown)
  | {
      /** Looks the value up; may return a promise (not with `evaluateSync`). */
      resolve: (complaint: Readonly<Record<string, unknown>>) => unknown;
      /** Used when `resolve` throws, rejects or times out; without it the evaluation fails. */
      fallback?: unknown;
      /** Overrides `factTimeoutMs` for this fact. */
      timeoutMs?: number;
    };

/**
 * Size limits of the strict reader of the Node helpers and the CLI (`complaint-playbook/node`:
 * `readTextFile`, `readJsonLines`). A playbook or test file may hold at most
 * `3 × maxSourceLength + 3` bytes (every character's worth of UTF-8, and a BOM); these bound the
 * rest.
 *
 * @example
 * ```ts
 * const limits: ReadLimits = { ...defaultReadLimits, maxLineBytes: 4_000_000 };
 * ```
 */
export interface ReadLimits {
  /** Largest complaint file (`evaluate`, `explain`, `--now`-less standard input), in bytes. Default: `1_000_000`. */
  maxComplaintBytes: number;
  /**
   * Longest line of JSON Lines (`evaluate --batch`, `diff`), in bytes, and longest line
   * `evaluateLines` accepts, in characters. A longer line is reported with its number
   * (`LINE_TOO_LONG`) and skipped without being held in memory; the run goes on. Default: `1_000_000`.
   */
  maxLineBytes: number;
}

/**
 * The default {@link ReadLimits}.
 *
 * @example
 * ```ts
 * defaultReadLimits.maxLineBytes; // 1000000
 * ```
 */
export const defaultReadLimits: Readonly<ReadLimits> = Object.freeze({
  maxComplaintBytes: 1_000_000,
  maxLineBytes: 1_000_000,
});

/** Most bytes a playbook (or playbook test file) of `maxSourceLength` characters can take in UTF-8, with a BOM. */
export function maxSourceBytes(maxSourceLength: number): number {
  return 3 * maxSourceLength + 3;
}
