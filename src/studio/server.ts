/**
 * The studio's local server: serves the page and reads and writes the one playbook (and its test
 * file) it was started on. Listens on 127.0.0.1 only and answers only requests whose Host header
 * names the local machine (a web page elsewhere cannot reach it through DNS rebinding); writes
 * only on a save, atomically (temporary file in the same folder, then rename).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultLimits, maxSourceBytes } from '../options.js';
import { readTextFile } from '../files/read.js';
import { nodeResolver, shippedPlaybookPath, shippedPlaybooksDir } from '../node.js';

/** Options of {@link startStudioServer}. */
export interface StudioServerOptions {
  /** The page's files, by name (`index.html`, `app.js`, `studio.css`). */
  assets: ReadonlyMap<string, Uint8Array>;
  /** The playbook to edit; none: the page starts from the shipped retail playbook and asks for a name on the first save. */
  file?: string;
  /** Folder relative paths are taken from. Default: `process.cwd()`. */
  cwd?: string;
  /** Port; `0` picks a free one. Default: `0`. */
  port?: number;
}

/** A running studio server. */
export interface StudioServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const maxBytes = maxSourceBytes(defaultLimits.maxSourceLength);
const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The Host header names this machine: 127.0.0.1, localhost or [::1], on our port. */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(127\.0\.0\.1|localhost|\[::1\])(?::(\d+))?$/i.exec(host.trim());
  return m !== null && (m[2] === undefined ? port === 80 : Number(m[2]) === port);
}

/** Writes a file atomically: a temporary file beside it, flushed, then renamed over it. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('request too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

/** Shown name of a path: relative to the working folder when inside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The test file of a playbook: `name.test.yaml` beside it. */
function testPathOf(playbookPath: string): string {
  return playbookPath.replace(/(\.ya?ml)?$/, '.test.yaml');
}

/**
 * Starts the studio's server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const studio = await startStudioServer({ assets, file: 'playbooks/desk.yaml' });
 * console.log(studio.url); // http://127.0.0.1:53817/
 * await studio.close();
 * ```
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const cwd = options.cwd ?? process.cwd();
  let playbookPath = options.file ? resolve(cwd, options.file) : undefined;
  const resolver = nodeResolver(shippedPlaybooksDir());
  let port = 0;

  const fileInfo = async (path: string | undefined) => {
    if (!path || !existsSync(path)) return undefined;
    const text = await readTextFile(path, { maxBytes, what: 'the playbook', name: shown(path, cwd) });
    return { name: shown(path, cwd), text, hash: hash(text) };
  };

  const session = async () => {
    if (!playbookPath) {
      const retail = shippedPlaybookPath('retail')!;
      const text = await readTextFile(retail, { maxBytes, what: 'the playbook' });
      const tests = await fileInfo(testPathOf(retail));
      return { playbook: { name: 'retail.yaml', text, saved: false }, ...(tests ? { tests: { name: 'retail.test.yaml', text: tests.text } } : {}) };
    }
    const playbook = await fileInfo(playbookPath);
    const tests = await fileInfo(testPathOf(playbookPath));
    return {
      playbook: playbook ? { ...playbook, saved: true } : { name: shown(playbookPath, cwd), text: '', saved: false },
      ...(tests ? { tests } : {}),
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    const data = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // No code generated from strings anywhere on the page; the worker starts from a Blob URL.
      'content-security-policy': "default-src 'self'; script-src 'self'; worker-src blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    });
    res.end(data);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLocalHost(req.headers.host, port)) return send(res, 403, { message: 'the studio answers only requests to 127.0.0.1 or localhost' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname;
    if (req.method === 'GET') {
      if (path === '/api/session') return send(res, 200, await session());
      if (path === '/api/state') {
        const playbook = await fileInfo(playbookPath);
        const tests = playbookPath ? await fileInfo(testPathOf(playbookPath)) : undefined;
        return send(res, 200, { ...(playbook ? { playbook: playbook.hash } : {}), ...(tests ? { tests: tests.hash } : {}) });
      }
      if (path === '/api/resolve') {
        const ref = url.searchParams.get('ref') ?? '';
        const from = playbookPath ?? join(cwd, 'playbook.yaml');
        try {
          const found = resolver(ref, { filename: from });
          return found ? send(res, 200, { source: found.source, filename: found.filename ? shown(resolve(found.filename), cwd) : ref }) : send(res, 404, { message: `no playbook "${ref}"` });
        } catch (error) {
          return send(res, 404, { message: (error as Error).message });
        }
      }
      const name = path === '/' ? 'index.html' : path.slice(1);
      const asset = options.assets.get(name);
      if (asset) return send(res, 200, asset, types[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
      return send(res, 404, { message: 'not found' });
    }
    if (req.method === 'POST' && path === '/api/save') {
      // Only the page itself saves: a JSON body (a cross-site form cannot send one without a preflight) from our own origin.
      const origin = req.headers.origin;
      if (!(req.headers['content-type'] ?? '').startsWith('application/json') || (origin !== undefined && !isLocalHost(origin.replace(/^http:\/\//, ''), port))) return send(res, 403, { message: 'refused' });
      const body = JSON.parse(await readBody(req, maxBytes + 4096)) as { which?: string; text?: unknown; baseHash?: string; force?: boolean; name?: string };
      if (typeof body.text !== 'string' || (body.which !== 'playbook' && body.which !== 'tests')) return send(res, 400, { message: 'a save needs which and text' });
      if (!playbookPath) {
        // The first save of a new playbook names its file: a new .yaml file in the working folder or below.
        const target = resolve(cwd, body.name ?? '');
        const rel = relative(cwd, target);
        if (!/\.ya?ml$/.test(target) || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return send(res, 400, { message: `${body.name}: give a .yaml file name inside ${cwd}` });
        if (existsSync(target)) return send(res, 409, { message: `${rel} already exists` });
        playbookPath = target;
      }
      const target = body.which === 'playbook' ? playbookPath : testPathOf(playbookPath);
      const current = await fileInfo(target);
      if (current && body.baseHash !== undefined && current.hash !== body.baseHash && !body.force) return send(res, 409, { message: `${current.name} changed on disk`, hash: current.hash });
      await writeAtomically(target, body.text);
      const after = (await stat(target)).isFile();
      return send(res, after ? 200 : 500, { hash: hash(body.text), name: shown(target, cwd) });
    }
    return send(res, 405, { message: 'method not allowed' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 500;
      if (!res.headersSent) send(res, status, { message: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ready());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
