/**
 * Business-calendar deadlines: duration parsing, calendar compilation and
 * DST-correct deadline arithmetic.
 *
 * @packageDocumentation
 */
export { parseDuration, durationMinutes, durationProblem } from './duration.js';
export type { Duration } from './duration.js';
export {
  compileCalendar,
  isBusinessTime,
  addBusinessMinutes,
  addBusinessDays,
  addBusinessDuration,
  addCalendarDuration,
  formatInstant,
  formatLocal,
  CalendarExhaustedError,
  dueEpochMs,
  businessMsBetween,
  addBusinessMs,
} from './calendar.js';
export { formatBothInZone, formatIsoInZone, formatLocalInZone, offsetAt } from './offsets.js';
export type { Weekday, CalendarSpec, CalendarProblem, BusinessCalendar, DayInterval } from './calendar.js';
