// The core in Cloudflare's runtime: workerd, run locally by the npm package miniflare (no network,
// no account). workerd refuses code generation from strings as production does, so this proves
// that loading a playbook needs neither `eval` nor `new Function`. The worker loads every shipped
// playbook from its YAML text and evaluates every shipped example three ways (evaluate,
// evaluateSync, json-rules-engine); the answers must be exactly Node's.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybook, validatePlaybook } from 'complaint-playbook';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = ['retail', 'banking', 'telecom'] as const;
const playbooks = Object.fromEntries(names.map((name) => [name, readFileSync(`${root}playbooks/${name}.yaml`, 'utf8')]));
const examples = readdirSync(`${root}examples`)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, playbook: file.split('-')[0]!, complaint: JSON.parse(readFileSync(`${root}examples/${file}`, 'utf8')) as unknown }));
const now = '2026-11-20T10:00:00+08:00';
// The shipped playbooks extend the shipped base: both sides resolve it from memory, as a worker would.
const base = readFileSync(`${root}playbooks/base.yaml`, 'utf8');
const resolveBase = (ref: string) => (ref === 'base' ? { source: base, filename: 'base.yaml' } : undefined);

// The worker: the core bundled in, one request runs everything and answers with JSON.
const worker = `
import * as api from 'complaint-playbook';
export default {
  async fetch(request) {
    const { playbooks, examples, now, broken, base } = await request.json();
    const resolve = (ref) => (ref === 'base' ? { source: base, filename: 'base.yaml' } : undefined);
    let codeGeneration;
    try { codeGeneration = String(new Function('return "allowed"')()); } catch (error) { codeGeneration = error.name; }
    const loaded = {};
    for (const [name, yaml] of Object.entries(playbooks)) loaded[name] = api.loadPlaybook(yaml, { filename: name + '.yaml', resolve });
    const results = [];
    for (const { file, playbook, complaint } of examples) {
      const pb = loaded[playbook];
      results.push({
        file,
        evaluate: await pb.evaluate(complaint, { now, locale: 'en' }),
        evaluateSync: pb.evaluateSync(complaint, { now }),
        json: pb.evaluateSyncJson(complaint, { now, trace: false }),
        reference: await pb.evaluate(complaint, { now, engine: 'json-rules-engine' }),
      });
    }
    const problems = api.validatePlaybook(broken, { filename: 'broken.yaml', resolve }).problems;
    return Response.json({ codeGeneration, results, problems });
  },
};
`;

let mf: Miniflare | undefined;

beforeAll(async () => {
  const bundled = await build({
    stdin: { contents: worker, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'error',
    // CP_TEST_DIST=1: the built core, as a bundler would take it from the package.
    alias: { 'complaint-playbook': process.env['CP_TEST_DIST'] ? `${root}dist/index.js` : `${root}src/index.ts` },
  });
  mf = new Miniflare({ modules: true, script: bundled.outputFiles[0]!.text, compatibilityDate: '2025-09-01' });
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('the core in workerd (Cloudflare Workers), through miniflare', { timeout: 60_000 }, () => {
  const broken = playbooks['retail']!.replace(/respond: \[ask-purchase-details/, 'respond: [ask-purchse-details');

  it('refuses code generation, loads every shipped playbook from YAML and evaluates every example exactly as Node does', async () => {
    const response = await mf!.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify({ playbooks, examples, now, broken, base }) });
    const body = (await response.json()) as { codeGeneration: string; results: Array<Record<string, unknown>>; problems: unknown };
    expect(response.status).toBe(200);
    // The runtime is as strict as production: code generation from strings is refused.
    expect(body.codeGeneration).toBe('EvalError');

    expect(body.results.map((r) => r['file'])).toEqual(examples.map((e) => e.file));
    const inNode = Object.fromEntries(names.map((name) => [name, loadPlaybook(playbooks[name]!, { filename: `${name}.yaml`, resolve: resolveBase })]));
    for (const [i, { playbook, complaint }] of examples.entries()) {
      const pb = inNode[playbook]!;
      const got = body.results[i]!;
      const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
      expect(got['evaluate']).toEqual(plain(await pb.evaluate(complaint, { now, locale: 'en' })));
      expect(got['evaluateSync']).toEqual(plain(pb.evaluateSync(complaint, { now })));
      expect(got['json']).toBe(pb.evaluateSyncJson(complaint, { now, trace: false }));
      expect(got['reference']).toEqual(got['evaluateSync']);
    }
    // Problems and their positions too.
    expect(body.problems).toEqual(plain(validatePlaybook(broken, { filename: 'broken.yaml', resolve: resolveBase }).problems));
    expect((body.problems as Array<{ code: string }>).map((p) => p.code)).toContain('UNKNOWN_RESPONSE');
  });
});

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
