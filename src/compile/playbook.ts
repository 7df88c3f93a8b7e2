import type { BusinessCalendar } from '../calendar/index.js';
import { parseDuration, type Duration } from '../calendar/index.js';
import { responseStageOrder, stageFacts, stageOrder } from '../facts.js';
import { compileTemplate, listPlaceholders, type CompiledTemplate } from '../text.js';
import type { CommitSpec, LocalizedText, PlaybookSpec, StageName } from '../types.js';
import { walkCondition } from '../validate/semantic.js';
import { compileCondition, type CompiledCondition } from './condition.js';
import { buildConditionSet, type ConditionSet } from './engine.js';
import type { ResponsePlan } from '../evaluate/plan.js';

/** A commitment with its duration parsed once. */
export interface CompiledCommit extends CommitSpec {
  duration: Duration;
  businessTime: boolean;
}

/** A stage outcome or a rule with its compiled condition (absent: no `when`). */
export interface CompiledEntry {
  id: string;
  when?: CompiledCondition;
}

/** The same conditions prepared for json-rules-engine, the reference evaluator. */
export interface ReferenceEngines {
  stages: Record<StageName, ConditionSet>;
  rules: ConditionSet;
}

/** Everything evaluation needs, prepared once per playbook. */
export interface CompiledPlaybook {
  spec: PlaybookSpec;
  calendar: BusinessCalendar;
  /** Every outcome of every stage, in order, the default included. */
  stages: Record<StageName, CompiledEntry[]>;
  rules: CompiledEntry[];
  /** Authority level id → rung (0 = lowest). */
  levelIndex: Map<string, number>;
  /** Commitments per rule index, parsed. */
  commits: CompiledCommit[][];
  /** Declared facts that some condition or text reads (host-provided facts are resolved only for these). */
  declaredFactsRead: ReadonlySet<string>;
  /** Every fact name some condition or text reads, except stage results, split at the dots. */
  factsRead: ReadonlyArray<{ name: string; segments: readonly string[] }>;
  /** A text's template, split once (memoised per playbook: texts are fixed at load). */
  template(text: string): CompiledTemplate;
  /** Response id → position of its stage in the conversation order. */
  responseRank: ReadonlyMap<string, number>;
  /** json-rules-engine engines over the same conditions, built on first use. */
  reference(): ReferenceEngines;
  /** Response plans by classification (see `planFor`), filled as evaluations meet them. */
  plans: Map<string, ResponsePlan>;
}

function textsOf(text: LocalizedText | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : Object.values(text);
}

/** Compiles a checked playbook: conditions into synchronous closures; reference engines lazily. */
export function compilePlaybookSpec(spec: PlaybookSpec, calendar: BusinessCalendar): CompiledPlaybook {
  const stages = {} as Record<StageName, CompiledEntry[]>;
  for (const stage of stageOrder) {
    stages[stage] = spec[stage].outcomes.map((o) => (o.when === undefined ? { id: o.id } : { id: o.id, when: compileCondition(o.when) }));
  }
  const rules = spec.rules.map((r) => (r.when === undefined ? { id: r.id } : { id: r.id, when: compileCondition(r.when) }));

  const declared = Object.keys(spec.facts ?? {});
  const read = new Set<string>();
  const allRead = new Set<string>();
  const stageFactNames = new Set<string>(Object.values(stageFacts));
  const noteName = (name: string) => {
    if (!name.startsWith('due.') && !stageFactNames.has(name)) allRead.add(name);
    for (const d of declared) if (name === d || name.startsWith(`${d}.`)) read.add(d);
  };
  const conditions = [...stageOrder.flatMap((s) => spec[s].outcomes.map((o) => o.when)), ...spec.rules.map((r) => r.when)];
  for (const c of conditions) {
    if (!c) continue;
    walkCondition(c, [], (leaf) => {
      noteName(leaf.fact);
      const v = leaf.value as { fact?: unknown } | null;
      if (v && typeof v === 'object' && typeof v.fact === 'string') noteName(v.fact);
    });
  }
  const texts = [
    ...Object.values(spec.responses).flatMap((r) => textsOf(r.text)),
    ...spec.rules.flatMap((r) => (r.then.commit ?? []).flatMap((c) => textsOf(c.text))),
  ];
  for (const t of texts) for (const name of listPlaceholders(t)) noteName(name);

  let reference: ReferenceEngines | undefined;
  const templates = new Map<string, CompiledTemplate>();
  return {
    template(text) {
      let t = templates.get(text);
      if (!t) {
        t = compileTemplate(text);
        // Texts come from the playbook (bounded); the guard only matters for odd callers.
        if (templates.size < 10_000) templates.set(text, t);
      }
      return t;
    },
    spec,
    calendar,
    plans: new Map(),
    stages,
    rules,
    levelIndex: new Map(spec.authority.map((level, i) => [level.id, i])),
    commits: spec.rules.map((rule) =>
      (rule.then.commit ?? []).map((c) => ({ ...c, duration: parseDuration(c.within)!, businessTime: c.businessTime ?? true })),
    ),
    declaredFactsRead: read,
    responseRank: new Map(Object.entries(spec.responses).map(([id, r]) => [id, responseStageOrder.indexOf(r.stage)])),
    factsRead: [...allRead].map((name) => ({ name, segments: name.split('.') })),
    reference() {
      if (!reference) {
        const refStages = {} as Record<StageName, ConditionSet>;
        for (const stage of stageOrder) refStages[stage] = buildConditionSet(spec[stage].outcomes.map((o) => (o.when === undefined ? { name: o.id } : { name: o.id, when: o.when })));
        reference = { stages: refStages, rules: buildConditionSet(spec.rules.map((r) => (r.when === undefined ? { name: r.id } : { name: r.id, when: r.when }))) };
      }
      return reference;
    },
  };
}
