// Shape errors do not hide the rest: every leaf of a valid playbook, given the wrong type in turn,
// yields its schema problem, no crash, and the rest still checked (an unknown response added
// elsewhere is always reported with it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validatePlaybook } from 'complaint-playbook';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

const minimal = readFileSync(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8');
// A second, independent mistake in a well-formed part: the last rule responds with "sooth".
const withUnknownResponse = minimal.replace('      respond: [soothe]\n', '      respond: [sooth]\n');

/** The paths of every scalar of the document, except those under `rules.1.then.respond`. */
function scalarPaths(node: Node | null, path: Array<string | number> = []): Array<Array<string | number>> {
  if (isMap(node)) return node.items.flatMap((pair) => scalarPaths(pair.value as Node, [...path, String((pair.key as { value: unknown }).value)]));
  if (isSeq(node)) return node.items.flatMap((item, i) => scalarPaths(item as Node, [...path, i]));
  return isScalar(node) ? [path] : [];
}

const doc = parseDocument(withUnknownResponse);
const paths = scalarPaths(doc.contents).filter((p) => !(p[0] === 'rules' && p[1] === 1 && p[3] === 'respond'));

describe('a shape error hides nothing else', () => {
  it.each(paths.map((p) => [p.join('.'), p] as const))('%s given the wrong type', (_name, path) => {
    const mutated = parseDocument(withUnknownResponse);
    const value = mutated.getIn(path);
    mutated.setIn(path, typeof value === 'number' ? 'not a number' : typeof value === 'string' ? { wrong: 1 } : 'x');
    const { problems, playbook } = validatePlaybook(mutated.toString());
    expect(playbook).toBeUndefined();
    // The mistake itself is reported, at the changed value or around it (a schema problem, or a
    // semantic one where the schema takes any value, as a condition's `value`).
    const around = path.slice(0, -1).join('.');
    expect(problems.some((p) => p.path.join('.').startsWith(around) || p.code === 'SCHEMA_REQUIRED' || p.code === 'UNKNOWN_LOCALE')).toBe(true);
    // And the other mistake too, unless it lies in the part set aside (rule 1) or the change is to
    // a top-level field every part depends on.
    if (!['formatVersion', 'playbook', 'version', 'locales'].includes(String(path[0])) && !(path[0] === 'rules' && path[1] === 1)) {
      expect(problems.filter((p) => p.code === 'UNKNOWN_RESPONSE').map((p) => p.path.join('.'))).toEqual(['rules.1.then.respond.0']);
    }
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });
});
