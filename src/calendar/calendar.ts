/**
 * Business calendars and deadline arithmetic in an IANA time zone.
 *
 * Wall-clock interval boundaries are turned into instants day by day, so DST
 * changes, nights, weekends, holidays and extra workdays all fall out of the
 * same walk instead of needing special cases.
 *
 * @packageDocumentation
 */
import { Temporal } from 'temporal-polyfill';
import type { CalendarSpec, Weekday } from '../types.js';
import { durationMinutes, type Duration } from './duration.js';
import { localEpochDayAt, offsetAt, wallToEpochMs } from './offsets.js';

// The spec types live with the rest of the playbook types so the YAML contract
// has one definition; they are re-exported here for callers of this module.
export type { CalendarSpec, Weekday };

/** One semantic problem found by {@link compileCalendar}. */
export interface CalendarProblem {
  /** Machine-readable category, stable across releases. */
  code: 'CALENDAR_TIMEZONE' | 'CALENDAR_INTERVAL' | 'CALENDAR_DATE' | 'CALENDAR_EMPTY';
  /** Human-readable explanation for the playbook author. */
  message: string;
  /** Location relative to the calendar object, e.g. ['hours', 'mon', 1]. */
  path: (string | number)[];
}

/**
 * A wall-clock interval within one local date, in minutes since midnight.
 * `end` may be 1440, meaning midnight at the start of the next day.
 */
export interface DayInterval {
  /** Opening, minutes since local midnight (inclusive). */
  readonly start: number;
  /** Closing, minutes since local midnight (exclusive); at most 1440. */
  readonly end: number;
}

/**
 * A checked, compiled calendar. Only {@link compileCalendar} should create
 * one: the functions in this module trust its invariants (sorted,
 * non-overlapping intervals; canonical zone id).
 */
export interface BusinessCalendar {
  /** Canonicalised zone id as reported by Temporal. */
  readonly timezone: string;
  /** Weekly hours indexed by ISO day of week minus one (0 = Monday). */
  readonly weekly: ReadonlyArray<ReadonlyArray<DayInterval>>;
  /** Closed dates, 'YYYY-MM-DD'. */
  readonly holidays: ReadonlySet<string>;
  /** Extra working dates with their resolved hours, 'YYYY-MM-DD' keys. */
  readonly workdays: ReadonlyMap<string, ReadonlyArray<DayInterval>>;
}

/**
 * Thrown when a deadline search gives up because the calendar offers no (or
 * not enough) business time within the search bound. Indicates a calendar
 * whose open days all lie in the past, not a transient failure.
 */
export class CalendarExhaustedError extends Error {
  /** Stable machine-readable code so callers need not match on messages. */
  readonly code = 'CALENDAR_EXHAUSTED' as const;

