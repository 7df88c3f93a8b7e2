/**
 * Property-based fuzzing of every entry point that takes untrusted input. The only allowed
 * outcomes are a result or an error of this library (`isComplaintPlaybookError`); anything else —
 * a TypeError, a RangeError from a stack overflow, a hang — is a bug.
 *
 * `tests/fuzz.test.ts` runs these properties with a few thousand runs in `npm test`;
 * `npm run fuzz` runs them much longer:
 *
 * ```sh
 * FUZZ_RUNS=200000 FUZZ_SEED=42 npm run fuzz
 * ```
 *
 * A failure prints the seed and the counterexample path (fast-check's report); rerun with that
 * `FUZZ_SEED` to reproduce it.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { parse } from 'yaml';
import { compilePlaybook, isComplaintPlaybookError, lintPlaybook, loadPlaybook, mergePlaybookSpecs, validatePlaybook, type Playbook, type PlaybookResolver } from 'complaint-playbook';

/** Shipped playbooks and the valid complaint every mutation starts from. */
const shippedNames = ['retail', 'banking', 'telecom'] as const;
const shippedSources = shippedNames.map((name) => readFileSync(new URL(`../playbooks/${name}.yaml`, import.meta.url), 'utf8'));
const minimalSource = readFileSync(new URL('../tests/fixtures/valid/minimal.yaml', import.meta.url), 'utf8');
/** The shipped playbooks extend the shipped base, found here from memory. */
const baseSource = readFileSync(new URL('../playbooks/base.yaml', import.meta.url), 'utf8');
const resolve: PlaybookResolver = (ref) => (ref === 'base' ? { source: baseSource, filename: 'base.yaml' } : undefined);

/** Rethrows anything that is not an error of this library. */
function allowLibraryErrors(error: unknown): void {
  if (!isComplaintPlaybookError(error)) throw error;
}

function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    allowLibraryErrors(error);
    return undefined;
  }
}

function tryClone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

async function attemptAsync<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    allowLibraryErrors(error);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Pieces of YAML syntax, so that random text reaches past the tokenizer. */
const yamlPieces = [
  ':', ': ', '- ', '? ', ',', '[', ']', '{', '}', '&a ', '*a', '&b ', '*b', '!!str ', '!!js/function ', '!x ', '!!binary ', '<<: ',
  '"', "'", '#', '|', '>', '%YAML 1.1\n', '---\n', '...\n', '\n', '\n  ', '\n    ', '\t', ' ', '\uFEFF', '\0', '\\', '@', '`',
  '__proto__', 'constructor', 'prototype', 'formatVersion', 'playbook', 'rules', 'when', 'fact', 'operator', 'value', 'path',
  '$..*', '$.a[0]', '1e999', '.nan', '-.inf', '0x1F', '~', 'null', 'true', '2026-02-30', '99999999999999999999', 'é', '日本', '\u2028',
];
const yamlText = fc.oneof(
  fc.array(fc.constantFrom(...yamlPieces), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200, unit: 'binary' }),
);

/** A splice into a known-good YAML text: the result is mostly valid, with a small fault. */
const yamlEdit = (source: string) =>
  fc
    .record({
      at: fc.nat({ max: source.length }),
      remove: fc.nat({ max: 40 }),
      insert: fc.oneof(fc.constantFrom(...yamlPieces), fc.string({ maxLength: 20 })),
    })
    .map(({ at, remove, insert }) => source.slice(0, at) + insert + source.slice(at + remove));

/** Values that the playbook and complaint code must never trust: every JSON type and beyond. */
const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, '', ' ', 'x'.repeat(300), '__proto__', '$..*', '{customer.name}', 'P0D', '367d', '24:00-25:00', 'Mars/Base'),
  fc.constantFrom(() => 1, Symbol('s'), 10n, new Date(0), new Map(), /re/),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
);

type Mutation = { pick: number; op: 'drop' | 'duplicate' | 'retype' | 'forbid' | 'nest'; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('drop', 'duplicate', 'retype', 'forbid', 'nest'),
  value: strangeValue,
});

/** Every container in a value with the key under which it holds something. */
function slots(root: unknown): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> {
  const out: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node as Record<string, unknown>, key });
        stack.push(child);
      }
    }
  }
  return out;
}

