import { readFileSync } from 'node:fs';
import { loadPlaybook } from './src/index.ts';
const pb = loadPlaybook(readFileSync('./playbooks/retail.yaml', 'utf8'));
const c = JSON.parse(readFileSync('./examples/retail-fly-in-yogurt.json', 'utf8'));
const n = 40000; const t0 = performance.now();
for (let i = 0; i < n; i++) pb.evaluateSync(c, { trace: true });
console.log(Math.round(n / (performance.now() - t0) * 1000));
