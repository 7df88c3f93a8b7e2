/**
 * The archive report as one self-contained HTML page: the figures as JSON in the page, and
 * charts drawn in the page by Observable Plot (with d3), both inlined: no network at all.
 */
import { percent, type CaseReport } from './report.js';
import { say, type TextKey } from './texts.js';

/**
 * The chart library's browser builds, inlined into the page.
 *
 * @example
 * ```ts
 * const scripts: ChartScripts = { d3: readFileSync(require.resolve('d3/dist/d3.min.js'), 'utf8'), plot: readFileSync(require.resolve('@observablehq/plot/dist/plot.umd.min.js'), 'utf8') };
 * ```
 */
export interface ChartScripts {
  /** d3's UMD build (defines `d3`). */
  d3: string;
  /** Observable Plot's UMD build (defines `Plot`, needs `d3`). */
  plot: string;
}

/** Text safe inside an HTML element or attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A script safe inside a `<script>` element. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The report as a self-contained HTML page in the report's locale.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderReportPage(report, scripts));
 * ```
 */
export function renderReportPage(report: CaseReport, scripts: ChartScripts): string {
  const t = (key: TextKey, values?: Record<string, string | number>) => say(report.locale, key, values);
  const label = (prefix: string, id: string) => report.labels[`${prefix}:${id}`] ?? id;
  const series = (counts: Record<string, number>, prefix?: string) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([id, n]) => ({ id, name: prefix ? label(prefix, id) : id, n }));
  const kinds = ['acknowledge', 'resolve', 'update', 'follow-up'] as const;
  const charts = [
    { id: 'by-category', title: t('report.byCategory'), data: series(report.byCategory) },
    { id: 'by-subcategory', title: t('report.bySubcategory'), data: series(report.bySubcategory) },
    { id: 'by-department', title: t('report.byDepartment'), data: series(report.byDepartment, 'department') },
    { id: 'by-customer-type', title: t('report.byCustomerType'), data: series(report.byCustomerType, 'customerType') },
    { id: 'by-tier', title: t('report.byTier'), data: series(report.byTier, 'tier') },
    { id: 'by-level', title: t('report.byLevel'), data: series(report.byLevel, 'level') },
    { id: 'by-state', title: t('report.byState'), data: series(report.byState) },
    { id: 'training', title: t('report.training'), data: series(report.training) },
  ];
  const breach = kinds.flatMap((k) => {
    const c = report.commitments[k];
    return [
      { kind: k, outcome: t('report.met'), n: c.met },
      { kind: k, outcome: t('report.breached'), n: c.breached },
      { kind: k, outcome: t('report.open'), n: c.open },
    ];
  });
  const f = report.feedback;
  const feedback = [
    { outcome: t('report.satisfied'), n: f.satisfied },
    { outcome: t('report.unsatisfied'), n: f.unsatisfied },
    { outcome: t('report.noFeedback'), n: f.none },
  ];
  const figures = [
    [t('report.reopened'), `${report.reopened} (${percent(report.reopened, report.cases)})`],
    [t('report.satisfaction'), percent(f.satisfied, f.satisfied + f.unsatisfied)],
    [t('report.repeat'), `${report.repeat} (${percent(report.repeat, report.cases)})`],
    [t('report.resolveTime'), `${report.resolveHours.count ? (report.resolveHours.total / report.resolveHours.count).toFixed(1) : '-'} ${t('report.hours')}`],
    ...kinds.map((k) => [`${t('report.breachRate')} · ${k}`, percent(report.commitments[k].breached, report.commitments[k].met + report.commitments[k].breached)]),
  ];
  const asOf = report.asOf ? (report.asOf.from === report.asOf.to ? report.asOf.to : `${report.asOf.from} … ${report.asOf.to}`) : '-';
  const title = t('report.title', { playbook: report.playbook.id, version: report.playbook.version });
  const data = { charts, breach, feedback, outcomes: [t('report.met'), t('report.breached'), t('report.open')], labels: { cases: t('report.cases'), breachTitle: t('report.breachRate'), feedbackTitle: t('report.satisfaction'), none: t('report.none') } };
  return `<!doctype html>
<html lang="${escapeHtml(report.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2328; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  .sub { color: #57606a; margin-top: 0; }
  .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: .75rem; margin: 1.5rem 0; }
  .figure { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .8rem; }
  .figure b { display: block; font-size: 1.4rem; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 1.5rem; }
  figure.chart { margin: 0; }
  figure.chart h2 { font-size: 1rem; margin: 0 0 .4rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(t('report.generated', { now: asOf, cases: report.cases, failed: report.failedLines }))}</p>
<div class="figures">
${figures.map(([name, value]) => `  <div class="figure">${escapeHtml(name!)}<b>${escapeHtml(value!)}</b></div>`).join('\n')}
</div>
<div class="charts" id="charts"></div>
<script id="report-data" type="application/json">${scriptJson(report)}</script>
<script>${inlineScript(scripts.d3)}</script>
<script>${inlineScript(scripts.plot)}</script>
<script>
(function () {
  var data = ${scriptJson(data)};
  var root = document.getElementById('charts');
  function box(id, title) {
    var fig = document.createElement('figure');
    fig.className = 'chart';
    fig.id = id;
    var h = document.createElement('h2');
    h.textContent = title;
    fig.appendChild(h);
    root.appendChild(fig);
    return fig;
  }
  function bars(id, title, rows) {
    var fig = box(id, title);
    if (!rows.length) { var p = document.createElement('p'); p.textContent = data.labels.none; fig.appendChild(p); return; }
    fig.appendChild(Plot.plot({
      marginLeft: 170, width: 520, height: Math.max(90, rows.length * 26 + 40),
      x: { grid: true, label: data.labels.cases },
      y: { label: null, domain: rows.map(function (r) { return r.name; }) },
      marks: [
        Plot.barX(rows, { x: 'n', y: 'name', fill: '#4c78a8', tip: true }),
        Plot.text(rows, { x: 'n', y: 'name', text: function (r) { return String(r.n); }, dx: 12 }),
        Plot.ruleX([0])
      ]
    }));
  }
  bars(data.charts[0].id, data.charts[0].title, data.charts[0].data);
  var b = box('breach-rate', data.labels.breachTitle);
  b.appendChild(Plot.plot({
    marginLeft: 90, width: 520, height: 200, x: { label: data.labels.cases, grid: true }, y: { label: null },
    color: { legend: true, domain: data.outcomes, range: ['#54a24b', '#e45756', '#bab0ac'] },
    marks: [Plot.barX(data.breach, { x: 'n', y: 'kind', fill: 'outcome', tip: true }), Plot.ruleX([0])]
  }));
  var s = box('satisfaction', data.labels.feedbackTitle);
  s.appendChild(Plot.plot({
    marginLeft: 90, width: 520, height: 130, x: { label: data.labels.cases, grid: true }, y: { label: null },
    color: { domain: data.feedback.map(function (f) { return f.outcome; }), range: ['#54a24b', '#e45756', '#bab0ac'] },
    marks: [Plot.barX(data.feedback, { x: 'n', y: 'outcome', fill: 'outcome', tip: true }), Plot.ruleX([0])]
  }));
  for (var i = 1; i < data.charts.length; i++) bars(data.charts[i].id, data.charts[i].title, data.charts[i].data);
  document.body.setAttribute('data-charts-rendered', String(root.querySelectorAll('svg').length));
})();
</script>
</body>
</html>
`;
}
