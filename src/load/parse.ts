import { Composer, isAlias, isScalar, LineCounter, Parser, visit, YAMLParseError, type CST, type Document, type YAMLError } from 'yaml';
import type { PlaybookErrorCode, PlaybookProblem } from '../errors.js';
import { maxNestingDepthCeiling, resolveLimits, type PlaybookLimits } from '../options.js';
import { fastParse } from './fast.js';
import { scanLocator } from './scan-position.js';
import { createSourceMap, type SourceMap } from './position.js';
import { prescanDepth } from './prescan.js';
import { continuedItem, explainStructure, type StructureHint } from './structure.js';

/** The result of parsing playbook YAML: the plain value, its source map, and any problems. */
export interface ParsedSource {
  value: unknown;
  sourceMap?: SourceMap;
  problems: PlaybookProblem[];
}

const yamlCodes: Partial<Record<YAMLError['code'], PlaybookErrorCode>> = {
  DUPLICATE_KEY: 'YAML_DUPLICATE_KEY',
  TAB_AS_INDENT: 'YAML_TAB',
  TAG_RESOLVE_FAILED: 'YAML_TAG',
  BAD_ALIAS: 'YAML_ALIAS',
  // yaml reports a stack overflow while composing this way; the depth check below normally
  // stops such input first, so this only happens when the host's stack is unusually small.
  RESOURCE_EXHAUSTION: 'NESTING_DEPTH',
  MULTIPLE_DOCS: 'YAML_MULTIPLE_DOCUMENTS',
};

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The nesting depth bound that applies: the configured one, never above the ceiling. */
export function effectiveNestingDepth(limits: PlaybookLimits): number {
  return Math.min(limits.maxNestingDepth, maxNestingDepthCeiling);
}

/** What {@link scanDocument} finds before composing. */
interface Scan {
  /** Offset of the first collection nested deeper than allowed. */
  tooDeep?: number;
  /** Offset of the first alias beyond the allowed number. */
  tooManyAliases?: number;
  /** Offset of a `%YAML` directive naming another version than 1.2. */
  otherVersion?: number;
}

/**
 * Measures a CST document before yaml composes it: nesting depth (the root collection is level
 * 1) and the number of aliases. Iterative, so it is safe on any depth; yaml's composer recurses
 * once per level, and resolving aliases costs yaml time in proportion to aliases × anchors.
 */
function scanDocument(document: CST.Document, maxDepth: number, maxAliases: number): Scan {
  const stack: Array<{ token: CST.Token; depth: number }> = document.value ? [{ token: document.value, depth: 1 }] : [];
  let aliases = 0;
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === 'alias' && ++aliases > maxAliases) return { tooManyAliases: token.offset };
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth > maxDepth) return { tooDeep: token.offset };
    // Pushed last to first, so that tokens come off the stack in source order.
    const items = token.items as CST.CollectionItem[];
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return {};
}

/** Offset of the first alias in a document, to point an alias-expansion problem somewhere useful. */
function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) {
        offset = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/**
 * Offsets of keys that repeat an earlier key of the same mapping. yaml's own `uniqueKeys` check
 * compares every key with every earlier one, which takes minutes on a mapping of 25,000 keys;
 * with `stringKeys` every key is a string scalar, so a set does it in one pass.
 */
function duplicateKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key) && pair.key.range) offsets.push(pair.key.range[0]);
        seen.add(key);
      }
    },
  });
  return offsets;
}

/**
 * Parses YAML text into a plain value, keeping positions. Never throws for bad input: every
 * syntax error and warning (unknown tags included, which are refused, never resolved) becomes a
 * problem with yaml's own position. Work is bounded: the size limit is checked first, nesting is
 * measured on yaml's token tree before anything recurses, and alias expansion is counted.
 */
