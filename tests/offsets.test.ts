import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatIsoInZone, formatLocalInZone, offsetAt, wallToEpochMs } from '../src/calendar/offsets.js';

// The fast offset/format helpers must agree with Temporal (the oracle) everywhere.
const zones = ['Asia/Shanghai', 'Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('offsets and formatting agree with Temporal', () => {
  it('offsetAt, formatIsoInZone and formatLocalInZone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, (zone, ms) => {
        const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
        expect(offsetAt(zone, ms)).toBe(zdt.offsetNanoseconds / 1e6);
        expect(formatIsoInZone(zone, ms)).toBe(zdt.toString({ smallestUnit: 'second', timeZoneName: 'never' }));
        expect(formatLocalInZone(zone, ms)).toBe(zdt.toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' '));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('wallToEpochMs resolves wall times like Temporal "compatible" (gaps and overlaps included)', () => {
    const nearTransitions = fc.constantFrom(...zones).chain((zone) =>
      fc.tuple(fc.constant(zone), fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)),
    );
    fc.assert(
      fc.property(nearTransitions, ([zone, y, mo, d, h, mi]) => {
        const expected = new Temporal.PlainDateTime(y, mo, d, h, mi).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
        expect(wallToEpochMs(zone, Date.UTC(y, mo - 1, d, h, mi))).toBe(expected);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it.each([
    ['Europe/Rome', 2026, 3, 29, 2, 30, '2026-03-29T03:30:00+02:00'],
    ['Europe/Rome', 2026, 10, 25, 2, 30, '2026-10-25T02:30:00+02:00'],
    ['America/New_York', 2026, 3, 8, 2, 0, '2026-03-08T03:00:00-04:00'],
  ])('%s %i-%i-%i %i:%i → %s', (zone, y, mo, d, h, mi, iso) => {
    expect(formatIsoInZone(zone, wallToEpochMs(zone, Date.UTC(y, mo - 1, d, h, mi)))).toBe(iso);
  });
});
