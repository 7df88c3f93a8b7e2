/** `evaluate`: one complaint (or a JSON Lines batch) → its recommendation. */
import { evaluateLinesJson } from '../../batch/batch.js';
import { ComplaintError } from '../../errors.js';
import { explainRecommendation, formatExplanation } from '../../explain/explain.js';
import { evaluateLinesParallel } from '../../node.js';
import { defaultReadLimits, type EvaluateOptions } from '../../options.js';
import { defineCommand, type RunContext } from '../command.js';
import { formatRecommendation } from '../format.js';
import { exitCodes, UsageError } from '../io.js';
import { LineIndex, locateJsonPaths, maxPrintedProblems, printProblems } from '../problems.js';
import { openLines, readInput } from '../read.js';
import { byteOption, drainLines, loadPlaybookArg, nowOption, parseJson, printPlaybookProblems } from '../shared.js';
import { formatOption, localeOption, maxLineBytesOption, nowOption as nowSpec, playbookOption } from './options.js';

/** Says on stderr that an asked locale is not the one answered (the trace warns too). */
function sayLocaleFallback(rec: { locale: string; trace: { warnings: ReadonlyArray<{ code: string; message: string }> } }, io: RunContext['io']): void {
  for (const w of rec.trace.warnings) if (w.code === 'LOCALE_FALLBACK') io.stderr(`warning LOCALE_FALLBACK: ${w.message}\n`);
}

