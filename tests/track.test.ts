// The SLA clock over a case's events, table-driven like the calendar's: every event type and
// commitment state, pauses across a DST weekend and a holiday, recurring updates, follow-up from
// the actual resolution, reopen and close rules, findings about the events, invalid cases, and
// the sla section's checks. The desk fixture extends the shipped base (its sla section) with a
// Rome calendar: Mon–Fri 09:00–18:00, holidays 2026-12-08 and 2026-12-25.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaseError, validatePlaybook, type CaseEvent, type CaseStatus } from 'complaint-playbook';
import { loadPlaybookFile, nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';

const root = fileURLToPath(new URL('..', import.meta.url));
const desk = await loadPlaybookFile(`${root}tests/fixtures/track/desk.yaml`);

// A reasonable refund: short-term tier. Received Monday 2026-10-19 10:00 (CEST): acknowledge by
// 11:00 (1h), update by Tue 18:00 (1d, every 1d), resolve by Thu 22 18:00 (3d), follow-up two
// business days after the resolution.
const complaint = { id: 'D-1', receivedAt: '2026-10-19T10:00:00+02:00', category: 'product.quality', demand: { type: 'refund', amount: 50 } };
const ev = (type: CaseEvent['type'], at: string, extra: Partial<CaseEvent> = {}): CaseEvent => ({ type, at, ...extra });

type Row = [kind: string, state: string, due?: string, extra?: Record<string, unknown>];
const brief = (s: CaseStatus): Row[] =>
  s.commitments.map((c) => {
    const extra: Record<string, unknown> = {};
    if (c.occurrence !== undefined) extra.occurrence = c.occurrence;
    if (c.cycle !== 1) extra.cycle = c.cycle;
    if (c.metAt) extra.metAt = c.metAt;
    if (c.pausedMinutes) extra.pausedMinutes = c.pausedMinutes;
    return Object.keys(extra).length ? [c.kind, c.state, c.due, extra] : [c.kind, c.state, c.due];
  });

interface Scenario {
  name: string;
  complaint?: Record<string, unknown>;
  events: CaseEvent[];
  now: string;
  state: CaseStatus['state'];
  commitments?: Row[];
  next?: [kind: string, due: string | null, overdue: boolean] | null;
  escalation?: [level: string, source: string, done: boolean] | null;
  warnings?: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'nothing done yet: every clock pending',
    events: [],
    now: '2026-10-19T10:30:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'pending', '2026-10-19T11:00:00+02:00'],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'pending', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
    next: ['acknowledge', '2026-10-19T11:00:00+02:00', false],
    escalation: null,
    warnings: [],
  },
  {
    name: 'due soon once 80% of the window is gone (48 of 60 minutes)',
    events: [],
    now: '2026-10-19T10:48:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'due-soon', '2026-10-19T11:00:00+02:00'],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'pending', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
  },
  {
    name: 'not yet due soon at 47 of 60 minutes',
    events: [],
    now: '2026-10-19T10:47:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'pending', '2026-10-19T11:00:00+02:00'],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'pending', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
  },
  {
    name: 'a missed acknowledgement is breached and escalates one level up',
    events: [],
    now: '2026-10-19T11:01:00+02:00',
    state: 'open',
    next: ['acknowledge', '2026-10-19T11:00:00+02:00', true],
    escalation: ['supervisor', 'sla:acknowledge', false],
  },
  {
    name: 'an acknowledgement kept late is breached, with when it was kept; an escalated event does the escalation',
    events: [ev('acknowledged', '2026-10-19T11:30:00+02:00'), ev('escalated', '2026-10-19T11:40:00+02:00', { to: 'supervisor' })],
    now: '2026-10-19T12:00:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'breached', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T11:30:00+02:00' }],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'pending', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
    escalation: ['supervisor', 'sla:acknowledge', true],
  },
  {
    name: 'an update acknowledges too; recurring updates restart from the last one',
    events: [ev('updated', '2026-10-19T10:40:00+02:00'), ev('updated', '2026-10-20T11:00:00+02:00')],
    now: '2026-10-20T12:00:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:40:00+02:00' }],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'met', '2026-10-20T18:00:00+02:00', { occurrence: 1, metAt: '2026-10-19T10:40:00+02:00' }],
      ['update', 'met', '2026-10-20T18:00:00+02:00', { occurrence: 2, metAt: '2026-10-20T11:00:00+02:00' }],
      ['update', 'pending', '2026-10-21T18:00:00+02:00', { occurrence: 3 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
    next: ['update', '2026-10-21T18:00:00+02:00', false],
  },
  {
    name: 'no update is owed at or after a resolve deadline still ahead',
    events: [ev('acknowledged', '2026-10-19T10:10:00+02:00'), ev('updated', '2026-10-20T17:00:00+02:00'), ev('updated', '2026-10-21T16:00:00+02:00')],
    now: '2026-10-22T10:00:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:10:00+02:00' }],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'met', '2026-10-20T18:00:00+02:00', { occurrence: 1, metAt: '2026-10-20T17:00:00+02:00' }],
      ['update', 'met', '2026-10-21T18:00:00+02:00', { occurrence: 2, metAt: '2026-10-21T16:00:00+02:00' }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
    next: ['resolve', '2026-10-22T18:00:00+02:00', false],
  },
  {
    name: 'a missed update is breached; the highest escalation wins, the earliest breach on a tie',
    events: [ev('acknowledged', '2026-10-19T10:10:00+02:00')],
    now: '2026-10-23T09:30:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:10:00+02:00' }],
      ['resolve', 'breached', '2026-10-22T18:00:00+02:00'],
      ['update', 'breached', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
    next: ['update', '2026-10-20T18:00:00+02:00', true],
    escalation: ['supervisor', 'sla:update', false],
  },
  {
    name: 'waiting for the customer pauses resolve and update; across the DST weekend the deadlines move by 2 business hours',
    complaint: { ...complaint, receivedAt: '2026-10-23T10:00:00+02:00' },
    events: [ev('acknowledged', '2026-10-23T10:10:00+02:00'), ev('waiting-customer', '2026-10-23T17:00:00+02:00'), ev('customer-replied', '2026-10-26T10:00:00+01:00')],
    now: '2026-10-26T12:00:00+01:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-10-23T11:00:00+02:00', { metAt: '2026-10-23T10:10:00+02:00' }],
      ['resolve', 'pending', '2026-10-29T11:00:00+01:00', { pausedMinutes: 120 }],
      ['update', 'pending', '2026-10-27T11:00:00+01:00', { occurrence: 1, pausedMinutes: 120 }],
      ['follow-up', 'pending', '2026-10-30T18:00:00+01:00'],
    ],
    next: ['update', '2026-10-27T11:00:00+01:00', false],
  },
  {
    name: 'while the customer has not replied the pausing clocks show paused and nothing is owed',
    complaint: { ...complaint, receivedAt: '2026-10-23T10:00:00+02:00' },
    events: [ev('acknowledged', '2026-10-23T10:10:00+02:00'), ev('waiting-customer', '2026-10-23T17:00:00+02:00')],
    now: '2026-10-25T12:00:00+01:00',
    state: 'waiting-customer',
    commitments: [
      ['acknowledge', 'met', '2026-10-23T11:00:00+02:00', { metAt: '2026-10-23T10:10:00+02:00' }],
      ['resolve', 'paused', '2026-10-29T10:00:00+01:00', { pausedMinutes: 60 }],
      ['update', 'paused', '2026-10-27T10:00:00+01:00', { occurrence: 1, pausedMinutes: 60 }],
      ['follow-up', 'pending', '2026-10-30T18:00:00+01:00'],
    ],
    next: null,
  },
  {
    name: 'a pause across Christmas (a holiday and a weekend) moves the resolve deadline by 2 business hours',
    complaint: { ...complaint, receivedAt: '2026-12-23T10:00:00+01:00' },
    events: [ev('acknowledged', '2026-12-23T10:05:00+01:00'), ev('updated', '2026-12-24T12:00:00+01:00'), ev('waiting-customer', '2026-12-24T17:00:00+01:00'), ev('customer-replied', '2026-12-28T10:00:00+01:00')],
    now: '2026-12-28T12:00:00+01:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-12-23T11:00:00+01:00', { metAt: '2026-12-23T10:05:00+01:00' }],
      ['resolve', 'pending', '2026-12-30T11:00:00+01:00', { pausedMinutes: 120 }],
      ['update', 'met', '2026-12-24T18:00:00+01:00', { occurrence: 1, metAt: '2026-12-24T12:00:00+01:00' }],
      ['update', 'pending', '2026-12-29T11:00:00+01:00', { occurrence: 2, pausedMinutes: 120 }],
      ['follow-up', 'pending', '2026-12-31T18:00:00+01:00'],
    ],
  },
  {
    name: 'resolved early: the pending update is not applicable, the follow-up counts from the actual resolution',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('resolved', '2026-10-19T16:00:00+02:00')],
    now: '2026-10-20T12:00:00+02:00',
    state: 'resolved',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:20:00+02:00' }],
      ['resolve', 'met', '2026-10-22T18:00:00+02:00', { metAt: '2026-10-19T16:00:00+02:00' }],
      ['update', 'not-applicable', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-21T18:00:00+02:00'],
    ],
    next: ['follow-up', '2026-10-21T18:00:00+02:00', false],
  },
  {
    name: 'followed up without feedback: record the feedback next',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('resolved', '2026-10-19T16:00:00+02:00'), ev('followed-up', '2026-10-20T10:00:00+02:00')],
    now: '2026-10-20T12:00:00+02:00',
    state: 'resolved',
    next: ['feedback', null, false],
  },
  {
    name: 'satisfied feedback: close next',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('resolved', '2026-10-19T16:00:00+02:00'), ev('feedback', '2026-10-20T10:00:00+02:00', { satisfied: true })],
    now: '2026-10-20T12:00:00+02:00',
    state: 'resolved',
    next: ['close', null, false],
  },
  {
    name: 'unsatisfied feedback: reopen next',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('resolved', '2026-10-19T16:00:00+02:00'), ev('feedback', '2026-10-20T10:00:00+02:00', { satisfied: false })],
    now: '2026-10-20T12:00:00+02:00',
    state: 'resolved',
    next: ['reopen', null, false],
  },
  {
    name: 'closed with satisfied feedback: nothing owed, nothing flagged',
    events: [
      ev('acknowledged', '2026-10-19T10:20:00+02:00'),
      ev('resolved', '2026-10-19T16:00:00+02:00'),
      ev('followed-up', '2026-10-20T10:00:00+02:00'),
      ev('feedback', '2026-10-20T10:05:00+02:00', { satisfied: true }),
      ev('closed', '2026-10-20T10:10:00+02:00'),
    ],
    now: '2026-10-30T12:00:00+01:00',
    state: 'closed',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:20:00+02:00' }],
      ['resolve', 'met', '2026-10-22T18:00:00+02:00', { metAt: '2026-10-19T16:00:00+02:00' }],
      ['update', 'not-applicable', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'met', '2026-10-21T18:00:00+02:00', { metAt: '2026-10-20T10:00:00+02:00' }],
    ],
    next: null,
    escalation: null,
    warnings: [],
  },
  {
    name: 'closed without feedback is flagged (002)',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('resolved', '2026-10-19T16:00:00+02:00'), ev('closed', '2026-10-19T16:30:00+02:00')],
    now: '2026-10-30T12:00:00+01:00',
    state: 'closed',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:20:00+02:00' }],
      ['resolve', 'met', '2026-10-22T18:00:00+02:00', { metAt: '2026-10-19T16:00:00+02:00' }],
      ['update', 'not-applicable', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'not-applicable', '2026-10-21T18:00:00+02:00'],
    ],
    warnings: ['CLOSED_WITHOUT_FEEDBACK'],
  },
  {
    name: 'closed while the customer is not satisfied is flagged',
    events: [ev('resolved', '2026-10-19T10:30:00+02:00'), ev('feedback', '2026-10-20T10:00:00+02:00', { satisfied: false }), ev('closed', '2026-10-20T10:10:00+02:00')],
    now: '2026-10-21T12:00:00+02:00',
    state: 'closed',
    warnings: ['CLOSED_UNSATISFIED'],
  },
  {
    name: 'closed without a resolution is flagged',
    events: [ev('acknowledged', '2026-10-19T10:20:00+02:00'), ev('closed', '2026-10-19T12:00:00+02:00')],
    now: '2026-10-21T12:00:00+02:00',
    state: 'closed',
    warnings: ['CLOSED_WITHOUT_FEEDBACK', 'CLOSED_UNRESOLVED'],
  },
  {
    name: 'events out of order are sorted and reported; later than now, not counted; after closing, reported',
    events: [
      ev('resolved', '2026-10-19T16:00:00+02:00'),
      ev('acknowledged', '2026-10-19T10:20:00+02:00'),
      ev('feedback', '2026-10-20T10:00:00+02:00', { satisfied: true }),
      ev('closed', '2026-10-20T10:10:00+02:00'),
      ev('updated', '2026-10-20T11:00:00+02:00'),
      ev('followed-up', '2026-10-30T10:00:00+01:00'),
    ],
    now: '2026-10-21T12:00:00+02:00',
    state: 'closed',
    warnings: ['EVENT_OUT_OF_ORDER', 'EVENT_IN_FUTURE', 'EVENT_AFTER_CLOSED'],
  },
  {
    name: 'events that make no sense where they are: reported, never dropped silently',
    events: [
      ev('updated', '2026-10-19T09:00:00+02:00'),
      ev('customer-replied', '2026-10-19T10:10:00+02:00'),
      ev('followed-up', '2026-10-19T10:15:00+02:00'),
      ev('reopened', '2026-10-19T10:20:00+02:00'),
      ev('waiting-customer', '2026-10-19T10:30:00+02:00'),
      ev('waiting-customer', '2026-10-19T10:40:00+02:00'),
      ev('resolved', '2026-10-19T11:00:00+02:00'),
      ev('resolved', '2026-10-19T12:00:00+02:00'),
      ev('feedback', '2026-10-19T12:30:00+02:00', { satisfied: true }),
      ev('closed', '2026-10-19T13:00:00+02:00'),
      ev('closed', '2026-10-19T14:00:00+02:00'),
    ],
    now: '2026-10-21T12:00:00+02:00',
    state: 'closed',
    warnings: ['EVENT_BEFORE_RECEIVED', 'EVENT_UNEXPECTED', 'EVENT_UNEXPECTED', 'EVENT_UNEXPECTED', 'EVENT_UNEXPECTED', 'EVENT_UNEXPECTED', 'EVENT_UNEXPECTED'],
  },
  {
    name: 'without receivedAt the clocks start at the first event',
    complaint: { id: 'D-2', demand: { type: 'refund', amount: 50 } },
    events: [ev('acknowledged', '2026-10-19T10:00:00+02:00')],
    now: '2026-10-19T10:30:00+02:00',
    state: 'open',
    commitments: [
      ['acknowledge', 'met', '2026-10-19T11:00:00+02:00', { metAt: '2026-10-19T10:00:00+02:00' }],
      ['resolve', 'pending', '2026-10-22T18:00:00+02:00'],
      ['update', 'pending', '2026-10-20T18:00:00+02:00', { occurrence: 1 }],
      ['follow-up', 'pending', '2026-10-26T18:00:00+01:00'],
    ],
  },
];

