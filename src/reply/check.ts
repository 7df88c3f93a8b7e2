/**
 * The reply checker: an agent's draft held against the recommendation, deterministically. What it
 * knows comes from the seeds (apologise first, no 不过/可是/因为 after it, no promise without
 * certainty, never blame the customer or criticise a colleague, no gift as compensation, no
 * offer beyond one's authority, tell the deadline) and from the recommendation itself (its avoid
 * entries' words, its apology lines, its deadlines, the handler's limit).
 */
import { parseDuration } from '../calendar/index.js';
import { EvaluationError } from '../errors.js';
import { findTerm, firstWordEndingAfter, indexText, matchLanguage, toOriginal, type TextIndex, type TermHit } from '../match.js';
import type { EvaluateOptions } from '../options.js';
import type { Playbook } from '../playbook.js';
import type { AvoidCheck, Recommendation } from '../types.js';
import {
  apologyWords,
  blameWords,
  commitmentKindWords,
  criticismWords,
  escalationWords,
  giftToUs,
  giftWords,
  greetingWords,
  guaranteeWords,
  notTurningBefore,
  offerWords,
  turningWords,
  vagueTimeWords,
  type Lexicon,
} from './lexicon.js';
import { kindName, messages, suggestions, tierWords, type MessageValues } from './messages.js';
import { findTimes, addDays, type ToldTime } from './time.js';
import type { CheckReplyOptions, ReplyCheck, ReplyFinding, ReplyFindingCode } from './types.js';

/**
 * The longest draft checked by default (UTF-16 code units); `maxLength` sets another.
 *
 * @example
 * ```ts
 * if (draft.length > defaultMaxDraftLength) draft = draft.slice(0, defaultMaxDraftLength);
 * ```
 */
export const defaultMaxDraftLength = 20_000;

type Lang = 'zh-CN' | 'en';
type Commitment = Recommendation['commitments'][number];

/** A word list entry: a literal, and the avoid entry it came from. */
interface Term {
  term: string;
  avoid?: string;
}

const checkCodes: Record<AvoidCheck, ReplyFindingCode> = {
  'turning-after-apology': 'TURNING_AFTER_APOLOGY',
  'uncertain-promise': 'UNCERTAIN_PROMISE',
  'blame-customer': 'BLAME_CUSTOMER',
  'criticise-colleague': 'CRITICISE_COLLEAGUE',
  'gift-compensation': 'GIFT_COMPENSATION',
};

function nowMs(now: CheckReplyOptions['now']): number {
  if (now === undefined) return Date.now();
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : typeof now === 'string' && /(?:Z|[+-]\d\d:\d\d)$/i.test(now) ? Date.parse(now) : NaN;
  if (!Number.isFinite(ms)) throw new EvaluationError('INVALID_OPTION', `now must be an ISO time with an offset (2026-12-05T14:40:00+08:00), a Date or epoch milliseconds; got ${String(now).slice(0, 80)}`);
  return ms;
}

/** The offset, in minutes, of an ISO time such as `2026-12-08T18:00:00+08:00`. */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const local = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * Holds an agent's draft reply against a recommendation: what it must not say (avoid entries,
 * excuses after the apology, blame, criticism of colleagues, guarantees the resolvability tier
 * does not allow, gifts, amounts above the handler's limit) and what it must say (an apology
 * first, the deadlines as recommended). Deterministic: the same draft, recommendation and `now`
 * give the same findings.
 *
 * @param draft - The reply as the agent would send it.
 * @param recommendation - What `playbook.evaluate` recommended for the complaint.
 * @param options - The draft's locale (default: the recommendation's), `now`, codes to ignore.
 * @returns Every finding, in the order they occur in the draft.
 * @throws EvaluationError `INVALID_DRAFT` for a draft that is not text or is too long,
 *   `INVALID_OPTION` for a locale other than Chinese or English or an unreadable `now`.
 *
 * @example
 * ```ts
 * const rec = await playbook.evaluate(complaint, { locale: 'zh-CN' });
 * const { findings } = checkReply('非常抱歉,不过这是厂家的问题。', rec, { now: '2026-12-05T14:40:00+08:00' });
 * findings.map((f) => f.code); // ['TURNING_AFTER_APOLOGY', …]
 * ```
 */
