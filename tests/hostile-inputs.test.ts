// The hostile corpus of issue 11, one group at a time: every entrance bounded, every exit honest.
// Large inputs are generated here, at test time, into a temporary folder. Each case asserts the
// code, the exit code and the absence of a stack trace, never a time.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { prescanDepth } from '../src/load/prescan.js';
import { checkComplaint, ComplaintError, EvaluationError, evaluateLinesJson, loadPlaybook, validatePlaybook } from 'complaint-playbook';
import { evaluateLinesParallel, readJsonLines, readTextFile, ReadError, runPlaybookTestFile } from 'complaint-playbook/node';
import { cli, exitCodes, type CliIO } from '../src/cli/cli.js';
import { maxPrintedProblems } from '../src/cli/problems.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const minimal = readFileSync(`${root}tests/fixtures/valid/minimal.yaml`, 'utf8');
const good = (id: string) => JSON.stringify({ id, receivedAt: '2026-11-20T10:00:00+01:00', category: 'service.fee' });
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** cli() in-process; standard input as bytes, as the real binary gives it. */
async function run(argv: string[], stdin: Uint8Array | string = '', extra: Partial<CliIO> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const bytes = typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => bytes.toString('utf8'),
    stdinBytes: async function* () {
      for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
    },
    cwd: dir,
    ...extra,
  };
  const code = await cli(argv, io);
  const r = { code, stdout: out.join(''), stderr: err.join('') };
  // Never a stack trace, never an internal error, for any of these inputs.
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toMatch(/internal error \(this is a bug\)/);
  expect(code).not.toBe(exitCodes.internal);
  return r;
}

