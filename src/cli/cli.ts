import { mkdir, open, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { diffPlaybooks, formatDiffReport } from '../diff/diff.js';
import { ComplaintError, isComplaintPlaybookError, PlaybookError, type PlaybookProblem } from '../errors.js';
import { explainRecommendation, formatExplanation } from '../explain/explain.js';
import { lintPlaybook } from '../lint/lint.js';
import { decodeUtf8 } from '../load/decode.js';
import { createSourceMap, type SourceMap } from '../load/position.js';
import { evaluateLinesParallel, nodeResolver, runPlaybookTestFile, shippedPlaybookNames, shippedPlaybookPath, shippedPlaybooksDir } from '../node.js';
import { evaluateLinesJson, type BatchSummary } from '../batch/batch.js';
import type { EvaluateOptions } from '../options.js';
import { validatePlaybook, type Playbook } from '../playbook.js';
import type { Recommendation } from '../types.js';
import { version } from './version.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for `-`). */
  readStdin(): Promise<string>;
  /** Working directory for relative paths. Default: `process.cwd()`. */
  cwd?: string;
  /** Standard input line by line, for streaming `-` (batch, diff). Default: {@link CliIO.readStdin} split. */
  stdinLines?(): AsyncIterable<string>;
  /** Aborted on SIGINT or a closed output pipe: a batch stops, reports and exits non-zero. */
  signal?: AbortSignal;
  /** Resolves when stdout has room again (backpressure), so a slow reader keeps memory flat. */
  drain?(): Promise<void>;
}

/** Exit codes: 0 ok, 1 invalid input or failed tests, 2 usage, 3 internal error (a bug). */
export const exitCodes = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

class UsageError extends Error {}
class InputError extends Error {}

const usage = `complaint-playbook ${version}

Usage:
  complaint-playbook evaluate <complaint.json | -> --playbook <name | file.yaml>
                              [--now <ISO time>] [--locale <tag>] [--format json|text]
  complaint-playbook evaluate --batch <complaints.jsonl | -> --playbook <name | file.yaml>
                              [--workers <n>] [--no-trace] [--now <ISO time>] [--locale <tag>]
  complaint-playbook validate <playbook.yaml>... [--format text|json]
  complaint-playbook test [<file.test.yaml | dir>...] [--filter <regex>] [--coverage]
                          [--threshold <percent>] [--format text|json]
  complaint-playbook lint <playbook.yaml>... [--strict] [--format text|json]
  complaint-playbook explain <complaint.json | -> --playbook <name | file.yaml>
                             [--now <ISO time>] [--locale <tag>] [--format text|json]
  complaint-playbook diff <old.yaml> <new.yaml> --complaints <cases.jsonl | ->
                          [--now <ISO time>] [--examples <n>] [--format text|json]
  complaint-playbook init <name> [--from <shipped playbook>] [--dir <folder>]

Shipped playbooks: retail, banking, telecom (or give a path to your own YAML).
Exit codes: 0 ok, 1 invalid input, failed tests, or lint warnings with --strict,
2 usage error, 3 internal error.
`;

/** A problem rendered as `file:line:column: error CODE: message` plus the source line and a caret. */
export function formatProblem(problem: Pick<PlaybookProblem, 'message' | 'file' | 'line' | 'column' | 'severity'> & { code: string }, sourceMap?: Pick<SourceMap, 'lineText'>): string {
  const where = [problem.file ?? '<input>', problem.line, problem.column].filter((x) => x !== undefined).join(':');
  let out = `${where}: ${problem.severity} ${problem.code}: ${problem.message}\n`;
  if (sourceMap && problem.line !== undefined) {
    const text = sourceMap.lineText(problem.line).replace(/\t/g, ' ');
    const gutter = String(problem.line);
    out += ` ${gutter} | ${text}\n ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, (problem.column ?? 1) - 1))}^\n`;
  }
  return out;
}

function sourceMapOf(text: string): SourceMap {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return createSourceMap(doc, lineCounter, text);
}

