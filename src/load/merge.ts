/**
 * `extends`: a playbook built on a base. The loader resolves the base through a resolver the
 * host supplies (the core reads no files), merges the two plain values, and keeps for every
 * part of the merged value the file and path it came from, so problems, lint findings, explain
 * and coverage point at the line where each rule really lives.
 */
import type { JsonPath } from '../errors.js';
import type { SourceMap } from './position.js';

/**
 * A base playbook's text as a {@link PlaybookResolver} returns it.
 *
 * @example
 * ```ts
 * const found: ResolvedPlaybookSource = { source: await (await fetch('/playbooks/base.yaml')).text(), filename: 'base.yaml' };
 * ```
 */
export interface ResolvedPlaybookSource {
  /** The YAML text. */
  source: string;
  /** The name problems in it are reported under (and what its own `extends` is relative to). */
  filename?: string;
}

/**
 * Finds the playbook an `extends:` names. `ref` is the text after `extends:`; `from` is the file
 * that names it (its `filename`, when it has one). Return `undefined` when there is no such
 * playbook; a thrown error is reported as not found, with its message.
 *
 * @example
 * ```ts
 * const resolve: PlaybookResolver = (ref) =>
 *   ref === 'base' ? { source: baseYaml, filename: 'base.yaml' } : undefined;
 * const playbook = loadPlaybook(childYaml, { filename: 'desk.yaml', resolve });
 * ```
 */
export type PlaybookResolver = (ref: string, from: { filename?: string }) => ResolvedPlaybookSource | undefined;

/**
 * How many bases a chain of `extends` may have (`EXTENDS_DEPTH` beyond).
 *
 * @example
 * ```ts
 * if (chain.length > maxExtendsDepth) console.warn('too many bases');
 * ```
 */
export const maxExtendsDepth = 8;

/**
 * A 1-based position in a named file.
 *
 * @example
 * ```ts
 * const at: SourceLocation | undefined = playbook.locations.rules[0];
 * if (at) console.log(`${at.file ?? '<input>'}:${at.line}:${at.column}`);
 * ```
 */
export interface SourceLocation {
  file?: string;
  line: number;
  column: number;
}

/** Finds where a path of the (possibly merged) playbook value was written. */
export interface Locator {
  locate(path: JsonPath, key?: boolean): SourceLocation | undefined;
}

/** The locator of one parsed file. */
export function fileLocator(sourceMap: SourceMap | undefined, file: string | undefined): Locator {
  return {
    locate(path, key = false) {
      const pos = sourceMap?.locate(path, key);
      if (!pos) return undefined;
      return file === undefined ? pos : { file, ...pos };
    },
  };
}

/** Where a part of the merged value came from: which file's locator, and its path there. */
interface Origin {
  locator: Locator;
  path: JsonPath;
}

/** Maps merged paths to their origins by the longest recorded prefix. */
class MergedLocator implements Locator {
  readonly #origins = new Map<string, Origin>();
  readonly #fallback: Locator;

  constructor(fallback: Locator) {
    this.#fallback = fallback;
  }

  set(prefix: JsonPath, origin: Origin): void {
    this.#origins.set(JSON.stringify(prefix), origin);
  }

