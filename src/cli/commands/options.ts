/** Options several commands declare alike (one declaration each, shared). */
import { defaultReadLimits } from '../../options.js';
import type { OptionSpec } from '../command.js';

/** `--format <json|text>` with the command's default. */
export function formatOption(fallback: 'json' | 'text'): OptionSpec {
  return {
    name: 'format',
    value: 'format',
    choices: ['text', 'json'],
    default: fallback,
    description: { en: 'text for people, json for programs', 'zh-CN': 'text 供人阅读，json 供程序读取' },
  };
}

export const playbookOption: OptionSpec = {
  name: 'playbook',
  short: 'p',
  value: 'name | file.yaml',
  file: true,
  description: { en: 'a shipped playbook (retail, banking, telecom) or your own YAML file', 'zh-CN': '内置预案名（retail、banking、telecom）或你自己的 YAML 文件' },
};

export const nowOption: OptionSpec = {
  name: 'now',
  value: 'ISO time',
  description: { en: 'the time the complaint is handled, e.g. 2026-11-20T10:00:00+08:00 (default: the current time)', 'zh-CN': '处理投诉的时间，例如 2026-11-20T10:00:00+08:00（默认：当前时间）' },
};

export const localeOption: OptionSpec = {
  name: 'locale',
  value: 'tag',
  description: { en: "the language of the recommendation, e.g. en or zh-CN (default: the complaint's, else the playbook's first)", 'zh-CN': '建议所用的语言，例如 en 或 zh-CN（默认：投诉的语言，否则预案的第一种语言）' },
};

export const maxLineBytesOption: OptionSpec = {
  name: 'max-line-bytes',
  value: 'n',
  description: { en: `the longest JSON line read, in bytes; longer lines are reported and skipped (default: ${defaultReadLimits.maxLineBytes})`, 'zh-CN': `每行 JSON 的最大字节数；超出的行会被报告并跳过（默认：${defaultReadLimits.maxLineBytes}）` },
};
