/** `track`: the status of one case (or a JSON Lines stream of cases) against its deadlines. */
import { defaultReadLimits } from '../../options.js';
import { defineCommand } from '../command.js';
import { loadPlaybookOrPrint } from '../shared.js';
import { runTrack } from '../track.js';
import { formatOption, localeOption, maxLineBytesOption, nowOption, playbookOption } from './options.js';

export default defineCommand({
  name: 'track',
  summary: { en: "a case's status: which commitments are met, late or due next, and what to do now", 'zh-CN': '案件的当前状态:哪些承诺已兑现、已超时或即将到期,现在该做什么' },
  details: {
    en: 'A case is {"complaint": {...}, "events": [...]} (schemas/case.schema.json). With --batch, one case per line in, one status per line out (bad lines reported on stderr, exit 1); --format text is for one case.',
    'zh-CN': '案件的格式为 {"complaint": {...}, "events": [...]}(见 schemas/case.schema.json)。加 --batch 时每行一个案件,每行输出一个状态(有问题的行报告在标准错误上,退出码 1);--format text 只用于单个案件。',
  },
  arguments: [{ name: 'case.json | -', description: { en: 'the case as JSON (or JSON Lines with --batch), or - for standard input', 'zh-CN': '案件 JSON(加 --batch 时为 JSON Lines),或 - 表示标准输入' } }],
  options: [
    playbookOption,
    { ...nowOption, description: { en: 'the time of the status, e.g. 2026-11-20T10:00:00+08:00 (default: the current time)', 'zh-CN': '状态所对应的时间,例如 2026-11-20T10:00:00+08:00(默认:当前时间)' } },
    localeOption,
    formatOption('json'),
    { name: 'batch', description: { en: 'read JSON Lines of cases and write one status per line', 'zh-CN': '读取每行一个案件的 JSON Lines,每行输出一个状态' } },
    maxLineBytesOption,
    {
      name: 'max-case-bytes',
      value: 'n',
      description: { en: `the largest case file read, in bytes (default: ${defaultReadLimits.maxLineBytes})`, 'zh-CN': `读取的案件文件的最大字节数(默认:${defaultReadLimits.maxLineBytes})` },
    },
  ],
  examples: ['track case.json --playbook retail --now 2026-11-21T10:00:00+08:00 --format text', 'track --batch cases.jsonl --playbook banking > statuses.jsonl'],
  run({ io, args, options, lang }) {
    return runTrack(options, args, io, (arg, out) => loadPlaybookOrPrint(arg, out, lang));
  },
});
