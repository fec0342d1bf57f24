// The pure parts of `vcc-sim load` and the scenario files it reads, in-process (no k6, no CLI
// process): the planner (flags + scenario -> k6 config, planned counts, pre-generation), the
// accounting of a run, and scenario files in the current and the earlier shape.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scenarioModule } from '../cli/commands/scenarios.js';
import { loadScenario } from '../cli/scenario-file.js';
import { SimError } from '../generator/errors.js';
import { getScenario, SCENARIOS } from '../scenarios/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'vcc-sim-load-plan-'));

function scenarioFile(name: string, content: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('scenario files', () => {
  /** A scenario as a file loads it: a file's simulation is laid over the default (smoke) one. */
  const asLoaded = (name: string) => {
    const s = getScenario(name);
    return { ...s, simulation: { ...getScenario('smoke').simulation, ...s.simulation } };
  };

  test.each(SCENARIOS.map((s) => s.name))(
    '"scenarios show %s" prints a module that --scenario loads back, its simulation over smoke\'s',
    async (name) => {
      const file = scenarioFile(`${name}.mjs`, scenarioModule(getScenario(name)));
      expect(await loadScenario(file)).toEqual(asLoaded(name));
    },
  );

  test('a file in the earlier shape (delivery.pace.speed and load.speed) loads with one speed', async () => {
    const { speed: _, delivery, load, ...rest } = getScenario('steady');
    const old = {
      ...rest,
      name: 'old-steady',
      delivery: { ...delivery, pace: { speed: 300 } },
      load: { ...load, speed: 300 },
    };
    const s = await loadScenario(scenarioFile('old-steady.json', old));
    expect(s).toEqual({ ...asLoaded('steady'), name: 'old-steady', speed: 300 });
  });

  test('a file that sets only its speed keeps the rest of the default scenario', async () => {
    const s = await loadScenario(scenarioFile('fast.json', { name: 'fast', speed: 6000 }));
    expect(s).toEqual({ ...getScenario('smoke'), name: 'fast', speed: 6000 });
  });

  test.each([
    [
      'two different speeds',
      { delivery: { pace: { speed: 60 } }, load: { speed: 600 } },
      /^Scenario .*two-speeds\.json states its speed more than once \(delivery\.pace\.speed 60, load\.speed 600\): keep one top-level "speed"/,
    ],
    [
      'a pace with a rate',
      { delivery: { pace: { rate: 50 } } },
      /"delivery\.pace" is gone: give the scenario one "speed".*fire --rate N/,
    ],
    ['a speed that is not a number', { speed: 'fast' }, /"speed" must be a number above 0/],
    ['a speed of 0', { load: { speed: 0 } }, /"load\.speed" must be a number above 0/],
  ])(
    'a scenario file with %s is refused with one line saying how to fix it',
    async (_, content, message) => {
      const file = scenarioFile('two-speeds.json', content);
      const err = await loadScenario(file).catch((e: Error) => e);
      expect(err).toBeInstanceOf(SimError);
      expect((err as SimError).code).toBe('input');
      expect((err as SimError).message).toMatch(message);
      expect((err as SimError).message).not.toContain('\n');
    },
  );
});