export function checkReply(draft: string, recommendation: Recommendation, options: CheckReplyOptions = {}): ReplyCheck {
  const maxLength = options.maxLength ?? defaultMaxDraftLength;
  if (typeof draft !== 'string') throw new EvaluationError('INVALID_DRAFT', `the draft must be text, not ${draft === null ? 'null' : typeof draft}`);
  if (draft.length > maxLength) throw new EvaluationError('INVALID_DRAFT', `the draft has ${draft.length} characters, more than the ${maxLength} a reply may have (maxLength)`);
  if (!recommendation || !Array.isArray(recommendation.responses) || !Array.isArray(recommendation.avoid) || !Array.isArray(recommendation.commitments)) {
    throw new EvaluationError('INVALID_OPTION', 'the recommendation must be one returned by playbook.evaluate (with responses, avoid and commitments)');
  }
  const locale = options.locale ?? recommendation.locale;
  const language = matchLanguage(locale);
  if (language !== 'zh' && language !== 'en') throw new EvaluationError('INVALID_OPTION', `the reply checker reads Chinese (zh-CN) and English (en) drafts, not "${locale}"`);
  const lang: Lang = language === 'zh' ? 'zh-CN' : 'en';
  const now = nowMs(options.now);
  const ignore = new Set(options.ignore ?? []);
  const checker = new Checker(draft, recommendation, language, lang, now);
  checker.run();
  const findings = checker.findings.filter((f) => !ignore.has(f.code)).sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  return { findings, locale: lang };
}

/**
 * Evaluates the complaint with the playbook, then checks the draft against that recommendation
 * ({@link checkReply}). `now` (default: the complaint's `receivedAt`, else the current time) is
 * when the draft is written.
 *
 * @example
 * ```ts
 * const { findings, recommendation } = await checkReplyFor(draft, playbook, complaint, { locale: 'en' });
 * ```
 */
export async function checkReplyFor(
  draft: string,
  playbook: Playbook,
  complaint: unknown,
  options: CheckReplyOptions & { evaluate?: Omit<EvaluateOptions, 'locale'> } = {},
): Promise<ReplyCheck & { recommendation: Recommendation }> {
  const { evaluate, ...checkOptions } = options;
  const evaluateOptions: EvaluateOptions = { ...evaluate };
  if (options.locale !== undefined) evaluateOptions.locale = options.locale;
  const recommendation = await playbook.evaluate(complaint, evaluateOptions);
  const receivedAt = (complaint as { receivedAt?: unknown }).receivedAt;
  if (checkOptions.now === undefined && typeof receivedAt === 'string') checkOptions.now = receivedAt;
  return { ...checkReply(draft, recommendation, { ...checkOptions, locale: options.locale ?? recommendation.locale }), recommendation };
}

class Checker {
  readonly findings: ReplyFinding[] = [];
  private readonly index: TextIndex;
  /** Words that name a commitment kind, found once (told times look them up per sentence). */
  private kindHits: Array<{ kind: Commitment['kind']; hits: TermHit[] }> | undefined;
  private readonly lex: (l: Lexicon) => readonly string[];

  constructor(
    private readonly draft: string,
    private readonly rec: Recommendation,
    private readonly language: 'zh' | 'en',
    private readonly lang: Lang,
    private readonly now: number,
  ) {
    this.index = indexText(draft, lang);
    this.lex = (l) => l[language];
  }

