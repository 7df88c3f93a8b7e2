import type { ErrorObject } from 'ajv';
import * as full from './generated/full.js';
import * as quick from './generated/quick.js';
import { parseTimestamp, strictTimestamp } from '../timestamp.js';
import type { ComplaintProblem, JsonPath, PlaybookErrorCode, PlaybookProblem } from '../errors.js';
import { complaintLimits, maxNestingDepthCeiling } from '../options.js';
import { inspectStructure, isPlainTree, type StructureIssue } from './structure.js';
import { suggest } from './suggest.js';
import { durationProblem } from '../calendar/duration.js';

/** A validator compiled from a JSON Schema at build time (ajv standalone code, scripts/generate-validators.mjs). */
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Compiled at build time: nothing here generates code at run time, so a page under a CSP without
// 'unsafe-eval' and edge runtimes that refuse `new Function` can load playbooks. The full
// validators report every error, verbosely (`parentSchema` tells the known fields and examples).
const validators = {
  playbook: full.playbook as Validator,
  complaint: full.complaint as Validator,
  /**
   * The complaint schema for the common case, valid input: stops at the first error and counts
   * text length in UTF-16 units. Units are never fewer than code points (and a non-empty text has
   * at least one of each), so what it accepts the full validator accepts too; anything it refuses
   * goes to the full validator for the real problems. Its `receivedAt` has no format: the quick path
   * checks it with {@link strictTimestamp}.
   */
  complaintQuick: quick.complaintQuick as Validator,
  playbookTest: full.playbookTest as Validator,
};

