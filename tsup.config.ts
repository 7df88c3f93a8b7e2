import { readFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * CommonJS has no `import.meta`. tsup's `shims` would inject a `__filename`-based shim into the
 * chunk shared by both entries, so the browser-safe core would reference `__filename` (a
 * ReferenceError in a web worker that bundles the CJS build). Instead, only the modules that use
 * `import.meta.url` (the Node helpers) get Node's own conversion, and the core stays clean.
 */
const cjsImportMetaUrl: EsbuildPlugin = {
  name: 'cjs-import-meta-url',
  setup(build) {
    // With splitting, tsup has esbuild emit ESM and converts it to CommonJS afterwards, so the
    // format shows only in the `TSUP_FORMAT` constant tsup defines.
    if (build.initialOptions.define?.['TSUP_FORMAT'] !== JSON.stringify('cjs')) return;
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', "require('node:url').pathToFileURL(__filename).href"),
        loader: 'ts',
      };
    });
  },
};

export default defineConfig([
  {
    // The library: browser-safe core and the Node helpers, ESM and CommonJS, with types. Splitting
    // keeps one copy of the core shared by both entries, so `instanceof PlaybookError` holds
    // across them.
    entry: { index: 'src/index.ts', node: 'src/node.ts', reply: 'src/reply/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
    esbuildPlugins: [cjsImportMetaUrl],
  },
  {
    // Worker threads of batch evaluation load this file by URL from beside the chunks.
    entry: { 'batch-worker': 'src/batch/worker.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
