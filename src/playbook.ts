import { compilePlaybookSpec, type CompiledPlaybook } from './compile/playbook.js';
import { PlaybookError, type PlaybookProblem } from './errors.js';
import { evaluateComplaint, evaluateComplaintSync, evaluateComplaintSyncJson } from './evaluate/evaluate.js';
import { parseSource } from './load/parse.js';
import type { SourceMap } from './load/position.js';
import { resolveLimits, type EvaluateOptions, type LoadOptions } from './options.js';
import type { PlaybookSpec, Recommendation } from './types.js';
import { checkPlaybookSchema } from './validate/schema.js';
import { checkSemantics, type RawProblem } from './validate/semantic.js';

/**
 * A loaded, checked and compiled playbook. Immutable and free of per-call state: load it once
 * and evaluate any number of complaints, concurrently if you like.
 *
 * @example
 * ```ts
 * const playbook = loadPlaybook(yamlText, { filename: 'retail.yaml' });
 * playbook.id;      // 'retail'
 * playbook.version; // '1.0.0'
 * const [a, b] = await Promise.all([playbook.evaluate(first), playbook.evaluate(second)]);
 * ```
 */
export class Playbook {
  /** The playbook's id (`playbook:` in the YAML). */
  readonly id: string;
  /** The playbook's semantic version. */
  readonly version: string;
  /** Its locales; the first is the default. */
  readonly locales: readonly string[];
  /** The playbook as written, after parsing (do not mutate). */
  readonly spec: Readonly<PlaybookSpec>;
  readonly #compiled: CompiledPlaybook;

  /** @internal Use {@link loadPlaybook} or {@link compilePlaybook}. */
  constructor(compiled: CompiledPlaybook) {
    this.#compiled = compiled;
    this.spec = compiled.spec;
    this.id = compiled.spec.playbook;
    this.version = compiled.spec.version;
    this.locales = Object.freeze([...compiled.spec.locales]);
  }