describe('track: the status of a case at now', () => {
  it.each(scenarios)('$name', (s) => {
    const status = desk.track({ complaint: s.complaint ?? complaint, events: s.events }, { now: s.now, locale: 'en' });
    expect(status.state).toBe(s.state);
    if (s.commitments) expect(brief(status)).toEqual(s.commitments);
    if (s.next !== undefined) expect(status.next && [status.next.kind, status.next.due, status.next.overdue]).toEqual(s.next);
    if (s.escalation !== undefined) expect(status.escalation && [status.escalation.level, status.escalation.source, status.escalation.done]).toEqual(s.escalation);
    if (s.warnings) expect(status.warnings.map((w) => w.code)).toEqual(s.warnings);
  });

  it('names the event of each warning by its index in the case', () => {
    const s = scenarios.find((x) => x.name.startsWith('events out of order'))!;
    const status = desk.track({ complaint, events: s.events }, { now: s.now });
    expect(status.warnings.map((w) => [w.code, w.event])).toEqual([['EVENT_OUT_OF_ORDER', 1], ['EVENT_IN_FUTURE', 5], ['EVENT_AFTER_CLOSED', 4]]);
  });

  it('re-renders the next commitment text with the deadline as it stands, in the playbook locale by default', () => {
    const s = scenarios.find((x) => x.name.startsWith('waiting for the customer pauses'))!;
    const en = desk.track({ complaint: s.complaint!, events: s.events }, { now: s.now, locale: 'en' });
    expect(en.next!.text).toContain('2026-10-27 11:00');
    const zh = desk.track({ complaint: s.complaint!, events: s.events }, { now: s.now });
    expect(zh.recommendation.locale).toBe('zh-CN');
    expect(zh.next!.text).toContain('2026-10-27 11:00');
    expect(zh.next!.text).not.toBe(en.next!.text);
  });
});