async function readText(path: string, io: CliIO, what: string): Promise<string> {
  if (path === '-') return io.readStdin();
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd ?? process.cwd(), path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
  // Strict UTF-8: a bad byte is an error with its position, never a silent U+FFFD.
  const decoded = decodeUtf8(bytes);
  if ('failure' in decoded) {
    const { line, column, offset } = decoded.failure;
    throw new InputError(`${path}:${line}:${column}: error ENCODING: the ${what} is not valid UTF-8 (bad byte at offset ${offset}); save it as UTF-8`);
  }
  return decoded.text;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const pos = at ? lineColumn(text, Number(at[1])) : undefined;
    const where = pos ? `${file}:${pos.line}:${pos.column}` : file;
    throw new InputError(`${where}: error JSON_SYNTAX: the complaint is not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})\n`);
  }
}

async function loadPlaybookArg(arg: string, io: CliIO): Promise<{ playbook?: Playbook; problems?: PlaybookProblem[]; text: string; file: string }> {
  const shipped = !/[/\\.]/.test(arg) ? shippedPlaybookPath(arg) : undefined;
  if (!shipped && !/[/\\.]/.test(arg)) throw new UsageError(`--playbook ${arg}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')}); give a path to a .yaml file for your own`);
  const file = shipped ?? arg;
  const text = shipped ? await readFile(shipped, 'utf8') : await readText(arg, io, 'playbook');
  const { playbook, problems } = validatePlaybook(text, { filename: shipped ? `playbooks/${arg}.yaml` : arg, resolve: resolver() });
  return playbook ? { playbook, text, file } : { problems, text, file };
}

function printProblems(problems: readonly PlaybookProblem[], text: string, io: CliIO, file?: string): void {
  const map = sourceMapOf(text);
  // A problem in another file (a base the playbook extends) gets no caret line from this text.
  for (const p of problems) io.stderr(formatProblem(p, file === undefined || p.file === undefined || p.file === file ? map : undefined));
}

/** Finds the bases of `extends`: shipped playbooks by name, files beside the playbook. */
function resolver() {
  return nodeResolver(shippedPlaybooksDir());
}

function local(due: string): string {
  return due.slice(0, 16).replace('T', ' ');
}