/** Applies mutations to a deep copy: drop a field, duplicate a list item, retype a value, … */
export function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(value);
  for (const m of mutations) {
    const all = slots(copy);
    if (all.length === 0) break;
    const { parent, key } = all[m.pick % all.length]!;
    const record = parent as Record<string | number, unknown>;
    switch (m.op) {
      case 'drop':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete record[key];
        break;
      case 'duplicate': {
        // A function or symbol put there by an earlier mutation cannot be cloned: share it.
        const original = record[key];
        const twin = tryClone(original);
        if (Array.isArray(parent)) parent.splice(key as number, 0, twin);
        else record[`${String(key)}-copy`] = twin;
        break;
      }
      case 'retype':
        // A copy: the arbitraries hand out the same constant objects run after run, and later
        // mutations would otherwise grow them without end.
        record[key] = tryClone(m.value);
        break;
      case 'forbid': {
        // An own key, as JSON.parse makes it; on a mapping, where a playbook or complaint has keys.
        const target = Array.isArray(parent) ? record[key] : parent;
        if (target === null || typeof target !== 'object' || Array.isArray(target)) break;
        Object.defineProperty(target, ['__proto__', 'constructor', 'prototype'][m.pick % 3]!, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
        break;
      }
      case 'nest':
        record[key] = [[[[[record[key]]]]]];
        break;
    }
  }
  return copy;
}

const playbookObjects = [minimalSource, minimalSource, minimalSource, ...shippedSources].map((source) => mergePlaybookSpecs(parse(baseSource), parse(source)) as unknown).map((merged, i) => (i < 3 ? parse(minimalSource) : merged) as unknown);
const playbookObject = fc.record({ base: fc.constantFrom(...playbookObjects), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }).map(({ base, mutations }) => mutate(base, mutations));

const validComplaint = {
  id: 'F-1',
  receivedAt: '2026-11-20T17:45:00+08:00',
  channel: 'phone',
  category: 'product.quality',
  text: 'The yogurt had a fly in it.',
  customer: { name: 'Li', emotion: 'furious', signals: ['impatient', 'demands-manager'], previousComplaints: 2, persistence: 1 },
  demand: { type: 'compensation', amount: 500 },
  loss: { amount: 20 },
  handoffs: 2,
  risk: ['safety', 'regulator'],
};
/** Mostly a plausible value, sometimes a strange one. */
const mostly = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: strangeValue, weight: 1 });

