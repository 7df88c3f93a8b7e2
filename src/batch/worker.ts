/** Worker thread of {@link evaluateLinesParallel}: loads the playbook once, evaluates chunks. */
import { parentPort, workerData } from 'node:worker_threads';
import { shippedPlaybooksDir } from '../node.js';
import { loadPlaybook } from '../playbook.js';
import { nodeResolver } from '../resolve-node.js';
import { evaluateLineJson } from './batch.js';
import type { WorkerChunk, WorkerData, WorkerResult } from './parallel.js';

const { source, filename, options } = workerData as WorkerData;
// `extends` is resolved as the Node helpers do: shipped playbooks by name, files beside the playbook.
const resolve = nodeResolver(shippedPlaybooksDir());
const playbook = loadPlaybook(source, filename === undefined ? { resolve } : { filename, resolve });

parentPort!.on('message', (chunk: WorkerChunk) => {
  // Serialized here, in the worker: the main thread only receives strings.
  const items = chunk.lines.map(([line, text]) => {
    if (typeof text !== 'string') return { line, ok: false as const, error: text };
    const item = evaluateLineJson(playbook, text, line, options);
    return item.ok ? item.json : item;
  });
  parentPort!.postMessage({ seq: chunk.seq, items } satisfies WorkerResult);
});
