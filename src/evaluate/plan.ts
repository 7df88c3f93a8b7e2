import type { CompiledCommit, CompiledPlaybook } from '../compile/playbook.js';
import { fixedText, localize, type CompiledTemplate } from '../text.js';
import type { Adjustment, AvoidSpec, CommitmentKind, LocalizedText, Reasonableness, Recommendation, ResolvabilityTier, ResponseStage, StageName } from '../types.js';

/** Order in which commitments are listed. */
export const commitmentKindOrder: readonly CommitmentKind[] = ['acknowledge', 'resolve', 'update', 'follow-up'];

/** A commitment some matched rule offers, with its text's template in the plan's locale. */
export interface PlannedCommit {
  commit: CompiledCommit;
  /** Index of the rule in the playbook. */
  rule: number;
  source: string;
  template: CompiledTemplate | undefined;
}

/**
 * Everything in a recommendation that follows from the classification alone: the locale, the
 * three stage results and which rules matched. Built once per distinct classification and reused
 * (see {@link planFor}); only the parts that depend on the complaint's own values (texts with
 * placeholders, deadlines, the authority limit) are worked out per evaluation.
 */
export interface ResponsePlan {
  customerType: { id: string | null; label: string | null; approach: string | null };
  demand: { reasonableness: Reasonableness | null; label: string | null };
  resolvability: { tier: ResolvabilityTier | null; label: string | null };
  /** Escalations asked for by matched rules, in the order they are considered. */
  escalations: ReadonlyArray<{ source: string; level: string }>;
  /** The winning rule escalation: highest rung, first on a tie (rung 0, no reason: none). */
  escalation: { index: number; reason: string | null; source: string | null };
  /** Candidate commitments per kind, in kind order; the earliest due of each kind wins. */
  commits: ReadonlyArray<{ kind: CommitmentKind; candidates: readonly PlannedCommit[] }>;
  /** Responses de-duplicated, in conversation order, then in order of first appearance. */
  responses: ReadonlyArray<{ stage: ResponseStage; id: string; template: CompiledTemplate | undefined; source: string; fixed: string | undefined }>;
  avoid: ReadonlyArray<Recommendation['avoid'][number]>;
  flags: readonly string[];
  route: { department: string | null; label: string | null };
  /** Lines moved to the front or taken out by matched rules (for the trace). */
  adjustments: readonly Adjustment[];
}

/** Plans kept per playbook; past this many distinct classifications the cache starts again. */
export const maxPlansPerPlaybook = 1024;

/** A playbook's plans by classification, found by a numeric hash of the classification. */
export class PlanCache {
  #byHash = new Map<number, Array<{ signature: readonly number[]; plan: ResponsePlan }>>();
  #size = 0;

  /** How many plans are kept. */
  get size(): number {
    return this.#size;
  }

  get(signature: readonly number[], hash: number): ResponsePlan | undefined {
    const bucket = this.#byHash.get(hash);
    if (bucket === undefined) return undefined;
    for (const entry of bucket) if (sameNumbers(entry.signature, signature)) return entry.plan;
    return undefined;
  }

