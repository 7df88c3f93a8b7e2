import { describe, expect, it } from 'vitest';
import { PlaybookError, compilePlaybook, explainRecommendation, formatExplanation, lintPlaybook, validatePlaybook, type PlaybookSpec, type RuleSpec } from 'complaint-playbook';
import { stringify } from 'yaml';

// lead and suppress (order and suppression of lines), and commitments that hold together:
// `from`, `every`, and the invariants the engine keeps for every recommendation.
function spec(rules: RuleSpec[]): PlaybookSpec {
  return {
    formatVersion: 1,
    playbook: 'order',
    version: '1.0.0',
    locales: ['en'],
    calendar: { timezone: 'Europe/Rome', hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] } },
    authority: [{ id: 'agent', label: 'Agent' }],
    customerType: { outcomes: [{ id: 'unknown' }], default: 'unknown' },
    demand: { outcomes: [{ id: 'reasonable' }], default: 'reasonable' },
    resolvability: { outcomes: [{ id: 'short-term' }], default: 'short-term' },
    rules,
    responses: {
      sorry: { stage: 'apologize', text: 'We are sorry.' },
      facts: { stage: 'ask', text: 'What happened?' },
      outcome: { stage: 'ask', text: 'What would you like?' },
      calm: { stage: 'soothe', text: 'I understand.' },
      safe: { stage: 'explain', text: 'Please stay safe.' },
      thanks: { stage: 'resolve', text: 'Thank you.' },
      now: { stage: 'resolve', text: 'I can do it now.' },
    },
    avoid: { excuses: { phrase: 'but', reason: 'An excuse.' }, gifts: { phrase: 'a gift', reason: 'A slight.' } },
  };
}

const base: RuleSpec[] = [
  { id: 'always', then: { respond: ['sorry', 'facts', 'outcome', 'thanks', 'now'], avoid: ['excuses', 'gifts'] } },
];
// Tuesday 10:00 in Rome.
const complaint = { id: 'O-1', receivedAt: '2026-11-24T10:00:00+01:00', customer: { emotion: 'angry' } };
const angry = { fact: 'customer.emotion', operator: 'equal', value: 'angry' } as const;

describe('lead: lines said first', () => {
  it('puts lead responses right after the apologies, before every question, in rule order', () => {
    const playbook = compilePlaybook(spec([...base, { id: 'soothe', when: angry, then: { lead: ['calm'] } }, { id: 'safety', then: { lead: ['safe'] } }]));
    const rec = playbook.evaluateSync(complaint);
    expect(rec.responses.map((r) => r.id)).toEqual(['sorry', 'calm', 'safe', 'facts', 'outcome', 'thanks', 'now']);
    expect(rec.trace.adjustments).toEqual([
      { action: 'lead', kind: 'response', id: 'calm', source: 'soothe' },
      { action: 'lead', kind: 'response', id: 'safe', source: 'safety' },
    ]);
    // Not angry: the soothing line is not recommended at all, and nothing is moved.
    const calm = playbook.evaluateSync({ ...complaint, customer: { emotion: 'calm' } });
    expect(calm.responses.map((r) => r.id)).toEqual(['sorry', 'safe', 'facts', 'outcome', 'thanks', 'now']);
  });

  it('an apology led by a rule stays among the apologies', () => {
    const playbook = compilePlaybook(spec([{ id: 'ask', then: { respond: ['facts'] } }, { id: 'first', then: { lead: ['sorry'] } }]));
    expect(playbook.evaluateSync(complaint).responses.map((r) => r.id)).toEqual(['sorry', 'facts']);
    expect(playbook.evaluateSync(complaint).trace.adjustments).toEqual([]);
  });
});

