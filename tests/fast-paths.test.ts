import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, type Recommendation } from 'complaint-playbook';
import { nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';
import { maxPlansPerPlaybook, PlanCache, type ResponsePlan } from '../src/evaluate/plan.js';
import { dottedReader, readDotted } from '../src/facts.js';
import { parseTimestamp, strictTimestamp } from '../src/timestamp.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { checkComplaintValue, fullComplaintCheck } from '../src/validate/schema.js';
import { inspectStructure, isPlainTree, type StructureBounds } from '../src/validate/structure.js';
import complaintSchema from '../schemas/complaint.schema.json';

// The quick paths taken for the usual input must give exactly what the full paths give.

describe('isPlainTree ≡ no issue from inspectStructure', () => {
  const bounds: StructureBounds = { maxDepth: 3, maxTextLength: 5, tree: true };
  const odd = fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s'), 10n, new Date(0), new Map(), undefined, -0);
  const { node } = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      { weight: 3, arbitrary: fc.oneof(fc.string({ maxLength: 7 }), fc.double(), fc.boolean(), fc.constant(null), odd) },
      { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 7 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('node'), { maxKeys: 3 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 2, noNullPrototype: false }) },
    ),
  }));
  // Sharing and cycles, which random trees never make.
  const linked = node.chain((inner) =>
    fc.constantFrom('shared', 'cycle', 'tree').map((shape) => {
      const box: Record<string, unknown> = { inner };
      if (shape === 'shared') return { a: box, b: box };
      if (shape === 'cycle') {
        box.self = box;
        return { a: box };
      }
      return { a: box };
    }),
  );

  it('agrees on 5,000 random values, odd ones included', () => {
    fc.assert(
      fc.property(fc.oneof(node, linked), (value) => {
        expect(isPlainTree(value, bounds)).toBe(inspectStructure(value, bounds).length === 0);
        // Sharing is allowed without `tree`; a quick "yes" must still mean no issue.
        if (isPlainTree(value, { ...bounds, tree: false })) expect(inspectStructure(value, { ...bounds, tree: false })).toEqual([]);
      }),
      { numRuns: 5_000, seed: 20261124 },
    );
  });

  it.each<[string, unknown, boolean]>([
    ['plain data', { id: 'x', c: { s: ['a', 1, null, true] } }, true],
    ['too deep', { a: { b: { c: {} } } }, false],
    ['exactly deep enough', { a: { b: {} } }, true],
    ['a long key', { abcdef: 1 }, false],
    ['a forbidden key from JSON', JSON.parse('{"__proto__": {}}'), false],
    ['a class instance', { at: new Date(0) }, false],
    ['a null-prototype object', Object.assign(Object.create(null), { a: 1 }), true],
    ['many containers (the list of seen ones becomes a set)', { list: Array.from({ length: 40 }, () => ({})) }, true],
    ['one object reached twice among many', (() => {
      const shared = {};
      return { list: [...Array.from({ length: 40 }, () => ({})), shared, shared] };
    })(), false],
  ])('%s', (_name, value, expected) => {
    expect(isPlainTree(value, bounds)).toBe(expected);
    expect(inspectStructure(value, bounds).length === 0).toBe(expected);
  });
});

// Timestamps field by field, each field a little beyond its range now and then.
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const timestampText = fc
  .tuple(
    fc.integer({ min: 950, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }),
    fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 })).map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`), fc.constantFrom('', 'z', '+0800')),
    fc.constantFrom('T', 't', ' '),
  )
  .map(([y, mo, d, h, mi, s, frac, zone, t]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${t}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac === undefined ? '' : `.${frac}`}${zone}`);

