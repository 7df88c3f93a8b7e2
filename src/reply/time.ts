/**
 * Times told in a draft: dates, clock times, weekdays, "tomorrow", and durations ("3个工作日内",
 * "within 2 business days"), found with fixed patterns of this file (never from YAML) and
 * resolved to local wall-clock dates in the offset of the recommendation's deadlines.
 */

/** A time the draft tells, resolved. Positions are UTF-16 offsets into the draft. */
export interface ToldTime {
  start: number;
  end: number;
  /** Local date `YYYY-MM-DD`, when the draft names a day (or a clock time, today). */
  date?: string;
  /** Local `HH:MM`, when the draft names a clock time. */
  time?: string;
  /** A duration instead of a point in time: minutes, or days (business days when `business`). */
  duration?: { minutes: number; days: number; business: boolean | undefined };
}

const zhDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12, 二十四 → 24, 半 → 0.5, 12 → 12. */
function number(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  const en: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, 'twenty-four': 24, 'forty-eight': 48, 'seventy-two': 72 };
  if (en[text.toLowerCase()] !== undefined) return en[text.toLowerCase()];
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (zhDigits[ch] !== undefined) current = zhDigits[ch]!;
    else return undefined;
  }
  return total + current;
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
function monthOf(name: string): number | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const i = months.findIndex((m) => m === lower || (lower.length >= 3 && m.startsWith(lower)));
  return i === -1 ? undefined : i + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a local date, and back. */
function dayNumber(date: string): number {
  return Math.floor(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000);
}
function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function clock(hour: number, minute: number, part: string | undefined): string | undefined {
  let h = hour;
  const p = part?.toLowerCase().replace(/[.\s]/g, '');
  if ((p === '下午' || p === '晚上' || p === 'pm') && h < 12) h += 12;
  if ((p === 'am' || p === '上午' || p === '早上') && h === 12) h = 0;
  if (h > 24 || minute > 59 || (h === 24 && minute > 0)) return undefined;
  return `${pad(h)}:${pad(minute)}`;
}

interface Piece {
  start: number;
  end: number;
  date?: string;
  time?: string;
  duration?: ToldTime['duration'];
}

const zhNum = '\\d+|[零〇一二两三四五六七八九十百]+';
const zhPart = '(上午|下午|晚上|中午|早上)';
const zhWeek = '一二三四五六日天';
const enNum = '\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four|forty-eight|seventy-two';
const monthName = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Every time told in `draft`, for a writer in `language` (`zh` or `en`), with "today" being
 * `today` (local `YYYY-MM-DD`). Adjacent day and clock time ("明天上午10点", "by 6 pm tomorrow")
 * make one told time.
 */
