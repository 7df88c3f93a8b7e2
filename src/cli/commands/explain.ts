/** `explain`: why a complaint gets the recommendation it gets, with the lines that decided it. */
import { defaultReadLimits } from '../../options.js';
import { defineCommand } from '../command.js';
import { evaluateOne } from './evaluate.js';
import { formatOption, localeOption, nowOption, playbookOption } from './options.js';

export default defineCommand({
  name: 'explain',
  summary: { en: 'say why a complaint gets its recommendation, rule by rule', 'zh-CN': '逐条规则说明一条投诉为何得到该建议' },
  arguments: [{ name: 'complaint.json | -', description: { en: 'the complaint as JSON, or - for standard input', 'zh-CN': '投诉 JSON 文件，或 - 表示标准输入' } }],
  options: [
    playbookOption,
    nowOption,
    localeOption,
    formatOption('text'),
    { name: 'max-complaint-bytes', value: 'n', description: { en: `the largest complaint read, in bytes (default: ${defaultReadLimits.maxComplaintBytes})`, 'zh-CN': `读取投诉的最大字节数（默认：${defaultReadLimits.maxComplaintBytes}）` } },
  ],
  examples: ['explain examples/retail-fly-in-yogurt.json --playbook retail'],
  run: (context) => evaluateOne('explain', context),
});
