import type { RuleResult } from 'json-rules-engine';
import { CalendarExhaustedError, dueEpochMs, formatBothInZone } from '../calendar/index.js';
import { readKey, type FactMap, type ReadRecord } from '../compile/condition.js';
import type { ConditionSet } from '../compile/engine.js';
import { notRead, type CompiledEntry, type CompiledPlaybook } from '../compile/playbook.js';
import { ComplaintError, EvaluationError, isComplaintPlaybookError } from '../errors.js';
import { readDotted, stageOrder } from '../facts.js';
import { complaintLimits, type EvaluateOptions, type HostFact } from '../options.js';
import { compileTemplate, localize, negotiateLocale, renderTemplate, type CompiledTemplate } from '../text.js';
import { recommendationJson } from './json.js';
import { commitmentKindOrder, planFor, type PlannedCommit, type ResponsePlan } from './plan.js';
import type {
  CommitmentKind,
  Complaint,
  ConditionTrace,
  EvaluationWarning,
  LocalizedText,
  Recommendation,
  RuleTrace,
  StageName,
  StageTrace,
} from '../types.js';
import { checkComplaintValue } from '../validate/schema.js';
import { parseTimestamp } from '../timestamp.js';

export { commitmentKindOrder } from './plan.js';

/**
 * Checks a complaint against the complaint schema and parses its timestamp.
 *
 * @throws {@link ComplaintError} listing every problem, each with its JSON path.
 * @example
 * ```ts
 * try { checkComplaint(JSON.parse(body)); } catch (e) { if (e instanceof ComplaintError) console.log(e.problems); }
 * ```
 */
export function checkComplaint(value: unknown): { complaint: Complaint; receivedAt?: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ComplaintError([{ code: 'COMPLAINT_NOT_AN_OBJECT', message: `a complaint must be a JSON object, not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}`, path: [] }]);
  }
  // The schema check parses receivedAt once (range included) and hands the instant back.
  const { problems, receivedAt } = checkComplaintValue(value);
  const complaint = value as Complaint;
  if (problems.length) throw new ComplaintError(problems);
  return receivedAt !== undefined ? { complaint, receivedAt } : { complaint };
}

const earliest = parseTimestamp(complaintLimits.earliestReceivedAt)!;
const latest = parseTimestamp(complaintLimits.latestReceivedAt)!;

/** The `now` option in epoch milliseconds, within the same range as `receivedAt`. */
function nowMs(now: EvaluateOptions['now']): number {
  let ms: number | undefined;
  if (now === undefined) ms = Date.now();
  else if (now instanceof Date) ms = now.getTime();
  else if (typeof now === 'number') ms = now;
  // A bracketed zone suffix ([Asia/Shanghai]) would be parsed and then ignored: refused instead.
  else if (typeof now === 'string') ms = now.includes('[') ? undefined : parseTimestamp(now);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new EvaluationError('INVALID_OPTION', `the option "now" (${String(now)}) is not a valid time: use a Date, epoch milliseconds or an ISO 8601 string with an offset (and no zone in brackets)`);
  }
  if (ms < earliest || ms >= latest) {
    throw new EvaluationError('INVALID_OPTION', `the option "now" (${String(now)}) is outside the accepted range (from ${complaintLimits.earliestReceivedAt}, before ${complaintLimits.latestReceivedAt})`);
  }
  return ms;
}

/** Whether each entry of a stage or the rules matched, with its condition trace. */
interface SetRun {
  matched: boolean[];
  /** Present when tracing: per entry, its id, whether it matched and its condition trace (if any). */
  traces?: RuleTrace[];
}

const authorityLimitReason: Record<string, CompiledTemplate> = {
  zh: compileTemplate('客户要求的金额 {amount} 超出「{from}」的审批权限({limit}),需由「{to}」批准。'),
  en: compileTemplate('The amount asked for ({amount}) exceeds the approval limit of {from} ({limit}); {to} must approve it.'),
};

