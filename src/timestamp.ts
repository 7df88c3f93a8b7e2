import { Temporal } from 'temporal-polyfill';

const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an ISO 8601 timestamp with an offset, or `undefined` when it is not one.
 * The common form goes through `Date.parse`, which reads it exactly and fast; every other form
 * (a leap second, more fraction digits, a space for the `T`) through Temporal, the reference.
 */
export function parseTimestamp(text: string): number | undefined {
  if (canonical.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  try {
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return undefined;
  }
}

const strict = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch milliseconds of a timestamp in the common strict form (`2026-11-20T17:45:00+08:00`,
 * `…Z`, up to three fraction digits) with every field in range (a real day of the month, hours
 * 0–23, minutes and seconds 0–59, offsets up to 23:59, a four-digit year from 1000); `undefined`
 * for anything else. What it accepts, RFC 3339 `date-time` accepts too, and `parseTimestamp`
 * reads it as the same instant: it lets valid complaints skip the general checks.
 */
export function strictTimestamp(text: string): number | undefined {
  const m = strict.exec(text);
  if (!m) return undefined;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  const offsetHours = m[9] === undefined ? 0 : +m[9];
  const offsetMinutes = m[10] === undefined ? 0 : +m[10];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return undefined;
  const fraction = m[7] === undefined ? 0 : +m[7].padEnd(3, '0');
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset;
}