describe('1. positions come from the library: no second parse', () => {
  it('a valid playbook with 30,000 facts validates (exit 0)', async () => {
    let facts = 'facts:\n';
    for (let i = 0; i < 30_000; i++) facts += `  f.x${i}: { type: number }\n`;
    writeFileSync(at('facts.yaml'), minimal + facts);
    const r = await run(['validate', 'facts.yaml']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toBe('facts.yaml: ok (minimal 1.0.0)\n');
  });

  it('carets point into the complaint JSON by path, without parsing it again', async () => {
    const text = `{\n  "id": "C-1",\n  "customer": { "emotion": "angy", "signals": ["x", 7] },\n  "channel": "fax"\n}\n`;
    const r = await run(['evaluate', '-', '--playbook', 'retail'], text);
    expect(r.code).toBe(exitCodes.invalid);
    const heads = r.stderr.split('\n').filter((l) => l.startsWith('<stdin>:'));
    expect(heads.map((l) => l.split(': error ')[0]).sort()).toEqual(['<stdin>:3:28', '<stdin>:3:53', '<stdin>:4:14']);
  });
});

describe('2. output is capped', () => {
  it('a one-line playbook with hundreds of problems: 100 printed, snippets cut to ~200 characters, then a count', async () => {
    let one = '{formatVersion: 1, playbook: x, version: 1.0.0';
    for (let i = 0; one.length < 19_000; i++) one += `, unk${i}: 1`;
    writeFileSync(at('oneline.yaml'), `${one}}\n`);
    const r = await run(['validate', 'oneline.yaml']);
    expect(r.code).toBe(exitCodes.invalid);
    const heads = r.stderr.split('\n').filter((l) => l.startsWith('oneline.yaml:1:'));
    expect(heads).toHaveLength(maxPrintedProblems);
    expect(r.stderr).toMatch(/\n… and \d+ more problems \(not printed; --format json lists them\)\n/);
    const snippets = r.stderr.split('\n').filter((l) => l.startsWith(' 1 | '));
    expect(snippets.length).toBe(maxPrintedProblems);
    for (const s of snippets) expect(s.length).toBeLessThanOrEqual(' 1 | '.length + 202);
    expect(r.stderr.length).toBeLessThan(100_000);
  });

  it('the caret stays under its column in a cut snippet', async () => {
    const long = `formatVersion: 1\nplaybook: x\nversion: 1.0.0\ntitle: "${'a'.repeat(5000)}"\nlocales: [en]\nnope${'b'.repeat(3000)}: 1\n`;
    writeFileSync(at('long.yaml'), long);
    const r = await run(['validate', 'long.yaml']);
    const lines = r.stderr.split('\n');
    const i = lines.findIndex((l) => l.startsWith(' 6 | '));
    expect(i).toBeGreaterThan(0);
    const caret = lines[i + 1]!.indexOf('^') - ' 6 | '.length + 1;
    expect(lines[i]!.slice(' 6 | '.length).charAt(caret - 1)).toBe('n');
  });

  it('a complaint with thousands of forbidden keys: capped by the library, 100 printed', async () => {
    const many = `{"id":"F-1","a":[${Array.from({ length: 900 }, () => '{"__proto__":1}').join(',')}]}`;
    writeFileSync(at('forbidden.json'), many);
    const r = await run(['evaluate', 'forbidden.json', '--playbook', 'retail']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr.match(/error COMPLAINT_FORBIDDEN_KEY/g)).toHaveLength(maxPrintedProblems);
    expect(r.stderr).toMatch(/… and 800 more problems/);
    const wide = `{"id":"F-2",${Array.from({ length: 5000 }, (_, i) => `"k${i}":{"__proto__":1}`).join(',')}}`;
    expect(() => checkComplaint(JSON.parse(wide))).toThrow(ComplaintError);
    try {
      checkComplaint(JSON.parse(wide));
    } catch (e) {
      expect((e as ComplaintError).problems.map((p) => p.code)).toEqual(['COMPLAINT_LIMIT']);
    }
  });

  it('the library caps the problems it collects (limits.maxProblems) and counts the rest', () => {
    let many = minimal;
    for (let i = 0; i < 3_000; i++) many += `u${i}: 1\n`;
    const { problems } = validatePlaybook(many);
    expect(problems).toHaveLength(1_001);
    expect(problems.at(-1)).toMatchObject({ code: 'LIMIT_EXCEEDED', severity: 'error' });
    expect(problems.at(-1)!.message).toMatch(/^2000 more problems not listed/);
    expect(validatePlaybook(many, { limits: { maxProblems: 10 } }).problems).toHaveLength(11);
  });

  it('a closed or failing stderr and stdout never make cli() throw', async () => {
    const failing = () => {
      throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    };
    const code = await cli(['validate', 'oneline.yaml'], { stdout: failing, stderr: failing, readStdin: async () => '', cwd: dir });
    expect(code).toBe(exitCodes.invalid);
  });

  it('the real binary with a closed stderr pipe: no crash, exit 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${root}src/cli/bin.ts`, 'validate', at('oneline.yaml')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy();
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toBe('');
  });
});

