import type { BusinessCalendar } from '../calendar/index.js';
import { parseDuration, type Duration } from '../calendar/index.js';
import { stageOrder } from '../facts.js';
import type { CommitSpec, PlaybookSpec, StageName } from '../types.js';
import { buildConditionSet, type ConditionSet } from './engine.js';

/** A commitment with its duration parsed once. */
export interface CompiledCommit extends CommitSpec {
  duration: Duration;
  businessTime: boolean;
}

/** Everything evaluation needs, prepared once per playbook. */
export interface CompiledPlaybook {
  spec: PlaybookSpec;
  calendar: BusinessCalendar;
  stages: Record<StageName, ConditionSet>;
  rules: ConditionSet;
  /** Authority level id → rung (0 = lowest). */
  levelIndex: Map<string, number>;
  /** Commitments per rule index, parsed. */
  commits: CompiledCommit[][];
}

/** Compiles a checked playbook: one condition set per stage and one for the rules. */
export function compilePlaybookSpec(spec: PlaybookSpec, calendar: BusinessCalendar): CompiledPlaybook {
  const stages = {} as Record<StageName, ConditionSet>;
  for (const stage of stageOrder) {
    const stageSpec = spec[stage];
    // The default outcome without a condition is applied by the hit policy, not matched.
    stages[stage] = buildConditionSet(
      stageSpec.outcomes.filter((o) => o.when !== undefined).map((o) => ({ name: o.id, when: o.when! })),
    );
  }
  return {
    spec,
    calendar,
    stages,
    rules: buildConditionSet(spec.rules.map((r) => (r.when === undefined ? { name: r.id } : { name: r.id, when: r.when }))),
    levelIndex: new Map(spec.authority.map((level, i) => [level.id, i])),
    commits: spec.rules.map((rule) =>
      (rule.then.commit ?? []).map((c) => ({ ...c, duration: parseDuration(c.within)!, businessTime: c.businessTime ?? true })),
    ),
  };
}
