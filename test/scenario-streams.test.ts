// Apart from simulation-invariants.test.ts (both in the `model` project, the heaviest in-process
// checks) so that the two run side by side on separate workers.
import { expect, test } from 'vitest';
import { checkStream } from '../generator/analysis/stream-checker.js';
import { simulate } from '../generator/simulation/simulate.js';
import { SCENARIOS } from '../scenarios/catalog.js';

// soak is a week; its day is the same model as steady's.
const SIMULATED = SCENARIOS.filter((s) => s.name !== 'soak');

test('soak is the only built-in scenario left out (a week of simulation)', () => {
  expect(SIMULATED.length).toBe(SCENARIOS.length - 1);
});

test.each(SIMULATED.map((s) => [s.name, s] as const))(
  'the %s scenario simulates a valid stream',
  (_, s) => {
    const all = [...simulate({ ...s.simulation, types: ['*'] })];
    const { violations } = checkStream(all);
    expect(violations).toEqual([]);
    expect(all.length).toBeGreaterThan(50);
  },
);