/** The recommendation as an agent reads it on screen. */
export function formatRecommendation(rec: Recommendation, timezone: string): string {
  const lines: string[] = [];
  lines.push(`Complaint ${rec.complaintId} · playbook ${rec.playbook.id} ${rec.playbook.version} · ${rec.locale}`);
  lines.push('');
  lines.push(`Customer type   ${rec.customerType.label ?? rec.customerType.id ?? '-'}${rec.customerType.approach ? ` — ${rec.customerType.approach}` : ''}`);
  lines.push(`Demand          ${rec.demand.reasonableness ?? '-'}${rec.demand.label ? ` (${rec.demand.label})` : ''}`);
  lines.push(`Resolvability   ${rec.resolvability.tier ?? '-'}${rec.resolvability.label ? ` (${rec.resolvability.label})` : ''}`);
  lines.push(`Handled by      ${rec.escalation.label}${rec.escalation.reason ? ` — ${rec.escalation.reason}` : ''}`);
  if (rec.route.department) lines.push(`Route to        ${rec.route.label ?? rec.route.department}`);
  if (rec.flags.length) lines.push(`Flags           ${rec.flags.join(', ')}`);
  lines.push('');
  lines.push('What to say, in order:');
  rec.responses.forEach((r, i) => lines.push(`  ${String(i + 1).padStart(2)}. [${r.stage}] ${r.text}`));
  if (rec.avoid.length) {
    lines.push('');
    lines.push('Never say:');
    for (const a of rec.avoid) lines.push(`  ✗ ${a.phrase} — ${a.reason}`);
  }
  if (rec.commitments.length) {
    lines.push('');
    lines.push(`Deadlines (${timezone} local time):`);
    for (const c of rec.commitments) {
      const how = `${c.within}${c.businessTime ? ' business time' : ''}${c.from ? ` after ${c.from}` : ''}${c.every ? `, then every ${c.every}` : ''}`;
      lines.push(`  ${c.kind.padEnd(12)} ${local(c.due)}  (${how})${c.text ? `  “${c.text}”` : ''}`);
    }
  }
  if (rec.trace.warnings.length) {
    lines.push('');
    for (const w of rec.trace.warnings) lines.push(`warning ${w.code}: ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function parse(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

function formatOption(value: unknown, allowed: readonly string[], fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) throw new UsageError(`--format must be one of: ${allowed.join(', ')}`);
  return value;
}

/** `evaluate` prints the recommendation; `explain` prints why it is what it is. */
async function evaluateCommand(args: string[], io: CliIO, command: 'evaluate' | 'explain' = 'evaluate'): Promise<number> {
  const noTrace = command === 'evaluate' && args.includes('--no-trace');
  const { values, positionals } = parse(
    args.filter((a) => !(noTrace && a === '--no-trace')),
    {
      playbook: { type: 'string', short: 'p' },
      now: { type: 'string' },
      locale: { type: 'string' },
      format: { type: 'string' },
      ...(command === 'evaluate' ? { batch: { type: 'boolean' as const }, workers: { type: 'string' as const } } : {}),
    },
  );
  if (values.batch) return batchCommand(values as Record<string, string | boolean | undefined>, positionals, noTrace, io);
  if (values.workers !== undefined || noTrace) throw new UsageError('--workers and --no-trace apply to --batch');
  const format = formatOption(values.format, ['json', 'text'], command === 'explain' ? 'text' : 'json');
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one complaint file (or - for standard input)`);
  if (typeof values.playbook !== 'string') throw new UsageError(`${command} needs --playbook <name | file.yaml>`);
  const complaintPath = positionals[0]!;
  const loaded = await loadPlaybookArg(values.playbook, io);
  if (!loaded.playbook) {
    printProblems(loaded.problems ?? [], loaded.text, io, loaded.file);
    return exitCodes.invalid;
  }
  const complaintText = await readText(complaintPath, io, 'complaint');
  const complaintFile = complaintPath === '-' ? '<stdin>' : complaintPath;
  const complaint = parseJson(complaintText, complaintFile);
  try {
    const options: { now?: string; locale?: string } = {};
    if (typeof values.now === 'string') options.now = values.now;
    if (typeof values.locale === 'string') options.locale = values.locale;
    const rec = await loaded.playbook.evaluate(complaint, options);
    if (command === 'explain') {
      const explanation = explainRecommendation(rec, { locations: loaded.playbook.locations });
      io.stdout(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
    } else {
      io.stdout(format === 'json' ? `${JSON.stringify(rec, null, 2)}\n` : formatRecommendation(rec, loaded.playbook.spec.calendar.timezone));
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ComplaintError) {
      const map = sourceMapOf(complaintText);
      for (const p of error.problems) {
        const pos = map.locate(p.path, false);
        io.stderr(formatProblem({ ...p, severity: 'error', file: complaintFile, ...(pos ? { line: pos.line, column: pos.column } : {}) }, map));
      }
      return exitCodes.invalid;
    }
    throw error;
  }
}

async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' } });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length === 0) throw new UsageError('validate needs at least one playbook file');
  const report: Array<{ file: string; valid: boolean; problems: PlaybookProblem[] }> = [];
  let invalid = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readText(file, io, 'playbook');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      invalid = true;
      report.push({ file, valid: false, problems: [{ code: 'YAML_SYNTAX', severity: 'error', message: error.message, path: [], file }] });
      if (format === 'text') io.stderr(`${error.message}\n`);
      continue;
    }
    const { problems, playbook, abstract } = validatePlaybook(text, { filename: file, resolve: resolver() });
    const valid = playbook !== undefined || (abstract === true && !problems.some((p) => p.severity === 'error'));
    invalid ||= !valid;
    report.push({ file, valid, problems });
    if (format === 'text') {
      printProblems(problems, text, io, file);
      if (playbook) io.stdout(`${file}: ok (${playbook.id} ${playbook.version})\n`);
      else if (valid) io.stdout(`${file}: ok (a base to extend)\n`);
      else io.stderr(`${file}: ${problems.filter((p) => p.severity === 'error').length} error(s)\n`);
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  return invalid ? exitCodes.invalid : exitCodes.ok;
}

async function findTestFiles(paths: string[], io: CliIO): Promise<string[]> {
  const out: string[] = [];
  const cwd = io.cwd ?? process.cwd();
  for (const p of paths) {
    const full = resolve(cwd, p);
    let info;
    try {
      info = await stat(full);
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(full)).filter((f) => f.endsWith('.test.yaml')).sort();
      out.push(...entries.map((f) => join(p, f)));
    } else {
      out.push(p);
    }
  }
  return out;
}

