import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compilePlaybook,
  defaultLimits,
  EvaluationError,
  isComplaintPlaybookError,
  loadPlaybook,
  PlaybookError,
  validatePlaybook,
  type LoadOptions,
  type PlaybookProblem,
} from 'complaint-playbook';
import { loadPlaybookFile, readPlaybookSource } from 'complaint-playbook/node';

const minimal = readFileSync(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8');
const hostile = (name: string) => readFileSync(new URL(`./fixtures/hostile/${name}`, import.meta.url), 'utf8');

/** The minimal playbook with one exact piece of text replaced (the piece must be there). */
function edit(...pairs: Array<[string, string]>): string {
  let out = minimal;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`fixture edit: "${from}" not found`);
    out = out.replace(from, to);
  }
  return out;
}
const safetyRule = '{ fact: risk, operator: contains, value: safety }';
const withRuleCondition = (condition: string) => edit([safetyRule, condition]);
const withFacts = (facts: string) => edit(['customerType:\n', `facts:\n${facts}\ncustomerType:\n`]);
const nested = (depth: number, inner = 'x') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const summary = (problems: PlaybookProblem[]) => problems.map((p) => `${p.code}@${p.line}:${p.column}`);

interface Case {
  name: string;
  source: () => string;
  options?: LoadOptions;
  /** Every problem, as code@line:column. */
  expected: string[];
  /** JSON path of the first problem, when it says more than the position. */
  path?: Array<string | number>;
}

