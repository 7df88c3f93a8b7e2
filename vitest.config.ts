import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by name; CP_TEST_DIST=1 runs the same suite against the build.
    alias: process.env.CP_TEST_DIST
      ? [
          { find: /^complaint-playbook\/node$/, replacement: fileURLToPath(new URL('./dist/node.js', import.meta.url)) },
          { find: /^complaint-playbook\/reply$/, replacement: fileURLToPath(new URL('./dist/reply.js', import.meta.url)) },
          { find: /^complaint-playbook$/, replacement: fileURLToPath(new URL('./dist/index.js', import.meta.url)) },
        ]
      : [
          { find: /^complaint-playbook\/node$/, replacement: src('node.ts') },
          { find: /^complaint-playbook\/reply$/, replacement: src('reply/index.ts') },
          { find: /^complaint-playbook$/, replacement: src('index.ts') },
        ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // A guard against hangs, not a speed target: property tests and worker-thread tests take
    // seconds on a loaded 2-core machine, and a flaky timeout would hide real results.
    testTimeout: 60_000,
  },
});
