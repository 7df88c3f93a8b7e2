import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintPlaybook, loadPlaybook, validatePlaybook, type Condition, type PlaybookProblem } from 'complaint-playbook';
import { nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';
import { compileCondition } from '../src/compile/condition.js';
import { flattenFacts } from '../src/facts.js';
import { Analyzer, and, solveFact, toFormula, type FactDomain, type Literal } from '../src/lint/logic.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const summary = (problems: PlaybookProblem[]) => problems.map((p) => `${p.code}@${p.line}:${p.column}`);

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', cwd: root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('lint fixtures: every finding with its code and position', () => {
  // file → the warnings expected, in source order (code@line:column).
  const table: Array<[string, string[]]> = [
    [
      'contradiction.yaml',
      [
        'LINT_CONTRADICTION@20:13', // contains impatient, yet not containsAny [impatient, …]
        'LINT_CONTRADICTION@26:13', // persistence < 0: the schema says ≥ 0
        'LINT_CONTRADICTION@37:17', // a dead branch of an any: startsWith product. and equal staff.attitude
        'LINT_CONTRADICTION@48:11', // amount > 500 and amount < 100 (the risk leaf between is not named)
        'LINT_CONTRADICTION@63:11', // 1 < handoffs < 2: handoffs is a whole number
        'LINT_CONTRADICTION@68:7', // not (notIn []): notIn [] always holds
      ],
    ],
    ['shadowed.yaml', ['LINT_SHADOWED_OUTCOME@19:11', 'LINT_SHADOWED_OUTCOME@24:11', 'LINT_SHADOWED_OUTCOME@35:11', 'LINT_SHADOWED_OUTCOME@43:11']],
    ['unreachable.yaml', ['LINT_UNREACHABLE_OUTCOME@33:11', 'LINT_UNREACHABLE_RULE@43:9', 'LINT_UNREACHABLE_RULE@47:9']],
    ['unique-overlap.yaml', ['LINT_UNIQUE_OVERLAP@17:11']],
    ['stage-gap.yaml', ['LINT_STAGE_GAP@19:1']],
    ['escalation-limit.yaml', ['LINT_ESCALATION_LIMIT@32:23']],
    ['unused.yaml', ['LINT_UNUSED_RESPONSE@30:3', 'LINT_UNUSED_AVOID@33:3']],
    // The 72h calendar-time resolve also comes before the 1d business-time update for some complaints.
    ['commitment-too-long.yaml', ['LINT_COMMITMENT_TOO_LONG@30:40', 'LINT_COMMITMENT_TOO_LONG@31:36', 'LINT_COMMITMENT_ORDER@38:19', 'LINT_COMMITMENT_TOO_LONG@42:36', 'LINT_COMMITMENT_TOO_LONG@43:40']],
  ];

  it.each(table)('%s', (file, expected) => {
    const source = read(`tests/fixtures/lint/${file}`);
    expect(validatePlaybook(source).problems).toEqual([]);
    const { problems } = lintPlaybook(source, { filename: file });
    expect(summary(problems)).toEqual(expected);
    expect(problems.every((p) => p.severity === 'warning' && p.file === file)).toBe(true);
  });

  it('names the clashing conditions and the shadowing outcomes', () => {
    const contradiction = lintPlaybook(read('tests/fixtures/lint/contradiction.yaml')).problems;
    expect(contradiction[3]!.message).toBe('these conditions can never all hold: demand.amount greaterThan 500; demand.amount lessThan 100');
    expect(contradiction[3]!.path).toEqual(['rules', 1, 'when', 'all', 2]);
    const shadowed = lintPlaybook(read('tests/fixtures/lint/shadowed.yaml')).problems;
    expect(shadowed.map((p) => p.message.match(/earlier outcomes? (.*) match/)?.[1])).toEqual(['"dominance"', '"dominance", "influence"', '"excessive"', '"immediate"']);
  });

  it('gives a checked example complaint for overlaps, gaps and limits', () => {
    const [overlap] = lintPlaybook(read('tests/fixtures/lint/unique-overlap.yaml')).problems;
    expect(overlap!.message).toContain('e.g. a complaint with customer.signals ["impatient","hesitant"]');
    const [gap] = lintPlaybook(read('tests/fixtures/lint/stage-gap.yaml')).problems;
    expect(gap!.message).toContain('e.g. a complaint with no demand.amount');
    const [limit] = lintPlaybook(read('tests/fixtures/lint/escalation-limit.yaml')).problems;
    expect(limit!.message).toContain('demand.amount 1001');
  });

  it('names the never-chosen stage outcome an unreachable rule needs', () => {
    const problems = lintPlaybook(read('tests/fixtures/lint/unreachable.yaml')).problems;
    expect(problems[1]!.message).toContain('the resolvability outcome "not-currently-resolvable" is never chosen');
  });
});

