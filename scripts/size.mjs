#!/usr/bin/env node
// Size budget of the browser bundle of the core: src/index.ts bundled by esbuild for the browser,
// minified, then gzipped. The budget is the one the README states ("Size budget: **N kB**"), so
// the two cannot drift apart. Prints what makes the bundle large (esbuild's metafile, by package,
// and what each direct dependency adds gzipped) and exits 1 over budget. Usage: node scripts/size.mjs [--metafile out.json]
import { readFileSync, writeFileSync } from 'node:fs';
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
    write: false,
    metafile: true,
    external,
    logLevel: 'error',
  });
const gzip = (result) => gzipSync(result.outputFiles[0].contents, { level: 9 }).byteLength;

const result = await bundle();
const [output] = result.outputFiles;
const minified = output.contents.byteLength;
const gzipped = gzip(result);

const metafileAt = process.argv.indexOf('--metafile');
if (metafileAt > 0 && process.argv[metafileAt + 1]) writeFileSync(process.argv[metafileAt + 1], JSON.stringify(result.metafile));

// Bytes each input keeps after minification, grouped by npm package (our own code by folder).
const groups = new Map();
for (const [input, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
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
console.log(`core for the browser: ${kB(minified)} minified, ${kB(gzipped)} gzipped; budget ${kB(budget)}: ${verdict}`);
if (gzipped > budget) process.exit(1);
