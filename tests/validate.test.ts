import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePlaybook, loadPlaybook, PlaybookError, validatePlaybook, type PlaybookProblem } from 'complaint-playbook';
import { parse } from 'yaml';

const fixture = (kind: 'valid' | 'invalid', name: string) => readFileSync(new URL(`./fixtures/${kind}/${name}`, import.meta.url), 'utf8');
const summary = (problems: PlaybookProblem[]) => problems.map((p) => `${p.code}@${p.line}:${p.column}`);

describe('invalid playbooks: every problem, with its code and position', () => {
  // file → the problems expected, in source order (code@line:column).
  const table: Array<[string, string[], string[]?]> = [
    ['bad-calendar.yaml', ['CALENDAR_TIMEZONE@7:13', 'CALENDAR_INTERVAL@9:26', 'CALENDAR_DATE@14:14']],
    ['bad-duration.yaml', ['INVALID_DURATION@53:19', 'INVALID_DURATION@68:36']],
    ['custom-tag.yaml', ['YAML_TAG@4:10']],
    ['duplicate-id.yaml', ['DUPLICATE_ID@63:9']],
    ['duplicate-key.yaml', ['YAML_DUPLICATE_KEY@4:1']],
    ['missing-text.yaml', ['MISSING_TEXT@17:30']],
    ['missing-when.yaml', ['MISSING_WHEN@45:7', 'INVALID_OUTCOME_ID@45:11'], [undefined!, 'immediate']],
    ['mixed-condition.yaml', ['SCHEMA_CONDITION@43:13', 'SCHEMA_VALUE@43:20']],
    // A misspelt field is read under the suggested name: its value is checked too.
    ['misspelt-field-and-value.yaml', ['MISSING_WHEN@28:7', 'SCHEMA_UNKNOWN_FIELD@30:3', 'UNKNOWN_OUTCOME@30:12'], [undefined!, 'default', 'unknown']],
    ['operator-case.yaml', ['SCHEMA_ENUM@43:41'], ['startsWith']],
    ['operator-value.yaml', ['OPERATOR_VALUE@27:60']],
    ['schema-type.yaml', ['SCHEMA_ENUM@2:16', 'SCHEMA_TYPE@5:10']],
    // A shape error does not hide the semantic problems of the well-formed parts.
    ['shape-and-semantics.yaml', ['SCHEMA_TYPE@19:22', 'UNKNOWN_DEPARTMENT@63:14', 'UNKNOWN_RESPONSE@64:17'], [undefined!, 'quality', 'soothe']],
    // The malformed calendar goes whole; the rest is still checked.
    ['shape-calendar-and-semantics.yaml', ['SCHEMA_TYPE@7:13', 'SCHEMA_TYPE@19:22', 'UNKNOWN_DEPARTMENT@63:14', 'UNKNOWN_RESPONSE@64:17']],
    // A malformed condition in a list shifts no position; a reference to a malformed response is not "unknown".
    ['shape-nested-and-references.yaml', ['SCHEMA_TYPE@19:22', 'SCHEMA_ENUM@38:46', 'UNKNOWN_FACT@39:21', 'UNKNOWN_DEPARTMENT@63:14', 'SCHEMA_TYPE@77:11'], [undefined!, 'greaterThan', 'customer.persistence', 'quality', undefined!]],
    ['stage-order.yaml', ['STAGE_ORDER@27:21']],
    ['tab-indent.yaml', ['YAML_TAB@30:1']],
    ['unknown-department.yaml', ['UNKNOWN_DEPARTMENT@61:14'], ['quality']],
    ['unknown-enum-value.yaml', ['UNKNOWN_VALUE@57:61'], ['angry']],
    ['unknown-fact.yaml', ['UNKNOWN_FACT@37:21'], ['customer.persistence']],
    ['unknown-field.yaml', ['SCHEMA_UNKNOWN_FIELD@30:3'], ['default']],
    ['unknown-level.yaml', ['UNKNOWN_LEVEL@59:23'], ['manager']],
    ['unknown-outcome-value.yaml', ['UNKNOWN_OUTCOME@64:57'], ['dominance']],
    ['unknown-placeholder.yaml', ['UNKNOWN_PLACEHOLDER@72:20'], ['customer.name']],
    ['unknown-response.yaml', ['UNKNOWN_RESPONSE@49:17'], ['apology']],
    ['wrong-outcome-id.yaml', ['INVALID_OUTCOME_ID@42:11'], ['immediate']],
  ];

  it.each(table)('%s', (file, expected, suggestions) => {
    const { problems, playbook } = validatePlaybook(fixture('invalid', file), { filename: file });
    expect(playbook).toBeUndefined();
    expect(summary(problems)).toEqual(expected);
    expect(problems.every((p) => p.file === file && p.severity === 'error')).toBe(true);
    if (suggestions) expect(problems.map((p) => p.suggestion)).toEqual(suggestions);
  });

  it('loadPlaybook throws a PlaybookError carrying all problems', () => {
    let error: unknown;
    try {
      loadPlaybook(fixture('invalid', 'bad-calendar.yaml'), { filename: 'x.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlaybookError);
    expect((error as PlaybookError).problems.map((p) => p.code)).toEqual(['CALENDAR_TIMEZONE', 'CALENDAR_INTERVAL', 'CALENDAR_DATE']);
  });

  it('points a schema problem in a nested condition at the exact node and gives JSON paths', () => {
    const { problems } = validatePlaybook(fixture('invalid', 'unknown-fact.yaml'));
    expect(problems[0]!.path).toEqual(['demand', 'outcomes', 0, 'when', 'all', 1, 'fact']);
    expect(problems[0]!.file).toBeUndefined();
  });

  it('reports an unquoted comma in a flow-mapping text as a key problem', () => {
    const src = fixture('valid', 'minimal.yaml').replace('label: { zh-CN: 客服, en: Agent }', 'label: { zh-CN: 客服,一线, en: Agent }');
    const { problems } = validatePlaybook(src);
    expect(problems.map((p) => p.code)).toContain('SCHEMA_FORMAT');
    expect(problems.find((p) => p.code === 'SCHEMA_FORMAT')!.path).toEqual(['authority', 0, 'label', '一线']);
  });

  it('rejects a document that is not a mapping, and several documents', () => {
    expect(summary(validatePlaybook('- a\n- b\n').problems)).toEqual(['YAML_NOT_A_MAPPING@1:1']);
    expect(validatePlaybook('a: 1\n---\nb: 2\n').problems.map((p) => p.code)).toEqual(['YAML_MULTIPLE_DOCUMENTS']);
  });

  it('bounds alias expansion ("billion laughs")', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(validatePlaybook(bomb).problems.map((p) => p.code)).toEqual(['YAML_ALIAS']);
  });

  it('enforces the source size limit', () => {
    const { problems } = validatePlaybook(fixture('valid', 'minimal.yaml'), { limits: { maxSourceLength: 100 } });
    expect(problems.map((p) => p.code)).toEqual(['LIMIT_EXCEEDED']);
  });

  it('enforces the condition depth limit', () => {
    let when = '{ fact: category, operator: equal, value: x }';
    for (let i = 0; i < 5; i++) when = `{ not: ${when} }`;
    const src = fixture('valid', 'minimal.yaml').replace('      when: { fact: category, operator: startsWith, value: "staff." }', `      when: ${when}`);
    expect(validatePlaybook(src).problems).toEqual([]);
    expect(validatePlaybook(src, { limits: { maxConditionDepth: 3 } }).problems.map((p) => p.code)).toEqual(['LIMIT_EXCEEDED']);
  });
});

describe('valid playbooks', () => {
  it('loads the minimal fixture and exposes its metadata', () => {
    const playbook = loadPlaybook(fixture('valid', 'minimal.yaml'));
    expect([playbook.id, playbook.version, playbook.locales]).toEqual(['minimal', '1.0.0', ['zh-CN', 'en']]);
  });

  it('compiles the same playbook from a plain object', () => {
    const playbook = compilePlaybook(parse(fixture('valid', 'minimal.yaml')));
    expect(playbook.id).toBe('minimal');
  });

  it('compilePlaybook reports JSON paths without positions', () => {
    const spec = parse(fixture('valid', 'minimal.yaml'));
    spec.rules[0].then.respond = ['nope'];
    try {
      compilePlaybook(spec);
      expect.unreachable();
    } catch (e) {
      const p = (e as PlaybookError).problems[0]!;
      expect([p.code, p.path, p.line]).toEqual(['UNKNOWN_RESPONSE', ['rules', 0, 'then', 'respond', 0], undefined]);
    }
  });

  it('accepts a BOM', () => {
    expect(validatePlaybook(`\uFEFF${fixture('valid', 'minimal.yaml')}`).problems).toEqual([]);
  });

  it('does not pollute Object.prototype through __proto__ keys', () => {
    const src = fixture('valid', 'minimal.yaml').replace('formatVersion: 1', 'formatVersion: 1\n__proto__: { polluted: yes }');
    const { problems } = validatePlaybook(src);
    expect(problems.map((p) => p.code)).toEqual(['SCHEMA_UNKNOWN_FIELD']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
