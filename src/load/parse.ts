import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { PlaybookErrorCode, PlaybookProblem } from '../errors.js';
import type { PlaybookLimits } from '../options.js';
import { createSourceMap, type SourceMap } from './position.js';

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
  RESOURCE_EXHAUSTION: 'YAML_ALIAS',
  MULTIPLE_DOCS: 'YAML_MULTIPLE_DOCUMENTS',
};

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses YAML text into a plain value, keeping positions. Never throws for bad input: every
 * syntax error and warning (unknown tags included, which are refused, never resolved) becomes a
 * problem with yaml's own position.
 */
export function parseSource(source: string, file: string | undefined, limits: PlaybookLimits): ParsedSource {
  const base = file === undefined ? {} : { file };
  if (source.length > limits.maxSourceLength) {
    return {
      value: undefined,
      problems: [{ ...base, code: 'LIMIT_EXCEEDED', severity: 'error', path: [], line: 1, column: 1, message: `the playbook is ${source.length} characters long; the limit is ${limits.maxSourceLength}` }],
    };
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const sourceMap = createSourceMap(doc, lineCounter, text);
  const problems: PlaybookProblem[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(error.pos[0]);
    const code = yamlCodes[error.code] ?? 'YAML_SYNTAX';
    let message = firstLine(error.message);
    if (code === 'YAML_TAG') {
      const tag = text.slice(error.pos[0], error.pos[1]).split(/\s/)[0] ?? '';
      message = `the tag ${tag || message.replace(/^Unresolved tag: /, '')} is not allowed: a playbook holds data only, never code or custom types`;
    } else if (code === 'YAML_DUPLICATE_KEY') {
      message = 'this key appears twice in the same mapping; keep one';
    }
    problems.push({ ...base, code, severity: 'error', path: [], line: pos.line, column: pos.col, message });
  }
  if (problems.length > 0) return { value: undefined, sourceMap, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    // yaml throws ReferenceError for alias expansion beyond maxAliasCount.
    return {
      value: undefined,
      sourceMap,
      problems: [{ ...base, code: 'YAML_ALIAS', severity: 'error', path: [], line: 1, column: 1, message: error instanceof Error ? error.message : String(error) }],
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ ...base, code: 'YAML_NOT_A_MAPPING', severity: 'error', path: [], line: 1, column: 1, message: 'a playbook must be a YAML mapping of fields (playbook:, version:, …)' });
  }
  return { value, sourceMap, problems };
}