/** Splits an ajv JSON Pointer into path segments (numbers for array indexes). */
export function pointerToPath(pointer: string, data: unknown): Array<string | number> {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function fieldName(path: JsonPath): string {
  return path.length === 0 ? 'the playbook' : path.join('.');
}

interface MappedError {
  code: string;
  message: string;
  path: Array<string | number>;
  key: boolean;
  suggestion?: string;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let node = data;
  for (const seg of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg as string] : undefined;
  return node;
}

/** Turns ajv errors into plain-words problems; drops the noise ajv adds for if/then. */
function mapAjvErrors(errors: ErrorObject[], data: unknown, kind: 'playbook' | 'complaint'): MappedError[] {
  const out: MappedError[] = [];
  const seen = new Set<string>();
  let mapped: MappedError;
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    const path = pointerToPath(error.instancePath, data);
    if (error.propertyName !== undefined) {
      // A key failed propertyNames; in flow mappings this is usually an unquoted comma in a text.
      const flowHint = /[\s,]/.test(error.propertyName) || !/^[A-Za-z]/.test(error.propertyName) ? '; if this is a text containing a comma or a colon, put the whole text in quotes' : '';
      mapped = { code: 'FORMAT', message: `"${error.propertyName}" is not a valid name in ${fieldName(path)}${flowHint}`, path: [...path, error.propertyName], key: true };
      const id = `${mapped.code}|${mapped.path.join('/')}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(mapped);
      }
      continue;
    }
    const value = valueAt(data, path);
    switch (error.keyword) {
      case 'required': {
        const missing = (error.params as { missingProperty: string }).missingProperty;
        mapped = { code: 'REQUIRED', message: `${fieldName(path)} is missing the required field "${missing}"`, path, key: true };
        break;
      }
      case 'additionalProperties': {
        const extra = (error.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const suggestion = suggest(extra, known);
        mapped = {
          code: 'UNKNOWN_FIELD',
          message: `unknown field "${extra}" in ${fieldName(path)}${suggestion ? `; did you mean "${suggestion}"?` : known.length ? `; expected one of: ${known.join(', ')}` : ''}`,
          path: [...path, extra],
          key: true,
          ...(suggestion ? { suggestion } : {}),
        };
        break;
      }
      case 'type': {
        const expected = (error.params as { type: string | string[] }).type;
        const list = Array.isArray(expected) ? expected.join(' or ') : expected;
        const last = path[path.length - 1];
        if (typeof value === 'number' && (last === 'within' || last === 'every')) {
          // A bare number where a duration goes: the unit is what is missing.
          mapped = { code: 'TYPE', message: `${path.map((p) => (typeof p === 'number' ? `#${p + 1}` : p)).join(' › ').replace(/ › #/g, ' #')}: ${durationProblem(value)}`, path, key: false };
          break;
        }
        mapped = { code: 'TYPE', message: `${fieldName(path)} must be ${list === 'object' ? 'a mapping' : list === 'array' ? 'a list' : `a ${list}`}, not ${describeValue(value)}`, path, key: false };
        break;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const suggestion = typeof value === 'string' ? suggest(value, allowed) : undefined;
        mapped = {
          code: 'ENUM',
          message: `${fieldName(path)} is ${describeValue(value)}, which is not one of: ${allowed.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          path,
          key: false,
          ...(suggestion ? { suggestion } : {}),
        };
        break;
      }
      case 'const': {
        const allowed = (error.params as { allowedValue: unknown }).allowedValue;
        mapped = { code: 'ENUM', message: `${fieldName(path)} must be ${JSON.stringify(allowed)}, not ${describeValue(value)}`, path, key: false };
        break;
      }
      case 'pattern':
      case 'format': {
        const examples = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples;
        const hint = examples?.length ? ` (for example ${examples.slice(0, 2).map((e) => JSON.stringify(e)).join(' or ')})` : error.keyword === 'format' ? ` (expected ${(error.params as { format: string }).format})` : '';
        mapped = { code: 'FORMAT', message: `${fieldName(path)} ${describeValue(value)} is not in the expected form${hint}`, path, key: false };
        break;
      }
      case 'maxProperties':
        if (kind === 'playbook' && (value as object | null) && ['all', 'any', 'not'].some((k) => k in (value as object))) {
          mapped = { code: 'CONDITION', message: `a condition at ${fieldName(path)} is either all/any/not or a fact comparison (fact, operator, value), not both`, path, key: false };
          break;
        }
      // falls through
      default:
        mapped = { code: 'VALUE', message: `${fieldName(path)} ${error.message ?? 'is invalid'}`, path, key: false };
    }
    const id = `${mapped.code}|${mapped.path.join('/')}|${mapped.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(mapped);
  }
  return out;
}

type SchemaProblem = Omit<PlaybookProblem, 'severity' | 'file' | 'line' | 'column'> & { key: boolean };

const pathId = (path: JsonPath) => JSON.stringify(path);

/** Keeps the first problems and adds the others only at paths the first did not report. */
function mergeByPath<T extends { path: JsonPath }>(first: T[], others: T[]): T[] {
  const seen = new Set(first.map((p) => pathId(p.path)));
  return [...first, ...others.filter((p) => !seen.has(pathId(p.path)))];
}

/** Issues that make the value unsafe to hand to the schema validator, which recurses. */
const isFatal = (issue: StructureIssue) => issue.kind === 'too-deep' || issue.kind === 'cycle' || issue.kind === 'shared' || issue.kind === 'not-data';

function playbookStructureProblem(issue: StructureIssue): SchemaProblem {
  const where = fieldName(issue.path);
  switch (issue.kind) {
    case 'forbidden-key':
      return { code: 'FORBIDDEN_KEY', message: `the key "${issue.key}" is not allowed anywhere in a playbook: it names a JavaScript internal; rename it`, path: issue.path, key: true };
    case 'too-deep':
      return { code: 'NESTING_DEPTH', message: `lists and mappings nest more than ${maxNestingDepthCeiling} levels deep here`, path: issue.path, key: false };
    case 'cycle':
    case 'shared':
      return { code: 'NESTING_DEPTH', message: `${where} contains itself; a playbook must be a tree of plain data`, path: issue.path, key: false };
    case 'not-data':
      return { code: 'SCHEMA_TYPE', message: `${where} is ${issue.what}; a playbook holds plain data only (text, numbers, true/false, null, lists and mappings)`, path: issue.path, key: false };
    case 'not-finite':
      return { code: 'SCHEMA_VALUE', message: `${where} is ${issue.value}; numbers must be finite`, path: issue.path, key: false };
    case 'long-text':
      return { code: 'LIMIT_EXCEEDED', message: `the ${issue.isKey ? 'key' : 'text'} at ${where} is ${issue.length} characters long`, path: issue.path, key: issue.isKey };
    case 'too-large':
      return { code: 'LIMIT_EXCEEDED', message: `${where} holds more than ${issue.limit} ${issue.what === 'nodes' ? 'values' : issue.what}`, path: issue.path, key: false };
  }
}

/**
 * Schema problems of a playbook value (positions are added by the caller). The value's structure
 * is checked first (forbidden keys, functions, NaN, cycles, nesting up to the hard ceiling): a
 * value that is not plain data within that ceiling never reaches the validator. Configured
 * limits are checked later, by the semantic checks.
 */
export function checkPlaybookSchema(value: unknown): SchemaProblem[] {
  const issues = inspectStructure(value, { maxDepth: maxNestingDepthCeiling });
  const structural = issues.map(playbookStructureProblem);
  if (issues.some(isFatal)) return structural;
  const validate = validators.playbook;
  if (validate(value)) return structural;
  const schemaProblems = mapAjvErrors(validate.errors ?? [], value, 'playbook').map((e) => ({
    code: `SCHEMA_${e.code}` as PlaybookErrorCode,
    message: e.message,
    path: e.path,
    key: e.key,
    ...(e.suggestion ? { suggestion: e.suggestion } : {}),
  }));
  // Where the schema already refuses something (an unknown `__proto__` field), its word stands.
  return mergeByPath<SchemaProblem>(schemaProblems, structural);
}

function complaintStructureProblem(issue: StructureIssue): ComplaintProblem {
  const where = fieldName(issue.path).replace(/^the playbook$/, 'the complaint');
  switch (issue.kind) {
    case 'forbidden-key':
      return { code: 'COMPLAINT_FORBIDDEN_KEY', message: `the field name "${issue.key}" is not allowed in a complaint: it names a JavaScript internal`, path: issue.path };
    case 'too-deep':
      return { code: 'COMPLAINT_VALUE', message: `objects and arrays nest more than ${complaintLimits.maxDepth} levels deep here`, path: issue.path };
    case 'cycle':
      return { code: 'COMPLAINT_VALUE', message: `${where} contains itself; a complaint must be JSON data`, path: issue.path };
    case 'shared':
      return { code: 'COMPLAINT_VALUE', message: `${where} is an object that also appears elsewhere in the complaint; a complaint must be JSON data, where every value has one place`, path: issue.path };
    case 'not-data':
      return { code: 'COMPLAINT_TYPE', message: `${where} is ${issue.what}; a complaint is JSON data (text, numbers, true/false, null, arrays and objects)`, path: issue.path };
    case 'not-finite':
      return { code: 'COMPLAINT_TYPE', message: `${where} must be a finite number, not ${issue.value}`, path: issue.path };
    case 'too-large':
      return issue.what === 'nodes'
        ? { code: 'COMPLAINT_LIMIT', message: `the complaint holds more than ${issue.limit} values (objects, arrays, texts, numbers) in all; the limit is ${issue.limit}`, path: issue.path }
        : { code: 'COMPLAINT_LIMIT', message: `${where} has ${issue.count} ${issue.what === 'keys' ? 'fields' : 'items'}; the limit is ${issue.limit}`, path: issue.path };
    case 'long-text':
      return { code: 'COMPLAINT_VALUE', message: `the ${issue.isKey ? 'field name' : 'text'} at ${issue.isKey ? fieldName(issue.path.slice(0, -1)).replace(/^the playbook$/, 'the complaint') : where} is ${issue.length} characters long; the limit is ${complaintLimits.maxTextLength}`, path: issue.path };
  }
}

const earliestReceivedAt = parseTimestamp(complaintLimits.earliestReceivedAt)!;
const latestReceivedAt = parseTimestamp(complaintLimits.latestReceivedAt)!;

/**
 * The instant of a well-formed `receivedAt`, or a problem. The offset written in the string
 * decides the instant; the playbook's zone and the host's play no part, so a local time in a
 * DST gap or overlap is never ambiguous.
 */
function checkReceivedAt(text: string): { problem: ComplaintProblem } | { ms: number } {
  const ms = parseTimestamp(text);
  if (ms === undefined) {
    return { problem: { code: 'COMPLAINT_TIMESTAMP', message: `receivedAt "${text}" is not a valid ISO 8601 timestamp with an offset`, path: ['receivedAt'] } };
  }
  if (ms < earliestReceivedAt || ms >= latestReceivedAt) {
    return { problem: { code: 'COMPLAINT_TIMESTAMP', message: `receivedAt "${text}" is outside the accepted range (from ${complaintLimits.earliestReceivedAt}, before ${complaintLimits.latestReceivedAt})`, path: ['receivedAt'] } };
  }
  return { ms };
}

/**
 * Problems of a complaint value: the complaint schema, then what a schema cannot say (forbidden
 * keys, functions, NaN, cycles, nesting and text beyond {@link complaintLimits}, a `receivedAt`
 * outside the accepted range), each once per JSON path.
 */
export function checkComplaintValue(value: unknown): { problems: ComplaintProblem[]; receivedAt?: number } {
  // Valid input, the usual case, passes two quick checks; anything else gets the full account.
  if (isPlainTree(value, complaintBounds) && validators.complaintQuick(value)) {
    const receivedAt = (value as { receivedAt?: unknown }).receivedAt;
    if (receivedAt === undefined) return { problems: [] };
    // The quick schema leaves the timestamp's form to this check; other forms take the full path.
    const ms = typeof receivedAt === 'string' ? strictTimestamp(receivedAt) : undefined;
    if (ms !== undefined && ms >= earliestReceivedAt && ms < latestReceivedAt) return { problems: [], receivedAt: ms };
  }
  return fullComplaintCheck(value);
}

const complaintBounds = {
  maxDepth: complaintLimits.maxDepth,
  maxTextLength: complaintLimits.maxTextLength,
  tree: true,
  maxNodes: complaintLimits.maxNodes,
  maxKeys: complaintLimits.maxKeys,
  maxArrayItems: complaintLimits.maxArrayItems,
};

/** {@link checkComplaintValue} without its quick path: every problem, each with its path. @internal */
export function fullComplaintCheck(value: unknown): { problems: ComplaintProblem[]; receivedAt?: number } {
  const structural = inspectStructure(value, complaintBounds).map(complaintStructureProblem);
  // Past a size bound the value is not looked at further: the schema check would do the work
  // the bound is there to prevent.
  if (structural.some((p) => p.code === 'COMPLAINT_LIMIT')) return { problems: capComplaintProblems(structural) };
  const validate = validators.complaint;
  const schemaProblems = validate(value)
    ? []
    : mapAjvErrors(validate.errors ?? [], value, 'complaint').map((e) => ({
        code: (e.code === 'UNKNOWN_FIELD' ? 'COMPLAINT_VALUE' : e.code === 'CONDITION' ? 'COMPLAINT_VALUE' : `COMPLAINT_${e.code}`) as ComplaintProblem['code'],
        message: e.message.replace(/^the playbook/, 'the complaint'),
        path: e.path,
      }));
  const problems = mergeByPath(schemaProblems, structural);
  const receivedAt = (value as { receivedAt?: unknown }).receivedAt;
  if (typeof receivedAt === 'string' && !problems.some((p) => p.path[0] === 'receivedAt')) {
    const checked = checkReceivedAt(receivedAt);
    if ('problem' in checked) problems.push(checked.problem);
    else return { problems: capComplaintProblems(problems), receivedAt: checked.ms };
  }
  return { problems: capComplaintProblems(problems) };
}

/** At most `complaintLimits.maxProblems` problems, then one that counts the rest. */
function capComplaintProblems(problems: ComplaintProblem[]): ComplaintProblem[] {
  const max = complaintLimits.maxProblems;
  if (problems.length <= max) return problems;
  const rest = problems.length - max;
  return [...problems.slice(0, max), { code: 'COMPLAINT_LIMIT', message: `${rest} more problem${rest === 1 ? '' : 's'} not listed: at most ${max} are`, path: [] }];
}

/** Problems of a complaint value (see {@link checkComplaintValue}). */
export function checkComplaintSchema(value: unknown): ComplaintProblem[] {
  return checkComplaintValue(value).problems;
}

/** Schema problems of a playbook test file value, as plain messages with paths. */
export function checkPlaybookTestSchema(value: unknown): Array<{ message: string; path: Array<string | number>; key: boolean }> {
  const validate = validators.playbookTest;
  if (validate(value)) return [];
  return mapAjvErrors(validate.errors ?? [], value, 'playbook').map((e) => ({ message: e.message.replace(/^the playbook/, 'the test file'), path: e.path, key: e.key }));
}
