/** `validate`: does each playbook load? Every problem of every file, with its line. */
import { ReadError, type PlaybookProblem } from '../../errors.js';
import { validatePlaybook } from '../../playbook.js';
import { defineCommand } from '../command.js';
import { exitCodes } from '../io.js';
import { readErrorLine, readErrorProblem, readInput } from '../read.js';
import { playbookBytes, printPlaybookProblems, resolver } from '../shared.js';
import { formatOption } from './options.js';

export default defineCommand({
  name: 'validate',
  summary: { en: 'check that playbooks load, listing every problem at its line', 'zh-CN': '检查预案能否加载，逐行列出所有问题' },
  arguments: [{ name: 'playbook.yaml', variadic: true, description: { en: 'playbook files, or - for standard input', 'zh-CN': '预案文件，或 - 表示标准输入' } }],
  options: [formatOption('text')],
  examples: ['validate my-shop.yaml', 'validate playbooks/*.yaml --format json'],
  async run({ io, args, options, lang }) {
    const format = options.format;
    const report: Array<{ file: string; valid: boolean; problems: Array<PlaybookProblem | ReturnType<typeof readErrorProblem>> }> = [];
    let invalid = false;
    for (const file of args) {
      if (io.signal?.aborted) break;
      let text: string;
      try {
        text = await readInput(file, io, 'the playbook', playbookBytes);
      } catch (error) {
        if (!(error instanceof ReadError)) throw error;
        invalid = true;
        report.push({ file, valid: false, problems: [readErrorProblem(error)] });
        if (format === 'text') io.stderr(readErrorLine(error));
        continue;
      }
      const { problems, playbook, abstract } = validatePlaybook(text, { filename: file, resolve: resolver() });
      const valid = playbook !== undefined || (abstract === true && !problems.some((p) => p.severity === 'error'));
      invalid ||= !valid;
      report.push({ file, valid, problems });
      if (format === 'text') {
        printPlaybookProblems(problems, text, io, file, lang);
        if (playbook) io.stdout(`${file}: ok (${playbook.id} ${playbook.version})\n`);
        else if (valid) io.stdout(`${file}: ok (a base to extend)\n`);
        else io.stderr(`${file}: ${problems.filter((p) => p.severity === 'error').length} error(s)\n`);
      }
    }
    if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return invalid || io.signal?.aborted ? exitCodes.invalid : exitCodes.ok;
  },
});
