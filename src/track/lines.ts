import { eachLine, resolveMaxLineLength, toBatchFailure, type BatchFailure, type BatchSummary, type LineSource } from '../batch/batch.js';
import type { Playbook } from '../playbook.js';
import { trackCase, trackCaseAsync } from './track.js';
import type { CaseStatus, TrackOptions } from './types.js';

/**
 * The outcome of one line of {@link trackCases}: its 1-based number and a status or a failure.
 *
 * @example
 * ```ts
 * for await (const item of trackCases(playbook, lines)) {
 *   if (item.ok) send(item.status); else log(item.line, item.error.code);
 * }
 * ```
 */
export type TrackItem = { line: number; ok: true; status: CaseStatus } | { line: number; ok: false; error: BatchFailure };

/**
 * Options of {@link trackCases}.
 *
 * @example
 * ```ts
 * const options: TrackLinesOptions = { now: '2026-12-01T00:00:00+08:00', signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface TrackLinesOptions extends TrackOptions {
  /** Stops reading when aborted; what was finished has been yielded. */
  signal?: AbortSignal;
  /** Longest line tracked, in characters; a longer one fails with `LINE_TOO_LONG`. Default: `1_000_000`. */
  maxLineLength?: number;
}

/**
 * Tracks a stream of JSON Lines (one case `{ complaint, events }` per line), yielding one status
 * per non-blank line in input order; a malformed or invalid line becomes a failure with its
 * number and the run goes on. Returns the counts (`ok + failed + blank === lines`). The same
 * `now` for every case, so a replay is deterministic. Browser-safe: give it any (async) iterable.
 *
 * @example
 * ```ts
 * const run = trackCases(playbook, lines, { now: '2026-12-01T00:00:00+08:00' });
 * for await (const item of run) if (item.ok) console.log(item.status.state);
 * ```
 */
export function trackCases(playbook: Playbook, lines: LineSource, options: TrackLinesOptions = {}): AsyncGenerator<TrackItem, BatchSummary, undefined> {
  const { signal, maxLineLength, ...trackOptions } = options;
  // One `now` for the whole run: the clock read once, not per line.
  const fixed: TrackOptions = { ...trackOptions, now: trackOptions.now ?? Date.now() };
  const parse = (text: string, line: number): { value: unknown } | TrackItem => {
    try {
      return { value: JSON.parse(text) };
    } catch (error) {
      return { line, ok: false, error: { code: 'JSON_SYNTAX', message: `not valid JSON: ${(error as Error).message}` } };
    }
  };
  const sync = (text: string, line: number): TrackItem => {
    const parsed = parse(text, line);
    if (!('value' in parsed)) return parsed;
    try {
      return { line, ok: true, status: trackCase(playbook, parsed.value, fixed) };
    } catch (error) {
      return { line, ok: false, error: toBatchFailure(error) };
    }
  };
  const async = async (text: string, line: number): Promise<TrackItem> => {
    const parsed = parse(text, line);
    if (!('value' in parsed)) return parsed;
    try {
      return { line, ok: true, status: await trackCaseAsync(playbook, parsed.value, fixed) };
    } catch (error) {
      return { line, ok: false, error: toBatchFailure(error) };
    }
  };
  return eachLine(lines, signal, resolveMaxLineLength(maxLineLength), fixed.facts ? async : sync);
}
