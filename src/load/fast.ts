import { FAILSAFE_SCHEMA, load, Type, type LoadOptions } from 'js-yaml';
import { Schema as YamlSchema, type ScalarTag } from 'yaml';
import { forbiddenKeys } from '../validate/structure.js';

/**
 * The fast path of playbook loading: js-yaml builds the value of well-formed, plain YAML several
 * times faster than yaml composes a document (yaml's token tree is most of the cost of a load).
 *
 * It answers only for input it can vouch for: plain YAML 1.2 data without tags, anchors,
 * aliases, directives, complex keys or tabs, that js-yaml reads without an error or a warning,
 * into a mapping whose keys read the same under both parsers. Anything else (and every error)
 * returns `undefined`, and the caller parses with yaml, which reports every problem at its
 * position exactly as before. Positions of later problems also come from yaml (parsed only then).
 * tests/yaml-parsers.test.ts proves on fuzzed YAML and every shipped and fixture playbook that a
 * value this path returns is the value yaml gives, and that yaml accepts that text.
 */

/**
 * Text that may hold something this path leaves to yaml: a tab; a node property (`!tag`,
 * `&anchor`) or an alias (`*name`) where a node may start; a directive (`%YAML`); an explicit key
 * (`? `); a flow collection used as a key (`[a]: b`). Plain text matches too ("R & D", "why ?"):
 * then the load only takes the slower, equally correct path.
 */
const leftToYaml = /\t|(?:^|[\s[\]{},:])[!&*]|^%|(?:^|[\s[{,])\?(?=\s|$)|[\]}][ \t]*:(?=\s|$)/m;

// The scalars of YAML 1.2's core schema, resolved by yaml's own tag definitions, in yaml's order:
// js-yaml resolves plain scalars exactly as yaml does (`0o17`, `.inf`, `~`, `1_000` a string).
const coreScalars = new YamlSchema({ schema: 'core' }).tags.filter((tag): tag is ScalarTag & { test: RegExp } => 'test' in tag && tag.test instanceof RegExp && tag.default === true);
const resolveOptions = { intAsBigInt: false };
const noError = () => undefined;
const schema = FAILSAFE_SCHEMA.extend({
  // One name each: js-yaml keeps one type per name, and yaml has three for int and three for float.
  implicit: coreScalars.map(
    (tag, i) =>
      new Type(`${tag.tag}#${i}`, {
        kind: 'scalar',
        resolve: (text: string | null) => text !== null && tag.test.test(text),
        construct: (text: string) => {
          // yaml returns some values wrapped in a Scalar node (null, booleans, floats).
          const value = tag.resolve(text, noError, resolveOptions as never) as unknown;
          return value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
        },
      }),
  ),
});

/**
 * Keys this path refuses: a plain scalar key that js-yaml resolves to null, a boolean or a number
 * becomes `String(value)` ("1" for `1.0`), where yaml keeps the text as written (`stringKeys`).
 */
const resolvedLookingKey = /^(?:null|true|false|[-+]?(?:\d|\.\d|Infinity|NaN))/;

/**
 * Whether the value is a tree of mappings, lists and scalars within `maxDepth` levels whose keys
 * are safe (see {@link resolvedLookingKey}). Recursion is bounded: js-yaml already refused more
 * than `2 × maxDepth + 4` levels of nesting.
 */
function plainKeysWithin(node: unknown, depth: number, maxDepth: number): boolean {
  if (node === null || typeof node !== 'object') return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(node)) {
    for (const item of node) if (!plainKeysWithin(item, depth + 1, maxDepth)) return false;
    return true;
  }
  for (const key of Object.keys(node)) {
    if (resolvedLookingKey.test(key) || forbiddenKeys.has(key)) return false;
    if (!plainKeysWithin((node as Record<string, unknown>)[key], depth + 1, maxDepth)) return false;
  }
  return true;
}

/**
 * The value of `text` (without a BOM) when the fast path can vouch for it, else `undefined`.
 *
 * @param maxDepth - The nesting depth allowed (the root mapping is level 1).
 */
export function fastParse(text: string, maxDepth: number): Record<string, unknown> | undefined {
  if (leftToYaml.test(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, {
      schema,
      // (js-yaml 4.3 has `maxDepth`; @types/js-yaml does not know it yet.)
      // js-yaml counts a level per node, and a block scalar twice; the exact bound is checked below.
      maxDepth: 2 * maxDepth + 4,
      onWarning: (warning: unknown) => {
        throw warning;
      },
    } as LoadOptions);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return plainKeysWithin(value, 1, maxDepth) ? (value as Record<string, unknown>) : undefined;
}
