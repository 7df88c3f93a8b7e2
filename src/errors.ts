/**
 * One error family. Problems are collected (all of them, not the first) and thrown together
 * by the strict entry points; the non-throwing ones return them.
 */

/**
 * Codes of problems found in a playbook. The union is closed: tools may switch on it.
 *
 * @example
 * ```ts
 * function owner(code: PlaybookErrorCode): 'author' | 'admin' {
 *   return code === 'LIMIT_EXCEEDED' ? 'admin' : 'author';
 * }
 * ```
 */
export type PlaybookErrorCode =
  // the source text
  | 'ENCODING'
  // YAML
  | 'YAML_SYNTAX'
  | 'YAML_DUPLICATE_KEY'
  | 'YAML_TAB'
  | 'YAML_TAG'
  | 'YAML_ALIAS'
  | 'YAML_MULTIPLE_DOCUMENTS'
  | 'YAML_NOT_A_MAPPING'
  // YAML structure mistakes, explained (the parser's words in `detail`)
  | 'YAML_INDENTATION'
  | 'YAML_UNQUOTED_COLON'
  | 'YAML_UNCLOSED'
  // structure, before the schema
  | 'NESTING_DEPTH'
  | 'FORBIDDEN_KEY'
  // schema
  | 'SCHEMA_REQUIRED'
  | 'SCHEMA_UNKNOWN_FIELD'
  | 'SCHEMA_TYPE'
  | 'SCHEMA_ENUM'
  | 'SCHEMA_FORMAT'
  | 'SCHEMA_CONDITION'
  | 'SCHEMA_VALUE'
  // semantics
  | 'DUPLICATE_ID'
  | 'UNKNOWN_RESPONSE'
  | 'UNKNOWN_AVOID'
  | 'UNKNOWN_LEVEL'
  | 'UNKNOWN_DEPARTMENT'
  | 'UNKNOWN_OUTCOME'
  | 'UNKNOWN_VALUE'
  | 'UNKNOWN_FACT'
  | 'UNKNOWN_LOCALE'
  | 'MISSING_TEXT'
  | 'MISSING_WHEN'
  | 'INVALID_OUTCOME_ID'
  | 'STAGE_ORDER'
  | 'OPERATOR_VALUE'
  | 'OPERATOR_FACT_TYPE'
  | 'INVALID_PATH'
  | 'INVALID_DURATION'
  | 'UNKNOWN_PLACEHOLDER'
  | 'CALENDAR_TIMEZONE'
  | 'CALENDAR_INTERVAL'
  | 'CALENDAR_DATE'
  | 'CALENDAR_EMPTY'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_COMMITMENT'
  | 'INVALID_SLA'
  // extends: a playbook built on a base
  | 'EXTENDS_UNRESOLVED'
  | 'EXTENDS_NOT_FOUND'
  | 'EXTENDS_CYCLE'
  | 'EXTENDS_DEPTH'
  | 'ABSTRACT_PLAYBOOK'
  // lint warnings (`lintPlaybook`): the playbook loads, but something in it is likely a mistake
  | 'LINT_CONTRADICTION'
  | 'LINT_SHADOWED_OUTCOME'
  | 'LINT_UNREACHABLE_OUTCOME'
  | 'LINT_UNREACHABLE_RULE'
  | 'LINT_UNIQUE_OVERLAP'
  | 'LINT_STAGE_GAP'
  | 'LINT_ESCALATION_LIMIT'
  | 'LINT_UNUSED_RESPONSE'
  | 'LINT_UNUSED_AVOID'
  | 'LINT_COMMITMENT_TOO_LONG'
  | 'LINT_SUPPRESS_NEVER_APPLIES'
  | 'LINT_COMMITMENT_ORDER'
  | 'LINT_AVOIDED_IN_RESPONSE';

/**
 * Codes of problems found in a complaint.
 *
 * @example
 * ```ts
 * const retryable = (code: ComplaintErrorCode) => code !== 'COMPLAINT_NOT_AN_OBJECT';
 * ```
 */
export type ComplaintErrorCode =
  | 'COMPLAINT_NOT_AN_OBJECT'
  | 'COMPLAINT_REQUIRED'
  | 'COMPLAINT_TYPE'
  | 'COMPLAINT_ENUM'
  | 'COMPLAINT_FORMAT'
  | 'COMPLAINT_VALUE'
  | 'COMPLAINT_TIMESTAMP'
  | 'COMPLAINT_FORBIDDEN_KEY'
  // a size bound of `complaintLimits` (nodes, keys of one object, items of one list), or more
  // problems than are listed
  | 'COMPLAINT_LIMIT';

/**
 * Codes of errors raised while evaluating.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (e instanceof EvaluationError && (e.code satisfies EvaluationErrorCode) === 'FACT_TIMEOUT') retryLater(e.fact);
 * }
 * ```
 */
export type EvaluationErrorCode = 'INVALID_OPTION' | 'INVALID_DRAFT' | 'CALENDAR_EXHAUSTED' | 'ENGINE_FAILURE' | 'FACT_FAILED' | 'FACT_TIMEOUT' | 'ASYNC_FACT';