  /**
   * @param message - Explanation including where the search stopped.
   * @param closed - True when the calendar had no business time for years on end; false when it
   *   is open but the deadline lies beyond the search bound (a long commitment on few hours).
   * @param years - The search bound that was reached, in years.
   */
  constructor(
    message: string,
    readonly closed = true,
    readonly years = 3,
  ) {
    super(message);
    this.name = 'CalendarExhaustedError';
  }
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Consecutive calendar days with no business time before we call the calendar dead. */
const MAX_IDLE_DAYS = 3 * 366;
/**
 * Hard stop on the total walk, so that even a calendar with a minute of
 * business time per day cannot make one call run for centuries.
 */
const MAX_SCAN_DAYS = 30 * 366;

const INTERVAL_RE = /^\s*(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

type ParsedInterval = { ok: true; interval: DayInterval } | { ok: false; message: string };

function parseInterval(text: unknown): ParsedInterval {
  if (typeof text !== 'string') return { ok: false, message: 'interval must be a string "HH:MM-HH:MM"' };
  const m = INTERVAL_RE.exec(text);
  if (!m) return { ok: false, message: `"${text}" is not an interval of the form "HH:MM-HH:MM"` };
  const [sh, sm, eh, em] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (sh > 23 || sm > 59) {
    return { ok: false, message: `"${text}": start must be a time 00:00-23:59` };
  }
  const endIsMidnight = eh === 24 && em === 0;
  if (!endIsMidnight && (eh > 23 || em > 59)) {
    return { ok: false, message: `"${text}": end must be a time 00:00-23:59 or 24:00` };
  }
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  if (start >= end) {
    return { ok: false, message: `"${text}": start must be before end (use 24:00 for midnight)` };
  }
  return { ok: true, interval: { start, end } };
}

/**
 * Parses a day's intervals, reporting every bad entry and every overlap.
 * Returns the sorted intervals only when the whole day is valid, so a broken
 * day never silently becomes "closed".
 */
function compileDay(
  list: unknown,
  path: (string | number)[],
  problems: CalendarProblem[],
): DayInterval[] | null {
  if (!Array.isArray(list)) {
    problems.push({ code: 'CALENDAR_INTERVAL', message: 'hours must be a list of "HH:MM-HH:MM" intervals', path });
    return null;
  }
  const parsed: Array<{ interval: DayInterval; index: number }> = [];
  let ok = true;
  list.forEach((text: unknown, index) => {
    const r = parseInterval(text);
    if (r.ok) parsed.push({ interval: r.interval, index });
    else {
      ok = false;
      problems.push({ code: 'CALENDAR_INTERVAL', message: r.message, path: [...path, index] });
    }
  });
  parsed.sort((a, b) => a.interval.start - b.interval.start || a.index - b.index);
  // Touching intervals (12:00-13:00, 13:00-18:00) are fine; sharing any minute is not.
  let latest: { interval: DayInterval; index: number } | undefined;
  for (const p of parsed) {
    if (latest && p.interval.start < latest.interval.end) {
      ok = false;
      const later = Math.max(p.index, latest.index);
      const earlier = Math.min(p.index, latest.index);
      problems.push({
        code: 'CALENDAR_INTERVAL',
        message: `"${String(list[later])}" overlaps "${String(list[earlier])}" on the same day`,
        path: [...path, later],
      });
    }
    if (!latest || p.interval.end > latest.interval.end) latest = p;
  }
  return ok ? parsed.map((p) => Object.freeze({ ...p.interval })) : null;
}

function checkDate(text: unknown, path: (string | number)[], problems: CalendarProblem[]): string | null {
  if (typeof text === 'string' && DATE_RE.test(text)) {
    try {
      // String parsing rejects impossible dates such as 2026-02-30 outright.
      return Temporal.PlainDate.from(text).toString();
    } catch {
      /* reported below */
    }
  }
  problems.push({
    code: 'CALENDAR_DATE',
    message: `${JSON.stringify(text)} is not a real calendar date of the form YYYY-MM-DD`,
    path,
  });
  return null;
}

/**
 * Checks a calendar spec and compiles it for fast deadline arithmetic.
 *
 * Every problem is collected (not just the first) so a playbook author can
 * fix them in one pass. Codes: CALENDAR_TIMEZONE (unknown zone),
 * CALENDAR_INTERVAL (bad "HH:MM-HH:MM", start not before end, overlap within
 * a day), CALENDAR_DATE (not a real 'YYYY-MM-DD' date, or a workday listed
 * twice), CALENDAR_EMPTY (no weekday and no workday has any interval, so a
 * deadline search could never end; also a plain workday date when no weekday
 * has hours to borrow).
 *
 * @param spec - The calendar section of a playbook.
 * @returns The compiled calendar when there are no problems, and the problems.
 */
export function compileCalendar(spec: CalendarSpec): { calendar?: BusinessCalendar; problems: CalendarProblem[] } {
  const problems: CalendarProblem[] = [];

  let timezone: string | null = null;
  try {
    if (typeof spec.timezone !== 'string' || spec.timezone.trim() === '') throw new RangeError('empty');
    // Temporal accepts fixed offsets such as "+01:00" as zones, but a playbook
    // written that way would silently ignore DST, so only named zones pass.
    if (/^[+\-\u2212]/.test(spec.timezone.trim())) throw new RangeError('offset');
    timezone = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(spec.timezone).timeZoneId;
  } catch {
    problems.push({
      code: 'CALENDAR_TIMEZONE',
      message: `unknown time zone ${JSON.stringify(spec.timezone)}; use an IANA name such as "Europe/Rome" (not a fixed offset)`,
      path: ['timezone'],
    });
  }

  const hours: Record<string, unknown> = spec.hours ?? {};
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      problems.push({
        code: 'CALENDAR_INTERVAL',
        message: `"${key}" is not a weekday; use one of ${WEEKDAYS.join(', ')}`,
        path: ['hours', key],
      });
    }
  }
  let weeklyValid = true;
  const weekly: DayInterval[][] = WEEKDAYS.map((day) => {
    const list = hours[day];
    if (list === undefined || list === null) return [];
    const compiled = compileDay(list, ['hours', day], problems);
    if (!compiled) weeklyValid = false;
    return compiled ?? [];
  });
  const defaultHours = weekly.find((d) => d.length > 0) ?? [];

