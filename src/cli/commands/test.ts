/** `test`: runs playbook test files (`*.test.yaml`) and reports each case, with coverage. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PlaybookError, ReadError } from '../../errors.js';
import { fileSystemReason, readTextFile } from '../../files/read.js';
import { runPlaybookTestFile } from '../../node.js';
import type { Recommendation } from '../../types.js';
import { defineCommand } from '../command.js';
import { exitCodes, InputError, UsageError, type CliIO } from '../io.js';
import { LineIndex, printProblems } from '../problems.js';
import { readErrorLine, readErrorProblem } from '../read.js';
import { playbookBytes } from '../shared.js';
import { formatOption } from './options.js';

async function findTestFiles(paths: string[], io: CliIO): Promise<string[]> {
  const out: string[] = [];
  const cwd = io.cwd ?? process.cwd();
  for (const p of paths) {
    const full = resolve(cwd, p);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      throw new InputError(`${p}: cannot read it: ${fileSystemReason(error)}`);
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = await readdir(full);
      } catch (error) {
        throw new InputError(`${p}: cannot list the folder: ${fileSystemReason(error)}`);
      }
      const entries = names.filter((f) => /\.test\.ya?ml$/.test(f)).sort();
      out.push(...entries.map((f) => (p === '.' ? f : join(p, f))));
    } else {
      out.push(p);
    }
  }
  return out;
}

/** Names the stage or rule that decided the field of a mismatch, from the trace. */
function explainMismatch(path: string, rec: Recommendation | undefined): string | undefined {
  if (!rec) return undefined;
  const head = path.split('.')[0];
  const stage = head === 'customerType' ? 'customerType' : head === 'demand' ? 'demand' : head === 'resolvability' ? 'resolvability' : undefined;
  if (stage) {
    const t = rec.trace.stages.find((s) => s.stage === stage);
    if (!t) return undefined;
    const matched = t.outcomes.filter((o) => o.matched).map((o) => o.id);
    return `stage ${stage}: ${t.byDefault ? 'default' : 'first match'} ${t.result ?? 'none'}${matched.length ? ` (matched: ${matched.join(', ')})` : ' (no outcome matched)'}`;
  }
  if (head === 'escalation') return rec.escalation.source ? `rule ${rec.escalation.source}` : 'no rule escalated';
  if (head === 'commitments') return rec.commitments.map((c) => `${c.kind} from rule ${c.source}`).join('; ') || 'no rule committed';
  const rules = rec.trace.rules.filter((r) => r.matched).map((r) => r.id);
  return `matched rules: ${rules.join(', ') || 'none'}`;
}