export function findTimes(draft: string, language: string, today: string): ToldTime[] {
  const pieces: Piece[] = [];
  const taken = new Uint8Array(draft.length + 1);
  const add = (start: number, end: number, piece: Omit<Piece, 'start' | 'end'>) => {
    for (let i = start; i < end; i++) if (taken[i]) return;
    for (let i = start; i < end; i++) taken[i] = 1;
    pieces.push({ start, end, ...piece });
  };
  const scan = (source: string, flags: string, f: (m: RegExpExecArray) => Omit<Piece, 'start' | 'end'> | undefined) => {
    const re = new RegExp(source, `g${flags}`);
    for (let m = re.exec(draft); m; m = re.exec(draft)) {
      const piece = f(m);
      if (piece) add(m.index, m.index + m[0].length, piece);
    }
  };
  const todayDay = dayNumber(today);
  const year = Number(today.slice(0, 4));
  const ymd = (y: number | undefined, mo: number, d: number) => {
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    const date = `${y ?? year}-${pad(mo)}-${pad(d)}`;
    // Without a year, a date half a year back is next year's ("1月5日" said in December).
    return y === undefined && dayNumber(date) < todayDay - 183 ? `${year + 1}-${pad(mo)}-${pad(d)}` : date;
  };
  const weekday = (index: number, next: boolean) => {
    // Monday = 0. "周三" is the coming Wednesday (today if today is one); "下周三" next week's.
    const todayIndex = (new Date(todayDay * 86_400_000).getUTCDay() + 6) % 7;
    const ahead = next ? 7 - todayIndex + index : (index - todayIndex + 7) % 7;
    return dateOf(todayDay + ahead);
  };

  // ISO dates (the recommendation's own "2026-12-08 18:00"), both languages.
  scan('(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2}))?', '', (m) => {
    const date = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!date) return undefined;
    const time = m[4] !== undefined ? clock(Number(m[4]), Number(m[5]), undefined) : undefined;
    return time ? { date, time } : { date };
  });
  if (language === 'zh') {
    scan('(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})[日号]', '', (m) => {
      const date = ymd(m[1] ? Number(m[1]) : undefined, Number(m[2]), Number(m[3]));
      return date ? { date } : undefined;
    });
    scan('(大后天|后天|明天|今天|今晚)', '', (m) => ({ date: dateOf(todayDay + ({ 今天: 0, 今晚: 0, 明天: 1, 后天: 2, 大后天: 3 } as Record<string, number>)[m[1]!]!) }));
    scan(`(下个?)?(?:周|星期|礼拜)([${zhWeek}])`, '', (m) => ({ date: weekday('一二三四五六'.includes(m[2]!) ? '一二三四五六'.indexOf(m[2]!) : 6, m[1] !== undefined) }));
    scan(`(${zhNum})\\s*个?\\s*(工作日|工作天|小时|钟头|分钟|天|日|周|星期)\\s*(?:之内|以内|内)`, '', (m) => {
      const n = number(m[1]!);
      if (n === undefined) return undefined;
      const unit = m[2]!;
      if (unit === '小时' || unit === '钟头') return { duration: { minutes: n * 60, days: 0, business: undefined } };
      if (unit === '分钟') return { duration: { minutes: n, days: 0, business: undefined } };
      const weeks = unit === '周' || unit === '星期';
      return { duration: { minutes: 0, days: weeks ? n * 7 : n, business: unit.startsWith('工作') ? true : weeks ? undefined : false } };
    });
    scan(`${zhPart}?\\s*(\\d{1,2})[::](\\d{2})`, '', (m) => {
      const time = clock(Number(m[2]), Number(m[3]), m[1]);
      return time ? { time } : undefined;
    });
    scan(`${zhPart}?\\s*(${zhNum})\\s*点\\s*(半|(\\d{1,2}|[一二三四五六七八九十]+)分?)?(?=(钟|前|之前|以前)?)`, '', (m) => {
      // 「一点」 is also "a little" (需要一点时间): a clock time in words needs 上午/下午…, minutes or 前/钟.
      if (!/^\d/.test(m[2]!) && m[1] === undefined && m[3] === undefined && m[5] === undefined) return undefined;
      const h = number(m[2]!);
      const minute = m[3] === '半' ? 30 : m[4] !== undefined ? number(m[4]) : 0;
      if (h === undefined || minute === undefined || h !== Math.floor(h)) return undefined;
      const time = clock(h, minute, m[1]);
      return time ? { time } : undefined;
    });
  } else {
    scan(`(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${monthName})(?:,?\\s+(\\d{4}))?\\b`, 'i', (m) => {
      const mo = monthOf(m[2]!);
      const date = mo ? ymd(m[3] ? Number(m[3]) : undefined, mo, Number(m[1])) : undefined;
      return date ? { date } : undefined;
    });
    scan(`\\b(${monthName})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'i', (m) => {
      const mo = monthOf(m[1]!);
      const date = mo ? ymd(m[3] ? Number(m[3]) : undefined, mo, Number(m[2])) : undefined;
      return date ? { date } : undefined;
    });
    scan('\\b(the day after tomorrow|tomorrow|today|tonight|this evening|this afternoon)\\b', 'i', (m) => ({ date: dateOf(todayDay + (m[1]!.toLowerCase() === 'tomorrow' ? 1 : m[1]!.toLowerCase() === 'the day after tomorrow' ? 2 : 0)) }));
    scan(`\\b(next\\s+)?(${weekdays.join('|')})\\b`, 'i', (m) => ({ date: weekday(weekdays.indexOf(m[2]!.toLowerCase()), m[1] !== undefined) }));
    scan(`\\b(?:within|in|inside)\\s+(${enNum})\\s+(business\\s+|working\\s+|calendar\\s+)?(hours?|minutes?|days?|weeks?)\\b`, 'i', (m) => {
      const n = number(m[1]!);
      if (n === undefined) return undefined;
      const unit = m[3]!.toLowerCase();
      const kind = m[2]?.trim().toLowerCase();
      if (unit.startsWith('hour')) return { duration: { minutes: n * 60, days: 0, business: undefined } };
      if (unit.startsWith('minute')) return { duration: { minutes: n, days: 0, business: undefined } };
      const weeks = unit.startsWith('week');
      return { duration: { minutes: 0, days: weeks ? n * 7 : n, business: kind === 'business' || kind === 'working' ? true : weeks ? undefined : false } };
    });
    scan('\\b(\\d{1,2})(?::(\\d{2}))?\\s*(a\\.?m\\.?|p\\.?m\\.?)(?![a-z])', 'i', (m) => {
      const time = clock(Number(m[1]), m[2] ? Number(m[2]) : 0, m[3]);
      return time ? { time } : undefined;
    });
    scan('\\b(\\d{1,2}):(\\d{2})\\b', '', (m) => {
      const time = clock(Number(m[1]), Number(m[2]), undefined);
      return time ? { time } : undefined;
    });
    scan('\\b(noon|midday)\\b', 'i', () => ({ time: '12:00' }));
  }

  // A day and a clock time close together, with nothing that ends a sentence between, are one time.
  pieces.sort((a, b) => a.start - b.start);
  const told: ToldTime[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const q = pieces[i + 1];
    const between = q ? draft.slice(p.end, q.start) : '';
    const pairs = q && !p.duration && !q.duration && ((p.date && !p.time && q.time && !q.date) || (p.time && !p.date && q.date && !q.time));
    if (pairs && between.length <= 12 && !/[。.!?!?;;\n]/.test(between)) {
      told.push({ start: p.start, end: q!.end, date: (p.date ?? q!.date)!, time: (p.time ?? q!.time)! });
      i++;
      continue;
    }
    const t: ToldTime = { start: p.start, end: p.end };
    if (p.date !== undefined) t.date = p.date;
    if (p.time !== undefined) t.time = p.time;
    if (p.duration !== undefined) t.duration = p.duration;
    told.push(t);
  }
  return told;
}

/** `YYYY-MM-DD` of a day `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return dateOf(dayNumber(date) + n);
}
