// examples/webhook: the Fastify service, in-process (fastify.inject), on a temporary copy of the
// playbooks that the tests break and fix while it runs.
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer, readSettled, type ReloadEvent } from '../examples/webhook/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const minimalYaml = readFileSync(`${root}tests/fixtures/valid/minimal.yaml`, 'utf8');

const complaint = {
  id: 'W-1',
  receivedAt: '2026-11-20T17:45:00+08:00',
  category: 'product.quality',
  customer: { emotion: 'angry', signals: ['impatient'] },
  risk: ['safety'],
};

let dir: string;
let app: FastifyInstance | undefined;
let logs: { level: number; msg: string }[];
let reloads: ReloadEvent[];
let waiters: { test: (e: ReloadEvent) => boolean; resolve: (e: ReloadEvent) => void }[];

/** Resolves at the first reload (past or future) that passes `test`. */
function reloaded(test: (e: ReloadEvent) => boolean): Promise<ReloadEvent> {
  const seen = reloads.find(test);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

async function start(): Promise<FastifyInstance> {
  app = await buildServer({
    playbooksDir: dir,
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line)) } },
    onReload: (event) => {
      reloads.push(event);
      waiters = waiters.filter((w) => (w.test(event) ? (w.resolve(event), false) : true));
    },
  });
  return app;
}

