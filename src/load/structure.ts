/**
 * YAML structure mistakes in plain words. The parser reports an indentation slip or an unquoted
 * colon as several errors in its own terms, often on the wrong line; a policy owner needs one
 * message at the line to change. Each mistake recognised here is explained, fixed in a copy of
 * the text, and the copy parsed again, so that one mistake gives one message and an unrelated
 * later mistake still gets its own. The parser's words are kept as the problem's `detail`.
 */
import { Composer, LineCounter, Parser, type Document } from 'yaml';

/** A structure mistake: where the person must change the text, and what to do. */
export interface StructureHint {
  code: 'YAML_INDENTATION' | 'YAML_UNQUOTED_COLON' | 'YAML_UNCLOSED';
  line: number;
  column: number;
  message: string;
  /** The same in Chinese. */
  zh: string;
  /** The text with this mistake repaired, to look for the next one. */
  fixed: string;
}

interface Line {
  indent: number;
  /** The text after the indentation. */
  body: string;
  blank: boolean;
  item: boolean;
}

function splitLines(text: string): Line[] {
  return text.split('\n').map((raw) => {
    const l = raw.replace(/\r$/, '');
    const indent = l.length - l.trimStart().length;
    const body = l.slice(indent);
    return { indent, body, blank: body === '' || body.startsWith('#'), item: body === '-' || body.startsWith('- ') };
  });
}

