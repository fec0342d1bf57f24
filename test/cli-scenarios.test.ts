// `vcc-sim scenarios show NAME` round-trips: the module it prints, given back as --scenario FILE,
// runs exactly the scenario it was printed from. `fire` and `load` run as processes (the built CLI:
// npm run build first); what only reads and prints (`scenarios show`, `generate`, `report`) runs
// in this process (`runHere`), one of them also as a process (`sameAsProcess`).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulationOptionsFromFlags } from '../cli/commands/shared-options.js';
import { type LoadFlags, planLoad } from '../cli/load-plan.js';
import { countPlanned } from '../cli/planned-events.js';
import { loadScenario } from '../cli/scenario-file.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { getScenario, SCENARIOS, type Scenario } from '../scenarios/index.js';
import { runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';

const tmp = scratchDir('vcc-sim-scenarios-');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `scenarios show NAME` written to a file, as a user saves it (smoke's module also as a process). */
async function shown(name: string, ext: 'mjs' | 'json'): Promise<string> {
  const args = ['scenarios', 'show', name, ...(ext === 'json' ? ['--json'] : [])];
  const r = name === 'smoke' && ext === 'mjs' ? await sameAsProcess(args) : await runHere(args);
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
      const byName = await runHere(['generate', '--scenario', name]);
      const byFile = await runHere(['generate', '--scenario', file]);
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
    const byFile = await runHere(['generate', '--scenario', file]);
    const byFlags = await runHere(['generate', '--agents', '6', '--duration', '1h']);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFlags.stdout.length).toBeGreaterThan(0);
    expect(sha256(byFile.stdout)).toBe(sha256(byFlags.stdout));
  });

  test('a scenario file with no load.maxDuration is a one-line usage error for load, saying how to fix it', async () => {
    const file = join(tmp, 'no-max-duration.json');
    writeFileSync(file, JSON.stringify({ name: 'short', simulation: { agents: 4 } }));
    const r = await sameAsProcess(['load', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Scenario short gives no load\.maxDuration: give --max-duration/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** The figures of a plan line on stderr. */
function planFigures(stderr: string) {
  const m =
    /^plan: ([\d,]+) events, peak (\d+)\/s \((?:1 s at (\S+)|\d+ s, the first at (\S+))\), ([\d.]+)\/s on average in simulated time; (.*)$/m.exec(
      stderr,
    );
  if (!m) throw new Error(`no plan line in:\n${stderr}`);
  return {
    planned: Number((m[1] as string).replace(/,/g, '')),
    peakPerSecond: Number(m[2]),
    peakAt: (m[3] ?? m[4]) as string,
    mean: m[5] as string,
    seen: m[6] as string,
  };
}

/** The same figures as `vcc-sim report --json` gives them for a stream. */
async function reportFigures(events: string) {
  const file = join(tmp, `report-${sha256(events).slice(0, 12)}.ndjson`);
  writeFileSync(file, events);
  const r = await runHere(['report', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const n = JSON.parse(r.stdout).notifications;
  return {
    planned: n.total as number,
    peakPerSecond: n.peakSecond.count as number,
    peakAt: (n.peakSecond.at as string).replace(/\.000Z$/, 'Z'),
    mean: (n.meanPerSecond as number).toFixed(2),
  };
}

describe('fire and load print the plan before they start', () => {
  test('fire: one stderr line with the figures vcc-sim report finds in the same events; stdout holds only the summary', async () => {
    const [fired, generated] = await Promise.all([
      runCli(['fire', '--scenario', 'chaos', '--max', '--json']),
      runHere(['generate', '--scenario', 'chaos']),
    ]);
    expect(() => JSON.parse(fired.stdout)).not.toThrow();
    expect(fired.stderr.split('\n')[0]).toMatch(/^plan: /);
    const { seen, ...figures } = planFigures(fired.stderr);
    expect(figures).toEqual(await reportFigures(generated.stdout));
    expect(figures.peakPerSecond).toBeGreaterThan(1);
    expect(seen).toBe('with --max a receiver gets them as fast as it accepts them');
  });

  test('fire --events FILE: the figures come from the file, at the pace asked for', async () => {
    const generated = await runHere(['generate', '--scenario', 'smoke', '--types', 'channel.*.v0']);
    const file = join(tmp, 'smoke.ndjson');
    writeFileSync(file, generated.stdout);
    const fired = await runCli(['fire', '--events', file, '--speed', '6000', '--rate', '1000']);
    expect(fired.code, fired.stderr).toBe(0);
    const { seen, ...figures } = planFigures(fired.stderr);
    expect(figures).toEqual(await reportFigures(generated.stdout));
    expect(seen).toBe(
      `at speed 6000 a receiver would see up to ~${(figures.peakPerSecond * 6000).toLocaleString('en')}/s, capped at --rate 1000`,
    );
  });

  test('load: the same line, from the planner (here with --k6-operator, which runs nothing)', async () => {
    const dir = join(tmp, 'operator');
    const [loaded, generated] = await Promise.all([
      runCli([
        'load',
        '--scenario',
        'peak-hour',
        '--k6-operator',
        dir,
        '--target',
        'http://127.0.0.1:9/webhook',
      ]),
      runHere(['generate', '--scenario', 'peak-hour']),
    ]);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).not.toMatch(/plan:/);
    const { seen, ...figures } = planFigures(loaded.stderr);
    expect(figures).toEqual(await reportFigures(generated.stdout));
    expect(seen).toBe(
      `at speed 600 a receiver sees up to ~${(figures.peakPerSecond * 600).toLocaleString('en')}/s`,
    );
  });
});
