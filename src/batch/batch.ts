import { isComplaintPlaybookError } from '../errors.js';
import { defaultReadLimits, type EvaluateOptions } from '../options.js';
import type { Playbook } from '../playbook.js';
import type { Recommendation } from '../types.js';

/**
 * A line a reader could not give as text: longer than its limit (`LINE_TOO_LONG`, not held in
 * memory) or not UTF-8 (`ENCODING`). `readJsonLines` (`complaint-playbook/node`) yields these;
 * the batch functions and `diffPlaybooks` report them with their number and go on.
 *
 * @example
 * ```ts
 * const lines: Array<string | UnreadableLine> = ['{"id":"T-1"}', { unreadable: { code: 'LINE_TOO_LONG', message: 'the line is 90000000 bytes long' } }];
 * ```
 */
export interface UnreadableLine {
  readonly unreadable: { readonly code: 'LINE_TOO_LONG' | 'ENCODING'; readonly message: string };
}

/**
 * What the batch functions read: lines of text (one JSON complaint each), or lines a reader
 * could not read ({@link UnreadableLine}).
 *
 * @example
 * ```ts
 * const input: LineSource = ['{"id":"T-1"}', '{"id":"T-2"}'];
 * ```
 */
export type LineSource = AsyncIterable<string | UnreadableLine> | Iterable<string | UnreadableLine>;

/**
 * The failure of a line that could not be read, or that is longer than `maxLineLength`
 * characters; undefined for a line to evaluate.
 */
export function lineFailure(input: string | UnreadableLine, maxLineLength: number): BatchFailure | undefined {
  if (typeof input !== 'string') {
    const u = (input as Partial<UnreadableLine> | null)?.unreadable;
    return { code: u?.code ?? 'ENCODING', message: typeof u?.message === 'string' ? u.message : 'the line could not be read as text' };
  }
  if (input.length > maxLineLength) return { code: 'LINE_TOO_LONG', message: `the line is ${input.length} characters long; the limit is ${maxLineLength}` };
  return undefined;
}

/** The `maxLineLength` to apply: the option when it is a number ≥ 1, else the default. */
export function resolveMaxLineLength(value: unknown): number {
  return typeof value === 'number' && value >= 1 ? value : defaultReadLimits.maxLineBytes;
}

/**
 * Why one line of a batch failed.
 *
 * @example
 * ```ts
 * const item = await evaluateLine(playbook, '{"id": 7}', 12);
 * if (!item.ok) item.error; // { code: 'COMPLAINT_INVALID', message: …, problems: [{ code: 'COMPLAINT_TYPE', path: ['id'], … }] }
 * ```
 */
export interface BatchFailure {
  /**
   * `JSON_SYNTAX`, `LINE_TOO_LONG`, `ENCODING`, a `ComplaintError`/`EvaluationError` code,
   * `WORKER_FAILED` (a worker thread died while evaluating it), or `INTERNAL`.
   */
  code: string;
  message: string;
  /** For an invalid complaint: every problem with its JSON path. */
  problems?: Array<{ code: string; message: string; path: ReadonlyArray<string | number> }>;
}

/**
 * The outcome of one line: its 1-based number and a recommendation or a failure.
 *
 * @example
 * ```ts
 * for await (const item of evaluateLines(playbook, lines)) {
 *   if (item.ok) out.write(`${JSON.stringify(item.recommendation)}\n`);
 *   else console.error(`line ${item.line}: ${item.error.code}`);
 * }
 * ```
 */
export type BatchItem =
  | { line: number; ok: true; recommendation: Recommendation }
  | { line: number; ok: false; error: BatchFailure };

/**
 * One line's outcome, with the recommendation already serialized as JSON.
 *
 * @example
 * ```ts
 * for await (const item of evaluateLinesJson(playbook, lines)) {
 *   if (item.ok) out.write(`${item.json}\n`); // already JSON: no second serialization
 *   else console.error(`line ${item.line}: ${item.error.code}`);
 * }
 * ```
 */
export type SerializedItem = { line: number; ok: true; json: string } | { line: number; ok: false; error: BatchFailure };

/**
 * Counts of a batch run: `ok + failed + blank === lines`.
 *
 * @example
 * ```ts
 * const run = evaluateLines(playbook, lines);
 * let step = await run.next();
 * while (!step.done) step = await run.next();
 * const summary: BatchSummary = step.value; // { lines: 1000, ok: 997, failed: 2, blank: 1 }
 * ```
 */
export interface BatchSummary {
  /** Lines read. */
  lines: number;
  ok: number;
  failed: number;
  /** Empty or whitespace-only lines, skipped. */
  blank: number;
}

