/**
 * `complaint-playbook track`: the status of one case (JSON or text, in the playbook's locale),
 * or `--batch`: statuses of a JSON Lines stream of cases, as `evaluate --batch` streams
 * recommendations.
 */
import { CaseError } from '../errors.js';
import { defaultReadLimits } from '../options.js';
import type { Playbook } from '../playbook.js';
import { trackCases } from '../track/lines.js';
import { say } from '../track/texts.js';
import type { CaseStatus, TrackOptions } from '../track/types.js';
import { exitCodes, InputError, UsageError, type CliIO } from './io.js';
import { LineIndex, locateJsonPaths, printProblems } from './problems.js';
import { openLines, readInput } from './read.js';
import { byteOption, drainLines, nowOption } from './shared.js';

/**
 * Loads `--playbook <name | file.yaml>` for a command; prints the playbook's problems and
 * answers `undefined` when it cannot be loaded. Given by the dispatcher.
 */
export type CommandPlaybookLoader = (arg: string, io: CliIO) => Promise<Playbook | undefined>;

/** Option values by long name, as a declared command receives them. */
export type Values = Record<string, string | boolean | undefined>;

function local(iso: string | null): string {
  return iso === null ? '-' : iso.slice(0, 16).replace('T', ' ');
}

/**
 * A case's status as an agent reads it: what is met, what is late, what to do next, in the
 * status's locale (the recommendation's).
 *
 * @example
 * ```ts
 * process.stdout.write(formatStatus(playbook.track(record, { locale: 'en' }), 'Asia/Shanghai'));
 * ```
 */
export function formatStatus(status: CaseStatus, timezone: string): string {
  const locale = status.recommendation.locale;
  const t = (key: Parameters<typeof say>[1], values?: Record<string, string | number>) => say(locale, key, values);
  const out: string[] = [];
  out.push(t('text.title', { id: status.complaintId, playbook: status.playbook.id, version: status.playbook.version, now: local(status.now) }));
  out.push('');
  out.push(`${t('text.state').padEnd(12)} ${t(`state.${status.state}`)}${status.cycle > 1 ? ` (${t('text.cycle', { n: status.cycle - 1 })})` : ''}`);
  out.push(`${t('text.handled').padEnd(12)} ${status.handledBy.label}`);
  if (status.escalation) {
    const e = status.escalation;
    out.push(`${t('text.escalation').padEnd(12)} ${e.label} (${e.done ? t('text.escalation.done') : t('text.escalation.pending')})${e.reason ? ` — ${e.reason}` : ''}`);
  }
  const next = status.next;
  out.push(`${t('text.next').padEnd(12)} ${next ? `${next.due ? `[${next.kind} ${t('text.by')} ${local(next.due)}${next.overdue ? `, ${t('text.overdue')}` : ''}] ` : ''}${next.text}` : t('text.none')}`);
  out.push('');
  out.push(t('text.commitments', { zone: timezone }));
  for (const c of status.commitments) {
    const name = `${c.kind}${c.occurrence !== undefined ? ` #${c.occurrence}` : ''}${status.cycle > 1 ? ` (${c.cycle})` : ''}`;
    const notes = [
      c.metAt ? t('text.met', { at: local(c.metAt) }) : undefined,
      c.state === 'breached' && !c.metAt && c.breachedAt ? t('text.late', { at: local(c.breachedAt) }) : undefined,
      c.pausedMinutes ? t('text.paused', { minutes: c.pausedMinutes }) : undefined,
    ].filter(Boolean);
    out.push(`  ${name.padEnd(18)} ${local(c.due)}  ${t(`cstate.${c.state}`).padEnd(14)} ${notes.join(', ')}`.trimEnd());
  }
  if (status.warnings.length) {
    out.push('');
    out.push(t('text.warnings'));
    for (const w of status.warnings) out.push(`  ${w.code}: ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * `track <case.json | -> --playbook … [--now] [--locale] [--format json|text]`, or
 * `track --batch <cases.jsonl | ->`: runs with the values the declared command parsed.
 */
export async function runTrack(values: Values, positionals: string[], io: CliIO, loadPlaybook: CommandPlaybookLoader): Promise<number> {
  const batch = values.batch === true;
  if (positionals.length !== 1) throw new UsageError('ARGUMENT_COUNT', batch ? { en: 'track --batch takes exactly one JSON Lines file of cases (or - for standard input)', 'zh-CN': 'track --batch 只接受一个案例 JSON Lines 文件（或 - 表示标准输入）' } : { en: 'track takes exactly one case file (or - for standard input)', 'zh-CN': 'track 只接受一个案例文件（或 - 表示标准输入）' });
  if (typeof values.playbook !== 'string') throw new UsageError('MISSING_OPTION', { en: 'track needs --playbook <name | file.yaml>', 'zh-CN': 'track 需要 --playbook <名称 | 文件.yaml>' });
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError('INVALID_VALUE', { en: '--format must be one of: json, text', 'zh-CN': '--format 只能是 json、text 之一' });
  if (batch && format !== 'json') throw new UsageError('CONFLICTING_OPTIONS', { en: 'track --batch writes JSON Lines; --format text is for one case', 'zh-CN': 'track --batch 输出 JSON Lines；--format text 只用于单个案例' });
  if (batch && values['max-case-bytes'] !== undefined) throw new UsageError('CONFLICTING_OPTIONS', { en: 'track --batch reads lines: use --max-line-bytes', 'zh-CN': 'track --batch 按行读取：请使用 --max-line-bytes' });
  if (!batch && values['max-line-bytes'] !== undefined) throw new UsageError('CONFLICTING_OPTIONS', { en: '--max-line-bytes applies to --batch; use --max-case-bytes', 'zh-CN': '--max-line-bytes 只用于 --batch；请使用 --max-case-bytes' });
  const now = nowOption(values.now);
  const maxLineBytes = byteOption(values['max-line-bytes'], 'max-line-bytes', defaultReadLimits.maxLineBytes);
  const maxCaseBytes = byteOption(values['max-case-bytes'], 'max-case-bytes', defaultReadLimits.maxLineBytes);
  const playbook = await loadPlaybook(values.playbook, io);
  if (!playbook) return exitCodes.invalid;
  const options: TrackOptions = {};
  if (now !== undefined) options.now = now;
  if (typeof values.locale === 'string') options.locale = values.locale;
  const path = positionals[0]!;
  const file = path === '-' ? '<stdin>' : path;

  if (batch) {
    const signal = io.signal ? { signal: io.signal } : {};
    const run = trackCases(playbook, openLines(path, io, maxLineBytes), { ...options, maxLineLength: maxLineBytes, ...signal });
    return drainLines(run, io, 'track', file, 'case', (item) => `${JSON.stringify(item.status)}\n`);
  }

  const text = await readInput(path, io, 'the case', maxCaseBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: error JSON_SYNTAX: the case is not valid JSON (${(error as Error).message.slice(0, 200)})`);
  }
  let status: CaseStatus;
  try {
    status = playbook.track(value, options);
  } catch (error) {
    if (!(error instanceof CaseError)) throw error;
    const locate = locateJsonPaths(text, error.problems.map((p) => p.path));
    printProblems(
      error.problems.map((p) => {
        const pos = locate(p.path);
        return { code: p.code, message: p.message, severity: 'error' as const, file, ...(pos ? { line: pos.line, column: pos.column } : {}) };
      }),
      new LineIndex(text),
      io,
    );
    return exitCodes.invalid;
  }
  io.stdout(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, playbook.spec.calendar.timezone));
  return exitCodes.ok;
}
