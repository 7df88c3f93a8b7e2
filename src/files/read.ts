/**
 * The one strict, bounded reader behind every input the Node helpers and the CLI read: playbooks,
 * test files, complaints, JSON Lines, standard input. Node only (the core never imports it).
 *
 * - Bounded: reading stops one byte past the size limit, so `/dev/zero` or a 10 GB file costs
 *   the limit, never more; a JSON line past its limit is counted and skipped, never held.
 * - Regular files only: a named pipe (FIFO) with no writer would block forever, a device may
 *   never end; both are refused before a byte is read (opened non-blocking, checked with fstat).
 * - Strict text: bytes that are not UTF-8 are an error with the position of the first bad byte,
 *   never a silent U+FFFD; a UTF-8 byte-order mark is dropped; UTF-16 is named as such.
 */
import { isUtf8 } from 'node:buffer';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { untilAborted, type UnreadableLine } from '../batch/batch.js';
import { ReadError } from '../errors.js';
import { decodeUtf8 } from '../load/decode.js';

/**
 * Options of {@link readTextFile} and {@link readTextStream}.
 *
 * @example
 * ```ts
 * const options: ReadTextOptions = { maxBytes: 1_000_000, what: 'the complaint' };
 * ```
 */
export interface ReadTextOptions {
  /** Most bytes accepted (a leading BOM included); one more and `LIMIT_EXCEEDED` is thrown. */
  maxBytes: number;
  /** Words naming the input in messages, e.g. `the playbook`. Default: `the file`. */
  what?: string;
  /** The name errors carry. Default: the path (`<stdin>` for a stream). */
  name?: string;
  /** Stops reading when aborted (throws `READ_FAILED`). */
  signal?: AbortSignal;
}

/**
 * Options of {@link readJsonLines}.
 *
 * @example
 * ```ts
 * const options: ReadLinesOptions = { maxLineBytes: 1_000_000 };
 * ```
 */
export interface ReadLinesOptions {
  /** Longest line accepted, in bytes (the `\n` excluded, a `\r` before it counted); a longer one becomes a `LINE_TOO_LONG` {@link UnreadableLine}. */
  maxLineBytes: number;
  /** The name errors carry. Default: the path (`<stdin>` for a stream). */
  name?: string;
}

const reasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EEXIST: 'it already exists',
  EBUSY: 'it is busy',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EINVAL: 'the file system refuses this name or operation',
  EAGAIN: 'it is not ready to be read',
};

/**
 * The reason an operating-system error gives, in plain words (`no such file or directory`).
 *
 * @example
 * ```ts
 * try { await mkdir(dir); } catch (e) { console.error(`${dir}: ${fileSystemReason(e)}`); }
 * ```
 */
export function fileSystemReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && reasons[code]) return `${reasons[code]} (${code})`;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/** True for an error of the operating system (it has an errno code such as `ENOENT`). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!) && 'syscall' in error;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'it is a directory';
  if (info.isFIFO()) return 'it is a named pipe (FIFO), which may never end or never start; pipe it to standard input (-) instead';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'it is a device, not a file';
  if (info.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

/**
 * Opens a regular file for reading. Non-blocking, so that opening a FIFO without a writer returns
 * at once (and is then refused) instead of waiting for a writer that may never come.
 */
async function openRegularFile(path: string, name: string, what: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    throw new ReadError('READ_FAILED', `cannot read ${what}: ${fileSystemReason(error)}`, { file: name, cause: error });
  }
  let info: Stats;
  try {
    info = await handle.stat();
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new ReadError('READ_FAILED', `cannot read ${what}: ${fileSystemReason(error)}`, { file: name, cause: error });
  }
  if (!info.isFile()) {
    await handle.close().catch(() => undefined);
    throw new ReadError('NOT_A_FILE', `cannot read ${what}: ${kindOf(info)}`, { file: name });
  }
  return handle;
}

