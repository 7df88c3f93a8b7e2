/** The reply checker: a capability beside the core pipeline (it imports the core, never the reverse). */
export { checkReply, checkReplyFor, defaultMaxDraftLength } from './check.js';
export { formatReplyCheck } from './format.js';
export type { ReplyCheck, ReplyFinding, ReplyFindingCode, CheckReplyOptions } from './types.js';
