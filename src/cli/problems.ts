/**
 * Problems as the CLI prints them: `file:line:column: severity CODE: message`, the source line cut
 * to a window around the column, and a caret. Positions come from the problems themselves (the
 * library's source map put them there) or, for complaint JSON, from one linear scan of the text
 * made only when there is a problem to show: the text is never parsed a second time.
 */
import type { JsonPath, PlaybookProblem } from '../errors.js';
import type { CliIO } from './io.js';

/** Most problems printed per file; the rest are counted in one line. */
export const maxPrintedProblems = 100;

/** Characters of source shown around the column of a problem. */
export const snippetWidth = 200;

/** Longest message printed, in characters. */
const maxMessageLength = 1_000;

/** A problem to print: what {@link formatProblem} needs. */
export type PrintableProblem = Pick<PlaybookProblem, 'message' | 'file' | 'line' | 'column' | 'severity' | 'translations'> & { code: string };

/**
 * Control characters of the input (an escape sequence in a hostile file) must not reach a
 * terminal: they are shown as `?`. Tabs become spaces, so that the caret stays under its column.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Start offsets of the lines of a text, found once per text and only when a snippet is wanted. */
export class LineIndex {
  #starts: number[] | undefined;
  constructor(readonly text: string) {}

  /** The text of a 1-based line, without its line break; empty past the end. */
  lineText(line: number): string {
    if (!this.#starts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.#starts = starts;
    }
    const start = this.#starts[line - 1];
    if (start === undefined) return '';
    const next = this.#starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
}

/**
 * A problem rendered as `file:line:column: severity CODE: message` plus the source line (at most
 * about 200 characters of it, around the column) and a caret.
 *
 * @example
 * ```ts
 * formatProblem({ file: 'a.yaml', line: 2, column: 3, severity: 'error', code: 'YAML_SYNTAX', message: 'bad' }, new LineIndex(text));
 * ```
 */
export function formatProblem(problem: PrintableProblem, source?: Pick<LineIndex, 'lineText'>, lang: 'en' | 'zh-CN' = 'en'): string {
  const where = [problem.file ?? '<input>', problem.line, problem.column].filter((x) => x !== undefined).join(':');
  let out = `${printable(where)}: ${problem.severity} ${problem.code}: ${printable(cut((lang === 'zh-CN' ? problem.translations?.['zh-CN'] : undefined) ?? problem.message, maxMessageLength))}\n`;
  if (source && problem.line !== undefined) {
    const full = source.lineText(problem.line);
    const column = Math.max(1, problem.column ?? 1);
    // A window of the line around the column, marked with … where it was cut.
    const start = Math.max(0, Math.min(column - 1 - snippetWidth / 2, full.length - snippetWidth));
    const end = Math.min(full.length, start + snippetWidth);
    const head = start > 0 ? '…' : '';
    const text = `${head}${printable(full.slice(start, end))}${end < full.length ? '…' : ''}`;
    const gutter = String(problem.line);
    out += ` ${gutter} | ${text}\n ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1 - start + head.length))}^\n`;
  }
  return out;
}

/**
 * Prints at most {@link maxPrintedProblems} problems, then `… and N more`. `lineOf` gives a
 * problem's source line text (for the snippet).
 */
export function printProblems(problems: readonly PrintableProblem[], source: Pick<LineIndex, 'lineText'> | undefined, io: Pick<CliIO, 'stderr'>, lang: 'en' | 'zh-CN' = 'en'): void {
  const shown = problems.slice(0, maxPrintedProblems);
  for (const p of shown) io.stderr(formatProblem(p, source, lang));
  const rest = problems.length - shown.length;
  if (rest > 0) io.stderr(`… and ${rest} more problem${rest === 1 ? '' : 's'} (not printed; --format json lists them)\n`);
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Set when a wanted path ends here. */
  wanted: boolean;
  found?: { line: number; column: number };
}

/**
 * Lines and columns of JSON values by path, for problems of a complaint that parsed: one linear
 * pass over the text (iterative, whatever the nesting), following only the wanted paths.
 *
 * @returns A function from a path to its position: the value's, or the deepest wanted ancestor's that exists.
 */
export function locateJsonPaths(text: string, paths: readonly JsonPath[]): (path: JsonPath) => { line: number; column: number } | undefined {
  const root: TrieNode = { children: new Map(), wanted: false };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      const key = String(segment);
      let child = node.children.get(key);
      if (!child) {
        child = { children: new Map(), wanted: false };
        node.children.set(key, child);
      }
      node = child;
    }
    node.wanted = true;
  }
  let line = 1;
  let lineStart = 0;
  // Per open container: its trie node (undefined off the wanted paths), its item index or current key.
  const stack: Array<{ node: TrieNode | undefined; array: boolean; index: number; key: string | undefined }> = [];
  /** The trie node of a value starting at `at` (undefined off the wanted paths), its position noted. */
  const valueAt = (at: number): TrieNode | undefined => {
    const top = stack[stack.length - 1];
    let node: TrieNode | undefined;
    if (!top) node = root;
    else if (top.array) node = top.node?.children.get(String(top.index));
    else node = top.key === undefined ? undefined : top.node?.children.get(top.key);
    if (node && !node.found) node.found = { line, column: at - lineStart + 1 };
    return node;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      i++;
    } else if (c === 34) {
      // A string: a key when an object waits for one, else a value.
      const start = i;
      i++;
      let escaped = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 34) break;
        i++;
      }
      i++;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.key === undefined) {
        const raw = text.slice(start + 1, i - 1);
        let key = raw;
        if (escaped) {
          try {
            key = JSON.parse(text.slice(start, i)) as string;
          } catch {
            key = raw;
          }
        }
        top.key = key;
      } else {
        valueAt(start);
      }
    } else if (c === 44) {
      // ',': the next item or key.
      const top = stack[stack.length - 1];
      if (top) {
        if (top.array) top.index++;
        else top.key = undefined;
      }
      i++;
    } else if (c === 123 || c === 91) {
      const node = valueAt(i);
      stack.push({ node, array: c === 91, index: 0, key: undefined });
      i++;
    } else if (c === 125 || c === 93) {
      stack.pop();
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 58) {
      i++;
    } else {
      // A number, true, false or null.
      valueAt(i);
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
    }
  }
  return (path) => {
    let node: TrieNode | undefined = root;
    let best = root.found;
    for (const segment of path) {
      node = node.children.get(String(segment));
      if (!node) break;
      if (node.found) best = node.found;
    }
    return best;
  };
}