  run(): void {
    const byCheck = new Map<AvoidCheck, Term[]>();
    const plain: Array<{ entry: Recommendation['avoid'][number]; terms: Term[] }> = [];
    for (const entry of this.rec.avoid) {
      if (!entry.match?.length) continue;
      const terms = entry.match.map((term) => ({ term, avoid: entry.id }));
      if (entry.check && checkCodes[entry.check]) byCheck.set(entry.check, [...(byCheck.get(entry.check) ?? []), ...terms]);
      else plain.push({ entry, terms });
    }
    const withAvoid = (check: AvoidCheck, l: Lexicon): Term[] => [...this.lex(l).map((term) => ({ term })), ...(byCheck.get(check) ?? [])];

    const apologies = this.hits(this.lex(apologyWords).map((term) => ({ term }))).filter((h) => !h.negated);
    this.noApology(apologies);
    this.turning(apologies, withAvoid('turning-after-apology', turningWords));
    this.simple('BLAME_CUSTOMER', withAvoid('blame-customer', blameWords), () => 'error', () => suggestions.explainTactfully[this.lang](this.responseOf('explain')));
    this.simple('CRITICISE_COLLEAGUE', withAvoid('criticise-colleague', criticismWords), () => 'error', () => suggestions.ownIt[this.lang]());
    this.guarantees(withAvoid('uncertain-promise', guaranteeWords));
    this.gifts(withAvoid('gift-compensation', giftWords));
    this.amounts();
    this.deadlines();
    for (const { entry, terms } of plain) {
      for (const hit of this.hits(terms)) {
        if (hit.negated) continue;
        const span = toOriginal(this.index, hit.start, hit.end);
        const covering = this.findings.find((f) => f.start <= span.start && f.end >= span.end);
        if (covering) {
          covering.avoid ??= entry.id;
          continue;
        }
        this.add('AVOID_PHRASE', 'error', span, { phrase: entry.phrase, reason: entry.reason }, undefined, { avoid: entry.id });
      }
    }
  }

  /** Hits of every term, overlapping ones merged into the longest (an avoid entry's id kept). */
  private hits(terms: readonly Term[]): Array<TermHit & { avoid?: string }> {
    const all: Array<TermHit & { avoid?: string }> = [];
    for (const t of terms) for (const h of findTerm(this.index, t.term)) all.push(t.avoid ? { ...h, avoid: t.avoid } : h);
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Array<TermHit & { avoid?: string }> = [];
    for (const h of all) {
      const last = out[out.length - 1];
      if (last && h.start <= last.end) {
        if (h.end > last.end) last.end = h.end;
        last.avoid ??= h.avoid;
        // Not negated if either reading is not (the longer one decides the span).
        last.negated &&= h.negated;
        continue;
      }
      out.push({ ...h });
    }
    return out;
  }

  private add(code: ReplyFindingCode, severity: 'error' | 'warning', span: { start: number; end: number }, values: Omit<MessageValues, 'text'>, suggestion: string | undefined, extra: Partial<Pick<ReplyFinding, 'avoid' | 'commitment'>> = {}, messageKey: keyof typeof messages = code): void {
    const text = this.draft.slice(span.start, span.end);
    const finding: ReplyFinding = { code, severity, start: span.start, end: span.end, text, message: messages[messageKey][this.lang]({ text, ...values }) };
    if (suggestion) finding.suggestion = suggestion;
    if (extra.avoid !== undefined) finding.avoid = extra.avoid;
    if (extra.commitment !== undefined) finding.commitment = extra.commitment;
    this.findings.push(finding);
  }

  private addHit(code: ReplyFindingCode, severity: 'error' | 'warning', hit: TermHit & { avoid?: string }, values: Omit<MessageValues, 'text'>, suggestion: string | undefined): void {
    this.add(code, severity, toOriginal(this.index, hit.start, hit.end), values, suggestion, hit.avoid ? { avoid: hit.avoid } : {});
  }

