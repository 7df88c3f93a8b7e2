import { describe, expect, it } from 'vitest';
import { complaintSchema, playbookSchema } from 'complaint-playbook';
import playbookTestSchema from '../schemas/playbook-test.schema.json';

type Node = Record<string, unknown>;

/** Every property defined anywhere in a schema, with its JSON pointer. */
function properties(schema: Node): Array<[string, Node]> {
  const out: Array<[string, Node]> = [];
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    if (n.properties && typeof n.properties === 'object') {
      for (const [k, v] of Object.entries(n.properties as Node)) out.push([`${pointer}/properties/${k}`, v as Node]);
    }
    for (const [k, v] of Object.entries(n)) walk(v, `${pointer}/${k}`);
  };
  walk(schema, '');
  return out;
}

describe.each([
  ['playbook', playbookSchema as Node],
  ['complaint', complaintSchema as Node],
  ['playbook-test', playbookTestSchema as Node],
])('%s schema', (_name, schema) => {
  it('describes every property (directly or through its $ref)', () => {
    const defs = (schema.$defs ?? {}) as Record<string, Node>;
    const missing = properties(schema)
      .filter(([, p]) => typeof p.description !== 'string' && !(typeof p.$ref === 'string' && typeof defs[p.$ref.replace('#/$defs/', '')]?.description === 'string'))
      .map(([pointer]) => pointer);
    expect(missing).toEqual([]);
  });
});

describe('playbook schema for editors', () => {
  it('gives every property an example, an enum or a const (hover help and completion)', () => {
    const missing = properties(playbookSchema as Node)
      .filter(([, p]) => !(p.examples || p.enum || 'const' in p || typeof p.$ref === 'string'))
      .map(([pointer]) => pointer);
    expect(missing).toEqual([]);
  });

  it('every example is valid against its own property schema', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const addFormats = (await import('ajv-formats')).default as unknown as (a: unknown) => void;
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
    addFormats(ajv);
    const schema = playbookSchema as Node;
    ajv.addSchema(schema);
    const invalid: string[] = [];
    for (const [pointer, p] of properties(schema)) {
      for (const example of (p.examples as unknown[] | undefined) ?? []) {
        const validate = ajv.getSchema(`${String(schema.$id)}#${pointer}`)!;
        if (!validate(example)) invalid.push(`${pointer}: ${JSON.stringify(example)}`);
      }
    }
    expect(invalid).toEqual([]);
  });
});