describe('lint on valid and invalid playbooks', () => {
  it.each(['retail', 'banking', 'telecom'])('the shipped %s playbook lints clean', (name) => {
    expect(lintPlaybook(read(`playbooks/${name}.yaml`), { filename: `${name}.yaml`, resolve: nodeResolver(shippedPlaybooksDir()) }).problems).toEqual([]);
  });

  it('the minimal fixture lints clean', () => {
    expect(lintPlaybook(read('tests/fixtures/valid/minimal.yaml')).problems).toEqual([]);
  });

  it('returns load errors as errors, and nothing else', () => {
    const { problems } = lintPlaybook(read('tests/fixtures/invalid/unknown-response.yaml'), { filename: 'x.yaml' });
    expect(summary(problems)).toEqual(['UNKNOWN_RESPONSE@49:17']);
    expect(problems[0]!.severity).toBe('error');
  });

  it('validates policy.maxWithin durations', () => {
    const source = read('tests/fixtures/lint/commitment-too-long.yaml').replace('acknowledge: 1h,', 'acknowledge: soon,');
    expect(summary(validatePlaybook(source).problems)).toEqual(['INVALID_DURATION@12:29']);
    expect(summary(lintPlaybook(source).problems)).toEqual(['INVALID_DURATION@12:29']);
  });
});

