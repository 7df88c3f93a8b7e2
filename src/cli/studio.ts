/**
 * `complaint-playbook studio [playbook.yaml] [--port n] [--no-open]`: the policy owner's page,
 * served on 127.0.0.1 until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStudioServer } from '../studio/server.js';
import { exitCodes, UsageError, type CliIO } from './io.js';

/** Options of {@link studioCommand} that tests and embedders set. */
export interface StudioCommandOptions {
  /** Opens the page in a browser. Default: the system's opener (`xdg-open`, `open`, `start`). */
  openBrowser?: (url: string) => void;
  /** Resolves with the server's address once it listens. */
  onListening?: (url: string) => void;
}

/**
 * The page's files: `studio/` beside the built CLI (dist/studio), or, when running from source,
 * built now in memory by scripts/build-studio.mjs (esbuild, a development dependency).
 */
async function studioAssets(): Promise<Map<string, Uint8Array>> {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'studio');
  if (!import.meta.url.endsWith('.ts') && existsSync(join(built, 'index.html'))) {
    return new Map(readdirSync(built).map((name) => [name, readFileSync(join(built, name))]));
  }
  const script = join(here, '..', '..', 'scripts', 'build-studio.mjs');
  if (!existsSync(script)) throw new Error(`the studio's page is missing (${built}); reinstall complaint-playbook`);
  const { buildStudio } = (await import(pathToFileURL(script).href)) as { buildStudio(): Promise<Map<string, Uint8Array>> };
  return buildStudio();
}

function systemOpen(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // No opener: the address is printed anyway.
    child.unref();
  } catch {
    // Same: the printed address is enough.
  }
}

/**
 * Runs the studio until `io.signal` aborts (Ctrl-C), then closes the server and returns 0. Takes
 * the values the declared command (`commands/studio.ts`) parsed.
 *
 * @example
 * ```ts
 * const code = await runStudio({ port: '0', 'no-open': true }, ['playbooks/desk.yaml'], io);
 * ```
 */
export async function runStudio(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO, options: StudioCommandOptions = {}): Promise<number> {
  if (positionals.length > 1) throw new UsageError('ARGUMENT_COUNT', { en: 'studio takes at most one playbook file', 'zh-CN': 'studio 最多接受一个预案文件' });
  if (values.port !== undefined && typeof values.port !== 'string') throw new UsageError('MISSING_VALUE', { en: '--port needs a number', 'zh-CN': '--port 需要一个数字' });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) throw new UsageError('INVALID_VALUE', { en: '--port must be a whole number from 0 to 65535 (0: any free port)', 'zh-CN': '--port 必须是 0 到 65535 之间的整数（0：任一空闲端口）' });
  const file = positionals[0];
  if (file !== undefined && !/\.ya?ml$/.test(file)) throw new UsageError('INVALID_VALUE', { en: `${file}: the studio edits a playbook .yaml file`, 'zh-CN': `${file}：studio 编辑的是预案 .yaml 文件` });
  const cwd = io.cwd ?? process.cwd();
  const assets = await studioAssets();
  let server;
  try {
    server = await startStudioServer({ assets, ...(file !== undefined ? { file } : {}), cwd, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      io.stderr(`complaint-playbook studio: port ${port} ${code === 'EADDRINUSE' ? 'is in use' : 'is not allowed'}; leave out --port to pick a free one\n`);
      return exitCodes.invalid;
    }
    throw error;
  }
  io.stdout(`complaint-playbook studio: ${server.url}${file ? ` (editing ${file})` : ''}\nOnly this machine can open it. Press Ctrl-C to stop.\n`);
  options.onListening?.(server.url);
  if (!values['no-open']) (options.openBrowser ?? systemOpen)(server.url);
  await new Promise<void>((stop) => {
    if (!io.signal) return; // Nothing can stop it: run until the process ends.
    if (io.signal.aborted) return stop();
    io.signal.addEventListener('abort', () => stop(), { once: true });
  });
  await server.close();
  io.stdout('complaint-playbook studio: stopped\n');
  return exitCodes.ok;
}
