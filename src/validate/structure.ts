import type { JsonPath } from '../errors.js';

/**
 * Keys refused anywhere in a playbook or a complaint. They name JavaScript internals: a value
 * carrying them is either a mistake or an attempt at prototype pollution somewhere downstream.
 */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether some forbidden key has this length, by length. */
const forbiddenLength: readonly boolean[] = [...forbiddenKeys].reduce<boolean[]>((lengths, key) => {
  lengths[key.length] = true;
  return lengths;
}, []);

/** Something found by {@link inspectStructure}. */
export type StructureIssue =
  | { kind: 'forbidden-key'; path: JsonPath; key: string }
  | { kind: 'too-deep'; path: JsonPath }
  | { kind: 'cycle'; path: JsonPath }
  | { kind: 'shared'; path: JsonPath }
  | { kind: 'long-text'; path: JsonPath; length: number; isKey: boolean }
  | { kind: 'not-data'; path: JsonPath; what: string }
  | { kind: 'not-finite'; path: JsonPath; value: number }
  /** More values in all than `maxNodes` (the walk stops there), more keys in one object than `maxKeys`, more items in one array than `maxArrayItems`. */
  | { kind: 'too-large'; path: JsonPath; what: 'nodes' | 'keys' | 'items'; count: number; limit: number };

/** Bounds for {@link inspectStructure}. */
export interface StructureBounds {
  /** Deepest nesting of objects and arrays; the value itself, when a container, is level 1. */
  maxDepth: number;
  /** Longest string value or key; unchecked when absent. */
  maxTextLength?: number;
  /**
   * Refuse an object reached twice (as JSON.parse never makes): then every value has one path,
   * and work that follows paths (flattening) stays linear. Default: false (YAML aliases share).
   */
  tree?: boolean;
  /** Most values in all (containers and scalars, the value itself included); the walk stops past it. Unchecked when absent. */
  maxNodes?: number;
  /** Most keys of one object; its properties are not walked past it. Unchecked when absent. */
  maxKeys?: number;
  /** Most items of one array; its items are not walked past it. Unchecked when absent. */
  maxArrayItems?: number;
}

type Container = Record<string, unknown> | unknown[];

const EMPTY_PATH: JsonPath = [];

function isContainer(value: unknown): value is Container {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  // A plain object from any realm: its prototype is null or an Object.prototype.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a bigint';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name} object` : 'an object that is not plain data';
}

interface Frame {
  node: Container;
  path: JsonPath;
  depth: number;
  keys: string[] | undefined;
  length: number;
  index: number;
  /** Whether this visit reports keys and scalars (only the first visit of a shared object does). */
  report: boolean;
}

/**
 * Checks that a value is plain JSON-like data within bounds: no forbidden keys, no cycles, no
 * functions or class instances, no NaN or Infinity, no nesting or text beyond the bounds.
 *
 * Iterative, so it is safe on any depth, and linear in practice: an object shared by several
 * parents (YAML aliases produce these) is walked again only when reached at a greater depth,
 * which can happen at most `maxDepth` times. Properties are read once each; `undefined` values
 * count as absent, as in JSON.
 */
export function inspectStructure(value: unknown, bounds: StructureBounds): StructureIssue[] {
  const issues: StructureIssue[] = [];
  const maxText = bounds.maxTextLength ?? Infinity;
  const maxNodes = bounds.maxNodes ?? Infinity;
  const maxKeys = bounds.maxKeys ?? Infinity;
  const maxItems = bounds.maxArrayItems ?? Infinity;
  let nodes = 1;
  const deepestVisit = new WeakMap<object, number>();
  const reported = new WeakSet<object>();
  const cycles = new WeakSet<object>();
  const onPath = new Set<object>();
  let tooDeepReported = false;

  const checkScalar = (v: unknown, path: JsonPath) => {
    if (v === undefined || v === null || typeof v === 'boolean') return;
    if (typeof v === 'string') {
      if (v.length > maxText) issues.push({ kind: 'long-text', path, length: v.length, isKey: false });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) issues.push({ kind: 'not-finite', path, value: v });
    } else {
      issues.push({ kind: 'not-data', path, what: describe(v) });
    }
  };

  const stack: Frame[] = [];
  const enter = (node: Container, path: JsonPath, depth: number) => {
    if (depth > bounds.maxDepth) {
      if (!tooDeepReported) issues.push({ kind: 'too-deep', path });
      tooDeepReported = true;
      return;
    }
    if (bounds.tree && reported.has(node)) {
      issues.push({ kind: 'shared', path });
      return;
    }
    if ((deepestVisit.get(node) ?? 0) >= depth) return;
    deepestVisit.set(node, depth);
    const report = !reported.has(node);
    reported.add(node);
    const keys = Array.isArray(node) ? undefined : Object.keys(node);
    const size = keys ? keys.length : (node as unknown[]).length;
    if (size > (keys ? maxKeys : maxItems)) {
      // Too wide to walk: reported once, its contents left alone.
      issues.push({ kind: 'too-large', path, what: keys ? 'keys' : 'items', count: size, limit: keys ? maxKeys : maxItems });
      return;
    }
    onPath.add(node);
    stack.push({ node, path, depth, keys, length: keys ? keys.length : (node as unknown[]).length, index: 0, report });
  };

  if (isContainer(value)) enter(value, [], 1);
  else checkScalar(value, []);

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.length) {
      stack.pop();
      onPath.delete(frame.node);
      continue;
    }
    const i = frame.index++;
    const key: string | number = frame.keys ? frame.keys[i]! : i;
    if (++nodes > maxNodes) {
      issues.push({ kind: 'too-large', path: [...frame.path, key], what: 'nodes', count: nodes, limit: maxNodes });
      return issues;
    }
    // Paths are built only where needed (an issue, a container): most properties need none.
    const pathOf = (): JsonPath => [...frame.path, key];
    if (frame.report && typeof key === 'string') {
      if (forbiddenKeys.has(key)) issues.push({ kind: 'forbidden-key', path: pathOf(), key });
      if (key.length > maxText) issues.push({ kind: 'long-text', path: pathOf(), length: key.length, isKey: true });
    }
    const child = (frame.node as Record<string | number, unknown>)[key];
    if (isContainer(child)) {
      if (onPath.has(child)) {
        if (!cycles.has(child)) issues.push({ kind: 'cycle', path: pathOf() });
        cycles.add(child);
        continue;
      }
      enter(child, pathOf(), frame.depth + 1);
    } else if (frame.report) {
      const before = issues.length;
      checkScalar(child, EMPTY_PATH);
      for (let k = before; k < issues.length; k++) issues[k] = { ...issues[k]!, path: pathOf() } as StructureIssue;
    }
  }
  return issues;
}