  locate(path: JsonPath, key = false): SourceLocation | undefined {
    for (let n = path.length; n > 0; n--) {
      const origin = this.#origins.get(JSON.stringify(path.slice(0, n)));
      if (origin) return origin.locator.locate([...origin.path, ...path.slice(n)], key);
    }
    return this.#fallback.locate(path, key);
  }
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Top-level maps merged entry by entry (the child's entry wins). */
const mergedMaps = ['responses', 'avoid', 'departments', 'facts'] as const;
/** Lists of entries with ids, merged by id. */
const stageKeys = ['customerType', 'demand', 'resolvability'] as const;
/** Fields never inherited: what a playbook says of itself. */
const notInherited = new Set(['extends', 'abstract', '$schema']);

function idOf(entry: unknown): string | undefined {
  return isPlain(entry) && typeof entry.id === 'string' ? entry.id : undefined;
}

/**
 * Merges entries by id: a child entry with a base entry's id replaces it in place; the others
 * follow the base's, in the child's order. Returns where each merged entry came from.
 */
function mergeById(base: unknown[], child: unknown[]): Array<{ value: unknown; from: 'base' | 'child'; index: number }> {
  const out: Array<{ value: unknown; from: 'base' | 'child'; index: number }> = base.map((value, index) => ({ value, from: 'base', index }));
  const position = new Map<string, number>();
  out.forEach((e, i) => {
    const id = idOf(e.value);
    if (id !== undefined && !position.has(id)) position.set(id, i);
  });
  child.forEach((value, index) => {
    const id = idOf(value);
    const at = id === undefined ? undefined : position.get(id);
    if (at !== undefined) out[at] = { value, from: 'child', index };
    else out.push({ value, from: 'child', index });
  });
  return out;
}

/**
 * Merges a playbook onto its base, as `extends:` does. Both are plain values as parsed (not
 * yet checked); what is not a mapping where one is expected is taken from the child as it is,
 * for the checks to report.
 *
 * - `responses`, `avoid`, `departments`, `facts`: merged by id; the child's entry replaces the
 *   base's entry of the same id whole.
 * - `rules`, and each stage's `outcomes`: merged by id; a child entry with a base entry's id
 *   replaces it in place (keeping the base's order), new entries follow the base's.
 * - a stage's other fields (`hitPolicy`, `default`): the child's when it has them.
 * - every other field (`calendar`, `authority`, `locales`, …) is the child's when the child
 *   has it, else the base's, whole. `extends` and `abstract` are never inherited.
 *
 * @example
 * ```ts
 * const merged = mergePlaybookSpecs(parse(baseYaml), parse(deskYaml));
 * const playbook = compilePlaybook(merged);
 * ```
 */
export function mergePlaybookSpecs(base: unknown, child: unknown): unknown {
  return mergeWithOrigins(base, child, fileLocator(undefined, undefined), fileLocator(undefined, undefined)).value;
}

/** {@link mergePlaybookSpecs}, recording where each part came from. @internal */
export function mergeWithOrigins(base: unknown, child: unknown, baseLocator: Locator, childLocator: Locator): { value: unknown; locator: Locator } {
  const locator = new MergedLocator(childLocator);
  if (!isPlain(base) || !isPlain(child)) return { value: child, locator };
  const out: Plain = {};
  const fromBase = (path: JsonPath, basePath: JsonPath = path) => locator.set(path, { locator: baseLocator, path: basePath });
  const fromChild = (path: JsonPath, childPath: JsonPath = path) => locator.set(path, { locator: childLocator, path: childPath });
  const keys = [...new Set([...Object.keys(base), ...Object.keys(child)])];
  for (const key of keys) {
    const inChild = Object.prototype.hasOwnProperty.call(child, key);
    const inBase = Object.prototype.hasOwnProperty.call(base, key) && !notInherited.has(key);
    if (!inBase) {
      if (inChild && key !== 'extends') {
        out[key] = child[key];
        fromChild([key]);
      }
      continue;
    }
    if (!inChild) {
      out[key] = base[key];
      fromBase([key]);
      continue;
    }
    const b = base[key];
    const c = child[key];
    if ((mergedMaps as readonly string[]).includes(key) && isPlain(b) && isPlain(c)) {
      const merged: Plain = {};
      fromChild([key]);
      for (const id of Object.keys(b)) {
        merged[id] = b[id];
        fromBase([key, id]);
      }
      for (const id of Object.keys(c)) {
        merged[id] = c[id];
        fromChild([key, id]);
      }
      out[key] = merged;
    } else if (key === 'rules' && Array.isArray(b) && Array.isArray(c)) {
      fromChild([key]);
      out[key] = mergeById(b, c).map((e, i) => {
        (e.from === 'base' ? fromBase : fromChild)([key, i], [key, e.index]);
        return e.value;
      });
    } else if ((stageKeys as readonly string[]).includes(key) && isPlain(b) && isPlain(c)) {
      fromChild([key]);
      const stage: Plain = {};
      for (const field of new Set([...Object.keys(b), ...Object.keys(c)])) {
        const childHas = Object.prototype.hasOwnProperty.call(c, field);
        if (field === 'outcomes' && Array.isArray(b.outcomes) && Array.isArray(c.outcomes)) {
          fromChild([key, field]);
          stage.outcomes = mergeById(b.outcomes, c.outcomes).map((e, i) => {
            (e.from === 'base' ? fromBase : fromChild)([key, field, i], [key, field, e.index]);
            return e.value;
          });
        } else if (childHas) {
          stage[field] = c[field];
          fromChild([key, field]);
        } else {
          stage[field] = b[field];
          fromBase([key, field]);
        }
      }
      out[key] = stage;
    } else {
      out[key] = c;
      fromChild([key]);
    }
  }
  return { value: out, locator };
}
