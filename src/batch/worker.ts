/** Worker thread of {@link evaluateLinesParallel}: loads the playbook once, evaluates chunks. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPlaybook } from '../playbook.js';
import { evaluateLineSync } from './batch.js';
import type { SerializedItem, WorkerChunk, WorkerData, WorkerResult } from './parallel.js';

const { source, filename, options } = workerData as WorkerData;
const playbook = loadPlaybook(source, filename === undefined ? {} : { filename });

parentPort!.on('message', (chunk: WorkerChunk) => {
  const items = chunk.lines.map(([line, text]): SerializedItem => {
    const item = evaluateLineSync(playbook, text, line, options);
    // Serialized here, in the worker, so the main thread only copies strings.
    return item.ok ? { line, ok: true, json: JSON.stringify(item.recommendation) } : item;
  });
  parentPort!.postMessage({ seq: chunk.seq, items } satisfies WorkerResult);
});
