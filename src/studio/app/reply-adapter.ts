/**
 * The one place the studio reaches the reply checker (issue 15). It is looked up on the core at
 * run time, so the panel says "not available" until the core exports `checkReply`, and works
 * as soon as it does: `checkReply(draft, recommendation, { locale }) → { findings }`.
 */
import * as core from 'complaint-playbook';
import type { Recommendation } from 'complaint-playbook';
import type { ReplyFinding } from './protocol.js';

type CheckReply = (draft: string, recommendation: Recommendation, options: { locale: string }) => { findings: ReplyFinding[] } | Promise<{ findings: ReplyFinding[] }>;

/** The core's `checkReply`, or undefined while it does not have one. */
export function replyChecker(): CheckReply | undefined {
  const found = (core as Record<string, unknown>)['checkReply'];
  return typeof found === 'function' ? (found as CheckReply) : undefined;
}
