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

/** A mistake in the command line: exit 2 with the usage. */
export class UsageError extends Error {}

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