  const holidays = new Set<string>();
  (spec.holidays ?? []).forEach((text, i) => {
    const date = checkDate(text, ['holidays', i], problems);
    if (date) holidays.add(date);
  });

  const workdays = new Map<string, DayInterval[]>();
  let workdayHasHours = false;
  // Set when a workday's own hours are broken: emptiness is then unknowable.
  let workdaysUncertain = false;
  const borrowingNothing: number[] = [];
  (spec.workdays ?? []).forEach((entry, i) => {
    const isObject = typeof entry === 'object' && entry !== null;
    const date = checkDate(isObject ? entry.date : entry, isObject ? ['workdays', i, 'date'] : ['workdays', i], problems);
    let dayHours: DayInterval[] | null;
    if (isObject) {
      dayHours = compileDay(entry.hours, ['workdays', i, 'hours'], problems);
      if (dayHours && dayHours.length === 0) {
        // An open day without hours contradicts itself; a holiday is the way to close a day.
        problems.push({
          code: 'CALENDAR_INTERVAL',
          message: 'a workday with its own hours needs at least one interval',
          path: ['workdays', i, 'hours'],
        });
        dayHours = null;
      }
      if (!dayHours) workdaysUncertain = true;
    } else {
      dayHours = defaultHours;
      if (weeklyValid && defaultHours.length === 0) {
        borrowingNothing.push(i);
        dayHours = null;
      }
    }
    if (!date) return;
    if (workdays.has(date)) {
      // Two entries for one date would make the opening hours depend on list order.
      problems.push({ code: 'CALENDAR_DATE', message: `workday ${date} is listed more than once`, path: ['workdays', i] });
      return;
    }
    if (holidays.has(date)) {
      // Which one wins would be a guess: the desk is either open or closed that day.
      const h = (spec.holidays ?? []).findIndex((text) => typeof text === 'string' && text.trim() === date);
      problems.push({ code: 'CALENDAR_DATE', message: `${date} is listed both as a holiday (holidays, item ${h + 1}) and as a workday; keep it in one list`, path: ['workdays', i] });
      return;
    }
    if (dayHours) {
      workdays.set(date, dayHours);
      if (dayHours.length > 0) workdayHasHours = true;
    }
  });

  if (weeklyValid && defaultHours.length === 0 && !workdayHasHours && !workdaysUncertain) {
    problems.push({
      code: 'CALENDAR_EMPTY',
      message: 'the calendar has no business hours on any weekday or workday, so no deadline could ever be reached',
      path: ['hours'],
    });
  } else {
    // Only worth pointing at individual dates when the calendar as a whole is usable.
    for (const i of borrowingNothing) {
      problems.push({
        code: 'CALENDAR_EMPTY',
        message: 'a plain workday date borrows weekday hours, but no weekday has any; give it its own hours',
        path: ['workdays', i],
      });
    }
  }

