// examples/host-facts: a fake CRM look-up as a host-provided fact, run (type-checked by
// tests/examples-typescript.test.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validatePlaybook } from 'complaint-playbook';
import { deskDemo, loadDesk, recommend, sampleCrm, type DeskComplaint } from '../examples/host-facts/desk.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const ticket = (crmId: string, emotion: 'calm' | 'angry' = 'angry'): DeskComplaint => ({
  id: `T-${crmId}`,
  receivedAt: '2026-11-19T11:00:00+01:00', // a Thursday in Rome
  customer: { name: 'Signor Bianchi', emotion, crmId },
});

describe('examples/host-facts', { timeout: 60_000 }, () => {
  it('the playbook declares the fact it reads, and refuses an undeclared one', async () => {
    const yaml = readFileSync(`${root}examples/host-facts/vip-desk.yaml`, 'utf8');
    const undeclared = yaml.replace('  crm.lifetimeValue:\n', '  crm.lifetimeValu:\n');
    expect(validatePlaybook(undeclared).problems.map((p) => [p.code, p.suggestion])).toContainEqual(['UNKNOWN_FACT', 'crm.lifetimeValu']);
  });

  it('a valuable unhappy customer gets the account manager within the hour; others the agent', async () => {
    const playbook = await loadDesk();
    const crm = sampleCrm();
    const vip = await recommend(playbook, crm, ticket('C-100'));
    expect(vip.escalation).toMatchObject({ level: 'account-manager', source: 'valuable-customer' });
    expect(vip.flags).toEqual(['vip']);
    expect(vip.commitments.map((c) => c.due)).toEqual(['2026-11-19T12:00:00+01:00']);
    expect(vip.trace.facts['crm.lifetimeValue']).toBe(48_000);

    const ordinary = await recommend(playbook, crm, ticket('C-200'));
    expect(ordinary.escalation.level).toBe('agent');
    // 4 business hours from 11:00: two before lunch, two after.
    expect(ordinary.commitments.map((c) => c.due)).toEqual(['2026-11-19T16:00:00+01:00']);
    expect(crm.lookups).toEqual(['C-100', 'C-200']);

    expect((await recommend(playbook, crm, ticket('C-100', 'calm'))).escalation.level).toBe('agent');
  });

  it('the demo (npx tsx examples/host-facts/desk.ts) shows the two customers handled differently', async () => {
    const rows = await deskDemo();
    expect(rows.map((r) => [r.crmId, r.lifetimeValue, r.level, r.acknowledgeBy, r.flags])).toEqual([
      ['C-100', 48_000, 'account-manager', '2026-11-19T12:00:00+01:00', ['vip']],
      ['C-200', 350, 'agent', '2026-11-19T16:00:00+01:00', []],
    ]);
    expect(rows[0]!.level).not.toBe(rows[1]!.level);
    expect(rows[0]!.acknowledgeBy).not.toBe(rows[1]!.acknowledgeBy);
  });

  it('a CRM that is down or hangs falls back to an ordinary customer instead of failing the ticket', async () => {
    const playbook = await loadDesk();
    const down = sampleCrm();
    down.goDown();
    expect((await recommend(playbook, down, ticket('C-100'))).escalation.level).toBe('agent');
    const stuck = sampleCrm();
    stuck.hang();
    const rec = await recommend(playbook, stuck, ticket('C-100'), 20);
    expect(rec.escalation.level).toBe('agent');
    expect(rec.trace.facts['crm.lifetimeValue']).toBe(0);
  });
});
