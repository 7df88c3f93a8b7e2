/**
 * A linear pre-scan of YAML text for nesting depth, run before yaml tokenises anything.
 *
 * yaml's lexer and parser do work in proportion to size × depth on deeply nested input (2 MB of
 * `a: [[[[…` took 10 seconds), and the exact depth check on yaml's token tree can only run after
 * that work. This scan reads the text once, keeps a few counters, and stops at the first place
 * where lists and mappings certainly nest deeper than allowed.
 *
 * It never over-counts: where the text is ambiguous without a full parse (a block collection at
 * the same indentation as its parent, a block scalar's exact indentation), it counts fewer levels,
 * never more, so a playbook it lets through is still measured exactly on the token tree. Brackets
 * and quotes inside plain scalars, quoted scalars, comments and block scalars are not structure
 * and are skipped.
 */

/** Where the scan found nesting beyond the bound: the offset of the opening token, 1-based line and column. */
export interface PrescanDepth {
  offset: number;
  line: number;
  column: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isBreakOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === LF || c === CR;
}

/**
 * The first place where lists and mappings nest more than `maxDepth` levels deep (the root
 * collection is level 1), or undefined when the scan finds none.
 *
 * @example
 * ```ts
 * prescanDepth('a: [[[1]]]', 2); // { offset: 4, line: 1, column: 5 }
 * prescanDepth('a: "[[[["', 2);  // undefined: inside quotes
 * ```
 */
