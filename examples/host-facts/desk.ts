/**
 * Host-provided facts: the playbook declares `crm.lifetimeValue` under `facts:` and a rule reads
 * it; the host answers it from its CRM at evaluation time, once per evaluation however many
 * conditions read it. A CRM that fails or hangs falls back to 0 (an ordinary customer), after
 * the timeout for a hang, instead of holding up the agent.
 *
 *   npx tsx examples/host-facts/desk.ts
 */
import { readFile } from 'node:fs/promises';
import { loadPlaybook, type Complaint, type Playbook, type Recommendation } from 'complaint-playbook';
import { FakeCrm } from './crm.js';

/** The ticket carries the CRM's customer id; the playbook never sees the CRM itself. */
export interface DeskComplaint extends Complaint {
  customer: NonNullable<Complaint['customer']> & { crmId: string };
}

export async function loadDesk(): Promise<Playbook> {
  const file = new URL('./vip-desk.yaml', import.meta.url);
  return loadPlaybook(await readFile(file, 'utf8'), { filename: 'vip-desk.yaml' });
}

export function recommend(playbook: Playbook, crm: FakeCrm, complaint: DeskComplaint, crmTimeoutMs = 2_000): Promise<Recommendation> {
  return playbook.evaluate(complaint, {
    facts: {
      'crm.lifetimeValue': {
        resolve: (c) => crm.lifetimeValue((c as DeskComplaint).customer.crmId),
        // Without the CRM, treat the customer as an ordinary one rather than fail the ticket.
        fallback: 0,
        timeoutMs: crmTimeoutMs,
      },
    },
  });
}

export const sampleCrm = () =>
  new FakeCrm(new Map([
    ['C-100', { lifetimeValue: 48_000 }],
    ['C-200', { lifetimeValue: 350 }],
  ]));

/** One line of the demo: what the desk recommends for one customer of the sample CRM. */
export interface DeskDemoRow {
  crmId: string;
  lifetimeValue: number;
  level: string;
  label: string;
  acknowledgeBy: string | undefined;
  flags: readonly string[];
}

/**
 * The same unhappy ticket from the two customers of the sample CRM: the one worth 48,000 euros
 * gets the account manager within the hour, the one worth 350 the agent within four business hours.
 */
export async function deskDemo(): Promise<DeskDemoRow[]> {
  const playbook = await loadDesk();
  const crm = sampleCrm();
  const rows: DeskDemoRow[] = [];
  for (const crmId of ['C-100', 'C-200']) {
    const rec = await recommend(playbook, crm, { id: `T-${crmId}`, receivedAt: '2026-11-19T11:00:00+01:00', customer: { name: 'Signor Bianchi', emotion: 'angry', crmId } });
    rows.push({
      crmId,
      lifetimeValue: rec.trace.facts['crm.lifetimeValue'] as number,
      level: rec.escalation.level,
      label: rec.escalation.label,
      acknowledgeBy: rec.commitments.find((c) => c.kind === 'acknowledge')?.due,
      flags: rec.flags,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // An angry customer, Thursday 11:00 in Rome, once from each customer of the CRM.
  for (const row of await deskDemo()) {
    const flags = row.flags.length ? `, flags: ${row.flags.join(', ')}` : '';
    console.log(`${row.crmId} (lifetime value ${row.lifetimeValue} EUR): ${row.label}, acknowledge by ${row.acknowledgeBy}${flags}`);
  }
}