// One row per hostile input named in the issue; each names the code it must produce and where.
const cases: Case[] = [
  // YAML itself
  { name: 'alias bomb ("billion laughs")', source: () => hostile('alias-bomb.yaml'), expected: ['YAML_ALIAS@3:8'] },
  { name: 'more aliases than the limit', source: () => `a: &a x\n${Array.from({ length: 150 }, (_, i) => `k${i}: *a`).join('\n')}`, expected: ['YAML_ALIAS@102:7'] },
  { name: 'an alias without its anchor', source: () => 'a: *nowhere\n', expected: ['YAML_ALIAS@1:4'] },
  { name: 'an anchor containing itself', source: () => edit(['locales: [zh-CN, en]', 'locales: &l [zh-CN, *l]']), expected: ['NESTING_DEPTH@5:21'], path: ['locales', 1] },
  { name: 'deep flow nesting (10,000 levels)', source: () => `a: ${nested(10_000)}`, expected: ['NESTING_DEPTH@1:103'] },
  { name: 'deep block nesting', source: () => Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), expected: ['NESTING_DEPTH@101:101'] },
  { name: 'nesting beyond a configured limit', source: () => withRuleCondition(`{ fact: category, operator: in, value: ${nested(30, 'a')} }`), options: { limits: { maxNestingDepth: 20 } }, expected: ['NESTING_DEPTH@57:66'] },
  { name: 'a configured limit above the ceiling counts as the ceiling', source: () => `a: ${nested(1_000)}`, options: { limits: { maxNestingDepth: 1_000_000 } }, expected: ['NESTING_DEPTH@1:259'] },
  {
    name: 'aliases nesting collections inside each other',
    source: () => Array.from({ length: 6 }, (_, i) => `a${i}: &a${i} ${nested(50, i ? `*a${i - 1}` : 'x')}`).join('\n'),
    expected: ['NESTING_DEPTH@6:59'],
  },
  { name: 'a very long text', source: () => edit(['version: 1.0.0', `version: 1.0.0\ndescription: ${'x'.repeat(10_001)}`]), expected: ['LIMIT_EXCEEDED@5:14'], path: ['description'] },
  // yaml itself limits implicit keys to 1,024 characters; an explicit key (? …) has no such bound.
  { name: 'a very long key', source: () => withFacts(`  ? ${'k'.repeat(10_001)}
  : { type: string }`), expected: ['LIMIT_EXCEEDED@23:5'], path: ['facts', 'k'.repeat(10_001)] },
  { name: 'a text beyond a configured length', source: () => edit(['version: 1.0.0', `version: 1.0.0\ndescription: ${'x'.repeat(101)}`]), options: { limits: { maxTextLength: 100 } }, expected: ['LIMIT_EXCEEDED@5:14'] },
  { name: 'a huge file', source: () => `# ${'x'.repeat(defaultLimits.maxSourceLength)}\n`, expected: ['LIMIT_EXCEEDED@1:1'] },
  { name: 'a file beyond a configured size', source: () => minimal, options: { limits: { maxSourceLength: 1_000 } }, expected: ['LIMIT_EXCEEDED@1:1'] },
  { name: 'several documents', source: () => `${minimal}---\n${minimal}`, expected: ['YAML_MULTIPLE_DOCUMENTS@80:1'] },
  { name: '10,000 documents', source: () => 'a: 1\n---\n'.repeat(10_000), expected: ['YAML_MULTIPLE_DOCUMENTS@2:1'] },
  { name: 'a duplicate key', source: () => edit(['version: 1.0.0', 'version: 1.0.0\nversion: 1.0.1']), expected: ['YAML_DUPLICATE_KEY@5:1'] },
  { name: 'a duplicate key written once as a number, once as text', source: () => withFacts('  "1": { type: string }\n  1: { type: number }'), expected: ['YAML_DUPLICATE_KEY@24:3'] },
  {
    name: 'a duplicate key at the end of a 10,000-key mapping',
    source: () => withFacts(`${Array.from({ length: 10_000 }, (_, i) => `  f${i}: { type: string }`).join('\n')}\n  f0: { type: string }`),
    expected: ['YAML_DUPLICATE_KEY@10023:3'],
  },
  { name: 'a tab as indentation', source: () => edit(['  timezone: Asia/Shanghai\n', '\ttimezone: Asia/Shanghai\n']), expected: ['YAML_TAB@7:1', 'YAML_SYNTAX@7:12', 'YAML_SYNTAX@7:12', 'YAML_SYNTAX@14:1'] },
  { name: 'a BOM inside the text', source: () => edit(['playbook: minimal', '\uFEFFplaybook: minimal']), expected: ['SCHEMA_REQUIRED@2:1', 'SCHEMA_UNKNOWN_FIELD@3:1'] },
  { name: 'a %YAML 1.1 directive (dates, sexagesimals, !!binary)', source: () => `%YAML 1.1\n---\n${minimal}`, expected: ['YAML_SYNTAX@1:1'] },
  { name: 'a list as a key', source: () => edit(['formatVersion: 1', 'formatVersion: 1\n? [a, b]\n: 1']), expected: ['YAML_SYNTAX@3:3'] },
  { name: 'custom and language tags', source: () => hostile('custom-tags.yaml'), expected: ['YAML_TAG@2:11', 'YAML_TAG@3:12', 'YAML_TAG@4:9', 'YAML_TAG@5:9', 'YAML_TAG@6:9', 'YAML_TAG@7:6', 'YAML_TAG@8:7', 'YAML_TAG@9:8', 'YAML_TAG@10:8', 'YAML_TAG@11:9', 'YAML_TAG@12:8'] },
  // keys naming JavaScript internals
  { name: '__proto__ at the top (the schema refuses it first)', source: () => edit(['formatVersion: 1', 'formatVersion: 1\n__proto__: { polluted: yes }']), expected: ['SCHEMA_UNKNOWN_FIELD@3:1'], path: ['__proto__'] },
  { name: '__proto__ under facts', source: () => withFacts('  __proto__: { type: string }'), expected: ['FORBIDDEN_KEY@23:3'], path: ['facts', '__proto__'] },
  { name: 'constructor under facts', source: () => withFacts('  constructor: { type: string }'), expected: ['FORBIDDEN_KEY@23:3'], path: ['facts', 'constructor'] },
  { name: 'constructor as a response id', source: () => edit(['responses:\n', 'responses:\n  constructor: { stage: listen, text: x }\n']), expected: ['FORBIDDEN_KEY@70:3'], path: ['responses', 'constructor'] },
  { name: 'prototype as a department', source: () => edit(['departments:\n', 'departments:\n  prototype: { zh-CN: x, en: x }\n']), expected: ['FORBIDDEN_KEY@20:3'], path: ['departments', 'prototype'] },
  { name: '__proto__ inside a condition value', source: () => withRuleCondition('{ fact: category, operator: equal, value: { __proto__: { polluted: yes } } }'), expected: ['FORBIDDEN_KEY@57:55'], path: ['rules', 1, 'when', 'value', '__proto__'] },
  { name: 'prototype inside condition params', source: () => withRuleCondition('{ fact: risk, operator: contains, value: safety, params: { prototype: 1 } }'), expected: ['FORBIDDEN_KEY@57:70'] },
  { name: 'a fact path through constructor', source: () => withRuleCondition('{ fact: customer.constructor, operator: equal, value: x }'), expected: ['FORBIDDEN_KEY@57:19'] },
  // conditions
  { name: 'an unknown operator', source: () => withRuleCondition('{ fact: category, operator: matches, value: ".*" }'), expected: ['SCHEMA_ENUM@57:39'] },
  { name: 'a number operator with a text', source: () => withRuleCondition('{ fact: demand.amount, operator: greaterThan, value: "100" }'), expected: ['OPERATOR_VALUE@57:64'] },
  { name: 'a list operator without a list', source: () => withRuleCondition('{ fact: category, operator: in, value: product.quality }'), expected: ['OPERATOR_VALUE@57:50'] },
  { name: 'equal with a list', source: () => withRuleCondition('{ fact: category, operator: equal, value: [a, b] }'), expected: ['OPERATOR_VALUE@57:53'] },
  { name: 'a mapping value that names no fact', source: () => withRuleCondition('{ fact: category, operator: equal, value: { a: 1 } }'), expected: ['OPERATOR_VALUE@57:53'] },
  { name: 'a number operator on a text fact', source: () => withRuleCondition('{ fact: customer.emotion, operator: greaterThan, value: 2 }'), expected: ['OPERATOR_FACT_TYPE@57:47'] },
  { name: 'contains on a text fact', source: () => withRuleCondition('{ fact: category, operator: contains, value: product }'), expected: ['OPERATOR_FACT_TYPE@57:39'] },
  { name: 'equal on a list fact', source: () => withRuleCondition('{ fact: risk, operator: equal, value: safety }'), expected: ['OPERATOR_FACT_TYPE@57:35'] },
  { name: 'startsWith on a number fact', source: () => withRuleCondition('{ fact: handoffs, operator: startsWith, value: "1" }'), expected: ['OPERATOR_FACT_TYPE@57:39'] },
  { name: 'a comparison with Infinity', source: () => withRuleCondition('{ fact: demand.amount, operator: greaterThan, value: .inf }'), expected: ['SCHEMA_VALUE@57:64'] },
  { name: 'a path with recursive descent', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "$..*" }'), expected: ['INVALID_PATH@57:62'], path: ['rules', 1, 'when', 'path'] },
  { name: 'a path with a filter expression', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "$[?(@.constructor)]" }'), expected: ['INVALID_PATH@57:62'] },
  { name: 'a path with a wildcard', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "$.*" }'), expected: ['INVALID_PATH@57:62'] },
  { name: 'a path with a slice', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "$.a[0:99999999]" }'), expected: ['INVALID_PATH@57:62'] },
  { name: 'a path without $', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "name" }'), expected: ['INVALID_PATH@57:62'] },
  { name: 'a path through __proto__', source: () => withRuleCondition('{ fact: customer, operator: equal, value: x, path: "$.__proto__.polluted" }'), expected: ['INVALID_PATH@57:62'] },
  { name: 'a path on the compared fact', source: () => withRuleCondition('{ fact: category, operator: equal, value: { fact: customer, path: "$..name" } }'), expected: ['INVALID_PATH@57:77'], path: ['rules', 1, 'when', 'value', 'path'] },
  { name: 'a stage reading its own result', source: () => edit(['{ fact: category, operator: startsWith, value: "staff." }', '{ fact: resolvability, operator: equal, value: immediate }']), expected: ['STAGE_ORDER@43:21'] },
  { name: 'a stage comparing with its own result', source: () => edit(['{ fact: category, operator: startsWith, value: "staff." }', '{ fact: category, operator: equal, value: { fact: resolvability } }']), expected: ['STAGE_ORDER@43:63'] },
  { name: 'a stage reading a later stage', source: () => edit(['{ fact: customer.signals, operator: containsAny, value: [impatient, demands-manager] }', '{ fact: reasonableness, operator: equal, value: excessive }']), expected: ['STAGE_ORDER@27:21'] },
  { name: 'a condition deeper than the limit', source: () => withRuleCondition(`${'{ not: '.repeat(33)}${safetyRule}${' }'.repeat(33)}`), expected: ['LIMIT_EXCEEDED@57:242'] },
  // calendar and durations
  { name: 'an unknown time zone', source: () => edit(['Asia/Shanghai', 'Mars/Olympus_Mons']), expected: ['CALENDAR_TIMEZONE@7:13'] },
  { name: 'a fixed offset as time zone', source: () => edit(['Asia/Shanghai', '"+08:00"']), expected: ['CALENDAR_TIMEZONE@7:13'] },
  { name: 'an impossible date', source: () => edit(['"2026-10-01"', '"2026-02-30"']), expected: ['CALENDAR_DATE@14:14'] },
  { name: 'a malformed date', source: () => edit(['"2026-10-01"', '"1 Oct 2026"']), expected: ['SCHEMA_FORMAT@14:14'] },
  { name: 'a reversed interval', source: () => edit(['mon: ["09:00-12:00"', 'mon: ["12:00-09:00"']), expected: ['CALENDAR_INTERVAL@9:11'] },
  { name: 'an empty calendar', source: () => edit(...(['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d): [string, string] => [`${d}: ["09:00-12:00", "13:00-18:00"]`, `${d}: []`])), expected: ['CALENDAR_EMPTY@9:5'], path: ['calendar', 'hours'] },
  { name: 'a zero duration', source: () => edit(['within: 2h', 'within: 0m']), expected: ['INVALID_DURATION@53:19'] },
  { name: 'a negative duration', source: () => edit(['within: 2h', 'within: -2h']), expected: ['INVALID_DURATION@53:19'] },
  { name: 'an absurd duration', source: () => edit(['within: 2h', 'within: 367d']), expected: ['INVALID_DURATION@53:19'] },
  { name: 'an absurdly long number as duration', source: () => edit(['within: 2h', 'within: 99999999999999999999999h']), expected: ['INVALID_DURATION@53:19'] },
  { name: 'a zero ISO duration', source: () => edit(['within: 2h', 'within: PT0M']), expected: ['INVALID_DURATION@53:19'] },
  { name: 'business days mixed with hours', source: () => edit(['within: 2h', 'within: 1d2h']), expected: ['INVALID_DURATION@53:19'] },
  // counted limits
  { name: 'more rules than the limit', source: () => minimal, options: { limits: { maxRules: 2 } }, expected: ['LIMIT_EXCEEDED@46:1'], path: ['rules'] },
  { name: 'more outcomes than the limit', source: () => minimal, options: { limits: { maxOutcomes: 1 } }, expected: ['LIMIT_EXCEEDED@23:3', 'LIMIT_EXCEEDED@32:3', 'LIMIT_EXCEEDED@41:3'] },
];

describe('hostile playbook text: one code and a position each', () => {
  it.each(cases)('$name', ({ source, options, expected, path }) => {
    const { problems, playbook } = validatePlaybook(source(), options);
    expect(playbook).toBeUndefined();
    expect(summary(problems)).toEqual(expected);
    if (path) expect(problems[0]!.path).toEqual(path);
    let thrown: unknown;
    try {
      loadPlaybook(source(), options);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlaybookError);
    expect(isComplaintPlaybookError(thrown)).toBe(true);
  });

  it('documents safe default limits', () => {
    expect(defaultLimits).toEqual({
      maxSourceLength: 2_000_000,
      maxAliases: 100,
      maxRules: 5_000,
      maxOutcomes: 500,
      maxConditionDepth: 32,
      maxNestingDepth: 100,
      maxTextLength: 10_000,
      maxProblems: 1_000,
    });
    expect(Object.isFrozen(defaultLimits)).toBe(true);
  });

  it('keeps the default for a limit left undefined or set to nonsense, so no guard is switched off', () => {
    const bomb = hostile('alias-bomb.yaml');
    for (const maxAliases of [undefined, Number.NaN, -1, '5' as unknown as number]) {
      expect(summary(validatePlaybook(bomb, { limits: { maxAliases } }).problems)).toEqual(['YAML_ALIAS@3:8']);
    }
    expect(summary(validatePlaybook(`a: ${nested(150)}`, { limits: { maxNestingDepth: undefined } }).problems)).toEqual(['NESTING_DEPTH@1:103']);
  });

  it('refuses bytes given where text is expected', () => {
    const { problems } = validatePlaybook(Buffer.from(minimal) as unknown as string);
    expect(summary(problems)).toEqual(['ENCODING@1:1']);
  });

  it('keeps !!str, a leading BOM and a few aliases, which are ordinary YAML', () => {
    const source = `\uFEFF${edit(['version: 1.0.0', 'version: !!str 1.0.0'], ['locales: [zh-CN, en]', 'locales: &langs [zh-CN, en]'])}x-langs: *langs\n`;
    expect(summary(validatePlaybook(source).problems)).toEqual(['SCHEMA_UNKNOWN_FIELD@80:1']);
    expect(validatePlaybook(source.replace('x-langs: *langs\n', '')).problems).toEqual([]);
  });

  it('accepts a safe path into a declared object fact and reads it', async () => {
    const playbook = loadPlaybook(
      withFacts('  order: { type: object }').replace(safetyRule, '{ fact: order, path: "$.items[0].sku", operator: equal, value: A-1 }'),
    );
    const rec = await playbook.evaluate({ id: 'P-1', receivedAt: '2026-11-20T10:00:00+08:00', order: { items: [{ sku: 'A-1' }] } });
    expect(rec.flags).toEqual(['safety']);
  });
});

describe('hostile playbook objects (compilePlaybook)', () => {
  const base = () => parse(minimal) as Record<string, any>;
  const deepCondition = (depth: number) => {
    let when: object = { fact: 'category', operator: 'equal', value: 'x' };
    for (let i = 0; i < depth; i++) when = { not: when };
    return when;
  };
  const table: Array<[string, (spec: Record<string, any>) => void, options: LoadOptions | undefined, codes: string[], path: Array<string | number>]> = [
    ['a condition nested 5,000 deep (the schema validator would overflow the stack)', (s) => (s.rules[0].when = deepCondition(5_000)), undefined, ['NESTING_DEPTH'], ['rules', 0, 'when', ...Array<string>(253).fill('not')]],
    ['nesting beyond a configured limit', (s) => (s.rules[1].when.value = [[[[[['safety']]]]]]), { limits: { maxNestingDepth: 8 } }, ['NESTING_DEPTH'], ['rules', 1, 'when', 'value', 0, 0, 0, 0]],
    ['a cycle', (s) => (s.rules[1].when = { all: [s.rules[1].when] }, s.rules[1].when.all.push(s.rules[1].when)), undefined, ['NESTING_DEPTH'], ['rules', 1, 'when', 'all', 1]],
    ['a function', (s) => (s.rules[0].then.respond = [() => 'apology']), undefined, ['SCHEMA_TYPE'], ['rules', 0, 'then', 'respond', 0]],
    ['a Date', (s) => (s.calendar.holidays = [new Date('2026-10-01')]), undefined, ['SCHEMA_TYPE'], ['calendar', 'holidays', 0]],
    ['a class instance', (s) => (s.rules[1].when.value = new (class Safety {})()), undefined, ['SCHEMA_TYPE'], ['rules', 1, 'when', 'value']],
    ['a symbol', (s) => (s.description = Symbol('x')), undefined, ['SCHEMA_TYPE'], ['description']],
    ['a bigint', (s) => (s.rules[1].when.value = 1n), undefined, ['SCHEMA_TYPE'], ['rules', 1, 'when', 'value']],
    ['NaN as a value', (s) => (s.rules[1].when = { fact: 'demand.amount', operator: 'equal', value: Number.NaN }), undefined, ['SCHEMA_VALUE'], ['rules', 1, 'when', 'value']],
    ['Infinity as a limit', (s) => (s.authority[0].maxCompensation = Number.POSITIVE_INFINITY), undefined, ['SCHEMA_TYPE'], ['authority', 0, 'maxCompensation']],
    ['an own __proto__ key from JSON.parse', (s) => (s.facts = JSON.parse('{"__proto__": {"type": "string"}}')), undefined, ['FORBIDDEN_KEY'], ['facts', '__proto__']],
    ['a text beyond a configured length', (s) => (s.responses.soothe.text = 'x'.repeat(101)), { limits: { maxTextLength: 100 } }, ['LIMIT_EXCEEDED'], ['responses', 'soothe', 'text']],
  ];

  it.each(table)('%s', (_, mutate, options, codes, path) => {
    const spec = base();
    mutate(spec);
    let thrown: unknown;
    try {
      compilePlaybook(spec, options);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlaybookError);
    const problems = (thrown as PlaybookError).problems;
    expect(problems.map((p) => p.code)).toEqual(codes);
    expect(problems[0]!.path).toEqual(path);
  });

  it('treats undefined fields as absent, as JSON does', () => {
    const spec = base();
    spec.description = undefined;
    expect(compilePlaybook(spec).id).toBe('minimal');
  });
});

describe('no prototype pollution', () => {
  it('leaves Object.prototype and Array.prototype untouched after loading and evaluating hostile keys', async () => {
    const before = [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)];
    const sources = [
      hostile('prototype-keys.yaml'),
      edit(['formatVersion: 1', 'formatVersion: 1\n__proto__: { polluted: yes }']),
      withFacts('  __proto__: { polluted: yes }\n  constructor: { prototype: { polluted: yes } }'),
      withRuleCondition('{ fact: category, operator: equal, value: { __proto__: { polluted: yes } } }'),
    ];
    for (const source of sources) validatePlaybook(source);
    const json = JSON.parse(JSON.stringify(parse(minimal)).replace('"rules":', '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"rules":'));
    expect(() => compilePlaybook(json)).toThrow(PlaybookError);
    const playbook = loadPlaybook(minimal);
    await playbook.evaluate({ id: 'P-1', receivedAt: '2026-11-20T10:00:00+08:00', customer: { name: 'x' } });
    await expect(playbook.evaluate(JSON.parse('{"id":"P-2","__proto__":{"polluted":true},"customer":{"__proto__":{"emotion":"angry"}}}'))).rejects.toThrow();
    expect([Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)]).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('files: bytes, not text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const ascii = (s: string) => Buffer.from(s, 'utf8');

  // name, bytes, expected code@line:column
  const table: Array<[string, Buffer, string]> = [
    ['a Latin-1 é', Buffer.concat([ascii('formatVersion: 1\nplaybook: caf'), Buffer.from([0xe9]), ascii('\n')]), 'ENCODING@2:14'],
    ['an overlong encoding of "/"', Buffer.concat([ascii('a: b\nc: 日本'), Buffer.from([0xc0, 0xaf]), ascii('\n')]), 'ENCODING@2:6'],
    ['a UTF-16 surrogate encoded in UTF-8', Buffer.concat([ascii('a: '), Buffer.from([0xed, 0xa0, 0x80])]), 'ENCODING@1:4'],
    ['a file cut inside a character', Buffer.concat([ascii('a: b\r\nc: '), Buffer.from([0xe2, 0x82])]), 'ENCODING@2:4'],
    ['a BOM, then bad bytes', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii('x'), Buffer.from([0xff])]), 'ENCODING@1:2'],
  ];

  it.each(table)('refuses %s with ENCODING at the first bad byte', async (name, bytes, expected) => {
    const path = file(`${name.replace(/\W+/g, '-')}.yaml`, bytes);
    for (const read of [() => readPlaybookSource(path), () => loadPlaybookFile(path)]) {
      const error = await read().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PlaybookError);
      expect(summary((error as PlaybookError).problems)).toEqual([expected]);
      expect((error as PlaybookError).problems[0]!.file).toBe(path);
    }
  });

  it('reads UTF-8 and drops a leading BOM', async () => {
    const path = file('good.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii(minimal)]));
    expect(await readPlaybookSource(path)).toBe(minimal);
    expect((await loadPlaybookFile(path)).id).toBe('minimal');
  });

  it('stops reading a file too large for the limit', async () => {
    const path = file('large.yaml', Buffer.alloc(10_000, 0x20));
    const error = await readPlaybookSource(path, { limits: { maxSourceLength: 1_000 } }).catch((e: unknown) => e);
    expect((error as PlaybookError).problems.map((p) => p.code)).toEqual(['LIMIT_EXCEEDED']);
    // Within the byte bound but beyond the character limit: the loader's own check.
    const error2 = await loadPlaybookFile(path, { limits: { maxSourceLength: 5_000 } }).catch((e: unknown) => e);
    expect((error2 as PlaybookError).problems.map((p) => p.code)).toEqual(['LIMIT_EXCEEDED']);
  });
});

describe('evaluation on a calendar with no hours ahead', () => {
  it('fails with CALENDAR_EXHAUSTED instead of searching forever', async () => {
    // Not empty (a workday in 2020), but nothing is open after it.
    const source = edit(
      ['  hours:\n', '  hours: {}\n'],
      ...(['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d): [string, string] => [`    ${d}: ["09:00-12:00", "13:00-18:00"]\n`, '']),
      ['  holidays: ["2026-10-01"]', '  holidays: ["2026-10-01"]\n  workdays: [{ date: "2020-01-06", hours: ["09:00-10:00"] }]'],
    );
    const playbook = loadPlaybook(source);
    const error = await playbook.evaluate({ id: 'C-1', receivedAt: '2026-11-20T10:00:00+08:00' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe('CALENDAR_EXHAUSTED');
  });
});