function keyOf(body: string): string | undefined {
  return /^(?:- )?([^\s:#'"{[][^:#]*?):(?:\s|$)/.exec(body)?.[1];
}

function replaceLine(text: string, index: number, line: string): string {
  const lines = text.split('\n');
  lines[index] = line;
  return lines.join('\n');
}

function spaces(n: number, zh = false): string {
  return zh ? `${n} 个空格` : `${n} space${n === 1 ? '' : 's'}`;
}

/** The indentation slip at or near line `at` (0-based), if the lines show one. */
function indentationHint(text: string, at: number): StructureHint | undefined {
  const lines = splitLines(text);
  // The parser may stop on a blank line before the mistake, or on the line after it.
  const candidates = [at, at + 1, at + 2, at - 1].filter((i) => i >= 0 && i < lines.length);
  for (const i of candidates) {
    const x = lines[i]!;
    if (x.blank) continue;
    let p = i - 1;
    while (p >= 0 && lines[p]!.blank) p--;
    if (p < 0) continue;
    const prev = lines[p]!;
    if (x.item) {
      // Siblings: the items just above. The list they belong to starts after a line with less indentation.
      if (prev.item && prev.indent !== x.indent && !(x.indent > prev.indent && keyOf(prev.body) !== undefined)) {
        let start = p;
        while (start > 0 && (lines[start - 1]!.blank || (lines[start - 1]!.item && lines[start - 1]!.indent === prev.indent) || lines[start - 1]!.indent > prev.indent)) start--;
        let parent = start - 1;
        while (parent >= 0 && (lines[parent]!.blank || lines[parent]!.indent >= prev.indent)) parent--;
        const key = parent >= 0 ? keyOf(lines[parent]!.body) : undefined;
        const of = key ? `of \`${key}\` ` : '';
        return {
          code: 'YAML_INDENTATION',
          line: i + 1,
          column: x.indent + 1,
          message: `this item is indented ${spaces(x.indent)}; the other items ${of}(line ${p + 1}) are indented ${prev.indent}: start it with "-" at column ${prev.indent + 1}`,
          zh: `此列表项缩进了 ${spaces(x.indent, true)}；${key ? `\`${key}\` 的` : ''}其他列表项（第 ${p + 1} 行）缩进了 ${spaces(prev.indent, true)}：请让 "-" 从第 ${prev.indent + 1} 列开始`,
          fixed: replaceLine(text, i, ' '.repeat(prev.indent) + x.body),
        };
      }
      continue;
    }
    const key = keyOf(x.body);
    if (key === undefined) continue;
    // The nearest line above at this indentation or less: a key there is a sibling (fine); a list
    // item's dash there means this key belongs to the item but lost its indentation.
    let q = p;
    while (q >= 0 && (lines[q]!.blank || lines[q]!.indent > x.indent)) q--;
    if (q < 0) continue;
    const owner = lines[q]!;
    if (owner.item && owner.indent === x.indent) {
      const want = owner.indent + 2;
      return {
        code: 'YAML_INDENTATION',
        line: i + 1,
        column: x.indent + 1,
        message: `\`${key}:\` is indented ${spaces(x.indent)}; the other fields of this list item (line ${q + 1}) are indented ${want}`,
        zh: `\`${key}:\` 缩进了 ${spaces(x.indent, true)}；这个列表项的其他字段（第 ${q + 1} 行）缩进了 ${spaces(want, true)}`,
        fixed: reindentBlock(text, lines, i, want - x.indent),
      };
    }
    if (!owner.item && owner.indent < x.indent && q !== p) {
      // Siblings between the parent and this line at another indentation.
      const sibling = lines.slice(q + 1, i).findIndex((l) => !l.blank && l.indent < x.indent);
      const first = lines.slice(q + 1, i).find((l) => !l.blank);
      if (first && sibling === -1 && first.indent !== x.indent && first.indent < x.indent) {
        const parentKey = keyOf(owner.body);
        return {
          code: 'YAML_INDENTATION',
          line: i + 1,
          column: x.indent + 1,
          message: `\`${key}:\` is indented ${spaces(x.indent)}; the other fields of \`${parentKey ?? 'this mapping'}\` (line ${q + 2}) are indented ${first.indent}`,
          zh: `\`${key}:\` 缩进了 ${spaces(x.indent, true)}；\`${parentKey ?? '该映射'}\` 的其他字段（第 ${q + 2} 行）缩进了 ${spaces(first.indent, true)}`,
          fixed: reindentBlock(text, lines, i, first.indent - x.indent),
        };
      }
    }
  }
  return undefined;
}

/** Shifts line `i` and the lines nested under it by `by` columns. */
function reindentBlock(text: string, lines: Line[], i: number, by: number): string {
  const all = text.split('\n');
  const base = lines[i]!.indent;
  for (let j = i; j < lines.length; j++) {
    if (j > i && !lines[j]!.blank && lines[j]!.indent <= base) break;
    if (lines[j]!.blank) continue;
    all[j] = ' '.repeat(Math.max(0, lines[j]!.indent + by)) + lines[j]!.body;
  }
  return all.join('\n');
}

/** Offsets of flow brackets (`[` and `{` that start a collection) never closed, in text order. */
function unclosedBracket(text: string): { offset: number; char: string; insertAt?: number } | undefined {
  const stack: Array<{ offset: number; char: string }> = [];
  let lineStart = true;
  let afterIndicator = true; // at a place where a value can start
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      afterIndicator = true;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    if (c === '"' || c === "'") {
      if (stack.length > 0 || afterIndicator) {
        const close = c;
        i++;
        while (i < text.length && text[i] !== close && text[i] !== '\n') i += text[i] === '\\' && close === '"' ? 2 : 1;
        afterIndicator = false;
        continue;
      }
    }
    if ((c === '[' || c === '{') && (stack.length > 0 || afterIndicator)) {
      stack.push({ offset: i, char: c });
      afterIndicator = true;
      continue;
    }
    if ((c === ']' || c === '}') && stack.length > 0) {
      // A closer of the other kind: the innermost bracket was never closed.
      if ((c === ']') !== (stack[stack.length - 1]!.char === '[')) return { ...stack[stack.length - 1]!, insertAt: i };
      stack.pop();
      afterIndicator = false;
      continue;
    }
    if (c === ' ' || c === '\t') continue;
    if (stack.length > 0) {
      afterIndicator = c === ',' || c === ':';
      continue;
    }
    // Block context: a value starts after "key: ", "- " or at the start of a line.
    afterIndicator = (c === ':' || c === '-') && (text[i + 1] === ' ' || text[i + 1] === '\n' || text[i + 1] === undefined);
    if (lineStart) lineStart = false;
  }
  return stack[0];
}

/** The plain scalar inside a flow mapping that holds `: ` (yaml reads it as a nested mapping). */
function unquotedColon(text: string, errorOffset: number): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', errorOffset - 1) + 1;
  const lineEnd = text.indexOf('\n', errorOffset) === -1 ? text.length : text.indexOf('\n', errorOffset);
  const line = text.slice(lineStart, lineEnd);
  // A value after `key: ` inside { … } running to the next , or }: with a colon and a space in it.
  const re = /([{,]\s*[^\s:{}[\],'"][^:{}[\],]*:\s+)([^\s'"{[][^{}[\],]*?:\s[^{}[\],]*?)\s*(?=[,}])/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = lineStart + m.index + m[1]!.length;
    return { start, end: start + m[2]!.length };
  }
  return undefined;
}

/** Composes text with the settings of the loader, to see whether a repair removed the errors. */
export function yamlErrors(text: string): Array<{ offset: number; message: string; code: string }> {
  const lineCounter = new LineCounter();
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: true, version: '1.2', resolveKnownTags: false, stringKeys: true });
  const out: Array<{ offset: number; message: string; code: string }> = [];
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(new Parser(lineCounter.addNewLine).parse(text), true, text.length)) {
    doc ??= next;
  }
  for (const e of doc?.errors ?? []) out.push({ offset: e.pos[0], message: e.message.split('\n')[0]!, code: e.code });
  return out;
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The structure mistake behind the first of yaml's errors, if it is one this file knows. */
export function structureHint(text: string, errors: ReadonlyArray<{ offset: number; message: string }>): StructureHint | undefined {
  const first = errors[0];
  if (!first) return undefined;
  if (errors.some((e) => /end with a [\]}]|Missing closing|flow collection/i.test(e.message))) {
    const open = unclosedBracket(text);
    if (open) {
      const pos = lineOf(text, open.offset);
      const close = open.char === '[' ? ']' : '}';
      if (open.insertAt !== undefined) {
        // Closed with the other kind of bracket: that bracket is the one to change.
        const at = lineOf(text, open.insertAt);
        const wrong = text[open.insertAt]!;
        // Either this bracket was never closed (`{a: [x}`) or closed with the wrong one (`{a: x]`):
        // the repair that leaves fewer errors tells which.
        const inserted = text.slice(0, open.insertAt) + close + text.slice(open.insertAt);
        const replaced = text.slice(0, open.insertAt) + close + text.slice(open.insertAt + 1);
        if (yamlErrors(inserted).length < yamlErrors(replaced).length) {
          return {
            code: 'YAML_UNCLOSED',
            line: pos.line,
            column: pos.column,
            message: `the \`${open.char}\` opened at ${pos.line}:${pos.column} is never closed: add \`${close}\` before the \`${wrong}\` at ${at.line}:${at.column}`,
            zh: `第 ${pos.line} 行第 ${pos.column} 列的 \`${open.char}\` 没有闭合：请在第 ${at.line} 行第 ${at.column} 列的 \`${wrong}\` 之前加上 \`${close}\``,
            fixed: inserted,
          };
        }
        return {
          code: 'YAML_UNCLOSED',
          line: at.line,
          column: at.column,
          message: `the \`${open.char}\` opened at ${pos.line}:${pos.column} is closed here with \`${wrong}\`: write \`${close}\``,
          zh: `第 ${pos.line} 行第 ${pos.column} 列的 \`${open.char}\` 在这里用 \`${wrong}\` 闭合了：请改为 \`${close}\``,
          fixed: text.slice(0, open.insertAt) + close + text.slice(open.insertAt + 1),
        };
      }
      const eol = text.indexOf('\n', open.offset);
      const end = eol === -1 ? text.length : eol;
      const lineText = text.slice(open.offset, end);
      const comment = /\s#/.exec(lineText);
      const insertAt = comment ? open.offset + comment.index : end;
      return {
        code: 'YAML_UNCLOSED',
        line: pos.line,
        column: pos.column,
        message: `the \`${open.char}\` opened at ${pos.line}:${pos.column} is never closed: add \`${close}\` where the list or mapping ends`,
        zh: `第 ${pos.line} 行第 ${pos.column} 列的 \`${open.char}\` 没有闭合：请在列表或映射结束处加上 \`${close}\``,
        fixed: text.slice(0, insertAt).trimEnd() + close + text.slice(insertAt),
      };
    }
  }
  for (const e of errors) {
    if (!/Block collections are not allowed within flow collections|Nested mappings are not allowed in compact mappings|Implicit keys of flow sequence pairs/i.test(e.message)) continue;
    const found = unquotedColon(text, e.offset);
    if (found) {
      const pos = lineOf(text, found.start);
      const value = text.slice(found.start, found.end);
      return {
        code: 'YAML_UNQUOTED_COLON',
        line: pos.line,
        column: pos.column,
        message: `quote this text: it contains a colon, which YAML reads as the start of a field; write "${value.replace(/"/g, '\\"')}"`,
        zh: `请给这段文字加上引号：其中的冒号会被 YAML 当作字段的开始；写成 "${value.replace(/"/g, '\\"')}"`,
        fixed: `${text.slice(0, found.start)}"${value.replace(/"/g, '\\"')}"${text.slice(found.end)}`,
      };
    }
  }
  return indentationHint(text, lineOf(text, first.offset).line - 1);
}

