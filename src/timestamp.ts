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

/**
 * Epoch milliseconds of a timestamp in the common strict form (`2026-11-20T17:45:00+08:00`,
 * `…Z`, up to three fraction digits) with every field in range (a real day of the month, hours
 * 0–23, minutes and seconds 0–59, offsets up to 23:59, a four-digit year from 1000); `undefined`
 * for anything else. What it accepts, RFC 3339 `date-time` accepts too, and `parseTimestamp`
 * reads it as the same instant: it lets valid complaints skip the general checks.
 */
export function strictTimestamp(text: string): number | undefined {
  // Read by character codes: this runs once per complaint, and a regular expression with ten
  // captures measured several times slower. The form: YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM).
  const n = text.length;
  if (n < 20 || n > 29) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return undefined;
  let at = 19;
  let fraction = 0;
  if (text.charCodeAt(at) === 46) {
    const digits = n - at - 1 - (text.charCodeAt(n - 1) === 90 ? 1 : 6);
    if (digits < 1 || digits > 3) return undefined;
    fraction = digitsAt(text, at + 1, digits);
    if (fraction < 0) return undefined;
    fraction *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
    at += 1 + digits;
  }
  let offset = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90) {
    if (at + 1 !== n) return undefined;
  } else if (zone === 43 || zone === 45) {
    if (at + 6 !== n || text.charCodeAt(at + 3) !== 58) return undefined;
    const offsetHours = digitsAt(text, at + 1, 2);
    const offsetMinutes = digitsAt(text, at + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
    offset = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  } else {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset;
}

/** The number written by `count` ASCII digits from `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