/** UTF-16 with a byte-order mark, or (without one) ASCII text with a zero byte after or before each character. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  return bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0
    ? true
    : bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0;
}

function utf16Error(name: string, what: string): ReadError {
  return new ReadError('ENCODING', `${what} is UTF-16, not UTF-8; save it as UTF-8`, { file: name, line: 1, column: 1 });
}

/**
 * Decodes bytes strictly as UTF-8, dropping a leading BOM.
 *
 * @throws {@link ReadError} `ENCODING` with the line and column of the first bad byte, or for UTF-16.
 */
export function decodeText(bytes: Uint8Array, name: string, what = 'the file'): string {
  if (looksLikeUtf16(bytes)) throw utf16Error(name, what);
  const decoded = decodeUtf8(bytes);
  if ('failure' in decoded) {
    const { offset, line, column } = decoded.failure;
    throw new ReadError('ENCODING', `${what} is not valid UTF-8 (bad byte at offset ${offset}); save it as UTF-8`, { file: name, line, column });
  }
  return decoded.text;
}

function tooLarge(name: string, what: string, maxBytes: number): ReadError {
  return new ReadError('LIMIT_EXCEEDED', `${what} is larger than ${maxBytes} bytes, the limit; reading stopped there`, { file: name });
}

function aborted(name: string, what: string): ReadError {
  return new ReadError('READ_FAILED', `reading ${what} was interrupted`, { file: name });
}

/**
 * Reads a whole regular file as text, strictly and within a size limit.
 *
 * @param path - The file.
 * @param options - `maxBytes` (required), `what` and `name` for messages, `signal`.
 * @returns The text, without a leading BOM.
 * @throws {@link ReadError}: `READ_FAILED` (with the reason: no such file, permission denied, …),
 *   `NOT_A_FILE` (a directory, FIFO, device or socket), `LIMIT_EXCEEDED`, `ENCODING`.
 *
 * @example
 * ```ts
 * import { readTextFile } from 'complaint-playbook/node';
 * const text = await readTextFile('tickets/T-1.json', { maxBytes: 1_000_000, what: 'the complaint' });
 * ```
 */
export async function readTextFile(path: string, options: ReadTextOptions): Promise<string> {
  const name = options.name ?? path;
  const what = options.what ?? 'the file';
  const handle = await openRegularFile(path, name, what);
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      if (options.signal?.aborted) throw aborted(name, what);
      // One byte past the limit is enough to know the file is too large.
      const want = Math.min(1 << 20, options.maxBytes + 1 - size);
      const buffer = Buffer.allocUnsafe(Math.max(1, want));
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        throw new ReadError('READ_FAILED', `cannot read ${what}: ${fileSystemReason(error)}`, { file: name, cause: error });
      }
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      size += bytesRead;
      if (size > options.maxBytes) throw tooLarge(name, what, options.maxBytes);
    }
    return decodeText(Buffer.concat(chunks, size), name, what);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads a whole byte stream (standard input) as text, strictly and within a size limit: it stops
 * reading one chunk past the limit.
 *
 * @example
 * ```ts
 * const text = await readTextStream(process.stdin, { maxBytes: 1_000_000, what: 'the complaint' });
 * ```
 */
export async function readTextStream(stream: AsyncIterable<Uint8Array | string>, options: ReadTextOptions): Promise<string> {
  const name = options.name ?? '<stdin>';
  const what = options.what ?? 'the input';
  const chunks: Buffer[] = [];
  let size = 0;
  // Raced against the signal: a terminal that sends nothing must not hold an interrupted run.
  for await (const chunk of untilAborted(stream, options.signal)) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(bytes);
    size += bytes.length;
    // Leaving the loop ends the stream: nothing more is read.
    if (size > options.maxBytes) throw tooLarge(name, what, options.maxBytes);
  }
  if (options.signal?.aborted) throw aborted(name, what);
  return decodeText(Buffer.concat(chunks, size), name, what);
}