describe('close: lines said last in their stage', () => {
  it('puts a closing line after every other line of its stage, whatever the rule order', () => {
    const playbook = compilePlaybook(spec([...base, { id: 'thank-last', then: { close: ['thanks'] } }]));
    const rec = playbook.evaluateSync(complaint);
    expect(rec.responses.map((r) => r.id)).toEqual(['sorry', 'facts', 'outcome', 'now', 'thanks']);
    expect(rec.trace.adjustments).toEqual([{ action: 'close', kind: 'response', id: 'thanks', source: 'thank-last' }]);
    expect(formatExplanation(explainRecommendation(rec))).toContain('last in its stage: the response thanks (by thank-last)');
    // The fast JSON form says the same.
    expect(playbook.evaluateSyncJson(complaint, { trace: false })).toBe(JSON.stringify(playbook.evaluateSync(complaint, { trace: false })));
  });

  it('closing recommends the line by itself; a suppression still wins; a line both led and closed leads', () => {
    const alone = compilePlaybook(spec([{ id: 'now', then: { respond: ['now', 'facts'] } }, { id: 'thank-last', then: { close: ['thanks'] } }]));
    expect(alone.evaluateSync(complaint).responses.map((r) => r.id)).toEqual(['facts', 'now', 'thanks']);
    const suppressed = compilePlaybook(spec([...base, { id: 'thank-last', then: { close: ['thanks'] } }, { id: 'refusing', then: { suppress: { respond: ['thanks'] } } }]));
    expect(suppressed.evaluateSync(complaint).responses.map((r) => r.id)).not.toContain('thanks');
    const both = compilePlaybook(spec([...base, { id: 'soothe', then: { lead: ['calm'], close: ['calm'] } }]));
    expect(both.evaluateSync(complaint).responses.map((r) => r.id)).toEqual(['sorry', 'calm', 'facts', 'outcome', 'thanks', 'now']);
  });

  it('an unknown id in close is an error with a suggestion', () => {
    const { problems } = validatePlaybook(stringify(spec([{ id: 'x', then: { close: ['thank'] } }])));
    expect(problems.map((p) => [p.code, p.path.join('.'), p.suggestion])).toEqual([['UNKNOWN_RESPONSE', 'rules.0.then.close.0', 'thanks']]);
  });
});

describe('suppress: lines other rules added, taken out', () => {
  const refusing: RuleSpec = { id: 'refuse', when: angry, then: { suppress: { respond: ['thanks', 'now', 'calm'], avoid: ['gifts'], commit: ['resolve'] } } };
  const commits: RuleSpec = { id: 'deadlines', then: { commit: [{ kind: 'acknowledge', within: '1h' }, { kind: 'resolve', within: '2d' }] } };

  it('takes out responses, avoid entries and commitment kinds, and names the rule in the trace', () => {
    const playbook = compilePlaybook(spec([...base, commits, { id: 'soothe', when: angry, then: { lead: ['calm'] } }, refusing]));
    const rec = playbook.evaluateSync(complaint);
    expect(rec.responses.map((r) => r.id)).toEqual(['sorry', 'facts', 'outcome']);
    expect(rec.avoid.map((a) => a.id)).toEqual(['excuses']);
    expect(rec.commitments.map((c) => c.kind)).toEqual(['acknowledge']);
    expect(rec.trace.adjustments).toEqual([
      { action: 'suppress', kind: 'response', id: 'thanks', source: 'refuse' },
      { action: 'suppress', kind: 'response', id: 'now', source: 'refuse' },
      { action: 'suppress', kind: 'response', id: 'calm', source: 'refuse' },
      { action: 'suppress', kind: 'avoid', id: 'gifts', source: 'refuse' },
      { action: 'suppress', kind: 'commitment', id: 'resolve', source: 'refuse' },
    ]);
    // A suppression wins over a lead of the same line; explain says who did what.
    const text = formatExplanation(explainRecommendation(rec));
    expect(text).toContain('left out: the response thanks (by refuse)');
    expect(text).toContain('left out: the commitment resolve (by refuse)');
  });

  it('json-rules-engine and the compiled evaluator agree, and the JSON form is JSON.stringify of the result', async () => {
    const playbook = compilePlaybook(spec([...base, commits, { id: 'soothe', when: angry, then: { lead: ['calm'] } }, refusing]));
    const rec = playbook.evaluateSync(complaint);
    expect(await playbook.evaluate(complaint, { engine: 'json-rules-engine' })).toEqual(rec);
    expect(playbook.evaluateSyncJson(complaint)).toBe(JSON.stringify(rec));
    expect(playbook.evaluateSyncJson(complaint, { trace: false })).toBe(JSON.stringify(playbook.evaluateSync(complaint, { trace: false })));
  });

  it('unknown ids in lead and suppress are errors with a suggestion', () => {
    const { problems } = validatePlaybook(stringify(spec([{ id: 'x', then: { lead: ['calmm'], suppress: { respond: ['thank'], avoid: ['gift'] } } }])));
    expect(problems.map((p) => [p.code, p.path.join('.'), p.suggestion])).toEqual([
      ['UNKNOWN_RESPONSE', 'rules.0.then.lead.0', 'calm'],
      ['UNKNOWN_RESPONSE', 'rules.0.then.suppress.respond.0', 'thanks'],
      ['UNKNOWN_AVOID', 'rules.0.then.suppress.avoid.0', 'gifts'],
    ]);
  });
});