  private responseOf(stage: string): string {
    return this.rec.responses.find((r) => r.stage === stage)?.text ?? '';
  }

  /** The word index at a `norm` position. */
  private wordAt(pos: number): number {
    const k = firstWordEndingAfter(this.index.words, pos);
    const w = this.index.words[k];
    return w && w.start <= pos ? k : -1;
  }

  private simple(code: ReplyFindingCode, terms: Term[], severity: () => 'error' | 'warning', suggestion: () => string): void {
    for (const hit of this.hits(terms)) if (!hit.negated) this.addHit(code, severity(), hit, {}, suggestion());
  }

  /** NO_APOLOGY: the recommendation opens with an apology, the draft's first sentence (after a greeting) has none. */
  private noApology(apologies: TermHit[]): void {
    const first = this.rec.responses[0];
    if (!first || first.stage !== 'apologize') return;
    const { sentences, words } = this.index;
    if (sentences.length === 0) return;
    const greetings = this.hits(this.lex(greetingWords).map((term) => ({ term })));
    let k = 0;
    // Greeting lines («您好!», «Dear Ms Li,») before the first real sentence are skipped.
    while (k < sentences.length - 1) {
      const s = sentences[k]!;
      const count = words.filter((w) => w.start >= s.start && w.end <= s.end).length;
      const greeting = greetings.some((g) => g.start >= s.start && g.end <= s.end);
      const salutation = /[,,::]$/.test(this.index.norm.slice(s.start, s.end));
      if (count > 4 || !(greeting || salutation)) break;
      if (apologies.some((a) => a.start >= s.start && a.end <= s.end)) return;
      k++;
    }
    const s = sentences[k]!;
    if (apologies.some((a) => a.start >= s.start && a.end <= s.end)) return;
    // «您好,我是这里的负责人……。……真是非常抱歉。»: a greeting and who is speaking, then the apology.
    const next = sentences[k + 1];
    const opensWithGreeting = greetings.some((g) => g.start === s.start);
    if (opensWithGreeting && next && apologies.some((a) => a.start >= next.start && a.end <= next.end)) return;
    this.add('NO_APOLOGY', 'error', toOriginal(this.index, s.start, s.end), {}, suggestions.apologyFirst[this.lang](first.text));
  }

  /**
   * TURNING_AFTER_APOLOGY: a turning word after the apology in its clause, at the start of a later
   * clause of the same sentence, or at the start of the next sentence.
   */
  private turning(apologies: TermHit[], terms: Term[]): void {
    const { words, clauses } = this.index;
    const turns = this.hits(terms);
    const reported = new Set<number>();
    const firstOfClause = new Map<number, number>();
    words.forEach((w, i) => {
      if (!firstOfClause.has(w.clause)) firstOfClause.set(w.clause, i);
    });
    const clauseFirstWord = (c: number) => firstOfClause.get(c) ?? -1;
    for (const a of apologies) {
      const ai = this.wordAt(a.start);
      if (ai === -1) continue;
      const { clause, sentence } = words[ai]!;
      for (const t of turns) {
        if (t.start < a.end || reported.has(t.start)) continue;
        const ti = this.wordAt(t.start);
        if (ti === -1) continue;
        const tw = words[ti]!;
        const sameClause = tw.clause === clause;
        const opensClause = clauseFirstWord(tw.clause) === ti;
        const nextSentenceFirst = tw.sentence === sentence + 1 && (tw.clause === 0 || clauses[tw.clause - 1]!.sentence !== tw.sentence);
        if (!(sameClause || (opensClause && (tw.sentence === sentence || nextSentenceFirst)))) continue;
        if (this.language === 'en' && notTurningBefore.includes(words[ti - 1]?.word ?? '')) continue;
        reported.add(t.start);
        this.addHit('TURNING_AFTER_APOLOGY', 'error', t, {}, suggestions.noTurn[this.lang](this.responseOf('resolve')));
      }
    }
  }