/**
 * One evaluation in progress. Split into steps so the synchronous (compiled) and asynchronous
 * (json-rules-engine, host facts) paths share every line of the logic around the conditions.
 */
class Evaluation {
  readonly complaint: Complaint;
  /** When deadlines start counting, epoch milliseconds. */
  readonly start: number;
  readonly locale: string;
  readonly defaultLocale: string;
  /** Fact values by slot (see `FactSlots`). */
  readonly facts: unknown[];
  /** Values read by the traced conditions, by read slot ({@link notRead} until read). */
  readonly reads: unknown[];
  readonly warnings: EvaluationWarning[] = [];
  readonly stageTraces: StageTrace[] = [];
  readonly results = {} as Record<StageName, string | null>;
  readonly traced: boolean;
  /** The response plan used, once {@link Evaluation.finish} ran. */
  plan: ResponsePlan | undefined;
  /** The planned commitment behind each of the recommendation's commitments, once finished. */
  chosen: ReadonlyArray<{ planned: PlannedCommit }> = [];

  constructor(
    readonly compiled: CompiledPlaybook,
    input: unknown,
    readonly options: EvaluateOptions,
  ) {
    const { complaint, receivedAt } = checkComplaint(input);
    this.complaint = complaint;
    const now = options.now === undefined && receivedAt !== undefined ? undefined : nowMs(options.now);
    this.start = receivedAt ?? now!;
    const locales = compiled.spec.locales;
    this.defaultLocale = locales[0]!;
    const wanted = options.locale ?? complaint.locale;
    this.locale = negotiateLocale(wanted, locales);
    // A locale the playbook has no texts in is answered in another one: said, never silent.
    if (wanted !== undefined && this.locale.toLowerCase().split('-')[0] !== wanted.toLowerCase().split('-')[0]) {
      this.warnings.push({ code: 'LOCALE_FALLBACK', message: `the playbook has no texts in ${wanted} (it has ${locales.join(', ')}); the recommendation is in ${this.locale}`, source: options.locale !== undefined ? 'options.locale' : 'complaint.locale' });
    }
    this.traced = options.trace !== false;
    // Only the facts the playbook reads; stage results are never taken from the complaint.
    const { blankFacts, blankReads } = compiled.slots;
    const facts = blankFacts.slice();
    const root = complaint as unknown as Record<string, unknown>;
    for (const { slot, read } of compiled.factsRead) facts[slot] = read(root);
    this.facts = facts;
    this.reads = this.traced ? blankReads.slice() : [];
  }

  /** A fact by name (undefined when the playbook never reads it). */
  fact(name: string): unknown {
    const slot = this.compiled.slots.slotOf.get(name);
    return slot === undefined ? undefined : this.facts[slot];
  }

