/** `check-reply`: an agent's draft reply held against the recommendation for its complaint. */
import { ComplaintError, EvaluationError } from '../../errors.js';
import { defaultReadLimits } from '../../options.js';
import { checkReplyFor, defaultMaxDraftLength } from '../../reply/check.js';
import { formatReplyCheck } from '../../reply/format.js';
import { defineCommand } from '../command.js';
import { exitCodes, InputError, UsageError } from '../io.js';
import { LineIndex, locateJsonPaths, maxPrintedProblems, printProblems } from '../problems.js';
import { readInput } from '../read.js';
import { loadPlaybookOrPrint, nowOption, parseJson } from '../shared.js';
import { formatOption, playbookOption } from './options.js';

export default defineCommand({
  name: 'check-reply',
  summary: { en: "check an agent's draft reply against the recommendation for its complaint", 'zh-CN': '对照投诉的处理建议检查客服拟好的回复' },
  details: {
    en: 'Exit code 1 when any finding is an error (an excuse after the apology, blame, an offer beyond the handler\'s limit, …); warnings alone exit 0.',
    'zh-CN': '只要有一条错误(道歉后找借口、指责客户、超出权限的赔偿……)退出码就是 1;只有警告时为 0。',
  },
  arguments: [{ name: 'draft.txt | -', description: { en: 'the draft as UTF-8 text, or - for standard input', 'zh-CN': '回复草稿(UTF-8 文本),或 - 表示标准输入' } }],
  options: [
    { name: 'complaint', value: 'complaint.json', file: true, description: { en: 'the complaint the draft answers (JSON)', 'zh-CN': '这份回复所针对的投诉(JSON)' } },
    playbookOption,
    {
      name: 'locale',
      value: 'tag',
      description: { en: "the draft's language, zh-CN or en, also that of the messages (default: the complaint's, else the playbook's first)", 'zh-CN': '草稿所用的语言(zh-CN 或 en),也是提示信息的语言(默认:投诉的语言,否则预案的第一种语言)' },
    },
    {
      name: 'now',
      value: 'ISO time',
      description: { en: "when the draft is written, for \"today\" and \"tomorrow\" (default: the complaint's receivedAt, else the current time)", 'zh-CN': '写回复的时间,用于理解「今天」「明天」(默认:投诉的 receivedAt,否则当前时间)' },
    },
    formatOption('text'),
  ],
  examples: ['check-reply draft.txt --complaint examples/retail-fly-in-yogurt.json --playbook retail', 'check-reply - --complaint complaint.json --playbook my-shop.yaml --locale en --format json'],
  async run({ io, args, options, lang }) {
    if (args.length !== 1) throw new UsageError('ARGUMENT_COUNT', { en: 'check-reply takes exactly one draft file (or - for standard input)', 'zh-CN': 'check-reply 只接受一个回复草稿文件（或 - 表示标准输入）' });
    if (typeof options.complaint !== 'string') throw new UsageError('MISSING_OPTION', { en: 'check-reply needs --complaint <complaint.json>', 'zh-CN': 'check-reply 需要 --complaint <complaint.json>' });
    if (typeof options.playbook !== 'string') throw new UsageError('MISSING_OPTION', { en: 'check-reply needs --playbook <name | file.yaml>', 'zh-CN': 'check-reply 需要 --playbook <名称 | 文件.yaml>' });
    const now = nowOption(options.now);
    const playbook = await loadPlaybookOrPrint(options.playbook, io, lang);
    if (!playbook) return exitCodes.invalid;
    const complaintPath = options.complaint;
    const complaintText = await readInput(complaintPath, io, 'the complaint', defaultReadLimits.maxComplaintBytes);
    const complaint = parseJson(complaintText, complaintPath);
    // A draft is a message: four bytes a character at most.
    const draftName = args[0] === '-' ? '<stdin>' : args[0]!;
    const draft = (await readInput(args[0]!, io, 'the draft', defaultMaxDraftLength * 4)).replace(/^\uFEFF/, '');
    try {
      const check = await checkReplyFor(draft, playbook, complaint, {
        ...(typeof options.locale === 'string' ? { locale: options.locale } : {}),
        ...(now !== undefined ? { now } : {}),
      });
      if (options.format === 'json') io.stdout(`${JSON.stringify({ file: draftName, locale: check.locale, findings: check.findings }, null, 2)}\n`);
      else io.stdout(formatReplyCheck(draft, check, draftName));
      return check.findings.some((f) => f.severity === 'error') ? exitCodes.invalid : exitCodes.ok;
    } catch (error) {
      if (error instanceof ComplaintError) {
        const shown = error.problems.slice(0, maxPrintedProblems);
        const locate = locateJsonPaths(complaintText, shown.map((p) => p.path));
        printProblems(
          error.problems.map((p, i) => {
            const pos = i < shown.length ? locate(p.path) : undefined;
            return { ...p, severity: 'error' as const, file: complaintPath, ...(pos ? { line: pos.line, column: pos.column } : {}) };
          }),
          new LineIndex(complaintText),
          io,
        );
        return exitCodes.invalid;
      }
      if (error instanceof EvaluationError && (error.code === 'INVALID_DRAFT' || error.code === 'INVALID_OPTION')) throw new InputError(`${draftName}: error ${error.code}: ${error.message}`);
      throw error;
    }
  },
});