  /** UNCERTAIN_PROMISE: a guarantee where the tier does not allow one (anything but "solvable on the spot"). */
  private guarantees(terms: Term[]): void {
    const tier = this.rec.resolvability.tier;
    if (tier === 'immediate') return;
    const severity = tier === 'not-currently-resolvable' ? 'error' : 'warning';
    const promise = this.rec.commitments.find((c) => c.kind === 'resolve') ?? this.rec.commitments[0];
    for (const hit of this.hits(terms)) {
      if (hit.negated) continue;
      this.addHit('UNCERTAIN_PROMISE', severity, hit, { tier: tierWords[tier ?? 'unknown']![this.lang] }, suggestions.onlyWhatIsSure[this.lang](promise?.text ?? ''));
    }
  }

  /** GIFT_COMPENSATION: a gift offered, not the customer's "gift" to us. */
  private gifts(terms: Term[]): void {
    const toUs = this.hits(this.lex(giftToUs).map((term) => ({ term })));
    for (const hit of this.hits(terms)) {
      if (hit.negated) continue;
      const wi = this.wordAt(hit.start);
      const clause = wi === -1 ? -1 : this.index.words[wi]!.clause;
      const c = this.index.clauses[clause];
      if (c && toUs.some((u) => u.start >= c.start && u.end <= c.end)) continue;
      this.addHit('GIFT_COMPENSATION', 'error', hit, {}, suggestions.solveInstead[this.lang](this.responseOf('resolve')));
    }
  }

  /** OVER_AUTHORITY: an amount offered above the handling level's `maxCompensation`. */
  private amounts(): void {
    const limit = this.rec.escalation.maxCompensation;
    if (limit === undefined) return;
    const offers = this.hits(this.lex(offerWords).map((term) => ({ term }))).filter((h) => !h.negated);
    const escalations = this.hits(this.lex(escalationWords).map((term) => ({ term })));
    for (const amount of findAmounts(this.draft, this.language)) {
      if (amount.value <= limit) continue;
      const sentence = this.index.sentences.find((s) => {
        const o = toOriginal(this.index, s.start, s.end);
        return o.start <= amount.start && amount.start < o.end;
      });
      if (!sentence) continue;
      const inSentence = (h: TermHit) => h.start >= sentence.start && h.end <= sentence.end;
      if (!offers.some(inSentence) || escalations.some(inSentence)) continue;
      this.add('OVER_AUTHORITY', 'error', amount, { amount: amount.value, limit }, suggestions.askSuperior[this.lang]());
    }
  }

