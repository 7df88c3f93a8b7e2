/**
 * One batch measurement in its own process (plain Node, no loader), so its peak RSS is the
 * package's own: generates N complaints as JSON lines, evaluates them (on the main thread, or on
 * worker threads), serializes every recommendation, and prints {rate, maxRssMiB, summary}.
 * Usage: node bench/batch-child.mjs <count> <workers: 0 = main thread> <trace|notrace> [objects]
 * On the main thread: `evaluateLinesJson` (serialized by the package), or with `objects`
 * `evaluateLines` and `JSON.stringify` by the caller.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateLines, evaluateLinesJson, loadPlaybook } from '../dist/index.js';
import { evaluateLinesParallel, nodeResolver, shippedPlaybooksDir } from '../dist/node.js';
import { prng } from './prng.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.argv[2]);
const workers = Number(process.argv[3]);
const trace = process.argv[4] !== 'notrace';
const objects = process.argv[5] === 'objects';
const filename = `${root}playbooks/banking.yaml`;
const source = readFileSync(filename, 'utf8');
// banking extends the shipped base: found beside it.
const load = () => loadPlaybook(source, { filename, resolve: nodeResolver(shippedPlaybooksDir()) });

function* lines() {
  const rnd = prng(42);
  const categories = ['service.waiting', 'service.fee', 'service.error', 'staff.attitude', 'staff.skill'];
  const emotions = ['calm', 'upset', 'angry', 'furious'];
  for (let i = 0; i < count; i++) {
    const day = 1 + Math.floor(rnd() * 28);
    yield JSON.stringify({
      id: `B-${i}`,
      receivedAt: `2026-10-${String(day).padStart(2, '0')}T${String(8 + Math.floor(rnd() * 10)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00+02:00`,
      channel: rnd() < 0.5 ? 'phone' : 'in-person',
      category: categories[Math.floor(rnd() * categories.length)],
      customer: { emotion: emotions[Math.floor(rnd() * 4)], signals: rnd() < 0.2 ? ['impatient'] : [] },
      demand: rnd() < 0.5 ? { type: 'refund', amount: Math.floor(rnd() * 2000) } : { type: 'apology' },
      loss: { amount: Math.floor(rnd() * 500) },
      handoffs: Math.floor(rnd() * 3),
    });
  }
}

const t0 = performance.now();
let bytes = 0;
let summary;
if (workers === 0 && objects) {
  const gen = evaluateLines(load(), lines(), { trace });
  for (let step = await gen.next(); ; step = await gen.next()) {
    if (step.done) {
      summary = step.value;
      break;
    }
    if (step.value.ok) bytes += JSON.stringify(step.value.recommendation).length + 1;
  }
} else if (workers === 0) {
  const gen = evaluateLinesJson(load(), lines(), { trace });
  for (let step = await gen.next(); ; step = await gen.next()) {
    if (step.done) {
      summary = step.value;
      break;
    }
    if (step.value.ok) bytes += step.value.json.length + 1;
  }
} else {
  const gen = evaluateLinesParallel(lines(), { source, filename, workers, options: { trace } });
  for (let step = await gen.next(); ; step = await gen.next()) {
    if (step.done) {
      summary = step.value;
      break;
    }
    if (step.value.ok) bytes += step.value.json.length + 1;
  }
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ rate: count / seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, summary, bytes }));
