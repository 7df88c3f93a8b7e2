/**
 * The archive analysis of seed 002 over handled cases: counts by category, department, customer
 * type, tier and level; breach rate per commitment kind; reopened rate; satisfaction at the final
 * feedback; repeat complaints; the flags that call for training. Only counts and sums, so reports
 * of shards of an archive merge into the report of the whole ({@link mergeReports}).
 */
import type { BatchSummary, LineSource } from '../batch/batch.js';
import { ComplaintPlaybookError } from '../errors.js';
import type { Playbook } from '../playbook.js';
import { localize } from '../text.js';
import type { CommitmentKind } from '../types.js';
import { trackCases, type TrackLinesOptions } from './lines.js';
import { say } from './texts.js';
import type { CaseStatus, CommitmentState } from './types.js';

/**
 * Counts by key.
 *
 * @example
 * ```ts
 * const byTier: Counts = { immediate: 12, 'short-term': 30 };
 * ```
 */
export type Counts = Record<string, number>;

/**
 * Commitments of one kind by outcome.
 *
 * @example
 * ```ts
 * const { met, breached }: KindCounts = report.commitments.resolve;
 * const breachRate = breached / (met + breached);
 * ```
 */
export interface KindCounts {
  met: number;
  breached: number;
  /** Pending, due soon or paused at `now`. */
  open: number;
  notApplicable: number;
}

/**
 * The archive report. Every figure is a count or a sum, so shards merge by adding.
 *
 * @example
 * ```ts
 * const { report } = await buildReport(playbook, lines, { now: '2026-12-31T23:59:00+08:00' });
 * report.cases;                      // 1000
 * report.byCategory;                 // { product: 612, staff: 388 }
 * report.commitments.resolve;        // { met: 870, breached: 95, open: 20, notApplicable: 15 }
 * report.feedback;                   // { satisfied: 801, unsatisfied: 77, none: 122 }
 * ```
 */
export interface CaseReport {
  reportVersion: 1;
  playbook: { id: string; version: string };
  locale: string;
  /** The `now` of the run; merged shards keep the earliest and the latest. */
  asOf: { from: string; to: string } | null;
  cases: number;
  /** Lines that could not be tracked (malformed JSON, an invalid case). */
  failedLines: number;
  byState: Counts;
  /** By the first level of the dotted category (`product`), and by the whole (`product.quality`). */
  byCategory: Counts;
  bySubcategory: Counts;
  /** By responsible department (the recommendation's route). */
  byDepartment: Counts;
  byCustomerType: Counts;
  byTier: Counts;
  /** By the highest authority level the case reached (recommendation, escalations, breaches). */
  byLevel: Counts;
  commitments: Record<CommitmentKind, KindCounts>;
  /** Cases reopened at least once. */
  reopened: number;
  /** The last feedback of each case. */
  feedback: { satisfied: number; unsatisfied: number; none: number };
  /** Cases of customers who had complained before (`customer.previousComplaints` ≥ 1). */
  repeat: number;
  flags: Counts;
  /** Cases carrying each of the playbook's `sla.trainingFlags`. */
  training: Counts;
  /** Findings in the events, by code. */
  warnings: Counts;
  /** Elapsed time from receipt to the first resolution, over the resolved cases. */
  resolveHours: { total: number; count: number };
  /** Display names of the ids above (departments, customer types, tiers, levels). */
  labels: Record<string, string>;
}

const kinds: readonly CommitmentKind[] = ['acknowledge', 'resolve', 'update', 'follow-up'];
const none = '-';

