import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PlaybookError,
  compilePlaybook,
  computeCoverage,
  explainRecommendation,
  lintPlaybook,
  loadPlaybook,
  maxExtendsDepth,
  mergePlaybookSpecs,
  validatePlaybook,
  type PlaybookResolver,
} from 'complaint-playbook';
import { loadPlaybookFile } from 'complaint-playbook/node';
import { parse } from 'yaml';

// `extends`: the merge rules, positions in the file where each part lives, and every failure
// (no resolver, not found, a cycle, too deep, outside the folder, an abstract playbook loaded).
const dir = 'tests/fixtures/extends/';
const read = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/extends/${name}`, import.meta.url)), 'utf8');
/** An in-memory resolver over the fixture folder, as a browser host would write one. */
const memory: PlaybookResolver = (ref) => {
  const name = ref.replace(/^\.\//, '');
  try {
    return { source: read(name), filename: name };
  } catch {
    return undefined;
  }
};
const complaint = { id: 'E-1', receivedAt: '2026-11-23T10:00:00+01:00', customer: { emotion: 'angry', signals: ['impatient'] }, demand: { type: 'refund', amount: 50 } };

describe('extends: merging', () => {
  it('merges maps by id, rules and outcomes by id in place, and takes other fields from the child', async () => {
    const playbook = await loadPlaybookFile(`${dir}desk.yaml`);
    const spec = playbook.spec;
    expect(spec.playbook).toBe('desk');
    expect(spec.extends).toBeUndefined();
    expect(spec.abstract).toBeUndefined();
    // Rules: the base's order, `ask` replaced in place, the child's new rule after.
    expect(spec.rules.map((r) => r.id)).toEqual(['apologize', 'angry-first', 'ask', 'resolve', 'route']);
    expect(spec.rules[2]!.then.respond).toEqual(['ask-facts', 'ask-outcome']);
    // Responses: the child's `sorry` replaces the base's; the base's others stay.
    expect(Object.keys(spec.responses).sort()).toEqual(['ask-facts', 'ask-outcome', 'calm', 'sorry']);
    expect(spec.responses.sorry!.text).toBe('We are very sorry for the trouble.');
    // Stage: the child's `excessive` replaces the base's in place; the default stays the base's.
    expect(spec.demand.outcomes.map((o) => o.id)).toEqual(['excessive', 'reasonable']);
    expect(spec.demand.default).toBe('reasonable');
    expect(spec.customerType.outcomes.map((o) => o.id)).toEqual(['dominance', 'unknown']);
    expect(spec.calendar.timezone).toBe('Europe/Rome');
    expect(spec.authority.map((l) => l.id)).toEqual(['agent', 'supervisor']);

    const rec = playbook.evaluateSync(complaint, { locale: 'en' });
    expect(rec.responses.map((r) => r.id)).toEqual(['sorry', 'calm', 'ask-facts', 'ask-outcome']);
    expect(rec.responses[0]!.text).toBe('We are very sorry for the trouble.');
    expect(rec.route.department).toBe('desk');
    expect(playbook.evaluateSync({ ...complaint, demand: { type: 'refund', amount: 2000 } }).demand.reasonableness).toBe('excessive');
  });

  it('mergePlaybookSpecs gives the same merged value for hosts that merge first', () => {
    const merged = mergePlaybookSpecs(parse(read('desk-base.yaml')), parse(read('desk.yaml'))) as Record<string, unknown>;
    expect(merged.extends).toBeUndefined();
    const playbook = compilePlaybook(merged);
    expect(playbook.evaluateSync(complaint)).toEqual(loadPlaybook(read('desk.yaml'), { resolve: memory }).evaluateSync(complaint));
  });

  it('a child of an abstract base is not abstract; the base alone validates as abstract and does not load', () => {
    const base = validatePlaybook(read('desk-base.yaml'), { filename: 'desk-base.yaml' });
    expect(base).toEqual({ problems: [], abstract: true });
    expect(() => loadPlaybook(read('desk-base.yaml'), { filename: 'desk-base.yaml' })).toThrowError(PlaybookError);
    try {
      loadPlaybook(read('desk-base.yaml'));
    } catch (error) {
      expect((error as PlaybookError).problems.map((p) => p.code)).toEqual(['ABSTRACT_PLAYBOOK']);
    }
    expect(validatePlaybook(read('desk.yaml'), { resolve: memory }).playbook?.id).toBe('desk');
  });

  it('the shipped base resolves by name from any folder', async () => {
    const playbook = await loadPlaybookFile(`${dir}sub/nested.yaml`);
    expect(playbook.spec.rules[0]!.id).toBe('apologize-first');
    expect(playbook.spec.rules.at(-1)!.id).toBe('route-default');
  });
});

describe('extends: positions in the file where each part lives', () => {
  it('an error in the base is reported at the base file and line', () => {
    const { problems } = validatePlaybook(read('broken.yaml'), { filename: 'broken.yaml', resolve: memory });
    expect(problems.map((p) => [p.code, p.file, p.line, p.suggestion])).toEqual([['UNKNOWN_RESPONSE', 'broken-base.yaml', 13, 'sorry']]);
  });

  it('locations, explain and coverage name the file of each rule', async () => {
    const playbook = await loadPlaybookFile(`${dir}desk.yaml`);
    expect(playbook.locations.rules.map((l) => [l?.file, l?.line])).toEqual([
      [`${dir}desk-base.yaml`, 27],
      [`${dir}desk-base.yaml`, 29],
      [`${dir}desk.yaml`, 16],
      [`${dir}desk-base.yaml`, 34],
      [`${dir}desk.yaml`, 18],
    ]);
    expect(playbook.locations.responses.sorry).toMatchObject({ file: `${dir}desk.yaml`, line: 21 });
    expect(playbook.locations.outcomes.demand[0]).toMatchObject({ file: `${dir}desk.yaml`, line: 10 });
    const why = explainRecommendation(playbook.evaluateSync(complaint), { locations: playbook.locations });
    expect(why.rules.find((r) => r.id === 'angry-first')?.location).toMatchObject({ file: `${dir}desk-base.yaml`, line: 29 });
    const coverage = computeCoverage(playbook, []);
    expect(coverage.missedAt[coverage.missed.indexOf('rule:resolve')]).toMatchObject({ file: `${dir}desk-base.yaml`, line: 34 });
  });

  it('lint findings point at the file where the finding lives: the base or the child', () => {
    const child = read('desk.yaml').replace('rules:\n', 'rules:\n  - id: never\n    when: {fact: customer.emotion, operator: equal, value: calm}\n    then: {suppress: {respond: [calm]}}\n');
    const base = read('desk-base.yaml').replace('responses:\n', 'responses:\n  unused: {stage: ask, text: Anything else?}\n');
    const resolve: PlaybookResolver = (ref) => (ref === './desk-base.yaml' ? { source: base, filename: 'desk-base.yaml' } : undefined);
    const { problems } = lintPlaybook(child, { filename: 'desk.yaml', resolve });
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['LINT_UNUSED_RESPONSE', 'desk-base.yaml', 40],
      ['LINT_SUPPRESS_NEVER_APPLIES', 'desk.yaml', 18],
    ]);
  });
});

describe('extends: failures', () => {
  it('no resolver: EXTENDS_UNRESOLVED at the extends line', () => {
    const { problems } = validatePlaybook(read('desk.yaml'), { filename: 'desk.yaml' });
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([['EXTENDS_UNRESOLVED', 4, 10]]);
    expect(() => compilePlaybook(parse(read('desk.yaml')))).toThrowError(PlaybookError);
  });

  it.each([
    ['missing.yaml', 'EXTENDS_NOT_FOUND'],
    ['cycle-a.yaml', 'EXTENDS_CYCLE'],
    ['outside.yaml', 'EXTENDS_NOT_FOUND'],
  ])('%s: %s, a typed error with its position', async (file, code) => {
    const error = await loadPlaybookFile(`${dir}${file}`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PlaybookError);
    const problems = (error as PlaybookError).problems;
    expect(problems.map((p) => p.code)).toEqual([code]);
    expect(problems[0]!.line).toBe(4);
  });

  it('an absolute path is refused; a resolver that throws is reported, not rethrown', () => {
    const absolute = validatePlaybook(read('missing.yaml').replace('./no-such-base.yaml', '/etc/passwd.yaml'), { filename: 'x.yaml', resolve: (ref) => (ref.startsWith('/') ? (() => { throw new Error('absolute paths are refused'); })() : undefined) });
    expect(absolute.problems.map((p) => p.code)).toEqual(['EXTENDS_NOT_FOUND']);
    expect(absolute.problems[0]!.message).toContain('absolute paths are refused');
  });

  it(`a chain deeper than ${maxExtendsDepth} bases is refused`, () => {
    const level = (n: number) => `formatVersion: 1\nplaybook: l${n}\nversion: 1.0.0\nextends: ./l${n + 1}.yaml\n`;
    const resolve: PlaybookResolver = (ref) => {
      const n = Number(/l(\d+)/.exec(ref)![1]);
      return { source: level(n), filename: `l${n}.yaml` };
    };
    const { problems } = validatePlaybook(level(0), { filename: 'l0.yaml', resolve });
    expect(problems.map((p) => p.code)).toEqual(['EXTENDS_DEPTH']);
  });
});
