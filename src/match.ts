/**
 * Finding literal words in a text, the way a reader would: Chinese segmented into words with
 * `Intl.Segmenter` (ICU's own dictionary, no dependency), English by words, case and apostrophes
 * folded, and a negation just before a word noticed ("这不是您的错", "it is not your fault").
 * Shared by lint (responses that say an avoided word) and the reply checker (an agent's draft).
 */

/** A span of the original text, in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A word of an indexed text (`norm` coordinates). */
export interface IndexedWord {
  start: number;
  end: number;
  word: string;
  /** Index of its clause (between clause punctuation) and of its sentence. */
  clause: number;
  sentence: number;
}

/**
 * A text prepared for matching: folded, segmented into words, clauses and sentences. Positions
 * inside are in the folded text (`norm`); {@link TextIndex.toOriginal} maps a span back.
 */
export interface TextIndex {
  /** The text as given. */
  text: string;
  /** `zh`, `en` or another language subtag: how the text was segmented. */
  language: string;
  /** Lower-cased, curly apostrophes and full-width forms folded, runs of white space as one space. */
  norm: string;
  /** For each position of `norm`, the position in `text` (one extra entry: `text.length`). */
  map: Int32Array;
  /** Positions of `norm` where a segment (word, space or punctuation) starts or ends. */
  boundaries: Uint8Array;
  words: IndexedWord[];
  /** `[start, end)` of each sentence in `norm`. */
  sentences: Array<{ start: number; end: number }>;
  /** `[start, end)` of each clause in `norm`, with its sentence. */
  clauses: Array<{ start: number; end: number; sentence: number }>;
}

const segmenters = new Map<string, { word: Intl.Segmenter; sentence: Intl.Segmenter }>();

function segmentersFor(language: string): { word: Intl.Segmenter; sentence: Intl.Segmenter } {
  let s = segmenters.get(language);
  if (!s) {
    s = { word: new Intl.Segmenter(language, { granularity: 'word' }), sentence: new Intl.Segmenter(language, { granularity: 'sentence' }) };
    segmenters.set(language, s);
  }
  return s;
}

/** The language subtag a locale is matched with: `zh-CN` → `zh`, `en-GB` → `en`. */
export function matchLanguage(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] || 'en';
}

/** Characters that end a clause (and, where they end a sentence, a sentence). */
const clausePunctuation = new Set([...',,、;;::。.!!??…—–()()「」『』“”"\n']);

function fold(code: number): string | undefined {
  // Full-width ASCII forms (，：！ …) read as their ASCII letters; curly apostrophes as '.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code === 0x2019 || code === 0x2018 || code === 0x02bc) return "'";
  return undefined;
}

/**
 * Prepares `text` for matching in `locale` (`zh-CN`, `en`, …).
 *
 * @example
 * ```ts
 * const index = indexText('这不是您的错。', 'zh-CN');
 * findTerm(index, '您的错'); // [{ start: 3, end: 6, negated: true }]
 * ```
 */
export function indexText(text: string, locale: string): TextIndex {
  const language = matchLanguage(locale);
  let norm = '';
  // The same text without lower-casing: sentence breaks depend on capitals ("policy. We").
  let cased = '';
  const map: number[] = [];
  let lastSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') {
      // A line break ends a clause (a greeting line, a list item): kept as one \n.
      if (norm.endsWith('\n')) continue;
      if (lastSpace) (norm = norm.slice(0, -1)), (cased = cased.slice(0, -1)), map.pop();
      norm += '\n';
      cased += '\n';
      map.push(i);
      lastSpace = true;
      continue;
    }
    if (/\s/.test(ch) || code === 0x3000) {
      if (lastSpace || norm.length === 0) continue;
      norm += ' ';
      cased += ' ';
      map.push(i);
      lastSpace = true;
      continue;
    }
    lastSpace = false;
    const folded = fold(code);
    if (folded !== undefined) {
      norm += folded;
      cased += code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : folded;
      map.push(i);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      norm += text.slice(i, i + 2);
      cased += text.slice(i, i + 2);
      map.push(i, i + 1);
      i++;
      continue;
    }
    const lower = ch.toLowerCase();
    norm += lower.length === 1 ? lower : ch;
    cased += ch;
    map.push(i);
  }
  map.push(text.length);

  const boundaries = new Uint8Array(norm.length + 1);
  const { word, sentence } = segmentersFor(language);
  const sentences: TextIndex['sentences'] = [];
  for (const s of sentence.segment(cased)) {
    const end = s.index + s.segment.length;
    let trimmedEnd = end;
    while (trimmedEnd > s.index && /\s/.test(norm[trimmedEnd - 1]!)) trimmedEnd--;
    if (trimmedEnd > s.index) sentences.push({ start: s.index, end: trimmedEnd });
  }
  const clauses: TextIndex['clauses'] = [];
  sentences.forEach((s, k) => {
    let start = s.start;
    for (let i = s.start; i <= s.end; i++) {
      if (i === s.end || clausePunctuation.has(norm[i]!)) {
        // A full stop inside a number or an abbreviation does not end a clause.
        if (i < s.end && norm[i] === '.' && /[0-9a-z]/.test(norm[i + 1] ?? '')) continue;
        if (i < s.end && norm[i] === ':' && /[0-9]/.test(norm[i - 1] ?? '') && /[0-9]/.test(norm[i + 1] ?? '')) continue;
        if (i > start) clauses.push({ start, end: i, sentence: k });
        start = i + 1;
      }
    }
  });
  const words: IndexedWord[] = [];
  let c = 0;
  for (const seg of word.segment(norm)) {
    boundaries[seg.index] = 1;
    boundaries[seg.index + seg.segment.length] = 1;
    if (!seg.isWordLike) continue;
    while (c < clauses.length - 1 && clauses[c]!.end <= seg.index) c++;
    const clause = clauses[c];
    words.push({ start: seg.index, end: seg.index + seg.segment.length, word: seg.segment, clause: c, sentence: clause?.sentence ?? 0 });
  }
  boundaries[0] = 1;
  boundaries[norm.length] = 1;
  return { text, language, norm, map: Int32Array.from(map), boundaries, words, sentences, clauses };
}