export function prescanDepth(text: string, maxDepth: number): PrescanDepth | undefined {
  const n = text.length;
  /** Indentation of each open block collection, outermost first. */
  const blocks: number[] = [];
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let i = 0;

  const at = (offset: number): PrescanDepth => ({ offset, line, column: offset - lineStart + 1 });
  const newline = (offset: number) => {
    line++;
    lineStart = offset;
  };
  /** A block collection starting at this column, inside the ones open at lower columns. */
  const openBlock = (column: number): boolean => {
    while (blocks.length > 0 && blocks[blocks.length - 1]! > column) blocks.pop();
    if (blocks.length === 0 || blocks[blocks.length - 1]! < column) blocks.push(column);
    return blocks.length + flow > maxDepth;
  };
  /** Skips to the end of the line (not past the break). */
  const toLineEnd = () => {
    while (i < n && !isBreakOrEnd(text.charCodeAt(i))) i++;
  };
  /** Skips a quoted scalar starting at `i` (which may span lines); stops after the closing quote. */
  const skipQuoted = () => {
    const quote = text.charCodeAt(i++);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF) newline(i + 1);
      if (quote === 34 && c === 92) {
        // A backslash escape in a double-quoted scalar; an escaped line break counts as a line.
        if (text.charCodeAt(i + 1) === LF) newline(i + 2);
        i += 2;
        continue;
      }
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) {
          i += 2; // '' inside single quotes
          continue;
        }
        i++;
        return;
      }
      i++;
    }
  };
  /** Skips the lines of a block scalar: every following line that is blank or indented deeper than `indent`. */
  const skipBlockScalar = (indent: number) => {
    toLineEnd();
    while (i < n) {
      // At a line break: look at the next line.
      let j = i;
      if (text.charCodeAt(j) === CR) j++;
      if (text.charCodeAt(j) === LF) j++;
      let k = j;
      while (k < n && text.charCodeAt(k) === SPACE) k++;
      const blankLine = k >= n || isBreakOrEnd(text.charCodeAt(k));
      if (!blankLine && k - j <= indent) return;
      if (j >= n) {
        i = n;
        return;
      }
      newline(j);
      i = k;
      toLineEnd();
    }
  };

  /**
   * Reads flow content from `i` (just after an opening bracket) until the brackets balance.
   * Inside flow collections every unquoted bracket is structure; quotes start a scalar only
   * where a scalar can start.
   */
  const scanFlow = (): PrescanDepth | undefined => {
    let scalarMayStart = true;
    while (i < n && flow > 0) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        newline(i + 1);
        i++;
        scalarMayStart = true;
        continue;
      }
      if (c === 91 || c === 123) {
        // [ {
        flow++;
        if (blocks.length + flow > maxDepth) return at(i);
        i++;
        scalarMayStart = true;
        continue;
      }
      if (c === 93 || c === 125) {
        // ] }
        flow--;
        i++;
        scalarMayStart = false;
        continue;
      }
      if (c === 44) {
        // ,
        i++;
        scalarMayStart = true;
        continue;
      }
      if (isBlank(c) || c === CR) {
        i++;
        continue;
      }
      if (c === 35 && (i === 0 || isBlank(text.charCodeAt(i - 1)) || isBreakOrEnd(text.charCodeAt(i - 1)))) {
        toLineEnd();
        continue;
      }
      if ((c === 34 || c === 39) && scalarMayStart) {
        skipQuoted();
        scalarMayStart = false;
        continue;
      }
      // ':' and '?' indicators let a value start after them.
      scalarMayStart = (c === 58 || c === 63) && (isBlank(text.charCodeAt(i + 1)) || isBreakOrEnd(text.charCodeAt(i + 1)));
      i++;
    }
    return undefined;
  };

  while (i < n) {
    // At the start of a line.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      i++;
      indent++;
    }
    if (i >= n) break;
    let c = text.charCodeAt(i);
    if (c === CR || c === LF || c === 35) {
      // A blank line or a comment line.
      toLineEnd();
    } else if (indent === 0 && (c === 37 || ((c === 45 || c === 46) && text.startsWith(c === 45 ? '---' : '...', i) && (isBlank(text.charCodeAt(i + 3)) || isBreakOrEnd(text.charCodeAt(i + 3)))))) {
      // A directive, or a document marker: what follows starts afresh.
      if (c !== 37) blocks.length = 0;
      i += c === 37 ? 0 : 3;
      if (c === 37) toLineEnd();
    }
    // The rest of the line: nodes, separated by indicators.
    let nodeStart = true;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c === CR || c === LF) break;
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c === 35 && isBlank(text.charCodeAt(i - 1))) {
        toLineEnd();
        break;
      }
      const column = i - lineStart;
      const next = text.charCodeAt(i + 1);
      const indicatorFollowed = isBlank(next) || isBreakOrEnd(next);
      if (nodeStart && (c === 45 || c === 63) && indicatorFollowed) {
        // "- " opens a block sequence at this column, "? " a complex mapping key.
        if (openBlock(column)) return at(i);
        i++;
        continue;
      }
      if (c === 58 && indicatorFollowed) {
        // A value indicator: a node may start after it.
        i++;
        nodeStart = true;
        continue;
      }
      if (nodeStart && (c === 91 || c === 123)) {
        flow = 1;
        if (blocks.length + flow > maxDepth) return at(i);
        i++;
        const found = scanFlow();
        if (found) return found;
        nodeStart = false;
        continue;
      }
      if (nodeStart && (c === 34 || c === 39)) {
        skipQuoted();
        nodeStart = false;
        continue;
      }
      if (nodeStart && (c === 124 || c === 62)) {
        // | or >: a block scalar; its lines are text.
        skipBlockScalar(indent);
        break;
      }
      if (nodeStart && (c === 38 || c === 33)) {
        // &anchor or !tag: the node itself follows.
        while (i < n && !isBlank(text.charCodeAt(i)) && !isBreakOrEnd(text.charCodeAt(i))) i++;
        continue;
      }
      // A plain scalar (or an alias): up to ": ", " #" or the end of the line. Followed by ": "
      // it is a key, and its mapping opens at its column.
      const scalarColumn = column;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isBreakOrEnd(d)) break;
        if (d === 58 && (isBlank(text.charCodeAt(i + 1)) || isBreakOrEnd(text.charCodeAt(i + 1)))) break;
        if (d === 35 && isBlank(text.charCodeAt(i - 1))) break;
        i++;
      }
      if (text.charCodeAt(i) === 58 && nodeStart && openBlock(scalarColumn)) return at(lineStart + scalarColumn);
      nodeStart = false;
    }
    // Past the line break.
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    newline(i);
  }
  return undefined;
}
