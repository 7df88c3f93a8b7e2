// Two YAML parsers, one meaning. js-yaml reads plain, well-formed playbooks fast (src/load/fast.ts);
// yaml reads everything else and positions every problem. Whenever the fast path returns a value,
// yaml must accept the same text and give the same value (Object.is on every scalar: -0, NaN);
// when the fast path declines, yaml's answer is the only one. Checked on every shipped and fixture
// playbook and on fuzzed YAML: random data written in many styles, tricky scalars, and random edits.
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validatePlaybook } from 'complaint-playbook';
import { fastParse } from '../src/load/fast.js';
import { effectiveNestingDepth, parseSource, parseWithYaml } from '../src/load/parse.js';
import { resolveLimits } from '../src/options.js';

const root = new URL('..', import.meta.url);
const limits = resolveLimits();
const maxDepth = effectiveNestingDepth(limits);

function yamlFiles(dir: string): string[] {
  return readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(`${dir}${entry.name}/`) : entry.name.endsWith('.yaml') ? [`${dir}${entry.name}`] : [],
  );
}
const files = [...yamlFiles('playbooks/'), ...yamlFiles('tests/fixtures/')];
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** The property: the fast path's value, when it gives one, is yaml's value of an accepted text. */
function agree(text: string): 'fast' | 'yaml' {
  const fast = fastParse(text, maxDepth);
  if (fast === undefined) return 'yaml';
  const slow = parseWithYaml(text, {}, limits);
  expect(slow.problems.map((p) => p.code), text).toEqual([]);
  if (!isDeepStrictEqual(fast, slow.value)) expect(fast, text).toEqual(slow.value);
  expect(isDeepStrictEqual(fast, slow.value), text).toBe(true);
  return 'fast';
}

describe('the fast YAML path agrees with yaml', () => {
  it.each(files)('%s', (file) => {
    const text = read(file).replace(/^\uFEFF/, '');
    const path = agree(text);
    // The shipped playbooks and the valid fixture must load on the fast path: that is its point.
    if (file.startsWith('playbooks/') || file.startsWith('tests/fixtures/valid/')) expect(path).toBe('fast');
  });

  it('shipped playbooks are loaded on the fast path and their problems still point where yaml says', () => {
    const text = read('tests/fixtures/valid/minimal.yaml');
    expect(fastParse(text, maxDepth)).toBeDefined();
    const broken = text.replace('respond: [apology]', 'respond: [apolgy]');
    expect(fastParse(broken, maxDepth)).toBeDefined();
    const line = broken.split('\n').findIndex((l) => l.includes('[apolgy]')) + 1;
    const column = broken.split('\n')[line - 1]!.indexOf('apolgy') + 1;
    expect(validatePlaybook(broken).problems.map((p) => [p.code, p.line, p.column])).toEqual([['UNKNOWN_RESPONSE', line, column]]);
    // The lazily built source map is yaml's: the same positions as a parse by yaml alone.
    const fast = parseSource(broken, undefined, limits);
    const slow = parseWithYaml(broken, {}, limits);
    for (const path of [['rules', 0, 'then', 'respond', 0], ['rules', 0, 'id'], ['calendar', 'hours', 'mon', 0], ['responses']] as const) {
      expect(fast.sourceMap!.locate(path)).toEqual(slow.sourceMap!.locate(path));
      expect(fast.sourceMap!.locate(path, true)).toEqual(slow.sourceMap!.locate(path, true));
    }
  });

  // Scalars whose type YAML versions and parsers disagree on, as keys and values, plain and quoted.
  const tricky = [
    '0', '-0', '+0', '00', '012', '0o17', '0O17', '0x1F', '0X1f', '0b101', '1_000', '1e3', '1E+3', '.5', '+.5', '-.5', '5.', '1.0', '1.50', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN',
    'Infinity', '~', 'null', 'Null', 'NULL', 'nUll', 'true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'No', 'on', 'OFF', 'y', 'n', '2026-01-01', '2026-01-01T10:00:00Z', '12:30', '1:30:00',
    '09:00-17:00', '0.1.0', '1.2.3', '-', '--', '- a', 'a: b', 'a:b', 'a #b', 'a#b', '#', "'", '"', '[', '{a}', 'é', '中文', '', ' ', 'a ', '<<', '=', '!', '&a', '*a', '%', '@', '`', '|', '>', '?',
  ];
  const scalar = fc.oneof(
    fc.constantFrom(...tricky),
    fc.string({ maxLength: 8 }),
    fc.double({ noNaN: false }).map(String),
    fc.integer().map(String),
  );
  const styled = fc.tuple(scalar, fc.constantFrom('plain', 'single', 'double')).map(([s, style]) =>
    style === 'plain' ? s : style === 'single' ? `'${s.replaceAll("'", "''")}'` : JSON.stringify(s),
  );

  it('on tricky scalars as keys and values', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(styled, styled, fc.constantFrom('block', 'flow', 'list')), { minLength: 1, maxLength: 6 }), (pairs) => {
        const text = pairs
          .map(([k, v, form]) => (form === 'block' ? `${k}: ${v}` : form === 'flow' ? `${k}: {${k}: ${v}, x: [${v}, ${k}]}` : `${k}:\n  - ${v}\n  - [${v}]`))
          .join('\n');
        if (agree(text) === 'fast') fast++;
      }),
      { seed: 20_261_128, numRuns: 3_000 },
    );
    // Not a vacuous property: many of these texts take the fast path.
    expect(fast).toBeGreaterThan(150);
  });

  const data = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...tricky), fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(fc.oneof(fc.constantFrom(...tricky), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  })).map;

  // Written by yaml and by js-yaml in many styles, then edited at random with YAML's own characters.
  const written = fc.oneof(
    fc.tuple(data, fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'), fc.boolean(), fc.integer({ min: 2, max: 4 })).map(([value, defaultStringType, flow, indent]) =>
      stringify(value, { defaultStringType: defaultStringType as 'PLAIN', collectionStyle: flow ? 'flow' : 'block', indent, lineWidth: 30 }),
    ),
    fc.tuple(data, fc.integer({ min: -1, max: 3 }), fc.constantFrom('"', "'"), fc.boolean()).map(([value, flowLevel, quotingType, forceQuotes]) =>
      dump(value, { flowLevel, quotingType: quotingType as '"', forceQuotes, lineWidth: 30 }),
    ),
    fc.constantFrom(...files.filter((f) => !f.includes('hostile')).map(read)),
  );
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 3 }),
    insert: fc.array(fc.constantFrom(' ', '  ', '\n', '\n  ', ':', ': ', '- ', '-', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '?', '\t', '0', '.', 'e', '~', '\\', '\r\n', 'a', '\u00a0', '\ufeff'), { maxLength: 3 }),
  });
  const edited = fc.tuple(written, fc.array(edit, { maxLength: 4 })).map(([text, edits]) => {
    let out = text;
    for (const { at, remove, insert } of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      out = out.slice(0, i) + insert.join('') + out.slice(i + remove);
    }
    return out;
  });

  it('on random data written in many styles, and on random edits of it and of the playbooks', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(written, edited), (text) => {
        if (agree(text) === 'fast') fast++;
      }),
      { seed: 20_261_129, numRuns: 2_000 },
    );
    expect(fast).toBeGreaterThan(200);
  });
});
