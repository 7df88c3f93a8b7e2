/**
 * Node-only helpers: reading playbooks and test files from disk. The core (`complaint-playbook`)
 * imports no Node built-ins; this entry (`complaint-playbook/node`) does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlaybookError, ReadError } from './errors.js';
import { readTextFile } from './files/read.js';
import { maxSourceBytes, resolveLimits, type LoadOptions, type PlaybookLimits } from './options.js';
import { loadPlaybook, type Playbook } from './playbook.js';
import { nodeResolver } from './resolve-node.js';
import { parsePlaybookTests, runPlaybookTests, type SuiteResult } from './testing/run.js';
import { renderReportPage, type ChartScripts } from './track/html.js';
import type { CaseReport } from './track/report.js';

export { nodeResolver, readTextFileSync } from './resolve-node.js';
export { evaluateLinesParallel, workerResourceLimits } from './batch/parallel.js';
export type { ParallelOptions, WorkerHeapLimits } from './batch/parallel.js';
export type { SerializedItem } from './batch/batch.js';
export type { ChartScripts } from './track/html.js';
export { readTextFile, readTextStream, readJsonLines, fileSystemReason } from './files/read.js';
export type { ReadTextOptions, ReadLinesOptions } from './files/read.js';
export { ReadError } from './errors.js';
export type { ReadErrorCode } from './errors.js';
export { defaultReadLimits } from './options.js';
export type { ReadLimits } from './options.js';

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
 *   with the line and column of the first bad byte); `ReadError` when the file cannot be read
 *   (`READ_FAILED`, with the reason) or is not a regular file (`NOT_A_FILE`: a folder, a FIFO, a device).
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
  const maxBytes = maxSourceBytes(maxLength);
  try {
    return await readTextFile(path, { maxBytes, what: 'the file' });
  } catch (error) {
    if (!(error instanceof ReadError) || (error.code !== 'ENCODING' && error.code !== 'LIMIT_EXCEEDED')) throw error;
    const message = error.code === 'LIMIT_EXCEEDED' ? `the file is larger than ${maxBytes} bytes, so it cannot fit the limit of ${maxLength} characters` : error.message;
    throw new PlaybookError([{ code: error.code, message, file: path, line: error.line ?? 1, column: error.column ?? 1, path: [], severity: 'error' }]);
  }
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

/** True when `inner` is `outer` or lies inside it. */
function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The playbook a test file names: a shipped playbook by name (`retail`), or a file inside the
 * test file's own folder tree (symbolic links resolved). Anything else (an absolute path
 * elsewhere, `../`, `/proc/self/environ`) is refused: a test file from a pull request must not
 * make CI read, and print, any file the runner can read.
 */
async function testedPlaybookPath(testFile: string, testSource: string, named: string): Promise<string> {
  if (/^[a-z][a-z0-9-]*$/.test(named)) {
    const shipped = shippedPlaybookPath(named);
    if (shipped) return shipped;
  }
  const folder = dirname(resolve(testFile));
  const candidate = resolve(folder, named);
  const real = await realpath(candidate).catch(() => candidate);
  const realFolder = await realpath(folder).catch(() => folder);
  if (isInside(realFolder, real)) return candidate;
  // Point at the `playbook:` line of the test file.
  const lines = testSource.split('\n');
  const index = lines.findIndex((l) => /^playbook\s*:/.test(l));
  const prefix = index >= 0 ? /^playbook\s*:\s*/.exec(lines[index]!)![0].length : 0;
  throw new PlaybookError([
    {
      code: 'SCHEMA_VALUE',
      severity: 'error',
      path: ['playbook'],
      file: testFile,
      ...(index >= 0 ? { line: index + 1, column: prefix + 1 } : {}),
      message: `the test file names the playbook "${named.slice(0, 200)}", which is outside the test file's folder; name a playbook file in that folder (or below it), or a shipped playbook by name (${shippedPlaybookNames().join(', ')})`,
    },
  ]);
}

/**
 * Runs a playbook test file (`*.test.yaml`): loads the playbook it names (a file in the test
 * file's folder tree, relative to it, or a shipped playbook by name) and evaluates every case.
 *
 * @throws `PlaybookError` when the test file or its playbook is invalid, or names a playbook
 *   outside its folder tree (`SCHEMA_VALUE` at `playbook`); `ReadError` when a file cannot be read.
 *
 * @example
 * ```ts
 * import { runPlaybookTestFile } from 'complaint-playbook/node';
 * const result = await runPlaybookTestFile('playbooks/retail.test.yaml');
 * if (result.failed) process.exitCode = 1;
 * ```
 */
export async function runPlaybookTestFile(path: string, options: { filter?: RegExp } = {}): Promise<SuiteResult & { playbook: Playbook; file: string }> {
  const source = await readPlaybookSource(path);
  const suite = parsePlaybookTests(source, { filename: path });
  const playbookPath = await testedPlaybookPath(path, source, suite.playbook);
  const playbook = await loadPlaybookFile(playbookPath);
  const result = await runPlaybookTests(playbook, suite, options);
  return { ...result, playbook, file: path };
}

let chartScripts: ChartScripts | undefined;

/**
 * The browser builds of d3 and Observable Plot that the HTML report inlines, read once from the
 * installed packages.
 *
 * @example
 * ```ts
 * const { d3, plot } = reportChartScripts(); // two scripts, about 0.5 MB together
 * ```
 */
export function reportChartScripts(): ChartScripts {
  if (!chartScripts) {
    const require = createRequire(import.meta.url);
    // Both packages export only their entry; their browser builds sit in dist/ beside src/.
    const umd = (pkg: string, file: string) => readFileSync(join(dirname(require.resolve(pkg)), '..', 'dist', file), 'utf8');
    chartScripts = { d3: umd('d3', 'd3.min.js'), plot: umd('@observablehq/plot', 'plot.umd.min.js') };
  }
  return chartScripts;
}

/**
 * The archive report as one self-contained HTML page (no network): the figures and charts
 * drawn in the page by Observable Plot, inlined with d3, in the report's locale.
 *
 * @example
 * ```ts
 * import { buildReport } from 'complaint-playbook';
 * import { renderReportHtml } from 'complaint-playbook/node';
 * const { report } = await buildReport(playbook, lines, { now });
 * writeFileSync('report.html', renderReportHtml(report));
 * ```
 */
export function renderReportHtml(report: CaseReport): string {
  return renderReportPage(report, reportChartScripts());
}