describe('track: reopening', () => {
  const resolvedThenUnsatisfied = [
    ev('acknowledged', '2026-10-19T10:20:00+02:00'),
    ev('resolved', '2026-10-19T16:00:00+02:00'),
    ev('followed-up', '2026-10-20T10:00:00+02:00'),
    ev('feedback', '2026-10-20T10:05:00+02:00', { satisfied: false }),
    ev('reopened', '2026-10-20T10:30:00+02:00'),
  ];

  it('starts a new cycle one level above the previous handling, with the better-solution line after the apologies', () => {
    const status = desk.track({ complaint, events: resolvedThenUnsatisfied }, { now: '2026-10-20T10:45:00+02:00', locale: 'en' });
    expect(status.state).toBe('reopened');
    expect(status.cycle).toBe(2);
    expect(status.recommendation.escalation.level).toBe('supervisor');
    const stages = status.recommendation.responses.map((r) => r.stage);
    const at = status.recommendation.responses.findIndex((r) => r.id === 'better-solution');
    expect(at).toBe(stages.lastIndexOf('apologize') + 1);
    // The first cycle is kept; the new one counts from the reopening.
    expect(brief(status).filter((r) => (r[3] as { cycle?: number } | undefined)?.cycle === 2).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['acknowledge', 'pending', '2026-10-20T11:30:00+02:00'],
      ['resolve', 'pending', '2026-10-23T18:00:00+02:00'],
      ['update', 'pending', '2026-10-21T18:00:00+02:00'],
      ['follow-up', 'pending', '2026-10-27T18:00:00+01:00'],
    ]);
    expect(status.commitments.filter((c) => c.cycle === 1).map((c) => c.state)).toEqual(['met', 'met', 'not-applicable', 'met']);
    expect(status.next!.kind).toBe('acknowledge');
  });

  it('climbs from the highest level the previous cycle reached (an escalation or a breach)', () => {
    const events = [...resolvedThenUnsatisfied.slice(0, 4), ev('escalated', '2026-10-20T10:10:00+02:00', { to: 'manager' }), resolvedThenUnsatisfied[4]!];
    const status = desk.track({ complaint, events }, { now: '2026-10-20T10:45:00+02:00' });
    expect(status.recommendation.escalation).toMatchObject({ level: 'executive', source: 'sla-reopen' });
    // A second reopening climbs again, capped at the top of the ladder.
    const again = desk.track({ complaint, events: [...events, ev('resolved', '2026-10-20T15:00:00+02:00'), ev('feedback', '2026-10-21T10:00:00+02:00', { satisfied: false }), ev('reopened', '2026-10-21T10:05:00+02:00')] }, { now: '2026-10-21T10:30:00+02:00' });
    expect([again.cycle, again.recommendation.escalation.level]).toEqual([3, 'executive']);
  });

  it('a reopened closed case is no longer closed; only a resolved or closed case reopens', () => {
    const closed = [...resolvedThenUnsatisfied.slice(0, 4), ev('closed', '2026-10-20T10:10:00+02:00'), resolvedThenUnsatisfied[4]!];
    const status = desk.track({ complaint, events: closed }, { now: '2026-10-20T10:45:00+02:00' });
    expect([status.state, status.cycle]).toEqual(['reopened', 2]);
    expect(status.warnings.map((w) => w.code)).toEqual(['CLOSED_UNSATISFIED']);
  });

  it('the async form gives the same status', async () => {
    const options = { now: '2026-10-20T10:45:00+02:00', locale: 'en' };
    expect(await desk.trackAsync({ complaint, events: resolvedThenUnsatisfied }, options)).toEqual(desk.track({ complaint, events: resolvedThenUnsatisfied }, options));
  });
});

