// The studio page: editor, diagnostics, try a complaint, why, tests, impact, draft check, save.
import { EditorView, basicSetup } from 'codemirror';
import { EditorState, RangeSet, StateEffect, StateField, type Extension, type Text } from '@codemirror/state';
import { gutter, GutterMarker, hoverTooltip, keymap } from '@codemirror/view';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { forEachDiagnostic, lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { stateExtensions } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { DiffReport, Explanation, PlaybookProblem, Recommendation, SourceLocation } from 'complaint-playbook';
import playbookSchema from '../../../schemas/playbook.schema.json';
import testSchema from '../../../schemas/playbook-test.schema.json';
import complaintSchema from '../../../schemas/complaint.schema.json';
import workerSource from 'studio:worker';
import shipped from 'studio:shipped';
import { complaintForm } from './form.js';
import { browserHost, serverHost, type DocFile, type Host } from './host.js';
import { locale, setLocale, t, type Locale, type TextKey } from './i18n.js';
import type { Envelope, ReplyFinding, Request, Response, TestCaseView } from './protocol.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Builds an element; children are text (never parsed as HTML) or elements. */
function h(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string | undefined | false>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

// ---------------------------------------------------------------- workers

/** A Web Worker started from the bundled source; `call` answers one request. */
class WorkerClient {
  private worker: Worker;
  private next = 1;
  private waiting = new Map<number, (r: Response) => void>();
  constructor() {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.worker = new Worker(url);
    this.worker.onmessage = (e: MessageEvent<Envelope<Response>>) => {
      const done = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      done?.(e.data);
    };
  }
  call<K extends Request['kind']>(request: Extract<Request, { kind: K }>): Promise<Extract<Response, { kind: K }>> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (r: Response) => void);
      this.worker.postMessage({ ...request, id });
    });
  }
}

/** Runs the latest job only: while one runs, newer requests replace each other (the debounce). */
class Latest {
  private running = false;
  private pending: (() => Promise<void>) | undefined;
  run(job: () => Promise<void>): void {
    this.pending = job;
    if (!this.running) void this.drain();
  }
  private async drain(): Promise<void> {
    this.running = true;
    // No pause before a job: a burst of keystrokes collapses into the latest while one runs.
    while (this.pending) {
      const job = this.pending;
      this.pending = undefined;
      await job().catch(() => undefined);
    }
    this.running = false;
  }
}

const checker = new WorkerClient();
const linter = new WorkerClient();

// ---------------------------------------------------------------- state

let host: Host;
let playbook: DocFile & { saved: boolean };
let tests: DocFile | undefined;
/** The text of the playbook as last loaded or saved: what Impact compares with, what "unsaved" means. */
let savedText = '';
let savedTestsText = '';
let activeDoc: 'playbook' | 'tests' = 'playbook';
let states: { playbook: EditorState; tests: EditorState | undefined };
let validation: PlaybookProblem[] = [];
let lintFindings: PlaybookProblem[] = [];
let lastRec: { recommendation: Recommendation; explanation: Explanation; timezone: string } | undefined;
let complaint: Record<string, unknown> = {};
let externalNotice = false;
/** Counts saves, so that a check of the files on disk begun before a save is not taken as someone else's change. */
let savedAt = 0;
/** Times from a keystroke to its diagnostics, in ms (read by the tests and shown in the status). */
const timings: Array<{ validateMs: number; keystrokeToDiagnosticsMs: number }> = [];
let keystrokeAt: number | undefined;

// ---------------------------------------------------------------- editor

class RuleMarker extends GutterMarker {
  override toDOM() {
    const el = document.createElement('span');
    el.className = 'cm-matched-rule';
    el.textContent = '✓';
    el.title = t('matched');
    return el;
  }
}
const ruleMarker = new RuleMarker();
const setMatched = StateEffect.define<number[]>();
const matchedField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setMatched)) {
        const doc = tr.state.doc;
        next = RangeSet.of(
          [...new Set(e.value)].filter((l) => l >= 1 && l <= doc.lines).sort((a, b) => a - b).map((l) => ruleMarker.range(doc.line(l).from)),
        );
      }
    }
    return next;
  },
});

function extensionsFor(kind: 'playbook' | 'tests'): Extension[] {
  const schema = (kind === 'playbook' ? playbookSchema : testSchema) as Parameters<typeof stateExtensions>[0];
  return [
    basicSetup,
    yaml(),
    yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
    hoverTooltip(yamlSchemaHover()),
    stateExtensions(schema),
    lintGutter(),
    matchedField,
    gutter({ class: 'cm-rule-gutter', markers: (v) => v.state.field(matchedField) }),
    keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (void save(), true) }]),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (activeDoc === 'playbook') {
        keystrokeAt = performance.now();
        playbookChanged();
      } else testsChanged();
      showDirty();
    }),
    EditorView.contentAttributes.of({ 'aria-label': kind === 'playbook' ? 'playbook YAML' : 'tests YAML' }),
  ];
}

