/**
 * The Node resolver for `extends`: shipped playbooks by name, other bases as files next to the
 * playbook that extends them. Synchronous, because loading is; every read is bounded.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decodeUtf8 } from './load/decode.js';
import type { PlaybookResolver } from './load/merge.js';
import { resolveLimits, type PlaybookLimits } from './options.js';

/**
 * Reads a file as strict UTF-8 text, synchronously: only regular files (a FIFO or a device is
 * refused before it is read), at most `maxBytes` bytes.
 *
 * @throws Error with a plain message naming the file and the reason.
 * @example
 * ```ts
 * import { readTextFileSync } from 'complaint-playbook/node';
 * const text = readTextFileSync('playbooks/retail.yaml', 6_000_000);
 * ```
 */
export function readTextFileSync(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    if (stat.size > maxBytes) throw new Error(`${path} is larger than ${maxBytes} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const decoded = decodeUtf8(buffer.subarray(0, read));
    if ('failure' in decoded) throw new Error(`${path} is not valid UTF-8 (bad byte at line ${decoded.failure.line}, column ${decoded.failure.column}); save it as UTF-8`);
    return decoded.text;
  } finally {
    closeSync(fd);
  }
}

/** How a file is named in problems: relative to the working folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * A {@link PlaybookResolver} for Node: `extends: base` (a name) is the shipped playbook of that
 * name; `extends: ./desk-base.yaml` is a `.yaml` file in the folder of the file that extends it
 * or below (never an absolute path or one that climbs out with `..`, so a playbook cannot make
 * the loader read any file on the machine).
 *
 * @param shippedDir - The folder of the shipped playbooks.
 * @param limits - `maxSourceLength` bounds each read.
 * @example
 * ```ts
 * import { loadPlaybook } from 'complaint-playbook';
 * import { nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';
 * const playbook = loadPlaybook(text, { filename: 'desks/north.yaml', resolve: nodeResolver(shippedPlaybooksDir()) });
 * ```
 */
export function nodeResolver(shippedDir: string, limits?: Partial<PlaybookLimits>): PlaybookResolver {
  const maxBytes = 3 * resolveLimits(limits).maxSourceLength + 3;
  return (ref, from) => {
    if (/^[a-z][a-z0-9-]*$/.test(ref)) {
      const path = join(shippedDir, `${ref}.yaml`);
      return { source: readTextFileSync(path, maxBytes), filename: shown(path) };
    }
    if (!/\.ya?ml$/.test(ref)) throw new Error(`"${ref}" is neither a shipped playbook's name nor a .yaml file`);
    if (isAbsolute(ref)) throw new Error(`"${ref}" is an absolute path; name the base relative to this file`);
    const folder = resolve(from.filename === undefined ? '.' : dirname(from.filename));
    const path = resolve(folder, ref);
    if (path !== folder && !path.startsWith(folder + sep)) throw new Error(`"${ref}" lies outside the folder of this playbook`);
    return { source: readTextFileSync(path, maxBytes), filename: shown(path) };
  };
}