async function testCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    filter: { type: 'string' },
    format: { type: 'string' },
    coverage: { type: 'boolean' },
    threshold: { type: 'string' },
  });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  let filter: RegExp | undefined;
  if (typeof values.filter === 'string') {
    try {
      filter = new RegExp(values.filter);
    } catch {
      throw new UsageError(`--filter ${values.filter}: not a valid regular expression`);
    }
  }
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) throw new UsageError('--threshold must be a percentage between 0 and 100');
  }
  const files = await findTestFiles(positionals.length ? positionals : ['playbooks'], io);
  if (files.length === 0) throw new InputError('no *.test.yaml files found');
  let failed = 0;
  let belowThreshold = false;
  const report = [];
  for (const file of files) {
    const cwd = io.cwd ?? process.cwd();
    let result;
    try {
      result = await runPlaybookTestFile(resolve(cwd, file), filter ? { filter } : {});
    } catch (error) {
      if (error instanceof PlaybookError) {
        const text = await readFile(resolve(cwd, error.problems[0]?.file ?? file), 'utf8').catch(() => '');
        printProblems(error.problems, text, io);
        failed++;
        continue;
      }
      throw error;
    }
    failed += result.failed;
    const pct = Math.round(result.coverage.ratio * 1000) / 10;
    if (threshold !== undefined && pct < threshold) belowThreshold = true;
    report.push({ file, passed: result.passed, failed: result.failed, coverage: result.coverage, cases: result.cases.map(({ recommendation, ...c }) => c) });
    if (format === 'text') {
      io.stdout(`${file} (${result.playbook.id} ${result.playbook.version})\n`);
      for (const c of result.cases) {
        io.stdout(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.name}\n`);
        if (c.error) io.stdout(`       error ${c.error.code}: ${c.error.message}\n`);
        for (const m of c.mismatches) {
          io.stdout(`       ${m.path || '(root)'}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}\n`);
          const decided = explainMismatch(m.path, c.recommendation);
          if (decided) io.stdout(`       decided by: ${decided}\n`);
        }
      }
      io.stdout(`  ${result.passed} passed, ${result.failed} failed\n`);
      if (values.coverage || threshold !== undefined) {
        io.stdout(`  coverage ${pct}% (${result.coverage.covered}/${result.coverage.total})${result.coverage.missed.length ? `; never matched: ${result.coverage.missed.map((m, i) => { const at = result.coverage.missedAt[i]; return at ? `${m} (${at.file ?? 'line'}:${at.line})` : m; }).join(', ')}` : ''}\n`);
      }
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  if (belowThreshold && format === 'text') io.stderr(`coverage is below the threshold of ${threshold}%\n`);
  return failed > 0 || belowThreshold ? exitCodes.invalid : exitCodes.ok;
}

async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { strict: { type: 'boolean' }, format: { type: 'string' } });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length === 0) throw new UsageError('lint needs at least one playbook file');
  const report: Array<{ file: string; errors: number; warnings: number; problems: PlaybookProblem[] }> = [];
  let failed = false;
  for (const file of positionals) {
    let problems: PlaybookProblem[];
    let text = '';
    try {
      text = await readText(file, io, 'playbook');
      problems = lintPlaybook(text, { filename: file, resolve: resolver() }).problems;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems = [{ code: 'YAML_SYNTAX', severity: 'error', message: error.message, path: [], file }];
    }
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    failed ||= errors > 0 || (values.strict === true && warnings > 0);
    report.push({ file, errors, warnings, problems });
    if (format === 'text') {
      if (text) printProblems(problems, text, io, file);
      else for (const p of problems) io.stderr(`${p.message}\n`);
      if (errors) io.stderr(`${file}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}\n`);
      else if (warnings) io.stderr(`${file}: ${warnings} warning(s)\n`);
      else io.stdout(`${file}: ok, no warnings\n`);
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  return failed ? exitCodes.invalid : exitCodes.ok;
}

/**
 * `evaluate --batch`: JSON Lines in, one recommendation per line out (stdout), each failed line
 * reported with its number (stderr), then a summary whose counts add up to the lines read.
 */
async function batchCommand(values: Record<string, string | boolean | undefined>, positionals: string[], noTrace: boolean, io: CliIO): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('evaluate --batch takes exactly one JSON Lines file (or - for standard input)');
  if (typeof values.playbook !== 'string') throw new UsageError('evaluate --batch needs --playbook <name | file.yaml>');
  if (values.format !== undefined && values.format !== 'json') throw new UsageError('evaluate --batch writes JSON Lines; --format text is for one complaint');
  let workers = 0;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError('--workers must be a whole number from 1 to 256');
  }
  const loaded = await loadPlaybookArg(values.playbook, io);
  if (!loaded.playbook) {
    printProblems(loaded.problems ?? [], loaded.text, io, loaded.file);
    return exitCodes.invalid;
  }
  const options: EvaluateOptions = {};
  if (typeof values.now === 'string') options.now = values.now;
  if (typeof values.locale === 'string') options.locale = values.locale;
  if (noTrace) options.trace = false;
  const file = positionals[0] === '-' ? '<stdin>' : positionals[0]!;
  const source = await openLines(positionals[0]!, io);
  const report = (line: number, error: { code: string; message: string; problems?: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }> }) => {
    const details = error.problems?.length ? `: ${error.problems.map((p) => `${p.path.join('.') || '(complaint)'}: ${p.message}`).join('; ')}` : '';
    io.stderr(`${file}:${line}: error ${error.code}: ${error.problems?.length ? 'invalid complaint' : error.message}${details}\n`);
  };
  let summary: BatchSummary;
  try {
    const signal = io.signal ? { signal: io.signal } : {};
    const gen =
      workers > 0
        ? evaluateLinesParallel(source.lines, { source: loaded.text, filename: loaded.file, workers, options, ...signal })
        : evaluateLinesJson(loaded.playbook, source.lines, { ...options, ...signal });
    for (let step = await gen.next(); ; step = await gen.next()) {
      if (step.done) {
        summary = step.value;
        break;
      }
      const item = step.value;
      if (item.ok) io.stdout(`${item.json}\n`);
      else report(item.line, item.error);
      if (io.drain) await io.drain();
    }
  } finally {
    await source.close();
  }
  const counts = `${summary.lines} line(s) read: ${summary.ok} ok, ${summary.failed} failed, ${summary.blank} blank`;
  if (io.signal?.aborted) {
    io.stderr(`batch interrupted: ${counts}; the results above are complete up to line ${summary.lines}\n`);
    return exitCodes.invalid;
  }
  io.stderr(`batch: ${counts}\n`);
  return summary.failed > 0 ? exitCodes.invalid : exitCodes.ok;
}

/** The lines of a file, read one at a time; `-` reads standard input. */
async function openLines(path: string, io: CliIO): Promise<{ lines: AsyncIterable<string> | Iterable<string>; close(): Promise<void> }> {
  if (path === '-' && io.stdinLines) return { lines: io.stdinLines(), close: async () => {} };
  if (path === '-') {
    const text = await io.readStdin();
    const lines = text.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines, close: async () => {} };
  }
  let handle;
  try {
    handle = await open(resolve(io.cwd ?? process.cwd(), path), 'r');
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    await handle?.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read the complaints: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
  const input = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  return {
    lines,
    close: async () => {
      lines.close();
      await handle.close().catch(() => {});
    },
  };
}

async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    complaints: { type: 'string', short: 'c' },
    now: { type: 'string' },
    examples: { type: 'string' },
    format: { type: 'string' },
  });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length !== 2) throw new UsageError('diff takes two playbooks: the old one and the new one');
  if (typeof values.complaints !== 'string') throw new UsageError('diff needs --complaints <cases.jsonl> (one complaint as JSON per line)');
  let maxExamples = 3;
  if (values.examples !== undefined) {
    maxExamples = Number(values.examples);
    if (!Number.isInteger(maxExamples) || maxExamples < 0) throw new UsageError('--examples must be a whole number ≥ 0');
  }
  const loaded = [];
  for (const arg of positionals) {
    const one = await loadPlaybookArg(arg, io);
    if (!one.playbook) {
      printProblems(one.problems ?? [], one.text, io, one.file);
      return exitCodes.invalid;
    }
    loaded.push({ ...one, file: arg, playbook: one.playbook });
  }
  const [before, after] = loaded as [(typeof loaded)[number], (typeof loaded)[number]];
  const { lines, close } = await openLines(values.complaints, io);
  let report;
  try {
    report = await diffPlaybooks(before.playbook, after.playbook, lines, { maxExamples, ...(typeof values.now === 'string' ? { now: values.now } : {}) });
  } finally {
    await close();
  }
  const label = (x: typeof before) => `${x.file} (${x.playbook.id} ${x.playbook.version})`;
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDiffReport(report, { before: label(before), after: label(after) }));
  return exitCodes.ok;
}

/** Replaces the scalar values of top-level keys in YAML text, leaving every other byte as it is. */
function replaceTopLevel(text: string, replacements: Record<string, string>): string {
  const doc = parseDocument(text);
  const edits: Array<[number, number, string]> = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
      const replacement = replacements[String(pair.key.value)];
      const range = pair.value.range;
      if (replacement !== undefined && range) edits.push([range[0], range[1], replacement]);
    }
  }
  if (edits.length !== Object.keys(replacements).length) throw new Error(`the template lacks one of ${Object.keys(replacements).join(', ')}`);
  return edits.sort((a, b) => b[0] - a[0]).reduce((out, [start, end, value]) => out.slice(0, start) + value + out.slice(end), text);
}

/** Points the yaml-language-server comment at the package's schema, seen from `dir`. */
function pointSchemaComment(text: string, dir: string, schema: string): string {
  const target = relative(dir, join(dirname(shippedPlaybooksDir()), 'schemas', schema)).split('\\').join('/');
  return text.replace(/^# yaml-language-server: \$schema=\S+/m, `# yaml-language-server: $schema=${target}`);
}

