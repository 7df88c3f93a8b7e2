/**
 * A helpdesk webhook: the helpdesk POSTs a ticket, the service answers the recommendation.
 *
 * Playbooks are the `*.yaml` files of one folder, loaded at start (a broken one stops the start)
 * and reloaded when their file changes. A reload that fails keeps the last good playbook and logs
 * every problem at `file:line:column`, so a typo saved by a team lead never takes the desk down.
 * Swapping in a new playbook is one Map assignment: requests in flight finish on the playbook
 * they started with, since `Playbook` objects are immutable.
 *
 * A changed file is read until two reads agree, through the library's strict reader (size limit,
 * UTF-8 only, regular files only): an editor that rewrites the file in place can be caught half-way,
 * and the first half of a playbook (its first rules) may well be valid. Save playbooks by atomic
 * rename (write `retail.yaml.tmp`, then rename it to `retail.yaml`) and no reader ever sees half a file.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ComplaintError, EvaluationError, PlaybookError, ReadError, validatePlaybook, type Playbook, type PlaybookProblem } from 'complaint-playbook';
import { nodeResolver, readPlaybookSource, shippedPlaybooksDir } from 'complaint-playbook/node';

/** What happened when a playbook file changed. */
export interface ReloadEvent {
  /** The playbook's name: its file name without `.yaml`. */
  name: string;
  /** True when the new version is in use; false when the last good one was kept. */
  ok: boolean;
  /** Errors and warnings of the new version (empty when it was removed). */
  problems: PlaybookProblem[];
  /** True when the file was removed or renamed away (the last good version is still served). */
  removed?: boolean;
}

export interface WebhookOptions {
  /** Folder of the playbooks, one `<name>.yaml` each (`*.test.yaml` files are skipped). */
  playbooksDir: string;
  /** Fastify's logger option. Default: `true` (JSON lines on stdout). */
  logger?: FastifyServerOptions['logger'];
  /** Reload playbooks when their files change. Default: `true`. */
  watch?: boolean;
  /** Called after each reload attempt, e.g. to notify a channel. */
  onReload?: (event: ReloadEvent) => void;
  /** Milliseconds between the reads of a changed file that must agree. Default: `50`. */
  settleMs?: number;
}

const isPlaybookFile = (file: string) => file.endsWith('.yaml') && !file.endsWith('.test.yaml');

/**
 * `retail.yaml:49:17: error UNKNOWN_RESPONSE: …`, the line a policy owner can act on. The
 * library's message already ends with its "did you mean"; the suggestion is added only to a
 * message that does not name it.
 */
export function formatProblem(p: PlaybookProblem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  const hint = p.suggestion && !p.message.includes(p.suggestion) ? ` (did you mean "${p.suggestion}"?)` : '';
  return `${where}: ${p.severity} ${p.code}: ${p.message}${hint}`;
}

/** One problem of a request the service refuses, in the shape of the complaint's problems. */
export interface RequestProblem {
  code: string;
  message: string;
  path: Array<string | number>;
  line?: number;
  column?: number;
}

/** The line and column (1-based) of a character offset in a text. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * Parses a request body as JSON. `JSON.parse` keeps a `__proto__` key as an ordinary own field
 * (it never sets the prototype), so such a body is valid JSON: the complaint check then refuses the
 * field by name (`COMPLAINT_FORBIDDEN_KEY`), like any other complaint problem.
 *
 * @throws an error with `statusCode` 400 and `code` `JSON_SYNTAX`, with the line and column.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const where = offset === undefined ? (text.trim() === '' ? { line: 1, column: 1 } : positionOf(text, text.length)) : positionOf(text, Number(offset));
    const problem: RequestProblem = { code: 'JSON_SYNTAX', message: `the body is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^[A-Z]/, (c) => c.toLowerCase())}`, path: [], ...where };
    throw Object.assign(new Error(problem.message), { statusCode: 400, code: 'JSON_SYNTAX', problems: [problem] });
  }
}

/** The example's own codes for what Fastify refuses before the handler runs. */
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_CONTENT_LENGTH',
};

/**
 * The text of a file once it has stopped changing: read (strictly, within the size limit) until
 * two reads `settleMs` apart agree, so that a save caught half-way is never taken for the playbook.
 *
 * @throws `ReadError`, `PlaybookError` (`ENCODING`, `LIMIT_EXCEEDED`) from the reader; `Error` when
 *   the file keeps changing for 40 reads.
 */
export async function readSettled(path: string, settleMs = 50): Promise<string> {
  let previous = await readPlaybookSource(path);
  for (let attempt = 0; attempt < 40; attempt++) {
    await delay(settleMs);
    const next = await readPlaybookSource(path);
    if (next === previous) return next;
    previous = next;
  }
  throw new Error(`${path} kept changing while it was read; save it by atomic rename`);
}

