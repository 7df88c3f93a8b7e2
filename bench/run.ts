/**
 * `npm run bench`: one run, one table. Measures the built package (dist/) against json-rules-engine
 * and @gorules/zen-engine on the same machine in the same process, and writes bench/results.md.
 * Not part of `npm test`: numbers depend on the machine; targets are read from this table.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Engine } from 'json-rules-engine';
import { parse as parseYaml } from 'yaml';
import { compilePlaybook, loadPlaybook, type Playbook } from '../dist/index.js';
import { nodeResolver, shippedPlaybooksDir } from '../dist/node.js';
import { checkReply } from '../dist/reply.js';
import { complaints, jsonRulesEngineRules, playbookYaml, zenDecision } from './synthetic.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** A shipped playbook from its YAML, its base found beside it. */
const loadShipped = (name: string) => {
  const filename = `${root}playbooks/${name}.yaml`;
  return loadPlaybook(readFileSync(filename, 'utf8'), { filename, resolve: nodeResolver(shippedPlaybooksDir()) });
};
const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 3 : 7;
const roundMs = quick ? 150 : 400;
const lines: string[] = [];
const out = (s = '') => {
  console.log(s);
  lines.push(s);
};

/** Median evaluations per second over several rounds of a fixed duration each. */
async function measure(fn: (i: number) => unknown | Promise<unknown>, isAsync: boolean): Promise<number> {
  const rates: number[] = [];
  for (let w = 0; w < 200; w++) await fn(w); // warm-up
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < roundMs) {
      for (let k = 0; k < 50; k++) {
        if (isAsync) await fn(n);
        else fn(n);
        n++;
      }
      t = performance.now();
    }
    rates.push((n / (t - t0)) * 1000);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

/** The median ratio of A's rate to B's over rounds of A and B taken in turn. */
async function alternating(a: (i: number) => unknown, b: (i: number) => unknown): Promise<number> {
  const rate = (fn: (i: number) => unknown) => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < roundMs) {
      for (let k = 0; k < 10; k++) fn(n++);
      t = performance.now();
    }
    return (n / (t - t0)) * 1000;
  };
  rate(a);
  rate(b);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) ratios.push(rate(a) / rate(b));
  ratios.sort((x, y) => x - y);
  return ratios[Math.floor(ratios.length / 2)]!;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