describe('3. every read is bounded, strict and of a regular file', () => {
  it('/dev/zero and a FIFO without a writer are refused at once (NOT_A_FILE)', async () => {
    if (process.platform === 'win32') return;
    execFileSync('mkfifo', [at('fifo')]);
    for (const [path, what] of [['/dev/zero', 'device'], [at('fifo'), 'named pipe']] as const) {
      const r = await run(['evaluate', path, '--playbook', 'retail']);
      expect(r.code).toBe(exitCodes.invalid);
      expect(r.stderr).toMatch(new RegExp(`^${path}: error NOT_A_FILE: cannot read the complaint: it is a ${what}`));
    }
    const batch = await run(['evaluate', '--batch', at('fifo'), '--playbook', 'banking']);
    expect(batch.stderr).toMatch(/error NOT_A_FILE/);
    await expect(readTextFile('/dev/zero', { maxBytes: 10 })).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });

  it('a file past the size limit is refused after reading one byte more than the limit', async () => {
    writeFileSync(at('large.json'), `{"id":"L","text":"${'x'.repeat(1_100_000)}"}`);
    const r = await run(['evaluate', 'large.json', '--playbook', 'retail']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toBe('large.json: error LIMIT_EXCEEDED: the complaint is larger than 1000000 bytes, the limit; reading stopped there\n');
    const raised = await run(['evaluate', 'large.json', '--playbook', 'retail', '--max-complaint-bytes', '2000000']);
    expect(raised.stderr).toMatch(/error COMPLAINT_VALUE: .*20000/);
    const stdin = await run(['evaluate', '-', '--playbook', 'retail'], readFileSync(at('large.json')));
    expect(stdin.stderr).toMatch(/^<stdin>: error LIMIT_EXCEEDED/);
    writeFileSync(at('big.yaml'), `# ${'x'.repeat(6_100_000)}\n`);
    expect((await run(['validate', 'big.yaml'])).stderr).toMatch(/^big\.yaml: error LIMIT_EXCEEDED: the playbook is larger than 6000003 bytes/);
  });

  it('a JSON line past the line limit is reported with its number and skipped; the run goes on', async () => {
    const lines = [good('A'), good('B'), `{"id":"HUGE","x":"${'y'.repeat(2_000_000)}"}`, good('C')];
    writeFileSync(at('huge.jsonl'), `${lines.join('\n')}\n`);
    for (const extra of [[], ['--workers', '1']]) {
      const r = await run(['evaluate', '--batch', 'huge.jsonl', '--playbook', 'banking', '--no-trace', ...extra]);
      expect(r.code).toBe(exitCodes.invalid);
      expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).complaintId)).toEqual(['A', 'B', 'C']);
      expect(r.stderr).toBe('huge.jsonl:3: error LINE_TOO_LONG: the line is 2000020 bytes long; the limit is 1000000 bytes\nbatch: 4 line(s) read: 3 ok, 1 failed, 0 blank\n');
    }
    const diff = await run(['diff', 'banking', 'banking', '--complaints', 'huge.jsonl', '--format', 'json']);
    expect(JSON.parse(diff.stdout).skippedLines).toEqual([{ line: 3, code: 'LINE_TOO_LONG', message: 'the line is 2000020 bytes long; the limit is 1000000 bytes' }]);
    const items = [];
    for await (const item of readJsonLines(at('huge.jsonl'), { maxLineBytes: 100 })) items.push(typeof item === 'string' ? 'text' : item.unreadable.code);
    expect(items).toEqual(['text', 'text', 'LINE_TOO_LONG', 'text']);
  });
});

describe('4. complaint size is bounded inside checkComplaint', () => {
  it.each([
    ['nodes', { id: 'N', x: Array.from({ length: 20 }, () => Array.from({ length: 6_000 }, () => [])) }, /more than 100000 values/],
    ['keys of one object', { id: 'K', x: Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, 1])) }, /has 1001 fields; the limit is 1000/],
    ['items of one array', { id: 'I', x: Array.from({ length: 10_001 }, () => 0) }, /has 10001 items; the limit is 10000/],
  ])('too many %s: COMPLAINT_LIMIT, the schema is not even run', (_, complaint, message) => {
    let error: unknown;
    try {
      checkComplaint(complaint);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComplaintError);
    expect((error as ComplaintError).problems).toHaveLength(1);
    expect((error as ComplaintError).problems[0]!.code).toBe('COMPLAINT_LIMIT');
    expect((error as ComplaintError).problems[0]!.message).toMatch(message);
  });

  it('17 million empty arrays never reach an engine limit: refused by size first, then by count', async () => {
    const lots = `{"id":"A","x":[${Array.from({ length: 400_000 }, () => '[]').join(',')}]}`;
    writeFileSync(at('arrays.json'), lots);
    const r = await run(['evaluate', 'arrays.json', '--playbook', 'retail', '--max-complaint-bytes', '5000000']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/^arrays\.json:1:15: error COMPLAINT_LIMIT: .* has 400000 items/);
  });

  it('an unexpected error inside evaluation is an EvaluationError naming the complaint', async () => {
    const playbook = loadPlaybook(minimal);
    // A getter that throws: not JSON data, but hosts pass objects.
    const hostile = {
      id: 'X-9',
      get customer(): never {
        throw new TypeError('boom');
      },
    };
    let error: unknown;
    try {
      await playbook.evaluate(hostile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).code).toBe('ENGINE_FAILURE');
    expect((error as EvaluationError).complaintId).toBe('X-9');
    expect(() => playbook.evaluateSync(hostile)).toThrow(/the complaint "X-9" failed unexpectedly \(TypeError: boom\)/);
  });

  it('a worker that runs out of memory fails the lines it was evaluating; the others are written', async () => {
    const source = readFileSync(`${root}playbooks/banking.yaml`, 'utf8');
    const big = JSON.stringify({ id: 'BIG', x: Array.from({ length: 400_000 }, (_, i) => ({ a: i })) });
    const lines = [good('1'), good('2'), big, good('4'), good('5'), big, good('7')];
    const out: string[] = [];
    const run = evaluateLinesParallel(lines, { source, workers: 1, chunkSize: 1, maxLineLength: 1e8, resourceLimits: { maxOldGenerationSizeMb: 20 } });
    for await (const item of run) out.push(item.ok ? `${item.line} ok` : `${item.line} ${item.error.code}`);
    expect(out).toEqual(['1 ok', '2 ok', '3 WORKER_FAILED', '4 ok', '5 ok', '6 WORKER_FAILED', '7 ok']);
  });
});