describe('track: invalid cases', () => {
  const problems = (value: unknown) => {
    try {
      desk.track(value, { now: '2026-10-20T10:00:00+02:00' });
    } catch (error) {
      expect(error).toBeInstanceOf(CaseError);
      return (error as CaseError).problems.map((p) => [p.code, p.path.join('.')]);
    }
    throw new Error('no CaseError');
  };
  it.each([
    ['not an object', [], [['CASE_NOT_AN_OBJECT', '']]],
    ['no events', { complaint }, [['CASE_REQUIRED', 'events']]],
    ['an unknown event type', { complaint, events: [{ type: 'solved', at: '2026-10-19T10:00:00+02:00' }] }, [['CASE_ENUM', 'events.0.type']]],
    ['a time without offset', { complaint, events: [{ type: 'updated', at: '2026-10-19T10:00:00' }] }, [['CASE_TIMESTAMP', 'events.0.at']]],
    ['feedback without satisfied', { complaint, events: [{ type: 'feedback', at: '2026-10-19T10:00:00+02:00' }] }, [['CASE_REQUIRED', 'events.0.satisfied']]],
    ['escalated to an unknown level', { complaint, events: [{ type: 'escalated', at: '2026-10-19T10:00:00+02:00', to: 'boss' }] }, [['CASE_UNKNOWN_LEVEL', 'events.0.to']]],
    ['an unknown field', { complaint, events: [{ type: 'updated', at: '2026-10-19T10:00:00+02:00', when: 'now' }] }, [['CASE_UNKNOWN_FIELD', 'events.0.when']]],
    ['an invalid complaint, with every other problem', { complaint: { id: 7 }, events: [{ type: 'closed' }] }, [['CASE_REQUIRED', 'events.0.at'], ['COMPLAINT_TYPE', 'complaint.id']]],
  ])('%s', (_name, value, expected) => {
    expect(problems(value)).toEqual(expected);
  });
});