  /** MISSING_DEADLINE and WRONG_DEADLINE: the times told, against the recommendation's deadlines. */
  private deadlines(): void {
    const commitments = this.rec.commitments;
    const offset = commitments[0] ? offsetMinutes(commitments[0].due) : 0;
    const nowLocal = new Date(this.now + offset * 60_000).toISOString().slice(0, 16);
    const today = nowLocal.slice(0, 10);
    const told: ToldTime[] = [];
    for (const t of findTimes(this.draft, this.language, today)) {
      if (t.time !== undefined && t.date === undefined) t.date = `${today}T${t.time}` < nowLocal ? addDays(today, 1) : today;
      // A time in the past (the day of purchase) is not a promise.
      if (t.date !== undefined && (t.time !== undefined ? `${t.date}T${t.time}` < nowLocal : t.date < today)) continue;
      // "7日内可以退货" counts from the purchase, not from now: a rule, not a promise.
      if (t.duration && this.countsFromPurchase(t)) continue;
      // A time is a promise when its sentence says what for (答复, 处理结果, "the result") or it
      // is a deadline (…前, "by …"); "what can be done today" is neither.
      if (this.kindOf(t) === undefined && !this.isDeadline(t)) continue;
      told.push(t);
    }
    if (commitments.length === 0) return;
    const show = (c: Commitment) => local(c.due);
    if (told.length === 0) {
      const c = commitments.find((x) => x.kind === 'resolve') ?? commitments[0]!;
      const vague = this.hits(this.lex(vagueTimeWords).map((term) => ({ term }))).find((h) => !h.negated);
      const span = vague ? toOriginal(this.index, vague.start, vague.end) : { start: this.draft.length, end: this.draft.length };
      this.add('MISSING_DEADLINE', 'warning', span, { kind: kindName(c.kind, this.lang), due: show(c) }, c.text ?? undefined, { commitment: c.kind });
      return;
    }
    for (const t of told) {
      if (commitments.some((c) => compareTold(t, c) === 0)) continue;
      const kind = this.kindOf(t);
      const values = { told: this.draft.slice(t.start, t.end) };
      if (kind) {
        const c = commitments.find((x) => x.kind === kind);
        if (!c) {
          this.add('WRONG_DEADLINE', kind === 'resolve' ? 'error' : 'warning', t, { ...values, kind: kindName(kind, this.lang) }, undefined, {}, 'WRONG_DEADLINE_NONE');
          continue;
        }
        const order = compareTold(t, c);
        this.add('WRONG_DEADLINE', order < 0 ? 'error' : 'warning', t, { ...values, kind: kindName(kind, this.lang), due: show(c) }, c.text ?? `${kindName(kind, this.lang)}: ${show(c)}`, { commitment: c.kind });
        continue;
      }
      const earliest = [...commitments].sort((a, b) => (a.due < b.due ? -1 : 1))[0]!;
      const dues = commitments.map((c) => `${kindName(c.kind, this.lang)} ${show(c)}`).join(this.lang === 'zh-CN' ? ',' : ', ');
      this.add('WRONG_DEADLINE', compareTold(t, earliest) < 0 ? 'error' : 'warning', t, { ...values, dues }, undefined, {}, 'WRONG_DEADLINE_UNMATCHED');
    }
  }

  /** Whether a told time is said as a deadline: 「…前」「…内」, "by …", "within …". */
  private isDeadline(t: ToldTime): boolean {
    const before = this.draft.slice(Math.max(0, t.start - 16), t.start).toLowerCase();
    const after = this.draft.slice(t.end, t.end + 3);
    if (this.language === 'zh') return /^(?:之前|以前|前|以内|之内|内)/.test(after) || /[内]$/.test(this.draft.slice(t.start, t.end));
    return t.duration !== undefined || /\b(?:by|before|until|till|no later than|at the latest by)\s+(?:\S+\s+){0,2}$/.test(before);
  }

  /** Whether a duration counts from the purchase or delivery (「购买7日内」, "within 7 days of purchase"). */
  private countsFromPurchase(t: ToldTime): boolean {
    // The sentence that counts one duration from the purchase counts its others so too
    // (「购买7日内可以退货,15日内可以换货」).
    const sentence = this.index.sentences.map((x) => toOriginal(this.index, x.start, x.end)).find((o) => o.start <= t.start && t.start < o.end);
    const text = sentence ? this.draft.slice(sentence.start, sentence.end) : '';
    if (this.language === 'zh') return /(?:购买|买后|收货|签收|购物)\s*(?:后\s*)?(?:\d+|[一二两三四五六七八九十]+)\s*个?\s*(?:日|天|工作日)/.test(text);
    return /\b(?:days?|weeks?)\s+(?:of|after|from)\s+(?:the\s+)?(?:purchase|purchasing|buying|delivery)/i.test(text);
  }

  /** The commitment kind the sentence of a told time speaks of, the most specific first. */
  private kindOf(t: ToldTime): Commitment['kind'] | undefined {
    const sentence = this.index.sentences.find((s) => {
      const o = toOriginal(this.index, s.start, s.end);
      return o.start <= t.start && t.start < o.end;
    });
    if (!sentence) return undefined;
    this.kindHits ??= commitmentKindWords.map(({ kind, words }) => ({ kind, hits: this.hits(this.lex(words).map((term) => ({ term }))).filter((h) => !h.negated) }));
    return this.kindHits.find(({ hits }) => hits.some((h) => h.start >= sentence.start && h.end <= sentence.end))?.kind;
  }
}

