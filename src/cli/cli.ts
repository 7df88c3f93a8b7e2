/**
 * The dispatcher: `cli(argv, io)` finds the declared command, lets commander parse its
 * arguments, runs it, and turns every error into a message and an exit code. The commands live
 * in `commands/`, one file each; what they share lives below them (io, problems, read, shared).
 */
import { CommanderError, type Command } from 'commander';
import { isComplaintPlaybookError, PlaybookError, ReadError } from '../errors.js';
import { fileSystemReason, isFileSystemError } from '../files/read.js';
import type { CommandSpec } from './command.js';
import { commands } from './commands/index.js';
import { exitCodes, InputError, safeWriter, UsageError, type CliIO } from './io.js';
import { printProblems } from './problems.js';
import { buildProgram, languageOf, usageLine, valuesOf } from './program.js';
import { readErrorLine } from './read.js';

export { exitCodes, type CliIO } from './io.js';
export { formatProblem } from './problems.js';
export { formatRecommendation } from './format.js';

/** The command named on the command line: the first argument that is one (help's too). */
function commandNamed(argv: readonly string[]): string | undefined {
  const names = new Set(commands.map((c) => c.name));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return names.has(a) ? a : a === 'help' && argv[i + 1] && names.has(argv[i + 1]!) ? argv[i + 1] : undefined;
  }
  return undefined;
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
  const lang = languageOf(argv);
  let code: number = exitCodes.ok;
  const run = async (spec: CommandSpec, command: Command) => {
    code = await spec.run({ io, lang, commands, ...valuesOf(spec, command) });
  };
  const program = buildProgram(commands, lang, io, run);
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return exitCodes.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end commander's parse with an "error" whose exit code is 0.
      if (error.exitCode === 0) return exitCodes.ok;
      const { line } = usageLine(error, commandNamed(argv), lang);
      io.stderr(line.slice(0, 1_000));
      return exitCodes.usage;
    }
    if (error instanceof UsageError) {
      const { line } = usageLine(error, commandNamed(argv), lang);
      io.stderr(line.slice(0, 1_000));
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
      io.stderr(`error ${error.code}: ${error.message}\n`);
      return exitCodes.invalid;
    }
    io.stderr(
      `complaint-playbook: internal error (this is a bug): ${error instanceof Error ? error.message : String(error)}\n` +
        'Please report it with the command and input that caused it at https://github.com/complaint-playbook/complaint-playbook/issues\n',
    );
    return exitCodes.internal;
  }
}