let view: EditorView;

function docText(kind: 'playbook' | 'tests'): string {
  if (kind === activeDoc) return view.state.doc.toString();
  return (kind === 'playbook' ? states.playbook : states.tests)?.doc.toString() ?? '';
}

function switchDoc(kind: 'playbook' | 'tests'): void {
  if (kind === activeDoc) return;
  if (kind === 'tests' && !states.tests) {
    states.tests = EditorState.create({ doc: `# yaml-language-server: $schema=../schemas/playbook-test.schema.json\nplaybook: ${playbook.name}\ncases:\n`, extensions: extensionsFor('tests') });
    tests = { name: playbook.name.replace(/\.ya?ml$/, '.test.yaml'), text: '' };
  }
  if (activeDoc === 'playbook') states.playbook = view.state;
  else states.tests = view.state;
  activeDoc = kind;
  view.setState(kind === 'playbook' ? states.playbook : states.tests!);
  $('doc-playbook').setAttribute('aria-selected', String(kind === 'playbook'));
  $('doc-tests').setAttribute('aria-selected', String(kind === 'tests'));
  if (kind === 'playbook') applyDiagnostics();
}

/** Moves the cursor to a line (and column) of a document and shows it. */
function jump(kind: 'playbook' | 'tests', line: number, column = 1): void {
  switchDoc(kind);
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const pos = Math.min(l.from + column - 1, l.to);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  view.focus();
}

// ---------------------------------------------------------------- diagnostics

/** The span of a problem: from its line and column to the end of the word there. */
function span(doc: Text, line: number, column: number): { from: number; to: number } {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = Math.min(l.from + Math.max(column, 1) - 1, l.to);
  let to = from;
  while (to < l.to && !/[\s,\]}#]/.test(doc.sliceString(to, to + 1))) to++;
  if (to === from) return from === l.to && from > l.from ? { from: from - 1, to: from } : { from, to: l.to };
  return { from, to };
}

function toDiagnostic(doc: Text, p: PlaybookProblem): Diagnostic {
  const elsewhere = p.file !== undefined && p.file !== playbook.name;
  let line = p.line ?? 1;
  let column = p.column ?? 1;
  if (elsewhere) {
    // A problem in a base: shown at the `extends:` line, naming where it is.
    const at = doc.toString().split('\n').findIndex((l) => /^extends\s*:/.test(l));
    line = at >= 0 ? at + 1 : 1;
    column = 1;
  }
  const where = elsewhere ? `${p.file}:${p.line ?? '?'}:${p.column ?? '?'}: ` : '';
  const hint = p.suggestion ? ` (${locale() === 'en' ? 'did you mean' : '是否想写'} “${p.suggestion}”?)` : '';
  return { ...span(doc, line, column), severity: p.severity, source: p.code, message: `${where}${p.code}: ${p.message}${hint}` };
}

function applyDiagnostics(): void {
  if (activeDoc !== 'playbook') return;
  const doc = view.state.doc;
  const diagnostics = [...validation, ...lintFindings].map((p) => toDiagnostic(doc, p));
  view.dispatch(setDiagnostics(view.state, diagnostics));
  const errors = validation.filter((p) => p.severity === 'error').length;
  const warnings = validation.length - errors + lintFindings.length;
  $('summary').textContent = errors + warnings === 0 ? t('noProblems') : [errors ? t('errorsN', { n: errors }) : '', warnings ? t('warningsN', { n: warnings }) : ''].filter(Boolean).join(' · ');
  $('summary').dataset['errors'] = String(errors);
}

const checkQueue = new Latest();
const lintQueue = new Latest();
const evalQueue = new Latest();

function playbookChanged(): void {
  checkQueue.run(async () => {
    const text = docText('playbook');
    const typedAt = keystrokeAt;
    const result = await checker.call({ kind: 'validate', text, filename: playbook.name });
    if (text !== docText('playbook')) return; // stale: a newer check is queued
    validation = result.problems;
    applyDiagnostics();
    if (typedAt !== undefined) timings.push({ validateMs: result.ms, keystrokeToDiagnosticsMs: performance.now() - typedAt });
    $('summary').title = t('checkMs', { v: result.ms.toFixed(1) });
    refreshRecommendation();
    // Lint's logic checks start once this text's problems are shown: on two cores they would
    // otherwise slow the check the person waits for.
    lintPlaybookText();
  });
}

