/** Messages between the page and its Web Worker (all work on the playbook happens in the worker). */
import type { DiffReport, Explanation, PlaybookProblem, Recommendation, SuiteResult } from 'complaint-playbook';

/** A finding of a reply check, as issue 15's `checkReply` gives it. */
export interface ReplyFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion?: string;
}

export type Request =
  | { kind: 'files'; files: Record<string, string>; server: boolean; base: string }
  | { kind: 'validate'; text: string; filename: string }
  | { kind: 'lint'; text: string; filename: string }
  | { kind: 'evaluate'; text: string; filename: string; complaint: unknown; locale: string; now?: string }
  | { kind: 'test'; text: string; filename: string; testText: string; testFilename: string; locale: string }
  | { kind: 'diff'; beforeText: string; afterText: string; filename: string; history: string }
  | { kind: 'reply'; draft: string; recommendation: Recommendation; locale: string };

export interface TestCaseView {
  name: string;
  passed: boolean;
  mismatches: SuiteResult['cases'][number]['mismatches'];
  error?: { code: string; message: string };
  /** 1-based line of the case in the test file. */
  line?: number;
}

export type Response =
  | { kind: 'files' }
  | { kind: 'validate'; problems: PlaybookProblem[]; ms: number }
  | { kind: 'lint'; problems: PlaybookProblem[]; ms: number }
  | { kind: 'evaluate'; recommendation?: Recommendation; explanation?: Explanation; timezone?: string; error?: string; problems?: Array<{ path: string; message: string }> }
  | { kind: 'test'; error?: string; passed?: number; failed?: number; coverage?: SuiteResult['coverage']; cases?: TestCaseView[] }
  | { kind: 'diff'; error?: string; report?: DiffReport }
  | { kind: 'reply'; findings?: ReplyFinding[]; error?: string };

export type Envelope<T> = T & { id: number };