describe('commitments that hold together', () => {
  const evaluate = (rules: RuleSpec[], c: Record<string, unknown> = complaint) => compilePlaybook(spec(rules)).evaluateSync(c);
  const dues = (rec: ReturnType<typeof evaluate>) => rec.commitments.map((c) => [c.kind, c.due]);
  const warnings = (rec: ReturnType<typeof evaluate>) => rec.trace.warnings.map((w) => [w.code, w.source]);

  it('from: a follow-up counts from the resolve deadline chosen', () => {
    const rec = evaluate([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '2d' }, { kind: 'follow-up', within: '1d', from: 'resolve' }] } }]);
    expect(dues(rec)).toEqual([
      ['resolve', '2026-11-26T17:00:00+01:00'],
      ['follow-up', '2026-11-27T17:00:00+01:00'],
    ]);
    expect(rec.commitments[1]).toMatchObject({ from: 'resolve' });
    expect(warnings(rec)).toEqual([]);
  });

  it('from without its anchor: left out, with a warning', () => {
    const rec = evaluate([{ id: 'r', then: { commit: [{ kind: 'follow-up', within: '1d', from: 'resolve' }] } }]);
    expect(rec.commitments).toEqual([]);
    expect(warnings(rec)).toEqual([['COMMITMENT_DROPPED', 'r:commit:follow-up']]);
  });

  it('every: the first update is listed with its cadence', () => {
    const rec = evaluate([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '3d' }, { kind: 'update', within: '1d', every: '1d', text: 'By {due}.' }] } }]);
    expect(rec.commitments[1]).toEqual({ kind: 'update', due: '2026-11-25T17:00:00+01:00', within: '1d', businessTime: true, every: '1d', text: 'By 2026-11-25 17:00.', source: 'r' });
  });

  it('an update at or after the resolve deadline is dropped, with a warning', () => {
    const rec = evaluate([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '3h', businessTime: false }, { kind: 'update', within: '1d' }] } }]);
    expect(dues(rec)).toEqual([['resolve', '2026-11-24T13:00:00+01:00']]);
    expect(warnings(rec)).toEqual([['COMMITMENT_DROPPED', 'r:commit:update']]);
  });

  it('a follow-up at or before the resolve deadline counts from it instead, with a warning', () => {
    const rec = evaluate([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '3d' }, { kind: 'follow-up', within: '1d' }] } }]);
    expect(dues(rec)).toEqual([
      ['resolve', '2026-11-27T17:00:00+01:00'],
      ['follow-up', '2026-11-30T17:00:00+01:00'],
    ]);
    expect(warnings(rec)).toEqual([['COMMITMENT_MOVED', 'r:commit:follow-up']]);
  });

  it('an acknowledgement after another deadline moves to the earliest (the 21:00 outage of TC-014)', () => {
    // Received Tuesday 21:00: a 3-hour calendar-time fix, but acknowledgement in business time.
    const rec = evaluate(
      [{ id: 'r', then: { commit: [{ kind: 'acknowledge', within: '1h' }, { kind: 'resolve', within: '3h', businessTime: false }] } }],
      { ...complaint, receivedAt: '2026-11-24T21:00:00+01:00' },
    );
    expect(dues(rec)).toEqual([
      ['acknowledge', '2026-11-25T00:00:00+01:00'],
      ['resolve', '2026-11-25T00:00:00+01:00'],
    ]);
    expect(warnings(rec)).toEqual([['COMMITMENT_MOVED', 'r:commit:acknowledge']]);
  });

  it('from and every are checked: every only on updates, from only an earlier kind', () => {
    const { problems } = validatePlaybook(stringify(spec([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '1d', every: '1d' }, { kind: 'update', within: '1d', from: 'resolve' }, { kind: 'acknowledge', within: '1h', from: 'update' }, { kind: 'update', within: '1d', every: '2x' }] } }])));
    expect(problems.map((p) => [p.code, p.path.slice(4).join('.')])).toEqual([
      ['INVALID_COMMITMENT', '0.every'],
      ['INVALID_COMMITMENT', '1.from'],
      ['INVALID_COMMITMENT', '2.from'],
      ['INVALID_DURATION', '3.every'],
    ]);
    expect(() => compilePlaybook(spec([{ id: 'r', then: { commit: [{ kind: 'resolve', within: '1d', every: '1d' }] } }]))).toThrowError(PlaybookError);
  });
});

