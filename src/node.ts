/**
 * Node-only helpers: reading playbooks and test files from disk. The core (`complaint-playbook`)
 * imports no Node built-ins; this entry (`complaint-playbook/node`) does.
 */
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlaybookError } from './errors.js';
import { decodeUtf8 } from './load/decode.js';
import { resolveLimits, type LoadOptions, type PlaybookLimits } from './options.js';
import { loadPlaybook, type Playbook } from './playbook.js';
import { nodeResolver } from './resolve-node.js';
import { parsePlaybookTests, runPlaybookTests, type SuiteResult } from './testing/run.js';

export { nodeResolver, readTextFileSync } from './resolve-node.js';
export { evaluateLinesParallel, workerResourceLimits } from './batch/parallel.js';
export type { ParallelOptions, WorkerHeapLimits } from './batch/parallel.js';
export type { SerializedItem } from './batch/batch.js';

function packageRoot(): string {
  // src/node.ts and dist/node.js both sit one level below the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'playbooks')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('complaint-playbook: cannot find the package folder holding playbooks/');
}

/**
 * Folder of the playbooks shipped with the package.
 *
 * @example
 * ```ts
 * import { shippedPlaybooksDir } from 'complaint-playbook/node';
 * cpSync(shippedPlaybooksDir(), './playbooks', { recursive: true }); // start from the shipped ones
 * ```
 */
export function shippedPlaybooksDir(): string {
  return join(packageRoot(), 'playbooks');
}

/**
 * Names of the shipped playbooks (`retail`, `banking`, `telecom`).
 *
 * @example
 * ```ts
 * import { shippedPlaybookNames } from 'complaint-playbook/node';
 * shippedPlaybookNames(); // ['banking', 'retail', 'telecom'] (not `base`, which is only extended)
 * ```
 */
export function shippedPlaybookNames(): string[] {
  const dir = shippedPlaybooksDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.test.yaml') && !isAbstract(join(dir, f)))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Whether a shipped file is a base to extend (`abstract: true` at the top level). */
function isAbstract(path: string): boolean {
  return /^abstract:[ \t]*true\b/m.test(readFileSync(path, 'utf8'));
}

/**
 * Path of a shipped playbook's YAML, or undefined when there is no such playbook.
 *
 * @example
 * ```ts
 * import { shippedPlaybookPath } from 'complaint-playbook/node';
 * shippedPlaybookPath('retail'); // '/…/node_modules/complaint-playbook/playbooks/retail.yaml'
 * shippedPlaybookPath('nope');   // undefined
 * ```
 */
export function shippedPlaybookPath(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  const path = join(shippedPlaybooksDir(), `${name}.yaml`);
  return existsSync(path) ? path : undefined;
}

/**
 * Reads a playbook (or playbook test) file as text, strictly: at most `maxSourceLength`
 * characters' worth of bytes are read, so a huge file or a device such as /dev/zero cannot
 * exhaust memory, and bytes that are not UTF-8 are refused rather than replaced by U+FFFD.
 *
 * @param path - The file; problems name it as given.
 * @param options - `limits.maxSourceLength` (default `2_000_000`, as in `defaultLimits`).
 * @returns The text, without a leading BOM.
 * @throws `PlaybookError` (from `complaint-playbook`) with code `LIMIT_EXCEEDED` (too large) or `ENCODING` (not UTF-8,
 *   with the line and column of the first bad byte).
 *
 * @example
 * ```ts
 * const source = await readPlaybookSource('playbooks/retail.yaml');
 * const { problems } = validatePlaybook(source, { filename: 'playbooks/retail.yaml' });
 * ```
 */
export async function readPlaybookSource(path: string, options: { limits?: Partial<PlaybookLimits> } = {}): Promise<string> {
  const maxLength = resolveLimits(options.limits).maxSourceLength;
  // A UTF-16 code unit takes at most 3 bytes in UTF-8, plus 3 for a BOM: more bytes than this
  // cannot fit within the limit, so reading stops there.
  const maxBytes = 3 * maxLength + 3;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: maxBytes })) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  const fail = (code: 'LIMIT_EXCEEDED' | 'ENCODING', message: string, line = 1, column = 1): never => {
    throw new PlaybookError([{ code, message, file: path, line, column, path: [], severity: 'error' }]);
  };
  if (size > maxBytes) fail('LIMIT_EXCEEDED', `the file is larger than ${maxBytes} bytes, so it cannot fit the limit of ${maxLength} characters`);
  const decoded = decodeUtf8(Buffer.concat(chunks, size));
  if ('failure' in decoded) {
    const { offset, line, column } = decoded.failure;
    return fail('ENCODING', `the file is not valid UTF-8 (bad byte at offset ${offset}); save it as UTF-8`, line, column);
  }
  return decoded.text;
}

/**
 * Reads and loads a playbook file. Problems name the file as given. `extends: <name>` finds a
 * shipped playbook, `extends: ./other.yaml` a file in the same folder or below (see
 * {@link nodeResolver}); pass `resolve` to decide otherwise.
 *
 * @example
 * ```ts
 * import { loadPlaybookFile } from 'complaint-playbook/node';
 * const playbook = await loadPlaybookFile('playbooks/retail.yaml');
 * ```
 */
export async function loadPlaybookFile(path: string, options: Omit<LoadOptions, 'filename'> = {}): Promise<Playbook> {
  const source = await readPlaybookSource(path, options);
  return loadPlaybook(source, { resolve: nodeResolver(shippedPlaybooksDir(), options.limits), ...options, filename: path });
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
 *
 * @example
 * ```ts
 * import { runPlaybookTestFile } from 'complaint-playbook/node';
 * const result = await runPlaybookTestFile('playbooks/retail.test.yaml');
 * if (result.failed) process.exitCode = 1;
 * ```
 */
export async function runPlaybookTestFile(path: string, options: { filter?: RegExp } = {}): Promise<SuiteResult & { playbook: Playbook; file: string }> {
  const suite = parsePlaybookTests(await readPlaybookSource(path), { filename: path });
  const playbookPath = isAbsolute(suite.playbook) ? suite.playbook : resolve(dirname(path), suite.playbook);
  const playbook = await loadPlaybookFile(playbookPath);
  const result = await runPlaybookTests(playbook, suite, options);
  return { ...result, playbook, file: path };
}
