import type { JsonPath } from '../errors.js';

/**
 * Shape errors must not hide the rest: the malformed parts of a playbook value are taken out, so
 * that the semantic checks can run on the well-formed parts (a `maxCompensation: 1,500` must not
 * hide an unknown response id three rules further down).
 */

/** What the pruning needs of a schema problem. */
export interface SchemaProblemLike {
  path: JsonPath;
  code?: string;
  suggestion?: string;
}

/** A playbook value with its malformed parts taken out, and how to map its paths back. */
export interface PrunedPlaybook {
  /** The value without the removed parts; it passes the schema. */
  value: unknown;
  /** Where each removed part was, in the original value's paths (and each mapping with an unknown field). */
  removed: JsonPath[];
  /** The ids and names the removed parts declared: references to them are not reported as unknown. */
  removedNames: Set<string>;
  /** A path of the pruned value as a path of the original one (array items taken out shift the indexes). */
  originalPath(path: JsonPath): JsonPath;
  /** {@link PrunedPlaybook.removed} as JSON texts, for look-ups. */
  removedKeys: ReadonlySet<string>;
  /** Every removed path and each of its ancestors, as JSON texts. */
  ancestors: ReadonlySet<string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const key = (path: JsonPath) => JSON.stringify(path);

/** Whether `path` or one of its ancestors is in `set` (paths as {@link key}); linear in the depth. */
function underAny(path: JsonPath, set: ReadonlySet<string>): boolean {
  for (let i = 1; i <= path.length; i++) if (set.has(key(path.slice(0, i)))) return true;
  return set.has('[]');
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let node = value;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isObject(node) && Object.hasOwn(node, String(seg))) node = node[String(seg)];
    else return undefined;
  }
  return node;
}

/**
 * Copies `value` without the parts at `removed` and with the keys at `renamed` under their new
 * names; records each copied array's original indexes and each renamed key's original name.
 */
function copyWithout(value: unknown, removed: readonly JsonPath[], renamed: ReadonlyMap<string, string>, origins: Origins): unknown {
  const gone = new Set(removed.map(key));
  const copy = (node: unknown, path: JsonPath): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      const origin: number[] = [];
      node.forEach((item, i) => {
        const at = [...path, i];
        if (gone.has(key(at))) return;
        out.push(copy(item, at));
        origin.push(i);
      });
      origins.indexes.set(out, origin);
      return out;
    }
    if (isObject(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, string>();
      for (const field of Object.keys(node)) {
        const at = [...path, field];
        const id = key(at);
        if (gone.has(id)) continue;
        const name = renamed.get(id) ?? field;
        if (name !== field) keys.set(name, field);
        // defineProperty: a key such as `__proto__` stays an own property, as it was.
        Object.defineProperty(out, name, { value: copy(node[field], at), enumerable: true, writable: true, configurable: true });
      }
      if (keys.size) origins.keys.set(out, keys);
      return out;
    }
    return node;
  };
  return copy(value, []);
}

interface Origins {
  indexes: WeakMap<unknown[], number[]>;
  keys: WeakMap<object, Map<string, string>>;
}

/**
 * Takes the malformed parts out of a playbook value: the part each schema problem points at
 * (a field missing something loses the whole mapping), again and again until the rest passes
 * `check`. Returns undefined when what is left would not be a playbook (a problem at the top).
 *
 * @param value - The playbook value, plain data (the structural check found nothing fatal).
 * @param problems - The schema problems of `value`, with their paths.
 * @param check - The schema check, run on each pruned copy.
 * @param rounds - How many times at most to prune and check again. Default: 8.
 *
 * @example
 * ```ts
 * const pruned = pruneMalformed(value, schemaProblems, (v) => checkPlaybookSchema(v));
 * if (pruned) checkSemantics(pruned.value as PlaybookSpec, limits);
 * ```
 */
export function pruneMalformed(value: unknown, problems: readonly SchemaProblemLike[], check: (value: unknown) => readonly SchemaProblemLike[], rounds = 8): PrunedPlaybook | undefined {
  const removed: JsonPath[] = [];
  const removedKeys = new Set<string>();
  const uncertain: JsonPath[] = [];
  // A misspelt field with a suggestion is read under the suggested name ("defualt" → "default"),
  // so that the rest is checked as the author meant it; its problems point back at the key as written.
  const renamed = new Map<string, string>();
  let pending: SchemaProblemLike[] = [...problems];
  for (let round = 0; round < rounds; round++) {
    // The top itself cannot go (a required field of the playbook is missing or malformed).
    if (pending.some((p) => p.path.length === 0)) return undefined;
    for (const problem of pending) {
      const path = problem.path;
      const id = key(path);
      const parent = valueAt(value, path.slice(0, -1));
      if (problem.code === 'SCHEMA_UNKNOWN_FIELD' && problem.suggestion && !renamed.has(id) && isObject(parent) && !Object.hasOwn(parent, problem.suggestion)) {
        renamed.set(id, problem.suggestion);
        continue;
      }
      // An unknown field may be a known one misspelt: what its mapping says is not certain.
      // (Not the playbook itself: an unknown top-level field does not change how the others read.)
      if (problem.code === 'SCHEMA_UNKNOWN_FIELD' && path.length > 1) uncertain.push(path.slice(0, -1));
      if (!underAny(path, removedKeys)) {
        removed.push(path);
        removedKeys.add(id);
      }
    }
    const origins: Origins = { indexes: new WeakMap(), keys: new WeakMap() };
    const pruned = copyWithout(value, removed, renamed, origins);
    const originalPath = (path: JsonPath): JsonPath => {
      const out: Array<string | number> = [];
      let node: unknown = pruned;
      for (const seg of path) {
        if (Array.isArray(node) && typeof seg === 'number') {
          out.push(origins.indexes.get(node)?.[seg] ?? seg);
          node = node[seg];
        } else {
          out.push(isObject(node) ? origins.keys.get(node)?.get(String(seg)) ?? seg : seg);
          node = isObject(node) ? node[String(seg)] : undefined;
        }
      }
      return out;
    };
    const left = check(pruned);
    if (left.length === 0) {
      const removedNames = new Set<string>();
      for (const path of removed) {
        const gone = valueAt(value, path);
        if (isObject(gone) && typeof gone.id === 'string') removedNames.add(gone.id);
        const last = path[path.length - 1];
        if (typeof last === 'string' && isObject(valueAt(value, path.slice(0, -1)))) removedNames.add(last);
      }
      const around = [...removed, ...uncertain];
      const ancestors = new Set<string>();
      for (const path of around) for (let i = 0; i <= path.length; i++) ancestors.add(key(path.slice(0, i)));
      return { value: pruned, removed: around, removedNames, originalPath, removedKeys: new Set(around.map(key)), ancestors };
    }
    pending = left.map((p) => ({ ...p, path: originalPath(p.path) }));
  }
  return undefined;
}

/**
 * Whether a semantic problem found on the pruned value should be reported: not where a part was
 * removed (or around it: an outcome whose `when` was removed is not "missing its when"), and not
 * a reference to a name a removed part declared.
 */
export function keepSemanticProblem(problem: { path: JsonPath; code: string }, original: unknown, pruned: PrunedPlaybook): boolean {
  // At or inside a part set aside, or around one (an ancestor of it).
  if (underAny(problem.path, pruned.removedKeys) || pruned.ancestors.has(key(problem.path))) return false;
  if (problem.code.startsWith('UNKNOWN_')) {
    const referenced = valueAt(original, problem.path);
    if (typeof referenced === 'string' && pruned.removedNames.has(referenced)) return false;
  }
  return true;
}