/** `extends: base` finds the shipped base; `extends: ./x.yaml` a file of this folder. */
const resolve = nodeResolver(shippedPlaybooksDir());

async function readPlaybook(path: string, settleMs?: number): Promise<{ playbook?: Playbook; problems: PlaybookProblem[]; abstract?: boolean }> {
  let text: string;
  try {
    text = await readSettled(path, settleMs);
  } catch (error) {
    if (error instanceof PlaybookError) return { problems: error.problems };
    throw error;
  }
  return validatePlaybook(text, { filename: path, resolve });
}

/** Builds the service; call `listen()` on it, or `inject()` in tests. */
export async function buildServer(options: WebhookOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? true });
  const playbooks = new Map<string, Playbook>();

  // Every refusal answers the same `{ error, problems }` as an invalid complaint, not Fastify's own shape.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; problems?: RequestProblem[] }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error(error);
      return reply.code(500).send({ error: 'INTERNAL', problems: [{ code: 'INTERNAL', message: 'the service failed; see its log', path: [] }] });
    }
    const code = error.code ? fastifyCodes[error.code] ?? error.code : 'BAD_REQUEST';
    return reply.code(status).send({ error: code, problems: error.problems ?? [{ code, message: error.message, path: [] }] });
  });

  for (const file of (await readdir(options.playbooksDir)).filter(isPlaybookFile).sort()) {
    const { playbook, problems, abstract } = await readPlaybook(join(options.playbooksDir, file), 0);
    for (const p of problems) app.log[p.severity === 'error' ? 'error' : 'warn'](formatProblem(p));
    // A base (abstract: true) is only extended, never served.
    if (abstract && !problems.some((p) => p.severity === 'error')) continue;
    if (!playbook) throw new Error(`cannot start: ${file} has errors (logged above)`);
    playbooks.set(basename(file, '.yaml'), playbook);
  }
  app.log.info(`loaded playbooks: ${[...playbooks.keys()].join(', ')}`);

  async function reload(file: string): Promise<void> {
    const name = basename(file, '.yaml');
    let event: ReloadEvent;
    try {
      const { playbook, problems } = await readPlaybook(join(options.playbooksDir, file), options.settleMs);
      for (const p of problems) app.log[p.severity === 'error' ? 'error' : 'warn'](formatProblem(p));
      if (playbook) {
        playbooks.set(name, playbook);
        app.log.info(`reloaded playbook ${name} ${playbook.version}`);
      } else {
        app.log.error(`kept the last good version of playbook ${name}: the new one has errors`);
      }
      event = { name, ok: playbook !== undefined, problems };
    } catch (error) {
      // Removed, renamed or unreadable: keep serving the last good version, and say which file went.
      const gone = error instanceof ReadError && error.code === 'READ_FAILED' && (error.cause as { code?: string } | undefined)?.code === 'ENOENT';
      const path = join(options.playbooksDir, file);
      app.log.error(
        gone
          ? `${path} was removed or renamed; playbook ${name} is still served in its last good version`
          : `${path} could not be read (${(error as Error).message}); playbook ${name} is still served in its last good version`,
      );
      event = { name, ok: false, problems: [], ...(gone ? { removed: true } : {}) };
    }
    options.onReload?.(event);
  }

  if (options.watch ?? true) {
    // Editors save in bursts (truncate, write, rename): wait for the file to settle.
    const pending = new Map<string, NodeJS.Timeout>();
    const watcher: FSWatcher = watch(options.playbooksDir, (_type, file) => {
      if (!file || !isPlaybookFile(file)) return;
      clearTimeout(pending.get(file));
      pending.set(file, setTimeout(() => {
        pending.delete(file);
        void reload(file);
      }, 50));
    });
    app.addHook('onClose', async () => {
      watcher.close();
      for (const timer of pending.values()) clearTimeout(timer);
    });
  }

  app.post<{ Params: { playbook: string }; Querystring: { locale?: string } }>('/evaluate/:playbook', async (request, reply) => {
    const playbook = playbooks.get(request.params.playbook);
    if (!playbook) return reply.code(404).send({ error: 'UNKNOWN_PLAYBOOK', playbooks: [...playbooks.keys()] });
    try {
      const locale = request.query.locale;
      return await playbook.evaluate(request.body, locale ? { locale } : {});
    } catch (error) {
      if (error instanceof ComplaintError) return reply.code(400).send({ error: error.code, problems: error.problems });
      if (error instanceof EvaluationError) return reply.code(422).send({ error: error.code, problems: [{ code: error.code, message: error.message, path: [] }] });
      throw error;
    }
  });

  app.get('/playbooks', async () => [...playbooks].map(([name, p]) => ({ name, id: p.id, version: p.version })));

  return app;
}
