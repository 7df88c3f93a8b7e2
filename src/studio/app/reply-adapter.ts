/**
 * The one place the studio reaches the reply checker (`complaint-playbook/reply`): a draft held
 * against the recommendation shown on the page.
 */
import type { Recommendation } from 'complaint-playbook';
import { checkReply } from 'complaint-playbook/reply';
import type { ReplyFinding } from './protocol.js';

type CheckReply = (draft: string, recommendation: Recommendation, options: { locale: string }) => { findings: ReplyFinding[] };

/** The reply checker, always present since it ships beside the core. */
export function replyChecker(): CheckReply {
  return (draft, recommendation, { locale }) => ({ findings: checkReply(draft, recommendation, { locale }).findings.map((f) => ({ ...f })) });
}
