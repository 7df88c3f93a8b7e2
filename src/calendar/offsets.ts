/**
 * Time-zone offsets without a Temporal call per look-up. Resolving a zone's offset through the
 * polyfill goes through Intl and dominated evaluation time; offsets only change at transitions,
 * so each look-up caches the whole span between two transitions and later instants in that span
 * (usually months) cost a few comparisons.
 */
import { Temporal } from 'temporal-polyfill';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

interface Span {
  from: number; // inclusive, epoch ms; -Infinity when there is no earlier transition
  to: number; // exclusive, epoch ms; Infinity when there is no later transition
  offset: number; // ms to add to UTC to get local wall-clock time
}

// Bounded per zone: spans are reused across playbooks of the same zone and hold no per-call state.
const spansByZone = new Map<string, Span[]>();
const MAX_SPANS_PER_ZONE = 64;

/** The zone's UTC offset at an instant, in milliseconds (local = utc + offset). */
export function offsetAt(timezone: string, epochMs: number): number {
  let spans = spansByZone.get(timezone);
  if (!spans) {
    spans = [];
    spansByZone.set(timezone, spans);
  }
  for (const s of spans) if (epochMs >= s.from && epochMs < s.to) return s.offset;
  const zdt = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timezone);
  const previous = zdt.getTimeZoneTransition('previous');
  const next = zdt.getTimeZoneTransition('next');
  const span: Span = {
    from: previous ? previous.epochMilliseconds : -Infinity,
    to: next ? next.epochMilliseconds : Infinity,
    offset: zdt.offsetNanoseconds / 1_000_000,
  };
  if (spans.length >= MAX_SPANS_PER_ZONE) spans.shift();
  spans.push(span);
  return span.offset;
}

/**
 * The instant of a local wall-clock time (epoch ms of the wall time read as if it were UTC),
 * with Temporal's 'compatible' disambiguation: in a fall-back overlap the earlier instant, in a
 * spring-forward gap the time moved forward by the gap's length.
 */
export function wallToEpochMs(timezone: string, wallMs: number): number {
  const before = offsetAt(timezone, wallMs - MS_PER_DAY);
  const after = offsetAt(timezone, wallMs + MS_PER_DAY);
  const candidates = [wallMs - before, wallMs - after].filter((t) => t + offsetAt(timezone, t) === wallMs);
  if (candidates.length) return Math.min(...candidates);
  // In a gap: read the wall time with the offset from before the transition.
  return wallMs - before;
}

/** '00' to '99', so that formatting a time is look-ups and concatenation. */
const twoDigits: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));

function pad2(n: number): string {
  return twoDigits[n] ?? String(n);
}

/** Y-M-D h:m:s of a wall-clock epoch-ms value, by integer arithmetic (civil-from-days). */
function wallFields(wallMs: number): [number, number, number, number, number, number] {
  const days = Math.floor(wallMs / MS_PER_DAY);
  let rest = wallMs - days * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  const second = Math.floor((rest - minute * 60_000) / 1000);
  // Howard Hinnant's days-to-civil conversion for the proleptic Gregorian calendar.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day, hour, minute, second];
}

function datePart(year: number, month: number, day: number): string {
  const y = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

/** `2026-11-24T15:30:00+08:00`: ISO 8601 to the second with the zone's offset. */
export function formatIsoInZone(timezone: string, epochMs: number): string {
  return formatBothInZone(timezone, epochMs).iso;
}

/** `2026-11-24 15:30`: local wall-clock time for display. */
export function formatLocalInZone(timezone: string, epochMs: number): string {
  return formatBothInZone(timezone, epochMs).local;
}

/** Both forms of an instant at once ({@link formatIsoInZone}, {@link formatLocalInZone}): one offset look-up, one date conversion. */
export function formatBothInZone(timezone: string, epochMs: number): { iso: string; local: string } {
  const offset = offsetAt(timezone, epochMs);
  const wall = epochMs + offset;
  const day = Math.floor(wall / MS_PER_DAY);
  const seconds = Math.floor((wall - day * MS_PER_DAY) / 1000);
  const date = dateOfDay(day);
  const hm = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}`;
  return { iso: `${date}T${hm}:${pad2(seconds % 60)}${offsetText(offset)}`, local: `${date} ${hm}` };
}

// Deadlines fall on a few days and zones have a few offsets: both are remembered (bounded).
const dateOfDayMemo = new Map<number, string>();
const offsetTextMemo = new Map<number, string>();

/** `2026-11-24` for a day number (days since 1970-01-01). */
function dateOfDay(day: number): string {
  let text = dateOfDayMemo.get(day);
  if (text === undefined) {
    const [y, mo, d] = wallFields(day * MS_PER_DAY);
    text = datePart(y, mo, d);
    if (dateOfDayMemo.size >= 4096) dateOfDayMemo.clear();
    dateOfDayMemo.set(day, text);
  }
  return text;
}

/** `+08:00` for an offset in milliseconds. */
function offsetText(offset: number): string {
  let text = offsetTextMemo.get(offset);
  if (text === undefined) {
    const minutes = Math.round(offset / MS_PER_MINUTE);
    const abs = Math.abs(minutes);
    text = `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    if (offsetTextMemo.size >= 1024) offsetTextMemo.clear();
    offsetTextMemo.set(offset, text);
  }
  return text;
}

/** The local calendar date of an instant, as days since 1970-01-01. */
export function localEpochDayAt(timezone: string, epochMs: number): number {
  return Math.floor((epochMs + offsetAt(timezone, epochMs)) / MS_PER_DAY);
}
