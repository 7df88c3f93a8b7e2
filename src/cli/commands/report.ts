/** `report`: the archive analysis over a JSON Lines stream of cases, or the merge of shards' reports. */
import { defineCommand } from '../command.js';
import { runReport } from '../report.js';
import { loadPlaybookOrPrint } from '../shared.js';
import { localeOption, maxLineBytesOption, nowOption, playbookOption } from './options.js';

export default defineCommand({
  name: 'report',
  summary: { en: 'the archive report over many cases: deadlines met and missed, escalations, satisfaction', 'zh-CN': '多个案件的归档分析:承诺兑现与超时、升级、客户满意情况' },
  details: {
    en: 'Reads one case per line (JSON Lines). --merge combines the JSON reports of shards into the whole. --format html writes one self-contained page with charts.',
    'zh-CN': '每行读取一个案件(JSON Lines)。--merge 把各分片的 JSON 报告合并成总报告。--format html 生成一个自带图表的独立网页。',
  },
  arguments: [
    { name: 'cases.jsonl | - | report.json...', variadic: true, description: { en: 'the cases (JSON Lines) or - for standard input; with --merge, the report files of the shards', 'zh-CN': '案件(JSON Lines)或 - 表示标准输入;加 --merge 时为各分片的报告文件' } },
  ],
  options: [
    playbookOption,
    { ...nowOption, description: { en: 'the time of the report, for cases still open (default: the current time)', 'zh-CN': '报告所对应的时间,用于仍未结案的案件(默认:当前时间)' } },
    localeOption,
    { name: 'format', value: 'format', choices: ['json', 'text', 'html'], default: 'json', description: { en: 'json for programs, text for people, html for a page with charts', 'zh-CN': 'json 供程序读取,text 供人阅读,html 为带图表的网页' } },
    { name: 'out', short: 'o', value: 'file', file: true, description: { en: 'write the report to this file instead of standard output', 'zh-CN': '把报告写入此文件,而不是标准输出' } },
    { name: 'merge', description: { en: 'combine reports (JSON) of shards into one', 'zh-CN': '把各分片的报告(JSON)合并为一份' } },
    maxLineBytesOption,
  ],
  examples: ['report cases.jsonl --playbook retail --format html --out report.html', 'report --merge north.json south.json --format text'],
  run({ io, args, options, lang }) {
    return runReport(options, args, io, (arg, out) => loadPlaybookOrPrint(arg, out, lang));
  },
});
