/** The reply checker's public types. */
import type { CommitmentKind } from '../types.js';

/**
 * What the reply checker can find in a draft.
 *
 * @example
 * ```ts
 * const blocking: ReplyFindingCode[] = ['BLAME_CUSTOMER', 'OVER_AUTHORITY'];
 * ```
 */
export type ReplyFindingCode =
  | 'AVOID_PHRASE'
  | 'TURNING_AFTER_APOLOGY'
  | 'NO_APOLOGY'
  | 'BLAME_CUSTOMER'
  | 'CRITICISE_COLLEAGUE'
  | 'UNCERTAIN_PROMISE'
  | 'GIFT_COMPENSATION'
  | 'OVER_AUTHORITY'
  | 'MISSING_DEADLINE'
  | 'WRONG_DEADLINE';

/**
 * One thing in the draft that goes against the recommendation.
 *
 * @example
 * ```ts
 * const f: ReplyFinding = { code: 'TURNING_AFTER_APOLOGY', severity: 'error', start: 5, end: 7, text: '不过', message: '道歉之后紧跟「不过」…' };
 * draft.slice(f.start, f.end) === f.text; // true
 * ```
 */
export interface ReplyFinding {
  code: ReplyFindingCode;
  /** `error`: must not be sent as it is; `warning`: worth a second look. */
  severity: 'error' | 'warning';
  /** UTF-16 offsets into the draft (`draft.slice(start, end) === text`); `start === end` at the end of the draft for something missing. */
  start: number;
  end: number;
  text: string;
  /** In the checker's locale (zh-CN or English). */
  message: string;
  /** What to say instead, often a line of the recommendation. */
  suggestion?: string;
  /** The avoid entry the words belong to, when they are one. */
  avoid?: string;
  /** The commitment a deadline finding is about. */
  commitment?: CommitmentKind;
}

/**
 * The result of checking a draft.
 *
 * @example
 * ```ts
 * const { findings }: ReplyCheck = checkReply(draft, rec);
 * const blocked = findings.some((f) => f.severity === 'error');
 * ```
 */
export interface ReplyCheck {
  /** In the order they occur in the draft. */
  findings: ReplyFinding[];
  /** The locale the draft was read in and the messages are written in. */
  locale: string;
}

/**
 * Options of {@link checkReply}.
 *
 * @example
 * ```ts
 * checkReply(draft, rec, { locale: 'zh-CN', now: '2026-12-05T14:40:00+08:00', ignore: ['MISSING_DEADLINE'] });
 * ```
 */
export interface CheckReplyOptions {
  /** The draft's language, also the messages'. `zh-CN`/`zh-*` or `en`/`en-*`. Default: the recommendation's locale. */
  locale?: string;
  /** When the draft is written, for "today", "明天", weekdays and clock times. An ISO time with an offset, a `Date` or epoch milliseconds. Default: the current time. */
  now?: string | Date | number;
  /** Codes not to report. Default: none. */
  ignore?: readonly ReplyFindingCode[];
  /** The longest draft accepted, in UTF-16 code units. Default: 20,000. */
  maxLength?: number;
}
