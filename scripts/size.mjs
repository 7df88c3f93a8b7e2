#!/usr/bin/env node
// Size budget of the browser bundle of the core: src/index.ts bundled by esbuild for the browser,
// minified, then gzipped: what a page loads up front (the entry and the chunks it imports
// statically). What the core imports on demand (json-rules-engine, for `engine: 'json-rules-engine'`)
// is split off and reported beside it. The budget is the one the README states ("Size budget: **N kB**"), so
// the two cannot drift apart. Prints what makes the bundle large (esbuild's metafile, by package,
// and what each direct dependency adds gzipped) and exits 1 over budget. Usage: node scripts/size.mjs [--metafile out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const stated = /Size budget: \*\*(\d+(?:\.\d+)?) kB\*\*/.exec(readme);
if (!stated) {
  console.error('README.md states no size budget (expected "Size budget: **N kB**")');
  process.exit(1);
}
const budget = Number(stated[1]) * 1000;

const bundle = (external = []) =>
  build({
    entryPoints: [new URL('src/index.ts', root).pathname],
    absWorkingDir: new URL('.', root).pathname,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    splitting: true,
    outdir: '/size',
    write: false,
    metafile: true,
    external,
    logLevel: 'error',
  });

/** The output files loaded up front (the entry and its static imports, transitively) and those loaded on demand. */
function split(result) {
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint);
  const upFront = new Set([entry]);
  for (const file of upFront) for (const i of outputs[file].imports) if (i.kind === 'import-statement' && !i.external) upFront.add(i.path);
  const byName = new Map(result.outputFiles.map((f) => [basename(f.path), f]));
  const files = (set) => [...set].filter((p) => p.endsWith('.js')).map((p) => byName.get(basename(p)));
  const lazy = new Set(Object.keys(outputs).filter((o) => o.endsWith('.js') && !upFront.has(o)));
  return { upFront: files(upFront), lazy: files(lazy), inputs: [...upFront].flatMap((o) => Object.entries(outputs[o].inputs)) };
}
// Files are gzipped together (as one concatenation), so splitting does not change the figure by
// itself: a page fetching several chunks pays about the sum of their gzipped sizes anyway.
const gzipOf = (files) => gzipSync(Buffer.concat(files.map((f) => f.contents)), { level: 9 }).byteLength;
const gzip = (result) => gzipOf(split(result).upFront);

const result = await bundle();
const parts = split(result);
const minified = parts.upFront.reduce((n, f) => n + f.contents.byteLength, 0);
const gzipped = gzipOf(parts.upFront);
const lazyMinified = parts.lazy.reduce((n, f) => n + f.contents.byteLength, 0);
const lazyGzipped = parts.lazy.length ? gzipOf(parts.lazy) : 0;

const metafileAt = process.argv.indexOf('--metafile');
if (metafileAt > 0 && process.argv[metafileAt + 1]) writeFileSync(process.argv[metafileAt + 1], JSON.stringify(result.metafile));

// Bytes each input keeps after minification, grouped by npm package (our own code by folder).
const groups = new Map();
for (const [input, { bytesInOutput }] of parts.inputs) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  const group = pkg ? pkg[1] : input.split('/').slice(0, input.startsWith('src/') ? 2 : 1).join('/');
  groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
}
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const ranked = [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12);
// gzip is not additive: what a direct dependency costs is the gzipped size it takes away when
// left out (with everything only it pulls in).
const direct = new Set(Object.keys(JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).dependencies ?? {}));
const cost = new Map();
for (const [group] of ranked.filter(([g]) => direct.has(g))) {
  cost.set(group, gzipped - gzip(await bundle([group, `${group}/*`])));
}
console.log(`largest inputs               minified     share   gzip cost`);
for (const [group, bytes] of ranked) {
  const gz = cost.has(group) ? kB(cost.get(group)).padStart(11) : '';
  console.log(`  ${group.padEnd(24)} ${kB(bytes).padStart(9)}  ${((100 * bytes) / minified).toFixed(1).padStart(6)}% ${gz}`);
}
const verdict = gzipped <= budget ? 'within' : 'OVER';
console.log(`loaded on demand: ${kB(lazyMinified)} minified, ${kB(lazyGzipped)} gzipped (json-rules-engine, for engine: 'json-rules-engine')`);
console.log(`core for the browser: ${kB(minified)} minified, ${kB(gzipped)} gzipped; budget ${kB(budget)}: ${verdict}`);
if (gzipped > budget) process.exit(1);