describe('the reasoning behind lint', () => {
  const lit = (fact: string, operator: string, value: unknown, positive = true): Literal => ({ leaf: { fact, operator, value }, positive, path: [], analyzable: true, key: '' });
  const amount: FactDomain = { kinds: ['undefined', 'number'], minimum: 0 };
  const count: FactDomain = { kinds: ['undefined', 'number'], integer: true, minimum: 0 };
  const text: FactDomain = { kinds: ['undefined', 'string'] };
  const list: FactDomain = { kinds: ['undefined', 'array'] };

  it.each<[string, FactDomain, Literal[], string]>([
    ['an interval', amount, [lit('x', 'greaterThan', 100), lit('x', 'lessThan', 200)], 'sat'],
    ['an empty interval', amount, [lit('x', 'greaterThan', 200), lit('x', 'lessThan', 100)], 'unsat'],
    ['a point excluded', amount, [lit('x', 'greaterThanInclusive', 5), lit('x', 'lessThanInclusive', 5), lit('x', 'notEqual', 5)], 'unsat'],
    ['no whole number strictly between', count, [lit('x', 'greaterThan', 1), lit('x', 'lessThan', 2)], 'unsat'],
    ['a real number strictly between', amount, [lit('x', 'greaterThan', 1), lit('x', 'lessThan', 2)], 'sat'],
    ['below the schema minimum', amount, [lit('x', 'lessThan', 0)], 'unsat'],
    ['not below 0 holds when absent', amount, [lit('x', 'greaterThanInclusive', 0, false)], 'sat'],
    ['two prefixes that clash', text, [lit('x', 'startsWith', 'staff.'), lit('x', 'startsWith', 'product.')], 'unsat'],
    ['nested prefixes', text, [lit('x', 'startsWith', 'staff.'), lit('x', 'startsWith', 'staff.attitude')], 'sat'],
    ['a prefix and an excluded value', text, [lit('x', 'startsWith', 'staff.'), lit('x', 'notIn', ['staff.a', 'staff.b'])], 'sat'],
    ['in, minus everything in it', text, [lit('x', 'in', ['a', 'b']), lit('x', 'notEqual', 'a'), lit('x', 'notEqual', 'b')], 'unsat'],
    ['contains and not containsAny', list, [lit('x', 'contains', 'a'), lit('x', 'containsAny', ['a', 'b'], false)], 'unsat'],
    ['doesNotContain fails when absent', list, [lit('x', 'doesNotContain', 'a'), lit('x', 'contains', 'b')], 'sat'],
    ['two containsAny', list, [lit('x', 'containsAny', ['a']), lit('x', 'containsAny', ['b']), lit('x', 'contains', 'c', false)], 'sat'],
    ['numbers compared with a text of unknown form', { kinds: ['string'] }, [lit('x', 'greaterThan', 1), lit('x', 'lessThan', 0)], 'unknown'],
  ])('%s', (_name, domain, lits, status) => {
    expect(solveFact(domain, lits).status).toBe(status);
  });

  it('never calls an opaque leaf (another fact, a JSONPath) contradictory unless it meets its own negation', () => {
    const spec = loadPlaybook(read('tests/fixtures/valid/minimal.yaml')).spec;
    const a = new Analyzer(spec);
    const ref: Condition = { fact: 'demand.amount', operator: 'greaterThan', value: { fact: 'loss.amount' } };
    expect(a.unsat(and(toFormula(ref, []), toFormula({ fact: 'loss.amount', operator: 'greaterThan', value: { fact: 'demand.amount' } }, [])), false)).toBe(false);
    expect(a.unsat(and(toFormula(ref, []), toFormula(ref, [], false)), false)).toBe(true);
  });

  it('answers neither way when the step budget runs out', () => {
    const spec = loadPlaybook(read('playbooks/retail.yaml'), { resolve: nodeResolver(shippedPlaybooksDir()) }).spec;
    const tiny = new Analyzer(spec, 2);
    const f = toFormula({ all: [{ fact: 'handoffs', operator: 'greaterThan', value: 1 }, { fact: 'handoffs', operator: 'lessThan', value: 2 }] }, []);
    expect(new Analyzer(spec).unsat(f, false)).toBe(true);
    expect(tiny.unsat(f, false)).toBe(false);
  });
});