/**
 * How a told time compares with a commitment: 0 the same (at the precision told), negative
 * earlier, positive later. A duration is compared with the commitment's `within`.
 */
function compareTold(t: ToldTime, c: Commitment): number {
  if (t.duration) {
    const d = parseDuration(c.within);
    if (!d) return 1;
    const told = t.duration;
    if (told.days > 0 && d.days > 0 && d.hours === 0 && d.minutes === 0) {
      if (told.days !== d.days) return told.days - d.days;
      // "3天" for three business days, or "3 business days" for three calendar days: not the same.
      return told.business === undefined || told.business === c.businessTime ? 0 : told.business ? 1 : -1;
    }
    const toldMinutes = told.days * 24 * 60 + told.minutes;
    const within = d.days * 24 * 60 + d.hours * 60 + d.minutes;
    return toldMinutes - within;
  }
  const due = c.due.slice(0, 16);
  if (t.time !== undefined) {
    const at = `${t.date}T${t.time}`;
    return at === due ? 0 : at < due ? -1 : 1;
  }
  const date = t.date!;
  const dueDate = due.slice(0, 10);
  return date === dueDate ? 0 : date < dueDate ? -1 : 1;
}

const zhNumerals: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 两千五百 → 2500, 一万 → 10000. */
function zhAmount(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of text) {
    if (zhNumerals[ch] !== undefined) digit = zhNumerals[ch]!;
    else if (ch === '十' || ch === '百' || ch === '千') {
      section += (digit || 1) * ({ 十: 10, 百: 100, 千: 1000 } as Record<string, number>)[ch]!;
      digit = 0;
    } else if (ch === '万') {
      total += (section + digit) * 10_000;
      section = 0;
      digit = 0;
    } else return undefined;
  }
  return total + section + digit;
}

/** Sums of money in a draft, with their spans. */
function findAmounts(draft: string, language: 'zh' | 'en'): Array<{ start: number; end: number; value: number }> {
  const out: Array<{ start: number; end: number; value: number }> = [];
  const taken = new Set<number>();
  const scan = (source: string, flags: string, value: (m: RegExpExecArray) => number | undefined) => {
    const re = new RegExp(source, `g${flags}`);
    for (let m = re.exec(draft); m; m = re.exec(draft)) {
      if (taken.has(m.index)) continue;
      const v = value(m);
      if (v === undefined || !Number.isFinite(v)) continue;
      taken.add(m.index);
      out.push({ start: m.index, end: m.index + m[0].length, value: v });
    }
  };
  const plain = (s: string) => Number(s.replace(/[,\s]/g, ''));
  if (language === 'zh') {
    scan('(?:[¥￥]|人民币)\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*(?:元)?', '', (m) => plain(m[1]!));
    scan('(\\d[\\d,]*(?:\\.\\d+)?)\\s*(?:万\\s*)?(?:元|块钱|块)', '', (m) => plain(m[1]!) * (m[0].includes('万') ? 10_000 : 1));
    scan('([零〇一二两三四五六七八九十百千万]+)\\s*(?:元|块钱|块)', '', (m) => zhAmount(m[1]!));
  } else {
    scan('[€$£¥]\\s?(\\d[\\d,]*(?:\\.\\d+)?)', '', (m) => plain(m[1]!));
    scan('\\b(\\d[\\d,]*(?:\\.\\d+)?)\\s?(?:euros?|eur|dollars?|usd|pounds?|gbp|yuan|rmb|cny)\\b', 'i', (m) => plain(m[1]!));
  }
  return out.sort((a, b) => a.start - b.start);
}
