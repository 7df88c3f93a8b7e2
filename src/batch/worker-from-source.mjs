// Development only (tests, tsx): the batch worker run from the TypeScript sources. The built
// package uses dist/batch-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