  if (problems.length > 0 || timezone === null) return { problems };
  const calendar: BusinessCalendar = Object.freeze({
    timezone,
    weekly: Object.freeze(weekly.map((d) => Object.freeze(d))),
    holidays,
    workdays,
  });
  return { calendar, problems };
}

const MS_PER_DAY = 86_400_000;

/**
 * A local calendar date as a day count since 1970-01-01. Walking integers
 * instead of Temporal.PlainDate keeps the per-day cost to a few arithmetic
 * operations; Date's UTC accessors are host-zone independent.
 */
function dayParts(epochDay: number): { year: number; month: number; day: number; weekdayIndex: number } {
  const d = new Date(epochDay * MS_PER_DAY);
  // getUTCDay: 0 = Sunday; shift to 0 = Monday to index `weekly`.
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekdayIndex: (d.getUTCDay() + 6) % 7 };
}

function dayKey(epochDay: number): string {
  const { year, month, day } = dayParts(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A per-calendar memo by local day. Kept outside the (frozen) calendar object and bounded, so a
 * long-running process cannot grow it without limit; it holds derived data only, never state.
 */
function dayMemo<T>(compute: (cal: BusinessCalendar, epochDay: number) => T): (cal: BusinessCalendar, epochDay: number) => T {
  const caches = new WeakMap<BusinessCalendar, Map<number, T>>();
  // The calendar of the previous call: a deadline search asks about one calendar many times.
  let lastCal: BusinessCalendar | undefined;
  let lastCache: Map<number, T> | undefined;
  return (cal, epochDay) => {
    let cache = cal === lastCal ? lastCache : caches.get(cal);
    if (!cache) {
      cache = new Map();
      caches.set(cal, cache);
    }
    lastCal = cal;
    lastCache = cache;
    const hit = cache.get(epochDay);
    if (hit !== undefined) return hit;
    const value = compute(cal, epochDay);
    if (cache.size >= CACHE_MAX_DAYS) cache.clear();
    cache.set(epochDay, value);
    return value;
  };
}

const CACHE_MAX_DAYS = 4096;

/** Wall-clock intervals in force on a local date, after holiday/workday overrides (memoised: the date arithmetic showed up in profiles). */
const intervalsOn = dayMemo((cal, epochDay): ReadonlyArray<DayInterval> => {
  const key = dayKey(epochDay);
  return cal.workdays.get(key) ?? (cal.holidays.has(key) ? [] : (cal.weekly[dayParts(epochDay).weekdayIndex] ?? []));
});

/**
 * Converts a wall-clock minute of a local date to epoch nanoseconds; minute
 * 1440 is "24:00", the start of the next day. 'compatible' moves times in a
 * spring-forward gap forward and picks the earlier instant in a fall-back
 * overlap, matching what people expect from "we open at 02:30".
 */
function wallMinuteToEpochMs(tz: string, epochDay: number, minute: number): number {
  return wallToEpochMs(tz, epochDay * MS_PER_DAY + minute * 60_000);
}

/**
 * A business interval as real instants, in epoch milliseconds: deadlines are computed at
 * millisecond resolution (plain numbers are exact far beyond any date a calendar accepts).
 */
interface RealInterval {
  readonly start: number;
  readonly end: number;
}

const CLOSED: ReadonlyArray<RealInterval> = Object.freeze([]);

/**
 * A day's business intervals as real instants. Zone conversions dominate the cost of a deadline
 * search, and deadlines for one playbook cluster around the same few weeks, so days are memoised.
 */
const realIntervalsOn = dayMemo((cal, epochDay): ReadonlyArray<RealInterval> => {
  const wall = intervalsOn(cal, epochDay);
  if (wall.length === 0) return CLOSED;
  return Object.freeze(
    wall.map((iv) =>
      Object.freeze({
        start: wallMinuteToEpochMs(cal.timezone, epochDay, iv.start),
        end: wallMinuteToEpochMs(cal.timezone, epochDay, iv.end),
      }),
    ),
  );
});

/** The local date (as a day number) of an instant in the calendar's zone. */
function localEpochDay(cal: BusinessCalendar, at: Temporal.Instant): number {
  return localEpochDayAt(cal.timezone, at.epochMilliseconds);
}

function toZoned(cal: BusinessCalendar, epochMs: number): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(cal.timezone);
}

function exhausted(cal: BusinessCalendar, fromDay: number, reason: string, closed = true): CalendarExhaustedError {
  return new CalendarExhaustedError(
    `no deadline found in time zone ${cal.timezone} searching from ${dayKey(fromDay)}: ${reason}`,
    closed,
    Math.round((closed ? MAX_IDLE_DAYS : MAX_SCAN_DAYS) / 366),
  );
}

/**
 * True when the instant falls inside a business interval (start inclusive,
 * end exclusive).
 *
 * @param cal - A compiled calendar.
 * @param at - The instant to test.
 */
export function isBusinessTime(cal: BusinessCalendar, at: Temporal.Instant): boolean {
  const ms = at.epochMilliseconds;
  const today = localEpochDay(cal, at);
  // The previous day is checked too because a gap-shifted closing time can
  // reach past local midnight; checking it keeps this consistent with the walk.
  for (const day of [today - 1, today]) {
    for (const iv of realIntervalsOn(cal, day)) {
      if (iv.start <= ms && ms < iv.end) return true;
    }
  }
  return false;
}

/**
 * Adds `minutes` of business time. Only time inside business intervals counts,
 * measured as real elapsed time (an interval spanning a DST change counts its
 * true length). A start outside business hours begins counting at the next
 * opening; a deadline landing exactly on a closing time stays there (18:00),
 * it does not move to the next opening. Zero minutes yields the start itself
 * when open, otherwise the next opening.
 *
 * @param cal - A compiled calendar.
 * @param start - When the clock starts.
 * @param minutes - Business minutes to add; finite and non-negative.
 * @returns The due instant, in `cal.timezone`.
 * @throws RangeError for a negative or non-finite `minutes`.
 * @throws {@link CalendarExhaustedError} when 3 × 366 consecutive days have no
 *   business time, or after 30 × 366 days in total.
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Temporal.Instant, minutes: number): Temporal.ZonedDateTime {
  return toZoned(cal, businessMinutesMs(cal, start.epochMilliseconds, minutes));
}

function businessMinutesMs(cal: BusinessCalendar, startMs: number, minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`business minutes must be a finite non-negative number, got ${minutes}`);
  }
  let remaining = Math.round(minutes * 60_000);
  // Never count a stretch of time twice, even when gap-shifted boundaries
  // make consecutive intervals overlap in real time.
  let cursor = startMs;
  // Start a day early: a gap-shifted closing time of yesterday can still be ahead.
  const first = localEpochDayAt(cal.timezone, startMs) - 1;
  let idle = 0;
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    let found = false;
    for (const iv of realIntervalsOn(cal, day)) {
      const from = iv.start > cursor ? iv.start : cursor;
      if (iv.end <= from) continue;
      found = true;
      const available = iv.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
      cursor = iv.end;
    }
    idle = found ? 0 : idle + 1;
    if (idle >= MAX_IDLE_DAYS) {
      throw exhausted(cal, first, `no business time in ${MAX_IDLE_DAYS} consecutive days`);
    }
  }
  throw exhausted(cal, first, `not enough business time within ${MAX_SCAN_DAYS} days`, false);
}

/**
 * Business time between two instants, in milliseconds: the part of `[fromMs, toMs)` that falls
 * inside business intervals, measured as real elapsed time (as {@link addBusinessMinutes} counts
 * it, so `businessMsBetween(cal, a, addBusinessMs(cal, a, n)) === n`). Zero when `toMs <= fromMs`.
 *
 * @param cal - A compiled calendar.
 * @param fromMs - Start, epoch milliseconds.
 * @param toMs - End, epoch milliseconds.
 */
export function businessMsBetween(cal: BusinessCalendar, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  let total = 0;
  let cursor = fromMs;
  const last = localEpochDayAt(cal.timezone, toMs);
  // A day early, as in the walk: a gap-shifted closing time of yesterday can still be ahead.
  for (let day = localEpochDayAt(cal.timezone, fromMs) - 1; day <= last; day++) {
    for (const iv of realIntervalsOn(cal, day)) {
      const from = iv.start > cursor ? iv.start : cursor;
      const to = iv.end < toMs ? iv.end : toMs;
      if (to <= from) continue;
      total += to - from;
      cursor = to;
    }
  }
  return total;
}

/**
 * Adds business time given in milliseconds (the fast path of {@link addBusinessMinutes}, without
 * Temporal objects): used to move a deadline by a paused stretch of business time.
 *
 * @param cal - A compiled calendar.
 * @param startMs - When the clock starts, epoch milliseconds.
 * @param ms - Business milliseconds to add; finite and non-negative.
 * @returns The due instant, epoch milliseconds.
 */
export function addBusinessMs(cal: BusinessCalendar, startMs: number, ms: number): number {
  return businessMinutesMs(cal, startMs, ms / 60_000);
}

/**
 * Adds business days: the due is the close of business (end of the last
 * interval) of the Nth business day after the start's local date. The start's
 * own date is day 0 whether or not it is a business day, so a request made on
 * Saturday with N = 1 is due Monday evening.
 *
 * @param cal - A compiled calendar.
 * @param start - When the clock starts.
 * @param days - Number of business days, an integer >= 1.
 * @returns Close of business of the Nth business day, in `cal.timezone`.
 * @throws RangeError when `days` is not an integer >= 1.
 * @throws {@link CalendarExhaustedError} when 3 × 366 consecutive days have no
 *   business day.
 */
export function addBusinessDays(cal: BusinessCalendar, start: Temporal.Instant, days: number): Temporal.ZonedDateTime {
  return toZoned(cal, businessDaysMs(cal, start.epochMilliseconds, days));
}

function businessDaysMs(cal: BusinessCalendar, startMs: number, days: number): number {
  if (!Number.isSafeInteger(days) || days < 1) {
    throw new RangeError(`business days must be an integer >= 1, got ${days}`);
  }
  const first = localEpochDayAt(cal.timezone, startMs);
  // The due instant depends on the day of receipt alone: complaints of one day share it.
  const known = businessDaysFrom(cal, first);
  const hit = known.get(days);
  if (hit !== undefined) return hit;
  const due = scanBusinessDays(cal, first, days);
  if (known.size < 64) known.set(days, due);
  return due;
}

/** Business-day deadlines already found, by day of receipt, then by number of days. */
const businessDaysFrom = dayMemo((): Map<number, number> => new Map());

function scanBusinessDays(cal: BusinessCalendar, first: number, days: number): number {
  let counted = 0;
  let idle = 0;
  for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
    const intervals = intervalsOn(cal, day);
    const last = intervals[intervals.length - 1];
    if (!last) {
      if (++idle >= MAX_IDLE_DAYS) {
        throw exhausted(cal, first, `no business day in ${MAX_IDLE_DAYS} consecutive days`);
      }
      continue;
    }
    idle = 0;
    // The day's last closing time as an instant, from the day's memoised real intervals.
    if (++counted === days) return realIntervalsOn(cal, day)[intervals.length - 1]!.end;
  }
  throw exhausted(cal, first, `fewer than ${days} business days within ${MAX_SCAN_DAYS} days`, false);
}

