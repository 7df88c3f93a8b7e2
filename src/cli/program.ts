/**
 * Builds the parser (commander) from the command declarations: usage lines, `--help` pages,
 * "did you mean" for mistyped flags and commands, and the values an option accepts all come
 * from the declarations. Commander's own messages are turned into one line in the asked
 * language, ending with where to read more.
 */
import { Command, CommanderError, Option, type Help as HelpType } from 'commander';
import { defaultLimits, defaultReadLimits } from '../options.js';
import { langOption, say, type CliLanguage, type CommandSpec, type OptionSpec } from './command.js';
import { UsageError, type CliIO, type UsageCode } from './io.js';
import { version } from './version.js';

const titles: Record<string, string> = { 'Usage:': '用法：', 'Options:': '选项：', 'Arguments:': '参数：', 'Commands:': '命令：' };

const words = {
  en: {
    program: 'Recommends how to handle a customer complaint from a YAML playbook, and checks, tests and compares playbooks.',
    help: 'show this help',
    helpCommand: 'show the help of a command',
    version: 'print the version',
    examples: 'Examples:',
    default: 'default',
    oneOf: 'one of',
    notes:
      `Shipped playbooks: retail, banking, telecom (or give a path to your own YAML).\n` +
      `Inputs are read strictly: UTF-8 only, regular files or standard input (-), a complaint\n` +
      `at most ${defaultReadLimits.maxComplaintBytes} bytes, a JSON line at most ${defaultReadLimits.maxLineBytes} bytes (longer lines are reported\n` +
      `and skipped), a playbook at most ${defaultLimits.maxSourceLength} characters.\n` +
      `Exit codes: 0 ok, 1 invalid input, failed tests, lint warnings with --strict, or (diff)\n` +
      `failed lines or --fail-on-change with changes, 2 usage error, 3 internal error.\n` +
      `Run complaint-playbook <command> --help for a command's arguments, options and examples.`,
  },
  'zh-CN': {
    program: '根据 YAML 预案给出客户投诉的处理建议，并检查、测试和比较预案。',
    help: '显示本帮助',
    helpCommand: '显示某个命令的帮助',
    version: '显示版本号',
    examples: '示例：',
    default: '默认',
    oneOf: '可选值',
    notes:
      `内置预案：retail、banking、telecom（也可以给出你自己的 YAML 文件路径）。\n` +
      `输入会被严格读取：仅限 UTF-8，普通文件或标准输入（-）；投诉最多 ${defaultReadLimits.maxComplaintBytes} 字节，\n` +
      `每行 JSON 最多 ${defaultReadLimits.maxLineBytes} 字节（超长的行会被报告并跳过），预案最多 ${defaultLimits.maxSourceLength} 个字符。\n` +
      `退出码：0 成功；1 输入无效、测试失败、--strict 下有 lint 警告，或（diff）有行失败或 --fail-on-change 时有变化；\n` +
      `2 用法错误；3 内部错误。\n` +
      `运行 complaint-playbook <命令> --help 查看该命令的参数、选项和示例。`,
  },
} as const;

/** The flags of an option as commander reads them, e.g. `-p, --playbook <name | file.yaml>`. */
export function optionFlags(option: OptionSpec): string {
  return `${option.short ? `-${option.short}, ` : ''}--${option.name}${option.value ? ` <${option.value}>` : ''}`;
}

/** The options of a command as declared, with `--lang` that every command takes. */
export function allOptions(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, langOption];
}

function helpConfiguration(lang: CliLanguage): Partial<HelpType> {
  const w = words[lang];
  return {
    styleTitle: (title: string) => (lang === 'zh-CN' ? (titles[title] ?? title) : title),
    optionDescription: (option: Option) => {
      const extra: string[] = [];
      if (option.argChoices) extra.push(`${w.oneOf}: ${option.argChoices.join(', ')}`);
      if (option.defaultValue !== undefined && typeof option.defaultValue === 'string') extra.push(`${w.default}: ${option.defaultValue}`);
      return extra.length ? `${option.description} (${extra.join('; ')})` : option.description;
    },
  };
}

/** The commander program of the declared commands; `run` is called with the one the user named. */
export function buildProgram(specs: readonly CommandSpec[], lang: CliLanguage, io: CliIO, run: (spec: CommandSpec, command: Command) => Promise<void>): Command {
  const w = words[lang];
  const program = new Command('complaint-playbook');
  const output = { writeOut: (t: string) => io.stdout(t), writeErr: (t: string) => io.stderr(t), outputError: () => {} };
  program
    .description(w.program)
    .version(version, '-v, --version', w.version)
    .helpOption('-h, --help', w.help)
    .helpCommand('help [command]', w.helpCommand)
    .configureHelp(helpConfiguration(lang))
    .configureOutput(output)
    .exitOverride()
    .addOption(new Option(optionFlags(langOption), say(langOption.description, lang)).choices(langOption.choices!).default(langOption.default))
    .addHelpText('after', `\n${w.notes}\n`);
  for (const spec of specs) {
    const command = program.command(spec.name).summary(say(spec.summary, lang));
    command.description(spec.details ? `${say(spec.summary, lang)}\n\n${say(spec.details, lang)}` : say(spec.summary, lang));
    command.helpOption('-h, --help', w.help).configureHelp(helpConfiguration(lang)).configureOutput(output).exitOverride();
    for (const arg of spec.arguments) {
      const required = arg.required !== false;
      const name = `${arg.name}${arg.variadic ? '...' : ''}`;
      command.argument(required ? `<${name}>` : `[${name}]`, say(arg.description, lang));
    }
    for (const spec of allOptions(specFor(command, specs))) {
      const option = new Option(optionFlags(spec), say(spec.description, lang));
      if (spec.choices) option.choices(spec.choices);
      if (spec.default !== undefined) option.default(spec.default);
      command.addOption(option);
    }
    command.addHelpText('after', `\n${w.examples}\n${spec.examples.map((e) => `  complaint-playbook ${e}`).join('\n')}\n`);
    command.action(async () => run(spec, command));
  }
  return program;
}

