/**
 * Where the playbook comes from and goes to: the studio's local server (`complaint-playbook
 * studio`), or, for the static build, the browser itself (files opened and saved by the user).
 */
import shipped from 'studio:shipped';

/** One file the page edits. */
export interface DocFile {
  /** File name shown (and used to resolve `extends` and the test file's `playbook:`). */
  name: string;
  text: string;
  /** Content hash of the text on disk (server) when loaded or saved. */
  hash?: string;
}

export interface Session {
  server: boolean;
  playbook: DocFile & { saved: boolean };
  tests?: DocFile;
}

export type SaveResult = { ok: true; hash?: string; name: string } | { ok: false; conflict?: boolean; message: string };

export interface Host {
  readonly server: boolean;
  session(): Promise<Session>;
  /** Saves one of the two files. `name` names a new file (a playbook not yet saved). */
  save(which: 'playbook' | 'tests', text: string, options: { baseHash?: string; force?: boolean; name: string }): Promise<SaveResult>;
  /** Hashes on disk now (server only), to notice external changes. */
  state(): Promise<{ playbook?: string; tests?: string } | undefined>;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The local server started by the CLI. */
export function serverHost(): Host {
  return {
    server: true,
    async session() {
      return { server: true, ...(await json<Omit<Session, 'server'>>(await fetch('api/session'))) };
    },
    async save(which, text, options) {
      const response = await fetch('api/save', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ which, text, ...options }),
      });
      const body = await json<{ hash?: string; name?: string; message?: string }>(response);
      if (response.ok) return { ok: true, ...(body.hash ? { hash: body.hash } : {}), name: body.name ?? options.name };
      return { ok: false, conflict: response.status === 409, message: body.message ?? response.statusText };
    },
    async state() {
      const response = await fetch('api/state', { cache: 'no-store' });
      return response.ok ? json<{ playbook?: string; tests?: string }>(response) : undefined;
    },
  };
}

interface SaveHandle {
  createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>;
  name: string;
}
type SavePicker = (options: { suggestedName: string; types?: unknown[] }) => Promise<SaveHandle>;

/** No server: starts from a shipped playbook; saving goes through the browser (save dialog or a download). */
export function browserHost(): Host & { open(file: File): Promise<DocFile> } {
  const handles: Partial<Record<'playbook' | 'tests', SaveHandle>> = {};
  return {
    server: false,
    async session() {
      return {
        server: false,
        playbook: { name: 'retail.yaml', text: shipped.playbooks['retail.yaml'] ?? '', saved: false },
        ...(shipped.playbooks['retail.test.yaml'] ? { tests: { name: 'retail.test.yaml', text: shipped.playbooks['retail.test.yaml'] } } : {}),
      };
    },
    async open(file) {
      return { name: file.name, text: await file.text() };
    },
    async save(which, text, options) {
      const picker = (globalThis as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
      try {
        if (picker) {
          // The File System Access API writes to a temporary file and swaps it in on close.
          handles[which] ??= await picker({ suggestedName: options.name });
          const writable = await handles[which]!.createWritable();
          await writable.write(text);
          await writable.close();
          return { ok: true, name: handles[which]!.name };
        }
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
        link.download = options.name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
        return { ok: true, name: options.name };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
    async state() {
      return undefined;
    },
  };
}
