/**
 * complaint-playbook: evaluate declarative YAML playbooks for customer-complaint handling.
 *
 * This entry is the browser-safe core (no Node built-ins). File helpers live in
 * `complaint-playbook/node`.
 *
 * @packageDocumentation
 */
export { loadPlaybook, validatePlaybook, compilePlaybook, Playbook } from './playbook.js';
export type { ValidationResult } from './playbook.js';
export { checkComplaint } from './evaluate/evaluate.js';
export {
  ComplaintPlaybookError,
  PlaybookError,
  ComplaintError,
  EvaluationError,
  isComplaintPlaybookError,
} from './errors.js';
export type {
  PlaybookErrorCode,
  ComplaintErrorCode,
  EvaluationErrorCode,
  PlaybookProblem,
  ComplaintProblem,
  JsonPath,
} from './errors.js';
export { defaultLimits } from './options.js';
export type { LoadOptions, EvaluateOptions, PlaybookLimits, HostFact } from './options.js';
export { parsePlaybookTests, runPlaybookTests, runCase, matchPartial, mergeDefaults, computeCoverage } from './testing/run.js';
export type { PlaybookTestSuite, PlaybookTestCase, CaseResult, SuiteResult, Coverage, Mismatch } from './testing/run.js';
export { lintPlaybook } from './lint/lint.js';
export type { LintOptions, LintResult } from './lint/lint.js';
export { explainRecommendation, formatExplanation } from './explain/explain.js';
export type { Explanation, StageExplanation, ExplainedEntry, ExplainedCondition } from './explain/explain.js';

export type { DiffReport, DiffOptions, DiffField, FieldDiff, DiffTransition, DiffExample, SkippedLine } from './diff/diff.js';
export { evaluateLines, evaluateLinesJson, evaluateLine, evaluateLineSync, evaluateLineJson, toBatchFailure } from './batch/batch.js';
export type { BatchItem, BatchFailure, BatchSummary, BatchOptions, SerializedItem } from './batch/batch.js';
export { playbookSchema, complaintSchema } from './schemas.js';
export type * from './types.js';
