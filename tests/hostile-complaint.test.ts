import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkComplaint, ComplaintError, isComplaintPlaybookError, loadPlaybook, type ComplaintProblem } from 'complaint-playbook';

const minimalSource = readFileSync(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8');
const minimal = loadPlaybook(minimalSource);
const base = { id: 'H-1', receivedAt: '2026-11-20T10:00:00+08:00' };

function problemsOf(value: unknown): ComplaintProblem[] {
  try {
    checkComplaint(value);
  } catch (e) {
    expect(e).toBeInstanceOf(ComplaintError);
    expect(isComplaintPlaybookError(e)).toBe(true);
    return (e as ComplaintError).problems;
  }
  throw new Error('expected a ComplaintError');
}
const summary = (problems: ComplaintProblem[]) => problems.map((p) => `${p.code}@${p.path.join('.')}`);

const cyclic = (): object => {
  const customer: Record<string, unknown> = { name: 'x' };
  customer.self = customer;
  return { ...base, customer };
};
const shared = (): object => {
  const amount = { value: 1 };
  return { ...base, refund: amount, claim: amount };
};
const deep = (levels: number): object => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { x: value };
  return { ...base, extra: value };
};

// complaint → every problem as code@path, in order.
const table: Array<[string, () => unknown, string[]]> = [
  ['null', () => null, ['COMPLAINT_NOT_AN_OBJECT@']],
  ['a list', () => [base], ['COMPLAINT_NOT_AN_OBJECT@']],
  ['a string of JSON', () => JSON.stringify(base), ['COMPLAINT_NOT_AN_OBJECT@']],
  ['a number', () => 42, ['COMPLAINT_NOT_AN_OBJECT@']],
  ['undefined', () => undefined, ['COMPLAINT_NOT_AN_OBJECT@']],
  ['no id', () => ({ channel: 'phone' }), ['COMPLAINT_REQUIRED@']],
  [
    'wrong types everywhere',
    () => ({ id: 7, channel: 3, text: ['a'], customer: 'VIP', demand: { amount: '100' }, risk: 'safety', handoffs: '2' }),
    ['COMPLAINT_TYPE@id', 'COMPLAINT_ENUM@channel', 'COMPLAINT_TYPE@text', 'COMPLAINT_TYPE@customer', 'COMPLAINT_TYPE@demand.amount', 'COMPLAINT_TYPE@handoffs', 'COMPLAINT_TYPE@risk'],
  ],
  ['NaN and Infinity amounts', () => ({ ...base, demand: { amount: Number.NaN }, loss: { amount: Number.POSITIVE_INFINITY } }), ['COMPLAINT_TYPE@demand.amount', 'COMPLAINT_TYPE@loss.amount']],
  ['NaN in a field the schema does not know', () => ({ ...base, score: Number.NEGATIVE_INFINITY }), ['COMPLAINT_TYPE@score']],
  ['negative amounts and counts', () => ({ ...base, demand: { amount: -1 }, loss: { amount: -0.01 }, handoffs: -1, customer: { previousComplaints: -3 } }), ['COMPLAINT_VALUE@customer.previousComplaints', 'COMPLAINT_VALUE@demand.amount', 'COMPLAINT_VALUE@loss.amount', 'COMPLAINT_VALUE@handoffs']],
  ['a fractional count', () => ({ ...base, customer: { persistence: 1.5 } }), ['COMPLAINT_TYPE@customer.persistence']],
  ['a timestamp without offset', () => ({ ...base, receivedAt: '2026-11-20T10:00:00' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['a date without time', () => ({ ...base, receivedAt: '2026-11-20' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['an impossible date', () => ({ ...base, receivedAt: '2026-02-30T10:00:00+01:00' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['an hour 24', () => ({ ...base, receivedAt: '2026-11-20T24:00:00+08:00' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['a zone name instead of an offset', () => ({ ...base, receivedAt: '2026-11-20T10:00:00[Asia/Shanghai]' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['prose', () => ({ ...base, receivedAt: 'yesterday at noon' }), ['COMPLAINT_FORMAT@receivedAt']],
  ['a Date object', () => ({ ...base, receivedAt: new Date('2026-11-20T02:00:00Z') }), ['COMPLAINT_TYPE@receivedAt']],
  ['a year before 1970', () => ({ ...base, receivedAt: '0001-01-01T00:00:00Z' }), ['COMPLAINT_TIMESTAMP@receivedAt']],
  ['a year far ahead', () => ({ ...base, receivedAt: '9999-12-31T23:59:59+14:00' }), ['COMPLAINT_TIMESTAMP@receivedAt']],
  ['unknown enum values', () => ({ ...base, channel: 'fax', customer: { emotion: 'angy' }, demand: { type: 'cash' } }), ['COMPLAINT_ENUM@channel', 'COMPLAINT_ENUM@customer.emotion', 'COMPLAINT_ENUM@demand.type']],
  ['a malformed category and locale', () => ({ ...base, category: 'Product Quality', locale: 'english!' }), ['COMPLAINT_FORMAT@category', 'COMPLAINT_FORMAT@locale']],
  ['oversized text', () => ({ ...base, text: 'x'.repeat(20_001), customer: { name: 'n'.repeat(201) } }), ['COMPLAINT_VALUE@text', 'COMPLAINT_VALUE@customer.name']],
  ['oversized text in an extra field', () => ({ ...base, notes: { body: 'x'.repeat(20_001) } }), ['COMPLAINT_VALUE@notes.body']],
  ['too many signals', () => ({ ...base, customer: { signals: Array.from({ length: 51 }, (_, i) => `s${i}`) } }), ['COMPLAINT_VALUE@customer.signals']],
  ['__proto__ from JSON.parse', () => JSON.parse('{"id":"H-1","__proto__":{"polluted":true},"customer":{"__proto__":{"emotion":"angry"}}}'), ['COMPLAINT_FORBIDDEN_KEY@__proto__', 'COMPLAINT_FORBIDDEN_KEY@customer.__proto__']],
  ['constructor and prototype', () => JSON.parse('{"id":"H-1","constructor":{"prototype":{"polluted":true}}}'), ['COMPLAINT_FORBIDDEN_KEY@constructor', 'COMPLAINT_FORBIDDEN_KEY@constructor.prototype']],
  ['a function', () => ({ ...base, crm: () => 1 }), ['COMPLAINT_TYPE@crm']],
  ['a bigint', () => ({ ...base, demand: { amount: 10n } }), ['COMPLAINT_TYPE@demand.amount']],
  ['a Map', () => ({ ...base, order: new Map([['a', 1]]) }), ['COMPLAINT_TYPE@order']],
  ['a cycle', cyclic, ['COMPLAINT_VALUE@customer.self']],
  ['one object in two places', shared, ['COMPLAINT_VALUE@claim']],
  ['nesting beyond 32 levels', () => deep(40), [`COMPLAINT_VALUE@extra${'.x'.repeat(31)}`]],
  ['nesting 100,000 levels deep', () => deep(100_000), [`COMPLAINT_VALUE@extra${'.x'.repeat(31)}`]],
];

describe('hostile complaints: a ComplaintError listing every problem with its JSON path', () => {
  it.each(table)('%s', async (_, make, expected) => {
    expect(summary(problemsOf(make()))).toEqual(expected);
    const error = await minimal.evaluate(make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplaintError);
    expect(summary((error as ComplaintError).problems)).toEqual(expected);
  });

  it('lists problems of every kind together', () => {
    const problems = problemsOf(JSON.parse('{"id":"","channel":"fax","receivedAt":"2026-11-20","demand":{"amount":-5},"__proto__":{},"notes":"' + 'x'.repeat(20_001) + '"}'));
    expect(summary(problems).sort()).toEqual(
      ['COMPLAINT_VALUE@id', 'COMPLAINT_FORMAT@receivedAt', 'COMPLAINT_ENUM@channel', 'COMPLAINT_VALUE@demand.amount', 'COMPLAINT_FORBIDDEN_KEY@__proto__', 'COMPLAINT_VALUE@notes'].sort(),
    );
  });

  it('accepts the limits exactly', () => {
    expect(() => checkComplaint({ ...base, text: 'x'.repeat(20_000), extra: 'y'.repeat(20_000) })).not.toThrow();
    expect(() => checkComplaint(deep(30))).not.toThrow();
    expect(() => checkComplaint({ ...base, receivedAt: '1970-01-01T00:00:00Z' })).not.toThrow();
    expect(() => checkComplaint({ ...base, receivedAt: '8999-12-31T23:59:59Z' })).not.toThrow();
  });

  it('leaves Object.prototype untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    for (const [, make] of table) await minimal.evaluate(make()).catch(() => undefined);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('receivedAt in a DST gap or overlap: the offset written decides the instant', () => {
  // Europe/Rome: clocks jump 02:00 → 03:00 on 2026-03-29 and fall back 03:00 → 02:00 on 2026-10-25.
  const rome = loadPlaybook(
    minimalSource
      .replace('timezone: Asia/Shanghai', 'timezone: Europe/Rome')
      .replace('          within: 2h\n', '          within: 1h\n          businessTime: false\n'),
  );
  const due = async (receivedAt: string) => (await rome.evaluate({ id: 'D-1', receivedAt })).commitments[0]!.due;

  it.each([
    // the gap: 02:30 does not exist in Rome that night; each offset still names one instant
    ['2026-03-29T02:30:00+01:00', '2026-03-29T04:30:00+02:00'],
    ['2026-03-29T02:30:00+02:00', '2026-03-29T03:30:00+02:00'],
    // the overlap: 02:30 happens twice; the offset says which
    ['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00'],
    ['2026-10-25T02:30:00+01:00', '2026-10-25T03:30:00+01:00'],
    // an offset Rome never uses is still a valid instant
    ['2026-03-29T02:30:00+05:00', '2026-03-28T23:30:00+01:00'],
    ['2026-03-29T01:30:00Z', '2026-03-29T04:30:00+02:00'],
  ])('%s + 1h → %s', async (receivedAt, expected) => {
    expect(await due(receivedAt)).toBe(expected);
  });
});

describe('complaint text is data', () => {
  const hostileTexts = [
    '{due.resolve}',
    '{customer.name}{customer.name}',
    '<script>alert(1)</script>',
    '$& $1 $` $\'',
    '{customer.emotion|x}|}{',
    '\u202Eevil\u0000',
  ];

  it.each(hostileTexts)('fills %j in verbatim, once, and nowhere else', async (name) => {
    const plain = await minimal.evaluate({ ...base, risk: ['safety'] }, { locale: 'en' });
    const rec = await minimal.evaluate({ ...base, risk: ['safety'], text: name, customer: { name, emotion: 'angry' }, demand: { description: name } }, { locale: 'en' });
    expect(rec.responses.map((r) => r.text)).toEqual([
      `${name}, we are very sorry for the trouble.`,
      'Please calm down; I fully understand how you feel.',
    ]);
    // Nothing else gains the complaint's text: avoid phrases, commitments, escalation, labels.
    const { responses: _r, trace: _t, complaintId: _c, ...rest } = rec;
    const { responses: _pr, trace: _pt, complaintId: _pc, ...plainRest } = plain;
    expect(rest).toEqual(plainRest);
  });

  it('does not fill placeholders inside commitment texts from the complaint', async () => {
    const rec = await minimal.evaluate({ ...base, customer: { name: '{due}' } }, { locale: 'en' });
    expect(rec.commitments[0]!.text).toBe('We will reply by 2026-11-20 12:00');
  });
});
