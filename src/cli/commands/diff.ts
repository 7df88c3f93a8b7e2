/** `diff`: how recommendations change between two versions of a playbook, on real complaints. */
import { diffPlaybooks, formatDiffReport } from '../../diff/diff.js';
import { defaultReadLimits } from '../../options.js';
import { defineCommand } from '../command.js';
import { exitCodes, UsageError } from '../io.js';
import { openLines } from '../read.js';
import { byteOption, loadPlaybookArg, nowOption, printPlaybookProblems } from '../shared.js';
import { formatOption, maxLineBytesOption, nowOption as nowSpec } from './options.js';

export default defineCommand({
  name: 'diff',
  summary: { en: 'compare the recommendations of two playbook versions on a set of complaints', 'zh-CN': '用一组投诉比较两个预案版本给出的建议' },
  arguments: [
    { name: 'old.yaml', description: { en: 'the playbook as it is', 'zh-CN': '当前的预案' } },
    { name: 'new.yaml', description: { en: 'the playbook as it would be', 'zh-CN': '修改后的预案' } },
  ],
  options: [
    { name: 'complaints', short: 'c', value: 'cases.jsonl | -', file: true, description: { en: 'complaints as JSON Lines, one a line (required)', 'zh-CN': '投诉，JSON Lines 格式，每行一条（必填）' } },
    nowSpec,
    { name: 'examples', value: 'n', default: '3', description: { en: 'complaints shown per kind of change, 0 to 1000', 'zh-CN': '每类变化展示的投诉数，0 到 1000' } },
    formatOption('text'),
    { name: 'fail-on-change', description: { en: 'exit 1 when any recommendation changes (for CI)', 'zh-CN': '任一建议发生变化时以 1 退出（用于 CI）' } },
    maxLineBytesOption,
  ],
  examples: ['diff playbooks/retail.yaml my-shop.yaml --complaints cases.jsonl', 'diff old.yaml new.yaml -c cases.jsonl --fail-on-change'],
  async run({ io, args, options }) {
    const format = options.format;
    if (args.length !== 2) throw new UsageError('ARGUMENT_COUNT', { en: 'diff takes two playbooks: the old one and the new one', 'zh-CN': 'diff 需要两个预案：旧的和新的' });
    if (typeof options.complaints !== 'string') throw new UsageError('MISSING_OPTION', { en: 'diff needs --complaints <cases.jsonl> (one complaint as JSON per line)', 'zh-CN': 'diff 需要 --complaints <cases.jsonl>（每行一个 JSON 格式的投诉）' });
    const maxExamples = Number(options.examples);
    if (!/^\d+$/.test(String(options.examples)) || maxExamples > 1_000) throw new UsageError('INVALID_VALUE', { en: '--examples must be a whole number from 0 to 1000', 'zh-CN': '--examples 必须是 0 到 1000 之间的整数' });
    const maxLineBytes = byteOption(options['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
    const now = nowOption(options.now);
    const loaded = [];
    for (const arg of args) {
      const one = await loadPlaybookArg(arg, io);
      if (!one.playbook) {
        printPlaybookProblems(one.problems ?? [], one.text, io, one.name);
        return exitCodes.invalid;
      }
      loaded.push({ ...one, file: arg, playbook: one.playbook });
    }
    const [before, after] = loaded as [(typeof loaded)[number], (typeof loaded)[number]];
    const lines = openLines(options.complaints, io, maxLineBytes);
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
    if (options['fail-on-change'] === true && report.changed > 0) {
      io.stderr(`diff: ${report.changed} complaint(s) change (--fail-on-change)\n`);
      return exitCodes.invalid;
    }
    return exitCodes.ok;
  },
});
