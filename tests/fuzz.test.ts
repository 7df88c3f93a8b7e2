import { describe, it } from 'vitest';
import { properties } from '../scripts/fuzz.js';

// Seeded, so that CI is reproducible; fast-check prints the seed and the counterexample path on
// failure. `npm run fuzz` runs the same properties far longer with a seed of your choice.
const seed = 20_260_501;
const runs = 3_000;
// Generous, so that a slow CI machine does not fail the suite; a hang still ends the run.

describe('fuzzing: only results or errors of this library', () => {
  it.each(properties.map((p) => [p.name, p] as const))('%s', async (_, { share, check }) => {
    await check({ seed, numRuns: Math.round(runs * share) });
  }, 120_000);
});
