/**
 * Options in one place, each with its default.
 */

/** Limits that bound the work done on an untrusted playbook. */
export interface PlaybookLimits {
  /** Largest playbook source, in characters. Default: `2_000_000`. */
  maxSourceLength: number;
  /** Most YAML alias expansions (guards against "billion laughs"). Default: `100`. */
  maxAliases: number;
  /** Most rules. Default: `5_000`. */
  maxRules: number;
  /** Most outcomes per stage. Default: `500`. */
  maxOutcomes: number;
  /** Deepest nesting of all/any/not in one condition. Default: `32`. */
  maxConditionDepth: number;
}

/** The default limits. */
export const defaultLimits: Readonly<PlaybookLimits> = Object.freeze({
  maxSourceLength: 2_000_000,
  maxAliases: 100,
  maxRules: 5_000,
  maxOutcomes: 500,
  maxConditionDepth: 32,
});

/** Options of {@link loadPlaybook} and {@link validatePlaybook}. */
export interface LoadOptions {
  /** Name reported in problems (`file:line:column`). Default: none. */
  filename?: string;
  /** Overrides of {@link defaultLimits}. */
  limits?: Partial<PlaybookLimits>;
}

/** Options of `evaluate`. */
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
}