async function evaluate(server: FastifyInstance, playbook: string, body: unknown) {
  const res = await server.inject({ method: 'POST', url: `/evaluate/${playbook}?locale=en`, payload: body as object });
  return { status: res.statusCode, body: res.json() };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-webhook-'));
  writeFileSync(join(dir, 'minimal.yaml'), minimalYaml);
  copyFileSync(`${root}playbooks/retail.yaml`, join(dir, 'retail.yaml'));
  copyFileSync(`${root}playbooks/retail.test.yaml`, join(dir, 'retail.test.yaml'));
  logs = [];
  reloads = [];
  waiters = [];
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/webhook', { timeout: 60_000 }, () => {
  it('loads the folder at start (not the test files) and lists it', async () => {
    const server = await start();
    const res = await server.inject({ method: 'GET', url: '/playbooks' });
    expect(res.json()).toEqual([
      { name: 'minimal', id: 'minimal', version: '1.0.0' },
      { name: 'retail', id: 'retail', version: '2.0.0' },
    ]);
  });

  it('answers the recommendation of a ticket', async () => {
    const server = await start();
    const { status, body } = await evaluate(server, 'minimal', complaint);
    expect(status).toBe(200);
    expect(body.complaintId).toBe('W-1');
    expect(body.escalation.level).toBe('manager');
    expect(body.commitments.map((c: { kind: string; due: string }) => [c.kind, c.due])).toEqual([
      ['acknowledge', '2026-11-20T18:15:00+08:00'],
      ['resolve', '2026-11-23T18:00:00+08:00'],
    ]);
    const yogurt = JSON.parse(readFileSync(`${root}examples/retail-fly-in-yogurt.json`, 'utf8'));
    expect((await evaluate(server, 'retail', yogurt)).body.escalation.level).toBe('manager');
  });

  it('answers 400 with every problem of an invalid complaint, 404 for an unknown playbook', async () => {
    const server = await start();
    const bad = await evaluate(server, 'minimal', { id: 7, customer: { emotion: 'angy' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('COMPLAINT_INVALID');
    expect(bad.body.problems.map((p: { code: string; path: unknown[] }) => [p.code, p.path])).toEqual([
      ['COMPLAINT_TYPE', ['id']],
      ['COMPLAINT_ENUM', ['customer', 'emotion']],
    ]);
    const missing = await evaluate(server, 'retial', complaint);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'UNKNOWN_PLAYBOOK', playbooks: ['minimal', 'retail'] });
  });

  it('keeps the last good playbook when an edit breaks it, logging the position, and takes the fixed one', async () => {
    const server = await start();
    const file = join(dir, 'minimal.yaml');

    const broken = minimalYaml.replace('respond: [apology]', 'respond: [apolgy]');
    writeFileSync(file, broken);
    const failed = await reloaded((e) => e.name === 'minimal' && !e.ok);
    const line = broken.split('\n').findIndex((l) => l.includes('[apolgy]')) + 1;
    const column = broken.split('\n')[line - 1]!.indexOf('apolgy') + 1;
    expect(failed.problems.map((p) => [p.code, p.line, p.column, p.suggestion])).toEqual([['UNKNOWN_RESPONSE', line, column, 'apology']]);
    // The message carries its own "did you mean": the log line says it once.
    expect(logs.filter((l) => l.level === 50).map((l) => l.msg)).toContain(`${file}:${line}:${column}: error UNKNOWN_RESPONSE: ${failed.problems[0]!.message}`);
    expect(logs.filter((l) => l.msg.includes('UNKNOWN_RESPONSE')).map((l) => l.msg.split('did you mean').length - 1)).toEqual([1]);
    const during = await evaluate(server, 'minimal', complaint);
    expect(during.status).toBe(200);
    expect(during.body.escalation.level).toBe('manager');

    // Fixed, and changed: safety now goes to the supervisor.
    writeFileSync(file, minimalYaml.replace('escalate: { to: manager', 'escalate: { to: supervisor'));
    await reloaded((e) => e.name === 'minimal' && e.ok);
    expect((await evaluate(server, 'minimal', complaint)).body.escalation.level).toBe('supervisor');
  });

  it('keeps the last good playbook through a YAML syntax error and a deleted file', async () => {
    const server = await start();
    const file = join(dir, 'retail.yaml');
    writeFileSync(file, 'formatVersion: 1\nplaybook: [retail\n');
    const failed = await reloaded((e) => e.name === 'retail' && !e.ok);
    expect(failed.problems[0]).toMatchObject({ code: 'YAML_UNCLOSED', file, line: expect.any(Number), column: expect.any(Number) });
    rmSync(file);
    await reloaded((e) => e.name === 'retail' && !e.ok && e.problems.length === 0);
    const yogurt = JSON.parse(readFileSync(`${root}examples/retail-fly-in-yogurt.json`, 'utf8'));
    expect((await evaluate(server, 'retail', yogurt)).body.escalation.level).toBe('manager');
  });

  it('renaming the watched file away says which file went and keeps serving the last good version', async () => {
    const server = await start();
    const file = join(dir, 'minimal.yaml');
    renameSync(file, join(dir, 'minimal.yaml.bak'));
    const event = await reloaded((e) => e.name === 'minimal' && !e.ok);
    expect(event).toEqual({ name: 'minimal', ok: false, problems: [], removed: true });
    const line = logs.find((l) => l.level === 50 && l.msg.startsWith(file))?.msg;
    expect(line).toBeDefined();
    expect(line).not.toMatch(/playbook gone|ENOENT/);
    expect((await evaluate(server, 'minimal', complaint)).body.escalation.level).toBe('manager');
  });

  it.each([
    ['malformed JSON', '{\n  "id": "W-2",\n}', 'JSON_SYNTAX', [['JSON_SYNTAX', [], 3, 1]]],
    ['an empty body', '', 'JSON_SYNTAX', [['JSON_SYNTAX', [], 1, 1]]],
    ['a __proto__ key (valid JSON, a forbidden field)', '{"__proto__": {"admin": true}, "id": "W-3"}', 'COMPLAINT_INVALID', [['COMPLAINT_FORBIDDEN_KEY', ['__proto__'], undefined, undefined]]],
    ['a nested constructor key', '{"id": "W-4", "customer": {"constructor": 1}}', 'COMPLAINT_INVALID', [['COMPLAINT_FORBIDDEN_KEY', ['customer', 'constructor'], undefined, undefined]]],
  ])('answers %s with the example\'s own { error, problems }', async (_what, payload, error, problems) => {
    const server = await start();
    const res = await server.inject({ method: 'POST', url: '/evaluate/minimal', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'problems']);
    expect(body.error).toBe(error);
    expect(body.problems.map((p: { code: string; path: unknown[]; line?: number; column?: number }) => [p.code, p.path, p.line, p.column])).toEqual(problems);
    expect(logs.some((l) => /FST_ERR|not valid JSON but/.test(l.msg))).toBe(false);
  });

  it('answers what Fastify refuses before the handler in the same shape', async () => {
    const server = await start();
    const res = await server.inject({ method: 'POST', url: '/evaluate/minimal', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: 'UNSUPPORTED_MEDIA_TYPE', problems: [{ code: 'UNSUPPORTED_MEDIA_TYPE', path: [] }] });
  });

  it('never takes half of a save for the playbook: reads a changed file until two reads agree', async () => {
    const file = join(dir, 'minimal.yaml');
    // The first part alone is a valid playbook (every rule but the last): the trap of in-place saves.
    const full = `${minimalYaml}\n# the end of the file\n`;
    const cut = full.indexOf('  - id: dominance-fast');
    writeFileSync(file, full.slice(0, cut));
    const reading = readSettled(file, 50);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, full);
    expect(await reading).toBe(full);
  });

  it('refuses to start on a broken playbook, logging where', async () => {
    writeFileSync(join(dir, 'minimal.yaml'), minimalYaml.replace('to: manager', 'to: manger'));
    await expect(start()).rejects.toThrow(/minimal\.yaml has errors/);
    expect(logs.some((l) => l.level === 50 && /minimal\.yaml:\d+:\d+: error UNKNOWN_LEVEL/.test(l.msg))).toBe(true);
  });
});