function emptyReport(playbook: { id: string; version: string }, locale: string): CaseReport {
  return {
    reportVersion: 1,
    playbook,
    locale,
    asOf: null,
    cases: 0,
    failedLines: 0,
    byState: {},
    byCategory: {},
    bySubcategory: {},
    byDepartment: {},
    byCustomerType: {},
    byTier: {},
    byLevel: {},
    commitments: Object.fromEntries(kinds.map((k) => [k, { met: 0, breached: 0, open: 0, notApplicable: 0 }])) as Record<CommitmentKind, KindCounts>,
    reopened: 0,
    feedback: { satisfied: 0, unsatisfied: 0, none: 0 },
    repeat: 0,
    flags: {},
    training: {},
    warnings: {},
    resolveHours: { total: 0, count: 0 },
    labels: {},
  };
}

const bump = (counts: Counts, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};

const stateKey: Record<CommitmentState, keyof KindCounts> = { met: 'met', breached: 'breached', pending: 'open', 'due-soon': 'open', paused: 'open', 'not-applicable': 'notApplicable' };

/**
 * Collects case statuses into a {@link CaseReport}, one at a time (memory stays flat).
 *
 * @example
 * ```ts
 * const builder = new ReportBuilder(playbook, { locale: 'en' });
 * for (const record of cases) builder.add(playbook.track(record, { now }));
 * const report = builder.result();
 * ```
 */
export class ReportBuilder {
  readonly #report: CaseReport;
  readonly #training: ReadonlySet<string>;
  readonly #levels: ReadonlyMap<string, number>;

  constructor(playbook: Playbook, options: { locale?: string } = {}) {
    const spec = playbook.spec;
    const locale = options.locale !== undefined && playbook.locales.includes(options.locale) ? options.locale : playbook.locales.find((l) => options.locale && l.split('-')[0] === options.locale.split('-')[0]) ?? playbook.locales[0]!;
    this.#report = emptyReport({ id: playbook.id, version: playbook.version }, locale);
    this.#training = new Set(spec.sla?.trainingFlags ?? []);
    this.#levels = new Map(spec.authority.map((l, i) => [l.id, i]));
    const text = (t: Parameters<typeof localize>[0]) => localize(t, locale, playbook.locales[0]!);
    const labels = this.#report.labels;
    for (const l of spec.authority) labels[`level:${l.id}`] = text(l.label) ?? l.id;
    for (const [id, label] of Object.entries(spec.departments ?? {})) labels[`department:${id}`] = text(label) ?? id;
    for (const o of spec.customerType.outcomes) labels[`customerType:${o.id}`] = text(o.label) ?? o.id;
    for (const o of spec.resolvability.outcomes) labels[`tier:${o.id}`] = text(o.label) ?? o.id;
  }

