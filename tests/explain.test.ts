import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainRecommendation, formatExplanation, loadPlaybook, type Explanation, type Recommendation } from 'complaint-playbook';
import { nodeResolver, shippedPlaybooksDir } from 'complaint-playbook/node';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// The shipped playbooks extend the shipped base: the Node resolver finds it.
const shipped = (name: string) => loadPlaybook(readFileSync(`${root}playbooks/${name}.yaml`, 'utf8'), { filename: `${name}.yaml`, resolve: nodeResolver(shippedPlaybooksDir()) });
const yogurt = JSON.parse(readFileSync(`${root}examples/retail-fly-in-yogurt.json`, 'utf8')) as Record<string, unknown>;

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => stdin, cwd: root };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const texts = (e: Explanation, kind: 'rules' | number, id: string) =>
  (kind === 'rules' ? e.rules : e.stages[kind]!.outcomes).find((x) => x.id === id)!.reasons.map((r) => r.text);

describe('explainRecommendation', () => {
  it('gives each stage its outcome and the conditions that decided it (the fly in the yogurt)', async () => {
    const e = explainRecommendation(await shipped('retail').evaluate(yogurt));
    expect(e.stages.map((s) => [s.stage, s.result, s.byDefault])).toEqual([
      ['customerType', 'influence', false],
      ['demand', 'reasonable', true],
      ['resolvability', 'short-term', true],
    ]);
    const influence = e.stages[0]!.outcomes.find((o) => o.id === 'influence')!;
    expect(influence.matched).toBe(true);
    expect(influence.reasons).toEqual([
      {
        fact: 'customer.signals',
        operator: 'containsAny',
        value: ['talkative', 'emotional', 'storytelling'],
        factValue: ['talkative', 'emotional'],
        result: true,
        needed: true,
        text: 'customer.signals ["talkative","emotional"] contains one of ["talkative","emotional","storytelling"]',
      },
    ]);
    expect(texts(e, 0, 'dominance')).toEqual(['customer.signals ["talkative","emotional"] contains none of ["impatient","demands-manager"]']);
    expect(e.stages[0]!.outcomes.find((o) => o.id === 'unknown')).toMatchObject({ unconditional: true, matched: false, reasons: [] });
  });

  it('for a rule that did not fire: the first failed condition with the fact value', async () => {
    const e = explainRecommendation(await shipped('retail').evaluate(yogurt));
    expect(texts(e, 'rules', 'handoff-twice')).toEqual(['handoffs 1 is less than 2']);
    expect(texts(e, 'rules', 'food-sealed-batch-hold')).toEqual(['product.sealed false is not true']);
    expect(texts(e, 'rules', 'media-risk')).toEqual(['risk ["safety","regulator"] does not contain "media"']);
    // a rule that fired: every condition of its all that held
    expect(texts(e, 'rules', 'food-open-package-evidence')).toEqual([
      'product.food true is true',
      'risk ["safety","regulator"] contains "safety"',
      'product.sealed false is false',
    ]);
    expect(e.rules.find((r) => r.id === 'apologize-first')).toMatchObject({ matched: true, unconditional: true });
  });

  it('an any that failed gives the first failure of each alternative; an absent fact reads (absent)', async () => {
    const rec = await shipped('banking').evaluate({ id: 'B-1', category: 'service.fee', demand: { type: 'compensation', amount: 800 } }, { now: '2026-11-20T10:00:00+01:00' });
    const e = explainRecommendation(rec);
    expect(e.stages[1]!.result).toBe('reasonable');
    expect(texts(e, 1, 'excessive')).toEqual([
      'customer.signals (absent) does not contain "abusive"',
      'demand.staffDismissal (absent) is not true',
      'loss.amount (absent) is more than 50',
      'demand.amount 800 is not more than 1000',
    ]);
    // a comparison with another fact shows both values (800 > undefined is false in JavaScript)
    expect(texts(e, 1, 'unreasonable')).toEqual(['demand.amount 800 is not more than loss.amount (absent)', 'category "service.fee" is not "service.waiting"']);
    expect(e.stages[1]!.outcomes[1]!.reasons[0]).toMatchObject({ value: { fact: 'loss.amount' }, factValue: 800, comparedValue: undefined, result: false });
  });

  it('marks a condition under not that held, so the outcome failed', async () => {
    const rec = await shipped('retail').evaluate({ id: 'R-1', demand: { type: 'refund', amount: 600 }, loss: { amount: 10 }, risk: ['safety'] }, { now: '2026-11-20T10:00:00+08:00' });
    const excessive = explainRecommendation(rec).stages[1]!.outcomes[0]!;
    expect(excessive.matched).toBe(false);
    expect(excessive.reasons.map((r) => [r.text, r.needed, r.result])).toEqual([
      ['customer.signals (absent) does not contain "abusive"', true, false],
      ['risk ["safety"] contains one of ["safety"], but must not be', false, true],
    ]);
  });

  it('copes with leaves the engine did not evaluate (result absent)', () => {
    const rec = {
      complaintId: 'X',
      playbook: { id: 'p', version: '1.0.0' },
      escalation: { level: 'agent', label: 'Agent', reason: null, source: null },
      commitments: [],
      trace: {
        stages: [],
        rules: [
          {
            id: 'r',
            matched: false,
            conditions: { all: [{ fact: 'a', operator: 'equal', value: 1 }, { fact: 'b', operator: 'equal', value: 2, factValue: 3, result: false }] },
          },
          { id: 's', matched: false, conditions: { any: [{ fact: 'a', operator: 'equal', value: 1 }] } },
        ],
        escalations: [],
        facts: {},
        warnings: [],
      },
    } as unknown as Recommendation;
    const e = explainRecommendation(rec);
    expect(e.rules[0]!.reasons.map((r) => r.text)).toEqual(['b 3 is not 2']);
    expect(e.rules[1]!.reasons.map((r) => [r.text, r.result])).toEqual([['a (absent) equal 1 (not evaluated)', undefined]]);
  });

  it('formats one line per outcome and rule', async () => {
    const text = formatExplanation(explainRecommendation(await shipped('retail').evaluate(yogurt)));
    expect(text).toContain('customerType → influence  — first match (hit policy first)\n');
    expect(text).toContain('demand → reasonable  — the default: no outcome matched\n');
    expect(text).toMatch(/\n {2}✗ handoff-twice +handoffs 1 is less than 2\n/);
    expect(text).toMatch(/\nRules: 20 of 55 fired\n/);
    expect(text).toContain(
      'Escalation: manager (from safety-risk); considered: safety-risk → manager, regulator-risk → manager, handoff-takeover → supervisor, previous-handler-offended → supervisor, offended-by-supervisor → manager\n',
    );
  });
});

