/**
 * The SLA clock over a case's events: which commitments are met, due soon, paused or breached
 * at `now`, on the playbook's business calendar.
 *
 * One pass over the events (in time order) finds the handling cycles (a reopening starts a new
 * one), the pauses while waiting for the customer and the moments each commitment was kept;
 * then each cycle gets its recommendation (a reopened one at the level above the previous
 * handling) and its deadlines are settled. The evaluation is the only step that can be
 * asynchronous (host facts), so the whole computation is a generator that asks for
 * recommendations: {@link trackCase} answers it synchronously, {@link trackCaseAsync} with
 * `await`.
 */
import { addBusinessMs, businessMsBetween, compileCalendar, dueEpochMs, formatBothInZone, parseDuration, type BusinessCalendar } from '../calendar/index.js';
import { EvaluationError } from '../errors.js';
import { commitmentKindOrder } from '../evaluate/evaluate.js';
import { readDotted } from '../facts.js';
import { complaintLimits, type EvaluateOptions } from '../options.js';
import type { Playbook } from '../playbook.js';
import { compileTemplate, localize, renderTemplate } from '../text.js';
import { parseTimestamp } from '../timestamp.js';
import type { CommitmentKind, Complaint, LocalizedText, Recommendation, SlaSpec } from '../types.js';
import { checkCase, type CheckedEvent } from './case.js';
import { say } from './texts.js';
import type { CaseEscalation, CaseStatus, CommitmentStatus, NextAction, TrackOptions, TrackWarning, TrackWarningCode } from './types.js';

/** A request for a recommendation, answered by the driver (sync or async). */
interface EvaluationRequest {
  complaint: Complaint;
  options: EvaluateOptions;
}

interface Pause {
  from: number;
  to: number;
  /** Still waiting at `now`. */
  open: boolean;
}

/** One handling of the case: from receipt (or a reopening) to the next reopening. */
interface Cycle {
  start: number;
  /** The reopening that ended this cycle. */
  end?: number;
  acks: number[];
  updates: number[];
  followUps: number[];
  resolvedAt?: number;
  closedAt?: number;
  feedback?: { satisfied: boolean; at: number };
  escalations: Array<{ to: string; at: number }>;
}

const defaultWarnPercent = 80;

// The compiled calendar of each playbook, kept with the playbook object (a pure cache).
const calendars = new WeakMap<Playbook, BusinessCalendar>();

function calendarOf(playbook: Playbook): BusinessCalendar {
  let cal = calendars.get(playbook);
  if (!cal) {
    cal = compileCalendar(playbook.spec.calendar).calendar!;
    calendars.set(playbook, cal);
  }
  return cal;
}

const earliest = parseTimestamp(complaintLimits.earliestReceivedAt)!;
const latest = parseTimestamp(complaintLimits.latestReceivedAt)!;

function nowOption(now: TrackOptions['now']): number {
  let ms: number | undefined;
  if (now === undefined) ms = Date.now();
  else if (now instanceof Date) ms = now.getTime();
  else if (typeof now === 'number') ms = now;
  else if (typeof now === 'string') ms = parseTimestamp(now);
  if (ms === undefined || !Number.isFinite(ms) || ms < earliest || ms >= latest) {
    throw new EvaluationError('INVALID_OPTION', `the option "now" (${String(now)}) is not a valid time: use a Date, epoch milliseconds or an ISO 8601 string with an offset, from ${complaintLimits.earliestReceivedAt}`);
  }
  return ms;
}

