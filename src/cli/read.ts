/**
 * How the CLI reads its inputs: every file and standard input through the one strict, bounded
 * reader (`src/files/read.ts`), and read errors printed with their path, reason and position.
 */
import { resolve } from 'node:path';
import type { UnreadableLine } from '../batch/batch.js';
import { ReadError } from '../errors.js';
import { readJsonLines, readTextFile, readTextStream } from '../files/read.js';
import type { CliIO } from './io.js';

/** Where a read error happened, for a problem line: `file[:line:column]`. */
export function readErrorLine(error: ReadError): string {
  const where = [error.file, error.line, error.column].filter((x) => x !== undefined).join(':');
  return `${where}: error ${error.code}: ${error.message}\n`;
}

/** A read error as a problem of a JSON report. */
export function readErrorProblem(error: ReadError): { code: string; severity: 'error'; message: string; path: never[]; file: string; line?: number; column?: number } {
  return {
    code: error.code,
    severity: 'error',
    message: error.message,
    path: [],
    file: error.file,
    ...(error.line !== undefined ? { line: error.line, column: error.column ?? 1 } : {}),
  };
}

/**
 * Reads a file, or standard input for `-`, as text: at most `maxBytes` bytes, strict UTF-8, a
 * leading BOM dropped, regular files only.
 *
 * @throws ReadError
 */
export async function readInput(path: string, io: CliIO, what: string, maxBytes: number): Promise<string> {
  const signal = io.signal ? { signal: io.signal } : {};
  if (path === '-') {
    if (io.stdinBytes) return readTextStream(io.stdinBytes(), { maxBytes, what, name: '<stdin>', ...signal });
    // A host that hands over text (tests): the same limit and BOM rule.
    const text = await io.readStdin();
    if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new ReadError('LIMIT_EXCEEDED', `${what} is larger than ${maxBytes} bytes, the limit`, { file: '<stdin>' });
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  return readTextFile(resolve(io.cwd ?? process.cwd(), path), { maxBytes, what, name: path, ...signal });
}

/**
 * The lines of a JSON Lines file, or of standard input for `-`, one at a time through the strict
 * reader: a line longer than `maxLineBytes` or not UTF-8 comes as an {@link UnreadableLine}.
 */
export function openLines(path: string, io: CliIO, maxLineBytes: number): AsyncIterable<string | UnreadableLine> | Iterable<string | UnreadableLine> {
  if (path === '-') {
    if (io.stdinBytes) return readJsonLines(io.stdinBytes(), { maxLineBytes, name: '<stdin>' });
    if (io.stdinLines) return io.stdinLines();
    return (async function* () {
      const text = await io.readStdin();
      const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      yield* lines;
    })();
  }
  return readJsonLines(resolve(io.cwd ?? process.cwd(), path), { maxLineBytes, name: path });
}
