/**
 * Duration strings as written in playbooks ("2h", "1d12h", "PT2H", ...).
 *
 * @packageDocumentation
 */

/**
 * A parsed commitment duration.
 *
 * The parts are kept as written (90 minutes stays `minutes: 90`) because
 * whether a day means "a business day" or "24 hours" is decided later by the
 * caller, not by the parser.
 */
export interface Duration {
  /** Whole days as written. */
  days: number;
  /** Whole hours as written. */
  hours: number;
  /** Whole minutes as written. */
  minutes: number;
  /** The source text (trimmed), kept for messages shown to playbook authors. */
  text: string;
}

/** Anything longer than a year is far more likely a typo than a real commitment. */
const MAX_TOTAL_MINUTES = 366 * 1440;

const SHORT_FORM = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
// Seconds, weeks, months and years are deliberately unsupported: none of them
// makes sense for a complaint deadline, and months/years are not fixed lengths.
const ISO_FORM = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

function toPart(raw: string | undefined): number | null {
  if (raw === undefined) return 0;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Parses '30m', '2h', '1h30m', '3d', '1d12h' (order d, h, m; each at most
 * once; non-negative integers; at least one part; total > 0) and also
 * ISO 8601 'PT2H', 'P3D', 'P1DT2H30M'.
 *
 * @param text - The duration as written in the playbook.
 * @returns The parsed duration, or `null` when the text is not parseable, is
 *   zero, or is absurd (total above 366 days).
 */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;

  let parts: [string | undefined, string | undefined, string | undefined];
  const short = SHORT_FORM.exec(trimmed);
  const iso = short ? null : ISO_FORM.exec(trimmed);
  if (short) {
    parts = [short[1], short[2], short[3]];
  } else if (iso) {
    // 'P' alone and a dangling 'T' ('P1DT') are not valid ISO 8601.
    if (trimmed.endsWith('T')) return null;
    parts = [iso[1], iso[2], iso[3]];
  } else {
    return null;
  }
  if (parts.every((p) => p === undefined)) return null;

  const days = toPart(parts[0]);
  const hours = toPart(parts[1]);
  const minutes = toPart(parts[2]);
  if (days === null || hours === null || minutes === null) return null;

  const total = days * 1440 + hours * 60 + minutes;
  if (total <= 0 || total > MAX_TOTAL_MINUTES) return null;
  return { days, hours, minutes, text: trimmed };
}

/**
 * Why a text is not a duration, in plain words with an example to write instead.
 *
 * @example
 * ```ts
 * durationProblem('0h');   // 'a duration must be more than zero, e.g. 30m or 2h'
 * durationProblem('400d'); // 'a duration is at most 366 days; 400d is longer'
 * durationProblem(2);      // 'a duration needs its unit: write 2h for hours or 2d for days'
 * ```
 */
export function durationProblem(value: unknown): string {
  if (typeof value === 'number') return `a duration needs its unit: write ${value}h for hours or ${value}d for days (or ${value}m for minutes)`;
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^\d+$/.test(t)) return `a duration needs its unit: write ${t}h for hours or ${t}d for days (or ${t}m for minutes)`;
    const short = SHORT_FORM.exec(t) ?? ISO_FORM.exec(t);
    if (short && t !== '' && !t.endsWith('T') && [short[1], short[2], short[3]].some((p) => p !== undefined)) {
      const [d, h, m] = [short[1], short[2], short[3]].map((p) => toPart(p) ?? 0) as [number, number, number];
      const total = d * 1440 + h * 60 + m;
      if (total <= 0) return `"${t}" is zero: a duration must be more than zero, e.g. 30m or 2h`;
      if (total > MAX_TOTAL_MINUTES) return `"${t}" is too long: a duration is at most 366 days`;
    }
  }
  return `${JSON.stringify(value)} is not a duration; write for example 30m, 2h, 1h30m or 3d`;
}

/**
 * Total length in minutes, treating a day as 1440 minutes.
 *
 * Only meaningful for exact (elapsed or business-minute) arithmetic; calendar
 * days across a DST change are not 1440 minutes long.
 *
 * @param d - A parsed duration.
 * @returns `days * 1440 + hours * 60 + minutes`.
 */
export function durationMinutes(d: Duration): number {
  return d.days * 1440 + d.hours * 60 + d.minutes;
}