/**
 * Options of {@link evaluateLines}.
 *
 * @example
 * ```ts
 * const options: BatchOptions = { locale: 'en', trace: false, signal: AbortSignal.timeout(60_000) };
 * for await (const item of evaluateLines(playbook, lines, options)) handle(item);
 * ```
 */
export interface BatchOptions extends EvaluateOptions {
  /** Stops reading when aborted; what was finished has been yielded. */
  signal?: AbortSignal;
  /**
   * Longest line evaluated, in characters; a longer one fails with `LINE_TOO_LONG` without being
   * parsed. Default: `1_000_000` (`defaultReadLimits.maxLineBytes`).
   */
  maxLineLength?: number;
}

/**
 * Turns an error thrown while evaluating one line into a {@link BatchFailure}.
 *
 * @example
 * ```ts
 * try { await playbook.evaluate(complaint); } catch (e) {
 *   const failure = toBatchFailure(e); // { code: 'COMPLAINT_INVALID', message, problems } or { code: 'INTERNAL', … }
 * }
 * ```
 */
export function toBatchFailure(error: unknown): BatchFailure {
  if (isComplaintPlaybookError(error)) {
    const e = error as { code?: string; message: string; problems?: BatchFailure['problems'] };
    return { code: e.code ?? 'ERROR', message: e.message, ...(e.problems ? { problems: e.problems.map((p) => ({ code: p.code, message: p.message, path: p.path })) } : {}) };
  }
  return { code: 'INTERNAL', message: `internal error (this is a bug): ${error instanceof Error ? error.message : String(error)}` };
}

function parseLine(text: string, line: number): { complaint: unknown } | { line: number; ok: false; error: BatchFailure } {
  try {
    return { complaint: JSON.parse(text) };
  } catch (error) {
    return { line, ok: false, error: { code: 'JSON_SYNTAX', message: `not valid JSON: ${(error as Error).message}` } };
  }
}

/**
 * Evaluates one JSONL line synchronously (no host facts); never throws.
 *
 * @example
 * ```ts
 * const item = evaluateLineSync(playbook, '{"id":"T-1","risk":["safety"]}', 1);
 * if (item.ok) item.recommendation.escalation.level; // 'manager'
 * ```
 */
export function evaluateLineSync(playbook: Playbook, text: string, line: number, options: Omit<EvaluateOptions, 'facts'> = {}): BatchItem {
  const parsed = parseLine(text, line);
  if (!('complaint' in parsed)) return parsed;
  try {
    return { line, ok: true, recommendation: playbook.evaluateSync(parsed.complaint, options) };
  } catch (error) {
    return { line, ok: false, error: toBatchFailure(error) };
  }
}

/**
 * {@link evaluateLineSync} with the recommendation serialized (see `Playbook.evaluateSyncJson`:
 * the same text as `JSON.stringify`, made faster); never throws.
 *
 * @example
 * ```ts
 * const item = evaluateLineJson(playbook, '{"id":"T-1"}', 1, { trace: false });
 * if (item.ok) out.write(`${item.json}\n`);
 * ```
 */
export function evaluateLineJson(playbook: Playbook, text: string, line: number, options: Omit<EvaluateOptions, 'facts'> = {}): SerializedItem {
  const parsed = parseLine(text, line);
  if (!('complaint' in parsed)) return parsed as SerializedItem;
  try {
    return { line, ok: true, json: playbook.evaluateSyncJson(parsed.complaint, options) };
  } catch (error) {
    return { line, ok: false, error: toBatchFailure(error) };
  }
}

/**
 * Evaluates one JSONL line; never throws. Synchronous underneath unless host facts are given.
 *
 * @example
 * ```ts
 * const item = await evaluateLine(playbook, 'not json', 3);
 * item; // { line: 3, ok: false, error: { code: 'JSON_SYNTAX', message: 'not valid JSON: …' } }
 * ```
 */
export async function evaluateLine(playbook: Playbook, text: string, line: number, options: EvaluateOptions = {}): Promise<BatchItem> {
  if (!options.facts) return evaluateLineSync(playbook, text, line, options);
  const parsed = parseLine(text, line);
  if (!('complaint' in parsed)) return parsed;
  try {
    return { line, ok: true, recommendation: await playbook.evaluate(parsed.complaint, options) };
  } catch (error) {
    return { line, ok: false, error: toBatchFailure(error) };
  }
}

/**
 * The lines of `source` until `signal` aborts, even while waiting for the next line (a terminal or
 * a pipe that sends nothing more): the wait is raced against the abort.
 */
