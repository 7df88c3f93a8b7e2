import type { Recommendation } from '../types.js';
import type { PlannedCommit, ResponsePlan } from './plan.js';

/** JSON fragments of the parts of a recommendation that a plan fixes, made on first use. */
interface PlanJson {
  /** `{"playbook":…,"complaintId":` */
  head: string;
  /** `,"locale":…,"customerType":…,"demand":…,"resolvability":…,"escalation":` */
  classification: string;
  /** `,"avoid":…,"commitments":[` */
  avoid: string;
  /** `],"flags":…,"route":…,"trace":` */
  tail: string;
  /** Per planned response: its whole JSON when its text is fixed, else the part before the text. */
  responses: Array<{ whole: string } | { head: string }>;
  /** Per planned commitment: the parts around its due time and its text. */
  commits: Map<PlannedCommit, { head: string; mid: string; tail: string }>;
}

const planJson = new WeakMap<ResponsePlan, PlanJson>();

/** The trace of an evaluation without trace and without warnings. */
const emptyTrace = JSON.stringify({ stages: [], rules: [], escalations: [], facts: {}, adjustments: [], warnings: [] });

function fragmentsOf(plan: ResponsePlan, rec: Recommendation): PlanJson {
  let json = planJson.get(plan);
  if (!json) {
    const s = JSON.stringify;
    const commits = new Map<PlannedCommit, { head: string; mid: string; tail: string }>();
    for (const { kind, candidates } of plan.commits) {
      for (const c of candidates) {
        commits.set(c, {
          head: `{"kind":${s(kind)},"due":`,
          mid: `,"within":${s(c.commit.within)},"businessTime":${s(c.commit.businessTime)}${c.commit.from === undefined ? '' : `,"from":${s(c.commit.from)}`}${c.commit.every === undefined ? '' : `,"every":${s(c.commit.every)}`},"text":`,
          tail: `,"source":${s(c.source)}}`,
        });
      }
    }
    json = {
      // The playbook and the locale are the same for every recommendation made with this plan.
      head: `{"playbook":${s(rec.playbook)},"complaintId":`,
      classification: `,"locale":${s(rec.locale)},"customerType":${s(plan.customerType)},"demand":${s(plan.demand)},"resolvability":${s(plan.resolvability)},"escalation":`,
      avoid: `,"avoid":${s(plan.avoid)},"commitments":[`,
      tail: `],"flags":${s(plan.flags)},"route":${s(plan.route)},"trace":`,
      responses: plan.responses.map((r) => (r.fixed === undefined ? { head: `{"stage":${s(r.stage)},"id":${s(r.id)},"text":` } : { whole: s({ stage: r.stage, id: r.id, text: r.fixed }) })),
      commits,
    };
    planJson.set(plan, json);
  }
  return json;
}

/**
 * `JSON.stringify(recommendation)`, made from the plan's cached fragments where the plan fixes
 * the content (labels, fixed texts, the avoid list, flags, route) and `JSON.stringify` for the
 * rest. Only for a recommendation just built from `plan` with the commitments `chosen`, before
 * anyone could change it.
 */
export function recommendationJson(rec: Recommendation, plan: ResponsePlan, chosen: ReadonlyArray<{ planned: PlannedCommit }>, traced: boolean): string {
  const f = fragmentsOf(plan, rec);
  const s = JSON.stringify;
  // Concatenated, not joined: on Node 20 building the rope and flattening it once where it is
  // written (or copied to another thread) measured faster than Array.prototype.join.
  let out = `${f.head}${s(rec.complaintId)}${f.classification}${s(rec.escalation)},"responses":[`;
  for (let i = 0; i < rec.responses.length; i++) {
    const fragment = f.responses[i]!;
    if (i > 0) out += ',';
    out += 'whole' in fragment ? fragment.whole : `${fragment.head}${s(rec.responses[i]!.text)}}`;
  }
  out += `]${f.avoid}`;
  for (let i = 0; i < rec.commitments.length; i++) {
    const c = rec.commitments[i]!;
    const parts = f.commits.get(chosen[i]!.planned)!;
    // The due time is an ISO timestamp we wrote (digits, -, :, T, +): nothing to escape.
    out += `${i > 0 ? ',' : ''}${parts.head}"${c.due}"${parts.mid}${c.text === null ? 'null' : s(c.text)}${parts.tail}`;
  }
  return `${out}${f.tail}${!traced && rec.trace.warnings.length === 0 ? emptyTrace : s(rec.trace)}}`;
}
