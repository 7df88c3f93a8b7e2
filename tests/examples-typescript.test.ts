// examples/typescript: type-checked with tsc (its mistakes.ts must keep failing where it says),
// then run. The type-check covers examples/webhook and examples/host-facts too.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { refundDesk, sampleTicket, toComplaint, triage } from '../examples/typescript/triage.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/typescript', { timeout: 60_000 }, () => {
  it('type-checks, every deliberate mistake included, with the other examples (one tsc run)', async () => {
    // One program for the three examples: three tsc processes would compete with the other test
    // files for the CPU.
    const dir = mkdtempSync(join(tmpdir(), 'cp-examples-tsc-'));
    const project = join(dir, 'tsconfig.json');
    writeFileSync(project, JSON.stringify({
      extends: `${root}tsconfig.json`,
      // Type packages are looked up from the config's folder, which is a temporary one here.
      compilerOptions: { typeRoots: [`${root}node_modules/@types`] },
      include: ['typescript', 'webhook', 'host-facts'].map((example) => `${root}examples/${example}`),
    }));
    const tsc = promisify(execFile)(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '-p', project], { cwd: root });
    const output = await tsc.then(() => 'clean', (e: { stdout?: string }) => e.stdout).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(output).toBe('clean');
  });

  it('maps a helpdesk ticket onto a complaint', () => {
    expect(toComplaint(sampleTicket)).toEqual({
      id: 'T-4711',
      receivedAt: '2026-11-20T16:30:00+01:00',
      channel: 'phone',
      customer: { name: 'Signora Rossi', emotion: 'furious' },
      demand: { type: 'refund', amount: 80 },
      risk: [],
    });
  });

  it('turns the recommendation into an agent card', async () => {
    expect(await triage(sampleTicket)).toEqual({
      ticket: 'T-4711',
      handler: 'Team lead',
      say: ["Signora Rossi, I'm sorry about this."],
      // 1 business hour from Friday 16:30 in Rome: 30 minutes on Friday, 30 on Monday.
      deadlines: { acknowledge: 'first answer by 2026-11-23T09:30:00+01:00' },
    });
    const calm = await triage({ ...sampleTicket, mood: 1, tags: ['risk:media'] });
    expect(calm).toMatchObject({ handler: 'Agent', deadlines: { acknowledge: 'first answer by 2026-11-23T12:30:00+01:00' } });
  });

  it('tells playbook problems from complaint problems by their codes', async () => {
    const typo = { ...refundDesk, rules: [{ id: 'x', then: { escalate: { to: 'boss', reason: 'r' } } }] };
    expect(await triage(sampleTicket, typo)).toEqual(['rules.0.then.escalate.to: UNKNOWN_LEVEL (see the error codes in the README)']);
    expect(await triage({ ...sampleTicket, openedAt: 'Friday afternoon' })).toEqual(['receivedAt: COMPLAINT_FORMAT']);
  });
});