export default defineCommand({
  name: 'test',
  summary: { en: 'run playbook test files and report every case', 'zh-CN': '运行预案测试文件并报告每个用例' },
  details: {
    en: 'With no file or folder, runs the *.test.yaml files of the current folder.',
    'zh-CN': '未给出文件或文件夹时，运行当前文件夹中的 *.test.yaml 文件。',
  },
  arguments: [{ name: 'file.test.yaml | folder', required: false, variadic: true, description: { en: 'test files, or folders to search for *.test.yaml (default: the current folder)', 'zh-CN': '测试文件，或要查找 *.test.yaml 的文件夹（默认：当前文件夹）' } }],
  options: [
    { name: 'filter', value: 'regex', description: { en: 'run only the cases whose name matches', 'zh-CN': '只运行名称匹配的用例' } },
    { name: 'coverage', description: { en: 'print which outcomes and rules no case reached', 'zh-CN': '列出没有任何用例触达的结果和规则' } },
    { name: 'threshold', value: 'percent', description: { en: 'exit 1 when coverage is below this percentage', 'zh-CN': '覆盖率低于该百分比时以 1 退出' } },
    formatOption('text'),
  ],
  examples: ['test', 'test my-shop.test.yaml --coverage --threshold 90'],
  async run({ io, args, options }) {
    const format = options.format;
    let filter: RegExp | undefined;
    if (typeof options.filter === 'string') {
      try {
        filter = new RegExp(options.filter);
      } catch {
        throw new UsageError('INVALID_VALUE', { en: `--filter ${options.filter}: not a valid regular expression`, 'zh-CN': `--filter ${options.filter}：不是有效的正则表达式` });
      }
    }
    let threshold: number | undefined;
    if (options.threshold !== undefined) {
      threshold = Number(options.threshold);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) throw new UsageError('INVALID_VALUE', { en: '--threshold must be a percentage between 0 and 100', 'zh-CN': '--threshold 必须是 0 到 100 之间的百分比' });
    }
    const files = await findTestFiles(args.length ? args : ['.'], io);
    if (files.length === 0) throw new InputError(args.length ? `no *.test.yaml files in ${args.join(', ')}` : 'no *.test.yaml files in the current folder; give test files or folders, e.g. complaint-playbook test playbooks');
    let failed = 0;
    let cases = 0;
    let belowThreshold = false;
    const report: unknown[] = [];
    const cwd = io.cwd ?? process.cwd();
    for (const file of files) {
      if (io.signal?.aborted) break;
      let result;
      try {
        result = await runPlaybookTestFile(resolve(cwd, file), filter ? { filter } : {});
      } catch (error) {
        if (error instanceof PlaybookError) {
          // The snippets come from the file named by the first problem: the test file or the
          // playbook it names, which the runner keeps inside the test file's folder (or shipped).
          const named = error.problems[0]?.file ?? file;
          const text = await readTextFile(resolve(cwd, named), { maxBytes: playbookBytes }).catch(() => undefined);
          printProblems(error.problems, text === undefined ? undefined : new LineIndex(text), io);
          report.push({ file, passed: 0, failed: 1, error: { code: error.code, problems: error.problems } });
          failed++;
          continue;
        }
        if (error instanceof ReadError) {
          io.stderr(readErrorLine(error));
          report.push({ file, passed: 0, failed: 1, error: readErrorProblem(error) });
          failed++;
          continue;
        }
        throw error;
      }
      failed += result.failed;
      cases += result.cases.length;
      const pct = Math.round(result.coverage.ratio * 1000) / 10;
      if (threshold !== undefined && pct < threshold) belowThreshold = true;
      report.push({ file, passed: result.passed, failed: result.failed, coverage: result.coverage, cases: result.cases.map(({ recommendation, ...c }) => c) });
      if (format === 'text') {
        io.stdout(`${file} (${result.playbook.id} ${result.playbook.version})\n`);
        for (const c of result.cases) {
          io.stdout(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.name}\n`);
          if (c.error) io.stdout(`       error ${c.error.code}: ${c.error.message}\n`);
          for (const w of c.warnings ?? []) io.stdout(`       warning ${w.code}: ${w.message}\n`);
          for (const m of c.mismatches) {
            if (m.missing || m.extra) {
              io.stdout(`       ${m.path || '(root)'}: ${[m.missing?.length ? `missing ${m.missing.map((x) => JSON.stringify(x)).join(', ')}` : '', m.extra?.length ? `extra ${m.extra.map((x) => JSON.stringify(x)).join(', ')}` : ''].filter(Boolean).join('; ')}\n`);
            } else {
              io.stdout(`       ${m.path || '(root)'}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}\n`);
            }
            const decided = explainMismatch(m.path, c.recommendation);
            if (decided) io.stdout(`       decided by: ${decided}\n`);
          }
        }
        io.stdout(`  ${result.passed} passed, ${result.failed} failed\n`);
        if (options.coverage === true || threshold !== undefined) {
          io.stdout(`  coverage ${pct}% (${result.coverage.covered}/${result.coverage.total})${result.coverage.missed.length ? `; never matched: ${result.coverage.missed.map((m, i) => { const at = result.coverage.missedAt[i]; return at ? `${m} (${at.file ?? 'line'}:${at.line})` : m; }).join(', ')}` : ''}\n`);
        }
      }
    }
    if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(`ran ${files.length} test file(s)${args.length ? '' : ' found in the current folder'}: ${files.join(', ')}; ${cases} case(s), ${failed} failed\n`);
    if (belowThreshold && format === 'text') io.stderr(`coverage is below the threshold of ${threshold}%\n`);
    return failed > 0 || belowThreshold || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
  },
});
