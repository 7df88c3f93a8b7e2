/**
 * Positions without a second parse: for a playbook read on the fast path, finds where a JSON path
 * is written by scanning the lines of the text (block mappings and sequences by indentation,
 * one-line flow collections by their commas). It answers only where the text is of the plain
 * shapes it knows, and says `undefined` everywhere else, so that the caller asks yaml instead:
 * a position it gives is the one yaml gives (tests/scan-position.test.ts compares the two on
 * every path of the shipped playbooks and the valid fixtures). A problem's position then costs a
 * scan of the lines it passes, not a parse of the file (the studio checks as one types).
 */
import type { JsonPath } from '../errors.js';

/** 1-based line and column, as a SourceMap gives them. */
type Position = { line: number; column: number };

/** Where a collection starts: its first line (0-based), the column its first entry starts at, and the indentation of the entries after it. */
interface Block {
  kind: 'map' | 'seq';
  line: number;
  column: number;
  indent: number;
}

/** A one-line flow collection: the line and the column of its `[` or `{`. */
interface Flow {
  kind: 'flow';
  line: number;
  column: number;
}

/** A value: where it starts, and the collection it opens (if any, and if this scanner can read it). */
interface Value {
  at: Position;
  inner?: Block | Flow;
}

const plainKey = /^([A-Za-z0-9_][A-Za-z0-9_.\/-]*):(?=\s|$)/;

/**
 * Creates a locator over `text`: `locate(path, key)` → position, or `undefined` (ask yaml); and
 * the text's lines (for caret snippets).
 */