async function loadZen(): Promise<{ createDecision(content: object): { evaluate(input: object): Promise<{ result: unknown }> } } | undefined> {
  const peerDir = `${root}bench/peers`;
  if (!existsSync(`${peerDir}/node_modules/@gorules/zen-engine`)) {
    try {
      execFileSync('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: peerDir, stdio: 'ignore' });
    } catch {
      return undefined;
    }
  }
  try {
    const mod = (await import(`${peerDir}/node_modules/@gorules/zen-engine/index.js`)) as { ZenEngine: new () => never };
    return new mod.ZenEngine();
  } catch {
    return undefined;
  }
}

/** What the targets are read from. */
const measured = {
  load1000Json: NaN,
  loadRatio: NaN,
  growth: NaN,
  retail: NaN,
  vsJre: NaN,
  vsZen: NaN,
  load1000: NaN,
  coldStart: NaN,
  bundleGzip: NaN,
  batch: [] as Array<{ label: string; rate: number; rss: number }>,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of a fresh `node` process running `args`, in ms. */
function processMs(args: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t0;
}

/**
 * Cold start: a fresh process that imports the package, loads retail from its YAML and evaluates
 * one complaint, against a bare `node` doing nothing, in alternating runs (median of each).
 */
function coldStart(runs: number): { bare: number; ours: number } {
  // retail extends the shipped base: the Node helpers' resolver finds it, as a Node host would.
  const script = `import { readFileSync } from 'node:fs';
const { loadPlaybook } = await import(${JSON.stringify(`${root}dist/index.js`)});
const { nodeResolver, shippedPlaybooksDir } = await import(${JSON.stringify(`${root}dist/node.js`)});
const filename = ${JSON.stringify(`${root}playbooks/retail.yaml`)};
loadPlaybook(readFileSync(filename, 'utf8'), { filename, resolve: nodeResolver(shippedPlaybooksDir()) }).evaluateSync(JSON.parse(readFileSync(${JSON.stringify(`${root}examples/retail-fly-in-yogurt.json`)}, 'utf8')));`;
  const bare: number[] = [];
  const ours: number[] = [];
  processMs(['-e', '']);
  processMs(['--input-type=module', '-e', script]);
  for (let i = 0; i < runs; i++) {
    bare.push(processMs(['-e', '']));
    ours.push(processMs(['--input-type=module', '-e', script]));
  }
  return { bare: median(bare), ours: median(ours) };
}

/** The core's browser bundle, minified and gzipped, as scripts/size.mjs measures it (kB). */
function bundleSize(): { gzip: number; line: string } {
  const output = execFileSync(process.execPath, [`${root}scripts/size.mjs`], { encoding: 'utf8' });
  const line = output.split('\n').find((l) => l.startsWith('core for the browser:')) ?? '';
  return { gzip: Number(/([\d.]+) kB gzipped/.exec(line)?.[1] ?? NaN), line };
}

async function main() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  out('# complaint-playbook benchmark');
  out();
  out(`Machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`);
  out(`Median of ${rounds} rounds of ${roundMs} ms each, one core, same process; the built package (dist/).`);
  out();

  // 1. Shipped playbooks.
  out('## Shipped playbooks');
  out();
  out('The heaviest shipped example of each playbook (retail: the fly in the yoghurt, 23 responses, 4 deadlines), evaluated again and again; then all of the playbook\'s shipped examples in turn.');
  out();
  out('| playbook | `evaluate` (async) evals/s | `evaluateSync` evals/s | `evaluateSync` without trace | `evaluateSyncJson` without trace | `evaluateSync`, all examples in turn |');
  out('|---|---:|---:|---:|---:|---:|');
  for (const name of ['retail', 'banking', 'telecom']) {
    const pb = loadShipped(name);
    const examples = readFileSync(`${root}examples/${name === 'retail' ? 'retail-fly-in-yogurt' : name === 'banking' ? 'banking-surprise-fee' : 'telecom-area-outage'}.json`, 'utf8');
    const c = JSON.parse(examples);
    const all = readdirSync(`${root}examples`)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(`${root}examples/${f}`, 'utf8')) as unknown);
    const a = await measure(() => pb.evaluate(c), true);
    const s = await measure(() => pb.evaluateSync(c), false);
    if (name === 'retail') measured.retail = s;
    const lean = await measure(() => pb.evaluateSync(c, { trace: false }), false);
    const json = await measure(() => pb.evaluateSyncJson(c, { trace: false }), false);
    const mixed = await measure((i) => pb.evaluateSync(all[i % all.length]), false);
    out(`| ${name} | ${fmt(a)} | ${fmt(s)} | ${fmt(lean)} | ${fmt(json)} | ${fmt(mixed)} (${all.length} examples) |`);
  }
  out();

  // 2. Synthetic playbooks against the peers.
  const zen = await loadZen();
  out('## Synthetic playbooks (4 conditions per rule): us against the peers');
  out();
  out('Same conditions, same 1,000 random complaints. Ours: the full `evaluateSync` (validation of the complaint, 3 stages, rules, merge); the peers evaluate the conditions only.');
  out();
  out('| rules | ours evals/s | ours, no trace | json-rules-engine 7.3 | zen-engine 0.54 | ours ÷ json-rules-engine | ours ÷ zen-engine | load (parse+validate+compile) |');
  out('|---:|---:|---:|---:|---:|---:|---:|---:|');
  const inputs = complaints(1000);
  const perRule: Record<number, number> = {};
  const loaded: Record<number, Playbook> = {};
  for (const n of [10, 100, 1000]) {
    const yaml = playbookYaml(n);
    const loads: number[] = [];
    let pb!: Playbook;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      pb = loadPlaybook(yaml);
      loads.push(performance.now() - t0);
    }
    loads.sort((x, y) => x - y);
    const engine = new Engine(jsonRulesEngineRules(n) as never, { allowUndefinedFacts: true });
    const flat = inputs.map((c) => ({ 'demand.amount': (c.demand as { amount: number }).amount, 'customer.emotion': (c.customer as { emotion: string }).emotion, category: c.category, handoffs: c.handoffs }));
    const decision = zen?.createDecision(zenDecision(n));

    // Equivalence first: all three must match the same rules on every input.
    for (let i = 0; i < 100; i++) {
      const ours = pb.evaluateSync(inputs[i]!).flags.slice().sort();
      const jre = (await engine.run(flat[i]!)).events.map((e) => e.type).sort();
      if (JSON.stringify(ours) !== JSON.stringify(jre)) throw new Error(`json-rules-engine disagrees on complaint ${i}: ${ours} vs ${jre}`);
      if (decision) {
        const z = ((await decision.evaluate(inputs[i]!)).result as Array<{ rule: string }>).map((r) => r.rule).sort();
        if (JSON.stringify(ours) !== JSON.stringify(z)) throw new Error(`zen-engine disagrees on complaint ${i}: ${ours} vs ${z}`);
      }
    }
    const ours = await measure((i) => pb.evaluateSync(inputs[i % 1000]!), false);
    const lean = await measure((i) => pb.evaluateSync(inputs[i % 1000]!, { trace: false }), false);
    const jre = await measure((i) => engine.run(flat[i % 1000]!), true);
    const z = decision ? await measure((i) => decision.evaluate(inputs[i % 1000]!), true) : NaN;
    perRule[n] = lean;
    loaded[n] = pb;
    if (n === 100) Object.assign(measured, { vsJre: lean / jre, vsZen: decision ? lean / z : NaN });
    if (n === 1000) {
      // The same playbook kept as JSON: what loading costs without the YAML parser. YAML and JSON
      // loads in alternation, so that the ratio compares like with like on a noisy machine.
      const json = JSON.stringify(parseYaml(yaml));
      const fromYaml: number[] = [];
      const fromJson: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < (quick ? 5 : 11); i++) {
        let t0 = performance.now();
        loadPlaybook(yaml);
        const y = performance.now() - t0;
        t0 = performance.now();
        compilePlaybook(JSON.parse(json));
        const j = performance.now() - t0;
        fromYaml.push(y);
        fromJson.push(j);
        ratios.push(y / j);
      }
      measured.load1000 = median(fromYaml);
      measured.load1000Json = median(fromJson);
      measured.loadRatio = median(ratios);
    }
    out(`| ${n} | ${fmt(ours)} | ${fmt(lean)} | ${fmt(jre)} | ${decision ? fmt(z) : 'not installed'} | ${ratio(lean, jre)} | ${decision ? ratio(lean, z) : '-'} | ${loads[2]!.toFixed(1)} ms |`);
  }
  out();
  out(`Loading the 1,000-rule playbook (325 kB of YAML), in ${quick ? 5 : 11} alternating rounds: from YAML ${measured.load1000.toFixed(1)} ms, kept as JSON instead (\`compilePlaybook(JSON.parse(text))\`: the same checks and compilation, no YAML) ${measured.load1000Json.toFixed(1)} ms; YAML ÷ JSON ${measured.loadRatio.toFixed(1)}× (median of the per-round ratios).`);
  out();
  // Growth is a ratio of two rates: measured in alternating rounds, so that a change in the
  // machine's speed during the run (shared cloud cores vary by a third) falls on both alike.
  const growth = await alternating(
    (i) => loaded[100]!.evaluateSync(inputs[i % 1000]!, { trace: false }),
    (i) => loaded[1000]!.evaluateSync(inputs[i % 1000]!, { trace: false }),
  );
  measured.growth = growth;
  out(`Growth: 1,000 rules cost ${growth.toFixed(1)}× the time of 100 rules without trace (linear would be 10×), measured in ${rounds} alternating rounds of each (median of the per-pair ratios); from the table above, measured apart: ${(perRule[100]! / perRule[1000]!).toFixed(1)}×.`);
  out();

  // 3. Following cases and checking replies: the capabilities beside the core.
  out('## Tracking cases and checking replies');
  out();
  {
    const pb = loadShipped('retail');
    const complaint = JSON.parse(readFileSync(`${root}examples/retail-fly-in-yogurt.json`, 'utf8')) as { receivedAt: string };
    const at = (minutes: number) => new Date(Date.parse(complaint.receivedAt) + minutes * 60_000).toISOString();
    const open = { complaint, events: [{ type: 'acknowledged', at: at(10) }] };
    const closed = {
      complaint,
      events: [
        { type: 'acknowledged', at: at(10) },
        { type: 'resolved', at: at(90) },
        { type: 'followed-up', at: at(60 * 24) },
        { type: 'feedback', at: at(60 * 24 + 5), satisfied: true },
        { type: 'closed', at: at(60 * 24 + 10) },
      ],
    };
    const now = at(60 * 30);
    const trackOpen = await measure(() => pb.track(open, { now }), false);
    const trackClosed = await measure(() => pb.track(closed, { now }), false);
    const evaluateOnly = await measure(() => pb.evaluateSync(complaint, { now }), false);
    const rec = pb.evaluateSync(complaint, { locale: 'en' });
    const draft = "I am very sorry for the trouble, but the yogurt is the manufacturer's problem. I guarantee it will be sorted tomorrow, and we will refund you 500 yuan.";
    const replies = await measure(() => checkReply(draft, rec, { now: complaint.receivedAt }), false);
    const recZh = pb.evaluateSync(complaint, { locale: 'zh-CN' });
    const draftZh = '非常抱歉给您添麻烦了,不过这是厂家的问题。我保证明天一定处理好,给您退款500元。';
    const repliesZh = await measure(() => checkReply(draftZh, recZh, { now: complaint.receivedAt }), false);
    out('| what (retail, the fly in the yoghurt) | per second | ÷ one `evaluateSync` |');
    out('|---|---:|---:|');
    out(`| \`evaluateSync\` (for reference) | ${fmt(evaluateOnly)} | 1.0× |`);
    out(`| \`track\`, a case acknowledged and still open | ${fmt(trackOpen)} | ${(evaluateOnly / trackOpen).toFixed(1)}× |`);
    out(`| \`track\`, a case closed after five events | ${fmt(trackClosed)} | ${(evaluateOnly / trackClosed).toFixed(1)}× |`);
    out(`| \`checkReply\`, a three-sentence English draft | ${fmt(replies)} | ${(evaluateOnly / replies).toFixed(1)}× |`);
    out(`| \`checkReply\`, a two-sentence Chinese draft (Intl.Segmenter) | ${fmt(repliesZh)} | ${(evaluateOnly / repliesZh).toFixed(1)}× |`);
  }
  out();

  // 4. Heap per loaded playbook.
  out('## Memory per loaded playbook');
  out();
  const gc = (globalThis as { gc?: () => void }).gc;
  const synthetic1000 = playbookYaml(1000);
  if (gc) {
    out('| playbook | heap per loaded copy |');
    out('|---|---:|');
    for (const [name, load] of [
      ['retail (with its base)', () => loadShipped('retail')],
      ['synthetic 1,000 rules', () => loadPlaybook(synthetic1000)],
    ] as const) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = Array.from({ length: 10 }, load);
      gc();
      const per = (process.memoryUsage().heapUsed - before) / kept.length;
      out(`| ${name} | ${(per / 1024).toFixed(0)} KiB |`);
    }
  } else {
    out('(run with --expose-gc to measure)');
  }
  out();

  // 5. Starting up, and the size of what a browser loads.
  out('## Cold start and bundle size');
  out();
  const cold = coldStart(quick ? 7 : 15);
  measured.coldStart = cold.ours - cold.bare;
  out(`Cold start: a fresh \`node\` process that imports the package, loads \`retail\` from its YAML and evaluates one complaint takes ${cold.ours.toFixed(0)} ms; a bare \`node -e ''\` ${cold.bare.toFixed(0)} ms: **${measured.coldStart.toFixed(0)} ms above bare node** (median of ${quick ? 7 : 15} alternating runs of each).`);
  out();
  const size = bundleSize();
  measured.bundleGzip = size.gzip;
  out(`Browser bundle of the core (\`npm run size\`): ${size.line.replace(/^core for the browser: /, '')}.`);
  out();

  // 6. Batch.
  const count = quick ? 100_000 : 1_000_000;
  out(`## Batch: ${count.toLocaleString('en-US')} generated complaints (banking playbook, JSONL in, every recommendation serialized)`);
  out();
  out('| mode | complaints/s | peak RSS |');
  out('|---|---:|---:|');
  for (const [label, args] of [
    ['one thread: `evaluateLinesJson`, without trace', ['0', 'notrace']],
    ['one thread: `evaluateLinesJson`, with trace', ['0', 'trace']],
    ['one thread: `evaluateLines` + caller\'s `JSON.stringify`, without trace', ['0', 'notrace', 'objects']],
    ['one worker thread (`evaluateLinesParallel`), without trace', ['1', 'notrace']],
    ['two worker threads, without trace', ['2', 'notrace']],
  ] as const) {
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [`${root}bench/batch-child.mjs`, String(count), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`batch child exited ${code}`))));
    });
    const { rate, maxRssMiB, summary } = JSON.parse(result) as { rate: number; maxRssMiB: number; summary: { ok: number; lines: number } };
    if (summary.ok !== count || summary.lines !== count) throw new Error(`batch lost lines: ${JSON.stringify(summary)}`);
    out(`| ${label} | ${fmt(rate)} | ${maxRssMiB.toFixed(0)} MiB |`);
    measured.batch.push({ label, rate, rss: maxRssMiB });
  }
  out();
  // 7. The targets of the performance issues, read from this run.
  const oneThread = measured.batch[0]!;
  const oneWorker = measured.batch.find((b) => b.label.startsWith('one worker'))!;
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  out('## Targets');
  out();
  out('| target | measured | |');
  out('|---|---:|---|');
  out(`| retail \`evaluateSync\` ≥ 100,000 evals/s | ${fmt(measured.retail)} | ${verdict(measured.retail >= 100_000)} |`);
  out(`| 100 rules ≥ 30× json-rules-engine | ${measured.vsJre.toFixed(1)}× | ${verdict(measured.vsJre >= 30)} |`);
  out(`| 100 rules ≥ 10× zen-engine | ${Number.isNaN(measured.vsZen) ? 'not installed' : `${measured.vsZen.toFixed(1)}×`} | ${verdict(measured.vsZen >= 10)} |`);
  out(`| 1,000 rules within 11× of 100 rules | ${measured.growth.toFixed(1)}× | ${verdict(measured.growth <= 11)} |`);
  out(`| load 1,000 rules from YAML < 150 ms | ${measured.load1000.toFixed(0)} ms | ${verdict(measured.load1000 < 150)} |`);
  out(`| load 1,000 rules from YAML ≤ 3× from JSON | ${measured.loadRatio.toFixed(1)}× (JSON: ${measured.load1000Json.toFixed(0)} ms) | ${verdict(measured.loadRatio <= 3)} |`);
  out(`| cold start ≤ 100 ms above bare node | ${measured.coldStart.toFixed(0)} ms | ${verdict(measured.coldStart <= 100)} |`);
  out(`| browser core ≤ 100 kB gzipped | ${measured.bundleGzip.toFixed(1)} kB | ${verdict(measured.bundleGzip <= 100)} |`);
  out(`| batch ≥ 50,000/s on one thread, RSS < 200 MB | ${fmt(oneThread.rate)}/s, ${oneThread.rss.toFixed(0)} MiB | ${verdict(oneThread.rate >= 50_000 && oneThread.rss * 1.048576 < 200)} |`);
  out(`| batch ≥ 50,000/s on one worker thread, RSS < 200 MB | ${fmt(oneWorker.rate)}/s, ${oneWorker.rss.toFixed(0)} MiB | ${verdict(oneWorker.rate >= 50_000 && oneWorker.rss * 1.048576 < 200)} |`);
  out();
  writeFileSync(`${root}bench/results.md`, `${lines.join('\n')}\n`);
  console.log('\nwritten to bench/results.md');
}

await main();