/**
 * Every structure mistake this file recognises, one each, in text order: explain the first,
 * repair it in a copy, parse again, and so on (at most `max` times). `remaining` are yaml's
 * errors on the last copy that no hint explains.
 */
export function explainStructure(text: string, errors: ReadonlyArray<{ offset: number; message: string }>, max = 20): { hints: Array<StructureHint & { detail: string }>; remaining: ReadonlyArray<{ offset: number; message: string }> | undefined; text: string } {
  const hints: Array<StructureHint & { detail: string }> = [];
  let current = text;
  let left: ReadonlyArray<{ offset: number; message: string }> = errors;
  for (let n = 0; n < max && left.length > 0; n++) {
    const hint = structureHint(current, left);
    if (!hint) break;
    const after = yamlErrors(hint.fixed);
    // A repair that does not reduce the errors explains nothing: stop and report yaml's words.
    if (after.length >= left.length && hints.length === 0 && after.some((a) => lineOf(hint.fixed, a.offset).line <= hint.line)) break;
    const detail = left
      .filter((e) => after.every((a) => a.message !== e.message || lineOf(hint.fixed, a.offset).line !== lineOf(current, e.offset).line))
      .map((e) => `${lineOf(current, e.offset).line}:${lineOf(current, e.offset).column} ${e.message}`)
      .join('; ');
    hints.push({ ...hint, detail: detail || left.map((e) => e.message).join('; ') });
    current = hint.fixed;
    left = after;
  }
  return { hints, remaining: hints.length ? left : undefined, text: current };
}

