#!/usr/bin/env node
// Compiles the JSON Schemas in schemas/ into standalone validator code (ajv's standalone
// generation), so that nothing at run time compiles code from strings (`new Function`): the core
// then loads under a Content Security Policy without 'unsafe-eval' and in edge runtimes that
// refuse code generation (Cloudflare Workers, Vercel Edge).
//
// Writes src/validate/generated/{full,quick}.ts (git-ignored, never edited by hand). Run by
// `npm test`, `npm run build` and `npm run typecheck` before they start (pre-scripts), so a change
// to a schema reaches the validators without a manual step. Writes only when the code changed.
//
// Each schema's JSON is inlined once: ajv's standalone code copies every subschema it reads at run
// time (an enum's values, a mapping's known fields) as a literal; those literals are replaced by
// references into the schema files imported as JSON, the same modules `playbookSchema` and
// `complaintSchema` export. Usage: node scripts/generate-validators.mjs [--check]
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

const standaloneCode = standaloneCodeModule.default ?? standaloneCodeModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;
const root = new URL('..', import.meta.url);
const outDir = new URL('src/validate/generated/', root);
const check = process.argv.includes('--check');

/** The schema files, by the identifier the generated code imports them as. */
const schemaFiles = {
  playbookSchema: 'playbook.schema.json',
  complaintSchema: 'complaint.schema.json',
  playbookTestSchema: 'playbook-test.schema.json',
  caseSchema: 'case.schema.json',
};
const schemas = Object.fromEntries(Object.entries(schemaFiles).map(([name, file]) => [name, JSON.parse(readFileSync(new URL(`schemas/${file}`, root), 'utf8'))]));

/** The complaint schema without `receivedAt`'s format: the quick path checks it with strictTimestamp. */
function withoutTimestampFormat(schema) {
  const copy = structuredClone(schema);
  delete copy.properties.receivedAt.format;
  return copy;
}

/** The case schema with its complaint left to the complaint validator (its own codes and bounds). */
function caseWithoutComplaint(schema) {
  const copy = structuredClone(schema);
  copy.properties.complaint = { type: 'object' };
  return copy;
}

// The options are those the validators had when ajv compiled them at run time.
const common = { strict: true, strictRequired: false, allowUnionTypes: true, code: { source: true, esm: true } };
const modules = {
  // Every problem, for the messages; verbose, for the subschema of each error (its known fields,
  // its examples), which the generated code reads from the schema JSON.
  full: {
    ajv: () => new Ajv2020({ ...common, allErrors: true, verbose: true }),
    exports: { playbook: schemas.playbookSchema, complaint: schemas.complaintSchema, playbookTest: schemas.playbookTestSchema, caseRecord: caseWithoutComplaint(schemas.caseSchema) },
    variants: { caseSchema: caseWithoutComplaint(schemas.caseSchema) },
  },
  // The complaint schema for the common case, valid input: stops at the first error and counts text
  // length in UTF-16 units (`unicode: false`, deprecated in ajv 8 and logged as such, hence no logger).
  quick: {
    ajv: () => new Ajv2020({ ...common, allErrors: false, unicode: false, logger: false }),
    exports: { complaintQuick: withoutTimestampFormat(schemas.complaintSchema) },
    variants: { complaintSchema: withoutTimestampFormat(schemas.complaintSchema) },
  },
};

