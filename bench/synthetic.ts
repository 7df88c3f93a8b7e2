/**
 * Synthetic playbooks for the benchmark: N rules of 4 conditions each, expressed three ways with
 * the same meaning: a complaint-playbook YAML playbook, json-rules-engine rules, and a
 * zen-engine decision table (hit policy `collect`).
 */

import { prng } from './prng.mjs';

const emotions = ['calm', 'upset', 'angry', 'furious'] as const;
const categories = Array.from({ length: 20 }, (_, i) => `cat.c${i}`);

interface RuleShape {
  id: string;
  minAmount: number;
  emotions: [string, string];
  category: string;
  maxHandoffs: number;
}

function shapes(n: number): RuleShape[] {
  const rnd = prng(n);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    minAmount: Math.floor(rnd() * 1000),
    emotions: [emotions[i % 4]!, emotions[(i + 1) % 4]!],
    category: categories[Math.floor(rnd() * categories.length)]!,
    maxHandoffs: 1 + Math.floor(rnd() * 4),
  }));
}

/** The playbook YAML. */
export function playbookYaml(n: number): string {
  const rules = shapes(n)
    .map(
      (r) => `  - id: ${r.id}
    when:
      all:
        - { fact: demand.amount, operator: greaterThan, value: ${r.minAmount} }
        - { fact: customer.emotion, operator: in, value: [${r.emotions.join(', ')}] }
        - { fact: category, operator: equal, value: ${r.category} }
        - { fact: handoffs, operator: lessThan, value: ${r.maxHandoffs} }
    then: { flag: [${r.id}] }`,
    )
    .join('\n');
  return `formatVersion: 1
playbook: synthetic-${n}
version: 1.0.0
locales: [en]
calendar:
  timezone: Europe/Rome
  hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] }
authority:
  - { id: agent, label: Agent }
customerType: { outcomes: [{ id: unknown }], default: unknown }
demand: { outcomes: [{ id: reasonable }], default: reasonable }
resolvability: { outcomes: [{ id: short-term }], default: short-term }
responses: {}
rules:
${rules}
`;
}

/** The same rules for json-rules-engine (facts by dotted name, as the playbook reads them). */
export function jsonRulesEngineRules(n: number): Array<{ name: string; conditions: object; event: { type: string } }> {
  return shapes(n).map((r) => ({
    name: r.id,
    conditions: {
      all: [
        { fact: 'demand.amount', operator: 'greaterThan', value: r.minAmount },
        { fact: 'customer.emotion', operator: 'in', value: r.emotions },
        { fact: 'category', operator: 'equal', value: r.category },
        { fact: 'handoffs', operator: 'lessThan', value: r.maxHandoffs },
      ],
    },
    event: { type: r.id },
  }));
}

/** The same rules as a zen-engine decision table (JDM), hit policy collect. */
export function zenDecision(n: number): object {
  const rules = shapes(n).map((r) => ({
    _id: r.id,
    amount: `> ${r.minAmount}`,
    emotion: r.emotions.map((e) => JSON.stringify(e)).join(','),
    category: JSON.stringify(r.category),
    handoffs: `< ${r.maxHandoffs}`,
    rule: JSON.stringify(r.id),
  }));
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
      {
        id: 'table',
        type: 'decisionTableNode',
        name: 'rules',
        position: { x: 1, y: 0 },
        content: {
          hitPolicy: 'collect',
          inputs: [
            { id: 'amount', name: 'Amount', field: 'demand.amount' },
            { id: 'emotion', name: 'Emotion', field: 'customer.emotion' },
            { id: 'category', name: 'Category', field: 'category' },
            { id: 'handoffs', name: 'Handoffs', field: 'handoffs' },
          ],
          outputs: [{ id: 'rule', name: 'Rule', field: 'rule' }],
          rules,
        },
      },
      { id: 'out', type: 'outputNode', name: 'Response', position: { x: 2, y: 0 } },
    ],
    edges: [
      { id: 'e1', sourceId: 'in', targetId: 'table', type: 'edge' },
      { id: 'e2', sourceId: 'table', targetId: 'out', type: 'edge' },
    ],
  };
}

/** Random complaints over the same facts. */
export function complaints(count: number, seed = 1): Array<Record<string, unknown>> {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `S-${i}`,
    receivedAt: '2026-11-20T10:00:00+01:00',
    category: categories[Math.floor(rnd() * categories.length)],
    customer: { emotion: emotions[Math.floor(rnd() * 4)] },
    demand: { type: 'compensation', amount: Math.floor(rnd() * 1200) },
    handoffs: Math.floor(rnd() * 4),
  }));
}