async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { from: { type: 'string' }, dir: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('init takes exactly one name, e.g. init my-shop');
  const name = positionals[0]!;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`init ${name}: a playbook name is lower-case letters, digits and dashes, starting with a letter`);
  const from = typeof values.from === 'string' ? values.from : 'retail';
  const source = shippedPlaybookPath(from);
  if (!source) throw new UsageError(`--from ${from}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')})`);
  const cwd = io.cwd ?? process.cwd();
  const dirArg = typeof values.dir === 'string' ? values.dir : '.';
  const dir = resolve(cwd, dirArg);
  const targets = [join(dir, `${name}.yaml`), join(dir, `${name}.test.yaml`)] as const;
  const shown = targets.map((t) => (relative(cwd, t).startsWith('..') ? t : relative(cwd, t)));
  for (const [i, t] of targets.entries()) {
    if (await stat(t).then(() => true, () => false)) throw new InputError(`${shown[i]}: already exists; init never overwrites a file (choose another name or --dir)`);
  }
  const playbook = pointSchemaComment(replaceTopLevel(await readFile(source, 'utf8'), { playbook: name, version: '0.1.0' }), dir, 'playbook.schema.json');
  const tests = pointSchemaComment(replaceTopLevel(await readFile(source.replace(/\.yaml$/, '.test.yaml'), 'utf8'), { playbook: `${name}.yaml` }), dir, 'playbook-test.schema.json');
  // The scaffold must load: a template that does not is a bug here, not the user's problem.
  const check = validatePlaybook(playbook, { filename: shown[0], resolve: resolver() });
  if (!check.playbook) throw new Error(`the scaffold from ${from} does not load: ${check.problems[0]?.message}`);
  await mkdir(dir, { recursive: true });
  await writeFile(targets[0], playbook, { flag: 'wx' });
  try {
    await writeFile(targets[1], tests, { flag: 'wx' });
  } catch (error) {
    await unlink(targets[0]).catch(() => {});
    throw error;
  }
  io.stdout(
    `created ${shown[0]} (playbook ${name} 0.1.0, from ${from})\n` +
      `created ${shown[1]}\n` +
      `next: edit ${shown[0]}, then run complaint-playbook lint ${shown[0]} && complaint-playbook test ${shown[1]} --coverage\n`,
  );
  return exitCodes.ok;
}