/** The end of the JSON literal that starts at `start` (an object or array), found by bracket matching. */
function jsonEnd(code, start) {
  let depth = 0;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unterminated JSON literal at ${start}`);
}

/**
 * Where `target` occurs in a schema: an accessor expression like `playbookSchema["$defs"]["text"]`.
 * `variants` are altered copies of a schema (the quick complaint schema) whose subschemas may be
 * referenced in the original where the code reads only what the two share (checked by the caller).
 */
function locate(target, variants = {}) {
  const wanted = JSON.stringify(target);
  for (const [name, schema] of [...Object.entries(schemas), ...Object.entries(variants)]) {
    const stack = [[schema, name]];
    while (stack.length) {
      const [node, expression] = stack.pop();
      if (JSON.stringify(node) === wanted) return expression;
      if (node && typeof node === 'object') {
        for (const [key, child] of Object.entries(node)) if (child && typeof child === 'object') stack.push([child, `${expression}[${JSON.stringify(Array.isArray(node) ? Number(key) : key)}]`]);
      }
    }
  }
  return undefined;
}

/** ajv's runtime helpers, which its standalone code loads with `require`, as ES imports. */
const runtimeImports = [
  {
    pattern: 'require("ajv/dist/runtime/ucs2length").default',
    import: "import * as ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';",
    // A CommonJS module with `exports.default`: Node gives its exports object as the default,
    // bundlers honouring `__esModule` the function itself.
    replacement: '(typeof ucs2lengthModule.default === "function" ? ucs2lengthModule.default : ucs2lengthModule.default.default)',
  },
  {
    pattern: 'require("ajv/dist/runtime/equal").default',
    import: "import * as equalModule from 'ajv/dist/runtime/equal.js';",
    replacement: '(typeof equalModule.default === "function" ? equalModule.default : equalModule.default.default)',
  },
  {
    pattern: /require\("ajv-formats\/dist\/formats"\)\.fullFormats/g,
    import: "import { fullFormats } from 'ajv-formats/dist/formats.js';",
    replacement: 'fullFormats',
  },
];

/** The value at a dotted access path (`.properties.channel.enum`). */
function valueAt(node, path) {
  for (const key of path.split('.').filter(Boolean)) node = node?.[key];
  return node;
}

function generate(name, { ajv: makeAjv, exports, variants = {} }) {
  const ajv = makeAjv();
  addFormats(ajv);
  const refs = {};
  for (const [exportName, schema] of Object.entries(exports)) {
    ajv.addSchema(schema, exportName);
    refs[exportName] = exportName;
  }
  let code = standaloneCode(ajv, refs);

  // Subschema literals → references into the imported schema JSON.
  const used = new Set();
  let out = '';
  let at = 0;
  for (const match of code.matchAll(/const (schema\d+) = (?=[{[])/g)) {
    const start = match.index + match[0].length;
    const end = jsonEnd(code, start);
    const literal = JSON.parse(code.slice(start, end));
    let accessor = locate(literal);
    if (!accessor) {
      // In a variant: usable when every property path the code reads is the same in the original.
      const inVariant = locate(literal, variants);
      const original = inVariant && valueAt(schemas, inVariant.replace(/\["?([^"\]]*)"?\]/g, '.$1'));
      const reads = [...code.slice(end).matchAll(new RegExp(`\\b${match[1]}((?:\\.[A-Za-z_$][\\w$]*)*)`, 'g'))].map((m) => m[1]);
      if (original && reads.every((path) => JSON.stringify(valueAt(original, path)) === JSON.stringify(valueAt(literal, path)))) accessor = inVariant;
    }
    out += code.slice(at, start);
    if (accessor) {
      out += accessor;
      used.add(accessor.replace(/\[.*$/, ''));
    } else {
      out += code.slice(start, end);
    }
    at = end;
  }
  code = out + code.slice(at);

  const imports = [];
  for (const runtime of runtimeImports) {
    const found = typeof runtime.pattern === 'string' ? code.includes(runtime.pattern) : runtime.pattern.test(code);
    if (!found) continue;
    code = typeof runtime.pattern === 'string' ? code.replaceAll(runtime.pattern, runtime.replacement) : code.replace(runtime.pattern, runtime.replacement);
    imports.push(runtime.import);
  }
  if (/\brequire\(/.test(code)) throw new Error(`the ${name} validators still require a module: ${/require\([^)]*\)/.exec(code)[0]}`);
  if (/new Function|\beval\(/.test(code)) throw new Error(`the ${name} validators generate code at run time`);
  for (const identifier of used) imports.push(`import ${identifier} from '../../../schemas/${schemaFiles[identifier]}';`);
  code = code.replace(/^"use strict";/, '');

  return [
    '// @ts-nocheck',
    '// Generated by scripts/generate-validators.mjs from schemas/*.json (ajv standalone code). Do not edit:',
    '// run `npm run generate` (npm test and npm run build do it first).',
    ...imports,
    code,
    '',
  ].join('\n');
}

mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const [name, spec] of Object.entries(modules)) {
  const file = new URL(`${name}.ts`, outDir);
  const code = generate(name, spec);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === code) continue;
  stale++;
  if (!check) writeFileSync(file, code);
}
if (check && stale) {
  console.error(`${stale} generated validator module(s) are out of date: run npm run generate`);
  process.exit(1);
}