const complaint: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.array(mutation, { maxLength: 2 }).map((mutations) => mutate(validComplaint, mutations)), weight: 3 },
  {
    arbitrary: fc.record(
      {
        id: mostly(fc.string({ minLength: 1, maxLength: 10 })),
        receivedAt: mostly(
          fc.oneof(
            fc.date({ min: new Date('1960-01-01'), max: new Date('9100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
            fc.constantFrom('2026-03-29T02:30:00+01:00', '2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00', '2026-11-20T10:00', '1970-01-01T00:00:00Z'),
          ),
        ),
        channel: mostly(fc.constantFrom('phone', 'in-person', 'email', 'chat', 'social', 'web', 'fax')),
        category: mostly(fc.constantFrom('product.quality', 'product.function', 'staff.attitude', 'service.waiting', 'network.outage', 'billing.fee')),
        text: mostly(fc.string({ maxLength: 40 })),
        customer: mostly(
          fc.record(
            {
              name: mostly(fc.string({ maxLength: 20 })),
              emotion: mostly(fc.constantFrom('calm', 'upset', 'angry', 'furious')),
              signals: mostly(fc.array(fc.constantFrom('impatient', 'demands-manager', 'talkative', 'hesitant', 'detail-oriented', 'quotes-policy'), { maxLength: 3 })),
              previousComplaints: mostly(fc.nat({ max: 10 })),
              persistence: mostly(fc.nat({ max: 5 })),
            },
            { requiredKeys: [] },
          ),
        ),
        demand: mostly(fc.record({ type: mostly(fc.constantFrom('apology', 'refund', 'compensation', 'replacement', 'investigation')), amount: mostly(fc.double({ min: 0, max: 1e5, noNaN: true })) }, { requiredKeys: [] })),
        loss: mostly(fc.record({ amount: mostly(fc.double({ min: 0, max: 1e4, noNaN: true })) }, { requiredKeys: [] })),
        handoffs: mostly(fc.nat({ max: 5 })),
        risk: mostly(fc.array(fc.constantFrom('safety', 'media', 'regulator', 'legal'), { maxLength: 3 })),
        extra: mostly(fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: ['id'] },
    ),
    weight: 6,
  },
  { arbitrary: fc.anything({ maxDepth: 3 }), weight: 1 },
);
const evaluateOptions = fc.record(
  {
    now: fc.oneof(fc.constantFrom('2026-11-20T10:00:00+08:00', 'not a time'), fc.integer(), fc.date({ noInvalidDate: false })),
    locale: fc.oneof(fc.constantFrom('en', 'zh-CN', 'it', 'en-GB'), fc.string({ maxLength: 12 })),
    engine: fc.constantFrom('compiled' as const, 'json-rules-engine' as const),
    trace: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** The generators, for sampling (`fc.sample(arbitraries.complaint)`) when a property is tuned. */
export const arbitraries = { yamlText, complaint, playbookObject, evaluateOptions };

// ---------------------------------------------------------------------------------------------
// Properties

/** Random YAML text and edited playbooks through validate, load and lint. */
export const yamlProperty = fc.property(
  fc.oneof(
    { arbitrary: yamlText.map((source) => ({ source, small: true })), weight: 14 },
    { arbitrary: yamlEdit(minimalSource).map((source) => ({ source, small: true })), weight: 5 },
    { arbitrary: fc.constantFrom(...shippedSources).chain(yamlEdit).map((source) => ({ source, small: false })), weight: 1 },
  ),
  ({ source, small }) => {
    const result = attempt(() => validatePlaybook(source, { resolve }));
    if (!result) throw new Error('validatePlaybook must not throw for bad input');
    if (!small) return;
    // loadPlaybook and validatePlaybook must agree on whether the source is a playbook.
    const loaded = attempt(() => loadPlaybook(source, { resolve }));
    if (Boolean(loaded) !== Boolean(result.playbook)) throw new Error('loadPlaybook and validatePlaybook disagree');
    if (result.playbook) attempt(() => lintPlaybook(source, { resolve }));
  },
);

/** Mutated shipped playbooks, as objects, through compilePlaybook and then evaluate. */
export const objectProperty = fc.asyncProperty(playbookObject, complaint, async (spec, c) => {
  const playbook = attempt(() => compilePlaybook(spec));
  if (playbook) await attemptAsync(() => playbook.evaluate(c, { now: '2026-11-20T10:00:00+08:00' }));
});

const shippedPlaybooks: Playbook[] = shippedSources.map((source) => loadPlaybook(source, { resolve }));

/** Random complaints and options through every shipped playbook. */
export const complaintProperty = fc.asyncProperty(fc.constantFrom(...shippedPlaybooks), complaint, evaluateOptions, async (playbook, c, options) => {
  const before = inspect(c, { depth: null });
  const rec = await attemptAsync(() => playbook.evaluate(c, options));
  if (inspect(c, { depth: null }) !== before) throw new Error('evaluate changed the complaint it was given');
  if (rec) {
    // A recommendation is plain JSON data; the CLI prints it.
    JSON.stringify(rec);
    if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('Object.prototype was polluted');
  }
});

/** The properties, their share of the runs, and how to check each with fast-check's parameters. */
export const properties: ReadonlyArray<{ name: string; share: number; check: (parameters: { seed: number; numRuns: number }) => Promise<void> }> = [
  { name: 'random YAML text and edited playbooks', share: 0.45, check: async (p) => fc.assert(yamlProperty, p) },
  { name: 'mutated playbook objects', share: 0.2, check: (p) => fc.assert(objectProperty, p) },
  { name: 'random complaints', share: 0.35, check: (p) => fc.assert(complaintProperty, p) },
];

async function main(): Promise<void> {
  const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  if (!Number.isSafeInteger(runs) || runs <= 0 || !Number.isSafeInteger(seed)) {
    console.error('FUZZ_RUNS must be a positive integer and FUZZ_SEED an integer');
    process.exitCode = 2;
    return;
  }
  console.log(`fuzzing with FUZZ_SEED=${seed}, ${runs} runs`);
  for (const { name, share, check } of properties) {
    const numRuns = Math.max(1, Math.round(runs * share));
    const started = Date.now();
    // fast-check's report names the seed and the counterexample path on failure.
    await check({ seed, numRuns });
    console.log(`  ${name}: ${numRuns} runs, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log('no failure');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