/**
 * Codes of problems in a case (`{ complaint, events }`) given to `track`. A problem of the
 * complaint inside keeps its complaint code, with the path from the case (`['complaint', 'id']`).
 *
 * @example
 * ```ts
 * const fixable = (code: CaseErrorCode) => code !== 'CASE_NOT_AN_OBJECT';
 * ```
 */
export type CaseErrorCode =
  | 'CASE_NOT_AN_OBJECT'
  | 'CASE_REQUIRED'
  | 'CASE_TYPE'
  | 'CASE_ENUM'
  | 'CASE_UNKNOWN_FIELD'
  | 'CASE_TIMESTAMP'
  | 'CASE_VALUE'
  | 'CASE_UNKNOWN_LEVEL';

/**
 * JSON path of a value: object keys and array indexes from the root.
 *
 * @example
 * ```ts
 * const path: JsonPath = ['rules', 3, 'then', 'respond', 0]; // rules[3].then.respond[0]
 * ```
 */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * One problem in a playbook, pointed at its place in the source.
 *
 * @example
 * ```ts
 * const { problems } = validatePlaybook(yamlText, { filename: 'retail.yaml' });
 * for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}`);
 * // retail.yaml:49:17: error UNKNOWN_RESPONSE: the rule "apologize-first" responds with "apolgy", …
 * ```
 */
export interface PlaybookProblem {
  code: PlaybookErrorCode;
  /** Plain-words explanation for a policy owner. */
  message: string;
  /** JSON path of the offending value, e.g. `['rules', 3, 'then', 'respond', 0]`. */
  path: JsonPath;
  /** File name given to the loader, if any. */
  file?: string;
  /** 1-based line, when the playbook came from YAML text. */
  line?: number;
  /** 1-based column, when the playbook came from YAML text. */
  column?: number;
  /** A near name when the problem is a misspelling ("did you mean …"). */
  suggestion?: string;
  /** `error` problems stop loading; `warning` ones do not. */
  severity: 'error' | 'warning';
  /** The parser's own words, when {@link PlaybookProblem.message} explains a YAML mistake in plain ones. */
  detail?: string;
  /** The message in other languages than English, when it has them (e.g. `{ 'zh-CN': '…' }`). */
  translations?: { 'zh-CN'?: string };
}

/**
 * One problem in a complaint.
 *
 * @example
 * ```ts
 * try { await playbook.evaluate({ id: 7 }); } catch (e) {
 *   if (e instanceof ComplaintError) e.problems; // [{ code: 'COMPLAINT_TYPE', path: ['id'], message: 'id must be a string, not 7' }]
 * }
 * ```
 */
export interface ComplaintProblem {
  code: ComplaintErrorCode;
  message: string;
  /** JSON path of the offending value; `[]` for the complaint itself. */
  path: JsonPath;
}

/**
 * One problem in a case.
 *
 * @example
 * ```ts
 * try { playbook.track({ complaint, events: [{ type: 'solved', at: '2026-11-20T10:00:00+08:00' }] }); } catch (e) {
 *   if (e instanceof CaseError) e.problems; // [{ code: 'CASE_ENUM', path: ['events', 0, 'type'], message: '…' }]
 * }
 * ```
 */
export interface CaseProblem {
  code: CaseErrorCode | ComplaintErrorCode;
  message: string;
  /** JSON path from the case: `['events', 2, 'at']`, `['complaint', 'channel']`. */
  path: JsonPath;
}

/**
 * Base class of every error this library throws on purpose.
 *
 * @example
 * ```ts
 * try { loadPlaybook(yamlText); } catch (e) {
 *   if (e instanceof ComplaintPlaybookError) report(e.name, e.message); // ours: a clear message, no stack needed
 *   else throw e;
 * }
 * ```
 */
export class ComplaintPlaybookError extends Error {
  /** Marks errors of this library; survives realms where `instanceof` does not. */
  declare readonly isComplaintPlaybookError: true;
  // No field initializers in the error classes: the CommonJS build's class-field lowering wraps
  // such classes in renamed temporaries (`_class2`), and `name` would follow.
  constructor(message: string) {
    super(message);
    (this as { isComplaintPlaybookError: true }).isComplaintPlaybookError = true;
    this.name = new.target.name;
  }
}

function summarize(kind: string, problems: ReadonlyArray<{ message: string }>): string {
  const first = problems[0];
  if (!first) return `${kind} is invalid`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `${kind} is invalid: ${first.message}${more}`;
}

/**
 * The playbook cannot be loaded; `problems` lists every problem found, in source order.
 *
 * @example
 * ```ts
 * try {
 *   loadPlaybook(yamlText, { filename: 'retail.yaml' });
 * } catch (e) {
 *   if (e instanceof PlaybookError) for (const p of e.problems) console.log(p.line, p.column, p.code);
 * }
 * ```
 */
export class PlaybookError extends ComplaintPlaybookError {
  declare readonly code: 'PLAYBOOK_INVALID';
  constructor(readonly problems: PlaybookProblem[]) {
    super(summarize('playbook', problems));
    (this as { code: 'PLAYBOOK_INVALID' }).code = 'PLAYBOOK_INVALID';
  }
}

/**
 * The complaint does not satisfy the complaint schema; `problems` lists every problem.
 *
 * @example
 * ```ts
 * try {
 *   await playbook.evaluate(JSON.parse(body));
 * } catch (e) {
 *   if (e instanceof ComplaintError) return reply.code(400).send({ problems: e.problems });
 *   throw e;
 * }
 * ```
 */
export class ComplaintError extends ComplaintPlaybookError {
  declare readonly code: 'COMPLAINT_INVALID';
  constructor(readonly problems: ComplaintProblem[]) {
    super(summarize('complaint', problems));
    (this as { code: 'COMPLAINT_INVALID' }).code = 'COMPLAINT_INVALID';
  }
}

/**
 * The case given to `track` is not a valid case; `problems` lists every problem.
 *
 * @example
 * ```ts
 * try {
 *   playbook.track(JSON.parse(body), { now: new Date() });
 * } catch (e) {
 *   if (e instanceof CaseError) return reply.code(400).send({ problems: e.problems });
 *   throw e;
 * }
 * ```
 */
export class CaseError extends ComplaintPlaybookError {
  declare readonly code: 'CASE_INVALID';
  constructor(readonly problems: CaseProblem[]) {
    super(summarize('case', problems));
    (this as { code: 'CASE_INVALID' }).code = 'CASE_INVALID';
  }
}

/**
 * Evaluation could not complete (bad option, calendar exhausted, engine failure).
 *
 * @example
 * ```ts
 * try {
 *   await playbook.evaluate(complaint, { facts: { 'crm.lifetimeValue': lookUp } });
 * } catch (e) {
 *   if (e instanceof EvaluationError && e.code === 'FACT_FAILED') console.log(`the CRM failed for ${e.fact}`, e.cause);
 * }
 * ```
 */
export class EvaluationError extends ComplaintPlaybookError {
  /** The host-provided fact concerned, for `FACT_FAILED`, `FACT_TIMEOUT` and `ASYNC_FACT`. */
  readonly fact?: string;
  /** The `id` of the complaint being evaluated, when it had one (set for `ENGINE_FAILURE`). */
  readonly complaintId?: string;
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    details: { fact?: string; cause?: unknown; complaintId?: string } = {},
  ) {
    super(message);
    if (details.fact !== undefined) this.fact = details.fact;
    if (details.complaintId !== undefined) this.complaintId = details.complaintId;
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }
}

/**
 * Codes of {@link ReadError}: why a file (or standard input) could not be read as text.
 *
 * @example
 * ```ts
 * const retry = (code: ReadErrorCode) => code === 'READ_FAILED';
 * ```
 */
export type ReadErrorCode =
  /** The file system refused: no such file, permission denied, a name too long, … (`reason` says which). */
  | 'READ_FAILED'
  /** Not a regular file: a directory, a named pipe (FIFO), a device or a socket. */
  | 'NOT_A_FILE'
  /** Larger than the size limit; reading stopped there. */
  | 'LIMIT_EXCEEDED'
  /** Not UTF-8 (`line` and `column` of the first bad byte), or UTF-16. */
  | 'ENCODING';

/**
 * A file or standard input could not be read as text (Node helpers: `readTextFile`,
 * `readPlaybookSource`, `readJsonLines`). Carries the file as given and, for `ENCODING`, the
 * line and column of the first bad byte.
 *
 * @example
 * ```ts
 * try { await readTextFile('tickets/T-1.json', { maxBytes: 1_000_000 }); } catch (e) {
 *   if (e instanceof ReadError) console.error(`${e.file}: ${e.code}: ${e.message}`);
 * }
 * ```
 */
export class ReadError extends ComplaintPlaybookError {
  /** The file as given (`<stdin>` for standard input). */
  readonly file: string;
  /** 1-based line of the first bad byte, for `ENCODING`. */
  readonly line?: number;
  /** 1-based column of the first bad byte, for `ENCODING`. */
  readonly column?: number;
  constructor(
    readonly code: ReadErrorCode,
    message: string,
    details: { file: string; line?: number; column?: number; cause?: unknown },
  ) {
    super(message);
    this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }
}

/**
 * True for any error thrown on purpose by this library, across realms.
 *
 * @example
 * ```ts
 * // Works where instanceof does not (another realm, two copies of the package).
 * catch (e) {
 *   if (isComplaintPlaybookError(e)) console.log(e.name, e.code, e.message); // code: narrowed to the four classes' codes
 * }
 * ```
 */
export function isComplaintPlaybookError(error: unknown): error is PlaybookError | ComplaintError | EvaluationError | ReadError {
  return typeof error === 'object' && error !== null && (error as { isComplaintPlaybookError?: unknown }).isComplaintPlaybookError === true;
}
