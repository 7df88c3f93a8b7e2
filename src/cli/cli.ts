import { lstat, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import { diffPlaybooks, formatDiffReport } from '../diff/diff.js';
import { ComplaintError, isComplaintPlaybookError, PlaybookError, ReadError, type PlaybookProblem } from '../errors.js';
import { explainRecommendation, formatExplanation } from '../explain/explain.js';
import { fileSystemReason, isFileSystemError, readTextFile } from '../files/read.js';
import { lintPlaybook } from '../lint/lint.js';
import { evaluateLinesParallel, nodeResolver, readTextFileSync, runPlaybookTestFile, shippedPlaybookNames, shippedPlaybookPath, shippedPlaybooksDir } from '../node.js';
import { evaluateLinesJson, type BatchSummary } from '../batch/batch.js';
import { defaultLimits, defaultReadLimits, maxSourceBytes, type EvaluateOptions } from '../options.js';
import { validatePlaybook, type Playbook } from '../playbook.js';
import type { Recommendation } from '../types.js';
import { exitCodes, InputError, safeWriter, UsageError, type CliIO } from './io.js';
import { LineIndex, locateJsonPaths, maxPrintedProblems, printProblems, type PrintableProblem } from './problems.js';
import { openLines, readErrorLine, readErrorProblem, readInput } from './read.js';
import { studioCommand, studioUsage } from './studio.js';
import { version } from './version.js';

export { exitCodes, type CliIO } from './io.js';
export { formatProblem } from './problems.js';

const usage = `complaint-playbook ${version}

Usage:
  complaint-playbook evaluate <complaint.json | -> --playbook <name | file.yaml>
                              [--now <ISO time>] [--locale <tag>] [--format json|text]
                              [--max-complaint-bytes <n>]
  complaint-playbook evaluate --batch <complaints.jsonl | -> --playbook <name | file.yaml>
                              [--workers <n>] [--no-trace] [--now <ISO time>] [--locale <tag>]
                              [--max-line-bytes <n>]
  complaint-playbook validate <playbook.yaml>... [--format text|json]
  complaint-playbook test [<file.test.yaml | dir>...] [--filter <regex>] [--coverage]
                          [--threshold <percent>] [--format text|json]
  complaint-playbook lint <playbook.yaml>... [--strict] [--format text|json]
  complaint-playbook explain <complaint.json | -> --playbook <name | file.yaml>
                             [--now <ISO time>] [--locale <tag>] [--format text|json]
  complaint-playbook diff <old.yaml> <new.yaml> --complaints <cases.jsonl | ->
                          [--now <ISO time>] [--examples <n>] [--format text|json]
                          [--fail-on-change] [--max-line-bytes <n>]
  complaint-playbook init <name> [--from <shipped playbook>] [--dir <folder>]
${studioUsage}

Shipped playbooks: retail, banking, telecom (or give a path to your own YAML).
Inputs are read strictly: UTF-8 only, regular files or standard input (-), a complaint
at most ${defaultReadLimits.maxComplaintBytes} bytes, a JSON line at most ${defaultReadLimits.maxLineBytes} bytes (longer lines are reported
and skipped), a playbook at most ${defaultLimits.maxSourceLength} characters.
Exit codes: 0 ok, 1 invalid input, failed tests, lint warnings with --strict, or (diff)
failed lines or --fail-on-change with changes, 2 usage error, 3 internal error.
`;

/** The largest playbook or test file read, in bytes. */
const playbookBytes = maxSourceBytes(defaultLimits.maxSourceLength);

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const pos = at ? lineColumn(text, Number(at[1])) : undefined;
    const where = pos ? `${file}:${pos.line}:${pos.column}` : file;
    throw new InputError(`${where}: error JSON_SYNTAX: the complaint is not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '').slice(0, 200)})\n`);
  }
}

/** A byte count from the command line: a whole number ≥ 1. */
function byteOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of bytes ≥ 1`);
  return n;
}

/** `--now`: an ISO 8601 time with an offset; a bracketed zone suffix is refused, not silently ignored. */
function nowOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('[')) throw new UsageError(`--now ${value}: a time-zone suffix in brackets is not supported; give the offset only, e.g. 2026-11-20T10:00:00+08:00`);
  return value;
}

interface LoadedPlaybook {
  playbook?: Playbook;
  problems?: PlaybookProblem[];
  text: string;
  file: string;
  /** The name problems carry. */
  name: string;
}

async function loadPlaybookArg(arg: string, io: CliIO): Promise<LoadedPlaybook> {
  const shipped = !/[/\\.]/.test(arg) ? shippedPlaybookPath(arg) : undefined;
  if (!shipped && !/[/\\.]/.test(arg)) throw new UsageError(`--playbook ${arg}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')}); give a path to a .yaml file for your own`);
  const file = shipped ? `playbooks/${arg}.yaml` : arg;
  const text = shipped ? await readTextFile(shipped, { maxBytes: playbookBytes, what: 'the playbook', name: file }) : await readInput(arg, io, 'the playbook', playbookBytes);
  const { playbook, problems } = validatePlaybook(text, { filename: file, resolve: resolver() });
  return playbook ? { playbook, text, file: shipped ?? arg, name: file } : { problems, text, file: shipped ?? arg, name: file };
}