/** One complaint: `evaluate` prints the recommendation, `explain` why it is what it is. */
export async function evaluateOne(command: 'evaluate' | 'explain', { io, args, options, lang }: RunContext): Promise<number> {
  const format = options.format as string;
  if (args.length !== 1) throw new UsageError('ARGUMENT_COUNT', { en: `${command} takes exactly one complaint file (or - for standard input)`, 'zh-CN': `${command} 只接受一个投诉文件（或 - 表示标准输入）` });
  if (typeof options.playbook !== 'string') throw new UsageError('MISSING_OPTION', { en: `${command} needs --playbook <name | file.yaml>`, 'zh-CN': `${command} 需要 --playbook <名称 | 文件.yaml>` });
  const maxComplaintBytes = byteOption(options['max-complaint-bytes'], 'max-complaint-bytes', defaultReadLimits.maxComplaintBytes);
  const now = nowOption(options.now);
  const complaintPath = args[0]!;
  const loaded = await loadPlaybookArg(options.playbook, io);
  if (!loaded.playbook) {
    printPlaybookProblems(loaded.problems ?? [], loaded.text, io, loaded.name, lang);
    return exitCodes.invalid;
  }
  const complaintFile = complaintPath === '-' ? '<stdin>' : complaintPath;
  const complaintText = await readInput(complaintPath, io, 'the complaint', maxComplaintBytes);
  const complaint = parseJson(complaintText, complaintFile);
  try {
    const evaluateOptions: { now?: string; locale?: string } = {};
    if (now !== undefined) evaluateOptions.now = now;
    if (typeof options.locale === 'string') evaluateOptions.locale = options.locale;
    const rec = await loaded.playbook.evaluate(complaint, evaluateOptions);
    sayLocaleFallback(rec, io);
    if (command === 'explain') {
      const explanation = explainRecommendation(rec, { locations: loaded.playbook.locations, lang });
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

/**
 * `evaluate --batch`: JSON Lines in, one recommendation per line out (stdout), each failed line
 * reported with its number (stderr), then a summary whose counts add up to the lines read.
 */
async function evaluateBatch({ io, args, options, given }: RunContext): Promise<number> {
  if (args.length !== 1) throw new UsageError('ARGUMENT_COUNT', { en: 'evaluate --batch takes exactly one JSON Lines file (or - for standard input)', 'zh-CN': 'evaluate --batch 只接受一个 JSON Lines 文件（或 - 表示标准输入）' });
  if (typeof options.playbook !== 'string') throw new UsageError('MISSING_OPTION', { en: 'evaluate --batch needs --playbook <name | file.yaml>', 'zh-CN': 'evaluate --batch 需要 --playbook <名称 | 文件.yaml>' });
  if (options.format !== 'json') throw new UsageError('CONFLICTING_OPTIONS', { en: 'evaluate --batch writes JSON Lines; --format text is for one complaint', 'zh-CN': 'evaluate --batch 输出 JSON Lines；--format text 只用于单个投诉' });
  if (given.has('max-complaint-bytes')) throw new UsageError('CONFLICTING_OPTIONS', { en: 'evaluate --batch reads lines: use --max-line-bytes', 'zh-CN': 'evaluate --batch 按行读取：请使用 --max-line-bytes' });
  let workers = 0;
  if (options.workers !== undefined) {
    workers = Number(options.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError('INVALID_VALUE', { en: '--workers must be a whole number from 1 to 256', 'zh-CN': '--workers 必须是 1 到 256 之间的整数' });
  }
  const maxLineBytes = byteOption(options['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
  const now = nowOption(options.now);
  const loaded = await loadPlaybookArg(options.playbook, io);
  if (!loaded.playbook) {
    printPlaybookProblems(loaded.problems ?? [], loaded.text, io, loaded.name);
    return exitCodes.invalid;
  }
  const evaluateOptions: EvaluateOptions = {};
  if (now !== undefined) evaluateOptions.now = now;
  if (typeof options.locale === 'string') evaluateOptions.locale = options.locale;
  if (options['no-trace'] === true) evaluateOptions.trace = false;
  const file = args[0] === '-' ? '<stdin>' : args[0]!;
  const lines = openLines(args[0]!, io, maxLineBytes);
  const signal = io.signal ? { signal: io.signal } : {};
  const gen =
    workers > 0
      ? evaluateLinesParallel(lines, { source: loaded.text, filename: loaded.file, workers, options: evaluateOptions, maxLineLength: maxLineBytes, ...signal })
      : evaluateLinesJson(loaded.playbook, lines, { ...evaluateOptions, maxLineLength: maxLineBytes, ...signal });
  return drainLines(gen, io, 'batch', file, 'complaint', (item) => `${item.json}\n`);
}

export default defineCommand({
  name: 'evaluate',
  summary: { en: 'recommend how to handle one complaint (or a batch of them)', 'zh-CN': '为一条投诉（或一批投诉）给出处理建议' },
  arguments: [{ name: 'complaint.json | -', description: { en: 'the complaint as JSON, or - for standard input (with --batch: JSON Lines, one complaint a line)', 'zh-CN': '投诉 JSON 文件，或 - 表示标准输入（配合 --batch：JSON Lines，每行一条投诉）' } }],
  options: [
    playbookOption,
    nowSpec,
    localeOption,
    formatOption('json'),
    { name: 'max-complaint-bytes', value: 'n', description: { en: `the largest complaint read, in bytes (default: ${defaultReadLimits.maxComplaintBytes})`, 'zh-CN': `读取投诉的最大字节数（默认：${defaultReadLimits.maxComplaintBytes}）` } },
    { name: 'batch', description: { en: 'read JSON Lines and write one recommendation a line', 'zh-CN': '读取 JSON Lines，每行输出一条建议' } },
    { name: 'workers', value: 'n', description: { en: 'with --batch: evaluate on n worker threads (default: on this thread)', 'zh-CN': '配合 --batch：使用 n 个工作线程（默认：当前线程）' } },
    { name: 'no-trace', description: { en: 'with --batch: leave the trace out of each recommendation', 'zh-CN': '配合 --batch：建议中不含追踪信息' } },
    maxLineBytesOption,
  ],
  examples: ['evaluate examples/retail-fly-in-yogurt.json --playbook retail --format text', 'evaluate --batch complaints.jsonl --playbook my-shop.yaml --workers 2 > recommendations.jsonl'],
  async run(context) {
    const { options, given } = context;
    if (options.batch === true) return evaluateBatch(context);
    if (given.has('workers') || given.has('no-trace') || given.has('max-line-bytes')) throw new UsageError('CONFLICTING_OPTIONS', { en: '--workers, --no-trace and --max-line-bytes apply to --batch', 'zh-CN': '--workers、--no-trace 和 --max-line-bytes 只用于 --batch' });
    return evaluateOne('evaluate', context);
  },
});
