// CLI-level fuzzing: random command lines and random standard input into cli(), in-process.
// Whatever comes in, the answer is an exit code 0, 1 or 2 with a message: never an internal
// error, never a stack trace, never a throw, and bounded output. Seeded: a failure reproduces.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const seed = Number(process.env.FUZZ_SEED ?? 11);
const runs = Number(process.env.CLI_FUZZ_RUNS ?? 150);
// The files are made when the arbitraries are: fast-check draws paths from them.
const dir = mkdtempSync(join(tmpdir(), 'cp-cli-fuzz-'));
const paths: string[] = makeFiles();

function makeFiles(): string[] {
  mkdirSync(join(dir, 'sub'));
  const complaint = JSON.stringify({ id: 'Z-1', receivedAt: '2026-11-20T10:00:00+08:00', category: 'product.quality', risk: ['safety'] });
  const files: Record<string, string | Buffer> = {
    'ok.json': complaint,
    'lines.jsonl': `${complaint}\n{broken\n\n${complaint}\n`,
    'bad-utf8.json': Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    'utf16.jsonl': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${complaint}\n`, 'utf16le')]),
    'bom.json': `\ufeff${complaint}`,
    'deep.yaml': `a: ${'['.repeat(5_000)}\n`,
    'tabs.yaml': 'formatVersion: 1\n\tplaybook: x\n',
    'empty.yaml': '',
    'outside.test.yaml': 'playbook: /etc/passwd\ncases: []\n',
    'ok.test.yaml': 'playbook: retail\ncases:\n  - name: x\n    complaint: { id: X }\n    expect: { escalation: { level: agent } }\n',
    'wide.json': `{"id":"W",${Array.from({ length: 1_200 }, (_, i) => `"k${i}":{"__proto__":${i}}`).join(',')}}`,
    'minimal.yaml': readFileSync(`${root}tests/fixtures/valid/minimal.yaml`, 'utf8'),
    'broken.yaml': readFileSync(`${root}tests/fixtures/invalid/unknown-response.yaml`, 'utf8'),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return [...Object.keys(files), ...Object.keys(files).map((f) => join(dir, f)), 'sub', '-', 'nope.json', '/dev/null', '/dev/zero', `${root}playbooks/retail.yaml`, `${root}examples/retail-fly-in-yogurt.json`];
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every command but studio, which serves until it is stopped.
const commands = ['evaluate', 'validate', 'test', 'lint', 'explain', 'diff', 'init', 'check-reply', 'track', 'report', 'completion', 'help', '--version', '-h', 'evaluat'];
const options = [
  '--playbook', '-p', '--now', '--locale', '--format', '--batch', '--workers', '--no-trace', '--max-complaint-bytes', '--max-line-bytes',
  '--filter', '--coverage', '--threshold', '--strict', '--complaints', '-c', '--examples', '--fail-on-change', '--from', '--dir', '--nope', '-',
  '--complaint', '--merge', '--out', '--max-case-bytes',
];
const values = [
  'retail', 'banking', 'telecom', 'nope', 'json', 'text', 'yaml', '0', '1', '2', '-1', '300', '1e9', 'x', '', '(', '.*',
  '2026-11-20T10:00:00+08:00', '2026-11-20T10:00:00+08:00[Mars/Olympus]', '1969-01-01T00:00:00Z', 'en', 'zh-CN', 'shop', 'sub', '/proc/x',
];

const token = () => fc.oneof(fc.constantFrom(...options), fc.constantFrom(...values), fc.constantFrom(...paths), fc.string({ maxLength: 12 }));
const loose = fc.tuple(fc.constantFrom(...commands), fc.array(token(), { maxLength: 8 })).map(([c, rest]) => [c, ...rest]);
// Command lines that get past the usage check more often: a command, its inputs, then options
// with values, each drawn from what the command takes and from the hostile files.
const file = () => fc.constantFrom(...paths);
const pair = (name: string, value: fc.Arbitrary<string>) => fc.tuple(fc.constant(name), value);
const option = fc.oneof(
  pair('--playbook', fc.oneof(fc.constantFrom('retail', 'banking', 'telecom'), file())),
  pair('--now', fc.constantFrom(...values.filter((v) => v.startsWith('19') || v.startsWith('20')))),
  pair('--format', fc.constantFrom('json', 'text', 'x')),
  pair('--workers', fc.constantFrom('1', '2', '0', 'x')),
  pair('--max-line-bytes', fc.constantFrom('10', '1000', '0', 'x')),
  pair('--max-complaint-bytes', fc.constantFrom('10', '1000', 'x')),
  pair('--complaints', file()),
  pair('--locale', fc.constantFrom('en', 'zh-CN', 'xx')),
  pair('--dir', fc.constantFrom('sub', 'sub/deeper', 'ok.json', '/proc/x')),
  pair('--from', fc.constantFrom('retail', 'banking', 'nope')),
  pair('--threshold', fc.constantFrom('50', '100', '101')),
  pair('--complaint', file()),
  pair('--out', fc.constantFrom('out.txt', 'sub', '/proc/x')),
  pair('--max-case-bytes', fc.constantFrom('10', '1000', 'x')),
).map((p) => [...p]);
const flag = fc.constantFrom('--batch', '--no-trace', '--coverage', '--strict', '--fail-on-change', '--merge');
const shaped = fc
  .tuple(fc.constantFrom('evaluate', 'explain', 'validate', 'lint', 'test', 'diff', 'init', 'check-reply', 'track', 'report'), fc.array(file(), { minLength: 1, maxLength: 2 }), fc.array(option, { maxLength: 4 }), fc.array(flag, { maxLength: 2 }))
  .map(([c, inputs, opts, flags]) => [c, ...(c === 'init' ? ['shop'] : inputs), ...opts.flat(), ...flags]);
const argv = fc.oneof(loose, shaped, shaped);
const stdin = fc.oneof(
  fc.constant(''),
  fc.constant(JSON.stringify({ id: 'S-1', receivedAt: '2026-11-20T10:00:00+08:00', customer: { emotion: 'furious' } })),
  fc.json({ maxDepth: 4 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fc.oneof(fc.json({ maxDepth: 2 }), fc.constant('{"id":"L"}'), fc.string({ maxLength: 20 })), { maxLength: 6 }).map((lines) => lines.join('\n')),
);

const seen: Record<number, number> = {};

describe('cli() under random command lines and inputs', () => {
  it('always answers 0, 1 or 2; never an internal error, a stack trace or a throw', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(argv, stdin, async (args, input) => {
        const bytes = typeof input === 'string' ? Buffer.from(input) : Buffer.from(input);
        let size = 0;
        const out = (t: string) => {
          size += t.length;
        };
        const err: string[] = [];
        const io: CliIO = {
          stdout: out,
          stderr: (t) => {
            size += t.length;
            if (err.length < 50) err.push(t);
          },
          readStdin: async () => bytes.toString('utf8'),
          stdinBytes: async function* () {
            yield bytes;
          },
          cwd: dir,
        };
        const code = await cli(args, io);
        seen[code] = (seen[code] ?? 0) + 1;
        const stderr = err.join('');
        expect([exitCodes.ok, exitCodes.invalid, exitCodes.usage], `${JSON.stringify(args)}\n${stderr}`).toContain(code);
        expect(stderr).not.toMatch(/internal error \(this is a bug\)/);
        expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
        expect(size).toBeLessThan(2_000_000);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    // Every exit code is reached: the runs went past the usage check into the commands.
    expect(Object.keys(seen).sort()).toEqual(['0', '1', '2']);
  });
});