  /** The facts that have a value, by name, as json-rules-engine takes them. */
  factObject(): Record<string, unknown> {
    const { names } = this.compiled.slots;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) if (this.facts[i] !== undefined) out[names[i]!] = this.facts[i];
    return out;
  }

  /** The trace's `facts`: every value the conditions read, by key, in the order first read. */
  readFacts(): Record<string, unknown> {
    const { readKeys, readTemplate } = this.compiled.slots;
    const out: Record<string, unknown> = { ...readTemplate };
    for (let i = 0; i < readKeys.length; i++) {
      const value = this.reads[i];
      // Every slot is read when every condition runs; a slot left unread is not listed.
      if (value !== notRead) out[readKeys[i]!] = value;
      else delete out[readKeys[i]!];
    }
    return out;
  }

  text(t: LocalizedText | undefined): string | undefined {
    return localize(t, this.locale, this.defaultLocale);
  }

  /** Host-provided facts the playbook reads, with their providers. */
  hostFacts(): Array<[string, HostFact]> {
    const provided = this.options.facts;
    if (!provided) return [];
    return [...this.compiled.declaredFactsRead].filter((name) => Object.prototype.hasOwnProperty.call(provided, name)).map((name) => [name, provided[name]!]);
  }

  setHostFact(name: string, value: unknown): void {
    const { slotOf } = this.compiled.slots;
    this.facts[slotOf.get(name)!] = value;
    const prefix = `${name}.`;
    const depth = name.split('.').length;
    for (const read of this.compiled.factsRead) {
      if (read.name.startsWith(prefix)) this.facts[read.slot] = readDotted(value, read.segments.slice(depth));
    }
  }

  /** The compiled evaluator over one stage's outcomes or the rules. */
  runCompiled(entries: readonly CompiledEntry[]): SetRun {
    const facts = this.facts as unknown as FactMap;
    const reads = this.reads as unknown as ReadRecord;
    const n = entries.length;
    const matched = new Array<boolean>(n);
    try {
      if (!this.traced) {
        for (let i = 0; i < n; i++) {
          const when = entries[i]!.when;
          matched[i] = when ? when.test(facts) : true;
        }
        return { matched };
      }
      const traces = new Array<RuleTrace>(n);
      for (let i = 0; i < n; i++) {
        const { id, when } = entries[i]!;
        if (!when) {
          matched[i] = true;
          traces[i] = { id, matched: true };
          continue;
        }
        const conditions = when.explain(facts, reads);
        matched[i] = conditions.result;
        traces[i] = { id, matched: conditions.result, conditions };
      }
      return { matched, traces };
    } catch (error) {
      // Same failure as json-rules-engine's on the same input (e.g. `in` against a non-list fact).
      throw new EvaluationError('ENGINE_FAILURE', `the rules engine failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** json-rules-engine over the same conditions (the reference). */
  async runReference(set: ConditionSet): Promise<SetRun> {
    let byIndex = new Map<string, RuleResult>();
    if (set.conditional.some(Boolean)) {
      try {
        const { results, failureResults } = await set.engine.run(this.factObject());
        byIndex = new Map([...results, ...failureResults].map((r) => [r.name, r]));
      } catch (error) {
        throw new EvaluationError('ENGINE_FAILURE', `the rules engine failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    const matched: boolean[] = [];
    const traces: RuleTrace[] = [];
    const { readSlotOf } = this.compiled.slots;
    const record = (key: string, value: unknown) => {
      if (this.traced) this.reads[readSlotOf.get(key)!] = value;
    };
    set.names.forEach((id, i) => {
      if (!set.conditional[i]) {
        matched.push(true);
        traces.push({ id, matched: true });
        return;
      }
      const r = byIndex.get(String(i))!;
      const top = r.conditions as unknown as { all?: unknown[] };
      matched.push(r.result === true);
      traces.push({ id, matched: r.result === true, conditions: referenceTrace(set.wrapped[i] && top.all?.length === 1 ? top.all[0] : top, record) });
    });
    return this.traced ? { matched, traces } : { matched };
  }

  applyStage(stage: StageName, run: SetRun): void {
    const stageSpec = this.compiled.spec[stage];
    const hitPolicy = stageSpec.hitPolicy ?? 'first';
    const outcomes = stageSpec.outcomes;
    // An outcome without `when` is only ever the default: applied by the hit policy, never matched.
    const matchedIds: string[] = [];
    for (let i = 0; i < outcomes.length; i++) if (outcomes[i]!.when !== undefined && run.matched[i]) matchedIds.push(outcomes[i]!.id);
    let result: string | null = matchedIds[0] ?? null;
    let byDefault = false;
    if (result === null && stageSpec.default !== undefined) {
      result = stageSpec.default;
      byDefault = true;
    }
    if (result === null) this.warnings.push({ code: 'STAGE_NO_MATCH', message: `no outcome of the ${stage} stage matched and it has no default`, source: stage });
    if (hitPolicy === 'unique' && matchedIds.length > 1) {
      this.warnings.push({ code: 'UNIQUE_OVERLAP', message: `the ${stage} stage's hit policy is unique but ${matchedIds.join(', ')} all matched; ${matchedIds[0]} was used`, source: stage });
    }
    if (this.traced) {
      const traces: StageTrace['outcomes'] = run.traces!;
      // An outcome without `when` is listed as not matched (it is the default, if anything).
      for (let i = 0; i < outcomes.length; i++) if (outcomes[i]!.when === undefined) traces[i] = { id: outcomes[i]!.id, matched: false };
      this.stageTraces.push({ stage, hitPolicy, result, byDefault, outcomes: traces });
    }
    this.results[stage] = result;
    if (result !== null) this.facts[this.compiled.slots.stage[stage]] = result;
  }

  finish(ruleRun: SetRun): Recommendation {
    const { spec, calendar } = this.compiled;
    const plan = planFor(this.compiled, this.locale, this.results, ruleRun.matched);
    this.plan = plan;
    const ruleTraces: RuleTrace[] = this.traced ? ruleRun.traces! : [];

    // Escalation: the highest level wins; on a tie the first considered keeps it. The authority
    // limit is considered after the rules.
    const ladder = spec.authority;
    let escalation = plan.escalation;
    const escalations = this.traced ? plan.escalations.map((e) => ({ source: e.source, level: e.level })) : [];
    const amount = this.complaint.demand?.amount;
    if (typeof amount === 'number' && this.results.demand !== 'excessive') {
      const needed = ladder.findIndex((level) => level.maxCompensation === undefined || level.maxCompensation >= amount);
      if (needed > 0) {
        if (this.traced) escalations.push({ source: 'authority-limit', level: ladder[needed]!.id });
        if (needed > escalation.index) {
          const from = ladder[needed - 1]!;
          const template = authorityLimitReason[this.locale.split('-')[0]!] ?? authorityLimitReason.en!;
          const values: Record<string, unknown> = { amount, from: this.text(from.label), limit: from.maxCompensation, to: this.text(ladder[needed]!.label) };
          escalation = { index: needed, reason: renderTemplate(template, (name) => values[name]).text, source: 'authority-limit' };
        }
      }
    }

    // Commitments: the earliest deadline per kind wins (the first on a tie); a commitment with
    // `from` counts from the deadline chosen for that kind. Then the invariants every
    // recommendation keeps: acknowledge first, updates strictly before resolve, follow-up after.
    const startMs = this.start;
    const dueOf = (planned: PlannedCommit, from: number): number => {
      try {
        return dueEpochMs(calendar, from, planned.commit.duration, planned.commit.businessTime);
      } catch (error) {
        if (error instanceof CalendarExhaustedError) {
          throw new EvaluationError(
            'CALENDAR_EXHAUSTED',
            error.closed
              ? `the rule "${planned.source}" commits to ${planned.commit.within} of business time, but the calendar has no business hours in the ${error.years} years that follow`
              : `the rule "${planned.source}" commits to ${planned.commit.within} of business time, which this calendar's business hours do not give within ${error.years} years`,
          );
        }
        throw error;
      }
    };
    const byKind = new Map<CommitmentKind, { due: number; planned: PlannedCommit }>();
    for (const { kind, candidates } of plan.commits) {
      let best: PlannedCommit | undefined;
      let bestDue = Infinity;
      let unanchored: PlannedCommit | undefined;
      for (const planned of candidates) {
        const from = planned.commit.from;
        const anchor = from === undefined ? startMs : byKind.get(from)?.due;
        if (anchor === undefined) {
          unanchored ??= planned;
          continue;
        }
        const due = dueOf(planned, anchor);
        if (best === undefined || due < bestDue) {
          best = planned;
          bestDue = due;
        }
      }
      if (best === undefined) {
        const p = unanchored!;
        this.warnings.push({ code: 'COMMITMENT_DROPPED', message: `the ${kind} commitment counts from ${p.commit.from}, which this recommendation does not have, so it is left out`, source: `${p.source}:commit:${kind}` });
        continue;
      }
      byKind.set(kind, { due: bestDue, planned: best });
    }
    const resolve = byKind.get('resolve');
    const update = byKind.get('update');
    if (resolve && update && update.due >= resolve.due) {
      byKind.delete('update');
      this.warnings.push({ code: 'COMMITMENT_DROPPED', message: 'the update would fall at or after the resolve deadline, so it is left out', source: `${update.planned.source}:commit:update` });
    }
    const followUp = byKind.get('follow-up');
    if (resolve && followUp && followUp.due <= resolve.due) {
      followUp.due = dueOf(followUp.planned, resolve.due);
      this.warnings.push({ code: 'COMMITMENT_MOVED', message: 'the follow-up would fall at or before the resolve deadline, so it counts from the resolve deadline instead', source: `${followUp.planned.source}:commit:follow-up` });
    }
    const acknowledge = byKind.get('acknowledge');
    if (acknowledge) {
      let first = acknowledge.due;
      for (const [kind, c] of byKind) if (kind !== 'acknowledge' && c.due < first) first = c.due;
      if (first < acknowledge.due) {
        acknowledge.due = first;
        this.warnings.push({ code: 'COMMITMENT_MOVED', message: 'the acknowledgement would come after another deadline, so it is moved to the earliest one', source: `${acknowledge.planned.source}:commit:acknowledge` });
      }
    }
    // Local due times by kind, for {due.<kind>} in texts.
    const localDue = new Map<string, string>();
    const chosen: Array<{ due: number; planned: PlannedCommit; kind: CommitmentKind; iso: string }> = [];
    for (const kind of commitmentKindOrder) {
      const c = byKind.get(kind);
      if (!c) continue;
      const { iso, local } = formatBothInZone(calendar.timezone, c.due);
      chosen.push({ due: c.due, planned: c.planned, kind, iso });
      localDue.set(kind, local);
    }
    let extra: { due: string; within: string } | undefined;
    const lookup = (name: string): unknown => {
      if (extra !== undefined && (name === 'due' || name === 'within')) return extra[name];
      return name.startsWith('due.') ? localDue.get(name.slice(4)) : this.fact(name);
    };
    const fill = (template: CompiledTemplate | undefined, source: string): string | null => {
      if (template === undefined) return null;
      const { text: filled, missing } = renderTemplate(template, lookup);
      for (const name of missing) this.warnings.push({ code: 'PLACEHOLDER_MISSING', message: `{${name}} has no value in this complaint and no fallback`, source });
      return filled;
    };
    const commitments: Recommendation['commitments'] = [];
    this.chosen = chosen;
    for (const { kind, iso, planned } of chosen) {
      const commit = planned.commit;
      extra = { due: localDue.get(kind)!, within: commit.within };
      const filled = fill(planned.template, `${planned.source}:commit:${kind}`);
      extra = undefined;
      commitments.push({
        kind,
        due: iso,
        within: commit.within,
        businessTime: commit.businessTime,
        ...(commit.from !== undefined ? { from: commit.from } : {}),
        ...(commit.every !== undefined ? { every: commit.every } : {}),
        text: filled,
        source: planned.source,
      });
    }

    const responses: Recommendation['responses'] = [];
    for (const r of plan.responses) responses.push({ stage: r.stage, id: r.id, text: r.fixed ?? fill(r.template, r.source) ?? '' });
    const avoid: Recommendation['avoid'] = [];
    for (const a of plan.avoid) {
      const entry: Recommendation['avoid'][number] = { id: a.id, phrase: a.phrase, reason: a.reason };
      if (a.match !== undefined) entry.match = a.match.slice();
      if (a.check !== undefined) entry.check = a.check;
      avoid.push(entry);
    }

    const level = ladder[escalation.index]!;
    const { customerType, demand, resolvability, route } = plan;
    return {
      playbook: { id: spec.playbook, version: spec.version },
      complaintId: this.complaint.id,
      locale: this.locale,
      customerType: { id: customerType.id, label: customerType.label, approach: customerType.approach },
      demand: { reasonableness: demand.reasonableness, label: demand.label },
      resolvability: { tier: resolvability.tier, label: resolvability.label },
      escalation: { level: level.id, label: this.text(level.label) ?? level.id, reason: escalation.reason, source: escalation.source, ...(level.maxCompensation !== undefined ? { maxCompensation: level.maxCompensation } : {}) },
      responses,
      avoid,
      commitments,
      flags: plan.flags.slice(),
      route: { department: route.department, label: route.label },
      trace: { stages: this.stageTraces, rules: ruleTraces, escalations, facts: this.traced ? this.readFacts() : {}, adjustments: this.traced ? plan.adjustments.map((a) => ({ ...a })) : [], warnings: this.warnings },
    };
  }
}

/** Turns json-rules-engine's annotated condition tree into our trace, results on every node. @internal */
export function referenceTrace(node: unknown, record: (key: string, value: unknown) => void): ConditionTrace & { result: boolean } {
  const n = node as Record<string, unknown>;
  if (Array.isArray(n.all) || Array.isArray(n.any)) {
    const isAll = Array.isArray(n.all);
    const children = ((isAll ? n.all : n.any) as unknown[]).map((c) => referenceTrace(c, record));
    const result = isAll ? children.every((c) => c.result) : children.length === 0 || children.some((c) => c.result);
    return isAll ? { all: children, result } : { any: children, result };
  }
  if (n.not !== undefined) {
    const child = referenceTrace(n.not, record);
    return { not: child, result: !child.result };
  }
  const path = n.path === undefined ? undefined : String(n.path);
  const leaf: ConditionTrace & { result: boolean } = { fact: String(n.fact), operator: String(n.operator), value: n.value, factValue: n.factResult, result: n.result === true };
  if (path !== undefined) leaf.path = path;
  const v = n.value;
  if (v != null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, 'fact')) leaf.comparedValue = n.valueResult;
  record(readKey(leaf.fact, path), n.factResult);
  return leaf;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function providerOf(host: HostFact): { resolve: (c: Readonly<Record<string, unknown>>) => unknown; fallback?: unknown; hasFallback: boolean; timeoutMs?: number } {
  if (typeof host === 'function') return { resolve: host, hasFallback: false };
  return { resolve: host.resolve, fallback: host.fallback, hasFallback: Object.prototype.hasOwnProperty.call(host, 'fallback'), ...(host.timeoutMs !== undefined ? { timeoutMs: host.timeoutMs } : {}) };
}

/** Resolves one host fact with a timeout; a failure uses the fallback or becomes a typed error. */
async function resolveHostFact(name: string, host: HostFact, complaint: Complaint, defaultTimeout: number): Promise<unknown> {
  const p = providerOf(host);
  const timeoutMs = p.timeoutMs ?? defaultTimeout;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const value = p.resolve(complaint as Readonly<Record<string, unknown>>);
    if (!isThenable(value)) return value;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EvaluationError('FACT_TIMEOUT', `the host-provided fact "${name}" did not answer within ${timeoutMs} ms`, { fact: name })), timeoutMs);
    });
    return await Promise.race([Promise.resolve(value), timeout]);
  } catch (error) {
    if (p.hasFallback) return p.fallback;
    if (isComplaintPlaybookError(error)) throw error;
    throw new EvaluationError('FACT_FAILED', `the host-provided fact "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { fact: name, cause: error });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function checkTimeout(options: EvaluateOptions): number {
  const t = options.factTimeoutMs ?? 5000;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) throw new EvaluationError('INVALID_OPTION', `the option "factTimeoutMs" must be a positive number of milliseconds, not ${String(t)}`);
  return t;
}

/**
 * Evaluates one complaint synchronously with the compiled evaluator. Pure apart from reading
 * the clock when `now` is not given: the same inputs give the same recommendation, whatever the
 * host's time zone.
 */
export function evaluateComplaintSync(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions = {}): Recommendation {
  try {
    return runSync(compiled, input, options).recommendation;
  } catch (error) {
    throw asEvaluationError(error, input);
  }
}

/** The complaint's `id` when it is a text, read without trusting the value. */
function complaintIdOf(input: unknown): string | undefined {
  try {
    const id = input !== null && typeof input === 'object' ? (input as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Errors of this library pass as they are; anything else (a bug, an engine limit reached by some
 * input) becomes an `EvaluationError` naming the complaint, so that no input ends in an untyped
 * error.
 */
function asEvaluationError(error: unknown, input: unknown): unknown {
  if (isComplaintPlaybookError(error)) return error;
  const id = complaintIdOf(input);
  const named = id === undefined ? 'the complaint' : `the complaint ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)}`;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new EvaluationError('ENGINE_FAILURE', `evaluating ${named} failed unexpectedly (${reason.slice(0, 500)})`, { cause: error, ...(id === undefined ? {} : { complaintId: id }) });
}

/**
 * {@link evaluateComplaintSync}, serialized: the same text as `JSON.stringify` of its result,
 * made faster from the fragments the response plan fixes.
 */
export function evaluateComplaintSyncJson(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions = {}): string {
  try {
    const { recommendation, evaluation } = runSync(compiled, input, options);
    return recommendationJson(recommendation, evaluation.plan!, evaluation.chosen, evaluation.traced);
  } catch (error) {
    throw asEvaluationError(error, input);
  }
}

function runSync(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions): { recommendation: Recommendation; evaluation: Evaluation } {
  if (options.engine !== undefined && options.engine !== 'compiled') {
    throw new EvaluationError('INVALID_OPTION', `evaluateSync runs the compiled evaluator only; use evaluate() for engine "${String(options.engine)}"`);
  }
  const ev = new Evaluation(compiled, input, options);
  for (const [name, host] of ev.hostFacts()) {
    const p = providerOf(host);
    let value: unknown;
    try {
      value = p.resolve(ev.complaint as Readonly<Record<string, unknown>>);
    } catch (error) {
      if (!p.hasFallback) throw new EvaluationError('FACT_FAILED', `the host-provided fact "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { fact: name, cause: error });
      value = p.fallback;
    }
    if (isThenable(value)) {
      // Swallow the rejection of a promise we will not await.
      Promise.resolve(value).catch(() => undefined);
      throw new EvaluationError('ASYNC_FACT', `the host-provided fact "${name}" is asynchronous; use evaluate() instead of evaluateSync()`, { fact: name });
    }
    ev.setHostFact(name, value);
  }
  for (const stage of stageOrder) ev.applyStage(stage, ev.runCompiled(compiled.stages[stage]));
  const recommendation = ev.finish(ev.runCompiled(compiled.rules));
  return { recommendation, evaluation: ev };
}