export function parseSource(source: string, file: string | undefined, configured: PlaybookLimits): ParsedSource {
  const base = file === undefined ? {} : { file };
  const limits = resolveLimits(configured);
  if (typeof source !== 'string') {
    // From JavaScript, a Buffer or a Uint8Array arrives here as easily as a string.
    const what = source === null ? 'null' : typeof source === 'object' ? `a ${(source as object).constructor?.name ?? 'object'}` : typeof source;
    return { value: undefined, problems: [{ ...base, code: 'ENCODING', severity: 'error', path: [], line: 1, column: 1, message: `the playbook must be given as text (a string), not ${what}; decode bytes as UTF-8 first` }] };
  }
  if (source.length > limits.maxSourceLength) {
    return {
      value: undefined,
      problems: [{ ...base, code: 'LIMIT_EXCEEDED', severity: 'error', path: [], line: 1, column: 1, message: `the playbook is ${source.length} characters long; the limit is ${limits.maxSourceLength}` }],
    };
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const maxDepth = effectiveNestingDepth(limits);
  // A list item indented past the one above it is read by YAML as more of the text above.
  const continued = continuedItem(text);
  if (continued) return { value: undefined, problems: [hintProblem(continued, base, 'YAML reads this line as a continuation of the text of the item above')] };
  // Plain, well-formed YAML, the usual case, takes the fast path; anything else, yaml's.
  const value = fastParse(text, maxDepth);
  if (value !== undefined) return { value, sourceMap: lazySourceMap(text, () => parseWithYaml(text, base, limits).sourceMap), problems: [] };
  return parseWithYaml(text, base, limits);
}

function hintProblem(hint: StructureHint, base: { file?: string }, detail: string): PlaybookProblem {
  return { ...base, code: hint.code, severity: 'error', path: [], line: hint.line, column: hint.column, message: hint.message, detail, translations: { 'zh-CN': hint.zh } };
}

/**
 * A source map for a playbook read on the fast path, built on first use: it needs positions only
 * for the problems (or lint warnings) it has. A scan of the lines answers the plain shapes
 * (`scanLocator`, as yaml would); anything else comes from yaml, parsed only then.
 */
function lazySourceMap(text: string, build: () => SourceMap | undefined): SourceMap {
  let map: SourceMap | undefined;
  let built = false;
  let scan: ReturnType<typeof scanLocator> | undefined;
  const get = () => {
    if (!built) map = build();
    built = true;
    return map;
  };
  return {
    locate: (path, key) => (scan ??= scanLocator(text)).locate(path, key) ?? get()?.locate(path, key),
    lineText: (line) => (scan ??= scanLocator(text)).lines[line - 1] ?? '',
  };
}

/** {@link parseSource} with yaml alone: every problem, each at yaml's position. @internal */
export function parseWithYaml(text: string, base: { file?: string }, limits: PlaybookLimits): ParsedSource {
  const lineCounter = new LineCounter();
  const maxDepth = effectiveNestingDepth(limits);
  // Deep nesting makes yaml's tokeniser slow before the exact check below can run: a linear
  // scan stops the obvious cases first.
  const deep = prescanDepth(text, maxDepth);
  if (deep) {
    return { value: undefined, problems: [{ ...base, code: 'NESTING_DEPTH', severity: 'error', path: [], line: deep.line, column: deep.column, message: `the playbook nests lists and mappings more than ${maxDepth} levels deep here` }] };
  }
  const problem = (code: PlaybookErrorCode, offset: number, message: string): PlaybookProblem => {
    const pos = lineCounter.linePos(offset);
    return { ...base, code, severity: 'error', path: [], line: pos.line, column: pos.col, message };
  };

  // parseDocument, taken apart: the token tree is measured before it is composed.
  let scan: Scan = {};
  function* scanned(tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'document') scan = scanDocument(token, maxDepth, limits.maxAliases);
      // YAML 1.1 would turn unquoted dates into Date objects, 1:30 into 90 and !!binary into bytes.
      if (token.type === 'directive' && /^%YAML\b/.test(token.source) && !/^%YAML[ \t]+1\.2\b/.test(token.source)) scan = { otherVersion: token.offset };
      if (Object.keys(scan).length > 0) return;
      yield token;
    }
  }
  const composer = new Composer({
    uniqueKeys: false, // checked by duplicateKeyOffsets, in linear time
    prettyErrors: false,
    strict: true,
    version: '1.2',
    // !!binary, !!set, !!omap, !!pairs and !!timestamp would become Buffers, Sets, Maps and Dates.
    resolveKnownTags: false,
    // A key that is a list, a mapping or an alias has no meaning in a playbook.
    stringKeys: true,
  });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(scanned(new Parser(lineCounter.addNewLine).parse(text)), true, text.length)) {
    if (!doc) {
      doc = next;
      continue;
    }
    doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'the file holds several YAML documents (separated by ---); a playbook is one document'));
    break;
  }
  if (scan.tooDeep !== undefined) {
    return { value: undefined, problems: [problem('NESTING_DEPTH', scan.tooDeep, `the playbook nests lists and mappings more than ${maxDepth} levels deep here`)] };
  }
  if (scan.otherVersion !== undefined) {
    return { value: undefined, problems: [problem('YAML_SYNTAX', scan.otherVersion, 'a playbook is YAML 1.2; remove this %YAML directive')] };
  }
  if (scan.tooManyAliases !== undefined) {
    return { value: undefined, problems: [problem('YAML_ALIAS', scan.tooManyAliases, `the playbook uses more than ${limits.maxAliases} aliases (*name)`)] };
  }
  // compose(…, true) always yields a document, an empty one for empty input.
  const parsed = doc!;
  const sourceMap = createSourceMap(parsed, lineCounter, text);
  const problems: PlaybookProblem[] = [];
  // Structure mistakes (indentation, an unquoted colon, an unclosed bracket): one plain message
  // each at the line to change, in place of the parser's several.
  const syntax = parsed.errors.filter((e) => !yamlCodes[e.code]);
  // Each explanation parses a repaired copy again: bounded to files of an ordinary size.
  const explained = syntax.length && text.length <= 200_000 ? explainStructure(text, syntax.map((e) => ({ offset: e.pos[0], message: firstLine(e.message) }))) : undefined;
  if (explained && explained.hints.length) {
    for (const hint of explained.hints) problems.push(hintProblem(hint, base, hint.detail));
    const lc = new LineCounter();
    for (let i = explained.text.indexOf('\n'); i !== -1; i = explained.text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
    for (const e of explained.remaining ?? []) {
      const pos = lc.linePos(e.offset);
      problems.push({ ...base, code: 'YAML_SYNTAX', severity: 'error', path: [], line: pos.line, column: pos.col, message: e.message });
    }
    return { value: undefined, sourceMap, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }
  const duplicates = duplicateKeyOffsets(parsed).map((offset) => new YAMLParseError([offset, offset + 1], 'DUPLICATE_KEY', 'duplicate key'));
  for (const error of [...parsed.errors, ...parsed.warnings, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0])) {
    const code = yamlCodes[error.code] ?? 'YAML_SYNTAX';
    let message = firstLine(error.message);
    if (code === 'YAML_TAG') {
      const tag = text.slice(error.pos[0], error.pos[1]).split(/\s/)[0] ?? '';
      message = `the tag ${tag || message.replace(/^Unresolved tag: /, '')} is not allowed: a playbook holds data only, never code or custom types`;
    } else if (code === 'YAML_DUPLICATE_KEY') {
      message = 'this key appears twice in the same mapping; keep one';
    } else if (error.code === 'NON_STRING_KEY') {
      message = 'a key must be plain text, not a list, a mapping, an alias or nothing';
    } else if (code === 'NESTING_DEPTH') {
      message = 'the playbook nests lists and mappings too deeply to be read';
    }
    problems.push(problem(code, error.pos[0], message));
  }
  if (problems.length > 0) return { value: undefined, sourceMap, problems };
  let value: unknown;
  try {
    value = parsed.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    // yaml throws a ReferenceError for alias expansion beyond maxAliasCount and for an alias
    // without its anchor; a RangeError would be a stack overflow from aliases nested in aliases.
    const tooDeep = error instanceof RangeError;
    const reason = error instanceof Error ? firstLine(error.message) : String(error);
    const offset = firstAliasOffset(parsed) ?? 0;
    const message = tooDeep
      ? 'aliases nest the playbook too deeply to be read'
      : /^Excessive alias count/.test(reason)
        ? `aliases expand too much (more than ${limits.maxAliases} expansions); this looks like an alias bomb`
        : reason;
    return { value: undefined, sourceMap, problems: [problem(tooDeep ? 'NESTING_DEPTH' : 'YAML_ALIAS', offset, message)] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ ...base, code: 'YAML_NOT_A_MAPPING', severity: 'error', path: [], line: 1, column: 1, message: 'a playbook must be a YAML mapping of fields (playbook:, version:, …)' });
  }
  return { value, sourceMap, problems };
}
