import caseRecord from '../schemas/case.schema.json';
import complaint from '../schemas/complaint.schema.json';
import playbook from '../schemas/playbook.schema.json';

// Typed here rather than re-exported from the JSON files: a re-exported JSON module reaches the
// bundled `.d.ts` as JavaScript `var` statements, which TypeScript refuses in a declaration file.

/**
 * The playbook JSON Schema (draft 2020-12), the same object as the shipped
 * `complaint-playbook/schemas/playbook.schema.json`: hand it to an editor, a form builder or
 * your own validator.
 *
 * @example
 * ```ts
 * import { playbookSchema } from 'complaint-playbook';
 * playbookSchema.$id; // 'https://complaint-playbook.dev/schemas/playbook.schema.json'
 * ```
 */
export const playbookSchema: Readonly<Record<string, unknown>> = playbook;

/**
 * The complaint JSON Schema (draft 2020-12), the same object as the shipped
 * `complaint-playbook/schemas/complaint.schema.json`.
 *
 * @example
 * ```ts
 * import { complaintSchema } from 'complaint-playbook';
 * Object.keys(complaintSchema.properties as object); // ['id', 'receivedAt', 'channel', …]
 * ```
 */
export const complaintSchema: Readonly<Record<string, unknown>> = complaint;

/**
 * The case JSON Schema (draft 2020-12): `{ complaint, events }` as `track` takes it, the same
 * object as the shipped `complaint-playbook/schemas/case.schema.json`.
 *
 * @example
 * ```ts
 * import { caseSchema } from 'complaint-playbook';
 * (caseSchema.required as string[]); // ['complaint', 'events']
 * ```
 */
export const caseSchema: Readonly<Record<string, unknown>> = caseRecord;
