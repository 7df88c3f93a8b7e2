/**
 * The impact of a policy change: every complaint evaluated with the old and the new playbook,
 * and what changed, field by field. Works on any (async) iterable of lines, so a caller can
 * stream a file of any size (the CLI uses node:readline); nothing here touches the file system.
 */
import { lineFailure, resolveMaxLineLength, untilAborted, type LineSource } from '../batch/batch.js';
import { ComplaintError, isComplaintPlaybookError } from '../errors.js';
import type { EvaluateOptions } from '../options.js';
import type { Playbook } from '../playbook.js';
import type { CommitmentKind, Recommendation } from '../types.js';

/**
 * The fields compared between the two recommendations.
 *
 * @example
 * ```ts
 * const field: DiffField = 'commitments.resolve';
 * ```
 */
export type DiffField =
  | 'customerType'
  | 'reasonableness'
  | 'tier'
  | 'escalation'
  | 'commitments.acknowledge'
  | 'commitments.resolve'
  | 'commitments.update'
  | 'commitments.follow-up'
  | 'route'
  | 'flags'
  | 'responses'
  | 'avoid'
  | 'wording';

/**
 * The fields in report order.
 *
 * @example
 * ```ts
 * for (const field of diffFields) console.log(field);
 * ```
 */
export const diffFields: readonly DiffField[] = [
  'customerType',
  'reasonableness',
  'tier',
  'escalation',
  'commitments.acknowledge',
  'commitments.resolve',
  'commitments.update',
  'commitments.follow-up',
  'route',
  'flags',
  'responses',
  'avoid',
  'wording',
];

/**
 * One complaint whose field changed. For commitments `from`/`to` are the due times.
 *
 * @example
 * ```ts
 * const e: DiffExample = { line: 3, complaintId: 'D-3', from: 'unknown', to: 'dominance' };
 * ```
 */
export interface DiffExample {
  /** 1-based line number in the input. */
  line: number;
  complaintId: string;
  from: string;
  to: string;
}

/**
 * All complaints whose field went from one value to another. For commitments the values are
 * the promised `within` (`3d`, `4h calendar`, `none`), and a change means the due time moved.
 *
 * @example
 * ```ts
 * const [top]: DiffTransition[] = report.fields[3]!.transitions; // escalation
 * `${top?.from} → ${top?.to}: ${top?.count}`;
 * ```
 */
export interface DiffTransition {
  from: string;
  to: string;
  count: number;
  examples: DiffExample[];
}

/**
 * The changes of one field.
 *
 * @example
 * ```ts
 * const escalation: FieldDiff | undefined = report.fields.find((f) => f.field === 'escalation');
 * ```
 */
export interface FieldDiff {
  field: DiffField;
  /** Complaints for which this field changed. */
  changed: number;
  /** Most frequent first. */
  transitions: DiffTransition[];
}

/**
 * A line that was not compared, and why.
 *
 * @example
 * ```ts
 * for (const s of report.skippedLines) console.error(`line ${s.line}: ${s.code}: ${s.message}`);
 * ```
 */
export interface SkippedLine {
  line: number;
  /**
   * `JSON_SYNTAX`, `LINE_TOO_LONG`, `ENCODING` (the line could not be read), `COMPLAINT_INVALID`,
   * or an evaluation error code (`CALENDAR_EXHAUSTED`, …).
   */
  code: string;
  message: string;
  /**
   * Which playbook failed: `old`, `new` or `both` (an invalid complaint fails both); absent when
   * the line could not be read.
   */
  failedIn?: 'old' | 'new' | 'both';
}

/**
 * The report of {@link diffPlaybooks}. The totals add up: `lines = blank + unchanged + changed + skipped`.
 *
 * @example
 * ```ts
 * const report: DiffReport = await diffPlaybooks(oldPlaybook, newPlaybook, lines);
 * console.log(`${report.changed} of ${report.lines} complaints change`);
 * ```
 */
export interface DiffReport {
  /** Lines read. */
  lines: number;
  /** Empty lines, ignored. */
  blank: number;
  /** Complaints for which no compared field changed. */
  unchanged: number;
  /** Complaints for which at least one compared field changed. */
  changed: number;
  /** Lines that were not compared (malformed JSON, invalid complaint, evaluation error). */
  skipped: number;
  /** Skipped lines the old playbook failed on (an invalid complaint counts for both). */
  failedBefore: number;
  /** Skipped lines the new playbook failed on (an invalid complaint counts for both). */
  failedAfter: number;
  /** Skipped lines that could not be read: not JSON, too long, not UTF-8. */
  unreadable: number;
  /** The first skipped lines (at most `maxSkippedListed`), with their reasons. */
  skippedLines: SkippedLine[];
  /** Every compared field, in {@link diffFields} order, changed or not. */
  fields: FieldDiff[];
}

/**
 * Options of {@link diffPlaybooks}.
 *
 * @example
 * ```ts
 * const options: DiffOptions = { now: '2026-11-20T10:00:00+08:00', maxExamples: 5 };
 * ```
 */
