/**
 * What every CLI command shares: where it reads and writes, its exit codes, and the two errors
 * that end a command with a message instead of a stack trace.
 */

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for `-`) as text; used when {@link CliIO.stdinBytes} is absent. */
  readStdin(): Promise<string>;
  /**
   * Standard input as bytes. When given, `-` is read through the strict reader (size limit,
   * strict UTF-8, BOM dropped, JSON Lines line by line) as files are. Default: none.
   */
  stdinBytes?(): AsyncIterable<Uint8Array>;
  /** Working directory for relative paths. Default: `process.cwd()`. */
  cwd?: string;
  /** Standard input line by line, for streaming `-` (batch, diff), when {@link CliIO.stdinBytes} is absent. Default: {@link CliIO.readStdin} split. */
  stdinLines?(): AsyncIterable<string>;
  /** Aborted on SIGINT, SIGTERM, SIGHUP or a closed output pipe: a batch stops, reports and exits non-zero. */
  signal?: AbortSignal;
  /** Resolves when stdout has room again (backpressure), so a slow reader keeps memory flat. */
  drain?(): Promise<void>;
}

/** Exit codes: 0 ok, 1 invalid input or failed tests, 2 usage, 3 internal error (a bug). */
export const exitCodes = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

/**
 * What went wrong on the command line, as a code a test (or a script) can switch on: the codes of
 * commander's own refusals, and those the commands add after parsing.
 *
 * - `UNKNOWN_OPTION`, `UNKNOWN_COMMAND`: a flag or command that does not exist (with "did you mean").
 * - `MISSING_ARGUMENT`, `TOO_MANY_ARGUMENTS`, `ARGUMENT_COUNT`: the number of arguments is wrong.
 * - `MISSING_VALUE`: a flag given without its value. `MISSING_OPTION`: a required option left out.
 * - `INVALID_VALUE`: a value out of range or of the wrong form. `CONFLICTING_OPTIONS`: options that do not go together.
 * - `USAGE`: anything else.
 */
export type UsageCode =
  | 'UNKNOWN_OPTION'
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'MISSING_VALUE'
  | 'MISSING_OPTION'
  | 'INVALID_VALUE'
  | 'TOO_MANY_ARGUMENTS'
  | 'ARGUMENT_COUNT'
  | 'CONFLICTING_OPTIONS'
  | 'USAGE';

/** A usage message in each language of the CLI; both are required, so none can be forgotten. */
export interface UsageText {
  en: string;
  'zh-CN': string;
}

/**
 * A mistake in the command line: exit 2 with one line in the language asked for (`--lang`).
 *
 * @example
 * ```ts
 * throw new UsageError('MISSING_OPTION', { en: 'track needs --playbook <name | file.yaml>', 'zh-CN': 'track 需要 --playbook <名称 | 文件.yaml>' });
 * ```
 */
export class UsageError extends Error {
  /** What went wrong, for scripts and tests. */
  readonly code: UsageCode;
  /** The message in each language; `message` is the English one. */
  readonly text: UsageText;
  constructor(code: UsageCode, text: UsageText) {
    super(text.en);
    this.name = 'UsageError';
    this.code = code;
    this.text = text;
  }
}

/** Input that cannot be used (a file that cannot be read, malformed JSON): exit 1 with the message. */
export class InputError extends Error {}

/**
 * Wraps an output function so that it can never throw: a closed or full stream (EPIPE, ENOSPC,
 * ENOBUFS) must not turn into a crash with a stack trace. Returns whether the write was accepted.
 */
export function safeWriter(write: (text: string) => unknown): (text: string) => boolean {
  let broken = false;
  return (text: string) => {
    if (broken) return false;
    try {
      write(text);
      return true;
    } catch {
      broken = true;
      return false;
    }
  };
}
