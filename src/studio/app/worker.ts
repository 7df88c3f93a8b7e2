// The studio's worker: every check, evaluation, test run and diff, so typing never waits.
import {
  diffPlaybooks,
  explainRecommendation,
  isComplaintPlaybookError,
  lintPlaybook,
  parsePlaybookTests,
  runPlaybookTests,
  validatePlaybook,
  type Playbook,
  type PlaybookResolver,
} from 'complaint-playbook';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import shipped from 'studio:shipped';
import { replyChecker } from './reply-adapter.js';
import type { Envelope, Request, Response, TestCaseView } from './protocol.js';

const scope = globalThis as unknown as { postMessage(m: unknown): void; onmessage: ((e: { data: Envelope<Request> }) => void) | null };

/** Files the page opened (static mode), by name. */
let files: Record<string, string> = {};
let server = false;
/** The page's address: a worker started from a Blob URL has no base of its own. */
let base = '';

/**
 * Bases the server sent, by reference, kept a few seconds: a burst of keystrokes checks against
 * the same base without a request each, and a base changed on disk is read again soon after.
 */
const fetched = new Map<string, { at: number; found: { source: string; filename: string } | undefined }>();
const fetchedFor = 5_000;

/** Finds a base: an opened file, a shipped playbook by name, or (with a server) a file beside the playbook. */
const resolve: PlaybookResolver = (ref) => {
  const name = ref.replace(/^.*[\\/]/, '');
  const withExt = /\.ya?ml$/.test(name) ? name : `${name}.yaml`;
  if (files[withExt] !== undefined) return { source: files[withExt]!, filename: withExt };
  if (server) {
    const kept = fetched.get(ref);
    if (kept && performance.now() - kept.at < fetchedFor) {
      if (kept.found) return kept.found;
    } else {
      // Workers may read synchronously; the loader's resolver is synchronous.
      const xhr = new XMLHttpRequest();
      xhr.open('GET', new URL(`api/resolve?ref=${encodeURIComponent(ref)}`, base).href, false);
      xhr.send();
      const found = xhr.status === 200 ? (JSON.parse(xhr.responseText) as { source: string; filename: string }) : undefined;
      fetched.set(ref, { at: performance.now(), found });
      if (found) return found;
    }
  }
  if (!/[\\/.]/.test(ref) && shipped.playbooks[`${ref}.yaml`] !== undefined) return { source: shipped.playbooks[`${ref}.yaml`]!, filename: `${ref}.yaml` };
  return undefined;
};

/** The last compiled playbook, by its text: evaluating and testing reuse the check's work. */
let cached: { text: string; filename: string; playbook: Playbook | undefined; problems: ReturnType<typeof validatePlaybook>['problems'] } | undefined;
function compiled(text: string, filename: string) {
  if (cached?.text !== text || cached.filename !== filename) {
    const result = validatePlaybook(text, { filename, resolve });
    cached = { text, filename, playbook: result.playbook, problems: result.problems };
  }
  return cached;
}

function message(error: unknown): string {
  if (isComplaintPlaybookError(error)) return `${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** 1-based line of each entry of `cases:` in a test file. */
function caseLines(text: string): number[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const cases = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (!isSeq(cases)) return [];
  return cases.items.map((item) => {
    const start = (item as { range?: [number, number, number] }).range?.[0];
    return start === undefined ? 0 : lc.linePos(start).line;
  });
}

async function handle(request: Request): Promise<Response> {
  switch (request.kind) {
    case 'files':
      files = request.files;
      server = request.server;
      base = request.base;
      cached = undefined;
      fetched.clear();
      return { kind: 'files' };
    case 'validate': {
      const start = performance.now();
      const { problems } = compiled(request.text, request.filename);
      return { kind: 'validate', problems, ms: performance.now() - start };
    }
    case 'lint': {
      const start = performance.now();
      const { problems } = lintPlaybook(request.text, { filename: request.filename, resolve });
      return { kind: 'lint', problems: problems.filter((p) => p.code.startsWith('LINT_')), ms: performance.now() - start };
    }
    case 'evaluate': {
      const { playbook, problems } = compiled(request.text, request.filename);
      if (!playbook) return { kind: 'evaluate', error: `PLAYBOOK: ${problems.filter((p) => p.severity === 'error').length}` };
      try {
        const recommendation = await playbook.evaluate(request.complaint, { locale: request.locale, ...(request.now ? { now: request.now } : {}) });
        const explanation = explainRecommendation(recommendation, { locations: playbook.locations });
        return { kind: 'evaluate', recommendation, explanation, timezone: playbook.spec.calendar.timezone };
      } catch (error) {
        const problems = (error as { problems?: Array<{ path: ReadonlyArray<string | number>; message: string }> }).problems;
        return { kind: 'evaluate', error: message(error), ...(problems ? { problems: problems.map((p) => ({ path: p.path.join('.'), message: p.message })) } : {}) };
      }
    }
    case 'test': {
      const { playbook, problems } = compiled(request.text, request.filename);
      if (!playbook) return { kind: 'test', error: `PLAYBOOK: ${problems.filter((p) => p.severity === 'error').length}` };
      try {
        const suite = parsePlaybookTests(request.testText, { filename: request.testFilename });
        const result = await runPlaybookTests(playbook, suite);
        const lines = caseLines(request.testText);
        const cases: TestCaseView[] = result.cases.map((c, i) => ({
          name: c.name,
          passed: c.passed,
          mismatches: c.mismatches,
          ...(c.error ? { error: c.error } : {}),
          ...(lines[i] ? { line: lines[i] } : {}),
        }));
        return { kind: 'test', passed: result.passed, failed: result.failed, coverage: result.coverage, cases };
      } catch (error) {
        return { kind: 'test', error: message(error) };
      }
    }
    case 'diff': {
      const before = validatePlaybook(request.beforeText, { filename: request.filename, resolve });
      const after = compiled(request.afterText, request.filename);
      if (!before.playbook || !after.playbook) return { kind: 'diff', error: `PLAYBOOK: ${before.playbook ? 'after' : 'before'}` };
      try {
        const report = await diffPlaybooks(before.playbook, after.playbook, request.history.split(/\r?\n/));
        return { kind: 'diff', report };
      } catch (error) {
        return { kind: 'diff', error: message(error) };
      }
    }
    case 'reply': {
      const check = replyChecker();
      try {
        const { findings } = check(request.draft, request.recommendation, { locale: request.locale });
        return { kind: 'reply', findings };
      } catch (error) {
        return { kind: 'reply', error: message(error) };
      }
    }
  }
}

scope.onmessage = (event) => {
  const { id, ...request } = event.data;
  handle(request as Request).then(
    (response) => scope.postMessage({ ...response, id }),
    (error: unknown) => scope.postMessage({ kind: request.kind, id, error: message(error) }),
  );
};
