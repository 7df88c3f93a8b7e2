/** Worker thread of {@link evaluateLinesParallel}: loads the playbook once, evaluates chunks. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadPlaybook } from '../playbook.js';
import { toBatchFailure } from './batch.js';
import type { WorkerChunk, WorkerData, WorkerResult } from './parallel.js';

const { source, filename, options } = workerData as WorkerData;
const playbook = loadPlaybook(source, filename === undefined ? {} : { filename });

parentPort!.on('message', (chunk: WorkerChunk) => {
  const items: WorkerResult['items'] = chunk.lines.map(([line, text]) => {
    let complaint: unknown;
    try {
      complaint = JSON.parse(text);
    } catch (error) {
      return { line, ok: false, error: { code: 'JSON_SYNTAX', message: `not valid JSON: ${(error as Error).message}` } };
    }
    try {
      return { line, ok: true, json: JSON.stringify(playbook.evaluateSync(complaint, options)) };
    } catch (error) {
      return { line, ok: false, error: toBatchFailure(error) };
    }
  });
  parentPort!.postMessage({ seq: chunk.seq, items } satisfies WorkerResult);
});
