import type { BusinessCalendar } from '../calendar/index.js';
import { parseDuration, type Duration } from '../calendar/index.js';
import { dottedReader, responseStageOrder, stageFacts, stageOrder } from '../facts.js';
import { compileTemplate, listPlaceholders, type CompiledTemplate } from '../text.js';
import type { CommitSpec, LocalizedText, PlaybookSpec, StageName } from '../types.js';
import { walkCondition } from '../validate/semantic.js';
import { compileCondition, type CompiledCondition, type FactAddressing } from './condition.js';
import type { ConditionSet } from './engine.js';
import { PlanCache } from '../evaluate/plan.js';

/** A commitment with its durations parsed once. */
export interface CompiledCommit extends CommitSpec {
  duration: Duration;
  businessTime: boolean;
  /** The cadence of an update, parsed. */
  cadence?: Duration;
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

/**
 * Where an evaluation keeps each fact and each traced read: compiled conditions read facts from
 * an array by slot instead of from an object by dotted name.
 */
export interface FactSlots {
  /** Fact names by slot: every fact a condition or text reads, the stage results and the declared facts read. */
  names: readonly string[];
  slotOf: ReadonlyMap<string, number>;
  /** Trace keys (`fact`, or `fact:path`) by read slot, in the order a traced evaluation first reads them. */
  readKeys: readonly string[];
  readSlotOf: ReadonlyMap<string, number>;
  /** The slot of each stage's result. */
  stage: Readonly<Record<StageName, number>>;
  /** A fact array with every slot empty, to copy per evaluation. */
  blankFacts: readonly unknown[];
  /** A read array with every slot {@link notRead}, to copy per traced evaluation. */
  blankReads: readonly unknown[];
  /**
   * An object with every read key, in read-slot order, to copy per traced evaluation: copying it
   * and setting its properties measured several times faster than adding them one by one.
   */
  readTemplate: Readonly<Record<string, undefined>>;
}

/** Marks a read slot no condition has read. */
export const notRead: unique symbol = Symbol('not read');

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
  /** Every fact name some condition or text reads, except stage results, split at the dots, with its slot. */
  factsRead: ReadonlyArray<{ name: string; segments: readonly string[]; slot: number; read: (complaint: Record<string, unknown>) => unknown }>;
  slots: FactSlots;
  /** A text's template, split once (memoised per playbook: texts are fixed at load). */
  template(text: string): CompiledTemplate;
  /** Response id → position of its stage in the conversation order. */
  responseRank: ReadonlyMap<string, number>;
  /**
   * json-rules-engine engines over the same conditions, built on first use. json-rules-engine is
   * imported then, not before: it stays out of the core a browser loads up front.
   */
  reference(): Promise<ReferenceEngines>;
  /** Response plans by classification (see `planFor`), filled as evaluations meet them. */
  plans: PlanCache;
  /** Outcome id → its index in the stage. */
  outcomeIndex: Readonly<Record<StageName, ReadonlyMap<string, number>>>;
}

function textsOf(text: LocalizedText | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : Object.values(text);
}

/** Names numbered in the order first asked for: `slot(name)` gives a name's number, new or known. */
function slotTable(): { list: string[]; index: Map<string, number>; slot: (name: string) => number } {
  const list: string[] = [];
  const index = new Map<string, number>();
  const slot = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = list.push(name) - 1;
      index.set(name, i);
    }
    return i;
  };
  return { list, index, slot };
}

/** Compiles a checked playbook: conditions into synchronous closures; reference engines lazily. */
export function compilePlaybookSpec(spec: PlaybookSpec, calendar: BusinessCalendar): CompiledPlaybook {
  const { list: names, index: slotOf, slot } = slotTable();
  // Read slots are handed out as the conditions are compiled, in evaluation order (stages, then
  // rules; children in order), so they are also the order a traced evaluation first reads them.
  const { list: readKeys, index: readSlotOf, slot: readSlot } = slotTable();
  const at: FactAddressing = { fact: slot, read: readSlot };
  const stageSlots = {} as Record<StageName, number>;
  for (const stage of stageOrder) stageSlots[stage] = slot(stageFacts[stage]);
  const stages = {} as Record<StageName, CompiledEntry[]>;
  for (const stage of stageOrder) {
    stages[stage] = spec[stage].outcomes.map((o) => (o.when === undefined ? { id: o.id } : { id: o.id, when: compileCondition(o.when, at) }));
  }
  const rules = spec.rules.map((r) => (r.when === undefined ? { id: r.id } : { id: r.id, when: compileCondition(r.when, at) }));

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
  const factsRead = [...allRead].map((name) => {
    const segments = name.split('.');
    return { name, segments, slot: slot(name), read: dottedReader(segments) };
  });
  for (const name of read) slot(name);

  let reference: Promise<ReferenceEngines> | undefined;
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
    plans: new PlanCache(),
    outcomeIndex: Object.fromEntries(stageOrder.map((stage) => [stage, new Map(spec[stage].outcomes.map((o, i) => [o.id, i]))])) as Record<StageName, Map<string, number>>,
    stages,
    rules,
    levelIndex: new Map(spec.authority.map((level, i) => [level.id, i])),
    commits: spec.rules.map((rule) =>
      (rule.then.commit ?? []).map((c) => ({ ...c, duration: parseDuration(c.within)!, businessTime: c.businessTime ?? true, ...(c.every !== undefined ? { cadence: parseDuration(c.every)! } : {}) })),
    ),
    declaredFactsRead: read,
    responseRank: new Map(Object.entries(spec.responses).map(([id, r]) => [id, responseStageOrder.indexOf(r.stage)])),
    factsRead,
    slots: { names, slotOf, readKeys, readSlotOf, stage: stageSlots, blankFacts: new Array<unknown>(names.length).fill(undefined), blankReads: new Array<unknown>(readKeys.length).fill(notRead), readTemplate: Object.fromEntries(readKeys.map((key) => [key, undefined])) },
    reference() {
      reference ??= import('./engine.js').then(({ buildConditionSet }) => {
        const refStages = {} as Record<StageName, ConditionSet>;
        for (const stage of stageOrder) refStages[stage] = buildConditionSet(spec[stage].outcomes.map((o) => (o.when === undefined ? { name: o.id } : { name: o.id, when: o.when })));
        return { stages: refStages, rules: buildConditionSet(spec.rules.map((r) => (r.when === undefined ? { name: r.id } : { name: r.id, when: r.when }))) };
      });
      return reference;
    },
  };
}
