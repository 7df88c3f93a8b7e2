import complaintSchema from '../schemas/complaint.schema.json';
import { forbiddenKeys } from './validate/structure.js';

/** Facts set by the classification stages, in stage order. */
export const stageFacts = {
  customerType: 'customerType',
  demand: 'reasonableness',
  resolvability: 'resolvability',
} as const;

/** Fixed outcome ids of the demand and resolvability stages. */
export const fixedOutcomeIds = {
  demand: ['reasonable', 'unreasonable', 'excessive'],
  resolvability: ['immediate', 'short-term', 'not-currently-resolvable'],
} as const;

/** The conversation steps, in the order responses are given. */
export const responseStageOrder = ['apologize', 'listen', 'ask', 'soothe', 'explain', 'confirm', 'resolve', 'follow-up'] as const;

/** The stages, in evaluation order. */
export const stageOrder = ['customerType', 'demand', 'resolvability'] as const;

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
}

/** Every complaint field in dotted form, with its enum when it has one. */
export const complaintFacts: ReadonlyMap<string, { type?: string | string[]; enum?: unknown[] }> = (() => {
  const out = new Map<string, { type?: string | string[]; enum?: unknown[] }>();
  const walk = (props: Record<string, SchemaNode>, prefix: string) => {
    for (const [key, node] of Object.entries(props)) {
      const name = prefix + key;
      out.set(name, { ...(node.type ? { type: node.type } : {}), ...(node.enum ? { enum: node.enum } : {}) });
      if (node.properties) walk(node.properties, `${name}.`);
    }
  };
  walk((complaintSchema as { properties: Record<string, SchemaNode> }).properties, '');
  return out;
})();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Flattens a complaint into dotted facts: every nested object is reachable both as a whole
 * (`customer`) and by each of its fields (`customer.emotion`). Arrays stay whole. The result has
 * no prototype, and an object met again below itself (a cycle) is not walked twice.
 */
export function flattenFacts(value: Record<string, unknown>, maxDepth = 8): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const ancestors = new Set<object>();
  const walk = (node: Record<string, unknown>, prefix: string, depth: number) => {
    if (ancestors.has(node)) return;
    ancestors.add(node);
    for (const key of Object.keys(node)) {
      // Refused by the complaint check already; skipped again for callers that did not run it.
      if (forbiddenKeys.has(key)) continue;
      const child = node[key];
      const name = prefix + key;
      out[name] = child;
      if (isPlainObject(child) && depth < maxDepth) walk(child, `${name}.`, depth + 1);
    }
    ancestors.delete(node);
  };
  walk(value, '', 0);
  return out;
}

/**
 * Reads a dotted fact from a complaint the way {@link flattenFacts} names it: own properties of
 * plain objects, segment by segment; arrays and other values are leaves.
 */
export function readDotted(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/**
 * {@link readDotted} for fixed segments, as a closure specialised for the usual one or two
 * segments. The root must be a plain object (a checked complaint is one).
 */
export function dottedReader(segments: readonly string[]): (root: Record<string, unknown>) => unknown {
  const hasOwn = Object.prototype.hasOwnProperty;
  // A property read first: an absent fact (most of them) then costs no ownership check.
  if (segments.length === 1) {
    const [a] = segments as [string];
    return (root) => {
      const value = root[a];
      return value !== undefined && hasOwn.call(root, a) ? value : undefined;
    };
  }
  if (segments.length === 2) {
    const [a, b] = segments as [string, string];
    return (root) => {
      const node = root[a];
      if (!isPlainObject(node) || !hasOwn.call(root, a)) return undefined;
      const value = node[b];
      return value !== undefined && hasOwn.call(node, b) ? value : undefined;
    };
  }
  return (root) => readDotted(root, segments);
}
