import type { RuleResult } from 'json-rules-engine';
import { Temporal } from 'temporal-polyfill';
import { addBusinessDuration, addCalendarDuration, CalendarExhaustedError, formatInstant, formatLocal } from '../calendar/index.js';
import type { CompiledPlaybook } from '../compile/playbook.js';
import type { ConditionSet } from '../compile/engine.js';
import { ComplaintError, EvaluationError, type ComplaintProblem } from '../errors.js';
import { flattenFacts, stageFacts, stageOrder } from '../facts.js';
import type { EvaluateOptions } from '../options.js';
import { fillPlaceholders, localize, negotiateLocale } from '../text.js';
import type {
  CommitmentKind,
  Complaint,
  ConditionTrace,
  EvaluationWarning,
  Reasonableness,
  Recommendation,
  ResolvabilityTier,
  ResponseStage,
  RuleTrace,
  StageName,
  StageTrace,
} from '../types.js';
import { checkComplaintSchema } from '../validate/schema.js';

/** Order in which responses are given. */
export const responseStageOrder: readonly ResponseStage[] = ['apologize', 'listen', 'ask', 'soothe', 'explain', 'confirm', 'resolve', 'follow-up'];
/** Order in which commitments are listed. */
export const commitmentKindOrder: readonly CommitmentKind[] = ['acknowledge', 'resolve', 'update', 'follow-up'];

/** Checks a complaint against the complaint schema and parses its timestamp. Throws {@link ComplaintError}. */
export function checkComplaint(value: unknown): { complaint: Complaint; receivedAt?: Temporal.Instant } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ComplaintError([{ code: 'COMPLAINT_NOT_AN_OBJECT', message: `a complaint must be a JSON object, not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}`, path: [] }]);
  }
  const problems: ComplaintProblem[] = checkComplaintSchema(value);
  const complaint = value as Complaint;
  let receivedAt: Temporal.Instant | undefined;
  if (typeof complaint.receivedAt === 'string' && !problems.some((p) => p.path[0] === 'receivedAt')) {
    try {
      receivedAt = Temporal.Instant.from(complaint.receivedAt);
    } catch {
      problems.push({ code: 'COMPLAINT_TIMESTAMP', message: `receivedAt "${complaint.receivedAt}" is not a valid ISO 8601 timestamp with an offset`, path: ['receivedAt'] });
    }
  }
  if (problems.length) throw new ComplaintError(problems);
  return receivedAt ? { complaint, receivedAt } : { complaint };
}

function toInstant(now: EvaluateOptions['now']): Temporal.Instant {
  try {
    if (now === undefined) return Temporal.Now.instant();
    if (now instanceof Date) return Temporal.Instant.fromEpochMilliseconds(now.getTime());
    if (typeof now === 'number') return Temporal.Instant.fromEpochMilliseconds(now);
    if (typeof now === 'string') return Temporal.Instant.from(now);
  } catch {
    // reported below
  }
  throw new EvaluationError('INVALID_OPTION', `the option "now" (${String(now)}) is not a valid time: use a Date, epoch milliseconds or an ISO 8601 string with an offset`);
}

function traceCondition(node: unknown, facts: Record<string, unknown>): ConditionTrace {
  const n = node as Record<string, unknown>;
  const result = typeof n.result === 'boolean' ? { result: n.result } : {};
  if (Array.isArray(n.all)) return { all: n.all.map((c) => traceCondition(c, facts)), ...result };
  if (Array.isArray(n.any)) return { any: n.any.map((c) => traceCondition(c, facts)), ...result };
  if (n.not !== undefined) return { not: traceCondition(n.not, facts), ...result };
  const leaf: ConditionTrace = {
    fact: String(n.fact),
    operator: String(n.operator),
    value: n.value,
    ...(n.path !== undefined ? { path: String(n.path) } : {}),
    ...result,
  };
  if ('valueResult' in n && n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value)) leaf.comparedValue = n.valueResult;
  if ('factResult' in n) {
    leaf.factValue = n.factResult;
    facts[n.path === undefined ? leaf.fact : `${leaf.fact}:${String(n.path)}`] = n.factResult;
  } else if (typeof n.result === 'boolean') {
    leaf.factValue = undefined;
  }
  return leaf;
}