/** A failed line for {@link readJsonLines}. */
function unreadable(code: UnreadableLine['unreadable']['code'], message: string): UnreadableLine {
  return { unreadable: { code, message } };
}

/**
 * Splits a byte stream into lines: `\n` ends a line and a `\r` before it is dropped. Each line is
 * checked on its own: too long, it is counted but not kept (memory stays within the limit
 * whatever the input); not UTF-8, it is reported with the column of the bad byte.
 */
async function* splitLines(chunks: AsyncIterable<Uint8Array | string>, maxLineBytes: number, name: string): AsyncGenerator<string | UnreadableLine, void, undefined> {
  let parts: Buffer[] = [];
  let lineBytes = 0;
  let tooLong = false;
  let first = true;
  const take = (): string | UnreadableLine => {
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const length = lineBytes;
    parts = [];
    lineBytes = 0;
    if (tooLong) {
      tooLong = false;
      return unreadable('LINE_TOO_LONG', `the line is ${length} bytes long; the limit is ${maxLineBytes} bytes`);
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    const line = bytes.subarray(0, end);
    if (isUtf8(line)) return line.toString('utf8');
    const decoded = decodeUtf8(line);
    const column = 'failure' in decoded ? decoded.failure.column : 1;
    return unreadable('ENCODING', `the line is not valid UTF-8 (bad byte at column ${column}); save the file as UTF-8`);
  };
  for await (const raw of chunks) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (first && chunk.length > 0) {
      first = false;
      if (looksLikeUtf16(chunk)) throw utf16Error(name, 'the file');
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let start = 0;
    for (;;) {
      if (lineBytes === 0 && !tooLong) {
        // The usual case, whole short lines up to the chunk's last line break: checked and
        // decoded together, once.
        const last = chunk.lastIndexOf(10);
        if (last > start && last - start <= maxLineBytes) {
          const region = chunk.subarray(start, last);
          if (isUtf8(region)) {
            for (const line of region.toString('utf8').split('\n')) yield line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
            start = last + 1;
          }
        }
      }
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      lineBytes += end - start;
      if (!tooLong) {
        if (lineBytes > maxLineBytes) {
          tooLong = true;
          parts = [];
        } else if (end > start) {
          parts.push(chunk.subarray(start, end));
        }
      }
      if (newline === -1) break;
      yield take();
      start = newline + 1;
    }
  }
  if (lineBytes > 0) yield take();
}

/**
 * Reads JSON Lines (a file, or a byte stream such as standard input) one line at a time, for
 * `evaluateLines`, `evaluateLinesJson`, `evaluateLinesParallel` and `diffPlaybooks`. Memory stays
 * within one line whatever the input. A line longer than `maxLineBytes`, or not UTF-8, is yielded
 * as an {@link UnreadableLine}: those functions report it with its number and go on. A leading
 * BOM is dropped.
 *
 * @throws {@link ReadError} when the file cannot be opened (`READ_FAILED`, `NOT_A_FILE`) or is UTF-16 (`ENCODING`).
 *
 * @example
 * ```ts
 * import { evaluateLinesJson } from 'complaint-playbook';
 * import { readJsonLines } from 'complaint-playbook/node';
 * for await (const item of evaluateLinesJson(playbook, readJsonLines('tickets.jsonl', { maxLineBytes: 1_000_000 }))) {
 *   if (!item.ok) console.error(`line ${item.line}: ${item.error.code}`);
 * }
 * ```
 */
export async function* readJsonLines(source: string | AsyncIterable<Uint8Array | string>, options: ReadLinesOptions): AsyncGenerator<string | UnreadableLine, void, undefined> {
  if (typeof source !== 'string') {
    yield* splitLines(source, options.maxLineBytes, options.name ?? '<stdin>');
    return;
  }
  const name = options.name ?? source;
  const handle = await openRegularFile(source, name, 'the complaints');
  try {
    yield* splitLines(handle.createReadStream({ autoClose: false, highWaterMark: 1 << 16 }), options.maxLineBytes, name);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