/**
 * Adds a business-time duration. A days-only duration counts business days
 * ({@link addBusinessDays}); anything else counts business minutes
 * ({@link addBusinessMinutes}) and must then have no days part.
 *
 * @param cal - A compiled calendar.
 * @param start - When the clock starts.
 * @param d - The duration; callers never mix days with hours/minutes here.
 * @returns The due instant, in `cal.timezone`.
 * @throws RangeError for a duration mixing days with hours or minutes, since
 *   "a business day plus two hours" has no single sensible meaning.
 */
export function addBusinessDuration(cal: BusinessCalendar, start: Temporal.Instant, d: Duration): Temporal.ZonedDateTime {
  return toZoned(cal, businessDurationMs(cal, start.epochMilliseconds, d));
}

function businessDurationMs(cal: BusinessCalendar, startMs: number, d: Duration): number {
  const hasTime = d.hours > 0 || d.minutes > 0;
  if (d.days > 0 && !hasTime) return businessDaysMs(cal, startMs, d.days);
  if (d.days > 0) {
    throw new RangeError(`business duration "${d.text}" mixes days with hours/minutes`);
  }
  return businessMinutesMs(cal, startMs, durationMinutes(d));
}

/**
 * The due instant of a commitment, in epoch milliseconds: business time on the calendar, or
 * calendar time in its zone. The fast path used by evaluation (no Temporal objects per call).
 *
 * @param cal - A compiled calendar.
 * @param startMs - When the clock starts, epoch milliseconds.
 * @param d - The duration.
 * @param businessTime - Count business time (true) or all time (false).
 */
