#!/usr/bin/env node
// Checks the package as a user receives it: `npm pack` (which builds), publint and
// @arethetypeswrong/cli on that tarball, then a fresh project that installs the tarball and uses it
// from ESM, CommonJS, TypeScript (node16 and bundler resolution) and the CLI. Builds first.
// Exits 1 on the first problem. Usage: node scripts/check-package.mjs [--keep] (keep the temporary project).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'complaint-playbook-pack-'));
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    process.stderr.write(`\n$ ${command} ${args.join(' ')}   (in ${cwd})\n${error.stdout ?? ''}${error.stderr ?? ''}\n`);
    throw new Error(`${command} ${args[0] ?? ''} failed (exit ${error.status})`);
  }
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function main() {
  // 1. The tarball, exactly what `npm publish` would upload. Built here first (what prepack
  // does) so that build's output stays out of pack's JSON.
  run('npm', ['run', 'build'], root);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const shipped = packed.files.map((f) => f.path);
  for (const required of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/node.js', 'dist/node.cjs', 'dist/reply.js', 'dist/reply.cjs', 'dist/reply.d.ts', 'dist/cli.js', 'dist/studio/index.html', 'dist/studio/app.js', 'schemas/playbook.schema.json', 'playbooks/retail.yaml', 'README.md', 'CHANGELOG.md']) {
    assert.ok(shipped.includes(required), `the tarball lacks ${required}`);
  }
  const strays = shipped.filter((p) => /^(src|tests|scripts|examples|docs|node_modules)\//.test(p));
  assert.deepEqual(strays, [], 'the tarball ships development files');
  console.log(`ok  npm pack: ${packed.filename}, ${shipped.length} files, ${(packed.size / 1024).toFixed(1)} kB`);

  // 2. publint: every message counts, suggestions included.
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'suggestion', strict: true });
  if (messages.length) {
    for (const m of messages) console.error(`publint ${m.type} ${m.code}: ${formatMessage(m, pkg) ?? ''}`);
    throw new Error(`publint reported ${messages.length} problem(s)`);
  }
  console.log('ok  publint: no message');

  // 3. Are the types wrong? Every entry under node10, node16 (CJS and ESM) and bundler resolution.
  run(bin('attw'), [tarball, '--format', 'table-flipped'], work);
  console.log('ok  attw: no problem');

  // 4. A fresh project that installs the tarball (its dependencies come from the registry).
  const app = join(work, 'app');
  write(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel', 'error'], app);
  const installed = join(app, 'node_modules', 'complaint-playbook');
  console.log('ok  npm install <tarball> in a fresh project');

  // The core, as installed, must stay browser-safe: no Node built-in, no CommonJS-only global.
  const coreFiles = ['dist/index.js', 'dist/index.cjs'];
  for (const file of coreFiles) {
    // Every chunk the entries import, transitively (the array grows while it is walked).
    for (const [, chunk] of readFileSync(join(installed, file), 'utf8').matchAll(/(?:from |require\()["']\.\/([^"']+)["']/g)) {
      if (!coreFiles.includes(`dist/${chunk}`)) coreFiles.push(`dist/${chunk}`);
    }
  }
  for (const file of coreFiles) {
    const code = readFileSync(join(installed, file), 'utf8');
    const found = ['"node:', "'node:", '__filename', '__dirname', 'import.meta', 'process.'].filter((s) => code.includes(s));
    assert.deepEqual(found, [], `${file} (part of the browser-safe core) uses ${found.join(', ')}`);
  }
  console.log(`ok  the core (${coreFiles.join(', ')}) uses no Node built-in`);

  // Every error class, constructed and thrown by the library: its own name (the CommonJS build's
  // class lowering once renamed them _class2), instanceof its class and the base, the guard.
  // Plain JavaScript, shared by the ESM, CommonJS and compiled TypeScript consumers below.
  const errorChecks = `
async function checkErrorClasses(api) {
  const fail = (what) => { throw new Error('error classes: ' + what); };
  const yaml = 'formatVersion: 1';
  // retail.yaml extends the shipped base: the core takes a resolver for it (it reads no files).
  // (written without a typed parameter: this text is compiled as JavaScript and as TypeScript)
  const resolve = function () { return arguments[0] === 'base' ? { source: readFileSync('base.yaml', 'utf8'), filename: 'base.yaml' } : undefined; };
  const playbook = api.loadPlaybook(readFileSync('retail.yaml', 'utf8'), { resolve });
  const thrown = {
    PlaybookError: (() => { try { api.loadPlaybook(yaml); } catch (e) { return e; } })(),
    ComplaintError: await playbook.evaluate({ id: 7 }).catch((e) => e),
    EvaluationError: await playbook.evaluate({ id: 'E-1' }, { engine: 'fast' }).catch((e) => e),
  };
  const made = {
    ComplaintPlaybookError: new api.ComplaintPlaybookError('x'),
    PlaybookError: new api.PlaybookError([]),
    ComplaintError: new api.ComplaintError([]),
    EvaluationError: new api.EvaluationError('INVALID_OPTION', 'x'),
  };
  for (const [name, error] of [...Object.entries(made), ...Object.entries(thrown)]) {
    const Class = api[name];
    if (Class.name !== name) fail(name + '.name is ' + Class.name);
    if (!(error instanceof Class)) fail('not instanceof ' + name + ': ' + error);
    if (error.name !== name) fail('a ' + name + ' is named ' + error.name);
    if (!(error instanceof api.ComplaintPlaybookError) || !(error instanceof Error) || !api.isComplaintPlaybookError(error)) fail(name + ' is not in the family');
    if (String(error).split(':')[0] !== name) fail(name + ' prints as ' + String(error));
  }
  if (thrown.PlaybookError.code !== 'PLAYBOOK_INVALID' || thrown.ComplaintError.code !== 'COMPLAINT_INVALID' || thrown.EvaluationError.code !== 'INVALID_OPTION') fail('codes');
}
`;
  write(join(app, 'retail.yaml'), readFileSync(join(root, 'playbooks', 'retail.yaml'), 'utf8'));
  write(join(app, 'base.yaml'), readFileSync(join(root, 'playbooks', 'base.yaml'), 'utf8'));
  const complaint = readFileSync(join(root, 'examples', 'retail-fly-in-yogurt.json'), 'utf8');
  write(join(app, 'complaint.json'), complaint);
  const expected = { level: 'manager', acknowledge: '2026-12-05T14:45:00+08:00' };

  write(join(app, 'esm.mjs'), `
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as api from 'complaint-playbook';
import { loadPlaybook, PlaybookError, playbookSchema } from 'complaint-playbook';
import { evaluateLinesParallel, loadShippedPlaybook, loadPlaybookFile } from 'complaint-playbook/node';
import { checkReply } from 'complaint-playbook/reply';
${errorChecks}

const complaint = JSON.parse(readFileSync('complaint.json', 'utf8'));
const yamlPath = fileURLToPath(import.meta.resolve('complaint-playbook/playbooks/retail.yaml'));
const basePath = fileURLToPath(import.meta.resolve('complaint-playbook/playbooks/base.yaml'));
const fromText = loadPlaybook(readFileSync(yamlPath, 'utf8'), { filename: 'retail.yaml', resolve: (ref) => (ref === 'base' ? { source: readFileSync(basePath, 'utf8'), filename: 'base.yaml' } : undefined) });
const shipped = await loadShippedPlaybook('retail');
for (const playbook of [fromText, shipped]) {
  const rec = await playbook.evaluate(complaint, { locale: 'en' });
  assert.equal(rec.escalation.level, ${JSON.stringify(expected.level)});
  assert.equal(rec.commitments.find((c) => c.kind === 'acknowledge').due, ${JSON.stringify(expected.acknowledge)});
}
// One copy of the core behind both entries: an error from ./node is a PlaybookError of '.'.
await assert.rejects(loadPlaybookFile('complaint.json'), PlaybookError);
const schema = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('complaint-playbook/schemas/playbook.schema.json')), 'utf8'));
assert.deepEqual(schema, playbookSchema);
// The worker threads find their script beside the installed chunks.
const items = [];
for await (const item of evaluateLinesParallel([JSON.stringify(complaint), '{"id": 7}'], { source: readFileSync(yamlPath, 'utf8'), workers: 1 })) items.push(item);
assert.deepEqual(items.map((i) => [i.line, i.ok]), [[1, true], [2, false]]);
assert.equal(JSON.parse(items[0].json).escalation.level, ${JSON.stringify(expected.level)});
// The reply checker, its own entry: a draft that blames the customer is an error.
const reply = checkReply('We are sorry. It is your own fault.', await shipped.evaluate(complaint, { locale: 'en' }));
assert.ok(reply.findings.some((f) => f.code === 'BLAME_CUSTOMER' && f.severity === 'error'));
await checkErrorClasses(api);
console.log('esm ok');
`);
  assert.equal(run('node', ['esm.mjs'], app).trim(), 'esm ok');
  console.log('ok  ESM: import, evaluate, ./playbooks/* and ./schemas/* exports, error classes (name, instanceof), one error class across entries, worker threads');

  write(join(app, 'cjs.cjs'), `
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const api = require('complaint-playbook');
const { loadPlaybook, PlaybookError } = require('complaint-playbook');
const { evaluateLinesParallel, loadShippedPlaybook, loadPlaybookFile } = require('complaint-playbook/node');
${errorChecks}

(async () => {
  const complaint = JSON.parse(readFileSync('complaint.json', 'utf8'));
  const yaml = readFileSync(require.resolve('complaint-playbook/playbooks/retail.yaml'), 'utf8');
  const base = readFileSync(require.resolve('complaint-playbook/playbooks/base.yaml'), 'utf8');
  for (const playbook of [loadPlaybook(yaml, { resolve: (ref) => (ref === 'base' ? { source: base } : undefined) }), await loadShippedPlaybook('retail')]) {
    const rec = await playbook.evaluate(complaint, { locale: 'en' });
    assert.equal(rec.escalation.level, ${JSON.stringify(expected.level)});
    assert.equal(rec.commitments.find((c) => c.kind === 'acknowledge').due, ${JSON.stringify(expected.acknowledge)});
  }
  await assert.rejects(loadPlaybookFile('complaint.json'), PlaybookError);
  await checkErrorClasses(api);
  const items = [];
  for await (const item of evaluateLinesParallel([JSON.stringify(complaint)], { source: yaml, workers: 1 })) items.push(item);
  assert.equal(JSON.parse(items[0].json).escalation.level, ${JSON.stringify(expected.level)});
  console.log('cjs ok');
})().catch((error) => { console.error(error); process.exit(1); });
`);
  assert.equal(run('node', ['cjs.cjs'], app).trim(), 'cjs ok');
  console.log('ok  CommonJS: require, evaluate, error classes (name, instanceof), one error class across entries, worker threads');

  // TypeScript: the same use, typed, from an ES module and from a CommonJS module. The
  // @ts-expect-error lines fail the check if the types turn loose (`any`) on the way.
  const typed = `
import { loadPlaybook, validatePlaybook, ComplaintError, type Complaint, type EvaluateOptions, type PlaybookProblem, type Recommendation } from 'complaint-playbook';
import { loadShippedPlaybook } from 'complaint-playbook/node';

const options: EvaluateOptions = { locale: 'en', now: new Date(0) };

export async function recommend(yaml: string, complaint: Complaint): Promise<{ level: string; due: string | undefined }> {
  const first: PlaybookProblem | undefined = validatePlaybook(yaml, { filename: 'my.yaml' }).problems[0];
  if (first) throw new Error(\`\${first.file}:\${first.line}:\${first.column}: \${first.code}\`);
  // @ts-expect-error the problem codes are a closed union
  if (first?.code === 'NOT_A_CODE') return { level: '', due: undefined };
  try {
    const rec: Recommendation = await loadPlaybook(yaml).evaluate(complaint, options);
    return { level: rec.escalation.level, due: rec.commitments[0]?.due };
  } catch (error) {
    if (error instanceof ComplaintError) throw new Error(error.problems.map((p) => p.code).join(', '));
    throw error;
  }
}

export async function notAwaited(complaint: Complaint): Promise<unknown[]> {
  const retail = await loadShippedPlaybook('retail');
  // @ts-expect-error evaluate is asynchronous: it returns a promise of the recommendation
  const rec: Recommendation = retail.evaluate(complaint);
  // @ts-expect-error a complaint needs an id
  const anonymous: Complaint = { receivedAt: '2026-11-20T17:45:00+08:00' };
  return [rec, anonymous];
}
`;
  write(join(app, 'ts', 'esm.ts'), typed);
  write(join(app, 'ts', 'cjs.cts'), typed);
  const configs = [
    // Our declarations import nothing ESM-only, so CommonJS checks under node16 as well.
    ['node16', 'node16', ['ts']],
    ['nodenext', 'nodenext', ['ts']],
    // bundler resolution knows no CommonJS module.
    ['bundler', 'esnext', ['ts/esm.ts']],
  ];
  for (const [resolution, module, include] of configs) {
    // No @types/node: the types must not lean on Node's. DOM stands for the globals every host
    // has (AbortSignal), as a browser project sees them.
    const compilerOptions = { module, moduleResolution: resolution, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: false, noUncheckedIndexedAccess: true };
    write(join(app, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, include }, null, 2));
    run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${resolution}.json`], app);
  }
  console.log('ok  TypeScript: type-checks under moduleResolution node16 and nodenext (ESM and CJS) and bundler, skipLibCheck off');

  // The error classes from TypeScript, compiled by tsc (nodenext) to an ES module and to CommonJS and run.
  const tsErrors = (kind) => `
${kind === 'esm' ? "import { readFileSync } from 'node:fs';\nimport * as api from 'complaint-playbook';" : "import { readFileSync } from 'node:fs';\nimport api = require('complaint-playbook');"}
import { PlaybookError, type PlaybookProblem } from 'complaint-playbook';
${errorChecks.replace('async function checkErrorClasses(api) {', 'async function checkErrorClasses(api: any): Promise<void> {').replace('const fail = (what) =>', 'const fail = (what: string) =>').replaceAll('.catch((e) => e)', '.catch((e: unknown) => e)').replace('const thrown = {', 'const thrown: any = {')}
const error: unknown = (() => { try { api.loadPlaybook('formatVersion: 1'); } catch (e) { return e; } })();
if (!(error instanceof PlaybookError)) throw new Error('instanceof PlaybookError');
const problems: PlaybookProblem[] = error.problems;
checkErrorClasses(api).then(() => console.log('ts ' + '${kind}' + ' ok ' + problems.length));
`;
  write(join(app, 'ts-run', 'errors.mts'), tsErrors('esm'));
  write(join(app, 'ts-run', 'errors.cts'), tsErrors('cjs'));
  const runConfig = { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: true, outDir: 'ts-out' }, include: ['ts-run'] };
  write(join(app, 'tsconfig.run.json'), JSON.stringify(runConfig, null, 2));
  // No @types/node here: node:fs is declared for the two files only.
  write(join(app, 'ts-run', 'node-fs.d.ts'), "declare module 'node:fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\n");
  run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.run.json'], app);
  assert.match(run('node', ['ts-out/errors.mjs'], app), /^ts esm ok \d+/);
  assert.match(run('node', ['ts-out/errors.cjs'], app), /^ts cjs ok \d+/);
  console.log('ok  TypeScript, compiled to ESM and to CommonJS and run: error classes (name, instanceof)');

  const out = JSON.parse(run('npx', ['--no', 'complaint-playbook', 'evaluate', 'complaint.json', '--playbook', 'retail', '--format', 'json'], app));
  assert.equal(out.escalation.level, expected.level);
  run('npx', ['--no', 'complaint-playbook', 'validate', join(installed, 'playbooks', 'banking.yaml')], app);
  console.log('ok  CLI: npx complaint-playbook evaluate … --playbook retail; validate a shipped playbook');
}

try {
  await main();
  console.log('package checks passed');
} catch (error) {
  console.error(`package check failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