export interface DiffOptions {
  /**
   * Evaluation time for complaints without `receivedAt`, the same for both playbooks.
   * Default: the time the diff starts.
   */
  now?: EvaluateOptions['now'];
  /** Examples kept per transition. Default: `3`. */
  maxExamples?: number;
  /** Skipped lines listed in the report (all are counted). Default: `100`. */
  maxSkippedListed?: number;
  /** Longest line compared, in characters; a longer one is skipped as `LINE_TOO_LONG`. Default: `1_000_000`. */
  maxLineLength?: number;
  /** Stops reading when aborted; the report covers the lines read so far. */
  signal?: AbortSignal;
}

function fieldValues(rec: Recommendation): Record<DiffField, { key: string; label: string }> {
  const plain = (v: string | null) => ({ key: v ?? '(none)', label: v ?? '(none)' });
  const list = (ids: readonly string[]) => ({ key: JSON.stringify(ids), label: ids.length ? ids.join(', ') : '(none)' });
  const commitment = (kind: CommitmentKind) => {
    const c = rec.commitments.find((x) => x.kind === kind);
    return c ? { key: c.due, label: `${c.within}${c.businessTime ? '' : ' calendar'}` } : { key: 'none', label: 'none' };
  };
  return {
    customerType: plain(rec.customerType.id),
    reasonableness: plain(rec.demand.reasonableness),
    tier: plain(rec.resolvability.tier),
    escalation: plain(rec.escalation.level),
    'commitments.acknowledge': commitment('acknowledge'),
    'commitments.resolve': commitment('resolve'),
    'commitments.update': commitment('update'),
    'commitments.follow-up': commitment('follow-up'),
    route: plain(rec.route.department),
    flags: list([...rec.flags].sort()),
    responses: list(rec.responses.map((r) => r.id)),
    avoid: list(rec.avoid.map((a) => a.id).sort()),
    // The words said: response texts, avoid phrases and reasons, commitment texts, labels.
    wording: {
      key: JSON.stringify([rec.responses.map((r) => r.text), rec.avoid.map((a) => [a.phrase, a.reason]), rec.commitments.map((c) => c.text ?? null), rec.escalation.reason, rec.customerType.approach]),
      label: 'the words of the responses, avoid phrases or commitments',
    },
  };
}

/**
 * Evaluates every complaint (one JSON object per line) with both playbooks and reports what
 * changed per field, with counts and examples. A line that is not valid JSON, not a valid
 * complaint, or that one of the playbooks cannot evaluate is counted as skipped with its line
 * number; empty lines are counted as blank.
 *
 * @example
 * ```ts
 * const report = await diffPlaybooks(oldPlaybook, newPlaybook, jsonLines);
 * report.fields.find((f) => f.field === 'escalation')?.changed;
 * ```
 */