export function dueEpochMs(cal: BusinessCalendar, startMs: number, d: Duration, businessTime: boolean): number {
  if (businessTime) return businessDurationMs(cal, startMs, d);
  let due = startMs;
  if (d.days > 0) due = wallToEpochMs(cal.timezone, startMs + offsetAt(cal.timezone, startMs) + d.days * MS_PER_DAY);
  return due + (d.hours * 60 + d.minutes) * 60_000;
}

/**
 * Adds calendar (non-business) time: days are calendar days in the zone that
 * keep the wall-clock time ('compatible' disambiguation), hours and minutes are
 * exact elapsed time. So '1d' across a DST change keeps 10:00, '24h' does not.
 *
 * @param timezone - IANA zone the days are counted in.
 * @param start - When the clock starts.
 * @param d - The duration.
 * @returns The due instant, in `timezone`.
 */
export function addCalendarDuration(timezone: string, start: Temporal.Instant, d: Duration): Temporal.ZonedDateTime {
  // One add() call applies the days to the wall clock first, then the time as
  // exact elapsed time, which is exactly the intended semantics.
  return start.toZonedDateTimeISO(timezone).add({ days: d.days, hours: d.hours, minutes: d.minutes });
}

/**
 * ISO 8601 with the zone's offset, to the second, e.g.
 * '2026-11-24T15:30:00+08:00'. No [Zone] suffix, so any ISO parser can read
 * it; no fractional seconds, since deadlines are never that precise.
 *
 * @param zdt - The instant to format.
 */
export function formatInstant(zdt: Temporal.ZonedDateTime): string {
  return zdt.toString({ smallestUnit: 'second', timeZoneName: 'never', calendarName: 'never' });
}

/**
 * Local wall-clock time for display to an agent or customer,
 * 'YYYY-MM-DD HH:MM'. A close at 24:00 shows as the next day's 00:00.
 *
 * @param zdt - The instant to format, in the zone to display.
 */
export function formatLocal(zdt: Temporal.ZonedDateTime): string {
  return zdt.toPlainDateTime().toString({ smallestUnit: 'minute', calendarName: 'never' }).replace('T', ' ');
}
