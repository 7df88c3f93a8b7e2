// The line scanner's positions (src/load/scan-position.ts) against yaml's, on every path of every
// shipped playbook and valid fixture: where the scanner answers, it answers as yaml does, and it
// answers for most paths (the rest are left to yaml).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import type { JsonPath } from '../src/errors.js';
import { createSourceMap } from '../src/load/position.js';
import { scanLocator } from '../src/load/scan-position.js';

const root = join(import.meta.dirname, '..');
const files = [
  ...readdirSync(join(root, 'playbooks')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'playbooks', f)),
  ...readdirSync(join(root, 'tests/fixtures/valid')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'tests/fixtures/valid', f)),
  ...readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'templates', f)),
];

function* paths(value: unknown, path: JsonPath = []): Generator<JsonPath> {
  yield path;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* paths(value[i], [...path, i]);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* paths(v, [...path, k]);
}

/** Shapes the scanner must either answer as yaml does or leave to yaml. */
const tricky = `# a comment first
top: 1
list:
- a
- b:  c
  d: [1, "two, three", 'it''s']
-   - nested
    - list
map:
  k1: |
    block text
    key: not a key
  k2: >-
    folded
  # a comment between entries
  k3: {a: 1, b: "x}y, z"}
  k3b: {c: [no], d: 1}
  k4: [a,
    b]
  k5:
  k6: &anchor v
  k7: *anchor
  k8: "multi
    line"
  k9:
    - x
    -
      y: z
  ? complex
  : value
tail: end # comment
"quoted key": x
`;

describe('positions from a scan of the lines, as yaml gives them', () => {
  it('answers the shapes it knows as yaml does, and leaves the rest', () => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(tricky, { lineCounter });
    const yaml = createSourceMap(doc, lineCounter, tricky);
    const scan = scanLocator(tricky).locate;
    const asked: JsonPath[] = [...paths(doc.toJS()), ['map', 'k4', 1], ['map', 'k3b', 'c', 0], ['nope'], ['list', 9], ['map', 'k1', 'x']];
    const wrong = asked.flatMap((path) => [false, true].flatMap((key) => {
      const got = scan(path, key);
      return got === undefined || JSON.stringify(got) === JSON.stringify(yaml.locate(path, key)) ? [] : [`${path.join('.')}${key ? ' (key)' : ''}: ${JSON.stringify(got)}`];
    }));
    expect(wrong).toEqual([]);
    // Answered: inside a compact mapping in a list, and inside a one-line flow mapping.
    for (const path of [['list', 1, 'd', 1], ['map', 'k3', 'b'], ['map', 'k9', 1, 'y'], ['tail']]) {
      expect(scan(path)).toBeDefined();
      expect(scan(path)).toEqual(yaml.locate(path));
    }
    expect(scan(['quoted key'])).toBeUndefined(); // a quoted key: yaml's
    expect(scan(['map', 'k3b', 'd'])).toBeUndefined(); // a flow collection in a flow collection: yaml's
    expect(scan(['map', 'k4', 1])).toBeUndefined(); // a flow list over two lines: yaml's
    expect(scan(['map', 'k6'])).toBeUndefined(); // an anchor: yaml's
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const yaml = createSourceMap(doc, lineCounter, text);
    const scan = scanLocator(text).locate;
    let answered = 0;
    let asked = 0;
    const wrong: string[] = [];
    for (const path of paths(doc.toJS())) {
      for (const key of [false, true]) {
        asked++;
        const got = scan(path, key);
        if (got === undefined) continue;
        answered++;
        const want = yaml.locate(path, key);
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${path.join('.')}${key ? ' (key)' : ''}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // A playbook in the usual shapes is answered without yaml for most of its paths.
    if (file.includes('/playbooks/')) expect(answered / asked).toBeGreaterThan(0.9);
  });
});
