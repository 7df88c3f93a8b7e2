/**
 * The case contract (input of `track`) and the status (its output). Documented for editors in
 * `schemas/case.schema.json`.
 */
import type { EvaluateOptions } from '../options.js';
import type { CommitmentKind, Complaint, Recommendation } from '../types.js';

/**
 * What can happen to a case.
 *
 * @example
 * ```ts
 * const wait: CaseEventType = 'waiting-customer'; // pauses the clocks the playbook's sla names
 * ```
 */
export type CaseEventType =
  | 'acknowledged'
  | 'updated'
  | 'waiting-customer'
  | 'customer-replied'
  | 'resolved'
  | 'followed-up'
  | 'feedback'
  | 'reopened'
  | 'closed'
  | 'escalated';

/**
 * One thing that happened to a case.
 *
 * @example
 * ```ts
 * const events: CaseEvent[] = [
 *   { type: 'acknowledged', at: '2026-11-20T17:55:00+08:00', by: 'agent' },
 *   { type: 'feedback', at: '2026-11-24T10:05:00+08:00', satisfied: false, note: 'still leaking' },
 *   { type: 'escalated', at: '2026-11-24T10:30:00+08:00', to: 'manager' },
 * ];
 * ```
 */
export interface CaseEvent {
  type: CaseEventType;
  /** ISO 8601 with an offset. */
  at: string;
  /** Who did it (an authority level or a person). */
  by?: string;
  note?: string;
  /** For `feedback`: whether the customer is satisfied. */
  satisfied?: boolean;
  /** For `escalated`: the authority level that took over. */
  to?: string;
}

/**
 * A case: the complaint and its events.
 *
 * @example
 * ```ts
 * const record: CaseRecord = {
 *   complaint: { id: 'T-1', receivedAt: '2026-11-20T09:00:00+08:00', category: 'product.quality' },
 *   events: [{ type: 'acknowledged', at: '2026-11-20T09:20:00+08:00' }],
 * };
 * ```
 */
export interface CaseRecord {
  complaint: Complaint;
  events: CaseEvent[];
}

/**
 * Where a case stands.
 *
 * @example
 * ```ts
 * const waiting = (s: CaseStatus) => s.state === ('waiting-customer' satisfies CaseState);
 * ```
 */
export type CaseState = 'open' | 'waiting-customer' | 'resolved' | 'closed' | 'reopened';

/**
 * Where one commitment stands.
 *
 * @example
 * ```ts
 * const late = status.commitments.filter((c) => c.state === ('breached' satisfies CommitmentState));
 * ```
 */
export type CommitmentState = 'pending' | 'due-soon' | 'met' | 'breached' | 'paused' | 'not-applicable';

/**
 * One commitment of a case with its state. A recurring update is listed once per occurrence.
 *
 * @example
 * ```ts
 * const c: CommitmentStatus = { kind: 'resolve', cycle: 1, due: '2026-11-25T18:00:00+08:00', state: 'met', metAt: '2026-11-24T15:00:00+08:00' };
 * ```
 */
export interface CommitmentStatus {
  kind: CommitmentKind;
  /** 1 for the first handling, 2 after the first reopening, … */
  cycle: number;
  /** For updates: 1 for the first, 2 for the one after it, … */
  occurrence?: number;
  /** The deadline now: moved by paused time, restarted from the last update, counted from the actual resolution. */
  due: string;
  state: CommitmentState;
  /** When it was kept (on time for `met`, late for `breached`). */
  metAt?: string;
  /** When it was breached (its deadline). */
  breachedAt?: string;
  /** Minutes the clock stood still while waiting for the customer (business minutes for a business-time deadline). */
  pausedMinutes?: number;
}

/**
 * The next thing the agent owes: a commitment, or recording the feedback, closing or reopening.
 *
 * @example
 * ```ts
 * if (status.next?.overdue) alarm(status.next.kind, status.next.due);
 * ```
 */
