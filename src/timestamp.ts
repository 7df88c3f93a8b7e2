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
