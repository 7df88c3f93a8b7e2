/**
 * The exported types end to end: a helpdesk's own ticket type is mapped onto `Complaint`, a
 * playbook is written as a typed `PlaybookSpec` object (the compiler checks it like the JSON
 * Schema checks YAML), the `Recommendation` becomes an agent card, and errors are told apart by
 * their closed code unions. `npx tsx examples/typescript/triage.ts` prints the card.
 */
import {
  compilePlaybook,
  ComplaintError,
  isComplaintPlaybookError,
  PlaybookError,
  type Channel,
  type CommitmentKind,
  type Complaint,
  type DemandType,
  type Emotion,
  type EvaluateOptions,
  type PlaybookErrorCode,
  type PlaybookSpec,
  type Recommendation,
} from 'complaint-playbook';

/** A ticket as the helpdesk stores it: its own names, its own mood scale. */
export interface HelpdeskTicket {
  ticketNumber: number;
  openedAt: string;
  source: 'hotline' | 'store' | 'mail' | 'livechat';
  customerName: string;
  mood: 1 | 2 | 3 | 4;
  wants?: { kind: DemandType; amount?: number };
  tags: string[];
}

const channels: Record<HelpdeskTicket['source'], Channel> = { hotline: 'phone', store: 'in-person', mail: 'email', livechat: 'chat' };
const emotions: Record<HelpdeskTicket['mood'], Emotion> = { 1: 'calm', 2: 'upset', 3: 'angry', 4: 'furious' };

/** Maps a ticket onto the complaint the playbook reads; the records above make it total. */
export function toComplaint(ticket: HelpdeskTicket): Complaint {
  return {
    id: `T-${ticket.ticketNumber}`,
    receivedAt: ticket.openedAt,
    channel: channels[ticket.source],
    customer: { name: ticket.customerName, emotion: emotions[ticket.mood] },
    ...(ticket.wants ? { demand: { type: ticket.wants.kind, ...(ticket.wants.amount !== undefined ? { amount: ticket.wants.amount } : {}) } } : {}),
    risk: ticket.tags.filter((t) => t.startsWith('risk:')).map((t) => t.slice('risk:'.length)),
  };
}

/** A small refund-desk playbook, written in TypeScript instead of YAML. */
export const refundDesk: PlaybookSpec = {
  formatVersion: 1,
  playbook: 'refund-desk',
  version: '1.0.0',
  locales: ['en'],
  calendar: { timezone: 'Europe/Rome', hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] } },
  authority: [
    { id: 'agent', label: 'Agent', maxCompensation: 100 },
    { id: 'lead', label: 'Team lead' },
  ],
  customerType: { outcomes: [{ id: 'unknown' }], default: 'unknown' },
  demand: { outcomes: [{ id: 'reasonable' }], default: 'reasonable' },
  resolvability: { outcomes: [{ id: 'short-term' }], default: 'short-term' },
  rules: [
    {
      id: 'every-ticket',
      then: {
        respond: ['sorry'],
        commit: [{ kind: 'acknowledge', within: '4h', text: 'We will get back to you by {due}.' }],
      },
    },
    {
      id: 'furious',
      when: { fact: 'customer.emotion', operator: 'equal', value: 'furious' },
      then: { escalate: { to: 'lead', reason: 'A furious customer talks to a lead.' }, commit: [{ kind: 'acknowledge', within: '1h' }] },
    },
  ],
  responses: { sorry: { stage: 'apologize', text: "{customer.name|Hello}, I'm sorry about this." } },
};

/** What the agent sees beside the ticket. */
export interface AgentCard {
  ticket: string;
  handler: string;
  say: string[];
  deadlines: Partial<Record<CommitmentKind, string>>;
}

const kindLabel = (kind: CommitmentKind): string => {
  switch (kind) {
    case 'acknowledge': return 'first answer';
    case 'resolve': return 'solution';
    case 'update': return 'progress update';
    case 'follow-up': return 'follow-up call';
    default: {
      // A new kind in a future version fails compilation here, not at the desk.
      const unknown: never = kind;
      return unknown;
    }
  }
};

export function toCard(rec: Recommendation): AgentCard {
  const deadlines: AgentCard['deadlines'] = {};
  for (const c of rec.commitments) deadlines[c.kind] = `${kindLabel(c.kind)} by ${c.due}`;
  return { ticket: rec.complaintId, handler: rec.escalation.label, say: rec.responses.map((r) => r.text), deadlines };
}

/** Advice for a policy owner, per problem code; the union is closed, so this stays complete. */
export function adviceFor(code: PlaybookErrorCode): string {
  if (code.startsWith('YAML_')) return 'fix the YAML syntax';
  if (code.startsWith('SCHEMA_')) return 'compare with schemas/playbook.schema.json';
  if (code.startsWith('CALENDAR_')) return 'check the calendar';
  return 'see the error codes in the README';
}

export async function triage(ticket: HelpdeskTicket, spec: PlaybookSpec = refundDesk, options: EvaluateOptions = {}): Promise<AgentCard | string[]> {
  try {
    const playbook = compilePlaybook(spec);
    return toCard(await playbook.evaluate(toComplaint(ticket), options));
  } catch (error) {
    if (error instanceof PlaybookError) return error.problems.map((p) => `${p.path.join('.')}: ${p.code} (${adviceFor(p.code)})`);
    if (error instanceof ComplaintError) return error.problems.map((p) => `${p.path.join('.')}: ${p.code}`);
    if (isComplaintPlaybookError(error)) return [error.message];
    throw error;
  }
}

/** The sample ticket: Friday 16:30 in Rome, a furious customer asking for 80 euros back. */
export const sampleTicket: HelpdeskTicket = {
  ticketNumber: 4711,
  openedAt: '2026-11-20T16:30:00+01:00',
  source: 'hotline',
  customerName: 'Signora Rossi',
  mood: 4,
  wants: { kind: 'refund', amount: 80 },
  tags: ['vip'],
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await triage(sampleTicket), null, 2));
}
