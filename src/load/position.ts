import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { JsonPath } from '../errors.js';

/** Source positions of a parsed YAML document, looked up by JSON path. */
export interface SourceMap {
  /** 1-based line and column of the value at `path`, or of its key when `key` is true. */
  locate(path: JsonPath, key?: boolean): { line: number; column: number } | undefined;
  /** The text of a 1-based line, for caret snippets. */
  lineText(line: number): string;
}

/** Builds a {@link SourceMap} over a document parsed with a `LineCounter`. */
export function createSourceMap(doc: Document, lineCounter: LineCounter, source: string): SourceMap {
  let lines: string[] | undefined;
  // Key → pair per mapping, built on first use: a playbook with thousands of problems in a large
  // mapping would otherwise search it once per problem.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      indexes.set(map, index);
    }
    return index.get(key);
  };
  const toPos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    locate(path, key = false) {
      // Walk as deep as the path exists; a missing tail points at the deepest existing node.
      let node: unknown = doc.contents;
      let keyNode: Node | undefined;
      let lastGood: Node | undefined = (doc.contents as Node | null) ?? undefined;
      for (const segment of path) {
        keyNode = undefined;
        if (isMap(node)) {
          const pair = pairOf(node, String(segment));
          if (!pair) break;
          keyNode = pair.key as Node;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number') {
          node = node.items[segment];
        } else {
          break;
        }
        if (node && typeof node === 'object' && 'range' in node) lastGood = node as Node;
        else if (keyNode) lastGood = keyNode;
      }
      const target = key && keyNode ? keyNode : lastGood;
      const offset = target?.range?.[0];
      return offset === undefined ? undefined : toPos(offset);
    },
    lineText(line) {
      lines ??= source.split(/\r\n|\r|\n/);
      return lines[line - 1] ?? '';
    },
  };
}
