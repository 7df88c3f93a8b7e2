import type { SourceLocation } from '../load/merge.js';
import { parseSource } from '../load/parse.js';
import { PlaybookError, type PlaybookProblem } from '../errors.js';
import { defaultLimits, type EvaluateOptions } from '../options.js';
import type { Playbook } from '../playbook.js';
import { stageOrder } from '../facts.js';
import type { Recommendation, StageName } from '../types.js';
import { checkPlaybookTestSchema } from '../validate/schema.js';
import { suggest } from '../validate/suggest.js';
import complaintSchema from '../../schemas/complaint.schema.json';

/**
 * One case of a playbook test file.
 *
 * @example
 * ```ts
 * const testCase: PlaybookTestCase = {
 *   name: 'late Friday → Monday',
 *   complaint: { id: 'T-1', receivedAt: '2026-11-20T17:45:00+08:00' },
 *   expect: { escalation: { level: 'agent' }, commitments: [{ kind: 'acknowledge', due: '2026-11-23T10:45:00+08:00' }] },
 * };
 * ```
 */
export interface PlaybookTestCase {
  name: string;
  complaint: Record<string, unknown>;
  now?: string;
  locale?: string;
  /** A partial recommendation: only the fields given are compared. */
  expect: Record<string, unknown>;
}

/**
 * A playbook test file (`*.test.yaml`).
 *
 * @example
 * ```ts
 * const suite: PlaybookTestSuite = parsePlaybookTests(testYaml, { filename: 'retail.test.yaml' });
 * suite.playbook;     // 'retail.yaml', relative to the test file
 * suite.cases.length; // 24
 * ```
 */
export interface PlaybookTestSuite {
  /** Path of the playbook under test, relative to the test file. */
  playbook: string;
  defaults?: Record<string, unknown>;
  cases: PlaybookTestCase[];
}

/**
 * A difference between the expected and the actual recommendation.
 *
 * @example
 * ```ts
 * const [m] = matchPartial({ escalation: { level: 'manager' } }, rec);
 * m; // { path: 'escalation.level', expected: 'manager', actual: 'supervisor' }
 * ```
 */
export interface Mismatch {
  /** Dotted path in the recommendation, e.g. `commitments.0.due`. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** For a list of plain values: the expected items the actual list lacks. */
  missing?: unknown[];
  /** For a list of plain values: the actual items that were not expected. */
  extra?: unknown[];
}

/**
 * Something in a test case that is likely a mistake but does not stop it: a complaint field or
 * an `expect` key that nothing knows, with the near name when there is one.
 *
 * @example
 * ```ts
 * for (const w of result.warnings ?? []) console.warn(`${w.code}: ${w.message}`);
 * ```
 */
export interface CaseWarning {
  code: 'TEST_UNKNOWN_COMPLAINT_FIELD' | 'TEST_UNKNOWN_EXPECT_KEY';
  message: string;
  /** Dotted path of the key, e.g. `custmer` or `expect.escalaton`. */
  path: string;
  suggestion?: string;
}

/**
 * The result of one case.
 *
 * @example
 * ```ts
 * const result: CaseResult = await runCase(playbook, suite, suite.cases[0]!);
 * if (!result.passed) console.log(result.error?.code ?? result.mismatches);
 * ```
 */
export interface CaseResult {
  name: string;
  passed: boolean;
  mismatches: Mismatch[];
  /** Set when the evaluation itself failed (e.g. an invalid complaint). */
  error?: { code: string; message: string };
  /** Unknown complaint fields and `expect` keys, each with "did you mean" when one is near. */
  warnings?: CaseWarning[];
  recommendation?: Recommendation;
}

/**
 * Which outcomes and rules some case matched.
 *
 * @example
 * ```ts
 * const { coverage } = await runPlaybookTests(playbook, suite);
 * if (coverage.ratio < 1) console.log('never reached:', coverage.missed); // ['rule:media-risk', 'demand:excessive']
 * ```
 */
export interface Coverage {
  /** Covered items / all items, between 0 and 1. */
  ratio: number;
  covered: number;
  total: number;
  /** Items no case reached, as `stage:outcome` or `rule:id`. */
  missed: string[];
  /** Where each missed item is written (same order as `missed`; with `extends`, possibly in the base's file). */
  missedAt: Array<SourceLocation | undefined>;
}

