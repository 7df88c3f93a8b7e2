import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validatePlaybook } from 'complaint-playbook';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const desk = readFileSync(`${root}tests/fixtures/yaml-structure/desk.yaml`, 'utf8');

function broken(from: string, to: string): string {
  expect(desk).toContain(from);
  return desk.replace(from, to);
}

// The examples, each applied to a well-formed playbook: one problem, at the line to change.
const cases: Array<[string, string, string, string, number, number, RegExp]> = [
  ['a holiday indented two spaces instead of four', '    - 2026-10-02', '  - 2026-10-02', 'YAML_INDENTATION', 17, 3, /this item is indented 2 spaces; the other items of `holidays` \(line 16\) are indented 4/],
  ['a holiday indented too far', '    - 2026-10-02', '      - 2026-10-02', 'YAML_INDENTATION', 17, 7, /this item is indented 6 spaces; the other items of `holidays` \(line 16\) are indented 4/],
  ['`then:` moved left by two spaces', '    when: { fact: risk, operator: contains, value: safety }\n    then:', '    when: { fact: risk, operator: contains, value: safety }\n  then:', 'YAML_INDENTATION', 61, 3, /`then:` is indented 2 spaces; the other fields of this list item \(line 59\) are indented 4/],
  ['an unquoted colon in a flow mapping', 'en: "Be direct: outcome and time first"', 'en: Be direct: outcome and time first', 'YAML_UNQUOTED_COLON', 29, 41, /^quote this text: it contains a colon/],
  ['a `[` never closed', 'locales: [zh-CN, en]', 'locales: [zh-CN, en', 'YAML_UNCLOSED', 6, 10, /^the `\[` opened at 6:10 is never closed/],
  ['a `{` closed with `]`', 'reason: { zh-CN: 涉及安全, en: Safety risk } }', 'reason: { zh-CN: 涉及安全, en: Safety risk ] }', 'YAML_UNCLOSED', 62, 71, /^the `\{` opened at 62:40 is closed here with `\]`: write `\}`/],
];

describe('YAML structure mistakes in plain words', () => {
  it.each(cases)('%s: one problem at the line to change, the parser’s words as its detail', (_name, from, to, code, line, column, message) => {
    const text = broken(from, to);
    const { problems } = validatePlaybook(text, { filename: 'desk.yaml' });
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([[code, line, column]]);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.translations?.['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    if (code !== 'YAML_INDENTATION' || column !== 7) expect(problems[0]!.detail).toMatch(/\d+:\d+ /);
  });

  it('two unrelated mistakes are two problems, each at its own line', () => {
    const text = broken('    - 2026-10-02', '  - 2026-10-02').replace('locales: [zh-CN, en]', 'locales: [zh-CN, en');
    const { problems } = validatePlaybook(text);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['YAML_UNCLOSED', 6],
      ['YAML_INDENTATION', 17],
    ]);
  });

  it('a mistake no rule explains keeps the parser’s words', () => {
    const { problems } = validatePlaybook(desk.replace('playbook: structure', 'playbook: "structure" oops'));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code === 'YAML_SYNTAX')).toBe(true);
  });

  it('the CLI prints it in Chinese with --lang zh-CN, and the detail in JSON', async () => {
    const text = broken('    - 2026-10-02', '  - 2026-10-02');
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => text };
      return { code: await cli(argv, io), stdout: out.join(''), stderr: err.join('') };
    };
    const zh = await run(['validate', '-', '--lang', 'zh-CN']);
    expect(zh.code).toBe(exitCodes.invalid);
    expect(zh.stderr).toMatch(/^-:17:3: error YAML_INDENTATION: 此列表项缩进了 2 个空格/);
    const json = await run(['validate', '-', '--format', 'json']);
    const [file] = JSON.parse(json.stdout) as Array<{ problems: Array<{ code: string; detail: string }> }>;
    expect(file!.problems.map((p) => p.code)).toEqual(['YAML_INDENTATION']);
    expect(file!.problems[0]!.detail).toMatch(/block sequence|Implicit/i);
  });
});

describe('a bracket never closed inside another', () => {
  it('is reported where it was opened, with where to close it', () => {
    const nested = validatePlaybook(desk.replace('{ zh-CN: 直接给出结果和时间, en: "Be direct: outcome and time first" }', '{ zh-CN: [直接给出结果和时间, en: "Be direct: outcome and time first" }'));
    expect(nested.problems.map((p) => [p.code, p.line, p.column])).toEqual([['YAML_UNCLOSED', 29, 26]]);
    expect(nested.problems[0]!.message).toMatch(/^the `\[` opened at 29:26 is never closed: add `\]` before the `\}` at 29:/);
  });
});
