import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeCoverage, mergeDefaults, parsePlaybookTests, runCase, type CaseResult } from 'complaint-playbook';
import { loadPlaybookFile } from 'complaint-playbook/node';

// Every shipped playbook's own test file (*.test.yaml) runs here: one vitest test per case,
// then a coverage check (every outcome and rule reached by some case).
const dir = fileURLToPath(new URL('../playbooks/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.test.yaml')).sort();

describe.each(files)('%s', (file) => {
  const suite = parsePlaybookTests(readFileSync(dir + file, 'utf8'), { filename: file });
  const id = file.replace(/\.test\.yaml$/, '');
  const results: CaseResult[] = [];
  const playbookPromise = loadPlaybookFile(dir + suite.playbook);

  it(`${id}: has at least 10 cases`, () => {
    expect(suite.cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(suite.cases.map((c) => [c.name, c] as const))(`${id}: %s`, async (_name, testCase) => {
    const playbook = await playbookPromise;
    const result = await runCase(playbook, suite, testCase);
    results.push(result);
    expect(result.error).toBeUndefined();
    expect(result.mismatches).toEqual([]);
    // The same case through evaluateSync and through json-rules-engine (the reference) gives the
    // identical recommendation, trace included.
    const complaint = mergeDefaults(suite.defaults, testCase.complaint);
    const options = { ...(testCase.now ? { now: testCase.now } : {}), ...(testCase.locale ? { locale: testCase.locale } : {}) };
    expect(playbook.evaluateSync(complaint, options)).toEqual(result.recommendation);
    expect(await playbook.evaluate(complaint, { ...options, engine: 'json-rules-engine' })).toEqual(result.recommendation);
  });

  it(`${id}: cases cover every outcome and rule`, async () => {
    const playbook = await playbookPromise;
    expect(computeCoverage(playbook, results).missed).toEqual([]);
  });
});