function* track(playbook: Playbook, input: unknown, options: TrackOptions): Generator<EvaluationRequest, CaseStatus, Recommendation> {
  const spec = playbook.spec;
  const ladder = spec.authority;
  const levelIndex = new Map(ladder.map((l, i) => [l.id, i]));
  const { complaint, receivedAt, events: given } = checkCase(input, new Set(levelIndex.keys()));
  const now = nowOption(options.now);
  const cal = calendarOf(playbook);
  const zone = cal.timezone;
  const iso = (ms: number) => formatBothInZone(zone, ms).iso;
  const localTime = (ms: number) => formatBothInZone(zone, ms).local;
  const sla: SlaSpec = spec.sla ?? {};
  const pausable = new Set<CommitmentKind>(sla.pauseWhileWaiting ?? []);
  // Whole percents, compared in integers: 80% of a 60-minute window is exactly 48 minutes.
  const warnPercent = sla.warnAt !== undefined ? Number(sla.warnAt.slice(0, -1)) : defaultWarnPercent;
  // Texts of the status: the locale the recommendation will use (asked for, the complaint's, the playbook's first).
  const locale = pickLocale(options.locale ?? complaint.locale, playbook.locales);
  const defaultLocale = playbook.locales[0]!;
  const text = (t: LocalizedText | undefined) => localize(t, locale, defaultLocale);

  const warnings: TrackWarning[] = [];
  const warn = (code: TrackWarningCode, e: CheckedEvent | undefined, values: Record<string, string | number> = {}) => {
    const v = e ? { index: e.index, type: e.type, at: e.at, ...values } : values;
    warnings.push({ code, message: say(locale, `warn.${code}`, v), ...(e ? { event: e.index } : {}) });
  };

  // Events in time order (stable); out-of-order ones and ones after `now` are reported.
  for (let i = 1; i < given.length; i++) if (given[i]!.ms < given[i - 1]!.ms) warn('EVENT_OUT_OF_ORDER', given[i]);
  const ordered = given.slice().sort((a, b) => a.ms - b.ms || a.index - b.index);
  const events: CheckedEvent[] = [];
  for (const e of ordered) {
    if (e.ms > now) warn('EVENT_IN_FUTURE', e, { now: iso(now) });
    else events.push(e);
  }
  const start = receivedAt ?? events[0]?.ms ?? now;
  if (receivedAt !== undefined) for (const e of events) if (e.ms < receivedAt) warn('EVENT_BEFORE_RECEIVED', e, { received: iso(receivedAt) });

  // Pass 1: cycles, pauses, what was done when.
  const newCycle = (at: number): Cycle => ({ start: at, acks: [], updates: [], followUps: [], escalations: [] });
  const cycles: Cycle[] = [newCycle(start)];
  const pauses: Pause[] = [];
  let waitingSince: number | undefined;
  let closed = false;
  const endPause = (at: number) => {
    if (waitingSince === undefined) return;
    pauses.push({ from: waitingSince, to: at, open: false });
    waitingSince = undefined;
  };
  for (const e of events) {
    const cycle = cycles[cycles.length - 1]!;
    if (closed && e.type !== 'reopened' && e.type !== 'closed') warn('EVENT_AFTER_CLOSED', e);
    switch (e.type) {
      case 'acknowledged':
        cycle.acks.push(e.ms);
        break;
      case 'updated':
        cycle.updates.push(e.ms);
        break;
      case 'waiting-customer':
        if (waitingSince !== undefined) warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.already-waiting') });
        else waitingSince = e.ms;
        break;
      case 'customer-replied':
        if (waitingSince === undefined) warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.not-waiting') });
        else endPause(e.ms);
        break;
      case 'resolved':
        if (cycle.resolvedAt !== undefined) {
          warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.already-resolved') });
          break;
        }
        cycle.resolvedAt = e.ms;
        endPause(e.ms);
        break;
      case 'followed-up':
        if (cycle.resolvedAt === undefined) warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.follow-up-early') });
        else cycle.followUps.push(e.ms);
        break;
      case 'feedback':
        if (cycle.resolvedAt === undefined) warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.feedback-early') });
        cycle.feedback = { satisfied: e.satisfied === true, at: e.ms };
        break;
      case 'reopened':
        if (cycle.resolvedAt === undefined && !closed) {
          warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.reopen-open') });
          break;
        }
        endPause(e.ms);
        cycle.end = e.ms;
        closed = false;
        cycles.push(newCycle(e.ms));
        break;
      case 'closed':
        if (closed) {
          warn('EVENT_UNEXPECTED', e, { why: say(locale, 'why.already-closed') });
          break;
        }
        closed = true;
        cycle.closedAt = e.ms;
        endPause(e.ms);
        if (!cycle.feedback) warn('CLOSED_WITHOUT_FEEDBACK', e, { at: iso(e.ms) });
        else if (!cycle.feedback.satisfied) warn('CLOSED_UNSATISFIED', e, { at: iso(e.ms) });
        break;
      case 'escalated':
        cycle.escalations.push({ to: e.to!, at: e.ms });
        break;
    }
  }
  if (waitingSince !== undefined) pauses.push({ from: waitingSince, to: now, open: true });
  const waitingNow = pauses.some((p) => p.open);

  // Clocks: a deadline moves by the paused time that falls after its clock started and before it.
  const shift = (anchor: number, due: number, kind: CommitmentKind, businessTime: boolean, keptAt = Infinity): { due: number; paused: number } => {
    if (!pausable.has(kind)) return { due, paused: 0 };
    let paused = 0;
    for (const p of pauses) {
      const from = Math.max(p.from, anchor);
      // A pause after the deadline, or after the commitment was kept, moves nothing.
      if (p.to <= from || from >= due || from >= keptAt) continue;
      const length = businessTime ? businessMsBetween(cal, from, p.to) : p.to - from;
      if (length <= 0) continue;
      due = businessTime ? addBusinessMs(cal, due, length) : due + length;
      paused += length;
    }
    return { due, paused };
  };
  const windowLeft = (from: number, to: number, businessTime: boolean) => (businessTime ? businessMsBetween(cal, from, to) : Math.max(0, to - from));

  const allCommitments: CommitmentStatus[] = [];
  let rec: Recommendation | undefined;
  let previousLevel = 0;
  let escalation: CaseEscalation | null = null;
  let handled = 0;
  let current: Array<CommitmentStatus & { dueMs: number; metMs?: number; rule?: string; within?: string }> = [];
  const last = cycles.length - 1;

  for (let k = 0; k < cycles.length; k++) {
    const cycle = cycles[k]!;
    const evalOptions: EvaluateOptions = { trace: options.trace === true };
    if (options.locale !== undefined) evalOptions.locale = options.locale;
    if (options.facts !== undefined) evalOptions.facts = options.facts;
    if (options.factTimeoutMs !== undefined) evalOptions.factTimeoutMs = options.factTimeoutMs;
    let subject = complaint;
    if (k === 0) {
      if (receivedAt === undefined) evalOptions.now = start;
    } else {
      // A reopened case is a handoff to the level above the previous handling, counted from the reopening.
      subject = { ...complaint, receivedAt: iso(cycle.start), handoffs: (complaint.handoffs ?? 0) + 1, previousHandler: { level: ladder[previousLevel]!.id } };
    }
    rec = yield { complaint: subject, options: evalOptions };
    if (k > 0) reopenRecommendation(rec, Math.min(ladder.length - 1, previousLevel + (sla.reopen?.raise ?? 1)));
    const recLevel = levelIndex.get(rec.escalation.level) ?? 0;

    // Deadlines of this cycle. `horizon`: until when the cycle's clocks can still be kept.
    const horizon = Math.min(now, cycle.end ?? Infinity, cycle.closedAt ?? Infinity);
    const ended = cycle.end !== undefined || cycle.closedAt !== undefined;
    const list: typeof current = [];
    const settle = (
      kind: CommitmentKind,
      anchor: number,
      planned: number,
      businessTime: boolean,
      metMs: number | undefined,
      extra: { occurrence?: number; rule?: string; within?: string } = {},
    ) => {
      const { due, paused } = shift(anchor, planned, kind, businessTime, metMs);
      const entry: (typeof list)[number] = { kind, cycle: k + 1, ...(extra.occurrence !== undefined ? { occurrence: extra.occurrence } : {}), due: iso(due), state: 'pending', dueMs: due };
      if (extra.rule !== undefined) entry.rule = extra.rule;
      if (extra.within !== undefined) entry.within = extra.within;
      if (metMs !== undefined) {
        entry.metMs = metMs;
        entry.metAt = iso(metMs);
        if (metMs <= due) entry.state = 'met';
        else {
          entry.state = 'breached';
          entry.breachedAt = iso(due);
        }
      } else if (due < horizon) {
        entry.state = 'breached';
        entry.breachedAt = iso(due);
      } else if (ended) {
        entry.state = 'not-applicable';
      } else if (pausable.has(kind) && waitingNow) {
        entry.state = 'paused';
      } else {
        const window = windowLeft(anchor, planned, businessTime);
        if (windowLeft(now, due, businessTime) * 100 <= (100 - warnPercent) * window) entry.state = 'due-soon';
      }
      if (paused > 0) entry.pausedMinutes = Math.round(paused / 60_000);
      list.push(entry);
      return entry;
    };
    const firstAtOrAfter = (times: readonly number[], from: number, before = Infinity) => times.find((t) => t >= from && t < before);

    const byKind = new Map(rec.commitments.map((c) => [c.kind, c]));
    const resolvedAt = cycle.resolvedAt;
    const resolveC = byKind.get('resolve');
    let resolveDue = Infinity;
    for (const kind of commitmentKindOrder) {
      const c = byKind.get(kind);
      if (!c) continue;
      const planned = parseTimestamp(c.due)!;
      const meta = { rule: c.source, within: c.within };
      if (kind === 'acknowledge') {
        // Any answer to the customer acknowledges the complaint.
        const answered = [firstAtOrAfter(cycle.acks, cycle.start), firstAtOrAfter(cycle.updates, cycle.start), resolvedAt].filter((t): t is number => t !== undefined);
        settle(kind, cycle.start, planned, c.businessTime, answered.length ? Math.min(...answered) : undefined, meta);
      } else if (kind === 'resolve') {
        resolveDue = settle(kind, cycle.start, planned, c.businessTime, resolvedAt, meta).dueMs;
      } else if (kind === 'update') {
        const every = c.every !== undefined ? parseDuration(c.every) : null;
        const updates = cycle.updates.filter((t) => t >= cycle.start && (resolvedAt === undefined || t < resolvedAt));
        let anchor = cycle.start;
        let due = planned;
        // Each update meets the occurrence it falls in; the next one counts from it (so each event is used once).
        for (let n = 1; ; n++) {
          const done = updates[n - 1];
          if (done === undefined) {
            // The next update is owed while the customer waits for the resolution; one that would
            // come at or after a resolve deadline still ahead is not (the resolution is the news).
            const resolved = resolvedAt !== undefined;
            const moved = shift(anchor, due, kind, c.businessTime).due;
            if (resolved && moved >= resolvedAt) {
              if (n === 1) {
                const entry = settle(kind, anchor, due, c.businessTime, undefined, { ...meta, occurrence: n });
                entry.state = 'not-applicable';
                delete entry.breachedAt;
              }
              break;
            }
            if (!resolved && n > 1 && resolveC && moved >= resolveDue && now <= resolveDue) break;
            settle(kind, anchor, due, c.businessTime, undefined, { ...meta, occurrence: n });
            break;
          }
          settle(kind, anchor, due, c.businessTime, done, { ...meta, occurrence: n });
          if (!every) break;
          anchor = done;
          due = dueEpochMs(cal, anchor, every, c.businessTime);
        }
      } else {
        // A follow-up counts from the actual resolution; before it, the recommendation's deadline stands.
        if (resolvedAt === undefined) {
          const entry = settle(kind, cycle.start, planned, c.businessTime, undefined, meta);
          if (entry.state === 'breached' || entry.state === 'due-soon' || entry.state === 'paused') {
            entry.state = ended ? 'not-applicable' : 'pending';
            delete entry.breachedAt;
          }
        } else {
          const within = parseDuration(c.within)!;
          const done = [firstAtOrAfter(cycle.followUps, resolvedAt), cycle.feedback && cycle.feedback.at >= resolvedAt ? cycle.feedback.at : undefined].filter((t): t is number => t !== undefined);
          settle(kind, resolvedAt, dueEpochMs(cal, resolvedAt, within, c.businessTime), c.businessTime, done.length ? Math.min(...done) : undefined, meta);
        }
      }
    }
    if (cycle.closedAt !== undefined && resolveC && resolvedAt === undefined) {
      const e = events.find((x) => x.type === 'closed' && x.ms === cycle.closedAt);
      warn('CLOSED_UNRESOLVED', e, { at: iso(cycle.closedAt) });
    }

    // Escalation: the highest level a breach calls for; the earliest breach on a tie.
    handled = Math.max(recLevel, ...cycle.escalations.map((x) => levelIndex.get(x.to)!));
    escalation = null;
    let target = -1;
    let since = Infinity;
    for (const c of list) {
      const rule = sla.escalate?.[c.kind];
      if (c.state !== 'breached' || !rule) continue;
      const at = parseTimestamp(c.breachedAt!)!;
      const to = rule.to !== undefined ? levelIndex.get(rule.to)! : Math.min(ladder.length - 1, recLevel + (rule.raise ?? 1));
      if (to <= recLevel) continue;
      if (to > target || (to === target && at < since)) {
        target = to;
        since = at;
        const level = ladder[to]!;
        escalation = { level: level.id, label: text(level.label) ?? level.id, reason: text(rule.reason) ?? null, source: `sla:${c.kind}`, since: iso(at), done: handled >= to };
      }
    }
    previousLevel = Math.max(handled, target);
    current = list;
    for (const entry of list) {
      const { dueMs: _d, metMs: _m, rule: _r, within: _w, ...out } = entry;
      allCommitments.push(out);
    }
    if (k < last) escalation = null;
  }

  const cycle = cycles[last]!;
  const state: CaseStatus['state'] = cycle.closedAt !== undefined ? 'closed' : cycle.resolvedAt !== undefined ? 'resolved' : waitingNow ? 'waiting-customer' : last > 0 ? 'reopened' : 'open';
  const recommendation = rec!;

  // What the agent owes next: an overdue commitment first, then the earliest one due.
  let next: NextAction | null = null;
  if (state !== 'closed') {
    const owed = current.filter((c) => (c.state === 'pending' || c.state === 'due-soon' || (c.state === 'breached' && c.metMs === undefined)) && !(c.kind === 'follow-up' && cycle.resolvedAt === undefined));
    owed.sort((a, b) => Number(b.state === 'breached') - Number(a.state === 'breached') || a.dueMs - b.dueMs);
    const first = owed[0];
    if (first) {
      next = { kind: first.kind, due: first.due, text: commitmentText(first.kind, first.rule, first.within, first.dueMs) ?? '', overdue: first.dueMs < now };
    } else if (cycle.resolvedAt !== undefined && !waitingNow) {
      const kind = !cycle.feedback ? 'feedback' : cycle.feedback.satisfied ? 'close' : 'reopen';
      next = { kind, due: null, text: say(locale, `next.${kind}`), overdue: false };
    }
  }

  const handler = ladder[Math.max(handled, levelIndex.get(recommendation.escalation.level) ?? 0)]!;
  return {
    playbook: { id: spec.playbook, version: spec.version },
    complaintId: complaint.id,
    category: typeof complaint.category === 'string' ? complaint.category : null,
    previousComplaints: complaint.customer?.previousComplaints ?? 0,
    receivedAt: iso(start),
    resolvedAt: cycles[0]!.resolvedAt !== undefined ? iso(cycles[0]!.resolvedAt) : null,
    now: iso(now),
    state,
    cycle: cycles.length,
    commitments: allCommitments,
    next,
    escalation,
    handledBy: { level: handler.id, label: text(handler.label) ?? handler.id },
    feedback: cycle.feedback ? { satisfied: cycle.feedback.satisfied, at: iso(cycle.feedback.at) } : null,
    warnings,
    recommendation,
  };

  /** The commitment's text with its deadline as it stands now. */
  function commitmentText(kind: CommitmentKind, ruleId: string | undefined, within: string | undefined, due: number): string | null {
    const rule = spec.rules.find((r) => r.id === ruleId);
    const template = rule?.then.commit?.find((c) => c.kind === kind)?.text;
    const t = text(template);
    if (t === undefined) return null;
    const dues = new Map(current.map((c) => [c.kind, localTime(c.dueMs)]));
    return renderTemplate(compileTemplate(t), (name) => (name === 'due' ? localTime(due) : name === 'within' ? within : name.startsWith('due.') ? dues.get(name.slice(4) as CommitmentKind) : readDotted(complaint, name.split('.')))).text;
  }

  /** A reopened case: at least `level`, and the "look for a better solution" lines after the apologies. */
  function reopenRecommendation(r: Recommendation, level: number): void {
    if ((levelIndex.get(r.escalation.level) ?? 0) < level) {
      const l = ladder[level]!;
      r.escalation = { level: l.id, label: text(l.label) ?? l.id, reason: text(sla.reopen?.reason) ?? null, source: 'sla-reopen' };
    }
    const have = new Set(r.responses.map((x) => x.id));
    const dues = new Map(r.commitments.map((c) => [c.kind, localTime(parseTimestamp(c.due)!)]));
    const lines = (sla.reopen?.respond ?? []).filter((id) => !have.has(id)).map((id) => {
      const response = spec.responses[id]!;
      const filled = renderTemplate(compileTemplate(text(response.text) ?? ''), (name) => (name.startsWith('due.') ? dues.get(name.slice(4) as CommitmentKind) : readDotted(complaint, name.split('.')))).text;
      return { stage: response.stage, id, text: filled };
    });
    let at = 0;
    while (at < r.responses.length && r.responses[at]!.stage === 'apologize') at++;
    r.responses.splice(at, 0, ...lines);
  }
}

