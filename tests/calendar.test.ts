import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  CalendarExhaustedError,
  addBusinessDays,
  addBusinessDuration,
  addBusinessMinutes,
  addCalendarDuration,
  compileCalendar,
  formatInstant,
  formatLocal,
  isBusinessTime,
  parseDuration,
  type BusinessCalendar,
  type CalendarSpec,
} from '../src/calendar/index.js';

const at = (iso: string): Temporal.Instant => Temporal.Instant.from(iso);

function compile(spec: CalendarSpec): BusinessCalendar {
  const { calendar, problems } = compileCalendar(spec);
  expect(problems).toEqual([]);
  return calendar!;
}

const OFFICE = ['09:00-12:00', '13:00-18:00'];
const WEEKDAYS_ONLY = { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE };
const ALL_DAY = ['00:00-24:00'];

// 2026-11-20 is a Friday; 2026-11-23 a Monday.
const shanghai = compile({ timezone: 'Asia/Shanghai', hours: WEEKDAYS_ONLY });
const shanghaiMondayHoliday = compile({ timezone: 'Asia/Shanghai', hours: WEEKDAYS_ONLY, holidays: ['2026-11-23'] });
const shanghaiWednesdayHoliday = compile({ timezone: 'Asia/Shanghai', hours: WEEKDAYS_ONLY, holidays: ['2026-11-25'] });
const shanghaiSaturdayWorkday = compile({ timezone: 'Asia/Shanghai', hours: WEEKDAYS_ONLY, workdays: ['2026-11-21'] });
const shanghaiSaturdayShortWorkday = compile({
  timezone: 'Asia/Shanghai',
  hours: WEEKDAYS_ONLY,
  workdays: [{ date: '2026-11-21', hours: ['10:00-14:00'] }],
});
// A date both a holiday and a workday is refused (which one wins would be a guess); a workday
// with its own hours on a day the weekly hours close still opens it.
const shanghaiHolidayWorkedAnyway = compile({
  timezone: 'Asia/Shanghai',
  hours: { ...WEEKDAYS_ONLY, mon: [] },
  workdays: ['2026-11-23'],
});
it('a date both a holiday and a workday is a CALENDAR_DATE problem at the workday', () => {
  const { problems } = compileCalendar({ timezone: 'Asia/Shanghai', hours: WEEKDAYS_ONLY, holidays: ['2026-11-22', '2026-11-23'], workdays: ['2026-11-23'] });
  expect(problems.map((p) => [p.code, p.path])).toEqual([['CALENDAR_DATE', ['workdays', 0]]]);
  expect(problems[0]!.message).toMatch(/^2026-11-23 is listed both as a holiday \(holidays, item 2\) and as a workday/);
});
// Plain workdays borrow the first weekday with hours when Monday is closed.
const shanghaiTuesdayOnlyPlusWorkday = compile({
  timezone: 'Asia/Shanghai',
  hours: { tue: ['14:00-15:00'], thu: ['08:00-09:00'] },
  workdays: ['2026-11-21'],
});
const shanghaiLateShift = compile({
  timezone: 'Asia/Shanghai',
  hours: { mon: ['20:00-24:00'], tue: ['00:00-02:00'] },
});
const rome24x7 = compile({
  timezone: 'Europe/Rome',
  hours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
});
const romeMonSat = compile({
  timezone: 'Europe/Rome',
  hours: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-18:00'], sat: ['09:00-18:00'] },
});
// Sunday intervals that straddle the 02:00-03:00 DST transitions in Rome.
const romeSundayNight = compile({ timezone: 'Europe/Rome', hours: { sun: ['01:00-04:00'], mon: ['09:00-10:00'] } });
const romeSundayGapBoundary = compile({ timezone: 'Europe/Rome', hours: { sun: ['02:30-05:00'] } });

const CALENDARS = {
  shanghai,
  shanghaiMondayHoliday,
  shanghaiWednesdayHoliday,
  shanghaiSaturdayWorkday,
  shanghaiSaturdayShortWorkday,
  shanghaiHolidayWorkedAnyway,
  shanghaiTuesdayOnlyPlusWorkday,
  shanghaiLateShift,
  rome24x7,
  romeMonSat,
  romeSundayNight,
  romeSundayGapBoundary,
};
type CalendarName = keyof typeof CALENDARS;