function lintPlaybookText(): void {
  lintQueue.run(async () => {
    const text = docText('playbook');
    const result = await linter.call({ kind: 'lint', text, filename: playbook.name });
    if (text !== docText('playbook')) return;
    lintFindings = result.problems;
    applyDiagnostics();
  });
}

function testsChanged(): void {
  refreshCaseList();
}

// ---------------------------------------------------------------- try a complaint

function setComplaint(value: Record<string, unknown>, fromJson = false): void {
  complaint = value;
  if (!fromJson) ($('complaint-json') as HTMLTextAreaElement).value = JSON.stringify(value, null, 2);
  refreshForm();
  $('complaint-error').textContent = '';
  refreshRecommendation();
}

let refreshForm: () => void = () => undefined;

function refreshRecommendation(): void {
  if (Object.keys(complaint).length === 0) return;
  evalQueue.run(async () => {
    const result = await checker.call({ kind: 'evaluate', text: docText('playbook'), filename: playbook.name, complaint, locale: locale() });
    const target = $('recommendation');
    if (result.error) {
      lastRec = undefined;
      target.replaceChildren(h('p', { class: 'error' }, result.error.startsWith('PLAYBOOK') ? t('playbookHasErrors') : result.error), ...(result.problems ?? []).map((p) => h('p', { class: 'error' }, `${p.path}: ${p.message}`)));
      renderWhy();
      setMatchedLines([]);
      return;
    }
    lastRec = { recommendation: result.recommendation!, explanation: result.explanation!, timezone: result.timezone! };
    renderRecommendation();
    renderWhy();
  });
}

