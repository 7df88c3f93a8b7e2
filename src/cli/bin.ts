import { cli } from './cli.js';
import { safeWriter } from './io.js';

// SIGINT, SIGTERM, SIGHUP or a closed output pipe (`| head`) end a batch cleanly: what was
// finished has been written, a message says where it stopped, and the exit code is non-zero
// (128 + the signal's number). A second signal ends the process at once.
const controller = new AbortController();
const signals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let signalled: number | undefined;
for (const [name, number] of Object.entries(signals)) {
  process.on(name, () => {
    if (signalled !== undefined) process.exit(128 + number);
    signalled = number;
    controller.abort();
  });
}

// Neither a closed nor a full stream may crash the process with a stack trace.
const writeErr = safeWriter((text) => process.stderr.write(text));
process.stderr.on('error', () => {
  // Nowhere left to say it: stderr is closed or full. The exit code still tells.
  process.exitCode ||= 1;
});
let outputClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!outputClosed) writeErr(`complaint-playbook: cannot write the output (${error.code ?? error.message}); stopping\n`);
  outputClosed = true;
  controller.abort();
  process.exitCode = 1;
});
const writeOut = safeWriter((text) => process.stdout.write(text));

const code = await cli(process.argv.slice(2), {
  stdout: (text) => {
    if (!outputClosed) writeOut(text);
  },
  stderr: (text) => {
    writeErr(text);
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  // Raw bytes: the CLI reads them strictly (size limit, UTF-8, lines) as it reads files.
  stdinBytes: () => process.stdin,
  signal: controller.signal,
  drain: () =>
    process.stdout.writableNeedDrain && !controller.signal.aborted
      ? new Promise<void>((resolve) => {
          const done = () => {
            process.stdout.off('drain', done);
            controller.signal.removeEventListener('abort', done);
            resolve();
          };
          process.stdout.once('drain', done);
          controller.signal.addEventListener('abort', done, { once: true });
        })
      : Promise.resolve(),
});
process.exitCode = signalled !== undefined ? 128 + signalled : (process.exitCode ?? 0) || code;
// Standard input may still be open (an interrupted batch, a terminal): it must not keep us alive.
process.stdin.destroy();