/** Finds the bases of `extends`: shipped playbooks by name, files beside the playbook. */
function resolver() {
  return nodeResolver(shippedPlaybooksDir());
}

/**
 * Prints a playbook's problems with snippets (at most 100, then a count): from its text, or, for
 * a problem in a base it extends, from that file (read once, bounded; no snippet if unreadable).
 */
function printPlaybookProblems(problems: readonly PrintableProblem[], text: string, io: CliIO, name?: string): void {
  const own = new LineIndex(text);
  if (problems.every((p) => p.file === undefined || p.file === name || name === undefined)) return printProblems(problems, own, io);
  const others = new Map<string, LineIndex | undefined>();
  const sourceOf = (file: string | undefined): LineIndex | undefined => {
    if (file === undefined || file === name) return own;
    if (!others.has(file)) {
      try {
        others.set(file, new LineIndex(readTextFileSync(file, playbookBytes)));
      } catch {
        others.set(file, undefined);
      }
    }
    return others.get(file);
  };
  const shown = problems.slice(0, maxPrintedProblems);
  for (const p of shown) printProblems([p], sourceOf(p.file), io);
  const rest = problems.length - shown.length;
  if (rest > 0) io.stderr(`… and ${rest} more problem${rest === 1 ? '' : 's'} (not printed; --format json lists them)\n`);
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
      'max-complaint-bytes': { type: 'string' },
      ...(command === 'evaluate' ? { batch: { type: 'boolean' as const }, workers: { type: 'string' as const }, 'max-line-bytes': { type: 'string' as const } } : {}),
    },
  );
  if (values.batch) return batchCommand(values as Record<string, string | boolean | undefined>, positionals, noTrace, io);
  if (values.workers !== undefined || noTrace || values['max-line-bytes'] !== undefined) throw new UsageError('--workers, --no-trace and --max-line-bytes apply to --batch');
  const format = formatOption(values.format, ['json', 'text'], command === 'explain' ? 'text' : 'json');
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one complaint file (or - for standard input)`);
  if (typeof values.playbook !== 'string') throw new UsageError(`${command} needs --playbook <name | file.yaml>`);
  const maxComplaintBytes = byteOption(values['max-complaint-bytes'], 'max-complaint-bytes', defaultReadLimits.maxComplaintBytes);
  const now = nowOption(values.now);
  const complaintPath = positionals[0]!;
  const loaded = await loadPlaybookArg(values.playbook, io);
  if (!loaded.playbook) {
    printPlaybookProblems(loaded.problems ?? [], loaded.text, io, loaded.name);
    return exitCodes.invalid;
  }
  const complaintFile = complaintPath === '-' ? '<stdin>' : complaintPath;
  const complaintText = await readInput(complaintPath, io, 'the complaint', maxComplaintBytes);
  const complaint = parseJson(complaintText, complaintFile);
  try {
    const options: { now?: string; locale?: string } = {};
    if (now !== undefined) options.now = now;
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
      // Positions only for the problems printed, from one scan of the text.
      const shown = error.problems.slice(0, maxPrintedProblems);
      const locate = locateJsonPaths(complaintText, shown.map((p) => p.path));
      const lines = new LineIndex(complaintText);
      printProblems(
        error.problems.map((p, i) => {
          const pos = i < shown.length ? locate(p.path) : undefined;
          return { ...p, severity: 'error' as const, file: complaintFile, ...(pos ? { line: pos.line, column: pos.column } : {}) };
        }),
        lines,
        io,
      );
      return exitCodes.invalid;
    }
    throw error;
  }
}

async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string' } });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length === 0) throw new UsageError('validate needs at least one playbook file');
  const report: Array<{ file: string; valid: boolean; problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>> }> = [];
  let invalid = false;
  for (const file of positionals) {
    if (io.signal?.aborted) break;
    let text: string;
    try {
      text = await readInput(file, io, 'the playbook', playbookBytes);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      invalid = true;
      report.push({ file, valid: false, problems: [readErrorProblem(error)] });
      if (format === 'text') io.stderr(readErrorLine(error));
      continue;
    }
    const { problems, playbook, abstract } = validatePlaybook(text, { filename: file, resolve: resolver() });
    const valid = playbook !== undefined || (abstract === true && !problems.some((p) => p.severity === 'error'));
    invalid ||= !valid;
    report.push({ file, valid, problems });
    if (format === 'text') {
      printPlaybookProblems(problems, text, io, file);
      if (playbook) io.stdout(`${file}: ok (${playbook.id} ${playbook.version})\n`);
      else if (valid) io.stdout(`${file}: ok (a base to extend)\n`);
      else io.stderr(`${file}: ${problems.filter((p) => p.severity === 'error').length} error(s)\n`);
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  return invalid || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
}

async function findTestFiles(paths: string[], io: CliIO): Promise<string[]> {
  const out: string[] = [];
  const cwd = io.cwd ?? process.cwd();
  for (const p of paths) {
    const full = resolve(cwd, p);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      throw new InputError(`${p}: cannot read it: ${fileSystemReason(error)}`);
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = await readdir(full);
      } catch (error) {
        throw new InputError(`${p}: cannot list the folder: ${fileSystemReason(error)}`);
      }
      const entries = names.filter((f) => f.endsWith('.test.yaml')).sort();
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
  const report: unknown[] = [];
  for (const file of files) {
    if (io.signal?.aborted) break;
    const cwd = io.cwd ?? process.cwd();
    let result;
    try {
      result = await runPlaybookTestFile(resolve(cwd, file), filter ? { filter } : {});
    } catch (error) {
      if (error instanceof PlaybookError) {
        // The snippets come from the file named by the first problem: the test file or the
        // playbook it names, which the runner keeps inside the test file's folder (or shipped).
        const named = error.problems[0]?.file ?? file;
        const text = await readTextFile(resolve(cwd, named), { maxBytes: playbookBytes }).catch(() => undefined);
        printProblems(error.problems, text === undefined ? undefined : new LineIndex(text), io);
        report.push({ file, passed: 0, failed: 1, error: { code: error.code, problems: error.problems } });
        failed++;
        continue;
      }
      if (error instanceof ReadError) {
        io.stderr(readErrorLine(error));
        report.push({ file, passed: 0, failed: 1, error: readErrorProblem(error) });
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
  return failed > 0 || belowThreshold || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
}

async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { strict: { type: 'boolean' }, format: { type: 'string' } });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length === 0) throw new UsageError('lint needs at least one playbook file');
  const report: Array<{ file: string; errors: number; warnings: number; problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>> }> = [];
  let failed = false;
  for (const file of positionals) {
    if (io.signal?.aborted) break;
    let problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>>;
    let text: string | undefined;
    try {
      text = await readInput(file, io, 'the playbook', playbookBytes);
      problems = lintPlaybook(text, { filename: file, resolve: resolver() }).problems;
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      problems = [readErrorProblem(error)];
      if (format === 'text') io.stderr(readErrorLine(error));
    }
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    failed ||= errors > 0 || (values.strict === true && warnings > 0);
    report.push({ file, errors, warnings, problems });
    if (format === 'text') {
      if (text !== undefined) printPlaybookProblems(problems, text, io, file);
      if (errors) io.stderr(`${file}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}\n`);
      else if (warnings) io.stderr(`${file}: ${warnings} warning(s)\n`);
      else io.stdout(`${file}: ok, no warnings\n`);
    }
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  return failed || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
}

/**
 * `evaluate --batch`: JSON Lines in, one recommendation per line out (stdout), each failed line
 * reported with its number (stderr), then a summary whose counts add up to the lines read.
 */
async function batchCommand(values: Record<string, string | boolean | undefined>, positionals: string[], noTrace: boolean, io: CliIO): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('evaluate --batch takes exactly one JSON Lines file (or - for standard input)');
  if (typeof values.playbook !== 'string') throw new UsageError('evaluate --batch needs --playbook <name | file.yaml>');
  if (values.format !== undefined && values.format !== 'json') throw new UsageError('evaluate --batch writes JSON Lines; --format text is for one complaint');
  if (values['max-complaint-bytes'] !== undefined) throw new UsageError('evaluate --batch reads lines: use --max-line-bytes');
  let workers = 0;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError('--workers must be a whole number from 1 to 256');
  }
  const maxLineBytes = byteOption(values['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
  const now = nowOption(values.now);
  const loaded = await loadPlaybookArg(values.playbook, io);
  if (!loaded.playbook) {
    printPlaybookProblems(loaded.problems ?? [], loaded.text, io, loaded.name);
    return exitCodes.invalid;
  }
  const options: EvaluateOptions = {};
  if (now !== undefined) options.now = now;
  if (typeof values.locale === 'string') options.locale = values.locale;
  if (noTrace) options.trace = false;
  const file = positionals[0] === '-' ? '<stdin>' : positionals[0]!;
  const lines = openLines(positionals[0]!, io, maxLineBytes);
  const report = (line: number, error: { code: string; message: string; problems?: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }> }) => {
    // At most a few problems per line: a line is one complaint, and the log stays readable.
    const shown = error.problems?.slice(0, 10) ?? [];
    const more = (error.problems?.length ?? 0) - shown.length;
    const details = shown.length ? `: ${shown.map((p) => `${p.path.join('.') || '(complaint)'}: ${p.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}` : '';
    io.stderr(`${file}:${line}: error ${error.code}: ${error.problems?.length ? 'invalid complaint' : error.message}${details}\n`.slice(0, 4_000));
  };
  const signal = io.signal ? { signal: io.signal } : {};
  const gen =
    workers > 0
      ? evaluateLinesParallel(lines, { source: loaded.text, filename: loaded.file, workers, options, maxLineLength: maxLineBytes, ...signal })
      : evaluateLinesJson(loaded.playbook, lines, { ...options, maxLineLength: maxLineBytes, ...signal });
  let summary: BatchSummary;
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
  const counts = `${summary.lines} line(s) read: ${summary.ok} ok, ${summary.failed} failed, ${summary.blank} blank`;
  if (io.signal?.aborted) {
    io.stderr(`batch interrupted: ${counts}; the results above are complete up to line ${summary.lines}\n`);
    return exitCodes.invalid;
  }
  io.stderr(`batch: ${counts}\n`);
  return summary.failed > 0 ? exitCodes.invalid : exitCodes.ok;
}