describe('complaint-playbook explain', () => {
  it('prints the explanation as text by default', async () => {
    const r = await run(['explain', 'examples/retail-fly-in-yogurt.json', '--playbook', 'retail']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Complaint R-2026-1205-002 · playbook retail 2\.0\.0\n/);
    expect(r.stdout).toMatch(/\n {2}✓ influence +customer\.signals \["talkative","emotional"\] contains one of/);
  });

  it('--format json gives the typed explanation', async () => {
    const r = await run(['explain', '-', '--playbook', 'banking', '--format', 'json', '--now', '2026-11-20T10:00:00+01:00'], JSON.stringify({ id: 'B-2', demand: { type: 'compensation', amount: 800 } }));
    expect(r.code).toBe(exitCodes.ok);
    const e = JSON.parse(r.stdout) as Explanation;
    expect(e.stages.map((s) => s.result)).toEqual(['unknown', 'reasonable', 'short-term']);
    expect(e.stages[1]!.outcomes[0]!.reasons.at(-1)!.text).toBe('demand.amount 800 is not more than 1000');
  });

  it("the README's example is real output", async () => {
    const complaint = '{"id":"B-7","category":"service.fee","demand":{"type":"compensation","amount":800}}';
    const r = await run(['explain', '-', '--playbook', 'banking', '--now', '2026-11-20T10:00:00+01:00'], complaint);
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(`$ echo '${complaint}'`);
    const block = r.stdout.split('\n').filter((l) => /^(demand|resolvability) →|^ {2}[✓✗] (excessive|unreasonable|immediate|not-currently-resolvable) |^Escalation|^ {2}(acknowledge|resolve|update|follow-up) /.test(l));
    expect(block).toHaveLength(11);
    for (const line of block) expect(readme).toContain(`${line}\n`);
  });

  it('reports an invalid complaint like evaluate does; usage errors exit 2', async () => {
    const r = await run(['explain', '-', '--playbook', 'retail'], '{\n  "id": "C-2",\n  "channel": "fax"\n}\n');
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/^<stdin>:3:14: error COMPLAINT_ENUM: /);
    expect((await run(['explain', 'x.json'])).stderr).toMatch(/explain needs --playbook/);
    expect((await run(['explain', 'x.json'])).code).toBe(exitCodes.usage);
  });
});

describe('explain in plain words, in both languages', () => {
  it('each operator reads as a phrase; with lang zh-CN, in Chinese', async () => {
    const { explainRecommendation: explain, loadPlaybook: load } = await import('complaint-playbook');
    const { readFileSync: read } = await import('node:fs');
    const playbook = load(read(new URL('./fixtures/valid/minimal.yaml', import.meta.url), 'utf8'));
    const rec = await playbook.evaluate({ id: 'X', receivedAt: '2026-11-20T10:00:00+08:00', category: 'product.quality', customer: { signals: ['hesitant'] } });
    const en = explain(rec);
    const zh = explain(rec, { lang: 'zh-CN' });
    const dominance = (e: typeof en) => e.stages[0]!.outcomes.find((o) => o.id === 'dominance')!.reasons[0]!.text;
    const immediate = (e: typeof en) => e.stages[2]!.outcomes.find((o) => o.id === 'immediate')!.reasons[0]!.text;
    expect(dominance(en)).toBe('customer.signals ["hesitant"] contains none of ["impatient","demands-manager"]');
    expect(immediate(en)).toBe('category "product.quality" does not start with "staff."');
    expect(dominance(zh)).toBe('customer.signals ["hesitant"] 一个也不包含 ["impatient","demands-manager"]');
    expect(immediate(zh)).toBe('category "product.quality" 开头不是 "staff."');
  });
});