function specFor(command: Command, specs: readonly CommandSpec[]): CommandSpec {
  return specs.find((s) => s.name === command.name())!;
}

/** The values of a parsed command, by the declared long names, and which were given. */
export function valuesOf(spec: CommandSpec, command: Command): { args: string[]; options: Record<string, string | boolean | undefined>; given: Set<string> } {
  const raw = command.opts();
  const options: Record<string, string | boolean | undefined> = {};
  const given = new Set<string>();
  for (const option of allOptions(spec)) {
    const negated = option.name.startsWith('no-');
    const key = (negated ? option.name.slice(3) : option.name).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = raw[key] as string | boolean | undefined;
    options[option.name] = negated ? value === false : value;
    if (command.getOptionValueSource(key) === 'cli') given.add(option.name);
  }
  const args = command.processedArgs.flatMap((a: unknown) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [String(a)]));
  return { args, options, given };
}

/** The language asked for with `--lang` (anywhere before `--`), else English. */
export function languageOf(argv: readonly string[]): CliLanguage {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const value = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (value === 'zh-CN' || value === 'en') return value;
  }
  return 'en';
}

const usageWords = {
  en: {
    unknownOption: (flag: string) => `unknown option ${flag}`,
    unknownCommand: (name: string) => `unknown command "${name}"`,
    didYouMean: (x: string) => `did you mean ${x}?`,
    missingArgument: (name: string) => `missing ${name}`,
    optionMissingValue: (flags: string) => `${flags} needs a value`,
    invalidChoice: (flag: string, value: string, choices: string) => `${flag} ${value}: must be one of ${choices}`,
    excess: (expected: string, got: string) => `too many arguments: expected ${expected}, got ${got}`,
    see: (command: string) => `see \`complaint-playbook ${command}--help\``,
  },
  'zh-CN': {
    unknownOption: (flag: string) => `未知选项 ${flag}`,
    unknownCommand: (name: string) => `未知命令 "${name}"`,
    didYouMean: (x: string) => `您是不是想输入 ${x}？`,
    missingArgument: (name: string) => `缺少 ${name}`,
    optionMissingValue: (flags: string) => `${flags} 需要一个值`,
    invalidChoice: (flag: string, value: string, choices: string) => `${flag} ${value}：只能是 ${choices} 之一`,
    excess: (expected: string, got: string) => `参数过多：应为 ${expected} 个，实际 ${got} 个`,
    see: (command: string) => `参见 \`complaint-playbook ${command}--help\``,
  },
} as const;

export type { UsageCode } from './io.js';

/** Commander's error as one line in the asked language, with its code. */
export function usageLine(error: CommanderError | UsageError, command: string | undefined, lang: CliLanguage): { code: UsageCode; line: string } {
  const u = usageWords[lang];
  const message = error.message.replace(/^error: /, '');
  const suggestion = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message)?.[1];
  const hint = suggestion ? `${lang === 'zh-CN' ? '；' : '; '}${u.didYouMean(suggestion)}` : '';
  let code: UsageCode = 'USAGE';
  let text = message.split('\n')[0]!;
  const code0 = error instanceof CommanderError ? error.code : '';
  let m: RegExpExecArray | null;
  if (error instanceof UsageError) {
    // A command's own check after parsing: its code, and its text in the asked language.
    code = error.code;
    text = error.text[lang].split('\n')[0]!;
  } else if (code0 === 'commander.unknownOption' && (m = /unknown option '([^']*)'/.exec(message))) {
    code = 'UNKNOWN_OPTION';
    text = u.unknownOption(m[1]!) + hint;
  } else if (code0 === 'commander.unknownCommand' && (m = /unknown command '([^']*)'/.exec(message))) {
    code = 'UNKNOWN_COMMAND';
    text = u.unknownCommand(m[1]!) + hint;
  } else if (code0 === 'commander.missingArgument' && (m = /missing required argument '([^']*)'/.exec(message))) {
    code = 'MISSING_ARGUMENT';
    text = u.missingArgument(`<${m[1]!}>`);
  } else if (code0 === 'commander.optionMissingArgument' && (m = /option '([^']*)' argument missing/.exec(message))) {
    code = 'MISSING_VALUE';
    text = u.optionMissingValue(m[1]!);
  } else if (code0 === 'commander.invalidArgument' && (m = /option '(-\S+(?:, )?(\S*))[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(message.split('\n')[0]!))) {
    code = 'INVALID_VALUE';
    const flag = m[2] && m[2].startsWith('--') ? m[2] : m[1]!.split(/[ ,]/)[0]!;
    text = u.invalidChoice(flag, m[3]!, m[4]!);
  } else if (code0 === 'commander.excessArguments' && (m = /Expected (\d+) arguments? but got (\d+)/.exec(message))) {
    code = 'TOO_MANY_ARGUMENTS';
    text = u.excess(m[1]!, m[2]!);
  }
  const where = command ? `${command} ` : '';
  return { code, line: `complaint-playbook ${where}error ${code}: ${text} (${u.see(where)})\n` };
}
