// The archive report over a generated archive whose figures are known by construction, shards
// merged into the whole, the CLI's track --batch counts and report formats, and the HTML page
// opened in headless Chromium: every chart renders, with no network.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReport, formatReportText, mergeReports, ReportMergeError, type CaseReport } from 'complaint-playbook';
import { loadPlaybookFile, renderReportHtml } from 'complaint-playbook/node';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';
import { chromiumLaunchOptions } from './helpers/chromium.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const deskFile = `${root}tests/fixtures/track/desk.yaml`;
const desk = await loadPlaybookFile(deskFile);
const now = '2026-12-31T12:00:00+01:00';

const categories = ['product.quality', 'product.function', 'staff.attitude'];
/**
 * Case i of the archive, received on a Monday in October–November (CET/CEST). By i % 4:
 * 0 resolved on time, followed up, satisfied, closed; 1 acknowledged, never resolved (breached);
 * 2 resolved, not satisfied, reopened (and never resolved again: breached at `now`);
 * 3 resolved on time and closed without feedback.
 */
function archiveCase(i: number): string {
  const day = 19 + 7 * (i % 5); // Mondays 19 and 26 Oct, 2, 9, 16 Nov
  const date = day <= 31 ? `2026-10-${day}` : `2026-11-${String(day - 31).padStart(2, '0')}`;
  const offset = day < 25 ? '+02:00' : '+01:00';
  const t = (time: string, plusDays = 0) => {
    const d = new Date(`${date}T${time}:00${offset}`);
    d.setUTCDate(d.getUTCDate() + plusDays);
    return d.toISOString().replace('.000Z', 'Z');
  };
  const complaint = {
    id: `A-${i}`,
    receivedAt: `${date}T10:00:00${offset}`,
    category: categories[i % 3],
    demand: { type: 'refund', amount: 50 },
    customer: { previousComplaints: i % 5 === 0 ? 1 : 0 },
  };
  const events: object[] = [{ type: 'acknowledged', at: t('10:20') }];
  const kind = i % 4;
  if (kind !== 1) events.push({ type: 'resolved', at: t('16:00') });
  if (kind === 0) events.push({ type: 'followed-up', at: t('10:00', 1) }, { type: 'feedback', at: t('10:05', 1), satisfied: true }, { type: 'closed', at: t('10:10', 1) });
  if (kind === 2) events.push({ type: 'feedback', at: t('10:05', 1), satisfied: false }, { type: 'reopened', at: t('10:30', 1) });
  if (kind === 3) events.push({ type: 'closed', at: t('16:30') });
  return JSON.stringify({ complaint, events });
}

const n = 200;
const archive = Array.from({ length: n }, (_, i) => archiveCase(i));
const badLines = ['{oops', JSON.stringify({ complaint: { id: 'B' }, events: [{ type: 'solved', at: now }] }), ''];

describe('the archive report', () => {
  it('counts what the generated archive holds', async () => {
    const failures: Array<[number, string]> = [];
    const { report, summary } = await buildReport(desk, [...archive, ...badLines], { now, locale: 'en', onFailure: (line, e) => failures.push([line, e.code]) });
    expect(summary).toEqual({ lines: 203, ok: 200, failed: 2, blank: 1 });
    expect(failures).toEqual([[201, 'JSON_SYNTAX'], [202, 'CASE_INVALID']]);
    expect(report.cases).toBe(200);
    expect(report.failedLines).toBe(2);
    expect(report.byCategory).toEqual({ product: 134, staff: 66 });
    expect(report.bySubcategory).toEqual({ 'product.quality': 67, 'product.function': 67, 'staff.attitude': 66 });
    expect(report.byState).toEqual({ closed: 100, open: 50, reopened: 50 });
    expect(report.byTier).toEqual({ 'short-term': 200 });
    expect(report.byDepartment).toEqual({ '-': 200 });
    // Breached resolves escalate one level (the base's sla): the never-resolved and the reopened ones.
    expect(report.byLevel).toEqual({ agent: 100, supervisor: 50, manager: 50 });
    expect(report.reopened).toBe(50);
    expect(report.feedback).toEqual({ satisfied: 50, unsatisfied: 0, none: 150 });
    expect(report.repeat).toBe(40);
    expect(report.commitments.resolve).toEqual({ met: 150, breached: 100, open: 0, notApplicable: 0 });
    expect(report.commitments.acknowledge).toEqual({ met: 200, breached: 50, open: 0, notApplicable: 0 });
    expect(report.warnings).toEqual({ CLOSED_WITHOUT_FEEDBACK: 50 });
    // Received 10:00, resolved 16:00 the same day: 6 hours for each of the 150 resolved cases.
    expect(report.resolveHours).toEqual({ total: 900, count: 150 });
    expect(formatReportText(report)).toContain('resolve       40.0%');
  });

  it('merges shards into the report of the whole', async () => {
    const whole = (await buildReport(desk, archive, { now })).report;
    const a = (await buildReport(desk, archive.slice(0, 73), { now })).report;
    const b = (await buildReport(desk, archive.slice(73), { now })).report;
    expect(mergeReports([a, b])).toEqual(whole);
    expect(() => mergeReports([a, { ...b, playbook: { id: 'other', version: '1.0.0' } }])).toThrow(ReportMergeError);
    expect(() => mergeReports([])).toThrow(ReportMergeError);
  });
});

