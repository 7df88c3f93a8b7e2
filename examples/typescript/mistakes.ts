/**
 * What the compiler catches before a playbook or a complaint reaches production. Every line below
 * is a mistake; `tsc` fails if any of them stops being one (an unused `@ts-expect-error` is an
 * error), so this file also proves the exported types stay precise.
 */
import type { Complaint, PlaybookSpec, Recommendation, RuleSpec } from 'complaint-playbook';
import { refundDesk } from './triage.js';

// @ts-expect-error a misspelt emotion
export const angy: Complaint = { id: 'T-1', customer: { emotion: 'angy' } };

// @ts-expect-error a complaint needs an id
export const anonymous: Complaint = { channel: 'phone' };

// @ts-expect-error a future format version is not this one
export const nextFormat: PlaybookSpec = { ...refundDesk, formatVersion: 2 };

export const rule: RuleSpec = {
  id: 'promise',
  // @ts-expect-error `respond` is not a kind of commitment
  then: { commit: [{ kind: 'respond', within: '1h' }] },
};

export const greeting: PlaybookSpec['responses'] = {
  // @ts-expect-error `greet` is not a conversation stage
  hello: { stage: 'greet', text: 'Hello' },
};

export function level(rec: Recommendation): number {
  // @ts-expect-error the escalation level is an id, not a number
  return rec.escalation.level;
}