function localTime(due: string, timezone: string): string {
  try {
    return new Intl.DateTimeFormat(locale(), { timeZone: timezone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(due));
  } catch {
    return due;
  }
}

function renderRecommendation(): void {
  if (!lastRec) {
    $('recommendation').replaceChildren(h('p', {}, t('noRecommendation')));
    return;
  }
  const { recommendation: rec, timezone } = lastRec;
  const rows: Array<[TextKey, string]> = [
    ['customerType', `${rec.customerType.label ?? rec.customerType.id ?? '—'}${rec.customerType.approach ? ` — ${rec.customerType.approach}` : ''}`],
    ['demand', `${rec.demand.label ?? rec.demand.reasonableness ?? '—'}`],
    ['resolvability', `${rec.resolvability.label ?? rec.resolvability.tier ?? '—'}`],
    ['handledBy', `${rec.escalation.label}${rec.escalation.reason ? ` — ${t('why')}: ${rec.escalation.reason}` : ''}`],
  ];
  if (rec.route.department) rows.push(['route', rec.route.label ?? rec.route.department]);
  if (rec.flags.length) rows.push(['flags', rec.flags.join(', ')]);
  const dl = h('dl', {});
  for (const [k, v] of rows) dl.append(h('dt', {}, t(k)), h('dd', { 'data-field': k }, v));
  const steps = h('ol', { id: 'steps' }, ...rec.responses.map((r) => h('li', { 'data-id': r.id }, h('span', { class: 'stage' }, r.stage), r.text)));
  const never = h('ul', { class: 'never', id: 'never-say' }, ...rec.avoid.map((a) => h('li', { 'data-id': a.id }, `✗ ${a.phrase}`, h('span', { class: 'reason' }, ` — ${a.reason}`))));
  const deadlines = h(
    'table',
    { id: 'deadlines' },
    ...rec.commitments.map((c) =>
      h('tr', { 'data-kind': c.kind }, h('th', {}, c.kind), h('td', {}, localTime(c.due, timezone)), h('td', {}, [c.within, c.businessTime ? t('businessTime') : t('calendarTime'), c.from ? t('after', { k: c.from }) : '', c.every ? t('every', { e: c.every }) : ''].filter(Boolean).join(' · ')), h('td', {}, c.text ?? '')),
    ),
  );
  $('recommendation').replaceChildren(
    h(
      'div',
      { class: 'rec', lang: rec.locale },
      dl,
      h('h3', {}, t('say')),
      steps,
      rec.avoid.length > 0 && h('h3', {}, t('neverSay')),
      rec.avoid.length > 0 && never,
      rec.commitments.length > 0 && h('h3', {}, t('deadlines', { tz: timezone })),
      rec.commitments.length > 0 && deadlines,
      rec.trace.warnings.length > 0 && h('h3', {}, t('warnings')),
      rec.trace.warnings.length > 0 && h('ul', {}, ...rec.trace.warnings.map((w) => h('li', {}, `${w.code}: ${w.message}`))),
    ),
  );
}

// ---------------------------------------------------------------- why

function locationLink(at: SourceLocation | undefined, label: string): Node {
  if (!at) return document.createTextNode('');
  if (at.file === undefined || at.file === playbook.name) {
    const b = h('button', { type: 'button', class: 'jump', 'data-line': String(at.line), title: t('jumpTo', { l: at.line }) }, label);
    b.addEventListener('click', () => jump('playbook', at.line, at.column));
    return b;
  }
  return h('span', { class: 'elsewhere' }, `${label} — ${t('inOtherFile', { f: at.file, l: at.line })}`);
}

function setMatchedLines(lines: number[]): void {
  const effect = setMatched.of(lines);
  if (activeDoc === 'playbook') view.dispatch({ effects: effect });
  else states.playbook = states.playbook.update({ effects: effect }).state;
}

function renderWhy(): void {
  const target = $('why');
  if (!lastRec) {
    target.replaceChildren(h('p', {}, t('noRecommendation')));
    return;
  }
  const why = lastRec.explanation;
  const entry = (e: Explanation['rules'][number], kind: string) =>
    h(
      'li',
      { class: e.matched ? 'hit' : 'miss', 'data-kind': kind, 'data-id': e.id, 'data-matched': String(e.matched) },
      locationLink(e.location, e.id) ?? e.id,
      e.location ? '' : e.id,
      ` — ${e.matched ? t('matched') : t('notMatched')}${e.unconditional ? ` (${t('always')})` : ''}`,
      e.reasons.length > 0 && h('ul', {}, ...e.reasons.map((r) => h('li', { class: 'reason' }, `${r.text ?? JSON.stringify(r)}`))),
    );
  target.replaceChildren(
    h(
      'div',
      { class: 'why' },
      h('h3', {}, t('stages')),
      ...why.stages.map((s) => h('section', {}, h('h4', {}, `${s.stage} → ${s.result ?? '—'}${s.byDefault ? ` (${t('byDefault')})` : ''}`), h('ul', {}, ...s.outcomes.map((o) => entry(o, 'outcome'))))),
      h('h3', {}, t('rules')),
      h('ul', { id: 'why-rules' }, ...why.rules.map((r) => entry(r, 'rule'))),
      h('h3', {}, t('escalationConsidered')),
      h('p', {}, `${why.escalation.level}${why.escalation.source ? ` ← ${why.escalation.source}` : ''}`),
    ),
  );
  const own = (at: SourceLocation | undefined) => at && (at.file === undefined || at.file === playbook.name);
  setMatchedLines([...why.rules, ...why.stages.flatMap((s) => s.outcomes)].filter((e) => e.matched && own(e.location)).map((e) => e.location!.line));
}

// ---------------------------------------------------------------- tests

interface CaseEntry {
  name: string;
  complaint: Record<string, unknown>;
}

function testCases(): CaseEntry[] {
  try {
    const doc = parseDocument(docText('tests'));
    const value = doc.toJS() as { defaults?: Record<string, unknown>; cases?: Array<{ name?: string; complaint?: Record<string, unknown> }> } | null;
    return (value?.cases ?? []).filter((c) => c && typeof c.complaint === 'object').map((c) => ({ name: String(c.name ?? ''), complaint: { ...(value?.defaults ?? {}), ...c.complaint } }));
  } catch {
    return [];
  }
}

function refreshCaseList(): void {
  const select = $<HTMLSelectElement>('pick-case');
  const cases = states.tests || tests ? testCases() : [];
  select.replaceChildren(new Option(t('choose'), ''), ...cases.map((c, i) => new Option(c.name, String(i))));
}

async function runTests(): Promise<void> {
  const target = $('tests');
  if (!tests && !states.tests) {
    target.replaceChildren(h('p', {}, t('noTests')));
    return;
  }
  target.replaceChildren(h('p', {}, t('checking')));
  const result = await checker.call({ kind: 'test', text: docText('playbook'), filename: playbook.name, testText: docText('tests'), testFilename: tests?.name ?? 'tests.test.yaml', locale: locale() });
  if (result.error) {
    target.replaceChildren(h('p', { class: 'error' }, result.error.startsWith('PLAYBOOK') ? t('playbookHasErrors') : result.error));
    return;
  }
  const cov = result.coverage!;
  const caseRow = (c: TestCaseView) => {
    const name = c.line ? h('button', { type: 'button', class: 'jump', 'data-line': String(c.line) }, c.name) : h('span', {}, c.name);
    name.addEventListener('click', () => c.line && jump('tests', c.line));
    return h(
      'tr',
      { class: c.passed ? 'pass' : 'fail', 'data-passed': String(c.passed) },
      h('td', {}, c.passed ? '✓' : '✗'),
      h('td', {}, name, !c.passed && h('ul', {}, ...(c.error ? [h('li', {}, `${c.error.code}: ${c.error.message}`)] : []), ...c.mismatches.map((m) => h('li', {}, t('mismatch', { p: m.path, e: JSON.stringify(m.expected), a: JSON.stringify(m.actual) }))))),
    );
  };
  const cases = [...result.cases!].sort((a, b) => Number(a.passed) - Number(b.passed));
  target.replaceChildren(
    h('div', { class: 'tests' },
      h('p', { id: 'test-counts', 'data-passed': String(result.passed), 'data-failed': String(result.failed) }, h('strong', { class: result.failed ? 'fail' : 'pass' }, t('passedFailed', { p: result.passed!, f: result.failed! })), ' · ', t('coverage', { c: Math.round(cov.ratio * 100), n: cov.covered, t: cov.total })),
      cov.missed.length > 0 && h('details', {}, h('summary', {}, `${t('missed')} (${cov.missed.length})`), h('ul', {}, ...cov.missed.map((m, i) => h('li', {}, locationLink(cov.missedAt[i], m))))),
      h('table', {}, ...cases.map(caseRow)),
    ),
  );
}

function addCase(): void {
  if (!lastRec) {
    $('tests').replaceChildren(h('p', {}, t('noRecommendation')));
    return;
  }
  const rec = lastRec.recommendation;
  const name = prompt(t('caseName'), `${rec.complaintId}`) ?? '';
  if (!name) return;
  const expect: Record<string, unknown> = {
    customerType: { id: rec.customerType.id },
    demand: { reasonableness: rec.demand.reasonableness },
    resolvability: { tier: rec.resolvability.tier },
    escalation: { level: rec.escalation.level },
    flags: rec.flags,
    commitments: rec.commitments.map((c) => ({ kind: c.kind, due: c.due })),
  };
  const entry = { name, complaint, locale: rec.locale, expect };
  if (!states.tests) switchDoc('tests');
  const text = docText('tests');
  const doc = parseDocument(text);
  const cases = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  // Indent like the cases already there (two spaces when there are none).
  const firstItem = /^(\s*)- /m.exec(text.slice(text.search(/^cases\s*:/m)));
  const indent = isSeq(cases) && cases.items.length > 0 && firstItem ? firstItem[1]!.replace(/\n/g, '') : '  ';
  const block = stringify([entry], { lineWidth: 0 }).trimEnd().split('\n').map((l) => indent + l).join('\n');
  const lastIsCases = isMap(doc.contents) && doc.contents.items.at(-1)?.key?.toString() === 'cases';
  let next: string;
  if (lastIsCases) next = `${text.replace(/\s*$/, '')}\n${block}\n`;
  else {
    if (isSeq(cases)) cases.add(doc.createNode(entry));
    else doc.set('cases', [entry]);
    next = doc.toString();
  }
  switchDoc('tests');
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
  jump('tests', next.trimEnd().split('\n').length - block.split('\n').length + 1);
  $('tests').replaceChildren(h('p', { id: 'case-added' }, t('caseAdded')));
}

// ---------------------------------------------------------------- impact

let chart: Chart | undefined;
let otherText: string | undefined;

async function runImpact(): Promise<void> {
  const target = $('impact');
  const history = ($('history') as HTMLTextAreaElement).value;
  if (!history.trim()) {
    target.replaceChildren(h('p', {}, t('noHistory')));
    return;
  }
  const against = ($('impact-against') as HTMLSelectElement).value === 'file' && otherText !== undefined ? otherText : savedText;
  target.replaceChildren(h('p', {}, t('checking')));
  const result = await checker.call({ kind: 'diff', beforeText: against, afterText: docText('playbook'), filename: playbook.name, history });
  if (result.error || !result.report) {
    target.replaceChildren(h('p', { class: 'error' }, result.error?.startsWith('PLAYBOOK') ? t('playbookHasErrors') : result.error ?? ''));
    return;
  }
  renderImpact(result.report);
}

function renderImpact(report: DiffReport): void {
  const compared = report.lines - report.blank - report.skipped;
  $('impact').replaceChildren(
    h('div', { class: 'impact' },
      h('p', { id: 'impact-summary', 'data-changed': String(report.changed), 'data-compared': String(compared) }, t('diffSummary', { c: report.changed, n: compared, s: report.skipped })),
      h('table', {}, h('tr', {}, h('th', {}, t('field')), h('th', {}, t('changed')), h('th', {}, t('transitions'))),
        ...report.fields.map((f) => h('tr', { 'data-field': f.field }, h('td', {}, f.field), h('td', {}, String(f.changed)), h('td', {}, f.transitions.map((x) => `${x.from} → ${x.to} ×${x.count}`).join('; '))))),
      report.skippedLines.length > 0 && h('details', {}, h('summary', {}, `${t('skippedLines')} (${report.skipped})`), h('ul', {}, ...report.skippedLines.map((s) => h('li', {}, `${s.line}: ${s.code} ${s.message}`)))),
    ),
  );
  // One bar per field, split by what it moved to: the chart of what moved.
  const moved = report.fields.filter((f) => f.changed > 0);
  const transitions = moved.flatMap((f) => f.transitions.map((x) => ({ field: f.field, label: `${x.from} → ${x.to}`, count: x.count })));
  const labels = moved.map((f) => f.field);
  const palette = ['#2f7de1', '#e07b39', '#2e9e6a', '#b44fc1', '#c9a227', '#d1495b', '#5b8c5a', '#6d6875'];
  chart?.destroy();
  chart = new Chart($<HTMLCanvasElement>('impact-chart'), {
    type: 'bar',
    data: {
      labels,
      datasets: transitions.map((x, i) => ({ label: `${x.field}: ${x.label}`, data: labels.map((l) => (l === x.field ? x.count : 0)), backgroundColor: palette[i % palette.length]!, stack: 'moved' })),
    },
    options: { indexAxis: 'y', maintainAspectRatio: false, animation: false, plugins: { legend: { display: transitions.length <= 12, position: 'bottom' } }, scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
  });
}

// ---------------------------------------------------------------- draft check

async function checkDraft(): Promise<void> {
  const draft = ($('draft') as HTMLTextAreaElement).value;
  const findingsBox = $('draft-findings');
  if (!lastRec) {
    findingsBox.replaceChildren(h('p', {}, t('draftNeedsRec')));
    return;
  }
  const result = await checker.call({ kind: 'reply', draft, recommendation: lastRec.recommendation, locale: locale() });
  if (result.error) {
    findingsBox.replaceChildren(h('p', { class: 'error' }, result.error));
    return;
  }
  const findings = [...(result.findings ?? [])].sort((a, b) => a.start - b.start);
  $('draft-marked').replaceChildren(...markDraft(draft, findings));
  findingsBox.replaceChildren(
    findings.length === 0 ? h('p', {}, t('noFindings')) : h('ul', {}, ...findings.map((f) => h('li', { class: f.severity, 'data-code': f.code }, `${f.severity} ${f.code}: “${f.text}” — ${f.message}`, f.suggestion ? ` ${t('suggestion', { s: f.suggestion })}` : ''))),
  );
}

function markDraft(draft: string, findings: ReplyFinding[]): Node[] {
  const out: Node[] = [];
  let at = 0;
  for (const f of findings) {
    if (f.start < at || f.end <= f.start) continue;
    out.push(document.createTextNode(draft.slice(at, f.start)), h('mark', { class: `finding-${f.severity}`, title: f.message }, draft.slice(f.start, f.end)));
    at = f.end;
  }
  out.push(document.createTextNode(draft.slice(at)));
  return out;
}

// ---------------------------------------------------------------- save and external changes

function showDirty(): void {
  const dirty = docText('playbook') !== savedText || (states.tests !== undefined && docText('tests') !== savedTestsText);
  $('dirty').textContent = dirty ? `● ${t('unsaved')}` : playbook.saved ? '' : t('noFile');
  $('file').textContent = playbook.name;
  document.title = `${dirty ? '● ' : ''}${playbook.name} — complaint-playbook studio`;
}

function confirmErrors(errors: PlaybookProblem[]): Promise<boolean> {
  const dialog = $<HTMLDialogElement>('confirm');
  $('confirm-body').textContent = t('confirmBody', { n: errors.length });
  $('confirm-list').replaceChildren(...errors.slice(0, 20).map((p) => h('li', { 'data-code': p.code }, `${p.file ?? playbook.name}:${p.line ?? '?'}: ${p.code}: ${p.message}`)));
  dialog.showModal();
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      dialog.close();
      $('confirm-save').onclick = null;
      $('confirm-cancel').onclick = null;
      resolve(ok);
    };
    $('confirm-save').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
    dialog.oncancel = () => done(false);
  });
}