describe('the sla section', () => {
  const resolve = nodeResolver(shippedPlaybooksDir());
  const base = `formatVersion: 1\nextends: base\nplaybook: x\nversion: 1.0.0\ncalendar: { timezone: Europe/Rome, hours: { mon: ["09:00-18:00"] } }\n`;
  const codes = (sla: string) => validatePlaybook(`${base}sla:\n${sla}`, { filename: 'x.yaml', resolve }).problems.map((p) => [p.code, p.path.join('.'), p.line]);
  it.each([
    ['warnAt out of range', '  warnAt: 0%', [['INVALID_SLA', 'sla.warnAt', 7]]],
    ['warnAt not a share', '  warnAt: "0.8"', [['SCHEMA_FORMAT', 'sla.warnAt', 7]]],
    ['both to and raise', '  escalate:\n    resolve: { to: manager, raise: 1, reason: late }', [['INVALID_SLA', 'sla.escalate.resolve', 8]]],
    ['an unknown level', '  escalate:\n    resolve: { to: boss, reason: late }', [['UNKNOWN_LEVEL', 'sla.escalate.resolve.to', 8]]],
    ['a reason missing a locale', '  escalate:\n    resolve: { raise: 1, reason: { en: late } }', [['MISSING_TEXT', 'sla.escalate.resolve.reason', 8]]],
    ['an unknown response', '  reopen: { respond: [beter-solution] }', [['UNKNOWN_RESPONSE', 'sla.reopen.respond.0', 7]]],
    ['a training flag no rule raises', '  trainingFlags: [staff-trainin]', [['INVALID_SLA', 'sla.trainingFlags.0', 7]]],
    ['an unknown pausing kind', '  pauseWhileWaiting: [resolved]', [['SCHEMA_ENUM', 'sla.pauseWhileWaiting.0', 7]]],
    ['a valid section', '  pauseWhileWaiting: [resolve]\n  warnAt: 75%', []],
  ])('%s', (_name, sla, expected) => {
    const found = codes(sla);
    expect(found.map(([code, path]) => [code, path])).toEqual(expected.map(([code, path]) => [code, path]));
    expect(found.map(([, , line]) => line)).toEqual(expected.map(([, , line]) => line));
  });

  it('a desk inherits the base section, and a desk without one pauses nothing', () => {
    expect(desk.spec.sla?.pauseWhileWaiting).toEqual(['resolve', 'update']);
    const own = validatePlaybook(`${base}sla: { warnAt: 50% }\n`, { filename: 'x.yaml', resolve }).playbook!;
    const status = own.track({ complaint, events: [ev('waiting-customer', '2026-10-19T10:10:00+02:00')] }, { now: '2026-10-19T10:31:00+02:00' });
    // Replaced whole: no pausing kinds, warning at 50%.
    expect(status.commitments.map((c) => c.state)).toEqual(['due-soon', 'pending', 'pending', 'pending']);
  });
});