/** Names the stage or rule that decided the field of a mismatch, from the trace. */
function explainMismatch(path: string, rec: Recommendation | undefined): string | undefined {
  if (!rec) return undefined;
  const head = path.split('.')[0];
  const stage = head === 'customerType' ? 'customerType' : head === 'demand' ? 'demand' : head === 'resolvability' ? 'resolvability' : undefined;
  if (stage) {
    const t = rec.trace.stages.find((s) => s.stage === stage);
    if (!t) return undefined;
    const matched = t.outcomes.filter((o) => o.matched).map((o) => o.id);
    return `stage ${stage}: ${t.byDefault ? 'default' : 'first match'} ${t.result ?? 'none'}${matched.length ? ` (matched: ${matched.join(', ')})` : ' (no outcome matched)'}`;
  }
  if (head === 'escalation') return rec.escalation.source ? `rule ${rec.escalation.source}` : 'no rule escalated';
  if (head === 'commitments') return rec.commitments.map((c) => `${c.kind} from rule ${c.source}`).join('; ') || 'no rule committed';
  const rules = rec.trace.rules.filter((r) => r.matched).map((r) => r.id);
  return `matched rules: ${rules.join(', ') || 'none'}`;
}

/**
 * The command-line interface as a function: parses `argv` (without `node` and the script),
 * runs the command, writes through `io`, and returns the exit code. Never throws.
 *
 * @example
 * ```ts
 * const code = await cli(['validate', 'playbooks/retail.yaml'], io);
 * ```
 */
export async function cli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'evaluate':
        return await evaluateCommand(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'test':
        return await testCommand(rest, io);
      case 'lint':
        return await lintCommand(rest, io);
      case 'explain':
        return await evaluateCommand(rest, io, 'explain');
      case 'diff':
        return await diffCommand(rest, io);
      case 'init':
        return await initCommand(rest, io);
      case '--version':
      case '-v':
        io.stdout(`${version}\n`);
        return exitCodes.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(usage);
        return command === undefined ? exitCodes.usage : exitCodes.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`complaint-playbook: ${error.message}\n\n${usage}`);
      return exitCodes.usage;
    }
    if (error instanceof InputError) {
      io.stderr(error.message.endsWith('\n') ? error.message : `${error.message}\n`);
      return exitCodes.invalid;
    }
    if (isComplaintPlaybookError(error)) {
      io.stderr(`error ${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}\n`);
      return exitCodes.invalid;
    }
    io.stderr(
      `complaint-playbook: internal error (this is a bug): ${error instanceof Error ? error.message : String(error)}\n` +
        'Please report it with the command and input that caused it at https://github.com/complaint-playbook/complaint-playbook/issues\n',
    );
    return exitCodes.internal;
  }
}
