/**
 * Pieces several commands use: reading a playbook named on the command line, printing its
 * problems with snippets, and the checks of option values. Below the commands; imports none.
 */
import type { PlaybookProblem } from '../errors.js';
import { nodeResolver, readTextFileSync, shippedPlaybookNames, shippedPlaybookPath, shippedPlaybooksDir } from '../node.js';
import { readTextFile } from '../files/read.js';
import { defaultLimits, maxSourceBytes } from '../options.js';
import { validatePlaybook, type Playbook } from '../playbook.js';
import { exitCodes, InputError, UsageError, type CliIO } from './io.js';
import { LineIndex, maxPrintedProblems, printProblems, type PrintableProblem } from './problems.js';
import { readInput } from './read.js';

/** The largest playbook or test file read, in bytes. */
export const playbookBytes = maxSourceBytes(defaultLimits.maxSourceLength);

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Parses complaint JSON, or throws an InputError with the line and column of the mistake. */
export function parseJson(text: string, file: string): unknown {
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
export function byteOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError('INVALID_VALUE', { en: `--${name} must be a whole number of bytes ≥ 1`, 'zh-CN': `--${name} 必须是不小于 1 的整数（字节数）` });
  return n;
}

/** `--now`: an ISO 8601 time with an offset; a bracketed zone suffix is refused, not silently ignored. */
export function nowOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('[')) throw new UsageError('INVALID_VALUE', { en: `--now ${value}: a time-zone suffix in brackets is not supported; give the offset only, e.g. 2026-11-20T10:00:00+08:00`, 'zh-CN': `--now ${value}：不支持方括号中的时区后缀；请只写偏移量，例如 2026-11-20T10:00:00+08:00` });
  return value;
}

/** A playbook named on the command line, loaded, or its problems. */
export interface LoadedPlaybook {
  playbook?: Playbook;
  problems?: PlaybookProblem[];
  text: string;
  file: string;
  /** The name problems carry. */
  name: string;
}

/** Finds the bases of `extends`: shipped playbooks by name, files beside the playbook. */
export function resolver() {
  return nodeResolver(shippedPlaybooksDir());
}

/** Loads `--playbook <name | file.yaml>`: a shipped playbook by name, or a file (or `-`). */
export async function loadPlaybookArg(arg: string, io: CliIO): Promise<LoadedPlaybook> {
  const shipped = !/[/\\.]/.test(arg) ? shippedPlaybookPath(arg) : undefined;
  if (!shipped && !/[/\\.]/.test(arg)) throw new UsageError('INVALID_VALUE', { en: `--playbook ${arg}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')}); give a path to a .yaml file for your own`, 'zh-CN': `--playbook ${arg}：没有这个名称的内置预案（内置：${shippedPlaybookNames().join('、')}）；自己的预案请给出 .yaml 文件路径` });
  const file = shipped ? `playbooks/${arg}.yaml` : arg;
  const text = shipped ? await readTextFile(shipped, { maxBytes: playbookBytes, what: 'the playbook', name: file }) : await readInput(arg, io, 'the playbook', playbookBytes);
  const { playbook, problems } = validatePlaybook(text, { filename: file, resolve: resolver() });
  return playbook ? { playbook, text, file: shipped ?? arg, name: file } : { problems, text, file: shipped ?? arg, name: file };
}

/**
 * Prints a playbook's problems with snippets (at most 100, then a count): from its text, or, for
 * a problem in a base it extends, from that file (read once, bounded; no snippet if unreadable).
 */
export function printPlaybookProblems(problems: readonly PrintableProblem[], text: string, io: CliIO, name?: string, lang: 'en' | 'zh-CN' = 'en'): void {
  const own = new LineIndex(text);
  if (problems.every((p) => p.file === undefined || p.file === name || name === undefined)) return printProblems(problems, own, io, lang);
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
  for (const p of shown) printProblems([p], sourceOf(p.file), io, lang);
  const rest = problems.length - shown.length;
  if (rest > 0) io.stderr(`… and ${rest} more problem${rest === 1 ? '' : 's'} (not printed; --format json lists them)\n`);
}

/**
 * Loads `--playbook <name | file.yaml>` for a command and prints its problems; `undefined` when
 * it does not load.
 */
export async function loadPlaybookOrPrint(arg: string, io: CliIO, lang: 'en' | 'zh-CN' = 'en'): Promise<Playbook | undefined> {
  const loaded = await loadPlaybookArg(arg, io);
  if (!loaded.playbook) printPlaybookProblems(loaded.problems ?? [], loaded.text, io, loaded.name, lang);
  return loaded.playbook;
}

/** A line of a batch that failed: its code, message and (for an invalid record) the problems. */
export interface FailedLine {
  code: string;
  message: string;
  problems?: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>;
}

/**
 * One failed line of a batch on stderr: `file:line: error CODE: message`, with at most ten of its
 * problems (a line is one record, and the log stays readable). `what` names the record.
 */
export function reportLine(io: CliIO, file: string, line: number, error: FailedLine, what: 'complaint' | 'case'): void {
  const shown = error.problems?.slice(0, 10) ?? [];
  const more = (error.problems?.length ?? 0) - shown.length;
  const details = shown.length ? `: ${shown.map((p) => `${p.path.join('.') || `(${what})`}: ${p.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}` : '';
  io.stderr(`${file}:${line}: error ${error.code}: ${error.problems?.length ? `invalid ${what}` : error.message}${details}\n`.slice(0, 4_000));
}

/**
 * Writes a batch as it streams: each good item through `write`, each failed line on stderr, then
 * the counts (`label: N line(s) read: …`, or that it was interrupted). Returns the exit code: 1 if
 * any line failed or the run was interrupted.
 */
export async function drainLines<T extends { ok: true } | { ok: false; line: number; error: FailedLine }>(
  run: AsyncGenerator<T, { lines: number; ok: number; failed: number; blank: number }>,
  io: CliIO,
  label: string,
  file: string,
  what: 'complaint' | 'case',
  write: (item: Extract<T, { ok: true }>) => string,
): Promise<number> {
  for (let step = await run.next(); ; step = await run.next()) {
    if (step.done) {
      const s = step.value;
      const counts = `${s.lines} line(s) read: ${s.ok} ok, ${s.failed} failed, ${s.blank} blank`;
      if (io.signal?.aborted) {
        io.stderr(`${label} interrupted: ${counts}; the results above are complete up to line ${s.lines}\n`);
        return exitCodes.invalid;
      }
      io.stderr(`${label}: ${counts}\n`);
      return s.failed > 0 ? exitCodes.invalid : exitCodes.ok;
    }
    const item = step.value;
    if (item.ok) io.stdout(write(item as Extract<T, { ok: true }>));
    else reportLine(io, file, (item as { line: number }).line, (item as { error: FailedLine }).error, what);
    if (io.drain) await io.drain();
  }
}