async function save(force = false): Promise<void> {
  const text = docText('playbook');
  // The check of exactly this text, not of an older one.
  const { problems } = await checker.call({ kind: 'validate', text, filename: playbook.name });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 && !(await confirmErrors(errors))) return;
  let name = playbook.name;
  if (host.server && !playbook.saved) {
    const asked = prompt(t('fileName'), playbook.name);
    if (!asked) return;
    name = asked;
  }
  const jobs: Array<['playbook' | 'tests', string]> = [];
  if (text !== savedText || !playbook.saved) jobs.push(['playbook', text]);
  if (states.tests && docText('tests') !== savedTestsText) jobs.push(['tests', docText('tests')]);
  for (const [which, content] of jobs) {
    const file = which === 'playbook' ? playbook : tests!;
    const result = await host.save(which, content, { ...(file.hash ? { baseHash: file.hash } : {}), force, name: which === 'playbook' ? name : file.name });
    if (!result.ok) {
      showBanner(result.conflict ? t('conflict', { f: file.name }) : t('saveFailed', { m: result.message }), result.conflict ? [[t('reload'), () => void reload()], [t('save'), () => void save(true)]] : []);
      return;
    }
    file.hash = result.hash;
    file.name = result.name;
    if (which === 'playbook') {
      savedText = content;
      playbook.saved = true;
    } else savedTestsText = content;
  }
  savedAt++;
  hideBanner();
  showDirty();
  $('summary').dataset['saved'] = String(Date.now());
}

