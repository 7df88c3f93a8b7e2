// Builds the studio's page (src/studio/app) into static files: index.html, app.js, app.css.
// The Web Worker is bundled first and carried inside app.js as text (started from a Blob URL),
// so the page runs from any static host and from a file:// URL alike. The shipped playbooks,
// their test files and the examples are bundled too, so the page works with no server.
// Usage: node scripts/build-studio.mjs [outdir]   (default dist/studio)
// Imported by the CLI when it runs from source, to build the same files in memory.
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const app = join(root, 'src/studio/app');

/** codemirror-json-schema renders hover text with markdown-it plus shiki (a code highlighter we do not need); ours is markdown-it alone. */
const markdownShim = {
  name: 'studio-markdown-shim',
  setup(b) {
    b.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes(`codemirror-json-schema`) ? { path: join(app, 'markdown.ts') } : undefined,
    );
  },
};

/** The shipped playbooks, test files and examples as one module. */
function shippedModule() {
  const read = (dir, filter) =>
    Object.fromEntries(
      readdirSync(join(root, dir))
        .filter(filter)
        .sort()
        .map((f) => [f, readFileSync(join(root, dir, f), 'utf8')]),
    );
  return {
    playbooks: read('playbooks', (f) => f.endsWith('.yaml')),
    examples: read('examples', (f) => f.endsWith('.json')),
  };
}

const virtual = (name, contents) => ({
  name: `studio-${name}`,
  setup(b) {
    b.onResolve({ filter: new RegExp(`^studio:${name}$`) }, () => ({ path: name, namespace: 'studio' }));
    b.onLoad({ filter: /.*/, namespace: 'studio' }, (args) => (args.path === name ? { contents: contents(), loader: 'js' } : undefined));
  },
});

const common = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'error',
  write: false,
  alias: { 'complaint-playbook/reply': join(root, 'src/reply/index.ts'), 'complaint-playbook': join(root, 'src/index.ts') },
};

/**
 * Builds the page. Returns its files (name → bytes); writes them to `outdir` when given.
 * @param {{ outdir?: string }} [options]
 */
export async function buildStudio(options = {}) {
  const shipped = JSON.stringify(shippedModule());
  const worker = await build({
    ...common,
    entryPoints: [join(app, 'worker.ts')],
    plugins: [virtual('shipped', () => `export default ${shipped};`)],
  });
  const workerSource = worker.outputFiles[0].text;
  const page = await build({
    ...common,
    entryPoints: { app: join(app, 'main.ts') },
    outdir: '/studio',
    plugins: [
      markdownShim,
      virtual('worker', () => `export default ${JSON.stringify(workerSource)};`),
      virtual('shipped', () => `export default ${shipped};`),
    ],
  });
  const files = new Map();
  for (const f of page.outputFiles) files.set(f.path.replace(/^.*[\\/]/, ''), f.contents);
  files.set('index.html', readFileSync(join(app, 'index.html')));
  files.set('studio.css', readFileSync(join(app, 'studio.css')));
  if (options.outdir) {
    mkdirSync(options.outdir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(options.outdir, name), bytes);
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outdir = process.argv[2] ?? join(root, 'dist/studio');
  const files = await buildStudio({ outdir });
  const sizes = [...files].map(([n, b]) => `${n} ${(b.length / 1024).toFixed(0)} KiB`).join(', ');
  console.log(`studio → ${dirname(join(outdir, 'x'))}: ${sizes}`);
}