/**
 * Evaluates one complaint: resolves host-provided facts (in parallel, each with a timeout), then
 * runs the compiled evaluator, or json-rules-engine when `options.engine` asks for it.
 */
export async function evaluateComplaint(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions = {}): Promise<Recommendation> {
  try {
    return await evaluateComplaintUnguarded(compiled, input, options);
  } catch (error) {
    throw asEvaluationError(error, input);
  }
}

async function evaluateComplaintUnguarded(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions): Promise<Recommendation> {
  const engine = options.engine ?? 'compiled';
  if (engine !== 'compiled' && engine !== 'json-rules-engine') throw new EvaluationError('INVALID_OPTION', `the option "engine" must be "compiled" or "json-rules-engine", not ${JSON.stringify(engine)}`);
  const timeout = checkTimeout(options);
  const ev = new Evaluation(compiled, input, options);
  const hosts = ev.hostFacts();
  if (hosts.length) {
    const values = await Promise.all(hosts.map(([name, host]) => resolveHostFact(name, host, ev.complaint, timeout)));
    hosts.forEach(([name], i) => ev.setHostFact(name, values[i]));
  }
  if (engine === 'compiled') {
    for (const stage of stageOrder) ev.applyStage(stage, ev.runCompiled(compiled.stages[stage]));
    return ev.finish(ev.runCompiled(compiled.rules));
  }
  const reference = await compiled.reference();
  for (const stage of stageOrder) ev.applyStage(stage, await ev.runReference(reference.stages[stage]));
  return ev.finish(await ev.runReference(reference.rules));
}
