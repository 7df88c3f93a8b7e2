#!/usr/bin/env node
// The API reference: TypeDoc (options in typedoc.json) from the TSDoc of src/index.ts and
// src/node.ts into docs/api. Fails on any TypeDoc warning (an undocumented export, a broken
// {@link}) and on any export without a summary and an `@example`, which TypeDoc does not check.
// Type errors are tsc's business (`npm test`): typedoc.json skips that check, so a broken test
// file elsewhere in the program does not stop the reference.
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';

const app = await Application.bootstrapWithPlugins({}, [new TypeDocReader(), new TSConfigReader()]);
const project = await app.convert();
if (!project) {
  console.error('docs: TypeDoc could not convert the project (see above)');
  process.exit(1);
}
app.validate(project);

const lacking = [];
for (const entry of project.children ?? []) {
  for (const child of entry.children ?? []) {
    // A type exported by both entries is documented once; the other entry holds a reference to it.
    const reflection = typeof child.getTargetReflectionDeep === 'function' ? child.getTargetReflectionDeep() : child;
    // Functions carry their comment on the signature; everything else on the reflection.
    const comment = reflection.comment ?? reflection.signatures?.[0]?.comment;
    const missing = [];
    if (!comment?.summary.some((part) => part.text.trim())) missing.push('a summary');
    if (!comment?.getTag('@example')) missing.push('an @example');
    if (missing.length) lacking.push(`${entry.name}: ${child.name} lacks ${missing.join(' and ')}`);
  }
}
for (const line of lacking) console.error(line);

if (app.logger.hasErrors() || app.logger.hasWarnings() || lacking.length) {
  console.error(`docs: ${lacking.length} export(s) without summary or example; TypeDoc: ${app.logger.errorCount} error(s), ${app.logger.warningCount} warning(s)`);
  process.exit(1);
}
await app.generateOutputs(project);
const count = (project.children ?? []).reduce((n, e) => n + (e.children?.length ?? 0), 0);
console.log(`docs: ${count} exports documented, each with a summary and an example → ${app.options.getValue('out')}`);
