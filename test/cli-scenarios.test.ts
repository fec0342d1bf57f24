// `vcc-sim scenarios show NAME` round-trips: the module it prints, given back as --scenario FILE,
// runs exactly the scenario it was printed from. The built CLI as a process (npm run build first).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulationOptionsFromFlags } from '../cli/commands/shared-options.js';
import { countPlanned, type LoadFlags, planLoad } from '../cli/load-plan.js';
import { loadScenario } from '../cli/scenario-file.js';
import { resolveOptions } from '../generator/options.js';
import { getScenario, SCENARIOS, type Scenario } from '../scenarios/index.js';
import { runCli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'vcc-sim-scenarios-'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `scenarios show NAME` written to a file, as a user saves it. */
async function shown(name: string, ext: 'mjs' | 'json'): Promise<string> {
  const r = await runCli(['scenarios', 'show', name, ...(ext === 'json' ? ['--json'] : [])]);
  expect(r.code, r.stderr).toBe(0);
  const file = join(tmp, `${name}.${ext}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** What `vcc-sim load` plans for a scenario with no flags, in-process (nothing runs). */
const loadPlan = (s: Scenario) =>
  planLoad({ signatureFormat: 'jwt', segments: 1, parallelism: 4 } as LoadFlags, s, {
    readText: () => '',
  });

/** What `vcc-sim fire` simulates for a scenario with no flags: its events, in all and per type. */
const firePlan = (s: Scenario) =>
  countPlanned(resolveOptions(simulationOptionsFromFlags({}, s.simulation)));

describe('scenarios show NAME round-trips through a file', () => {
  test.each(SCENARIOS.map((s) => s.name))(
    '%s: generate --scenario FILE gives the same bytes as generate --scenario NAME',
    async (name) => {
      const file = await shown(name, 'mjs');
      const [byName, byFile] = await Promise.all([
        runCli(['generate', '--scenario', name]),
        runCli(['generate', '--scenario', file]),
      ]);
      expect(byName.code, byName.stderr).toBe(0);
      expect(byFile.code, byFile.stderr).toBe(0);
      expect(byName.stdout.length).toBeGreaterThan(0);
      expect(sha256(byFile.stdout)).toBe(sha256(byName.stdout));
    },
  );

  test.each(SCENARIOS.map((s) => s.name))(
    '%s: fire and load plan the same events from the file (module or --json) as from the name',
    async (name) => {
      const byName = getScenario(name);
      for (const ext of ['mjs', 'json'] as const) {
        const byFile = await loadScenario(await shown(name, ext));
        const [a, b] = [loadPlan(byName), loadPlan(byFile)];
        expect(b.planned, ext).toBe(a.planned);
        expect(b.plannedPerType, ext).toEqual(a.plannedPerType);
        // The same k6 run; the file's simulation states the defaults the name's leaves out.
        expect({ ...b.config, simulation: undefined }, ext).toEqual({
          ...a.config,
          simulation: undefined,
        });
        expect(firePlan(byFile).planned, ext).toBe(firePlan(byName).planned);
        expect(byFile.speed, ext).toBe(byName.speed);
        expect(byFile.delivery, ext).toEqual(byName.delivery);
      }
    },
  );

  test("a file's simulation replaces the default scenario's: fields it leaves out take the library's defaults", async () => {
    const file = join(tmp, 'mini.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'mini', simulation: { agents: 6, duration: '1h' } }),
    );
    const [byFile, byFlags] = await Promise.all([
      runCli(['generate', '--scenario', file]),
      runCli(['generate', '--agents', '6', '--duration', '1h']),
    ]);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFlags.stdout.length).toBeGreaterThan(0);
    expect(sha256(byFile.stdout)).toBe(sha256(byFlags.stdout));
  });

  test('a scenario file with no load.maxDuration is a one-line usage error for load, saying how to fix it', async () => {
    const file = join(tmp, 'no-max-duration.json');
    writeFileSync(file, JSON.stringify({ name: 'short', simulation: { agents: 4 } }));
    const r = await runCli(['load', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Scenario short gives no load\.maxDuration: give --max-duration/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
