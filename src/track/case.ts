import type { ErrorObject } from 'ajv';
import { CaseError, ComplaintError, type CaseProblem } from '../errors.js';
import { checkComplaint } from '../evaluate/evaluate.js';
import { complaintLimits } from '../options.js';
import { parseTimestamp } from '../timestamp.js';
import type { Complaint } from '../types.js';
import * as generated from '../validate/generated/full.js';
import { pointerToPath } from '../validate/schema.js';
import type { CaseEvent } from './types.js';

/** The case schema, compiled at build time (scripts/generate-validators.mjs), its complaint left to the complaint validator. */
const caseValidator = generated.caseRecord as { (data: unknown): boolean; errors?: ErrorObject[] | null };

const earliest = parseTimestamp(complaintLimits.earliestReceivedAt)!;
const latest = parseTimestamp(complaintLimits.latestReceivedAt)!;

function where(path: ReadonlyArray<string | number>): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : 'the case';
}

function mapError(e: ErrorObject, data: unknown): CaseProblem | undefined {
  const path = pointerToPath(e.instancePath, data);
  const at = where(path);
  switch (e.keyword) {
    case 'if':
      return undefined; // its `then` reports the real problem
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const why = missing === 'satisfied' ? ' (a feedback event says whether the customer is satisfied)' : missing === 'to' ? ' (an escalated event names the level it went to)' : '';
      return { code: 'CASE_REQUIRED', path: [...path, missing], message: `${at} needs "${missing}"${why}` };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { code: 'CASE_UNKNOWN_FIELD', path: [...path, extra], message: `${at} has an unknown field "${extra}"` };
    }
    case 'type':
      return { code: 'CASE_TYPE', path, message: `${at} must be ${String((e.params as { type: string }).type)}` };
    case 'enum':
      return { code: 'CASE_ENUM', path, message: `${at} is ${JSON.stringify(valueAt(data, path))}, which is not one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'format':
      return { code: 'CASE_TIMESTAMP', path, message: `${at} must be an ISO 8601 time with an offset, such as 2026-11-20T17:45:00+08:00` };
    default:
      return { code: 'CASE_VALUE', path, message: `${at} ${e.message ?? 'is invalid'}` };
  }
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = data;
  for (const step of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[step as string] : undefined;
  return node;
}

/** A checked event with its instant and its index in the case. */
export interface CheckedEvent extends CaseEvent {
  ms: number;
  index: number;
}

/**
 * Checks a case against the case schema (and its complaint against the complaint schema) and
 * parses every event's time. Every problem is collected.
 *
 * @throws {@link CaseError} listing every problem with its JSON path from the case.
 */
export function checkCase(value: unknown, levels: ReadonlySet<string>): { complaint: Complaint; receivedAt?: number; events: CheckedEvent[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CaseError([{ code: 'CASE_NOT_AN_OBJECT', path: [], message: `a case must be a JSON object { complaint, events }, not ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}` }]);
  }
  const problems: CaseProblem[] = [];
  if (!caseValidator(value)) for (const e of caseValidator.errors ?? []) {
    const p = mapError(e, value);
    if (p) problems.push(p);
  }
  const record = value as { complaint?: unknown; events?: unknown };
  let complaint: Complaint | undefined;
  let receivedAt: number | undefined;
  if (record.complaint !== null && typeof record.complaint === 'object' && !Array.isArray(record.complaint)) {
    try {
      const checked = checkComplaint(record.complaint);
      complaint = checked.complaint;
      receivedAt = checked.receivedAt;
    } catch (error) {
      if (!(error instanceof ComplaintError)) throw error;
      for (const p of error.problems) problems.push({ code: p.code, path: ['complaint', ...p.path], message: `complaint: ${p.message}` });
    }
  }
  const events: CheckedEvent[] = [];
  if (Array.isArray(record.events)) {
    record.events.forEach((raw: unknown, index) => {
      if (raw === null || typeof raw !== 'object') return;
      const event = raw as CaseEvent;
      if (typeof event.at !== 'string') return;
      const ms = parseTimestamp(event.at);
      if (ms === undefined) {
        if (!problems.some((p) => p.path[1] === index && p.path[2] === 'at')) problems.push({ code: 'CASE_TIMESTAMP', path: ['events', index, 'at'], message: `events[${index}].at must be an ISO 8601 time with an offset, such as 2026-11-20T17:45:00+08:00` });
        return;
      }
      if (ms < earliest || ms >= latest) {
        problems.push({ code: 'CASE_TIMESTAMP', path: ['events', index, 'at'], message: `events[${index}].at must fall from ${complaintLimits.earliestReceivedAt} up to (not including) ${complaintLimits.latestReceivedAt}` });
        return;
      }
      if (event.type === 'escalated' && typeof event.to === 'string' && !levels.has(event.to)) {
        problems.push({ code: 'CASE_UNKNOWN_LEVEL', path: ['events', index, 'to'], message: `events[${index}].to is "${event.to}", which is not an authority level of the playbook (${[...levels].join(', ')})` });
      }
      events.push({ ...event, ms, index });
    });
  }
  if (problems.length || !complaint) throw new CaseError(problems);
  return receivedAt !== undefined ? { complaint, receivedAt, events } : { complaint, events };
}
