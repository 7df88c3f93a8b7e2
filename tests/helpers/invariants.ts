import type { Recommendation } from 'complaint-playbook';

/**
 * What a recommendation breaks of the practice's invariants (empty when none): deadlines out of
 * order or adjusted by the engine, a question before the soothing or safety line an angry or
 * endangered customer needs, a follow-up without a resolve time, 不过/可是 in a zh-CN line.
 */
export function violations(rec: Recommendation, complaint: Record<string, unknown>): string[] {
  const out: string[] = [];
  const due = (kind: string) => rec.commitments.filter((c) => c.kind === kind).map((c) => Date.parse(c.due));
  const [ack] = due('acknowledge');
  const [resolve] = due('resolve');
  for (const c of rec.commitments) if (ack !== undefined && Date.parse(c.due) < ack) out.push(`${c.kind} before acknowledge`);
  if (resolve !== undefined) {
    for (const u of due('update')) if (u >= resolve) out.push('update at or after resolve');
    for (const f of due('follow-up')) if (f <= resolve) out.push('follow-up at or before resolve');
  }
  for (const w of rec.trace.warnings) if (w.code.startsWith('COMMITMENT_')) out.push(`${w.code} ${w.source}`);
  const customer = complaint.customer as { emotion?: string } | undefined;
  const risk = complaint.risk as string[] | undefined;
  if (customer?.emotion === 'angry' || customer?.emotion === 'furious' || risk?.includes('safety')) {
    const soothe = rec.responses.findIndex((r) => r.stage === 'soothe');
    const ask = rec.responses.findIndex((r) => r.stage === 'ask');
    if (soothe === -1) out.push('no soothing or safety line');
    else if (ask !== -1 && ask < soothe) out.push(`question ${rec.responses[ask]!.id} before ${rec.responses[soothe]!.id}`);
  }
  if (rec.resolvability.tier === 'not-currently-resolvable' && resolve === undefined && due('follow-up').length > 0) out.push('follow-up without a resolve time');
  if (rec.locale === 'zh-CN') for (const r of rec.responses) if (/不过|可是/.test(r.text)) out.push(`${r.id} says 不过/可是`);
  return out;
}