function showBanner(text: string, actions: Array<[string, () => void]>): void {
  const banner = $('banner');
  banner.replaceChildren(h('span', {}, text), ...actions.map(([label, run]) => {
    const b = h('button', { type: 'button' }, label);
    b.addEventListener('click', run);
    return b;
  }));
  banner.hidden = false;
}

function hideBanner(): void {
  $('banner').hidden = true;
  externalNotice = false;
}

async function reload(): Promise<void> {
  const session = await host.session();
  playbook = session.playbook;
  tests = session.tests;
  savedText = playbook.text;
  savedTestsText = tests?.text ?? '';
  replaceDoc('playbook', playbook.text);
  if (tests) replaceDoc('tests', tests.text);
  hideBanner();
  showDirty();
}

function replaceDoc(kind: 'playbook' | 'tests', text: string): void {
  if (kind === activeDoc) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  else if (kind === 'tests') states.tests = EditorState.create({ doc: text, extensions: extensionsFor('tests') });
  else {
    states.playbook = EditorState.create({ doc: text, extensions: extensionsFor('playbook') });
    playbookChanged();
  }
}

async function watchExternal(): Promise<void> {
  if (!host.server) return;
  setInterval(async () => {
    if (externalNotice) return;
    const asked = savedAt;
    const now = await host.state().catch(() => undefined);
    // A save that finished while this was asked makes its answer stale: ask again next time.
    if (!now || savedAt !== asked) return;
    const changed = [now.playbook !== undefined && playbook.hash !== undefined && now.playbook !== playbook.hash ? playbook.name : '', now.tests !== undefined && tests?.hash !== undefined && now.tests !== tests.hash ? tests.name : ''].filter(Boolean);
    if (changed.length === 0) return;
    externalNotice = true;
    showBanner(t('externalChange', { f: changed.join(', ') }), [
      [t('reload'), () => void reload()],
      [t('keepMine'), () => {
        // Keep editing; the next save asks before overwriting.
        $('banner').hidden = true;
      }],
    ]);
  }, 1000);
}

