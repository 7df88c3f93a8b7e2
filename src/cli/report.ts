/**
 * `complaint-playbook report`: the archive analysis over a JSON Lines stream of cases (json, text
 * or one self-contained HTML page), or `--merge` of reports of shards into the whole.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderReportHtml } from '../node.js';
import { defaultReadLimits } from '../options.js';
import { buildReport, formatReportText, mergeReports, type CaseReport } from '../track/report.js';
import { exitCodes, InputError, UsageError, type CliIO } from './io.js';
import { openLines, readInput } from './read.js';
import { byteOption, nowOption, reportLine } from './shared.js';
import type { CommandPlaybookLoader, Values } from './track.js';

/**
 * `report <cases.jsonl | -> --playbook … [--now] [--locale] [--format json|text|html] [--out file]`,
 * or `report --merge <report.json>...`: runs with the values the declared command parsed.
 */
export async function runReport(values: Values, positionals: string[], io: CliIO, loadPlaybook: CommandPlaybookLoader): Promise<number> {
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'text' && format !== 'html') throw new UsageError('INVALID_VALUE', { en: '--format must be one of: json, text, html', 'zh-CN': '--format 只能是 json、text、html 之一' });
  let report: CaseReport;
  let failed = 0;
  if (values.merge === true) {
    if (positionals.length === 0) throw new UsageError('MISSING_ARGUMENT', { en: 'report --merge needs the report files (JSON) of the shards', 'zh-CN': 'report --merge 需要各分片的报告文件（JSON）' });
    if (values.playbook !== undefined || values.now !== undefined) throw new UsageError('CONFLICTING_OPTIONS', { en: 'report --merge combines finished reports: --playbook and --now belong to the runs that made them', 'zh-CN': 'report --merge 合并已完成的报告：--playbook 和 --now 属于生成这些报告的运行' });
    const shards: CaseReport[] = [];
    for (const path of positionals) {
      const text = await readInput(path, io, 'the report', 64 * 1024 * 1024);
      try {
        shards.push(JSON.parse(text) as CaseReport);
      } catch (error) {
        throw new InputError(`${path}: error JSON_SYNTAX: the report is not valid JSON (${(error as Error).message.slice(0, 200)})`);
      }
    }
    report = mergeReports(shards);
    if (typeof values.locale === 'string') report.locale = values.locale;
  } else {
    if (positionals.length !== 1) throw new UsageError('ARGUMENT_COUNT', { en: 'report takes exactly one JSON Lines file of cases (or - for standard input)', 'zh-CN': 'report 只接受一个案例 JSON Lines 文件（或 - 表示标准输入）' });
    if (typeof values.playbook !== 'string') throw new UsageError('MISSING_OPTION', { en: 'report needs --playbook <name | file.yaml>', 'zh-CN': 'report 需要 --playbook <名称 | 文件.yaml>' });
    const now = nowOption(values.now);
    const maxLineBytes = byteOption(values['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
    const playbook = await loadPlaybook(values.playbook, io);
    if (!playbook) return exitCodes.invalid;
    const path = positionals[0]!;
    const file = path === '-' ? '<stdin>' : path;
    const built = await buildReport(playbook, openLines(path, io, maxLineBytes), {
      maxLineLength: maxLineBytes,
      ...(now !== undefined ? { now } : {}),
      ...(typeof values.locale === 'string' ? { locale: values.locale } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onFailure: (line, error) => reportLine(io, file, line, error, 'case'),
    });
    report = built.report;
    failed = built.summary.failed;
    const s = built.summary;
    const counts = `${s.lines} line(s) read: ${s.ok} ok, ${s.failed} failed, ${s.blank} blank`;
    if (io.signal?.aborted) {
      io.stderr(`report interrupted: ${counts}; no report written\n`);
      return exitCodes.invalid;
    }
    io.stderr(`report: ${counts}\n`);
  }
  const output = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'text' ? formatReportText(report) : renderReportHtml(report);
  if (typeof values.out === 'string') {
    await writeFile(resolve(io.cwd ?? process.cwd(), values.out), output);
    io.stderr(`report written to ${values.out}\n`);
  } else {
    io.stdout(output);
  }
  return failed > 0 ? exitCodes.invalid : exitCodes.ok;
}