describe('strictTimestamp', () => {
  const dateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
  it('accepts only what RFC 3339 date-time accepts, as the same instant as parseTimestamp (5,000 texts)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(timestampText, (text) => {
        const ms = strictTimestamp(text);
        if (ms === undefined) return;
        accepted++;
        expect(dateTime(text)).toBe(true);
        expect(ms).toBe(parseTimestamp(text));
      }),
      { numRuns: 5_000, seed: 20261124 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it.each([
    ['2026-11-20T17:45:00+08:00', Date.UTC(2026, 10, 20, 9, 45)],
    ['2024-02-29T00:00:00.5Z', Date.UTC(2024, 1, 29, 0, 0, 0, 500)],
    ['2026-02-29T00:00:00Z', undefined],
    ['2026-11-20T24:00:00Z', undefined],
    ['2026-11-20T23:59:60Z', undefined],
    ['0999-01-01T00:00:00Z', undefined],
    ['2026-11-20 10:00:00Z', undefined],
  ])('%s', (text, expected) => {
    expect(strictTimestamp(text)).toBe(expected);
  });
});

describe('the quick complaint check ≡ the full one', () => {
  it('the schema has no minLength above 1 (the quick validator counts UTF-16 units)', () => {
    const lengths: number[] = [];
    JSON.stringify(complaintSchema, (key, v: unknown) => {
      if (key === 'minLength') lengths.push(v as number);
      return v;
    });
    expect(lengths.every((n) => n <= 1)).toBe(true);
  });

  // Texts around their limits in code points, with letters outside the BMP (two UTF-16 units each).
  const textNear = (limit: number) =>
    fc.integer({ min: Math.max(0, limit - 2), max: limit + 2 }).chain((n) => fc.array(fc.constantFrom('a', '😀', '投'), { minLength: n, maxLength: n }).map((a) => a.join('')));
  const complaint = fc.record(
    {
      id: fc.oneof(textNear(200), fc.constant(''), fc.integer()),
      receivedAt: fc.oneof(
        timestampText,
        fc.constantFrom('2026-11-20T10:00:00+08:00', '2026-02-30T10:00:00+01:00', '0001-01-01T00:00:00Z', '2026-11-20T10:00:00', '9999-12-31T23:59:59Z', 'x'),
        fc.date({ min: new Date('1960-01-01'), max: new Date('9100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      channel: fc.constantFrom('phone', 'fax', 3),
      category: fc.constantFrom('product.quality', 'Product', ''),
      locale: fc.constantFrom('zh-CN', 'en', 'x'),
      customer: fc.record(
        {
          name: textNear(200),
          emotion: fc.constantFrom('calm', 'furious', 'sad'),
          signals: fc.array(textNear(100), { maxLength: 2 }),
          previousComplaints: fc.constantFrom(0, 3, -1, 1.5),
        },
        { requiredKeys: [] },
      ),
      demand: fc.record({ amount: fc.oneof(fc.double({ min: -1, max: 1e6 }), fc.constant('5')), description: textNear(2000) }, { requiredKeys: [] }),
      handoffs: fc.constantFrom(0, 2, -1),
      risk: fc.array(fc.constantFrom('safety', 'media', ''), { maxLength: 21 }),
      extra: fc.anything({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  );

  it('gives the same problems and instant for 2,000 random complaints', () => {
    let quick = 0;
    fc.assert(
      fc.property(complaint, (value) => {
        const a = checkComplaintValue(value);
        expect(a).toEqual(fullComplaintCheck(value));
        if (a.problems.length === 0) quick++;
      }),
      { numRuns: 2_000, seed: 20261124 },
    );
    // Both outcomes occurred.
    expect(quick).toBeGreaterThan(0);
    expect(quick).toBeLessThan(2_000);
  });

  it('accepts 200 letters outside the BMP in the id (400 UTF-16 units) and refuses 201', () => {
    expect(checkComplaintValue({ id: '😀'.repeat(200) }).problems).toEqual([]);
    expect(checkComplaintValue({ id: '😀'.repeat(201) }).problems.map((p) => `${p.code}@${p.path.join('.')}`)).toEqual(['COMPLAINT_VALUE@id']);
  });
});

describe('response plans (cached per playbook) change no result', () => {
  const root = new URL('../', import.meta.url);
  const source = (name: string) => readFileSync(new URL(`playbooks/${name}.yaml`, root), 'utf8');
  const now = '2026-11-24T10:00:00+08:00';

  it('the shipped examples, varied and interleaved on one playbook, equal fresh evaluations', () => {
    const examples = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('.json'));
    for (const name of ['retail', 'banking', 'telecom']) {
      const shared = loadPlaybook(source(name), { resolve: nodeResolver(shippedPlaybooksDir()) });
      const cases = examples
        .filter((f) => f.startsWith(name))
        .flatMap((f) => {
          const c = JSON.parse(readFileSync(new URL(`examples/${f}`, root), 'utf8')) as Record<string, unknown>;
          const customer = (c.customer ?? {}) as Record<string, unknown>;
          return [c, { ...c, locale: 'en' }, { ...c, customer: { ...customer, name: 'Ms Other' } }, { ...c, demand: { type: 'compensation', amount: 50_000 } }, { ...c, receivedAt: '2026-12-31T17:59:00+08:00' }];
        });
      expect(cases.length).toBeGreaterThanOrEqual(15);
      const results: Recommendation[] = [];
      for (let round = 0; round < 2; round++) for (const c of round ? [...cases].reverse() : cases) results.push(shared.evaluateSync(c, { now }));
      const fresh = (c: unknown) => loadPlaybook(source(name), { resolve: nodeResolver(shippedPlaybooksDir()) }).evaluateSync(c, { now });
      const expected = [...cases.map(fresh), ...[...cases].reverse().map(fresh)];
      expect(results).toEqual(expected);
    }
  });

  it('past the bound the cache starts again, and results stay the same', () => {
    const bits = 11; // 2,048 classifications, twice the bound
    const rules = Array.from({ length: bits }, (_, i) => `  - id: bit-${i}\n    when: { fact: tags, operator: contains, value: t${i} }\n    then: { flag: [t${i}] }\n`).join('');
    const yaml = readFileSync(new URL('fixtures/valid/minimal.yaml', import.meta.url), 'utf8')
      .replace('rules:\n', `rules:\n${rules}`)
      .replace('customerType:\n', 'facts:\n  tags: { type: array, description: Tags. }\ncustomerType:\n');
    const playbook = loadPlaybook(yaml);
    const complaintFor = (n: number) => ({ id: `B-${n}`, tags: Array.from({ length: bits }, (_, i) => ((n >> i) & 1 ? `t${i}` : '')).filter(Boolean) });
    for (let n = 0; n < 2 ** bits; n++) playbook.evaluateSync(complaintFor(n), { now });
    const reference = loadPlaybook(yaml);
    for (const n of [0, 1, 1023, 1024, 2047]) {
      const r = playbook.evaluateSync(complaintFor(n), { now });
      expect(r).toEqual(reference.evaluateSync(complaintFor(n), { now }));
      expect(r.flags).toEqual(Array.from({ length: bits }, (_, i) => ((n >> i) & 1 ? `t${i}` : '')).filter(Boolean));
    }
  });

  it('PlanCache keeps at most maxPlansPerPlaybook plans and tells signatures apart on a hash collision', () => {
    const cache = new PlanCache();
    const plan = (n: number) => ({ flags: [String(n)] }) as unknown as ResponsePlan;
    for (let n = 0; n < maxPlansPerPlaybook; n++) cache.set([n], n % 7, plan(n));
    expect(cache.size).toBe(maxPlansPerPlaybook);
    expect(cache.get([3], 3)).toEqual(plan(3));
    expect(cache.get([10], 3)).toEqual(plan(10)); // same hash, other signature
    expect(cache.get([10, 0], 3)).toBeUndefined();
    cache.set([-1], 0, plan(-1));
    expect(cache.size).toBe(1);
    expect(cache.get([3], 3)).toBeUndefined();
    expect(cache.get([-1], 0)).toEqual(plan(-1));
  });
});

describe('dottedReader ≡ readDotted', () => {
  it('agrees on 2,000 random objects and paths of one to three segments', () => {
    const key = fc.constantFrom('a', 'b', 'toString', 'length', '0');
    fc.assert(
      fc.property(fc.dictionary(key, fc.anything({ maxDepth: 2, withNullPrototype: true })), fc.array(key, { minLength: 1, maxLength: 3 }), (root, segments) => {
        expect(dottedReader(segments)(root)).toEqual(readDotted(root, segments));
      }),
      { numRuns: 2_000, seed: 20261124 },
    );
    expect(dottedReader(['a', 'b'])({ a: { b: 1 } })).toBe(1);
    expect(dottedReader(['a', 'toString'])({ a: {} })).toBeUndefined();
    expect(dottedReader(['a', 'length'])({ a: [1] })).toBeUndefined();
  });
});

describe('evaluateSyncJson ≡ JSON.stringify(evaluateSync)', () => {
  const root = new URL('../', import.meta.url);
  const playbooks = Object.fromEntries(['retail', 'banking', 'telecom'].map((name) => [name, loadPlaybook(readFileSync(new URL(`playbooks/${name}.yaml`, root), 'utf8'), { resolve: nodeResolver(shippedPlaybooksDir()) })]));
  // Commitments without a text, a response with a fallback placeholder.
  playbooks.minimal = loadPlaybook(readFileSync(new URL('fixtures/valid/minimal.yaml', import.meta.url), 'utf8'));
  const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('李小姐', 'a "quoted" \\ name\n', '\u2028\ud800', ''));
  const complaint = fc.record(
    {
      id: fc.constantFrom('J-1', 'J-"2"', 'J-\u00e9'),
      receivedAt: fc.constantFrom('2026-11-20T17:45:00+08:00', '2026-12-31T23:59:00+01:00', '2027-02-10T09:00:00Z'),
      locale: fc.constantFrom('zh-CN', 'en', 'fr'),
      channel: fc.constantFrom('phone', 'in-person', 'social'),
      category: fc.constantFrom('product.quality', 'staff.attitude', 'service.fee', 'service.error', 'network.outage', 'billing.error', 'installation.delay'),
      customer: fc.record(
        {
          name: text,
          emotion: fc.constantFrom('calm', 'upset', 'angry', 'furious'),
          signals: fc.subarray(['impatient', 'demands-manager', 'talkative', 'hesitant', 'detail-oriented', 'quotes-policy', 'emotional']),
          previousComplaints: fc.nat(5),
          persistence: fc.nat(4),
        },
        { requiredKeys: [] },
      ),
      demand: fc.record({ type: fc.constantFrom('apology', 'refund', 'compensation', 'replacement', 'investigation'), amount: fc.oneof(fc.nat(100_000), fc.double({ min: 0, max: 1e4, noNaN: true })), description: text }, { requiredKeys: [] }),
      loss: fc.record({ amount: fc.nat(5_000) }),
      handoffs: fc.nat(3),
      risk: fc.subarray(['safety', 'regulator', 'media', 'legal']),
      product: fc.record({ name: text, food: fc.boolean(), sealed: fc.boolean(), daysSincePurchase: fc.nat(60), available: fc.boolean() }, { requiredKeys: [] }),
      previousHandler: fc.record({ offended: fc.boolean() }),
      network: fc.record({ knownOutage: fc.boolean(), estimatedFixHours: fc.nat(72), coverageGap: fc.boolean(), remoteFixable: fc.boolean() }, { requiredKeys: [] }),
      transaction: fc.record({ otherBank: fc.boolean() }),
    },
    { requiredKeys: ['id'] },
  );

  it('gives the same text on 2,000 random complaints, four playbooks, with and without trace', () => {
    fc.assert(
      fc.property(complaint, fc.constantFrom('retail', 'banking', 'telecom', 'minimal'), fc.boolean(), (c, name, trace) => {
        const options = { now: '2026-11-24T10:00:00+08:00', trace };
        expect(playbooks[name]!.evaluateSyncJson(c, options)).toBe(JSON.stringify(playbooks[name]!.evaluateSync(c, options)));
      }),
      { numRuns: 2_000, seed: 20261124 },
    );
  });

  it('throws what evaluateSync throws', () => {
    expect(() => playbooks.retail!.evaluateSyncJson({ id: 3 })).toThrow(expect.objectContaining({ code: 'COMPLAINT_INVALID' }));
  });
});
