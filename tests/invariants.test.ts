import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { complaintSchema, mergeDefaults, parsePlaybookTests, type Condition, type Playbook, type Recommendation } from 'complaint-playbook';
import { violations } from './helpers/invariants.js';
import { loadPlaybookFile, shippedPlaybookNames } from 'complaint-playbook/node';

// What every recommendation of every shipped playbook must hold to, checked on the shipped test
// cases and examples and on 10,000 generated complaints per playbook:
// - deadlines hold together: acknowledge first, every update before resolve, follow-up after it,
//   and the engine never had to adjust them (no COMMITMENT_* warning: consistent by design);
// - an angry, furious or endangered customer hears a soothing or safety line before any question;
// - a problem not resolvable at present gets no follow-up "once solved" without a resolve time;
// - no zh-CN line turns with 不过 or 可是.
const root = fileURLToPath(new URL('../', import.meta.url));
const names = shippedPlaybookNames();

/** Values each fact is compared with anywhere in the playbook, to generate complaints near them. */
function valuesByFact(playbook: Playbook): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (c: Condition | undefined) => {
    if (!c) return;
    if ('all' in c) return c.all.forEach(walk);
    if ('any' in c) return c.any.forEach(walk);
    if ('not' in c) return walk(c.not);
    const values = out.get(c.fact) ?? [];
    for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (v === null || typeof v !== 'object') values.push(v);
    out.set(c.fact, values);
  };
  const spec = playbook.spec;
  for (const stage of ['customerType', 'demand', 'resolvability'] as const) spec[stage].outcomes.forEach((o) => walk(o.when));
  spec.rules.forEach((r) => walk(r.when));
  return out;
}

/** mulberry32: a small seeded generator, so a failure replays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Node {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Node>;
}

function schemaNode(path: string): Node | undefined {
  let node: Node | undefined = complaintSchema as Node;
  for (const part of path.split('.')) node = node?.properties?.[part];
  return node;
}

function generator(playbook: Playbook, seed: number): () => Record<string, unknown> {
  const random = prng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const facts = valuesByFact(playbook);
  const stageFacts = new Set(['customerType', 'reasonableness', 'resolvability']);
  for (const f of ['customer.emotion', 'channel', 'demand.type', 'impact', 'previousHandler.level', 'previousHandler.offended', 'previousHandler.recorded', 'handoffs', 'demand.amount', 'loss.amount', 'customer.signals', 'risk']) if (!facts.has(f)) facts.set(f, []);
  const levels = playbook.spec.authority.map((l) => l.id);
  return () => {
    const complaint: Record<string, unknown> = { id: 'GEN' };
    for (const [fact, seen] of facts) {
      if (stageFacts.has(fact) || fact.startsWith('due.') || random() < 0.35) continue;
      const node = schemaNode(fact);
      const declared = playbook.spec.facts?.[fact]?.type;
      let value: unknown;
      if (fact === 'customer.signals' || fact === 'risk') {
        const words = [...new Set(seen.filter((v): v is string => typeof v === 'string').concat(fact === 'risk' ? ['safety', 'regulator', 'media'] : ['abusive', 'demands-manager', 'impatient']))];
        value = words.filter(() => random() < 0.2);
      } else if (fact === 'previousHandler.level') {
        value = pick(levels);
      } else if (node?.enum) {
        value = pick(node.enum);
      } else if (node?.type === 'integer' || node?.type === 'number' || declared === 'number' || seen.some((v) => typeof v === 'number')) {
        const numbers = seen.filter((v): v is number => typeof v === 'number');
        const near = numbers.length ? pick(numbers) + pick([-1, 0, 1, 0.5]) : random() * 100;
        value = Math.max(0, node?.type === 'integer' ? Math.round(near) : near);
      } else if (node?.type === 'boolean' || declared === 'boolean' || seen.some((v) => typeof v === 'boolean')) {
        value = random() < 0.5;
      } else {
        const strings = seen.filter((v): v is string => typeof v === 'string');
        if (strings.length === 0) continue;
        value = pick(strings);
      }
      const parts = fact.split('.');
      let at = complaint;
      for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
      at[parts.at(-1)!] = value;
    }
    // Any minute of 2026 and 2027, in the calendar's own zone offset or another.
    const ms = Date.UTC(2026, 0, 1) + Math.floor(random() * 2 * 365 * 24 * 60) * 60_000;
    complaint.receivedAt = new Date(ms).toISOString().replace('.000Z', 'Z');
    complaint.locale = pick(playbook.locales);
    return complaint;
  };
}

describe.each(names)('%s: recommendations hold together', (name) => {
  const playbookPromise = loadPlaybookFile(`${root}playbooks/${name}.yaml`);

  it('in every case of its test file and every shipped example', async () => {
    const playbook = await playbookPromise;
    const suite = parsePlaybookTests(readFileSync(`${root}playbooks/${name}.test.yaml`, 'utf8'));
    const found: Array<[string, string[]]> = [];
    for (const c of suite.cases) {
      const complaint = mergeDefaults(suite.defaults, c.complaint) as Record<string, unknown>;
      for (const locale of playbook.locales) {
        const rec = playbook.evaluateSync(complaint, { ...(c.now ? { now: c.now } : {}), locale });
        const v = violations(rec, complaint);
        if (v.length) found.push([`${c.name} (${locale})`, v]);
      }
    }
    for (const file of readdirSync(`${root}examples`).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.json'))) {
      const complaint = JSON.parse(readFileSync(`${root}examples/${file}`, 'utf8')) as Record<string, unknown>;
      for (const locale of playbook.locales) {
        const v = violations(playbook.evaluateSync(complaint, { locale }), complaint);
        if (v.length) found.push([`${file} (${locale})`, v]);
      }
    }
    expect(found).toEqual([]);
  });

  it('for 10,000 generated complaints', async () => {
    const playbook = await playbookPromise;
    const next = generator(playbook, 20261128 + name.length);
    const found: Array<[unknown, string[]]> = [];
    let evaluated = 0;
    for (let i = 0; i < 10_000; i++) {
      const complaint = next();
      let rec: Recommendation;
      try {
        rec = playbook.evaluateSync(complaint, { trace: false });
      } catch (error) {
        // A generated complaint the schema refuses (e.g. a number where a text is read) is not evaluated.
        if ((error as { code?: string }).code === 'COMPLAINT_INVALID') continue;
        throw error;
      }
      evaluated++;
      const v = violations(rec, complaint);
      if (v.length && found.length < 5) found.push([complaint, v]);
    }
    expect(found).toEqual([]);
    // Most generated complaints are valid: the generator exercises the playbook, not the schema.
    expect(evaluated).toBeGreaterThan(9_000);
  });
});