export function untilAborted<T>(source: AsyncIterable<T> | Iterable<T>, signal: AbortSignal | undefined): AsyncIterable<T> | Iterable<T> {
  // Without a signal, the source itself: a generator layer per line costs a promise per line.
  return signal ? abortable(source, signal) : source;
}

async function* abortable<T>(source: AsyncIterable<T> | Iterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  if (signal.aborted) return;
  const iterator = (Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  // One listener per wait, removed when the line arrives: racing against one long-lived promise
  // would pile up a reaction per line on it (a leak over millions of lines).
  const next = () =>
    new Promise<IteratorResult<T>>((resolve, reject) => {
      const onAbort = () => resolve({ done: true, value: undefined });
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve(iterator.next()).then(
        (step) => {
          signal.removeEventListener('abort', onAbort);
          resolve(step);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  try {
    for (;;) {
      const step = await next();
      if (step.done || signal.aborted) return;
      yield step.value;
    }
  } finally {
    // Let the source release what it holds (a file handle, a readline interface).
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/**
 * Evaluates a stream of JSON Lines (one complaint per line), yielding one item per non-blank
 * line in input order. Memory stays flat: one line is held at a time. A malformed or invalid
 * line becomes a failed item with its line number; the run goes on. Browser-safe: give it any
 * (async) iterable of lines.
 *
 * @example
 * ```ts
 * for await (const item of evaluateLines(playbook, lines)) {
 *   if (item.ok) send(item.recommendation); else log(item.line, item.error.code);
 * }
 * ```
 */
export function evaluateLines(
  playbook: Playbook,
  lines: LineSource,
  options: BatchOptions = {},
): AsyncGenerator<BatchItem, BatchSummary, undefined> {
  const { signal, maxLineLength, ...evaluateOptions } = options;
  const max = resolveMaxLineLength(maxLineLength);
  if (!evaluateOptions.facts) return eachLine(lines, signal, max, (text, line) => evaluateLineSync(playbook, text, line, evaluateOptions));
  return eachLine(lines, signal, max, (text, line) => evaluateLine(playbook, text, line, evaluateOptions));
}

/**
 * @internal The loop of {@link evaluateLines}, {@link evaluateLinesJson} and `trackLines`: counts lines, skips blank ones,
 * evaluates the others (awaiting only when the evaluation is asynchronous) and yields each outcome.
 */
export async function* eachLine<T extends { ok: boolean }>(
  lines: LineSource,
  signal: AbortSignal | undefined,
  maxLineLength: number,
  evaluate: (text: string, line: number) => T | Promise<T>,
): AsyncGenerator<T | { line: number; ok: false; error: BatchFailure }, BatchSummary, undefined> {
  const summary: BatchSummary = { lines: 0, ok: 0, failed: 0, blank: 0 };
  for await (const text of untilAborted(lines, signal)) {
    summary.lines++;
    const failure = lineFailure(text, maxLineLength);
    if (failure) {
      summary.failed++;
      yield { line: summary.lines, ok: false, error: failure };
      continue;
    }
    if ((text as string).trim() === '') {
      summary.blank++;
      continue;
    }
    const outcome = evaluate(text as string, summary.lines);
    const item = outcome instanceof Promise ? await outcome : outcome;
    if (item.ok) summary.ok++;
    else summary.failed++;
    yield item;
  }
  return summary;
}

/**
 * {@link evaluateLines}, yielding each recommendation already serialized as JSON (the same text
 * as `JSON.stringify`, made faster from cached fragments): for writing JSON Lines. Host facts,
 * when given, go through `evaluate` and `JSON.stringify`.
 *
 * @example
 * ```ts
 * for await (const item of evaluateLinesJson(playbook, lines, { trace: false })) {
 *   if (item.ok) out.write(`${item.json}\n`); else log(item.line, item.error.code);
 * }
 * ```
 */
export function evaluateLinesJson(
  playbook: Playbook,
  lines: LineSource,
  options: BatchOptions = {},
): AsyncGenerator<SerializedItem, BatchSummary, undefined> {
  const { signal, maxLineLength, ...evaluateOptions } = options;
  const max = resolveMaxLineLength(maxLineLength);
  if (!evaluateOptions.facts) return eachLine(lines, signal, max, (text, line) => evaluateLineJson(playbook, text, line, evaluateOptions));
  return eachLine(lines, signal, max, async (text, line): Promise<SerializedItem> => {
    const item = await evaluateLine(playbook, text, line, evaluateOptions);
    return item.ok ? { line: item.line, ok: true, json: JSON.stringify(item.recommendation) } : item;
  });
}
