import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPlaybook, validatePlaybook } from 'complaint-playbook';
import { nodeResolver, runPlaybookTestFile, shippedPlaybooksDir } from 'complaint-playbook/node';
import { parse } from 'yaml';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';
import { plainWording } from '../src/cli/commands/init.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'complaint-playbook-init-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(argv: string[], cwd = temp) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', cwd };
  return cli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const schemaTarget = (text: string, dir: string) => resolve(dir, /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1]!);

describe('complaint-playbook init', () => {
  it('scaffolds a playbook and its test file from retail, which load, lint clean and pass', async () => {
    const r = await run(['init', 'my-shop']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toMatch(/^created my-shop\.yaml \(playbook my-shop 0\.1\.0, from retail\)\ncreated my-shop\.test\.yaml\n/);
    const playbook = readFileSync(join(temp, 'my-shop.yaml'), 'utf8');
    const tests = readFileSync(join(temp, 'my-shop.test.yaml'), 'utf8');
    const spec = parse(playbook) as { playbook: string; version: string };
    expect([spec.playbook, spec.version]).toEqual(['my-shop', '0.1.0']);
    expect((parse(tests) as { playbook: string }).playbook).toBe('my-shop.yaml');
    // everything else is the shipped file, less the words about where its content came from
    const original = readFileSync(`${root}playbooks/retail.yaml`, 'utf8');
    expect(playbook.split('\n').slice(4)).toEqual(plainWording(original).split('\n').slice(4));
    expect(playbook + tests).not.toMatch(/\bseeds?\b/i);
    expect(schemaTarget(playbook, temp)).toBe(resolve(root, 'schemas/playbook.schema.json'));
    expect(schemaTarget(tests, temp)).toBe(resolve(root, 'schemas/playbook-test.schema.json'));
    // the retail playbook extends the shipped base: the Node resolver finds it by name
    const base = nodeResolver(shippedPlaybooksDir());
    expect(validatePlaybook(playbook, { resolve: base }).problems).toEqual([]);
    expect(lintPlaybook(playbook, { resolve: base }).problems).toEqual([]);
    const result = await runPlaybookTestFile(join(temp, 'my-shop.test.yaml'));
    expect([result.playbook.id, result.failed, result.coverage.missed]).toEqual(['my-shop', 0, []]);
    // the README shows this very output
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain(`$ complaint-playbook init my-shop\n${r.stdout}`);
  });

  it('--template minimal: a short commented playbook on top of base, and its test file; lint clean, passing', async () => {
    const r = await run(['init', 'small-desk', '--template', 'minimal']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toMatch(/^created small-desk\.yaml \(playbook small-desk 0\.1\.0, the minimal template, on top of base\)\n/);
    const playbook = readFileSync(join(temp, 'small-desk.yaml'), 'utf8');
    const tests = readFileSync(join(temp, 'small-desk.test.yaml'), 'utf8');
    expect(playbook.split('\n').length).toBeLessThan(200);
    expect(playbook.split('\n').filter((l) => /^\s*#/.test(l)).length).toBeGreaterThan(10);
    const spec = parse(playbook) as { playbook: string; extends: string };
    expect([spec.playbook, spec.extends]).toEqual(['small-desk', 'base']);
    expect(playbook + tests).not.toMatch(/\bseeds?\b|NAME/);
    const lint = await run(['lint', 'small-desk.yaml', 'small-desk.test.yaml', '--strict']);
    expect([lint.code, lint.stderr]).toEqual([exitCodes.ok, '']);
    const result = await runPlaybookTestFile(join(temp, 'small-desk.test.yaml'));
    expect([result.playbook.id, result.failed, result.passed]).toEqual(['small-desk', 0, 2]);
    expect((await run(['init', 'x', '--template', 'minimal', '--from', 'banking'])).code).toBe(exitCodes.usage);
  });

  it('refuses to overwrite, and writes nothing then', async () => {
    writeFileSync(join(temp, 'taken.test.yaml'), 'mine\n');
    const r = await run(['init', 'taken']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toBe('taken.test.yaml: already exists; init never overwrites a file (choose another name or --dir)\n');
    expect(existsSync(join(temp, 'taken.yaml'))).toBe(false);
    expect(readFileSync(join(temp, 'taken.test.yaml'), 'utf8')).toBe('mine\n');
    const again = await run(['init', 'my-shop']);
    expect(again.code).toBe(exitCodes.invalid);
    expect(again.stderr).toMatch(/^my-shop\.yaml: already exists/);
  });

  it('--from another shipped playbook, --dir a new folder', async () => {
    const r = await run(['init', 'branch', '--from', 'banking', '--dir', 'sub/dir']);
    expect(r.code).toBe(exitCodes.ok);
    const dir = join(temp, 'sub/dir');
    const playbook = readFileSync(join(dir, 'branch.yaml'), 'utf8');
    expect((parse(playbook) as { calendar: { timezone: string } }).calendar.timezone).toBe('Europe/Rome');
    expect(schemaTarget(playbook, dir)).toBe(resolve(root, 'schemas/playbook.schema.json'));
    const result = await runPlaybookTestFile(join(dir, 'branch.test.yaml'));
    expect([result.playbook.id, result.failed]).toEqual(['branch', 0]);
  });

  it.each([
    [['init'], /error MISSING_ARGUMENT: missing <name>/],
    [['init', 'My Shop'], /lower-case letters/],
    [['init', 'x', '--from', 'nosuch'], /error INVALID_VALUE: --from nosuch: must be one of retail, banking, telecom/],
    [['init', 'a', 'b'], /error TOO_MANY_ARGUMENTS/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stderr).toMatch(message);
  });
});
