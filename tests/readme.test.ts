import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadPlaybookFile } from 'complaint-playbook/node';

// Keeps the README's quick start true.
it('README quick start gives the values it shows', async () => {
  // retail.yaml extends the shipped base: the Node helper reads the file and finds the base
  const playbook = await loadPlaybookFile(fileURLToPath(new URL('../playbooks/retail.yaml', import.meta.url)));
  const rec = await playbook.evaluate(
    {
      id: 'T-1001',
      receivedAt: '2026-11-20T17:45:00+08:00',
      channel: 'in-person',
      category: 'product.quality',
      customer: { name: '李小姐', emotion: 'furious', signals: ['talkative'] },
      demand: { type: 'investigation' },
      risk: ['safety', 'regulator'],
    },
    { locale: 'en' },
  );
  expect(rec.escalation.level).toBe('manager');
  expect(rec.responses[0]!.stage).toBe('apologize');
  expect(rec.responses.at(-1)!.stage).toBe('follow-up');
  expect([rec.commitments[0]!.kind, rec.commitments[0]!.due]).toEqual(['acknowledge', '2026-11-20T18:00:00+08:00']);
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain("due: '2026-11-20T18:00:00+08:00'");
  expect(readme).toContain("const playbook = await loadPlaybookFile('playbooks/retail.yaml');");
  expect(readme).toContain('npm test');
});