/**
 * A list item indented further than the item above it, whose value is plain text: YAML reads
 * the two as one text ("2026-01-01 - 2026-01-06") without complaint. Returns the first such line.
 */
export function continuedItem(text: string): StructureHint | undefined {
  if (!text.includes('\n ')) return undefined;
  const lines = splitLines(text);
  for (let i = 1; i < lines.length; i++) {
    const x = lines[i]!;
    if (!x.item || x.blank) continue;
    let p = i - 1;
    while (p >= 0 && lines[p]!.blank) p--;
    if (p < 0) continue;
    const prev = lines[p]!;
    if (!prev.item || x.indent <= prev.indent) continue;
    const value = prev.body.slice(2).trim();
    // Plain text only: not a mapping (`- id: x`), not a nested list, not quoted, not a block scalar.
    if (value === '' || /^[-'"{[|>&*!]/.test(value) || /:(\s|$)/.test(value)) continue;
    let parent = p - 1;
    while (parent >= 0 && (lines[parent]!.blank || lines[parent]!.indent >= prev.indent)) parent--;
    const key = parent >= 0 ? keyOf(lines[parent]!.body) : undefined;
    const of = key ? `of \`${key}\` ` : '';
    return {
      code: 'YAML_INDENTATION',
      line: i + 1,
      column: x.indent + 1,
      message: `this item is indented ${spaces(x.indent)}; the other items ${of}(line ${p + 1}) are indented ${prev.indent}, so YAML reads it as part of the text above ("${value} ${x.body}")`,
      zh: `此列表项缩进了 ${spaces(x.indent, true)}；${key ? `\`${key}\` 的` : ''}其他列表项（第 ${p + 1} 行）缩进了 ${spaces(prev.indent, true)}，因此 YAML 把它当作上一行文字的一部分`,
      fixed: replaceLine(text, i, ' '.repeat(prev.indent) + x.body),
    };
  }
  return undefined;
}
