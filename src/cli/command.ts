/**
 * How a CLI command is declared: once, in its own file under `commands/`. Its arguments,
 * options, defaults and examples come from this declaration alone: the parser (commander), the
 * `--help` page, "did you mean" for a mistyped flag, the one-line usage error and the shell
 * completion are all built from it (see `program.ts`). A command never imports the dispatcher.
 */
import type { CliIO } from './io.js';

/** The languages of the CLI's own words (`--lang`). */
export const cliLanguages = ['en', 'zh-CN'] as const;

/** A language of the CLI's own words. */
export type CliLanguage = (typeof cliLanguages)[number];

/** A text in every language of the CLI. */
export interface CliText {
  en: string;
  'zh-CN': string;
}

/** A positional argument. */
export interface ArgumentSpec {
  /** As shown in the usage line, e.g. `complaint.json | -`. */
  name: string;
  description: CliText;
  /** Default: true. */
  required?: boolean;
  /** Takes every remaining argument. Default: false. */
  variadic?: boolean;
}

/** An option: a flag with or without a value. */
export interface OptionSpec {
  /** The long name without dashes, e.g. `playbook`; `no-trace` declares a negatable flag. */
  name: string;
  /** A one-letter alias, e.g. `p`. */
  short?: string;
  /** The value's placeholder, e.g. `name | file.yaml`; absent for a flag. */
  value?: string;
  description: CliText;
  /** The value used when the option is absent, shown in help. */
  default?: string;
  /** The only values accepted (checked by the parser, completed by the shell). */
  choices?: readonly string[];
  /** Completes file names in the shell. Default: false. */
  file?: boolean;
}

/** What a command's `run` receives. */
export interface RunContext {
  io: CliIO;
  lang: CliLanguage;
  /** The positional arguments, in order (a variadic one spread). */
  args: string[];
  /** Option values by long name (`max-line-bytes`), strings or booleans; defaults applied. */
  options: Record<string, string | boolean | undefined>;
  /** The long names of the options given on the command line (not defaulted). */
  given: ReadonlySet<string>;
  /** Every declared command (for `completion`, which is generated from them). */
  commands: readonly CommandSpec[];
}

/** One CLI command, declared once. */
export interface CommandSpec {
  name: string;
  summary: CliText;
  /** Said under the usage line of `--help`, after the summary. */
  details?: CliText;
  arguments: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** Complete command lines, without the program name. At least one. */
  examples: readonly string[];
  /** Runs the command; returns the exit code. Throws UsageError / InputError for the dispatcher. */
  run(context: RunContext): Promise<number>;
}

/**
 * Declares a command (an identity function that checks the declaration's type).
 *
 * @example
 * ```ts
 * export default defineCommand({ name: 'hello', summary: { en: 'says hello', 'zh-CN': '问好' }, arguments: [], options: [], examples: ['hello'], run: async ({ io }) => (io.stdout('hello\n'), 0) });
 * ```
 */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** The text in the asked language. */
export function say(text: CliText, lang: CliLanguage): string {
  return text[lang];
}

/** The `--lang` option every command takes. */
export const langOption: OptionSpec = {
  name: 'lang',
  value: 'language',
  choices: cliLanguages,
  default: 'en',
  description: { en: 'language of the messages and of this help', 'zh-CN': '提示信息和帮助所用的语言' },
};