function run(argv: string[], io: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const full: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', cwd: root, ...io };
  return cli(argv, full).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('CLI: track and report', () => {
  it('track --batch streams statuses, reports bad lines by number, and sums up', async () => {
    const input = [archive[0], '{oops', '', badLines[1], archive[1]].join('\n');
    const r = await run(['track', '--batch', '-', '--playbook', deskFile, '--now', now], { readStdin: async () => input });
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stdout.trim().split('\n').map((l) => [JSON.parse(l).complaintId, JSON.parse(l).state])).toEqual([['A-0', 'closed'], ['A-1', 'open']]);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual(['<stdin>:2: error JSON_SYNTAX', '<stdin>:4: error CASE_INVALID', 'track: 5 line(s) read']);
    expect(r.stderr).toContain('5 line(s) read: 2 ok, 2 failed, 1 blank');
  });

  it('track one case as text says what is met and late and what is next, in the playbook locale', async () => {
    const r = await run(['track', '-', '--playbook', deskFile, '--now', now, '--format', 'text'], { readStdin: async () => archive[1]! });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^案件 A-1/);
    expect(r.stdout).toMatch(/resolve\s+2026-10-29 18:00\s+已超时/);
    const bad = await run(['track', '-', '--playbook', deskFile], { readStdin: async () => badLines[1]! });
    expect([bad.code, bad.stderr.split(': ').slice(0, 2).join(': ')]).toEqual([exitCodes.invalid, '<stdin>:1:43: error CASE_ENUM']);
    expect((await run(['track', '-', '--playbook', deskFile, '--format', 'html'])).code).toBe(exitCodes.usage);
  });

  it('report writes json, text and html; --merge combines shards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-report-'));
    writeFileSync(join(dir, 'a.jsonl'), archive.slice(0, 100).join('\n'));
    writeFileSync(join(dir, 'b.jsonl'), archive.slice(100).join('\n'));
    for (const shard of ['a', 'b']) {
      const r = await run(['report', join(dir, `${shard}.jsonl`), '--playbook', deskFile, '--now', now, '--out', join(dir, `${shard}.json`)]);
      expect(r.code).toBe(0);
    }
    const merged = await run(['report', '--merge', join(dir, 'a.json'), join(dir, 'b.json')]);
    const whole = (await buildReport(desk, archive, { now })).report;
    expect(JSON.parse(merged.stdout)).toEqual(whole);
    const text = await run(['report', '--merge', join(dir, 'a.json'), join(dir, 'b.json'), '--format', 'text', '--locale', 'en']);
    expect(text.stdout).toContain('Reopened: 50 (25.0%)');
    const html = await run(['report', join(dir, 'a.jsonl'), '--playbook', deskFile, '--now', now, '--format', 'html', '--out', join(dir, 'r.html')]);
    expect(html.code).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});

describe('the HTML report in headless Chromium', () => {
  it('renders every chart from the inlined library, with no network request', async () => {
    const { report } = await buildReport(desk, archive, { now, locale: 'en' });
    const html = renderReportHtml(report as CaseReport);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const browser = await chromium.launch(await chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent(html, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
      const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => [f.id, f.querySelectorAll('svg rect, svg path').length]));
      expect(charts.map(([id]) => id)).toEqual(['by-category', 'breach-rate', 'satisfaction', 'by-subcategory', 'by-department', 'by-customer-type', 'by-tier', 'by-level', 'by-state', 'training']);
      // Every chart with data has marks (the training chart is empty: no case carries staff-training).
      for (const [id, marks] of charts) if (id !== 'training') expect(marks, String(id)).toBeGreaterThan(0);
      // The bars of the category chart carry the counts.
      const bars = await page.$$eval('#by-category svg g[aria-label="bar"] rect', (rects) => rects.length);
      expect(bars).toBe(2);
      if (process.env['CP_REPORT_SCREENSHOT']) await page.screenshot({ path: process.env['CP_REPORT_SCREENSHOT'], fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
