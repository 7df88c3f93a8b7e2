import { readFileSync } from 'node:fs';
import { loadPlaybook } from './dist/index.js';
const pb = loadPlaybook(readFileSync('./playbooks/retail.yaml', 'utf8'));
const c = JSON.parse(readFileSync('./examples/retail-fly-in-yogurt.json', 'utf8'));
for (const trace of [true,false]) for (let r=0;r<3;r++){
const n = 40000; const t0 = performance.now();
for (let i = 0; i < n; i++) pb.evaluateSync(c, { trace });
console.log(trace, Math.round(n / (performance.now() - t0) * 1000));}