  set(signature: readonly number[], hash: number, plan: ResponsePlan): void {
    if (this.#size >= maxPlansPerPlaybook) {
      this.#byHash.clear();
      this.#size = 0;
    }
    const bucket = this.#byHash.get(hash);
    if (bucket) bucket.push({ signature, plan });
    else this.#byHash.set(hash, [{ signature, plan }]);
    this.#size++;
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The plan for one classification, from the playbook's cache or built and cached. The cache
 * belongs to the compiled playbook, holds only values derived from the playbook itself, and
 * changes no result: a plan is a pure function of the classification (the locale, the three
 * stage results and which rules matched), which is its signature.
 */
export function planFor(compiled: CompiledPlaybook, locale: string, results: Record<StageName, string | null>, matched: readonly boolean[]): ResponsePlan {
  const { outcomeIndex } = compiled;
  const words = Math.ceil(matched.length / 30);
  const signature = new Array<number>(4 + words).fill(0);
  signature[0] = compiled.spec.locales.indexOf(locale);
  signature[1] = results.customerType === null ? -1 : outcomeIndex.customerType.get(results.customerType)!;
  signature[2] = results.demand === null ? -1 : outcomeIndex.demand.get(results.demand)!;
  signature[3] = results.resolvability === null ? -1 : outcomeIndex.resolvability.get(results.resolvability)!;
  for (let i = 0; i < matched.length; i++) if (matched[i]) signature[4 + Math.floor(i / 30)]! |= 1 << i % 30;
  let hash = 0x811c9dc5;
  for (let i = 0; i < signature.length; i++) hash = Math.imul(hash ^ signature[i]!, 0x01000193);
  let plan = compiled.plans.get(signature, hash);
  if (plan === undefined) {
    plan = buildPlan(compiled, locale, results, matched);
    compiled.plans.set(signature, hash, plan);
  }
  return plan;
}

function buildPlan(compiled: CompiledPlaybook, locale: string, results: Record<StageName, string | null>, matched: readonly boolean[]): ResponsePlan {
  const { spec } = compiled;
  const defaultLocale = spec.locales[0]!;
  const text = (t: LocalizedText | undefined) => localize(t, locale, defaultLocale);
  const template = (t: LocalizedText | undefined) => {
    const s = text(t);
    return s === undefined ? undefined : compiled.template(s);
  };
  const rules = spec.rules.flatMap((rule, index) => (matched[index] ? [{ rule, index }] : []));

  const ladder = spec.authority;
  const escalations: Array<{ source: string; level: string }> = [];
  let escalation: ResponsePlan['escalation'] = { index: 0, reason: null, source: null };
  for (const { rule } of rules) {
    const e = rule.then.escalate;
    if (!e) continue;
    const index = compiled.levelIndex.get(e.to)!;
    escalations.push({ source: rule.id, level: ladder[index]!.id });
    if (index > escalation.index) escalation = { index, reason: text(e.reason) ?? null, source: rule.id };
  }

  // What matched rules take out (the first rule to suppress a line is the one named) and lead with.
  const suppressed = { response: new Map<string, string>(), avoid: new Map<string, string>(), commitment: new Map<string, string>() };
  const lead = new Map<string, string>();
  const close = new Map<string, string>();
  for (const { rule } of rules) {
    const s = rule.then.suppress;
    for (const id of s?.respond ?? []) if (!suppressed.response.has(id)) suppressed.response.set(id, rule.id);
    for (const id of s?.avoid ?? []) if (!suppressed.avoid.has(id)) suppressed.avoid.set(id, rule.id);
    for (const kind of s?.commit ?? []) if (!suppressed.commitment.has(kind)) suppressed.commitment.set(kind, rule.id);
    for (const id of rule.then.lead ?? []) if (!lead.has(id)) lead.set(id, rule.id);
    for (const id of rule.then.close ?? []) if (!close.has(id)) close.set(id, rule.id);
  }
  const adjustments: Adjustment[] = [];
  const suppressedKinds = new Set<string>();

  const commits = commitmentKindOrder.flatMap((kind) => {
    if (suppressed.commitment.has(kind)) {
      if (rules.some(({ index }) => compiled.commits[index]!.some((c) => c.kind === kind))) suppressedKinds.add(kind);
      return [];
    }
    const candidates: PlannedCommit[] = [];
    for (const { rule, index } of rules) {
      for (const commit of compiled.commits[index]!) {
        if (commit.kind === kind) candidates.push({ commit, rule: index, source: rule.id, template: template(commit.text) });
      }
    }
    return candidates.length ? [{ kind, candidates }] : [];
  });

  const responseIds = new Set<string>();
  const avoidIds = new Set<string>();
  const flags = new Set<string>();
  let route: string | null = null;
  for (const { rule } of rules) {
    const then = rule.then;
    for (const id of then.respond ?? []) responseIds.add(id);
    for (const id of then.lead ?? []) responseIds.add(id);
    for (const id of then.close ?? []) responseIds.add(id);
    for (const id of then.avoid ?? []) avoidIds.add(id);
    for (const flag of then.flag ?? []) flags.add(flag);
    if (route === null && then.route !== undefined) route = then.route;
  }
  const said = [...responseIds].filter((id) => !suppressed.response.has(id));
  // Apologies first; then what a rule leads with (in the order the rules lead); then the rest
  // by conversation stage. The sort is stable: first-appearance order within a stage is kept.
  const rank = compiled.responseRank;
  const apologies = said.filter((id) => spec.responses[id]!.stage === 'apologize').sort((a, b) => rank.get(a)! - rank.get(b)!);
  const leading = [...lead.keys()].filter((id) => responseIds.has(id) && !suppressed.response.has(id) && spec.responses[id]!.stage !== 'apologize');
  // What a rule closes with comes last in its stage (a line both led and closed leads).
  const closing = (id: string) => (close.has(id) ? 1 : 0);
  const rest = said.filter((id) => spec.responses[id]!.stage !== 'apologize' && !lead.has(id)).sort((a, b) => rank.get(a)! - rank.get(b)! || closing(a) - closing(b));
  for (const id of leading) adjustments.push({ action: 'lead', kind: 'response', id, source: lead.get(id)! });
  for (const id of rest) if (close.has(id)) adjustments.push({ action: 'close', kind: 'response', id, source: close.get(id)! });
  for (const id of responseIds) if (suppressed.response.has(id)) adjustments.push({ action: 'suppress', kind: 'response', id, source: suppressed.response.get(id)! });
  for (const id of avoidIds) if (suppressed.avoid.has(id)) adjustments.push({ action: 'suppress', kind: 'avoid', id, source: suppressed.avoid.get(id)! });
  for (const kind of suppressedKinds) adjustments.push({ action: 'suppress', kind: 'commitment', id: kind, source: suppressed.commitment.get(kind)! });
  const responses = [...apologies, ...leading, ...rest]
    .map((id) => {
      const r = spec.responses[id]!;
      const compiled = template(r.text);
      // A text without placeholders (or no text) needs no filling.
      const fixed = compiled === undefined ? '' : fixedText(compiled);
      return { stage: r.stage, id, template: compiled, source: `response:${id}`, fixed };
    });

  const outcomeOf = (stage: StageName) => (results[stage] === null ? undefined : spec[stage].outcomes.find((o) => o.id === results[stage]));
  const customerType = outcomeOf('customerType');
  return {
    customerType: { id: results.customerType, label: text(customerType?.label) ?? null, approach: text(customerType?.approach) ?? null },
    demand: { reasonableness: results.demand as Reasonableness | null, label: text(outcomeOf('demand')?.label) ?? null },
    resolvability: { tier: results.resolvability as ResolvabilityTier | null, label: text(outcomeOf('resolvability')?.label) ?? null },
    escalations,
    escalation,
    commits,
    responses,
    avoid: [...avoidIds].filter((id) => !suppressed.avoid.has(id)).map((id) => avoidEntry(id, spec.avoid![id]!, locale, text)),
    flags: [...flags],
    route: { department: route, label: route === null ? null : (text(spec.departments?.[route]) ?? null) },
    adjustments,
  };
}

/** An avoid entry as recommended: its texts, and its words and check for the reply checker. */
function avoidEntry(id: string, entry: AvoidSpec, locale: string, text: (t: LocalizedText | undefined) => string | undefined): Recommendation['avoid'][number] {
  const out: Recommendation['avoid'][number] = { id, phrase: text(entry.phrase) ?? '', reason: text(entry.reason) ?? '' };
  if (entry.match) {
    const language = locale.toLowerCase().split('-')[0];
    const key = entry.match[locale] !== undefined ? locale : Object.keys(entry.match).find((l) => l.toLowerCase().split('-')[0] === language);
    if (key !== undefined) out.match = entry.match[key]!.slice();
  }
  if (entry.check !== undefined) out.check = entry.check;
  return out;
}
