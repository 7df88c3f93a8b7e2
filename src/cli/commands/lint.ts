/** `lint`: what loads but is likely a mistake. Test files are recognised and checked as such. */
import { basename } from 'node:path';
import { PlaybookError, ReadError, type PlaybookProblem } from '../../errors.js';
import { lintPlaybook } from '../../lint/lint.js';
import { parsePlaybookTests } from '../../testing/run.js';
import { defineCommand } from '../command.js';
import { exitCodes } from '../io.js';
import { readErrorLine, readErrorProblem, readInput } from '../read.js';
import { playbookBytes, printPlaybookProblems, resolver } from '../shared.js';
import { formatOption } from './options.js';

/** A playbook test file: named `*.test.yaml`, or a mapping of `playbook: file.yaml` and `cases:`. */
export function isTestFile(file: string, text: string): boolean {
  return /\.test\.ya?ml$/i.test(basename(file)) || (/^cases:/m.test(text) && /^playbook:\s*["']?[^\s"']+\.ya?ml\b/m.test(text));
}

export default defineCommand({
  name: 'lint',
  summary: { en: 'find what loads but is likely a mistake (test files are checked as test files)', 'zh-CN': '找出能加载但很可能有误的写法（测试文件按测试文件检查）' },
  arguments: [{ name: 'playbook.yaml', variadic: true, description: { en: 'playbook or test files, or - for standard input', 'zh-CN': '预案或测试文件，或 - 表示标准输入' } }],
  options: [{ name: 'strict', description: { en: 'exit 1 on warnings too', 'zh-CN': '有警告时也以 1 退出' } }, formatOption('text')],
  examples: ['lint my-shop.yaml --strict', 'lint playbooks/*.yaml'],
  async run({ io, args, options, lang }) {
    const format = options.format;
    const report: Array<{ file: string; kind: 'playbook' | 'test'; errors: number; warnings: number; problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>> }> = [];
    let failed = false;
    for (const file of args) {
      if (io.signal?.aborted) break;
      let problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>>;
      let text: string | undefined;
      let kind: 'playbook' | 'test' = 'playbook';
      try {
        text = await readInput(file, io, 'the playbook', playbookBytes);
        if (isTestFile(file, text)) {
          kind = 'test';
          try {
            parsePlaybookTests(text, { filename: file });
            problems = [];
          } catch (error) {
            if (!(error instanceof PlaybookError)) throw error;
            problems = [...error.problems];
          }
        } else {
          problems = lintPlaybook(text, { filename: file, resolve: resolver() }).problems;
        }
      } catch (error) {
        if (!(error instanceof ReadError)) throw error;
        problems = [readErrorProblem(error)];
        if (format === 'text') io.stderr(readErrorLine(error));
      }
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      failed ||= errors > 0 || (options.strict === true && warnings > 0);
      report.push({ file, kind, errors, warnings, problems });
      if (format === 'text') {
        if (text !== undefined) printPlaybookProblems(problems, text, io, file, lang);
        const what = kind === 'test' ? ' (a test file, checked as one; run it with complaint-playbook test)' : '';
        if (errors) io.stderr(`${file}: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}${what}\n`);
        else if (warnings) io.stderr(`${file}: ${warnings} warning(s)${what}\n`);
        else io.stdout(`${file}: ok, no warnings${what}\n`);
      }
    }
    if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return failed || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
  },
});
