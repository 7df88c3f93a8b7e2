/**
 * The recommendation as an agent reads it on screen (`evaluate --format text`). The frame (the
 * headings around the playbook's own words) follows the recommendation's locale.
 */
import type { Recommendation } from '../types.js';

interface Frame {
  complaint: string;
  playbook: string;
  customerType: string;
  demand: string;
  resolvability: string;
  handledBy: string;
  routeTo: string;
  flags: string;
  say: string;
  never: string;
  deadlines: (timezone: string) => string;
  businessTime: string;
  after: (from: string) => string;
  every: (every: string) => string;
  warning: string;
}

const frames: Record<'en' | 'zh', Frame> = {
  en: {
    complaint: 'Complaint',
    playbook: 'playbook',
    customerType: 'Customer type',
    demand: 'Demand',
    resolvability: 'Resolvability',
    handledBy: 'Handled by',
    routeTo: 'Route to',
    flags: 'Flags',
    say: 'What to say, in order:',
    never: 'Never say:',
    deadlines: (tz) => `Deadlines (${tz} local time):`,
    businessTime: ' business time',
    after: (from) => ` after ${from}`,
    every: (every) => `, then every ${every}`,
    warning: 'warning',
  },
  zh: {
    complaint: '投诉',
    playbook: '预案',
    customerType: '客户类型',
    demand: '诉求',
    resolvability: '可解决性',
    handledBy: '处理人',
    routeTo: '转交',
    flags: '标记',
    say: '按顺序这样说：',
    never: '切勿说：',
    deadlines: (tz) => `时限（${tz} 当地时间）：`,
    businessTime: '工作时间',
    after: (from) => `，自 ${from} 起`,
    every: (every) => `，之后每 ${every}`,
    warning: '警告',
  },
};

/** Pads to a display width, counting a CJK character as two columns. */
function pad(text: string, width: number): string {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return text + ' '.repeat(Math.max(1, width - w));
}

function local(due: string): string {
  return due.slice(0, 16).replace('T', ' ');
}

/**
 * The recommendation as text, its frame in the recommendation's locale (Chinese for `zh*`,
 * English otherwise).
 *
 * @example
 * ```ts
 * io.stdout(formatRecommendation(rec, playbook.spec.calendar.timezone));
 * ```
 */
export function formatRecommendation(rec: Recommendation, timezone: string): string {
  const f = frames[rec.locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'];
  const dash = ' — ';
  const lines: string[] = [];
  lines.push(`${f.complaint} ${rec.complaintId} · ${f.playbook} ${rec.playbook.id} ${rec.playbook.version} · ${rec.locale}`);
  lines.push('');
  lines.push(`${pad(f.customerType, 16)}${rec.customerType.label ?? rec.customerType.id ?? '-'}${rec.customerType.approach ? `${dash}${rec.customerType.approach}` : ''}`);
  lines.push(`${pad(f.demand, 16)}${rec.demand.reasonableness ?? '-'}${rec.demand.label ? ` (${rec.demand.label})` : ''}`);
  lines.push(`${pad(f.resolvability, 16)}${rec.resolvability.tier ?? '-'}${rec.resolvability.label ? ` (${rec.resolvability.label})` : ''}`);
  lines.push(`${pad(f.handledBy, 16)}${rec.escalation.label}${rec.escalation.reason ? `${dash}${rec.escalation.reason}` : ''}`);
  if (rec.route.department) lines.push(`${pad(f.routeTo, 16)}${rec.route.label ?? rec.route.department}`);
  if (rec.flags.length) lines.push(`${pad(f.flags, 16)}${rec.flags.join(', ')}`);
  lines.push('');
  lines.push(f.say);
  rec.responses.forEach((r, i) => lines.push(`  ${String(i + 1).padStart(2)}. [${r.stage}] ${r.text}`));
  if (rec.avoid.length) {
    lines.push('');
    lines.push(f.never);
    for (const a of rec.avoid) lines.push(`  ✗ ${a.phrase}${dash}${a.reason}`);
  }
  if (rec.commitments.length) {
    lines.push('');
    lines.push(f.deadlines(timezone));
    for (const c of rec.commitments) {
      const how = `${c.within}${c.businessTime ? f.businessTime : ''}${c.from ? f.after(c.from) : ''}${c.every ? f.every(c.every) : ''}`;
      lines.push(`  ${c.kind.padEnd(12)} ${local(c.due)}  (${how})${c.text ? `  “${c.text}”` : ''}`);
    }
  }
  if (rec.trace.warnings.length) {
    lines.push('');
    for (const w of rec.trace.warnings) lines.push(`${f.warning} ${w.code}: ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}