/** The locale texts are given in: the one asked for, by language, else the playbook's first. */
function pickLocale(wanted: string | undefined, available: readonly string[]): string {
  if (wanted) {
    const exact = available.find((l) => l.toLowerCase() === wanted.toLowerCase());
    if (exact) return exact;
    const lang = wanted.split('-')[0]!.toLowerCase();
    const byLang = available.find((l) => l.split('-')[0]!.toLowerCase() === lang);
    if (byLang) return byLang;
  }
  return available[0]!;
}

/**
 * The status of a case at `now`, synchronously (no asynchronous host facts): its commitments
 * with their states, what the agent owes next, the escalation a breach calls for, findings
 * about the events, and the current recommendation.
 *
 * @param playbook - A loaded playbook.
 * @param caseRecord - `{ complaint, events }` (see `schemas/case.schema.json`).
 * @param options - `now` (default: the clock), `locale`, `trace`, synchronous `facts`.
 * @throws {@link CaseError} listing every problem of an invalid case.
 * @throws {@link EvaluationError} for a bad option or an asynchronous host fact.
 *
 * @example
 * ```ts
 * const status = trackCase(playbook, {
 *   complaint: { id: 'T-1', receivedAt: '2026-11-20T09:00:00+08:00', category: 'product.quality' },
 *   events: [{ type: 'acknowledged', at: '2026-11-20T09:20:00+08:00' }],
 * }, { now: '2026-11-20T16:00:00+08:00', locale: 'en' });
 * status.commitments[0]; // { kind: 'acknowledge', cycle: 1, due: '2026-11-20T10:00:00+08:00', state: 'met', metAt: '2026-11-20T09:20:00+08:00' }
 * ```
 */
export function trackCase(playbook: Playbook, caseRecord: unknown, options: TrackOptions = {}): CaseStatus {
  const run = track(playbook, caseRecord, options);
  let step = run.next();
  while (!step.done) step = run.next(playbook.evaluateSync(step.value.complaint, step.value.options));
  return step.value;
}

/**
 * {@link trackCase} with asynchronous host facts (the recommendation through `playbook.evaluate`).
 *
 * @example
 * ```ts
 * const status = await trackCaseAsync(playbook, record, { facts: { 'crm.tier': async (c) => crm.tier(c.id) } });
 * ```
 */
export async function trackCaseAsync(playbook: Playbook, caseRecord: unknown, options: TrackOptions = {}): Promise<CaseStatus> {
  const run = track(playbook, caseRecord, options);
  let step = run.next();
  while (!step.done) step = run.next(await playbook.evaluate(step.value.complaint, step.value.options));
  return step.value;
}
