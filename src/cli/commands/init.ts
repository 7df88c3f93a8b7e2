/** `init`: a new playbook and its test file, from a shipped one or from the short template. */
import { lstat, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import { fileSystemReason, readTextFile } from '../../files/read.js';
import { shippedPlaybookNames, shippedPlaybookPath, shippedPlaybooksDir } from '../../node.js';
import { validatePlaybook } from '../../playbook.js';
import { defineCommand } from '../command.js';
import { exitCodes, InputError, UsageError } from '../io.js';
import { playbookBytes, resolver } from '../shared.js';

/** Replaces the scalar values of top-level keys in YAML text, leaving every other byte as it is. */
function replaceTopLevel(text: string, replacements: Record<string, string>): string {
  const doc = parseDocument(text);
  const edits: Array<[number, number, string]> = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
      const replacement = replacements[String(pair.key.value)];
      const range = pair.value.range;
      if (replacement !== undefined && range) edits.push([range[0], range[1], replacement]);
    }
  }
  if (edits.length !== Object.keys(replacements).length) throw new Error(`the template lacks one of ${Object.keys(replacements).join(', ')}`);
  return edits.sort((a, b) => b[0] - a[0]).reduce((out, [start, end, value]) => out.slice(0, start) + value + out.slice(end), text);
}

/**
 * Words of a shipped playbook that speak of where its content came from (the case studies it
 * was written from) mean nothing to a team starting their own: the copy leaves them out.
 */
export function plainWording(text: string): string {
  return text
    .replace(/,? (?:after|from|as in|of) (?:the )?seeds? \d{3}(?:(?:,| and) \d{3})*/g, '')
    .replace(/ ?\((?:the )?seeds? \d{3}(?:(?:,| and|;) [^)]*)?\)/g, '')
    .replace(/;? ?seeds? \d{3}(?:(?:,| and) \d{3})*/g, '')
    .replace(/\bthe seeds?\b/g, 'good practice');
}