describe('lint never claims "never" wrongly (random playbooks, random complaints)', () => {
  // A small world of facts and constants, so random complaints often hit the boundaries.
  const amounts = [0, 100, 200, 500, 1000];
  const leaf: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({ fact: fc.constant('demand.amount'), operator: fc.constantFrom('greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'equal', 'notEqual'), value: fc.constantFrom(...amounts) }),
    fc.record({ fact: fc.constant('customer.persistence'), operator: fc.constantFrom('greaterThan', 'lessThan', 'equal', 'in', 'notIn'), value: fc.constantFrom(0, 1, 2) }).map((l) => (l.operator === 'in' || l.operator === 'notIn' ? { ...l, value: [l.value, 3] } : l)),
    fc.record({ fact: fc.constant('category'), operator: fc.constantFrom('equal', 'notEqual', 'startsWith'), value: fc.constantFrom('staff.', 'product.', 'staff.attitude', 'product.quality') }),
    fc.record({ fact: fc.constant('customer.signals'), operator: fc.constantFrom('contains', 'doesNotContain'), value: fc.constantFrom('impatient', 'hesitant') }),
    fc.record({ fact: fc.constant('customer.signals'), operator: fc.constant('containsAny'), value: fc.subarray(['impatient', 'hesitant', 'talkative'], { minLength: 1 }) }),
    fc.record({ fact: fc.constant('customer.emotion'), operator: fc.constantFrom('in', 'notIn'), value: fc.subarray(['calm', 'upset', 'angry', 'furious'], { minLength: 1 }) }),
    fc.constant<Condition>({ fact: 'demand.amount', operator: 'greaterThan', value: { fact: 'loss.amount' } }),
  );
  const stageLeaf = (fact: string, ids: string[]): fc.Arbitrary<Condition> =>
    fc.record({ fact: fc.constant(fact), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom(...ids) });
  const tree = (leaves: fc.Arbitrary<Condition>): fc.Arbitrary<Condition> =>
    fc.letrec<{ c: Condition }>((t) => ({
      c: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaves,
        fc.array(t('c'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
        fc.array(t('c'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
        t('c').map((not) => ({ not })),
      ),
    })).c;
  const types = ['dominance', 'steadiness', 'unknown'];
  const playbookArb = fc.record({
    types: fc.array(tree(leaf), { minLength: 2, maxLength: 2 }),
    demand: fc.array(tree(fc.oneof(leaf, stageLeaf('customerType', types))), { minLength: 2, maxLength: 2 }),
    tiers: fc.array(tree(fc.oneof(leaf, stageLeaf('reasonableness', ['reasonable', 'unreasonable', 'excessive']))), { minLength: 2, maxLength: 2 }),
    rules: fc.array(tree(fc.oneof(leaf, stageLeaf('customerType', types), stageLeaf('resolvability', ['immediate', 'short-term', 'not-currently-resolvable']))), { minLength: 3, maxLength: 3 }),
  });
  const complaintArb = fc.record(
    {
      category: fc.constantFrom('staff.attitude', 'staff.skill', 'product.quality', 'product.x', 'service.waiting'),
      customer: fc.record({ signals: fc.subarray(['impatient', 'hesitant', 'talkative']), emotion: fc.constantFrom('calm', 'upset', 'angry', 'furious'), persistence: fc.nat(4) }, { requiredKeys: [] }),
      demand: fc.record({ amount: fc.constantFrom(0, 50, 99, 100, 101, 150, 200, 201, 499, 500, 501, 999, 1000, 1001, 2000) }, { requiredKeys: [] }),
      loss: fc.record({ amount: fc.constantFrom(0, 100, 600) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );

  function build(p: { types: Condition[]; demand: Condition[]; tiers: Condition[]; rules: Condition[] }): string {
    const spec = {
      formatVersion: 1,
      playbook: 'random',
      version: '1.0.0',
      locales: ['en'],
      calendar: { timezone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'] } },
      authority: [{ id: 'agent', label: 'Agent' }],
      customerType: { default: 'unknown', outcomes: [{ id: 'dominance', when: p.types[0] }, { id: 'steadiness', when: p.types[1] }, { id: 'unknown' }] },
      demand: { default: 'reasonable', outcomes: [{ id: 'excessive', when: p.demand[0] }, { id: 'unreasonable', when: p.demand[1] }, { id: 'reasonable' }] },
      resolvability: { default: 'short-term', outcomes: [{ id: 'immediate', when: p.tiers[0] }, { id: 'not-currently-resolvable', when: p.tiers[1] }, { id: 'short-term' }] },
      rules: p.rules.map((when, i) => ({ id: `r${i}`, when, then: { respond: ['sorry'] } })),
      responses: { sorry: { stage: 'apologize', text: 'Sorry.' } },
    };
    return JSON.stringify(spec); // JSON is YAML
  }

  const nodeAt = (spec: unknown, path: ReadonlyArray<string | number>): unknown => path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], spec);

  it('outcomes called shadowed or unreachable are never chosen; rules called unreachable never fire; contradictions never hold', async () => {
    await fc.assert(
      fc.asyncProperty(playbookArb, fc.array(complaintArb, { minLength: 40, maxLength: 40 }), async (p, complaints) => {
        const source = build(p);
        const { problems } = lintPlaybook(source);
        expect(problems.filter((x) => x.severity === 'error')).toEqual([]);
        const claims = problems.filter((x) => ['LINT_SHADOWED_OUTCOME', 'LINT_UNREACHABLE_OUTCOME', 'LINT_UNREACHABLE_RULE', 'LINT_CONTRADICTION'].includes(x.code));
        if (claims.length === 0) return;
        const playbook = loadPlaybook(source);
        for (const [i, c] of complaints.entries()) {
          const complaint = { id: `C-${i}`, ...c };
          const rec = await playbook.evaluate(complaint, { now: '2026-11-20T10:00:00+08:00' });
          const facts: Record<string, unknown> = { ...flattenFacts(complaint), customerType: rec.customerType.id, reasonableness: rec.demand.reasonableness, resolvability: rec.resolvability.tier };
          for (const claim of claims) {
            const path = claim.path;
            if (claim.code === 'LINT_UNREACHABLE_RULE') {
              expect(rec.trace.rules[path[1] as number]!.matched, `${claim.message} — ${JSON.stringify(complaint)}`).toBe(false);
            } else if (claim.code !== 'LINT_CONTRADICTION') {
              const stage = rec.trace.stages.find((s) => s.stage === path[0])!;
              expect(stage.result, `${claim.message} — ${JSON.stringify(complaint)}`).not.toBe(nodeAt(playbook.spec, path));
            } else {
              // The claim names a leaf or not (never holds), or the last clashing child of an all.
              const dead = path.at(-2) === 'all' ? path.slice(0, -2) : path;
              expect(compileCondition(nodeAt(playbook.spec, dead) as Condition).test(facts), `${claim.message} — ${JSON.stringify(complaint)}`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 60, seed: 20261120 },
    );
  });
});

describe('complaint-playbook lint', () => {
  it('passes the shipped playbooks, even with --strict', async () => {
    const r = await run(['lint', 'playbooks/retail.yaml', 'playbooks/banking.yaml', 'playbooks/telecom.yaml', '--strict']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toBe('playbooks/retail.yaml: ok, no warnings\nplaybooks/banking.yaml: ok, no warnings\nplaybooks/telecom.yaml: ok, no warnings\n');
    expect(r.stderr).toBe('');
  });

  it('prints warnings with a caret; exit 0, or 1 with --strict', async () => {
    const file = 'tests/fixtures/lint/escalation-limit.yaml';
    const r = await run(['lint', file]);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stderr).toMatch(/^tests\/fixtures\/lint\/escalation-limit\.yaml:32:23: warning LINT_ESCALATION_LIMIT: /);
    expect(r.stderr).toContain(' 32 |       escalate: { to: supervisor, reason: A large demand }\n    |                       ^\n');
    expect(r.stderr).toContain(`${file}: 1 warning(s)\n`);
    expect((await run(['lint', file, '--strict'])).code).toBe(exitCodes.invalid);
  });

  it('exits 1 on a playbook that does not load, with or without --strict', async () => {
    const r = await run(['lint', 'tests/fixtures/invalid/unknown-level.yaml']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/unknown-level\.yaml:59:23: error UNKNOWN_LEVEL/);
  });

  it('--format json lists files with counts and problems', async () => {
    const r = await run(['lint', 'tests/fixtures/lint/unused.yaml', 'nope.yaml', '--format', 'json']);
    expect(r.code).toBe(exitCodes.invalid);
    const report = JSON.parse(r.stdout) as Array<{ file: string; errors: number; warnings: number; problems: PlaybookProblem[] }>;
    expect(report.map((f) => [f.file, f.errors, f.warnings])).toEqual([['tests/fixtures/lint/unused.yaml', 0, 2], ['nope.yaml', 1, 0]]);
    expect(summary(report[0]!.problems)).toEqual(['LINT_UNUSED_RESPONSE@30:3', 'LINT_UNUSED_AVOID@33:3']);
  });

  it("the README's example is real output", async () => {
    const r = await run(['lint', 'tests/fixtures/lint/shadowed.yaml', 'tests/fixtures/lint/unique-overlap.yaml', 'playbooks/retail.yaml']);
    const readme = read('README.md');
    const shown = `${r.stderr}${r.stdout}`.split('\n').filter((l) => /warning|\||ok, no warnings/.test(l));
    for (const line of shown.slice(0, 6)) expect(readme).toContain(`${line}\n`);
    for (const line of shown.slice(-5)) expect(readme).toContain(`${line}\n`);
  });

  it.each([[['lint']], [['lint', 'a.yaml', '--format', 'xml']], [['lint', 'a.yaml', '--bogus']]])('usage error %j exits 2', async (argv) => {
    expect((await run(argv)).code).toBe(exitCodes.usage);
  });
});