  /** Adds one case's status. */
  add(status: CaseStatus): void {
    const r = this.#report;
    r.cases++;
    if (r.asOf === null) r.asOf = { from: status.now, to: status.now };
    else {
      if (Date.parse(status.now) < Date.parse(r.asOf.from)) r.asOf.from = status.now;
      if (Date.parse(status.now) > Date.parse(r.asOf.to)) r.asOf.to = status.now;
    }
    const rec = status.recommendation;
    bump(r.byState, status.state);
    const full = status.category ?? none;
    bump(r.byCategory, full === none ? none : full.split('.')[0]!);
    bump(r.bySubcategory, full);
    bump(r.byDepartment, rec.route.department ?? none);
    bump(r.byCustomerType, rec.customerType.id ?? none);
    bump(r.byTier, rec.resolvability.tier ?? none);
    const reached = [status.handledBy.level, status.escalation?.level].filter((l): l is string => l !== undefined);
    const top = reached.reduce((a, b) => ((this.#levels.get(b) ?? 0) > (this.#levels.get(a) ?? 0) ? b : a));
    bump(r.byLevel, top);
    for (const c of status.commitments) r.commitments[c.kind][stateKey[c.state]]++;
    if (status.cycle > 1) r.reopened++;
    if (status.feedback === null) r.feedback.none++;
    else if (status.feedback.satisfied) r.feedback.satisfied++;
    else r.feedback.unsatisfied++;
    if (status.previousComplaints >= 1) r.repeat++;
    for (const f of rec.flags) {
      bump(r.flags, f);
      if (this.#training.has(f)) bump(r.training, f);
    }
    for (const w of status.warnings) bump(r.warnings, w.code);
    if (status.resolvedAt !== null) {
      r.resolveHours.total += (Date.parse(status.resolvedAt) - Date.parse(status.receivedAt)) / 3_600_000;
      r.resolveHours.count++;
    }
  }

  /** Counts a line that could not be tracked. */
  addFailure(): void {
    this.#report.failedLines++;
  }

  /** The report so far (a copy). */
  result(): CaseReport {
    return structuredClone(this.#report);
  }
}

/**
 * Tracks every case of a JSON Lines stream and builds the archive report; failed lines are
 * counted (and handed to `onFailure` with their number).
 *
 * @example
 * ```ts
 * const { report, summary } = await buildReport(playbook, lines, { now: '2026-12-31T23:59:00+08:00', locale: 'en' });
 * console.log(`${summary.ok} cases, ${summary.failed} bad lines; ${report.reopened} reopened`);
 * ```
 */
export async function buildReport(
  playbook: Playbook,
  lines: LineSource,
  options: TrackLinesOptions & { onFailure?: (line: number, error: { code: string; message: string }) => void } = {},
): Promise<{ report: CaseReport; summary: BatchSummary }> {
  const { onFailure, ...trackOptions } = options;
  const builder = new ReportBuilder(playbook, trackOptions.locale !== undefined ? { locale: trackOptions.locale } : {});
  const run = trackCases(playbook, lines, { ...trackOptions, trace: false });
  for (let step = await run.next(); ; step = await run.next()) {
    if (step.done) return { report: builder.result(), summary: step.value };
    const item = step.value;
    if (item.ok) builder.add(item.status);
    else {
      builder.addFailure();
      onFailure?.(item.line, item.error);
    }
  }
}

/**
 * Merges reports of shards of one archive (same playbook id) into the report of the whole.
 *
 * @throws {@link ReportMergeError} when the reports are of different playbooks or not reports.
 * @example
 * ```ts
 * const whole = mergeReports([shard1, shard2, shard3]);
 * whole.cases === shard1.cases + shard2.cases + shard3.cases; // true
 * ```
 */
export function mergeReports(reports: readonly CaseReport[]): CaseReport {
  const first = reports[0];
  if (!first) throw new ReportMergeError('there is no report to merge');
  reports.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || r.reportVersion !== 1 || typeof r.cases !== 'number') throw new ReportMergeError(`report ${i + 1} is not a complaint-playbook report (reportVersion 1)`);
    if (r.playbook?.id !== first.playbook.id) throw new ReportMergeError(`report ${i + 1} is of playbook "${r.playbook?.id}", not "${first.playbook.id}": only shards of one archive and playbook merge`);
  });
  const out = emptyReport(first.playbook, first.locale);
  const add = (into: Counts, from: Counts | undefined) => {
    for (const [k, n] of Object.entries(from ?? {})) if (typeof n === 'number') bump(into, k, n);
  };
  for (const r of reports) {
    out.cases += r.cases;
    out.failedLines += r.failedLines;
    if (r.asOf) {
      if (!out.asOf) out.asOf = { ...r.asOf };
      else {
        if (Date.parse(r.asOf.from) < Date.parse(out.asOf.from)) out.asOf.from = r.asOf.from;
        if (Date.parse(r.asOf.to) > Date.parse(out.asOf.to)) out.asOf.to = r.asOf.to;
      }
    }
    for (const key of ['byState', 'byCategory', 'bySubcategory', 'byDepartment', 'byCustomerType', 'byTier', 'byLevel', 'flags', 'training', 'warnings'] as const) add(out[key], r[key]);
    for (const k of kinds) for (const s of ['met', 'breached', 'open', 'notApplicable'] as const) out.commitments[k][s] += r.commitments?.[k]?.[s] ?? 0;
    out.reopened += r.reopened;
    out.feedback.satisfied += r.feedback.satisfied;
    out.feedback.unsatisfied += r.feedback.unsatisfied;
    out.feedback.none += r.feedback.none;
    out.repeat += r.repeat;
    out.resolveHours.total += r.resolveHours.total;
    out.resolveHours.count += r.resolveHours.count;
    Object.assign(out.labels, r.labels, out.labels);
  }
  return out;
}

/**
 * Reports that cannot be merged.
 *
 * @example
 * ```ts
 * try { mergeReports([retailReport, bankingReport]); } catch (e) { if (e instanceof ReportMergeError) console.log(e.message); }
 * ```
 */
export class ReportMergeError extends ComplaintPlaybookError {
  declare readonly code: 'REPORT_MERGE';
  constructor(message: string) {
    super(message);
    (this as { code: 'REPORT_MERGE' }).code = 'REPORT_MERGE';
  }
}

/** `part / whole` as a percentage with one decimal, or `-` when the whole is zero. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%` : '-';
}

/**
 * The report as text, in its locale: each figure with its share.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReportText(report));
 * ```
 */
export function formatReportText(report: CaseReport): string {
  const t = (key: Parameters<typeof say>[1], values?: Record<string, string | number>) => say(report.locale, key, values);
  const label = (prefix: string, id: string) => report.labels[`${prefix}:${id}`] ?? id;
  const lines: string[] = [];
  lines.push(t('report.title', { playbook: report.playbook.id, version: report.playbook.version }));
  lines.push(t('report.generated', { now: report.asOf ? (report.asOf.from === report.asOf.to ? report.asOf.to : `${report.asOf.from} … ${report.asOf.to}`) : '-', cases: report.cases, failed: report.failedLines }));
  const section = (title: string, counts: Counts, prefix?: string) => {
    lines.push('', `${title}:`);
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (!entries.length) lines.push(`  ${t('report.none')}`);
    const width = Math.max(...entries.map(([k]) => (prefix ? label(prefix, k) : k).length), 4);
    for (const [k, n] of entries) lines.push(`  ${(prefix ? label(prefix, k) : k).padEnd(width)}  ${String(n).padStart(6)}  ${percent(n, report.cases).padStart(6)}`);
  };
  section(t('report.byCategory'), report.byCategory);
  section(t('report.bySubcategory'), report.bySubcategory);
  section(t('report.byDepartment'), report.byDepartment, 'department');
  section(t('report.byCustomerType'), report.byCustomerType, 'customerType');
  section(t('report.byTier'), report.byTier, 'tier');
  section(t('report.byLevel'), report.byLevel, 'level');
  section(t('report.byState'), report.byState);
  lines.push('', `${t('report.breachRate')}:`);
  for (const k of kinds) {
    const c = report.commitments[k];
    lines.push(`  ${k.padEnd(12)} ${percent(c.breached, c.met + c.breached).padStart(6)}  (${t('report.breached')} ${c.breached}, ${t('report.met')} ${c.met}, ${t('report.open')} ${c.open})`);
  }
  lines.push('');
  lines.push(`${t('report.reopened')}: ${report.reopened} (${percent(report.reopened, report.cases)})`);
  const f = report.feedback;
  lines.push(`${t('report.satisfaction')}: ${percent(f.satisfied, f.satisfied + f.unsatisfied)} (${t('report.satisfied')} ${f.satisfied}, ${t('report.unsatisfied')} ${f.unsatisfied}, ${t('report.noFeedback')} ${f.none})`);
  lines.push(`${t('report.repeat')}: ${report.repeat} (${percent(report.repeat, report.cases)})`);
  lines.push(`${t('report.resolveTime')}: ${report.resolveHours.count ? (report.resolveHours.total / report.resolveHours.count).toFixed(1) : '-'} ${t('report.hours')}`);
  section(t('report.training'), report.training);
  section(t('report.flags'), report.flags);
  section(t('report.warnings'), report.warnings);
  return `${lines.join('\n')}\n`;
}