async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    complaints: { type: 'string', short: 'c' },
    now: { type: 'string' },
    examples: { type: 'string' },
    format: { type: 'string' },
    'fail-on-change': { type: 'boolean' },
    'max-line-bytes': { type: 'string' },
  });
  const format = formatOption(values.format, ['json', 'text'], 'text');
  if (positionals.length !== 2) throw new UsageError('diff takes two playbooks: the old one and the new one');
  if (typeof values.complaints !== 'string') throw new UsageError('diff needs --complaints <cases.jsonl> (one complaint as JSON per line)');
  let maxExamples = 3;
  if (values.examples !== undefined) {
    maxExamples = Number(values.examples);
    if (!Number.isInteger(maxExamples) || maxExamples < 0 || maxExamples > 1_000) throw new UsageError('--examples must be a whole number from 0 to 1000');
  }
  const maxLineBytes = byteOption(values['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
  const now = nowOption(values.now);
  const loaded = [];
  for (const arg of positionals) {
    const one = await loadPlaybookArg(arg, io);
    if (!one.playbook) {
      printPlaybookProblems(one.problems ?? [], one.text, io, one.name);
      return exitCodes.invalid;
    }
    loaded.push({ ...one, file: arg, playbook: one.playbook });
  }
  const [before, after] = loaded as [(typeof loaded)[number], (typeof loaded)[number]];
  const lines = openLines(values.complaints, io, maxLineBytes);
  const report = await diffPlaybooks(before.playbook, after.playbook, lines, {
    maxExamples,
    maxLineLength: maxLineBytes,
    ...(now !== undefined ? { now } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  const label = (x: typeof before) => `${x.file} (${x.playbook.id} ${x.playbook.version})`;
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDiffReport(report, { before: label(before), after: label(after) }));
  if (io.signal?.aborted) {
    io.stderr(`diff interrupted after line ${report.lines}: the report covers the lines read so far\n`);
    return exitCodes.invalid;
  }
  if (report.skipped > 0) {
    io.stderr(`diff: ${report.skipped} line(s) could not be compared (old version failed: ${report.failedBefore}, new version failed: ${report.failedAfter}, unreadable: ${report.unreadable})\n`);
    return exitCodes.invalid;
  }
  if (values['fail-on-change'] && report.changed > 0) {
    io.stderr(`diff: ${report.changed} complaint(s) change (--fail-on-change)\n`);
    return exitCodes.invalid;
  }
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

/**
 * Creates `dir` and its missing parents one level at a time. (A recursive `mkdir` can loop
 * forever where the file system answers ENOENT for a parent that exists, as under /proc.)
 */
async function makeFolder(dir: string, shown: string, cwd: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    let info;
    try {
      info = await stat(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at || missing.length >= 64) {
        throw new InputError(`${shown}: cannot create the folder: ${fileSystemReason(error)}`);
      }
      missing.push(at);
      continue;
    }
    if (!info.isDirectory()) {
      const part = relative(cwd, at).startsWith('..') ? at : relative(cwd, at);
      throw new InputError(`${shown}: cannot create the folder: ${at === dir ? 'it exists and is not a folder' : `${part} is a file, not a folder`}`);
    }
    break;
  }
  for (const at of missing.reverse()) {
    try {
      await mkdir(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InputError(`${shown}: cannot create the folder: ${fileSystemReason(error)}`);
    }
  }
}

async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { from: { type: 'string' }, dir: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('init takes exactly one name, e.g. init my-shop');
  const name = positionals[0]!;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`init ${name.slice(0, 100)}: a playbook name is lower-case letters, digits and dashes, starting with a letter`);
  // The id of a playbook is at most 64 characters (the schema's bound): longer would scaffold a playbook that does not load.
  if (name.length > 64) throw new UsageError(`init: a playbook name is at most 64 characters; this one has ${name.length}`);
  const from = typeof values.from === 'string' ? values.from : 'retail';
  const source = shippedPlaybookPath(from);
  if (!source) throw new UsageError(`--from ${from}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')})`);
  const cwd = io.cwd ?? process.cwd();
  const dirArg = typeof values.dir === 'string' ? values.dir : '.';
  const dir = resolve(cwd, dirArg);
  const targets = [join(dir, `${name}.yaml`), join(dir, `${name}.test.yaml`)] as const;
  const shown = targets.map((t) => (relative(cwd, t).startsWith('..') ? t : relative(cwd, t)));
  for (const [i, t] of targets.entries()) {
    const exists = await lstat(t).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false;
        throw new InputError(`${shown[i]}: cannot create it: ${fileSystemReason(error)}`);
      },
    );
    if (exists) throw new InputError(`${shown[i]}: already exists; init never overwrites a file (choose another name or --dir)`);
  }
  const template = await readTextFile(source, { maxBytes: playbookBytes, what: 'the shipped playbook' });
  const templateTests = await readTextFile(source.replace(/\.yaml$/, '.test.yaml'), { maxBytes: playbookBytes, what: 'the shipped test file' });
  const playbook = pointSchemaComment(replaceTopLevel(template, { playbook: name, version: '0.1.0' }), dir, 'playbook.schema.json');
  const tests = pointSchemaComment(replaceTopLevel(templateTests, { playbook: `${name}.yaml` }), dir, 'playbook-test.schema.json');
  // The scaffold must load: a template that does not is a bug here, not the user's problem.
  const check = validatePlaybook(playbook, { filename: shown[0], resolve: resolver() });
  if (!check.playbook) throw new Error(`the scaffold from ${from} does not load: ${check.problems[0]?.message}`);
  await makeFolder(dir, dirArg, cwd);
  const write = async (i: 0 | 1, text: string) => {
    try {
      await writeFile(targets[i], text, { flag: 'wx' });
    } catch (error) {
      throw new InputError(`${shown[i]}: cannot create it: ${fileSystemReason(error)}`);
    }
  };
  await write(0, playbook);
  try {
    await write(1, tests);
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
export async function cli(argv: readonly string[], hostIO: CliIO): Promise<number> {
  // Writing must never throw (a closed or full stream): cli() answers an exit code, always.
  const io: CliIO = { ...hostIO, stdout: safeWriter((t) => hostIO.stdout(t)), stderr: safeWriter((t) => hostIO.stderr(t)) };
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
      case 'studio':
        return await studioCommand(rest, io);
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
      io.stderr(`complaint-playbook: ${error.message.slice(0, 500)}\n\n${usage}`);
      return exitCodes.usage;
    }
    if (error instanceof InputError) {
      io.stderr(error.message.endsWith('\n') ? error.message : `${error.message}\n`);
      return exitCodes.invalid;
    }
    if (error instanceof ReadError) {
      io.stderr(readErrorLine(error));
      return exitCodes.invalid;
    }
    if (error instanceof PlaybookError) {
      // A playbook that failed where it was not expected to (e.g. a test file's): its problems.
      printProblems(error.problems, undefined, io);
      return exitCodes.invalid;
    }
    if (isFileSystemError(error)) {
      // An ordinary file-system failure (a full disk, a folder that vanished): the path and the reason.
      io.stderr(`${error.path ?? 'complaint-playbook'}: ${error.syscall ? `${error.syscall} failed: ` : ''}${fileSystemReason(error)}\n`);
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