describe('5. encoding: strict everywhere', () => {
  const bad = Buffer.concat([Buffer.from('{"id":"U-1","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);

  it('invalid UTF-8 from standard input is refused with its position', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'banking'], bad);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toBe('<stdin>:1:24: error ENCODING: the complaint is not valid UTF-8 (bad byte at offset 23); save it as UTF-8\n');
  });

  it('an invalid line of a batch fails alone; a BOM is dropped; UTF-16 is named', async () => {
    const batch = Buffer.concat([Buffer.from(`\ufeff${good('A')}\n`), bad, Buffer.from(`\n${good('C')}\n`)]);
    const r = await run(['evaluate', '--batch', '-', '--playbook', 'banking', '--no-trace'], batch);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).complaintId)).toEqual(['A', 'C']);
    expect(r.stderr).toBe('<stdin>:2: error ENCODING: the line is not valid UTF-8 (bad byte at column 24); save the file as UTF-8\nbatch: 3 line(s) read: 2 ok, 1 failed, 0 blank\n');
    writeFileSync(at('utf16.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${good('A')}\n`, 'utf16le')]));
    const u = await run(['evaluate', '--batch', 'utf16.jsonl', '--playbook', 'banking']);
    expect(u.code).toBe(exitCodes.invalid);
    expect(u.stderr).toBe('utf16.jsonl:1:1: error ENCODING: the file is UTF-16, not UTF-8; save it as UTF-8\n');
  });

  it('--format json reports read and encoding errors with their own codes and positions', async () => {
    writeFileSync(at('latin1.yaml'), Buffer.concat([Buffer.from('formatVersion: 1\nplaybook: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = await run(['validate', 'latin1.yaml', 'missing.yaml', '--format', 'json']);
    expect(r.code).toBe(exitCodes.invalid);
    const report = JSON.parse(r.stdout) as Array<{ problems: Array<{ code: string; line?: number; column?: number }> }>;
    expect(report.map((f) => f.problems.map((p) => [p.code, p.line, p.column]))).toEqual([[['ENCODING', 2, 14]], [['READ_FAILED', undefined, undefined]]]);
    const lint = JSON.parse((await run(['lint', 'latin1.yaml', '--format', 'json'])).stdout);
    expect(lint[0].problems[0].code).toBe('ENCODING');
  });
});

describe('6. signals, file-system errors and exit codes', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s stops a batch like SIGINT: flushed, where it stopped, a summary, exit %i', async (signal, expected) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'evaluate', '--batch', '-', '--playbook', 'banking', '--no-trace'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 3; i++) child.stdin.write(`${good(`S${i}`)}\n`);
    while (stdout.split('\n').filter(Boolean).length < 3) await new Promise((r) => setTimeout(r, 50));
    child.kill(signal);
    expect(await exit).toBe(expected);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l).complaintId)).toEqual(['S0', 'S1', 'S2']);
    expect(stderr).toMatch(/^batch interrupted: 3 line\(s\) read: 3 ok, 0 failed, 0 blank; the results above are complete up to line 3\n$/);
  });

  it('init into a path through a file, with a name too long, under /proc: exit 1 or 2 with the path and the reason', async () => {
    writeFileSync(at('a-file'), 'x');
    const through = await run(['init', 'shop', '--dir', 'a-file/sub']);
    expect(through.code).toBe(exitCodes.invalid);
    expect(through.stderr).toBe('a-file/sub: cannot create the folder: a-file is a file, not a folder\n');
    const onto = await run(['init', 'shop', '--dir', 'a-file']);
    expect(onto.stderr).toBe('a-file: cannot create the folder: it exists and is not a folder\n');
    const long = await run(['init', 'a'.repeat(300)]);
    expect(long.code).toBe(exitCodes.usage);
    if (process.platform === 'linux') {
      const proc = await run(['init', 'shop', '--dir', '/proc/x/y']);
      expect(proc.code).toBe(exitCodes.invalid);
      expect(proc.stderr).toMatch(/^\/proc\/x\/y: cannot create the folder: /);
    }
  });

  it('diff exits 1 when the new version fails every complaint, and says which version failed', async () => {
    const failing = minimal.replace(/ {2}hours:\n( {4}\w+: .*\n)+/, '  hours:\n    mon: ["09:00-10:00"]\n').replace('within: 2h', 'within: 8784h');
    writeFileSync(at('failing.yaml'), failing);
    writeFileSync(at('old.yaml'), minimal);
    writeFileSync(at('cases.jsonl'), `${JSON.stringify({ id: 'D1', receivedAt: '2026-11-20T10:00:00+08:00' })}\n`);
    const r = await run(['diff', 'old.yaml', 'failing.yaml', '--complaints', 'cases.jsonl']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stdout).toContain('no complaint could be compared');
    expect(r.stdout).toMatch(/line 1: CALENDAR_EXHAUSTED \(new version\): the rule "apologize-first" commits to 8784h of business time, which this calendar's business hours do not give within 30 years/);
    expect(r.stdout).not.toMatch(/no business hours/);
    expect(r.stderr).toBe('diff: 1 line(s) could not be compared (old version failed: 0, new version failed: 1, unreadable: 0)\n');
    const same = await run(['diff', 'old.yaml', 'old.yaml', '--complaints', 'cases.jsonl', '--fail-on-change']);
    expect(same.code).toBe(exitCodes.ok);
    writeFileSync(at('changed.yaml'), minimal.replace('within: 2h', 'within: 3h'));
    const changed = await run(['diff', 'old.yaml', 'changed.yaml', '--complaints', 'cases.jsonl', '--fail-on-change']);
    expect(changed.code).toBe(exitCodes.invalid);
    expect(changed.stderr).toBe('diff: 1 complaint(s) change (--fail-on-change)\n');
    expect((await run(['diff', 'old.yaml', 'changed.yaml', '--complaints', 'cases.jsonl'])).code).toBe(exitCodes.ok);
  });

  it('--now with a bracketed zone suffix is refused (exit 2), in the library too', async () => {
    const r = await run(['evaluate', '-', '--playbook', 'retail', '--now', '2026-11-20T10:00:00+08:00[Mars/Olympus]'], '{"id":"N"}');
    expect(r.code).toBe(exitCodes.usage);
    expect(r.stderr).toMatch(/^complaint-playbook evaluate error INVALID_VALUE: --now .*a time-zone suffix in brackets is not supported/);
    await expect(loadPlaybook(minimal).evaluate({ id: 'N' }, { now: '2026-11-20T10:00:00+08:00[Asia/Shanghai]' })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('7. a test file names only a playbook in its own folder tree, or a shipped one', () => {
  it.each(['/proc/self/environ', '../outside.yaml', '/etc/passwd'])('refuses %s without reading it', async (named) => {
    mkdirSync(at('suite'), { recursive: true });
    writeFileSync(at('outside.yaml'), minimal);
    writeFileSync(at('suite/x.test.yaml'), `playbook: ${named}\ncases:\n  - name: x\n    complaint: { id: X }\n    expect: {}\n`);
    const r = await run(['test', 'suite/x.test.yaml']);
    expect(r.code).toBe(exitCodes.invalid);
    expect(r.stderr).toMatch(/x\.test\.yaml:1:11: error SCHEMA_VALUE: the test file names the playbook ".*", which is outside the test file's folder/);
    expect(r.stderr).not.toMatch(/PATH=|root:/);
    await expect(runPlaybookTestFile(at('suite/x.test.yaml'))).rejects.toMatchObject({ code: 'PLAYBOOK_INVALID' });
  });

  it('a shipped playbook by name and a file below the folder are fine', async () => {
    mkdirSync(at('suite2/sub'), { recursive: true });
    writeFileSync(at('suite2/sub/p.yaml'), minimal);
    writeFileSync(at('suite2/a.test.yaml'), 'playbook: sub/p.yaml\ncases:\n  - name: x\n    complaint: { id: X }\n    expect: {}\n');
    writeFileSync(at('suite2/b.test.yaml'), 'playbook: retail\ncases:\n  - name: x\n    complaint: { id: X }\n    expect: {}\n');
    const r = await run(['test', 'suite2']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toMatch(/a\.test\.yaml \(minimal 1\.0\.0\)/);
    expect(r.stdout).toMatch(/b\.test\.yaml \(retail \d+\.\d+\.\d+\)/);
  });
});

describe('8. deep nesting is stopped before yaml tokenises', () => {
  it('2 MB of "a: [[[[…" is one NESTING_DEPTH problem at the first bracket too deep', () => {
    const { problems } = validatePlaybook(`a: ${'['.repeat(1_990_000)}\n`);
    expect(problems).toEqual([expect.objectContaining({ code: 'NESTING_DEPTH', line: 1, column: 103 })]);
    const block = validatePlaybook(`${'- '.repeat(300_000)}a\n`);
    expect(block.problems.map((p) => [p.code, p.line, p.column])).toEqual([['NESTING_DEPTH', 1, 201]]);
  });

  it('the pre-scan never counts more levels than there are (random documents, block and flow styles)', () => {
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf)) : 0);
    const text = fc.string({ maxLength: 8 }).map((t) => t.replace(/[\u0000-\u001f]/g, ''));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), fc.constantFrom<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL'>('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'), (v, flow, scalar) => {
        const yaml = stringify(v, { collectionStyle: flow ? 'flow' : 'block', defaultStringType: scalar, defaultKeyType: 'PLAIN' });
        expect(prescanDepth(yaml, Math.max(1, depthOf(v)))).toBeUndefined();
        // In flow style it is exact: one level less is caught.
        if (flow && depthOf(v) > 1) expect(prescanDepth(yaml, depthOf(v) - 1)).toBeDefined();
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('read errors are ReadErrors with their code, never a raw Node error', async () => {
    await expect(readTextFile(at('nope'), { maxBytes: 10 })).rejects.toBeInstanceOf(ReadError);
    await expect(readTextFile(dir, { maxBytes: 10 })).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });

  it('evaluateLinesJson takes unreadable lines and refuses over-long ones without parsing them', async () => {
    const playbook = loadPlaybook(minimal);
    const out = [];
    const gen = evaluateLinesJson(playbook, [good('A'), { unreadable: { code: 'ENCODING', message: 'bad byte' } }, 'x'.repeat(200)], { maxLineLength: 100 });
    for await (const item of gen) out.push(item.ok ? 'ok' : item.error.code);
    expect(out).toEqual(['ok', 'ENCODING', 'LINE_TOO_LONG']);
  });
});
