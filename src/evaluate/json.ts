import type { Recommendation } from '../types.js';
import type { ResponsePlan } from './plan.js';

/** JSON fragments of the parts of a recommendation that a plan fixes, made on first use. */
interface PlanJson {
  customerType: string;
  demand: string;
  resolvability: string;
  avoid: string;
  flags: string;
  route: string;
  /** Per planned response: its whole JSON when its text is fixed, else the part before the text. */
  responses: Array<{ whole: string } | { head: string }>;
}

const planJson = new WeakMap<ResponsePlan, PlanJson>();

function fragmentsOf(plan: ResponsePlan): PlanJson {
  let json = planJson.get(plan);
  if (!json) {
    const s = JSON.stringify;
    json = {
      customerType: s(plan.customerType),
      demand: s(plan.demand),
      resolvability: s(plan.resolvability),
      avoid: s(plan.avoid),
      flags: s(plan.flags),
      route: s(plan.route),
      responses: plan.responses.map((r) => {
        const fixed = r.template === undefined ? '' : r.template.length === 1 && typeof r.template[0] === 'string' ? r.template[0] : undefined;
        return fixed === undefined ? { head: `{"stage":${s(r.stage)},"id":${s(r.id)},"text":` } : { whole: s({ stage: r.stage, id: r.id, text: fixed }) };
      }),
    };
    planJson.set(plan, json);
  }
  return json;
}

/**
 * `JSON.stringify(recommendation)`, made from the plan's cached fragments where the plan fixes
 * the content (labels, fixed texts, avoid list, flags, route) and `JSON.stringify` for the rest.
 * Only for a recommendation just built from `plan`, before anyone could change it.
 */
export function recommendationJson(rec: Recommendation, plan: ResponsePlan): string {
  const f = fragmentsOf(plan);
  const s = JSON.stringify;
  let responses = '';
  for (let i = 0; i < rec.responses.length; i++) {
    const fragment = f.responses[i]!;
    if (i > 0) responses += ',';
    responses += 'whole' in fragment ? fragment.whole : `${fragment.head}${s(rec.responses[i]!.text)}}`;
  }
  return (
    `{"playbook":${s(rec.playbook)},"complaintId":${s(rec.complaintId)},"locale":${s(rec.locale)}` +
    `,"customerType":${f.customerType},"demand":${f.demand},"resolvability":${f.resolvability}` +
    `,"escalation":${s(rec.escalation)},"responses":[${responses}],"avoid":${f.avoid}` +
    `,"commitments":${s(rec.commitments)},"flags":${f.flags},"route":${f.route},"trace":${s(rec.trace)}}`
  );
}