/** Runs one condition set; returns, per entry, whether it matched and its trace. */
async function runSet(set: ConditionSet, facts: Record<string, unknown>, readFacts: Record<string, unknown>): Promise<Array<{ matched: boolean; conditions?: ConditionTrace }>> {
  let byIndex = new Map<string, RuleResult>();
  if (set.conditional.some(Boolean)) {
    try {
      const { results, failureResults } = await set.engine.run({ ...facts });
      byIndex = new Map([...results, ...failureResults].map((r) => [r.name, r]));
    } catch (error) {
      throw new EvaluationError('ENGINE_FAILURE', `the rules engine failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return set.names.map((_, i) => {
    if (!set.conditional[i]) return { matched: true };
    const r = byIndex.get(String(i));
    if (!r) return { matched: false };
    const top = r.conditions as unknown as { all?: unknown[] };
    const conditions = traceCondition(set.wrapped[i] && top.all?.length === 1 ? top.all[0] : top, readFacts);
    return { matched: r.result === true, conditions };
  });
}

const authorityLimitReason: Record<string, string> = {
  zh: '客户要求的金额 {amount} 超出「{from}」的审批权限({limit}),需由「{to}」批准。',
  en: 'The amount asked for ({amount}) exceeds the approval limit of {from} ({limit}); {to} must approve it.',
};

/**
 * Evaluates one complaint against a compiled playbook. Pure apart from reading the clock when
 * `now` is not given: the same inputs give the same recommendation, whatever the host zone.
 */
export async function evaluateComplaint(compiled: CompiledPlaybook, input: unknown, options: EvaluateOptions = {}): Promise<Recommendation> {
  const { complaint, receivedAt } = checkComplaint(input);
  const { spec, calendar } = compiled;
  const start = receivedAt ?? toInstant(options.now);
  if (receivedAt && options.now !== undefined) toInstant(options.now); // still reject a bad option
  const defaultLocale = spec.locales[0]!;
  const locale = negotiateLocale(options.locale ?? complaint.locale, spec.locales);
  const text = (t: Parameters<typeof localize>[0]) => localize(t, locale, defaultLocale);
  const warnings: EvaluationWarning[] = [];
  const readFacts: Record<string, unknown> = {};

  const facts = flattenFacts(complaint as Record<string, unknown>);
  for (const stage of stageOrder) delete facts[stageFacts[stage]];

  // Stages, in order; each result becomes a fact for the next stages and the rules.
  const stageTraces: StageTrace[] = [];
  const results = {} as Record<StageName, string | null>;
  for (const stage of stageOrder) {
    const stageSpec = spec[stage];
    const hitPolicy = stageSpec.hitPolicy ?? 'first';
    const conditional = stageSpec.outcomes.filter((o) => o.when !== undefined);
    const run = await runSet(compiled.stages[stage], facts, readFacts);
    const matchedIds = conditional.filter((_, i) => run[i]!.matched).map((o) => o.id);
    let result: string | null = matchedIds[0] ?? null;
    let byDefault = false;
    if (result === null && stageSpec.default !== undefined) {
      result = stageSpec.default;
      byDefault = true;
    }
    if (result === null) warnings.push({ code: 'STAGE_NO_MATCH', message: `no outcome of the ${stage} stage matched and it has no default`, source: stage });
    if (hitPolicy === 'unique' && matchedIds.length > 1) {
      warnings.push({ code: 'UNIQUE_OVERLAP', message: `the ${stage} stage's hit policy is unique but ${matchedIds.join(', ')} all matched; ${matchedIds[0]} was used`, source: stage });
    }
    let k = 0;
    stageTraces.push({
      stage,
      hitPolicy,
      result,
      byDefault,
      outcomes: stageSpec.outcomes.map((o) => {
        if (o.when === undefined) return { id: o.id, matched: false };
        const r = run[k++]!;
        return { id: o.id, matched: r.matched, ...(r.conditions ? { conditions: r.conditions } : {}) };
      }),
    });
    results[stage] = result;
    if (result !== null) facts[stageFacts[stage]] = result;
  }

  // Rules: every matching rule applies.
  const ruleRun = await runSet(compiled.rules, facts, readFacts);
  const ruleTraces: RuleTrace[] = spec.rules.map((rule, i) => ({ id: rule.id, matched: ruleRun[i]!.matched, ...(ruleRun[i]!.conditions ? { conditions: ruleRun[i]!.conditions } : {}) }));
  const matched = spec.rules.map((rule, i) => ({ rule, index: i })).filter(({ index }) => ruleRun[index]!.matched);

  // Escalation: the highest level wins; on a tie the first considered keeps it.
  const ladder = spec.authority;
  const escalations: Recommendation['trace']['escalations'] = [];
  let escalation = { index: 0, reason: null as string | null, source: null as string | null };
  const consider = (index: number, reason: string | null, source: string) => {
    escalations.push({ source, level: ladder[index]!.id });
    if (index > escalation.index) escalation = { index, reason, source };
  };
  for (const { rule } of matched) {
    const e = rule.then.escalate;
    if (e) consider(compiled.levelIndex.get(e.to)!, text(e.reason) ?? null, rule.id);
  }
  const amount = complaint.demand?.amount;
  if (typeof amount === 'number' && results.demand !== 'excessive') {
    const needed = ladder.findIndex((level) => level.maxCompensation === undefined || level.maxCompensation >= amount);
    if (needed > 0) {
      const from = ladder[needed - 1]!;
      const template = authorityLimitReason[locale.split('-')[0]!] ?? authorityLimitReason.en!;
      const reason = fillPlaceholders(template, (name) =>
        ({ amount, from: text(from.label), limit: from.maxCompensation, to: text(ladder[needed]!.label) })[name],
      ).text;
      consider(needed, reason, 'authority-limit');
    }
  }

  // Commitments: the earliest deadline per kind wins.
  const best = new Map<CommitmentKind, { zdt: Temporal.ZonedDateTime; commit: CompiledPlaybookCommit; source: string }>();
  for (const { rule, index } of matched) {
    for (const commit of compiled.commits[index]!) {
      let zdt: Temporal.ZonedDateTime;
      try {
        zdt = commit.businessTime ? addBusinessDuration(calendar, start, commit.duration) : addCalendarDuration(calendar.timezone, start, commit.duration);
      } catch (error) {
        if (error instanceof CalendarExhaustedError) throw new EvaluationError('CALENDAR_EXHAUSTED', `the rule "${rule.id}" commits to ${commit.within} of business time, but the calendar has no business hours in the years that follow`);
        throw error;
      }
      const current = best.get(commit.kind);
      if (!current || Temporal.Instant.compare(zdt.toInstant(), current.zdt.toInstant()) < 0) best.set(commit.kind, { zdt, commit, source: rule.id });
    }
  }

  const lookup = (name: string): unknown => {
    if (name.startsWith('due.')) {
      const c = best.get(name.slice(4) as CommitmentKind);
      return c ? formatLocal(c.zdt) : undefined;
    }
    return facts[name];
  };
  const fill = (template: string | undefined, source: string, extra?: Record<string, string>): string | null => {
    if (template === undefined) return null;
    const { text: filled, missing } = fillPlaceholders(template, (name) => (extra && name in extra ? extra[name] : lookup(name)));
    for (const name of missing) warnings.push({ code: 'PLACEHOLDER_MISSING', message: `{${name}} has no value in this complaint and no fallback`, source });
    return filled;
  };

  const commitments: Recommendation['commitments'] = commitmentKindOrder.flatMap((kind) => {
    const c = best.get(kind);
    if (!c) return [];
    return [{
      kind,
      due: formatInstant(c.zdt),
      within: c.commit.within,
      businessTime: c.commit.businessTime,
      text: fill(text(c.commit.text), `${c.source}:commit:${kind}`, { due: formatLocal(c.zdt), within: c.commit.within }),
      source: c.source,
    }];
  });

  // Responses: de-duplicated, in stage order, then in order of first appearance.
  const responseIds: string[] = [];
  const avoidIds: string[] = [];
  const flags: string[] = [];
  let route: string | null = null;
  for (const { rule } of matched) {
    for (const id of rule.then.respond ?? []) if (!responseIds.includes(id)) responseIds.push(id);
    for (const id of rule.then.avoid ?? []) if (!avoidIds.includes(id)) avoidIds.push(id);
    for (const flag of rule.then.flag ?? []) if (!flags.includes(flag)) flags.push(flag);
    if (route === null && rule.then.route !== undefined) route = rule.then.route;
  }
  const responses = responseIds
    .map((id, order) => ({ id, order, spec: spec.responses[id]! }))
    .sort((a, b) => responseStageOrder.indexOf(a.spec.stage) - responseStageOrder.indexOf(b.spec.stage) || a.order - b.order)
    .map(({ id, spec: r }) => ({ stage: r.stage, id, text: fill(text(r.text), `response:${id}`) ?? '' }));

  const outcomeOf = (stage: StageName) => (results[stage] === null ? undefined : spec[stage].outcomes.find((o) => o.id === results[stage]));
  const customerType = outcomeOf('customerType');
  const level = ladder[escalation.index]!;

  return {
    playbook: { id: spec.playbook, version: spec.version },
    complaintId: complaint.id,
    locale,
    customerType: { id: results.customerType, label: text(customerType?.label) ?? null, approach: text(customerType?.approach) ?? null },
    demand: { reasonableness: results.demand as Reasonableness | null, label: text(outcomeOf('demand')?.label) ?? null },
    resolvability: { tier: results.resolvability as ResolvabilityTier | null, label: text(outcomeOf('resolvability')?.label) ?? null },
    escalation: { level: level.id, label: text(level.label) ?? level.id, reason: escalation.reason, source: escalation.source },
    responses,
    avoid: avoidIds.map((id) => ({ id, phrase: text(spec.avoid![id]!.phrase) ?? '', reason: text(spec.avoid![id]!.reason) ?? '' })),
    commitments,
    flags,
    route: { department: route, label: route === null ? null : text(spec.departments?.[route]) ?? null },
    trace: { stages: stageTraces, rules: ruleTraces, escalations, facts: readFacts, warnings },
  };
}

type CompiledPlaybookCommit = CompiledPlaybook['commits'][number][number];
