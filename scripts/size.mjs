#!/usr/bin/env node
// Size budget of the browser bundle of the core: src/index.ts bundled by esbuild for the browser,
// minified, then gzipped. The budget is the one the README states ("Size budget: **N kB**"), so
// the two cannot drift apart. Prints what makes the bundle large (esbuild's metafile, by package)
// and exits 1 over budget. Usage: node scripts/size.mjs [--metafile out.json]
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

const result = await build({
  entryPoints: [new URL('src/index.ts', root).pathname],
  absWorkingDir: new URL('.', root).pathname,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  write: false,
  metafile: true,
  logLevel: 'error',
});
const [output] = result.outputFiles;
const minified = output.contents.byteLength;
const gzipped = gzipSync(output.contents, { level: 9 }).byteLength;

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
console.log('largest inputs (minified, before gzip):');
for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${group.padEnd(34)} ${kB(bytes).padStart(9)}  ${((100 * bytes) / minified).toFixed(1).padStart(5)}%`);
}
const verdict = gzipped <= budget ? 'within' : 'OVER';
console.log(`core for the browser: ${kB(minified)} minified, ${kB(gzipped)} gzipped; budget ${kB(budget)}: ${verdict}`);
if (gzipped > budget) process.exit(1);