// ---------------------------------------------------------------- panels, language, start

function selectPanel(tab: HTMLElement): void {
  for (const other of document.querySelectorAll<HTMLElement>('#panel-tabs [role=tab]')) {
    const on = other === tab;
    other.setAttribute('aria-selected', String(on));
    other.tabIndex = on ? 0 : -1;
    $(other.getAttribute('aria-controls')!).hidden = !on;
  }
  tab.focus();
}

function applyLocale(next: Locale): void {
  setLocale(next);
  document.documentElement.lang = next;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n'] as TextKey);
  refreshExamples();
  refreshCaseList();
  applyDiagnostics();
  showDirty();
  refreshRecommendation();
  if (!lastRec) renderRecommendation();
}

function refreshExamples(): void {
  const select = $<HTMLSelectElement>('pick-example');
  const kept = select.value;
  select.replaceChildren(new Option(t('choose'), ''), ...Object.keys(shipped.examples).map((n) => new Option(n.replace(/\.json$/, ''), n)));
  select.value = kept;
}

async function start(): Promise<void> {
  const probe = await fetch('api/session', { cache: 'no-store' }).then((r) => r.ok && r.headers.get('content-type')?.includes('json')).catch(() => false);
  host = probe ? serverHost() : browserHost();
  const session = await host.session();
  playbook = session.playbook;
  tests = session.tests;
  savedText = playbook.saved ? playbook.text : '';
  savedTestsText = tests?.text ?? '';
  if (!playbook.saved) savedText = playbook.text;
  await Promise.all([checker.call({ kind: 'files', files: {}, server: host.server, base: location.href }), linter.call({ kind: 'files', files: {}, server: host.server, base: location.href })]);
  states = { playbook: EditorState.create({ doc: playbook.text, extensions: extensionsFor('playbook') }), tests: tests ? EditorState.create({ doc: tests.text, extensions: extensionsFor('tests') }) : undefined };
  view = new EditorView({ state: states.playbook, parent: $('editor') });

  const chosen = (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const stored = new URLSearchParams(location.search).get('lang');
  const initial: Locale = stored === 'en' || stored === 'zh-CN' ? stored : chosen;
  $<HTMLSelectElement>('locale').value = initial;
  $('locale').addEventListener('change', () => applyLocale($<HTMLSelectElement>('locale').value as Locale));

  refreshForm = complaintForm($<HTMLFormElement>('complaint-form'), complaintSchema as never, () => structuredClone(complaint), (value) => setComplaint(value));
  $('complaint-json').addEventListener('input', () => {
    try {
      const value = JSON.parse(($('complaint-json') as HTMLTextAreaElement).value) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('{ … }');
      setComplaint(value as Record<string, unknown>, true);
    } catch (error) {
      $('complaint-error').textContent = t('invalidJson', { m: (error as Error).message });
    }
  });
  $('pick-example').addEventListener('change', () => {
    const name = $<HTMLSelectElement>('pick-example').value;
    if (!name) return;
    // The recommendation is what one came for: fold the complaint away (one click brings it back).
    $<HTMLDetailsElement>('complaint-box').open = false;
    setComplaint(JSON.parse(shipped.examples[name]!) as Record<string, unknown>);
  });
  $('pick-case').addEventListener('change', () => {
    const index = $<HTMLSelectElement>('pick-case').value;
    const entry = index === '' ? undefined : testCases()[Number(index)];
    if (!entry) return;
    $<HTMLDetailsElement>('complaint-box').open = false;
    setComplaint(structuredClone(entry.complaint));
  });

  const tabs = [...document.querySelectorAll<HTMLElement>('#panel-tabs [role=tab]')];
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => selectPanel(tab));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (step) selectPanel(tabs[(i + step + tabs.length) % tabs.length]!);
      if (e.key === 'Home') selectPanel(tabs[0]!);
      if (e.key === 'End') selectPanel(tabs.at(-1)!);
    });
  }
  $('doc-playbook').addEventListener('click', () => switchDoc('playbook'));
  $('doc-tests').addEventListener('click', () => switchDoc('tests'));
  $('save').addEventListener('click', () => void save());
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      void save();
    }
  });
  $('run-tests').addEventListener('click', () => void runTests());
  $('add-case').addEventListener('click', addCase);
  $('run-diff').addEventListener('click', () => void runImpact());
  $('check-draft').addEventListener('click', () => void checkDraft());
  $('history-file').addEventListener('change', async () => {
    const file = $<HTMLInputElement>('history-file').files?.[0];
    if (file) ($('history') as HTMLTextAreaElement).value = await file.text();
  });
  $('impact-against').addEventListener('change', () => {
    if ($<HTMLSelectElement>('impact-against').value === 'file') $('impact-file').click();
  });
  $('impact-file').addEventListener('change', async () => {
    const file = $<HTMLInputElement>('impact-file').files?.[0];
    if (file) otherText = await file.text();
  });
  if (!host.server) {
    const open = $('open');
    open.hidden = false;
    open.addEventListener('click', () => $('open-input').click());
    $('open-input').addEventListener('change', async () => {
      const file = $<HTMLInputElement>('open-input').files?.[0];
      if (!file) return;
      playbook = { ...(await (host as ReturnType<typeof browserHost>).open(file)), saved: true };
      savedText = playbook.text;
      switchDoc('playbook');
      replaceDoc('playbook', playbook.text);
      showDirty();
    });
  }
  window.addEventListener('beforeunload', (e) => {
    if (docText('playbook') !== savedText) e.preventDefault();
  });

  applyLocale(initial);
  playbookChanged();
  void watchExternal();
  // For the tests and for people curious about the numbers.
  (globalThis as unknown as { studio: unknown }).studio = {
    timings,
    diagnostics: () => {
      const out: Array<{ line: number; severity: string; code: string | undefined; message: string }> = [];
      if (activeDoc === 'playbook') forEachDiagnostic(view.state, (d, from) => out.push({ line: view.state.doc.lineAt(from).number, severity: d.severity, code: d.source, message: d.message }));
      return out;
    },
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    activeDoc: () => activeDoc,
    /** The whole text of the playbook in the editor (the DOM holds only the lines in view). */
    text: () => docText('playbook'),
    matchedLines: () => {
      const lines: number[] = [];
      const set = (activeDoc === 'playbook' ? view.state : states.playbook).field(matchedField);
      for (let it = set.iter(); it.value; it.next()) lines.push((activeDoc === 'playbook' ? view.state : states.playbook).doc.lineAt(it.from).number);
      return lines;
    },
  };
  document.body.dataset['ready'] = 'true';
}

void start();