describe('lint on order, suppression and commitments', () => {
  // Only the findings these tests are about (the small spec leaves some responses unused).
  const relevant = (p: { code: string }) => p.code !== 'LINT_UNUSED_RESPONSE' && p.code !== 'LINT_UNUSED_AVOID';
  const lint = (rules: RuleSpec[]) => lintPlaybook(stringify(spec(rules))).problems.filter(relevant).map((p) => [p.code, p.path.join('.')]);

  it('warns when a suppression can never take anything out', () => {
    expect(lint([...base, { id: 'calm-only', when: { fact: 'customer.emotion', operator: 'equal', value: 'calm' }, then: { suppress: { respond: ['calm'] } } }, { id: 'soothe', when: angry, then: { lead: ['calm'] } }])).toEqual([
      ['LINT_SUPPRESS_NEVER_APPLIES', 'rules.1.then.suppress.respond.0'],
    ]);
    expect(lint([...base, { id: 'no-adder', then: { suppress: { commit: ['update'] } } }])).toContainEqual(['LINT_SUPPRESS_NEVER_APPLIES', 'rules.1.then.suppress.commit.0']);
  });

  it('warns when a response says what an avoid entry forbids', () => {
    const withMatch = spec(base);
    withMatch.avoid!.excuses!.match = { en: ['but'] };
    withMatch.responses.now = { stage: 'resolve', text: 'I can do it now, but not today.' };
    expect(lintPlaybook(stringify(withMatch)).problems.filter(relevant).map((p) => [p.code, p.path.join('.')])).toEqual([['LINT_AVOIDED_IN_RESPONSE', 'responses.now.text']]);
    // A word inside another word is not the word.
    withMatch.responses.now = { stage: 'resolve', text: 'The button is right here.' };
    expect(lintPlaybook(stringify(withMatch)).problems.filter(relevant)).toEqual([]);
  });

  it('warns, with an example complaint and time, when deadlines would need adjusting', () => {
    const found = lintPlaybook(stringify(spec([
      { id: 'ack', then: { commit: [{ kind: 'acknowledge', within: '2h' }] } },
      { id: 'fix', when: angry, then: { commit: [{ kind: 'resolve', within: '1h', businessTime: false }] } },
    ]))).problems.filter(relevant);
    expect(found.map((p) => [p.code, p.path.join('.')])).toEqual([['LINT_COMMITMENT_ORDER', 'rules.0.then.commit.0.kind']]);
    expect(found[0]!.message).toContain('customer.emotion "angry"');
  });
});
