/**
 * The reply checker (`complaint-playbook/reply`): an agent's draft held against the recommendation.
 * A capability beside the core pipeline: it imports the core, never the reverse.
 *
 * @module
 */

export { checkReply, checkReplyFor, defaultMaxDraftLength } from './check.js';
export { formatReplyCheck } from './format.js';
export type { ReplyCheck, ReplyFinding, ReplyFindingCode, CheckReplyOptions } from './types.js';
