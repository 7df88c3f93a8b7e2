import { compilePlaybookSpec, type CompiledPlaybook } from './compile/playbook.js';
import { PlaybookError, type PlaybookProblem } from './errors.js';
import { evaluateComplaint, evaluateComplaintSync, evaluateComplaintSyncJson } from './evaluate/evaluate.js';
import type { JsonPath } from './errors.js';
import { stageOrder } from './facts.js';
import { fileLocator, maxExtendsDepth, mergeWithOrigins, type Locator, type PlaybookResolver, type SourceLocation } from './load/merge.js';
import { parseSource } from './load/parse.js';
import { resolveLimits, type EvaluateOptions, type LoadOptions } from './options.js';
import type { PlaybookSpec, Recommendation, StageName } from './types.js';
import { trackCase, trackCaseAsync } from './track/track.js';
import type { CaseStatus, TrackOptions } from './track/types.js';
import { checkPlaybookSchema } from './validate/schema.js';
import { checkSemantics, type RawProblem } from './validate/semantic.js';
import { keepSemanticProblem, pruneMalformed } from './validate/prune.js';

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
  #locations: PlaybookLocations | (() => PlaybookLocations);

  /**
   * @internal Use {@link loadPlaybook} or {@link compilePlaybook}. `locations` may be given as a
   * function: positions are then found on first use (a playbook loaded on the fast path reads its
   * YAML again for positions only when something asks for them).
   */
  constructor(compiled: CompiledPlaybook, locations: PlaybookLocations | (() => PlaybookLocations)) {
    this.#compiled = compiled;
    this.#locations = locations;
    this.spec = compiled.spec;
    this.id = compiled.spec.playbook;
    this.version = compiled.spec.version;
    this.locales = Object.freeze([...compiled.spec.locales]);
  }

  /** Where each rule, outcome, response and avoid entry was written (empty positions for a playbook given as a value). */
  get locations(): PlaybookLocations {
    if (typeof this.#locations === 'function') this.#locations = this.#locations();
    return this.#locations;
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

  /**
   * The status of a case (`{ complaint, events }`) at `now`: each commitment pending, due soon,
   * met, breached, paused or not applicable; what the agent owes next; the escalation a breach
   * calls for (the playbook's `sla`); findings about the events; the current recommendation.
   * Synchronous; see {@link Playbook.trackAsync} for asynchronous host facts.
   *
   * @throws {@link CaseError} listing every problem of an invalid case.
   * @example
   * ```ts
   * const status = playbook.track({ complaint, events: [{ type: 'acknowledged', at: '2026-11-20T09:20:00+08:00' }] },
   *   { now: '2026-11-20T16:00:00+08:00' });
   * status.next; // { kind: 'update', due: '2026-11-23T18:00:00+08:00', text: '…', overdue: false }
   * ```
   */
  track(caseRecord: unknown, options?: TrackOptions): CaseStatus {
    return trackCase(this, caseRecord, options);
  }

  /**
   * {@link Playbook.track} with asynchronous host facts.
   *
   * @example
   * ```ts
   * const status = await playbook.trackAsync(record, { facts: { 'crm.tier': async () => 'gold' } });
   * ```
   */
  trackAsync(caseRecord: unknown, options?: TrackOptions): Promise<CaseStatus> {
    return trackCaseAsync(this, caseRecord, options);
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
  /** Present when no problem is an error (and the playbook is not abstract). */
  playbook?: Playbook;
  /** True for a base meant only to be extended (`abstract: true`): checked, never compiled. */
  abstract?: boolean;
}

/**
 * Where the entries of a loaded playbook were written: per rule (by index), per stage outcome
 * (by index), per response and avoid entry (by id). With `extends`, each in its own file.
 *
 * @example
 * ```ts
 * const at = playbook.locations.rules[0]; // { file: 'base.yaml', line: 40, column: 5 }
 * ```
 */
export interface PlaybookLocations {
  rules: ReadonlyArray<SourceLocation | undefined>;
  outcomes: Readonly<Record<StageName, ReadonlyArray<SourceLocation | undefined>>>;
  responses: Readonly<Record<string, SourceLocation>>;
  avoid: Readonly<Record<string, SourceLocation>>;
}


type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function positioned(raw: RawProblem[], locator: Locator, file: string | undefined): PlaybookProblem[] {
  return raw.map((p) => {
    const pos = locator.locate(p.path, p.key ?? false);
    const where = pos?.file ?? file;
    return {
      code: p.code,
      message: p.message,
      path: p.path,
      severity: p.severity ?? 'error',
      ...(where !== undefined ? { file: where } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      ...(p.suggestion ? { suggestion: p.suggestion } : {}),
    };
  });
}

function byPosition(a: PlaybookProblem, b: PlaybookProblem): number {
  // With `extends`, problems are grouped by file (by name), then in source order.
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** A playbook value with where each part of it was written, and the problems found on the way. */
interface Loaded {
  value?: unknown;
  locator: Locator;
  problems: PlaybookProblem[];
}

/**
 * Follows `extends`: resolves the base through `options.resolve`, loads it (and its own base)
 * and merges. `chain` names the files already on the way, to refuse cycles.
 */
function withBase(value: unknown, locator: Locator, filename: string | undefined, options: LoadOptions | undefined, chain: string[]): Loaded {
  if (!isPlain(value) || typeof value.extends !== 'string') return { value, locator, problems: [] };
  const ref = value.extends;
  const fail = (code: PlaybookProblem['code'], message: string): Loaded => ({ locator, problems: positioned([{ code, message, path: ['extends'] }], locator, filename) });
  const resolve = options?.resolve;
  if (!resolve) {
    return fail('EXTENDS_UNRESOLVED', `this playbook extends "${ref}", but nothing was given to find it: pass a resolver (the option "resolve"), load it with the Node helpers, or merge it first with mergePlaybookSpecs`);
  }
  if (chain.length > maxExtendsDepth) return fail('EXTENDS_DEPTH', `the chain of bases is deeper than ${maxExtendsDepth} (${[...chain, ref].join(' → ')})`);
  let resolved: ReturnType<PlaybookResolver>;
  try {
    resolved = resolve(ref, filename === undefined ? {} : { filename });
  } catch (error) {
    return fail('EXTENDS_NOT_FOUND', `the base playbook "${ref}" could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!resolved || typeof resolved.source !== 'string') return fail('EXTENDS_NOT_FOUND', `the base playbook "${ref}" was not found`);
  const name = resolved.filename ?? ref;
  if (chain.includes(name)) return fail('EXTENDS_CYCLE', `the bases extend each other in a circle: ${[...chain, name].join(' → ')}`);
  const base = loadText(resolved.source, resolved.filename, options, [...chain, name]);
  if (base.problems.some((p) => p.severity === 'error')) return { locator, problems: base.problems };
  const merged = mergeWithOrigins(base.value, value, base.locator, locator);
  return { value: merged.value, locator: merged.locator, problems: base.problems };
}

/** Parses one file and follows its `extends`. */
function loadText(source: string, filename: string | undefined, options: LoadOptions | undefined, chain: string[]): Loaded {
  const parsed = parseSource(source, filename, resolveLimits(options?.limits));
  const locator = fileLocator(parsed.sourceMap, filename);
  if (parsed.problems.length) return { locator, problems: parsed.problems };
  return withBase(parsed.value, locator, filename, options, chain);
}

/** Where each rule, outcome, response and avoid entry was written, for explain and coverage. */
function locationsOf(spec: PlaybookSpec, locator: Locator): PlaybookLocations {
  const at = (path: JsonPath) => locator.locate(path);
  const entries = (map: Record<string, unknown> | undefined, key: string) => Object.fromEntries(Object.keys(map ?? {}).flatMap((id) => {
    const loc = at([key, id]);
    return loc ? [[id, loc]] : [];
  }));
  return {
    rules: spec.rules.map((_, i) => at(['rules', i])),
    outcomes: Object.fromEntries(stageOrder.map((stage) => [stage, spec[stage].outcomes.map((_, i) => at([stage, 'outcomes', i]))])) as unknown as PlaybookLocations['outcomes'],
    responses: entries(spec.responses, 'responses'),
    avoid: entries(spec.avoid, 'avoid'),
  };
}

/**
 * The semantic problems of the well-formed parts of a playbook that has shape errors: the
 * malformed parts are taken out and the rest is checked, so that one `maxCompensation: 1,500`
 * does not hide an unknown response id further down. Nothing when what is left is not a playbook.
 */
function semanticsOfTheRest(value: unknown, schemaProblems: ReadonlyArray<{ code: string; path: JsonPath }>, abstract: boolean, options: LoadOptions | undefined): RawProblem[] {
  // A base checks its parts only; a value too deep, too large or not plain data is not walked again.
  // Past the problems that will be listed anyway, the rest is not looked at (a hostile file costs no more).
  if (schemaProblems.length >= resolveLimits(options?.limits).maxProblems) return [];
  if (abstract || schemaProblems.some((p) => p.code === 'NESTING_DEPTH' || p.code === 'LIMIT_EXCEEDED' || p.code === 'SCHEMA_TYPE' && /plain data/.test((p as { message?: string }).message ?? ''))) return [];
  // A malformed calendar goes whole; the rest does not depend on it, so its absence is let pass.
  const calendarMissing = (p: { code: string; path: JsonPath; message?: string }) => p.code === 'SCHEMA_REQUIRED' && p.path.length === 0 && /"calendar"$/.test(p.message ?? '');
  const pruned = pruneMalformed(value, schemaProblems, (v) => checkPlaybookSchema(v).filter((p) => !calendarMissing(p)));
  if (!pruned) return [];
  const spec = pruned.value as PlaybookSpec;
  let raw: RawProblem[];
  try {
    // Without its calendar, the rest is checked as a base's parts are: the calendar is not compiled.
    raw = checkSemantics(spec.calendar === undefined ? { ...spec, abstract: true } : spec, resolveLimits(options?.limits)).problems;
  } catch {
    // The rest is checked on a best-effort basis; the shape errors are reported in any case.
    return [];
  }
  // One problem a place; a misspelt field's value is still checked under the name it was meant to have.
  const seen = new Set(schemaProblems.filter((p) => p.code !== 'SCHEMA_UNKNOWN_FIELD').map((p) => JSON.stringify(p.path)));
  return raw
    .map((p) => ({ ...p, path: pruned.originalPath(p.path) }))
    .filter((p) => keepSemanticProblem(p, value, pruned) && !seen.has(JSON.stringify(p.path)));
}

function checkValue(value: unknown, locator: Locator, options: LoadOptions | undefined, extra: PlaybookProblem[] = []): ValidationResult {
  const file = options?.filename;
  const abstract = isPlain(value) && value.abstract === true;
  let schemaProblems = checkPlaybookSchema(value);
  // A base may leave out what its children give (the calendar, the stages…).
  if (abstract) schemaProblems = schemaProblems.filter((p) => !(p.code === 'SCHEMA_REQUIRED' && p.path.length === 0));
  if (schemaProblems.length) return { problems: [...extra, ...positioned([...schemaProblems, ...semanticsOfTheRest(value, schemaProblems, abstract, options)], locator, file).sort(byPosition)] };
  const spec = value as PlaybookSpec;
  if (abstract && stageOrder.some((s) => spec[s] === undefined) || abstract && (spec.rules === undefined || spec.responses === undefined || spec.authority === undefined)) {
    // Only its parts can be checked: the rest comes from the playbooks that extend it.
    return { problems: extra, abstract: true };
  }
  const { problems: raw, calendar } = checkSemantics(spec, resolveLimits(options?.limits));
  const problems = [...extra, ...positioned(raw, locator, file).sort(byPosition)];
  if (abstract) return { problems, abstract: true };
  if (problems.some((p) => p.severity === 'error') || !calendar) return { problems };
  return { problems, playbook: new Playbook(compilePlaybookSpec(spec, calendar), () => locationsOf(spec, locator)) };
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
  const { result } = validateSource(source, options);
  return result.problems.length > limits.maxProblems ? { ...result, problems: capProblems(result.problems, limits.maxProblems, options?.filename) } : result;
}

/** {@link validatePlaybook}, with the locator of the merged value (for lint). @internal */
export function validateSource(source: string, options?: LoadOptions): { result: ValidationResult; locator: Locator } {
  const filename = options?.filename;
  const loaded = loadText(source, filename, options, [filename ?? '(this playbook)']);
  if (loaded.problems.some((p) => p.severity === 'error') || loaded.value === undefined) return { result: { problems: loaded.problems }, locator: loaded.locator };
  return { result: checkValue(loaded.value, loaded.locator, options, loaded.problems), locator: loaded.locator };
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
  return orThrow(validatePlaybook(source, options), options);
}

function orThrow({ problems, playbook, abstract }: ValidationResult, options: LoadOptions | undefined): Playbook {
  if (playbook) return playbook;
  const errors = problems.filter((p) => p.severity === 'error');
  if (abstract && errors.length === 0) {
    const file = options?.filename;
    errors.push({ code: 'ABSTRACT_PLAYBOOK', severity: 'error', path: ['abstract'], ...(file !== undefined ? { file } : {}), message: 'this playbook is a base to extend (abstract: true), not evaluated by itself; load a playbook that extends it' });
  }
  throw new PlaybookError(capProblems(errors, resolveLimits(options?.limits).maxProblems, options?.filename));
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
  const filename = options?.filename;
  const max = resolveLimits(options?.limits).maxProblems;
  const loaded = withBase(spec, fileLocator(undefined, filename), filename, options, [filename ?? '(this playbook)']);
  if (loaded.problems.some((p) => p.severity === 'error')) throw new PlaybookError(capProblems(loaded.problems.filter((p) => p.severity === 'error'), max, filename));
  return orThrow(checkValue(loaded.value, loaded.locator, options, loaded.problems), options);
}
