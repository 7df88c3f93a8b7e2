import { createInterface } from 'node:readline';
import { cli } from './cli.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// SIGINT or a closed output pipe (`| head`) ends a batch cleanly: what was finished has been
// written, a message says where it stopped, and the exit code is non-zero.
const controller = new AbortController();
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  controller.abort();
});
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  if (!controller.signal.aborted) process.stderr.write('complaint-playbook: the output pipe was closed; stopping\n');
  controller.abort();
  process.exitCode = 1;
});

const code = await cli(process.argv.slice(2), {
  stdout: (text) => {
    if (!controller.signal.aborted || interrupted) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  readStdin,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  signal: controller.signal,
  drain: () => (process.stdout.writableNeedDrain && !controller.signal.aborted ? new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      controller.signal.removeEventListener('abort', done);
      resolve();
    };
    process.stdout.once('drain', done);
    controller.signal.addEventListener('abort', done, { once: true });
  }) : Promise.resolve()),
});
process.exitCode = interrupted ? 130 : (process.exitCode ?? 0) || code;
// Standard input may still be open (an interrupted batch, a terminal): it must not keep us alive.
process.stdin.destroy();