describe('addBusinessMinutes', () => {
  it.each<[string, CalendarName, string, number, string]>([
    ['Friday 17:45 + 2h rolls over the weekend', 'shanghai', '2026-11-20T17:45:00+08:00', 120, '2026-11-23T10:45:00+08:00'],
    ['start during lunch counts from 13:00', 'shanghai', '2026-11-23T12:30:00+08:00', 60, '2026-11-23T14:00:00+08:00'],
    ['work spans lunch', 'shanghai', '2026-11-23T11:30:00+08:00', 60, '2026-11-23T13:30:00+08:00'],
    ['start before opening', 'shanghai', '2026-11-23T07:00:00+08:00', 30, '2026-11-23T09:30:00+08:00'],
    ['start on a Saturday', 'shanghai', '2026-11-21T10:00:00+08:00', 90, '2026-11-23T10:30:00+08:00'],
    ['start exactly at opening', 'shanghai', '2026-11-23T09:00:00+08:00', 30, '2026-11-23T09:30:00+08:00'],
    ['start exactly at closing', 'shanghai', '2026-11-23T18:00:00+08:00', 30, '2026-11-24T09:30:00+08:00'],
    ['lands exactly on 18:00 and stays', 'shanghai', '2026-11-23T17:00:00+08:00', 60, '2026-11-23T18:00:00+08:00'],
    ['a full day lands on 18:00', 'shanghai', '2026-11-23T09:00:00+08:00', 480, '2026-11-23T18:00:00+08:00'],
    ['lands exactly on 12:00 and stays', 'shanghai', '2026-11-23T11:00:00+08:00', 60, '2026-11-23T12:00:00+08:00'],
    ['5 business days', 'shanghai', '2026-11-23T10:00:00+08:00', 5 * 480, '2026-11-30T10:00:00+08:00'],
    ['zero minutes inside hours is the start', 'shanghai', '2026-11-23T10:00:00+08:00', 0, '2026-11-23T10:00:00+08:00'],
    ['zero minutes outside hours is the next opening', 'shanghai', '2026-11-21T10:00:00+08:00', 0, '2026-11-23T09:00:00+08:00'],
    ['start given in UTC uses the local date', 'shanghai', '2026-11-22T23:30:00Z', 60, '2026-11-23T10:00:00+08:00'],
    ['holiday on Monday moves the due to Tuesday', 'shanghaiMondayHoliday', '2026-11-20T17:45:00+08:00', 120, '2026-11-24T10:45:00+08:00'],
    ['night before a holiday skips it', 'shanghaiWednesdayHoliday', '2026-11-24T20:00:00+08:00', 60, '2026-11-26T10:00:00+08:00'],
    ['Saturday workday with default (Monday) hours', 'shanghaiSaturdayWorkday', '2026-11-20T17:45:00+08:00', 120, '2026-11-21T10:45:00+08:00'],
    ['Saturday workday default hours include lunch', 'shanghaiSaturdayWorkday', '2026-11-21T11:00:00+08:00', 120, '2026-11-21T14:00:00+08:00'],
    ['Saturday workday with its own hours', 'shanghaiSaturdayShortWorkday', '2026-11-20T17:45:00+08:00', 120, '2026-11-21T11:45:00+08:00'],
    ['Saturday workday own hours close at 14:00', 'shanghaiSaturdayShortWorkday', '2026-11-21T13:00:00+08:00', 120, '2026-11-23T10:00:00+08:00'],
    ['workday overrides a holiday', 'shanghaiHolidayWorkedAnyway', '2026-11-20T17:45:00+08:00', 120, '2026-11-23T10:45:00+08:00'],
    ['plain workday borrows the first weekday with hours', 'shanghaiTuesdayOnlyPlusWorkday', '2026-11-21T00:00:00+08:00', 90, '2026-11-24T14:30:00+08:00'],
    ['interval ending at 24:00: due lands at midnight', 'shanghaiLateShift', '2026-11-23T23:00:00+08:00', 60, '2026-11-24T00:00:00+08:00'],
    ['interval ending at 24:00 continues into the next day', 'shanghaiLateShift', '2026-11-23T23:00:00+08:00', 90, '2026-11-24T00:30:00+08:00'],
    ['interval ending at 24:00 then a week later', 'shanghaiLateShift', '2026-11-24T01:00:00+08:00', 120, '2026-11-30T21:00:00+08:00'],
    // 24 business hours = 24 real hours; across spring-forward that is 25 wall-clock hours.
    ['24/7 across spring-forward', 'rome24x7', '2026-03-28T12:00:00+01:00', 24 * 60, '2026-03-29T13:00:00+02:00'],
    // ...and across fall-back 23 wall-clock hours.
    ['24/7 across fall-back', 'rome24x7', '2026-10-24T12:00:00+02:00', 24 * 60, '2026-10-25T11:00:00+01:00'],
    ['24/7: the spring-forward Sunday is 23h long', 'rome24x7', '2026-03-29T00:00:00+01:00', 23 * 60, '2026-03-30T00:00:00+02:00'],
    ['24/7: the fall-back Sunday is 25h long', 'rome24x7', '2026-10-25T00:00:00+02:00', 25 * 60, '2026-10-26T00:00:00+01:00'],
    ['Mon-Sat across spring-forward changes the offset', 'romeMonSat', '2026-03-28T17:00:00+01:00', 120, '2026-03-30T10:00:00+02:00'],
    ['Mon-Sat across fall-back changes the offset', 'romeMonSat', '2026-10-24T17:00:00+02:00', 120, '2026-10-26T10:00:00+01:00'],
    // 01:00-04:00 on the spring-forward night is only 2 real hours.
    ['interval shortened by spring-forward', 'romeSundayNight', '2026-03-29T01:00:00+01:00', 150, '2026-03-30T09:30:00+02:00'],
    ['interval shortened by spring-forward, exactly used up', 'romeSundayNight', '2026-03-29T01:00:00+01:00', 120, '2026-03-29T04:00:00+02:00'],
    // ...and 4 real hours on the fall-back night.
    ['interval lengthened by fall-back', 'romeSundayNight', '2026-10-25T01:00:00+02:00', 210, '2026-10-25T03:30:00+01:00'],
    // 02:30 does not exist on 2026-03-29; 'compatible' opens at 03:30 (+02:00).
    ['opening inside the spring-forward gap moves forward', 'romeSundayGapBoundary', '2026-03-29T00:00:00+01:00', 30, '2026-03-29T04:00:00+02:00'],
    // 02:30 happens twice on 2026-10-25; 'compatible' opens at the first one.
    ['opening inside the fall-back overlap uses the earlier instant', 'romeSundayGapBoundary', '2026-10-25T00:00:00+02:00', 60, '2026-10-25T02:30:00+01:00'],
  ])('%s', (_name, cal, start, minutes, due) => {
    expect(formatInstant(addBusinessMinutes(CALENDARS[cal], at(start), minutes))).toBe(due);
  });

  it('returns a ZonedDateTime in the calendar zone', () => {
    const due = addBusinessMinutes(shanghai, at('2026-11-20T09:45:00Z'), 120);
    expect(due.timeZoneId).toBe('Asia/Shanghai');
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %s minutes', (minutes) => {
    expect(() => addBusinessMinutes(shanghai, at('2026-11-23T10:00:00+08:00'), minutes)).toThrow(RangeError);
  });

  it('measures wall-clock shift vs real elapsed time across DST', () => {
    const spring = at('2026-03-28T12:00:00+01:00');
    const dueSpring = addBusinessMinutes(rome24x7, spring, 24 * 60);
    expect(dueSpring.epochMilliseconds - spring.epochMilliseconds).toBe(24 * 3_600_000);
    const springWall = dueSpring.toPlainDateTime().since(spring.toZonedDateTimeISO('Europe/Rome').toPlainDateTime());
    expect(springWall.total('hours')).toBe(25);

    const fall = at('2026-10-24T12:00:00+02:00');
    const dueFall = addBusinessMinutes(rome24x7, fall, 24 * 60);
    expect(dueFall.epochMilliseconds - fall.epochMilliseconds).toBe(24 * 3_600_000);
    const fallWall = dueFall.toPlainDateTime().since(fall.toZonedDateTimeISO('Europe/Rome').toPlainDateTime());
    expect(fallWall.total('hours')).toBe(23);
  });

  it('is monotonic: a later start never gives an earlier due (1000 five-day searches)', () => {
    const start = at('2026-11-20T17:45:00+08:00');
    let previous = 0;
    for (let i = 0; i < 1000; i++) {
      const due = addBusinessMinutes(shanghai, start.add({ minutes: i * 7 }), 5 * 480).epochMilliseconds;
      expect(due).toBeGreaterThanOrEqual(previous);
      previous = due;
    }
  });
});