/** Folds a term the way {@link indexText} folds a text. */
export function foldTerm(term: string): string {
  let out = '';
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    const ch = term[i]!;
    if (/\s/.test(ch) || code === 0x3000) {
      if (!out.endsWith(' ') && out.length > 0) out += ' ';
      continue;
    }
    const folded = fold(code);
    out += folded ?? (ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch);
  }
  return out.trimEnd();
}

/**
 * Words ICU's dictionary splits wrongly inside a longer word: the term is not that word when the
 * characters around it make the longer one (不过 in 不过分 "not excessive", 但是 in 不但是 "not only",
 * 保证 in 保证金 "a deposit").
 */
const compounds: Record<string, { before?: string[]; after?: string[] }> = {
  不过: { after: ['分', '于'] },
  但是: { before: ['不'] },
  保证: { after: ['金', '人', '书', '期'] },
  可是: { before: ['不'] },
  但: { before: ['不'] },
};

/** A place a term was found, in `norm` coordinates, with whether a negation governs it. */
export interface TermHit {
  start: number;
  end: number;
  term: string;
  negated: boolean;
}

/**
 * Every place `term` occurs in the indexed text as whole words: the match starts and ends where
 * the segmenter puts a word boundary, so 怪您 is not found in 难怪您 and "but" not in "button".
 * Positions are in `norm`; see {@link toOriginal}.
 */
export function findTerm(index: TextIndex, term: string): TermHit[] {
  const needle = foldTerm(term);
  if (needle.length === 0) return [];
  const hits: TermHit[] = [];
  const rule = compounds[needle];
  for (let at = index.norm.indexOf(needle); at !== -1; at = index.norm.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (!alignedAt(index, at, needle, true) || !alignedAt(index, end, needle, false)) continue;
    if (rule?.after?.some((w) => index.norm.startsWith(w, end))) continue;
    if (rule?.before?.some((w) => index.norm.endsWith(w, at))) continue;
    hits.push({ start: at, end, term, negated: isNegated(index, at) });
  }
  return hits;
}


function alignedAt(index: TextIndex, pos: number, needle: string, atStart: boolean): boolean {
  if (index.boundaries[pos] === 1) return true;
  // Between two letters or digits of the same script, a missing boundary means "inside a word".
  // Where the term itself ends in punctuation (or the text has it), there is nothing to split.
  const inside = atStart ? needle[0]! : needle[needle.length - 1]!;
  const outside = index.norm[atStart ? pos - 1 : pos];
  if (outside === undefined) return true;
  const wordy = (ch: string) => /[\p{L}\p{N}']/u.test(ch);
  if (!wordy(inside) || !wordy(outside)) return true;
  return false;
}

/** Words that negate what follows them in the same clause. */
const negators: Record<string, ReadonlySet<string>> = {
  zh: new Set(['不', '不是', '没', '没有', '并非', '并不', '并不是', '并没有', '绝不', '绝不是', '决不', '不会', '不能', '不用', '无须', '无需', '别', '不必', '从不', '从没', '从来不', '毫不', '不该', '不应', '不应该', '不要', '未', '未必', '谈不上', '算不上', '不算', '非', '无意', '没必要']),
  en: new Set(['not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'cannot', 'without', 'nobody']),
};

/** How many words back a negation still governs a term (within its clause): "not offer you a gift". */
const negationReach: Record<string, number> = { zh: 3, en: 4 };

/** Whether a negation stands within a few words before `start` in the same clause. */
export function isNegated(index: TextIndex, start: number): boolean {
  const set = negators[index.language];
  if (!set) return false;
  const k = firstWordEndingAfter(index.words, start);
  const clause = index.words[k]?.clause ?? index.words[k - 1]?.clause;
  for (let back = 1; back <= (negationReach[index.language] ?? 3); back++) {
    const w = index.words[k - back];
    if (!w || w.clause !== clause) return false;
    if (set.has(w.word) || (index.language === 'en' && w.word.endsWith("n't"))) return true;
  }
  return false;
}

/** Index of the first word that ends after `pos` (binary search; `words.length` if none). */
export function firstWordEndingAfter(words: readonly IndexedWord[], pos: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]!.end > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The span of the original text that `norm` positions `[start, end)` cover. */
export function toOriginal(index: TextIndex, start: number, end: number): TextSpan {
  const s = index.map[start]!;
  const e = end > start ? index.map[end - 1]! + 1 : s;
  // A surrogate pair is one position pair in both texts.
  const last = index.text.charCodeAt(e - 1);
  return { start: s, end: last >= 0xd800 && last <= 0xdbff ? e + 1 : e };
}

/**
 * Whether `text` says `term` as whole words in `locale`, not under a negation ("我们不会让您再从头说一遍").
 *
 * @example
 * ```ts
 * containsTerm('难怪您会生气', '怪您', 'zh-CN');       // false: 难怪 is one word
 * containsTerm('It is not your fault.', 'your fault', 'en'); // false: negated
 * containsTerm('That is your fault.', 'your fault', 'en');   // true
 * ```
 */
export function containsTerm(text: string, term: string, locale: string): boolean {
  return findTerm(indexText(text, locale), term).some((h) => !h.negated);
}