/**
 * A quick, conservative form of {@link inspectStructure} for the common case, a tree of plain
 * data such as `JSON.parse` makes: `true` only when `inspectStructure(value, bounds)` would find
 * nothing. `false` means "look closer" (run {@link inspectStructure} for the issues): it is also
 * the answer for any object reached twice, shared or not, whatever `bounds.tree` says.
 */
export function isPlainTree(value: unknown, bounds: StructureBounds): boolean {
  const maxText = bounds.maxTextLength ?? Infinity;
  if (value === null || typeof value !== 'object') return isPlainScalar(value, maxText);
  return isContainer(value) && plainTreeFrom(value, 1, bounds.maxDepth, maxText, new Seen(bounds));
}

/**
 * Containers met so far: a list while short (complaints hold a handful), then a set; and the
 * size bounds, with the number of values counted so far.
 */
class Seen {
  list: object[] = [];
  set: Set<object> | undefined;
  nodes = 1;
  readonly maxNodes: number;
  readonly maxKeys: number;
  readonly maxItems: number;

  constructor(bounds: StructureBounds) {
    this.maxNodes = bounds.maxNodes ?? Infinity;
    this.maxKeys = bounds.maxKeys ?? Infinity;
    this.maxItems = bounds.maxArrayItems ?? Infinity;
  }

  /** Counts `n` more values; false past the bounds. */
  count(n: number, max: number): boolean {
    this.nodes += n;
    return n <= max && this.nodes <= this.maxNodes;
  }

  /** Adds `node`; false when it was already there. */
  add(node: object): boolean {
    if (this.set) {
      if (this.set.has(node)) return false;
      this.set.add(node);
      return true;
    }
    if (this.list.includes(node)) return false;
    this.list.push(node);
    if (this.list.length > 32) this.set = new Set(this.list);
    return true;
  }
}

function isPlainScalar(v: unknown, maxText: number): boolean {
  switch (typeof v) {
    case 'string':
      return v.length <= maxText;
    case 'number':
      return Number.isFinite(v);
    case 'boolean':
    case 'undefined':
      return true;
    default:
      return v === null;
  }
}

function plainTreeFrom(node: Container, depth: number, maxDepth: number, maxText: number, seen: Seen): boolean {
  if (depth > maxDepth || !seen.add(node)) return false;
  if (Array.isArray(node)) {
    if (!seen.count(node.length, seen.maxItems)) return false;
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object' ? !(isContainer(child) && plainTreeFrom(child, depth + 1, maxDepth, maxText, seen)) : !isPlainScalar(child, maxText)) return false;
    }
    return true;
  }
  const keys = Object.keys(node);
  if (!seen.count(keys.length, seen.maxKeys)) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // Only a key as long as a forbidden one needs the set look-up.
    if (key.length > maxText || (forbiddenLength[key.length] === true && forbiddenKeys.has(key))) return false;
    const child: unknown = node[key];
    if (child !== null && typeof child === 'object' ? !(isContainer(child) && plainTreeFrom(child, depth + 1, maxDepth, maxText, seen)) : !isPlainScalar(child, maxText)) return false;
  }
  return true;
}