/** Points the yaml-language-server comment at the package's schema, seen from `dir`. */
function pointSchemaComment(text: string, dir: string, schema: string): string {
  const target = relative(dir, join(dirname(shippedPlaybooksDir()), 'schemas', schema)).split('\\').join('/');
  return text.replace(/^# yaml-language-server: \$schema=\S+/m, `# yaml-language-server: $schema=${target}`);
}

/**
 * Creates `dir` and its missing parents one level at a time. (A recursive `mkdir` can loop
 * forever where the file system answers ENOENT for a parent that exists, as under /proc.)
 */
async function makeFolder(dir: string, shown: string, cwd: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    let info;
    try {
      info = await stat(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at || missing.length >= 64) {
        throw new InputError(`${shown}: cannot create the folder: ${fileSystemReason(error)}`);
      }
      missing.push(at);
      continue;
    }
    if (!info.isDirectory()) {
      const part = relative(cwd, at).startsWith('..') ? at : relative(cwd, at);
      throw new InputError(`${shown}: cannot create the folder: ${at === dir ? 'it exists and is not a folder' : `${part} is a file, not a folder`}`);
    }
    break;
  }
  for (const at of missing.reverse()) {
    try {
      await mkdir(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InputError(`${shown}: cannot create the folder: ${fileSystemReason(error)}`);
    }
  }
}

/** The folder of the short templates, beside `playbooks/` in the package. */
function templatesDir(): string {
  return join(dirname(shippedPlaybooksDir()), 'templates');
}

export default defineCommand({
  name: 'init',
  summary: { en: 'start a playbook of your own, with its test file', 'zh-CN': '新建你自己的预案及其测试文件' },
  details: {
    en: 'The minimal template is a short, commented playbook that builds on the shipped base; the full one copies a shipped playbook (--from) to change at will.',
    'zh-CN': 'minimal 模板是一份带注释的简短预案，建立在内置的 base 之上；full 模板复制一份内置预案（--from），可随意修改。',
  },
  arguments: [{ name: 'name', description: { en: 'the playbook name: lower-case letters, digits and dashes', 'zh-CN': '预案名：小写字母、数字和连字符' } }],
  options: [
    { name: 'template', value: 'kind', choices: ['full', 'minimal'], default: 'full', description: { en: 'minimal: a short playbook on top of base; full: a copy of a shipped playbook', 'zh-CN': 'minimal：建立在 base 之上的简短预案；full：内置预案的完整副本' } },
    { name: 'from', value: 'shipped playbook', choices: ['retail', 'banking', 'telecom'], default: 'retail', description: { en: 'with --template full: the shipped playbook to copy', 'zh-CN': '配合 --template full：要复制的内置预案' } },
    { name: 'dir', value: 'folder', default: '.', file: true, description: { en: 'where to write the two files', 'zh-CN': '两个文件写入的文件夹' } },
  ],
  examples: ['init my-shop --template minimal', 'init my-bank --from banking --dir playbooks'],
  async run({ io, args, options, given }) {
    if (args.length !== 1) throw new UsageError('ARGUMENT_COUNT', { en: 'init takes exactly one name, e.g. init my-shop', 'zh-CN': 'init 只接受一个名称，例如 init my-shop' });
    const name = args[0]!;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError('INVALID_VALUE', { en: `init ${name.slice(0, 100)}: a playbook name is lower-case letters, digits and dashes, starting with a letter`, 'zh-CN': `init ${name.slice(0, 100)}：预案名称由小写字母、数字和连字符组成，并以字母开头` });
    // The id of a playbook is at most 64 characters (the schema's bound): longer would scaffold a playbook that does not load.
    if (name.length > 64) throw new UsageError('INVALID_VALUE', { en: `init: a playbook name is at most 64 characters; this one has ${name.length}`, 'zh-CN': `init：预案名称最多 64 个字符；这个有 ${name.length} 个` });
    const minimal = options.template === 'minimal';
    if (minimal && given.has('from')) throw new UsageError('CONFLICTING_OPTIONS', { en: '--from applies to --template full; the minimal template builds on base', 'zh-CN': '--from 只用于 --template full；minimal 模板基于 base' });
    const from = String(options.from);
    const source = minimal ? join(templatesDir(), 'minimal.yaml') : shippedPlaybookPath(from);
    if (!source) throw new UsageError('INVALID_VALUE', { en: `--from ${from}: no shipped playbook has that name (shipped: ${shippedPlaybookNames().join(', ')})`, 'zh-CN': `--from ${from}：没有这个名称的内置预案（内置：${shippedPlaybookNames().join('、')}）` });
    const cwd = io.cwd ?? process.cwd();
    const dirArg = String(options.dir);
    const dir = resolve(cwd, dirArg);
    const targets = [join(dir, `${name}.yaml`), join(dir, `${name}.test.yaml`)] as const;
    const shown = targets.map((t) => (relative(cwd, t).startsWith('..') ? t : relative(cwd, t)));
    for (const [i, t] of targets.entries()) {
      const exists = await lstat(t).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false;
          throw new InputError(`${shown[i]}: cannot create it: ${fileSystemReason(error)}`);
        },
      );
      if (exists) throw new InputError(`${shown[i]}: already exists; init never overwrites a file (choose another name or --dir)`);
    }
    const template = await readTextFile(source, { maxBytes: playbookBytes, what: 'the template' });
    const templateTests = await readTextFile(source.replace(/\.yaml$/, '.test.yaml'), { maxBytes: playbookBytes, what: 'the template test file' });
    let playbook: string;
    let tests: string;
    if (minimal) {
      playbook = pointSchemaComment(template.replaceAll('NAME', name), dir, 'playbook.schema.json');
      tests = pointSchemaComment(templateTests.replaceAll('NAME', name), dir, 'playbook-test.schema.json');
    } else {
      playbook = pointSchemaComment(plainWording(replaceTopLevel(template, { playbook: name, version: '0.1.0' })), dir, 'playbook.schema.json');
      tests = pointSchemaComment(plainWording(replaceTopLevel(templateTests, { playbook: `${name}.yaml` })), dir, 'playbook-test.schema.json');
    }
    // The scaffold must load: a template that does not is a bug here, not the user's problem.
    const check = validatePlaybook(playbook, { filename: shown[0], resolve: resolver() });
    if (!check.playbook) throw new Error(`the scaffold ${minimal ? 'minimal' : `from ${from}`} does not load: ${check.problems[0]?.message}`);
    await makeFolder(dir, dirArg, cwd);
    const write = async (i: 0 | 1, text: string) => {
      try {
        await writeFile(targets[i], text, { flag: 'wx' });
      } catch (error) {
        throw new InputError(`${shown[i]}: cannot create it: ${fileSystemReason(error)}`);
      }
    };
    await write(0, playbook);
    try {
      await write(1, tests);
    } catch (error) {
      await unlink(targets[0]).catch(() => {});
      throw error;
    }
    io.stdout(
      `created ${shown[0]} (playbook ${name} 0.1.0, ${minimal ? 'the minimal template, on top of base' : `from ${from}`})\n` +
        `created ${shown[1]}\n` +
        `next: edit ${shown[0]}, then run complaint-playbook lint ${shown[0]} && complaint-playbook test ${shown[1]} --coverage\n`,
    );
    return exitCodes.ok;
  },
});