/**
 * The result of a whole test file.
 *
 * @example
 * ```ts
 * const result: SuiteResult = await runPlaybookTests(playbook, suite);
 * console.log(`${result.passed} passed, ${result.failed} failed, ${(result.coverage.ratio * 100).toFixed(0)}% covered`);
 * ```
 */
export interface SuiteResult {
  cases: CaseResult[];
  passed: number;
  failed: number;
  coverage: Coverage;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Deep merge for `defaults`: objects merge, arrays and scalars from `over` replace.
 *
 * @example
 * ```ts
 * mergeDefaults({ channel: 'phone', customer: { emotion: 'calm' } }, { customer: { name: 'Li' } });
 * // { channel: 'phone', customer: { emotion: 'calm', name: 'Li' } }
 * ```
 */
export function mergeDefaults(base: Record<string, unknown> | undefined, over: Record<string, unknown>): Record<string, unknown> {
  if (!base) return over;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(over)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeDefaults(out[k] as Record<string, unknown>, v) : v;
  return { ...out };
}

/**
 * Compares a partial expectation with an actual value. Objects: only the expected keys.
 * Arrays: same length, element by element. Scalars: strict equality.
 *
 * @example
 * ```ts
 * matchPartial({ flags: ['safety'] }, rec);        // [] when rec.flags is exactly ['safety']
 * matchPartial({ escalation: { level: 'agent' } }, rec);
 * // [{ path: 'escalation.level', expected: 'agent', actual: 'manager' }]
 * ```
 */
export function matchPartial(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (Array.isArray(expected)) {
    const plain = (x: unknown) => x === null || typeof x !== 'object';
    if (Array.isArray(actual) && expected.every(plain) && actual.every(plain)) {
      // Lists of plain values (flags, ids): say what is missing and what is extra.
      const missing = expected.filter((e) => !actual.some((a) => Object.is(a, e)));
      const extra = actual.filter((a) => !expected.some((e) => Object.is(a, e)));
      if (missing.length || extra.length) return [{ path, expected, actual, missing, extra }];
    }
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((e, i) => matchPartial(e, actual[i], path ? `${path}.${i}` : String(i)));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([k, e]) => matchPartial(e, actual[k], path ? `${path}.${k}` : k));
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

/**
 * Parses a playbook test file (YAML). Throws a {@link PlaybookError} with positions when the
 * file is not valid YAML or not a test file.
 *
 * @example
 * ```ts
 * // In vitest or jest: one test per case of a playbook test file.
 * const suite = parsePlaybookTests(readFileSync('retail.test.yaml', 'utf8'), { filename: 'retail.test.yaml' });
 * for (const c of suite.cases) it(c.name, async () => expect((await runCase(playbook, suite, c)).mismatches).toEqual([]));
 * ```
 */
export function parsePlaybookTests(source: string, options: { filename?: string } = {}): PlaybookTestSuite {
  const file = options.filename;
  const parsed = parseSource(source, file, defaultLimits);
  if (parsed.problems.length) throw new PlaybookError(parsed.problems);
  const problems: PlaybookProblem[] = checkPlaybookTestSchema(parsed.value).map((p) => {
    const pos = parsed.sourceMap?.locate(p.path, p.key);
    return { code: 'SCHEMA_VALUE', severity: 'error', message: p.message, path: p.path, ...(file ? { file } : {}), ...(pos ? { line: pos.line, column: pos.column } : {}) };
  });
  if (problems.length) throw new PlaybookError(problems);
  return parsed.value as PlaybookTestSuite;
}

/**
 * Evaluates one case.
 *
 * @example
 * ```ts
 * const result = await runCase(playbook, suite, suite.cases[0]!);
 * result.passed;     // true
 * result.mismatches; // []
 * ```
 */
export async function runCase(playbook: Playbook, suite: Pick<PlaybookTestSuite, 'defaults'>, testCase: PlaybookTestCase): Promise<CaseResult> {
  const complaint = mergeDefaults(suite.defaults, testCase.complaint);
  const options: EvaluateOptions = {};
  if (testCase.now !== undefined) options.now = testCase.now;
  if (testCase.locale !== undefined) options.locale = testCase.locale;
  const warnings = unknownComplaintFields(playbook, complaint);
  const withWarnings = (result: CaseResult): CaseResult => (warnings.length ? { ...result, warnings } : result);
  try {
    const recommendation = await playbook.evaluate(complaint, options);
    const mismatches = matchPartial(testCase.expect, recommendation);
    warnings.push(...unknownExpectKeys(testCase.expect, recommendation, 'expect'));
    return withWarnings({ name: testCase.name, passed: mismatches.length === 0, mismatches, recommendation });
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return withWarnings({ name: testCase.name, passed: false, mismatches: [], error: { code: e.code ?? 'ERROR', message: e.message ?? String(error) } });
  }
}

const complaintFields = Object.keys((complaintSchema as { properties: Record<string, unknown> }).properties);

/** Top-level complaint fields that are neither the complaint schema's nor facts the playbook declares. */
function unknownComplaintFields(playbook: Playbook, complaint: Record<string, unknown>): CaseWarning[] {
  const known = new Set([...complaintFields, ...Object.keys(playbook.spec.facts ?? {}).map((f) => f.split('.')[0]!)]);
  return Object.keys(complaint)
    .filter((k) => !known.has(k))
    .map((k) => {
      const near = suggest(k, known);
      return {
        code: 'TEST_UNKNOWN_COMPLAINT_FIELD' as const,
        path: `complaint.${k}`,
        message: `the complaint field "${k}" is not a complaint field and no fact of the playbook reads it${near ? `; did you mean "${near}"?` : ''}`,
        ...(near ? { suggestion: near } : {}),
      };
    });
}

/** Keys of `expect` that the recommendation does not have (at any depth where it is an object). */
function unknownExpectKeys(expected: unknown, actual: unknown, path: string): CaseWarning[] {
  if (!isPlainObject(expected) || !isPlainObject(actual)) return [];
  return Object.entries(expected).flatMap(([k, v]) => {
    if (!(k in actual)) {
      const near = suggest(k, Object.keys(actual));
      return [
        {
          code: 'TEST_UNKNOWN_EXPECT_KEY' as const,
          path: `${path}.${k}`,
          message: `"${k}" is not a field of the recommendation${near ? `; did you mean "${near}"?` : ` (its fields: ${Object.keys(actual).join(', ')})`}`,
          ...(near ? { suggestion: near } : {}),
        },
      ];
    }
    return unknownExpectKeys(v, actual[k], `${path}.${k}`);
  });
}

/**
 * Share of outcomes and rules that some case reached.
 *
 * @example
 * ```ts
 * const results = await Promise.all(suite.cases.map((c) => runCase(playbook, suite, c)));
 * computeCoverage(playbook, results); // { ratio: 1, covered: 31, total: 31, missed: [] }
 * ```
 */
export function computeCoverage(playbook: Playbook, results: readonly CaseResult[]): Coverage {
  const items: string[] = [];
  const where = new Map<string, SourceLocation | undefined>();
  for (const stage of stageOrder) {
    playbook.spec[stage].outcomes.forEach((o, i) => {
      items.push(`${stage}:${o.id}`);
      where.set(`${stage}:${o.id}`, playbook.locations.outcomes[stage]?.[i]);
    });
  }
  playbook.spec.rules.forEach((r, i) => {
    items.push(`rule:${r.id}`);
    where.set(`rule:${r.id}`, playbook.locations.rules[i]);
  });
  const hit = new Set<string>();
  for (const r of results) {
    const rec = r.recommendation;
    if (!rec) continue;
    for (const s of rec.trace.stages) if (s.result !== null) hit.add(`${s.stage as StageName}:${s.result}`);
    for (const rule of rec.trace.rules) if (rule.matched) hit.add(`rule:${rule.id}`);
  }
  const missed = items.filter((i) => !hit.has(i));
  const covered = items.length - missed.length;
  return { ratio: items.length ? covered / items.length : 1, covered, total: items.length, missed, missedAt: missed.map((m) => where.get(m)) };
}

/**
 * Runs every case of a suite against a playbook.
 *
 * @example
 * ```ts
 * const suite = parsePlaybookTests(testYaml);
 * const result = await runPlaybookTests(playbook, suite);
 * if (result.failed) console.log(result.cases.filter((c) => !c.passed));
 * ```
 */
export async function runPlaybookTests(playbook: Playbook, suite: PlaybookTestSuite, options: { filter?: RegExp } = {}): Promise<SuiteResult> {
  const cases: CaseResult[] = [];
  for (const testCase of suite.cases) {
    if (options.filter && !options.filter.test(testCase.name)) continue;
    cases.push(await runCase(playbook, suite, testCase));
  }
  const passed = cases.filter((c) => c.passed).length;
  return { cases, passed, failed: cases.length - passed, coverage: computeCoverage(playbook, cases) };
}