  /**
   * Recommends how to handle one complaint.
   *
   * @param complaint - A complaint object (see `schemas/complaint.schema.json`); checked first.
   * @param options - `now` (deadlines count from `receivedAt`, else from `now`) and `locale`.
   * @returns The recommendation with its trace.
   * @throws {@link ComplaintError} listing every problem of an invalid complaint.
   * @throws {@link EvaluationError} for a bad option or a calendar without business hours ahead.
   *
   * @example
   * ```ts
   * const rec = await playbook.evaluate(
   *   { id: 'T-1', receivedAt: '2026-11-20T17:45:00+08:00', category: 'product.quality',
   *     customer: { emotion: 'angry' } },
   *   { locale: 'en' },
   * );
   * rec.escalation.level; // 'agent'
   * ```
   */
  evaluate(complaint: unknown, options?: EvaluateOptions): Promise<Recommendation> {
    return evaluateComplaint(this.#compiled, complaint, options);
  }

  /**
   * The same as {@link Playbook.evaluate}, synchronously, with the compiled evaluator: for hosts
   * without asynchronous facts (a worker loop, a hot path).
   *
   * @throws {@link EvaluationError} `ASYNC_FACT` when a host-provided fact returns a promise.
   * @example
   * ```ts
   * const rec = playbook.evaluateSync(complaint, { now: '2026-11-20T17:45:00+08:00' });
   * ```
   */
  evaluateSync(complaint: unknown, options?: EvaluateOptions): Recommendation {
    return evaluateComplaintSync(this.#compiled, complaint, options);
  }

  /**
   * {@link Playbook.evaluateSync}, serialized: exactly `JSON.stringify(playbook.evaluateSync(complaint,
   * options))`, made several times faster by reusing the JSON of what the classification fixes
   * (labels, fixed texts, the avoid list). For hosts that send the recommendation on as JSON: an
   * HTTP response, a queue, a JSON Lines file.
   *
   * @example
   * ```ts
   * res.setHeader('content-type', 'application/json');
   * res.end(playbook.evaluateSyncJson(complaint, { trace: false }));
   * ```
   */
  evaluateSyncJson(complaint: unknown, options?: EvaluateOptions): string {
    return evaluateComplaintSyncJson(this.#compiled, complaint, options);
  }
}

/**
 * The outcome of {@link validatePlaybook}: every problem, and the playbook when there is no error.
 *
 * @example
 * ```ts
 * const result: ValidationResult = validatePlaybook(yamlText);
 * if (result.playbook) await result.playbook.evaluate(complaint);
 * else console.log(result.problems.filter((p) => p.severity === 'error').length, 'errors');
 * ```
 */
export interface ValidationResult {
  /** Problems in source order (errors and warnings). */
  problems: PlaybookProblem[];
  /** Present when no problem is an error. */
  playbook?: Playbook;
}


function positioned(raw: RawProblem[], sourceMap: SourceMap | undefined, file: string | undefined): PlaybookProblem[] {
  return raw.map((p) => {
    const pos = sourceMap?.locate(p.path, p.key ?? false);
    return {
      code: p.code,
      message: p.message,
      path: p.path,
      severity: p.severity ?? 'error',
      ...(file !== undefined ? { file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      ...(p.suggestion ? { suggestion: p.suggestion } : {}),
    };
  });
}

function byPosition(a: PlaybookProblem, b: PlaybookProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function checkValue(value: unknown, sourceMap: SourceMap | undefined, options: LoadOptions | undefined): ValidationResult {
  const file = options?.filename;
  const schemaProblems = checkPlaybookSchema(value);
  if (schemaProblems.length) return { problems: positioned(schemaProblems, sourceMap, file).sort(byPosition) };
  const spec = value as PlaybookSpec;
  const { problems: raw, calendar } = checkSemantics(spec, resolveLimits(options?.limits));
  const problems = positioned(raw, sourceMap, file).sort(byPosition);
  if (problems.some((p) => p.severity === 'error') || !calendar) return { problems };
  return { problems, playbook: new Playbook(compilePlaybookSpec(spec, calendar)) };
}

/**
 * Parses, checks and compiles playbook YAML without throwing: every problem is returned, each
 * with its code, line, column and JSON path.
 *
 * @example
 * ```ts
 * const { problems, playbook } = validatePlaybook(yamlText, { filename: 'retail.yaml' });
 * for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.code}: ${p.message}`);
 * ```
 */
export function validatePlaybook(source: string, options?: LoadOptions): ValidationResult {
  const limits = resolveLimits(options?.limits);
  const parsed = parseSource(source, options?.filename, limits);
  if (parsed.problems.length) return { problems: capProblems(parsed.problems, limits.maxProblems, options?.filename) };
  const result = checkValue(parsed.value, parsed.sourceMap, options);
  return result.problems.length > limits.maxProblems ? { ...result, problems: capProblems(result.problems, limits.maxProblems, options?.filename) } : result;
}

/**
 * The first `max` problems (errors before warnings, each in source order), then one
 * `LIMIT_EXCEEDED` problem that counts the rest: a file with a hundred thousand mistakes costs
 * its reader the same as one with a thousand.
 */
export function capProblems(problems: PlaybookProblem[], max: number, file: string | undefined): PlaybookProblem[] {
  if (problems.length <= max) return problems;
  const errors = problems.filter((p) => p.severity === 'error');
  const kept = [...errors, ...problems.filter((p) => p.severity !== 'error')].slice(0, max).sort(byPosition);
  const rest = problems.length - kept.length;
  const restErrors = errors.length - kept.filter((p) => p.severity === 'error').length;
  return [
    ...kept,
    {
      code: 'LIMIT_EXCEEDED',
      severity: restErrors > 0 ? 'error' : 'warning',
      path: [],
      message: `${rest} more problem${rest === 1 ? '' : 's'} not listed: at most ${max} are (limits.maxProblems)`,
      ...(file !== undefined ? { file } : {}),
    },
  ];
}

/**
 * Loads a playbook from YAML text: parse (with positions), validate (schema and semantics),
 * compile. Throws a {@link PlaybookError} carrying every problem.
 *
 * @example
 * ```ts
 * import { loadPlaybook } from 'complaint-playbook';
 * const playbook = loadPlaybook(yamlText, { filename: 'retail.yaml' });
 * const rec = await playbook.evaluate(complaint, { now: new Date() });
 * ```
 */
export function loadPlaybook(source: string, options?: LoadOptions): Playbook {
  const { problems, playbook } = validatePlaybook(source, options);
  if (!playbook) throw new PlaybookError(problems.filter((p) => p.severity === 'error'));
  return playbook;
}

/**
 * Checks and compiles a playbook that is already a plain object (e.g. stored as JSON).
 * Problems carry JSON paths but no line numbers. Throws a {@link PlaybookError}.
 *
 * @example
 * ```ts
 * // A playbook kept as JSON in a database, checked and compiled without YAML.
 * const playbook = compilePlaybook(JSON.parse(row.playbookJson));
 * const rec = await playbook.evaluate(complaint);
 * ```
 */
export function compilePlaybook(spec: unknown, options?: LoadOptions): Playbook {
  const { problems, playbook } = checkValue(spec, undefined, options);
  if (!playbook) throw new PlaybookError(capProblems(problems.filter((p) => p.severity === 'error'), resolveLimits(options?.limits).maxProblems, options?.filename));
  return playbook;
}
