import { readFileSync } from 'node:fs';
import { validatePlaybook } from './src/playbook.ts';
const f = process.argv[2]!;
const text = readFileSync('/tmp/replay11/' + f, 'utf8');
const t = performance.now();
const r = validatePlaybook(text, { filename: f });
console.log(f, (performance.now() - t).toFixed(0), 'ms', r.problems.length);