export async function diffPlaybooks(
  before: Playbook,
  after: Playbook,
  lines: LineSource,
  options: DiffOptions = {},
): Promise<DiffReport> {
  const maxExamples = options.maxExamples ?? 3;
  const maxSkipped = options.maxSkippedListed ?? 100;
  // One clock reading for the whole run, so complaints without receivedAt compare equal.
  const now = options.now ?? new Date();
  const maxLineLength = resolveMaxLineLength(options.maxLineLength);
  const report: DiffReport = { lines: 0, blank: 0, unchanged: 0, changed: 0, skipped: 0, failedBefore: 0, failedAfter: 0, unreadable: 0, skippedLines: [], fields: [] };
  const transitions = new Map<DiffField, Map<string, DiffTransition>>(diffFields.map((f) => [f, new Map()]));
  const changedPerField = new Map<DiffField, number>(diffFields.map((f) => [f, 0]));
  const skip = (line: number, code: string, message: string, failedIn?: 'old' | 'new' | 'both') => {
    report.skipped++;
    if (failedIn === undefined) report.unreadable++;
    if (failedIn === 'old' || failedIn === 'both') report.failedBefore++;
    if (failedIn === 'new' || failedIn === 'both') report.failedAfter++;
    if (report.skippedLines.length < maxSkipped) report.skippedLines.push({ line, code, message: message.slice(0, 1_000), ...(failedIn ? { failedIn } : {}) });
  };
  const reason = (error: unknown): { code: string; message: string } => {
    if (error instanceof ComplaintError) {
      const p = error.problems[0];
      return { code: 'COMPLAINT_INVALID', message: p ? `${p.message}${error.problems.length > 1 ? ` (and ${error.problems.length - 1} more)` : ''}` : error.message };
    }
    if (isComplaintPlaybookError(error)) return { code: (error as { code?: string }).code ?? 'ERROR', message: error.message };
    throw error;
  };

  for await (const raw of untilAborted(lines, options.signal)) {
    const line = ++report.lines;
    const failure = lineFailure(raw, maxLineLength);
    if (failure) {
      skip(line, failure.code, failure.message);
      continue;
    }
    const text = line === 1 && (raw as string).charCodeAt(0) === 0xfeff ? (raw as string).slice(1) : (raw as string);
    if (text.trim() === '') {
      report.blank++;
      continue;
    }
    let complaint: unknown;
    try {
      complaint = JSON.parse(text);
    } catch (error) {
      skip(line, 'JSON_SYNTAX', `not valid JSON (${(error as Error).message})`);
      continue;
    }
    const [oldResult, newResult] = await Promise.allSettled([before.evaluate(complaint, { now }), after.evaluate(complaint, { now })]);
    if (oldResult.status === 'rejected' || newResult.status === 'rejected') {
      const failedIn = oldResult.status === 'rejected' && newResult.status === 'rejected' ? 'both' : oldResult.status === 'rejected' ? 'old' : 'new';
      const first = reason(oldResult.status === 'rejected' ? oldResult.reason : (newResult as PromiseRejectedResult).reason);
      skip(line, first.code, first.message, first.code === 'COMPLAINT_INVALID' ? 'both' : failedIn);
      continue;
    }
    const old: Recommendation = oldResult.value;
    const neu: Recommendation = newResult.value;
    const a = fieldValues(old);
    const b = fieldValues(neu);
    let any = false;
    if (a.wording.key !== b.wording.key) {
      // The words themselves, not a count: the first text that differs, on each side.
      const flat = (key: string) => (JSON.parse(key) as unknown[]).flat(2).map((x) => (x === null ? '(none)' : String(x)));
      const [x, y] = [flat(a.wording.key), flat(b.wording.key)];
      const i = Math.max(0, x.findIndex((t, j) => t !== y[j]));
      const cut = (t: string | undefined) => (t === undefined ? '(none)' : t.length > 80 ? `${t.slice(0, 79)}…` : t);
      a.wording = { key: a.wording.key, label: cut(x[i]) };
      b.wording = { key: b.wording.key, label: cut(y[i]) };
    }
    for (const field of diffFields) {
      if (a[field].key === b[field].key) continue;
      any = true;
      changedPerField.set(field, changedPerField.get(field)! + 1);
      const id = `${a[field].label}\u0000${b[field].label}`;
      const byPair = transitions.get(field)!;
      let t = byPair.get(id);
      if (!t) {
        t = { from: a[field].label, to: b[field].label, count: 0, examples: [] };
        byPair.set(id, t);
      }
      t.count++;
      if (t.examples.length < maxExamples) t.examples.push({ line, complaintId: old.complaintId, from: a[field].key, to: b[field].key });
    }
    if (any) report.changed++;
    else report.unchanged++;
  }

  report.fields = diffFields.map((field) => ({
    field,
    changed: changedPerField.get(field)!,
    transitions: [...transitions.get(field)!.values()].sort((x, y) => y.count - x.count),
  }));
  return report;
}

/**
 * A diff report as text: totals, then each changed field with its transitions and examples.
 *
 * @example
 * ```ts
 * console.log(formatDiffReport(report, { before: 'retail 1.0.0', after: 'retail 1.1.0' }));
 * ```
 */
export function formatDiffReport(report: DiffReport, labels: { before: string; after: string }): string {
  const out: string[] = [`${labels.before} → ${labels.after}`];
  out.push(`${report.lines} line(s): ${report.changed} changed, ${report.unchanged} unchanged, ${report.skipped} skipped, ${report.blank} blank`);
  const changedFields = report.fields.filter((f) => f.changed > 0);
  for (const f of changedFields) {
    out.push('');
    out.push(`${f.field}: ${f.changed} changed`);
    const width = Math.max(...f.transitions.map((t) => `${t.from} → ${t.to}`.length));
    const countWidth = Math.max(...f.transitions.map((t) => String(t.count).length));
    for (const t of f.transitions) {
      const isCommitment = f.field.startsWith('commitments.');
      const examples = t.examples.map((e) => `line ${e.line} (${e.complaintId}${isCommitment ? `: ${e.from} → ${e.to}` : ''})`).join(', ');
      out.push(`  ${`${t.from} → ${t.to}`.padEnd(width)}  ${String(t.count).padStart(countWidth)}  e.g. ${examples}`);
    }
  }
  if (changedFields.length === 0 && report.changed === 0) {
    out.push('');
    out.push(report.unchanged > 0 ? 'no compared field changed' : 'no complaint could be compared');
  }
  if (report.skipped > 0) {
    out.push('');
    out.push(`skipped ${report.skipped} line(s): the old version failed on ${report.failedBefore}, the new version on ${report.failedAfter}, ${report.unreadable} could not be read:`);
    const side = { old: 'old version', new: 'new version', both: 'both versions' } as const;
    for (const s of report.skippedLines) out.push(`  line ${s.line}: ${s.code}${s.failedIn ? ` (${side[s.failedIn]})` : ''}: ${s.message}`);
    if (report.skipped > report.skippedLines.length) out.push(`  … and ${report.skipped - report.skippedLines.length} more`);
  }
  return `${out.join('\n')}\n`;
}