export interface NextAction {
  kind: CommitmentKind | 'feedback' | 'reopen' | 'close';
  /** Its deadline, or null when none applies (recording feedback, closing, reopening). */
  due: string | null;
  /** What to do or tell the customer, in the status's locale. */
  text: string;
  /** True when the deadline has passed. */
  overdue: boolean;
}

/**
 * An escalation that a breach calls for, per the playbook's `sla.escalate`.
 *
 * @example
 * ```ts
 * if (status.escalation && !status.escalation.done) notify(status.escalation.level, status.escalation.reason);
 * ```
 */
export interface CaseEscalation {
  level: string;
  label: string;
  reason: string | null;
  /** `sla:<kind>`: the breached kind that calls for it. */
  source: string;
  /** When the breach happened. */
  since: string;
  /** True when an `escalated` event already took the case to that level or above. */
  done: boolean;
}

/**
 * Codes of the findings `track` reports about a case's events.
 *
 * @example
 * ```ts
 * const serious: TrackWarningCode[] = ['CLOSED_WITHOUT_FEEDBACK', 'CLOSED_UNSATISFIED'];
 * ```
 */
export type TrackWarningCode =
  | 'EVENT_OUT_OF_ORDER'
  | 'EVENT_IN_FUTURE'
  | 'EVENT_BEFORE_RECEIVED'
  | 'EVENT_AFTER_CLOSED'
  | 'EVENT_UNEXPECTED'
  | 'CLOSED_WITHOUT_FEEDBACK'
  | 'CLOSED_UNSATISFIED'
  | 'CLOSED_UNRESOLVED';

/**
 * A finding about the case's events: reported, never silently dropped.
 *
 * @example
 * ```ts
 * for (const w of status.warnings) console.warn(`event ${w.event ?? '-'}: ${w.code}: ${w.message}`);
 * ```
 */
export interface TrackWarning {
  code: TrackWarningCode;
  message: string;
  /** Index of the event concerned in the case's `events`. */
  event?: number;
}

/**
 * The status of a case at `now`.
 *
 * @example
 * ```ts
 * const status: CaseStatus = playbook.track(record, { now: '2026-11-23T10:00:00+08:00' });
 * status.state;                                   // 'open'
 * status.commitments.map((c) => `${c.kind}:${c.state}`); // ['acknowledge:met', 'resolve:due-soon', …]
 * status.next;                                    // { kind: 'update', due: '…', text: '…', overdue: false }
 * ```
 */
export interface CaseStatus {
  playbook: { id: string; version: string };
  complaintId: string;
  /** The complaint's category, for the archive (`product.quality`), or null. */
  category: string | null;
  /** The complaint's `customer.previousComplaints` (0 when absent): a repeat complaint when ≥ 1. */
  previousComplaints: number;
  /** When the clocks started: the complaint's `receivedAt`, else its first event, else `now`. */
  receivedAt: string;
  /** The first resolution of the case, or null. */
  resolvedAt: string | null;
  /** The time the status is computed for, in the playbook's zone. */
  now: string;
  state: CaseState;
  /** 1, or more when the case was reopened. */
  cycle: number;
  commitments: CommitmentStatus[];
  next: NextAction | null;
  escalation: CaseEscalation | null;
  /** Who handles the case now: the recommendation's level, or a higher one reached by `escalated`. */
  handledBy: { level: string; label: string };
  /** The last feedback of the current cycle. */
  feedback: { satisfied: boolean; at: string } | null;
  warnings: TrackWarning[];
  /** The current recommendation (a reopened case: the new one). */
  recommendation: Recommendation;
}

/**
 * Options of `track`. Deadlines never depend on the host's time zone.
 *
 * @example
 * ```ts
 * const options: TrackOptions = { now: '2026-11-23T10:00:00+08:00', locale: 'en', trace: false };
 * ```
 */
export interface TrackOptions extends Omit<EvaluateOptions, 'now' | 'engine'> {
  /** The time to compute the status for (`Date`, epoch ms or ISO string). Default: the clock. */
  now?: Date | number | string;
  /** Include the recommendation's trace. Default: `false` (a status is about the case). */
  trace?: boolean;
}
