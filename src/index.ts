/**
 * complaint-playbook: evaluate declarative YAML playbooks for customer-complaint handling.
 *
 * This entry is the browser-safe core (no Node built-ins). File helpers live in
 * `complaint-playbook/node`.
 *
 * @packageDocumentation
 */
export { loadPlaybook, validatePlaybook, compilePlaybook, Playbook } from './playbook.js';
export type { ValidationResult, PlaybookLocations } from './playbook.js';
export { mergePlaybookSpecs, maxExtendsDepth } from './load/merge.js';
export type { PlaybookResolver, ResolvedPlaybookSource, SourceLocation } from './load/merge.js';
export { checkComplaint } from './evaluate/evaluate.js';
export {
  ComplaintPlaybookError,
  PlaybookError,
  ComplaintError,
  EvaluationError,
  CaseError,
  ReadError,
  isComplaintPlaybookError,
} from './errors.js';
export type {
  PlaybookErrorCode,
  ComplaintErrorCode,
  CaseErrorCode,
  CaseProblem,
  EvaluationErrorCode,
  ReadErrorCode,
  PlaybookProblem,
  ComplaintProblem,
  JsonPath,
} from './errors.js';
export { defaultLimits } from './options.js';
export type { LoadOptions, EvaluateOptions, PlaybookLimits, HostFact } from './options.js';
export { parsePlaybookTests, runPlaybookTests, runCase, matchPartial, mergeDefaults, computeCoverage } from './testing/run.js';
export type { PlaybookTestSuite, PlaybookTestCase, CaseResult, CaseWarning, SuiteResult, Coverage, Mismatch } from './testing/run.js';
export { containsTerm } from './match.js';
export { lintPlaybook } from './lint/lint.js';
export type { LintOptions, LintResult } from './lint/lint.js';
export { explainRecommendation, formatExplanation } from './explain/explain.js';
export type { Explanation, StageExplanation, ExplainedEntry, ExplainedCondition, ExplainOptions } from './explain/explain.js';
export { diffPlaybooks, formatDiffReport, diffFields } from './diff/diff.js';
export type { DiffReport, DiffOptions, DiffField, FieldDiff, DiffTransition, DiffExample, SkippedLine } from './diff/diff.js';
export { evaluateLines, evaluateLinesJson, evaluateLine, evaluateLineSync, evaluateLineJson, toBatchFailure } from './batch/batch.js';
export type { BatchItem, BatchFailure, BatchSummary, BatchOptions, SerializedItem, UnreadableLine, LineSource } from './batch/batch.js';
export { playbookSchema, complaintSchema, caseSchema } from './schemas.js';
export { trackCase, trackCaseAsync } from './track/track.js';
export { trackCases } from './track/lines.js';
export type { TrackItem, TrackLinesOptions } from './track/lines.js';
export { buildReport, mergeReports, formatReportText, ReportBuilder, ReportMergeError } from './track/report.js';
export type { CaseReport, KindCounts, Counts } from './track/report.js';
export type {
  CaseRecord,
  CaseEvent,
  CaseEventType,
  CaseState,
  CaseStatus,
  CommitmentState,
  CommitmentStatus,
  NextAction,
  CaseEscalation,
  TrackWarning,
  TrackWarningCode,
  TrackOptions,
} from './track/types.js';
export type * from './types.js';