describe('isBusinessTime', () => {
  it.each<[CalendarName, string, boolean]>([
    ['shanghai', '2026-11-23T09:00:00+08:00', true],
    ['shanghai', '2026-11-23T08:59:59+08:00', false],
    ['shanghai', '2026-11-23T11:59:59+08:00', true],
    ['shanghai', '2026-11-23T12:00:00+08:00', false],
    ['shanghai', '2026-11-23T12:30:00+08:00', false],
    ['shanghai', '2026-11-23T13:00:00+08:00', true],
    ['shanghai', '2026-11-23T18:00:00+08:00', false],
    ['shanghai', '2026-11-21T10:00:00+08:00', false],
    ['shanghai', '2026-11-23T02:00:00Z', true],
    ['shanghaiMondayHoliday', '2026-11-23T10:00:00+08:00', false],
    ['shanghaiSaturdayWorkday', '2026-11-21T10:00:00+08:00', true],
    ['shanghaiSaturdayShortWorkday', '2026-11-21T15:00:00+08:00', false],
    ['shanghaiHolidayWorkedAnyway', '2026-11-23T10:00:00+08:00', true],
    ['shanghaiLateShift', '2026-11-23T23:59:59+08:00', true],
    ['shanghaiLateShift', '2026-11-24T00:00:00+08:00', true],
    ['shanghaiLateShift', '2026-11-24T02:00:00+08:00', false],
    ['shanghaiLateShift', '2026-11-23T19:59:00+08:00', false],
    ['rome24x7', '2026-03-29T03:00:00+02:00', true],
    ['romeSundayGapBoundary', '2026-03-29T03:29:00+02:00', false],
    ['romeSundayGapBoundary', '2026-03-29T03:30:00+02:00', true],
    ['romeSundayGapBoundary', '2026-10-25T02:30:00+02:00', true],
  ])('%s at %s -> %s', (cal, instant, expected) => {
    expect(isBusinessTime(CALENDARS[cal], at(instant))).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each<[string, CalendarName, string, number, string]>([
    ['Friday + 1 -> Monday close', 'shanghai', '2026-11-20T10:00:00+08:00', 1, '2026-11-23T18:00:00+08:00'],
    ['Friday after hours + 1 -> Monday close', 'shanghai', '2026-11-20T21:00:00+08:00', 1, '2026-11-23T18:00:00+08:00'],
    ['Saturday (day 0 even though closed) + 1 -> Monday', 'shanghai', '2026-11-21T10:00:00+08:00', 1, '2026-11-23T18:00:00+08:00'],
    ['Monday + 1 -> Tuesday', 'shanghai', '2026-11-23T08:00:00+08:00', 1, '2026-11-24T18:00:00+08:00'],
    ['Monday + 5 -> next Monday', 'shanghai', '2026-11-23T10:00:00+08:00', 5, '2026-11-30T18:00:00+08:00'],
    // Thursday in UTC but already Friday in Shanghai: the local date is day 0.
    ['local date decides day 0', 'shanghai', '2026-11-19T16:30:00Z', 1, '2026-11-23T18:00:00+08:00'],
    ['Friday + 1 with a Monday holiday -> Tuesday', 'shanghaiMondayHoliday', '2026-11-20T10:00:00+08:00', 1, '2026-11-24T18:00:00+08:00'],
    ['Friday + 1 with a Saturday workday -> Saturday', 'shanghaiSaturdayWorkday', '2026-11-20T10:00:00+08:00', 1, '2026-11-21T18:00:00+08:00'],
    ['Saturday workday with own hours closes at 14:00', 'shanghaiSaturdayShortWorkday', '2026-11-20T10:00:00+08:00', 1, '2026-11-21T14:00:00+08:00'],
    ['close at 24:00 is the next midnight', 'shanghaiLateShift', '2026-11-22T10:00:00+08:00', 1, '2026-11-24T00:00:00+08:00'],
    ['Mon-Sat before spring-forward', 'romeMonSat', '2026-03-27T10:00:00+01:00', 1, '2026-03-28T18:00:00+01:00'],
    ['Mon-Sat across spring-forward', 'romeMonSat', '2026-03-27T10:00:00+01:00', 2, '2026-03-30T18:00:00+02:00'],
    ['Mon-Sat across fall-back', 'romeMonSat', '2026-10-24T10:00:00+02:00', 1, '2026-10-26T18:00:00+01:00'],
  ])('%s', (_name, cal, start, days, due) => {
    expect(formatInstant(addBusinessDays(CALENDARS[cal], at(start), days))).toBe(due);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('rejects %s days', (days) => {
    expect(() => addBusinessDays(shanghai, at('2026-11-23T10:00:00+08:00'), days)).toThrow(RangeError);
  });
});

describe('addBusinessDuration', () => {
  it.each<[string, string, string]>([
    ['2h', '2026-11-20T17:45:00+08:00', '2026-11-23T10:45:00+08:00'],
    ['PT2H', '2026-11-20T17:45:00+08:00', '2026-11-23T10:45:00+08:00'],
    ['90m', '2026-11-23T11:30:00+08:00', '2026-11-23T14:00:00+08:00'],
    ['1d', '2026-11-20T10:00:00+08:00', '2026-11-23T18:00:00+08:00'],
    ['P3D', '2026-11-20T10:00:00+08:00', '2026-11-25T18:00:00+08:00'],
  ])('%s from %s -> %s', (text, start, due) => {
    expect(formatInstant(addBusinessDuration(shanghai, at(start), parseDuration(text)!))).toBe(due);
  });

  it('refuses a duration mixing days with hours', () => {
    expect(() => addBusinessDuration(shanghai, at('2026-11-20T10:00:00+08:00'), parseDuration('1d2h')!)).toThrow(RangeError);
  });
});

describe('addCalendarDuration', () => {
  it.each<[string, string, string, string]>([
    // '1d' keeps the wall clock across DST, '24h' is exact elapsed time.
    ['1d', 'Europe/Rome', '2026-03-28T10:00:00+01:00', '2026-03-29T10:00:00+02:00'],
    ['24h', 'Europe/Rome', '2026-03-28T10:00:00+01:00', '2026-03-29T11:00:00+02:00'],
    ['1d', 'Europe/Rome', '2026-10-24T10:00:00+02:00', '2026-10-25T10:00:00+01:00'],
    ['24h', 'Europe/Rome', '2026-10-24T10:00:00+02:00', '2026-10-25T09:00:00+01:00'],
    ['1d2h', 'Europe/Rome', '2026-03-28T10:00:00+01:00', '2026-03-29T12:00:00+02:00'],
    ['P1DT2H30M', 'Europe/Rome', '2026-10-24T23:00:00+02:00', '2026-10-26T01:30:00+01:00'],
    // Wall clock lands in the gap: 'compatible' moves forward.
    ['1d', 'Europe/Rome', '2026-03-28T02:30:00+01:00', '2026-03-29T03:30:00+02:00'],
    // Wall clock lands in the overlap: 'compatible' takes the earlier one.
    ['1d', 'Europe/Rome', '2026-10-24T02:30:00+02:00', '2026-10-25T02:30:00+02:00'],
    ['3d', 'Asia/Shanghai', '2026-11-20T17:45:00+08:00', '2026-11-23T17:45:00+08:00'],
    ['30m', 'America/New_York', '2026-11-01T01:45:00-04:00', '2026-11-01T01:15:00-05:00'],
  ])('%s in %s from %s -> %s', (text, tz, start, due) => {
    const zdt = addCalendarDuration(tz, at(start), parseDuration(text)!);
    expect(zdt.timeZoneId).toBe(tz);
    expect(formatInstant(zdt)).toBe(due);
  });
});

describe('formatting', () => {
  it.each<[string, string, string, string]>([
    ['2026-11-24T07:30:15.987654321Z', 'Asia/Shanghai', '2026-11-24T15:30:15+08:00', '2026-11-24 15:30'],
    ['2026-03-29T01:00:00Z', 'Europe/Rome', '2026-03-29T03:00:00+02:00', '2026-03-29 03:00'],
    ['2026-11-24T07:30:00Z', 'America/New_York', '2026-11-24T02:30:00-05:00', '2026-11-24 02:30'],
    ['2026-11-24T07:30:00Z', 'UTC', '2026-11-24T07:30:00+00:00', '2026-11-24 07:30'],
    ['2026-11-24T07:30:00Z', 'Asia/Kolkata', '2026-11-24T13:00:00+05:30', '2026-11-24 13:00'],
  ])('%s in %s', (instant, tz, iso, local) => {
    const zdt = at(instant).toZonedDateTimeISO(tz);
    expect(formatInstant(zdt)).toBe(iso);
    expect(formatLocal(zdt)).toBe(local);
  });
});

describe('compileCalendar problems', () => {
  const base = { timezone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'] } };
  type Expected = Array<[code: string, path: (string | number)[]]>;
  it.each<[string, CalendarSpec, Expected]>([
    ['unknown zone', { ...base, timezone: 'Mars/Olympus' }, [['CALENDAR_TIMEZONE', ['timezone']]]],
    ['empty zone', { ...base, timezone: '' }, [['CALENDAR_TIMEZONE', ['timezone']]]],
    ['fixed offset is not a named zone', { ...base, timezone: '+08:00' }, [['CALENDAR_TIMEZONE', ['timezone']]]],
    ['hour 25', { ...base, hours: { mon: ['09:00-12:00', '25:00-26:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'mon', 1]]]],
    ['minute 60', { ...base, hours: { tue: ['09:60-12:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'tue', 0]]]],
    ['end after 24:00', { ...base, hours: { mon: ['09:00-24:01'] } }, [['CALENDAR_INTERVAL', ['hours', 'mon', 0]]]],
    ['start at 24:00', { ...base, hours: { mon: ['24:00-24:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'mon', 0]]]],
    ['single-digit hour', { ...base, hours: { mon: ['9:00-12:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'mon', 0]]]],
    ['not an interval', { ...base, hours: { mon: ['all day'] } }, [['CALENDAR_INTERVAL', ['hours', 'mon', 0]]]],
    ['start after end', { ...base, hours: { wed: ['18:00-09:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'wed', 0]]]],
    ['start equals end', { ...base, hours: { wed: ['09:00-09:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'wed', 0]]]],
    ['overlap', { ...base, hours: { fri: ['09:00-12:00', '11:00-13:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'fri', 1]]]],
    ['overlap listed out of order', { ...base, hours: { fri: ['13:00-18:00', '09:00-13:30'] } }, [['CALENDAR_INTERVAL', ['hours', 'fri', 1]]]],
    ['contained interval', { ...base, hours: { fri: ['09:00-18:00', '10:00-11:00', '12:00-13:00'] } }, [['CALENDAR_INTERVAL', ['hours', 'fri', 1]], ['CALENDAR_INTERVAL', ['hours', 'fri', 2]]]],
    ['unknown weekday key', { ...base, hours: { mon: ['09:00-18:00'], monday: ['09:00-18:00'] } as CalendarSpec['hours'] }, [['CALENDAR_INTERVAL', ['hours', 'monday']]]],
    ['impossible holiday', { ...base, holidays: ['2026-01-01', '2026-02-30'] }, [['CALENDAR_DATE', ['holidays', 1]]]],
    ['badly formatted holiday', { ...base, holidays: ['2026-2-3'] }, [['CALENDAR_DATE', ['holidays', 0]]]],
    ['impossible plain workday', { ...base, workdays: ['2026-13-01'] }, [['CALENDAR_DATE', ['workdays', 0]]]],
    ['impossible workday with hours', { ...base, workdays: [{ date: '2026-02-29', hours: ['09:00-12:00'] }] }, [['CALENDAR_DATE', ['workdays', 0, 'date']]]],
    ['bad workday hours', { ...base, workdays: [{ date: '2026-02-28', hours: ['12:00-09:00'] }] }, [['CALENDAR_INTERVAL', ['workdays', 0, 'hours', 0]]]],
    ['workday with no hours', { ...base, workdays: [{ date: '2026-02-28', hours: [] }] }, [['CALENDAR_INTERVAL', ['workdays', 0, 'hours']]]],
    ['duplicate workday', { ...base, workdays: ['2026-02-28', { date: '2026-02-28', hours: ['10:00-11:00'] }] }, [['CALENDAR_DATE', ['workdays', 1]]]],
    ['no hours at all', { timezone: 'Asia/Shanghai', hours: {} }, [['CALENDAR_EMPTY', ['hours']]]],
    ['only empty days', { timezone: 'Asia/Shanghai', hours: { mon: [], sat: [] }, holidays: ['2026-01-01'] }, [['CALENDAR_EMPTY', ['hours']]]],
    // A plain workday borrows weekday hours; with none to borrow it is as empty as the rest.
    ['only a plain workday', { timezone: 'Asia/Shanghai', hours: {}, workdays: ['2020-01-06'] }, [['CALENDAR_EMPTY', ['hours']]]],
    [
      'plain workday with nothing to borrow next to a usable one',
      { timezone: 'Asia/Shanghai', hours: {}, workdays: ['2026-01-05', { date: '2026-01-06', hours: ['09:00-10:00'] }] },
      [['CALENDAR_EMPTY', ['workdays', 0]]],
    ],
    [
      'every problem is reported, not just the first',
      {
        timezone: 'Nowhere/Land',
        hours: { mon: ['09:00-12:00', '11:00-13:00'], tue: ['25:00-26:00'] },
        holidays: ['2026-02-30'],
        workdays: [{ date: '2026-04-31', hours: ['10:00-09:00'] }],
      },
      [
        ['CALENDAR_TIMEZONE', ['timezone']],
        ['CALENDAR_INTERVAL', ['hours', 'mon', 1]],
        ['CALENDAR_INTERVAL', ['hours', 'tue', 0]],
        ['CALENDAR_DATE', ['holidays', 0]],
        ['CALENDAR_DATE', ['workdays', 0, 'date']],
        ['CALENDAR_INTERVAL', ['workdays', 0, 'hours', 0]],
      ],
    ],
  ])('%s', (_name, spec, expected) => {
    const { calendar, problems } = compileCalendar(spec);
    expect(calendar).toBeUndefined();
    expect(problems.map((p) => [p.code, p.path])).toEqual(expected);
    for (const p of problems) expect(p.message).not.toBe('');
  });

  it.each<[string, CalendarSpec]>([
    ['touching intervals', { timezone: 'Asia/Shanghai', hours: { mon: ['09:00-12:00', '12:00-18:00'] } }],
    ['interval to 24:00', { timezone: 'Asia/Shanghai', hours: { mon: ['00:00-24:00'] } }],
    ['only workdays with their own hours', { timezone: 'Asia/Shanghai', hours: {}, workdays: [{ date: '2020-01-06', hours: ['09:00-18:00'] }] }],
    ['leap day', { timezone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'] }, holidays: ['2028-02-29'] }],
  ])('accepts %s', (_name, spec) => {
    const { calendar, problems } = compileCalendar(spec);
    expect(problems).toEqual([]);
    expect(calendar?.timezone).toBe('Asia/Shanghai');
  });

  it('canonicalises the zone id and freezes the result', () => {
    const { calendar } = compileCalendar({ timezone: 'asia/shanghai', hours: { mon: ['09:00-18:00'] } });
    expect(calendar?.timezone).toBe('Asia/Shanghai');
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar?.weekly)).toBe(true);
  });
});

describe('bounded search', () => {
  const onlyPast = compile({ timezone: 'Asia/Shanghai', hours: {}, workdays: [{ date: '2020-01-06', hours: ['09:00-18:00'] }] });

  it('throws CalendarExhaustedError when the only business day is in the past', () => {
    const start = at('2026-11-20T10:00:00+08:00');
    expect(() => addBusinessMinutes(onlyPast, start, 60)).toThrow(CalendarExhaustedError);
    expect(() => addBusinessDays(onlyPast, start, 1)).toThrow(CalendarExhaustedError);
    try {
      addBusinessMinutes(onlyPast, start, 60);
      expect.unreachable('the search should have been exhausted');
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as CalendarExhaustedError).code).toBe('CALENDAR_EXHAUSTED');
      expect((e as Error).name).toBe('CalendarExhaustedError');
    }
  });

  it('still finds that workday when it lies ahead', () => {
    const start = at('2019-12-31T10:00:00+08:00');
    expect(formatInstant(addBusinessMinutes(onlyPast, start, 60))).toBe('2020-01-06T10:00:00+08:00');
    expect(formatInstant(addBusinessDays(onlyPast, start, 1))).toBe('2020-01-06T18:00:00+08:00');
    expect(() => addBusinessMinutes(onlyPast, start, 10 * 60)).toThrow(CalendarExhaustedError);
  });
});
