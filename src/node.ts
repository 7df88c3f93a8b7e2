/**
 * Node-only helpers: reading playbooks and test files from disk. The core (`complaint-playbook`)
 * imports no Node built-ins; this entry (`complaint-playbook/node`) does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadOptions } from './options.js';
import { loadPlaybook, type Playbook } from './playbook.js';
import { parsePlaybookTests, runPlaybookTests, type SuiteResult } from './testing/run.js';

function packageRoot(): string {
  // src/node.ts and dist/node.js both sit one level below the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'playbooks')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('complaint-playbook: cannot find the package folder holding playbooks/');
}

/** Folder of the playbooks shipped with the package. */
export function shippedPlaybooksDir(): string {
  return join(packageRoot(), 'playbooks');
}

/** Names of the shipped playbooks (`retail`, `banking`, `telecom`). */
export function shippedPlaybookNames(): string[] {
  return readdirSync(shippedPlaybooksDir())
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.test.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Path of a shipped playbook's YAML, or undefined when there is no such playbook. */
export function shippedPlaybookPath(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  const path = join(shippedPlaybooksDir(), `${name}.yaml`);
  return existsSync(path) ? path : undefined;
}

/**
 * Reads and loads a playbook file. Problems name the file as given.
 *
 * @example
 * ```ts
 * import { loadPlaybookFile } from 'complaint-playbook/node';
 * const playbook = await loadPlaybookFile('playbooks/retail.yaml');
 * ```
 */
export async function loadPlaybookFile(path: string, options: Omit<LoadOptions, 'filename'> = {}): Promise<Playbook> {
  const source = await readFile(path, 'utf8');
  return loadPlaybook(source, { ...options, filename: path });
}

/**
 * Loads a playbook shipped with the package by name.
 *
 * @example
 * ```ts
 * const retail = await loadShippedPlaybook('retail');
 * ```
 */
export async function loadShippedPlaybook(name: string): Promise<Playbook> {
  const path = shippedPlaybookPath(name);
  if (!path) throw new Error(`there is no shipped playbook named "${name}" (shipped: ${shippedPlaybookNames().join(', ')})`);
  return loadPlaybookFile(path);
}

/**
 * Runs a playbook test file (`*.test.yaml`): loads the playbook it names (relative to the test
 * file) and evaluates every case.
 */
export async function runPlaybookTestFile(path: string, options: { filter?: RegExp } = {}): Promise<SuiteResult & { playbook: Playbook; file: string }> {
  const suite = parsePlaybookTests(await readFile(path, 'utf8'), { filename: path });
  const playbookPath = isAbsolute(suite.playbook) ? suite.playbook : resolve(dirname(path), suite.playbook);
  const playbook = await loadPlaybookFile(playbookPath);
  const result = await runPlaybookTests(playbook, suite, options);
  return { ...result, playbook, file: path };
}