export function scanLocator(text: string): { locate: (path: JsonPath, key?: boolean) => Position | undefined; lines: readonly string[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const isContent = (line: string) => {
    const t = line.trim();
    return t !== '' && !t.startsWith('#');
  };
  const nextContent = (from: number) => {
    for (let i = from; i < lines.length; i++) if (isContent(lines[i]!)) return i;
    return -1;
  };

  /** What follows a key's colon or a sequence's dash, starting at `column` (0-based) of `line`. */
  function valueAt(line: number, column: number, parentIndent: number, inSeq: boolean): Value | undefined {
    const rest = lines[line]!.slice(column);
    const start = column + (rest.length - rest.trimStart().length);
    const body = lines[line]!.slice(start);
    if (body === '' || body.startsWith('#')) {
      // A collection on the lines below.
      const next = nextContent(line + 1);
      if (next === -1) return undefined;
      const indent = indentOf(lines[next]!);
      const t = lines[next]!.slice(indent);
      const dash = t === '-' || t.startsWith('- ');
      if (indent > parentIndent || (!inSeq && indent === parentIndent && dash)) {
        if (dash) return { at: { line: next + 1, column: indent + 1 }, inner: { kind: 'seq', line: next, column: indent, indent } };
        if (plainKey.test(t)) return { at: { line: next + 1, column: indent + 1 }, inner: { kind: 'map', line: next, column: indent, indent } };
      }
      return undefined; // empty (null), or a shape left to yaml
    }
    const at = { line: line + 1, column: start + 1 };
    const c = body[0]!;
    if (c === '&' || c === '*' || c === '!' || c === '?') return undefined;
    if (c === '[' || c === '{') return { at, inner: { kind: 'flow', line, column: start } };
    if (inSeq && (body === '-' || body.startsWith('- '))) return undefined; // a list in a list
    if (inSeq && plainKey.test(body)) return { at, inner: { kind: 'map', line, column: start, indent: start } };
    return { at }; // a scalar (plain, quoted or a block scalar's indicator)
  }

  /** The entry `key` of a block mapping: where its key is, and its value. */
  function mapEntry(block: Block, key: string): { key: Position; value: Value | undefined } | undefined {
    for (let i = block.line; i < lines.length; i++) {
      const line = lines[i]!;
      if (!isContent(line)) continue;
      const column = i === block.line ? block.column : indentOf(line);
      if (i !== block.line) {
        if (column < block.indent) return undefined;
        if (column > block.indent) continue; // inside an entry above
      }
      const t = line.slice(column);
      const m = plainKey.exec(t);
      if (!m) {
        if (t.startsWith('- ') || t === '-') continue; // a compact sequence under the key above
        return undefined; // a quoted or complex key: left to yaml
      }
      if (m[1] !== key) continue;
      return { key: { line: i + 1, column: column + 1 }, value: valueAt(i, column + m[0].length, block.indent, false) };
    }
    return undefined;
  }

  /** Item `n` of a block sequence. */
  function seqItem(block: Block, n: number): Value | undefined {
    let count = -1;
    for (let i = block.line; i < lines.length; i++) {
      const line = lines[i]!;
      if (!isContent(line)) continue;
      const column = indentOf(line);
      if (column < block.indent) return undefined;
      if (column > block.indent) continue;
      const t = line.slice(column);
      if (!(t === '-' || t.startsWith('- '))) return undefined; // the sequence ended
      if (++count === n) return valueAt(i, column + 1, block.indent, true);
    }
    return undefined;
  }

  /** The top-level items of a one-line flow collection: each item's start column (and a mapping's keys). */
  function flowItems(flow: Flow): Array<{ column: number; key?: string; valueColumn?: number }> | undefined {
    const line = lines[flow.line]!;
    const mapping = line[flow.column] === '{';
    const close = mapping ? '}' : ']';
    const items: Array<{ column: number; key?: string; valueColumn?: number }> = [];
    let i = flow.column + 1;
    for (;;) {
      while (line[i] === ' ') i++;
      if (line[i] === close) return items;
      if (i >= line.length) return undefined; // continues on the next line: left to yaml
      const start = i;
      let key: string | undefined;
      let valueColumn: number | undefined;
      if (mapping) {
        const m = plainKey.exec(line.slice(i));
        if (!m) return undefined;
        key = m[1];
        i += m[0].length;
        while (line[i] === ' ') i++;
        valueColumn = i;
      }
      // Skip the scalar: quoted with its escapes, or plain up to the next comma or the close.
      const q = line[i];
      if (q === '"' || q === "'") {
        i++;
        for (;;) {
          if (i >= line.length) return undefined;
          if (q === '"' && line[i] === '\\') i += 2;
          else if (line[i] === q) {
            if (q === "'" && line[i + 1] === "'") i += 2;
            else {
              i++;
              break;
            }
          } else i++;
        }
      } else {
        if (q === '[' || q === '{' || q === '&' || q === '*' || q === '!') return undefined;
        while (i < line.length && line[i] !== ',' && line[i] !== close) {
          if (line[i] === '#' && line[i - 1] === ' ') return undefined;
          i++;
        }
      }
      items.push(mapping ? { column: start, key: key!, valueColumn: valueColumn! } : { column: start });
      while (line[i] === ' ') i++;
      if (line[i] === ',') i++;
      else if (line[i] !== close) return undefined;
    }
  }

  const locate = (path: JsonPath, key = false): Position | undefined => {
    // The root mapping starts at its first key, at column 1.
    const first = nextContent(0);
    if (first === -1 || indentOf(lines[first]!) !== 0) return undefined;
    let current: Value = { at: { line: first + 1, column: 1 }, inner: { kind: 'map', line: first, column: 0, indent: 0 } };
    let keyAt: Position | undefined;
    for (const segment of path) {
      const inner = current.inner;
      if (!inner) return undefined;
      keyAt = undefined;
      if (inner.kind === 'flow') {
        const items = flowItems(inner);
        if (!items) return undefined;
        if (typeof segment === 'number') {
          if (lines[inner.line]![inner.column] !== '[') return undefined;
          const item = items[segment];
          if (!item) return undefined;
          current = { at: { line: inner.line + 1, column: item.column + 1 } };
        } else {
          if (lines[inner.line]![inner.column] !== '{') return undefined;
          const item = items.find((it) => it.key === segment);
          if (!item) return undefined;
          keyAt = { line: inner.line + 1, column: item.column + 1 };
          current = { at: { line: inner.line + 1, column: item.valueColumn! + 1 } };
        }
      } else if (inner.kind === 'map') {
        if (typeof segment !== 'string') return undefined;
        const entry = mapEntry(inner, segment);
        if (!entry || !entry.value) return undefined;
        keyAt = entry.key;
        current = entry.value;
      } else {
        if (typeof segment !== 'number') return undefined;
        const item = seqItem(inner, segment);
        if (!item) return undefined;
        current = item;
      }
    }
    return key && keyAt ? keyAt : current.at;
  };
  return { locate, lines };
}
