/**
 * `vcc-sim fit` as a user runs it: a stream in, the fit's account (or `--json`) out, and a
 * scenario file that `generate --scenario FILE` loads; bad input is a one-line error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../cli/scenario-file.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { ndjson, runCli, scratchDir } from './helpers.js';
import { runHere } from './support/run-here.js';

const tmp = scratchDir('vcc-sim-fit-');
const capture = join(tmp, 'capture.ndjson');
writeFileSync(
  capture,
  ndjson({
    seed: 'cli-fit',
    agents: 12,
    duration: '3h',
    start: '2026-01-08T09:00:00Z',
    types: ['channel.*.v0', 'agent.presencechanged.v0'],
    probabilities: { transfer: 0.15 },
  }),
);

describe('vcc-sim fit', () => {
  test('prints each fitted mean beside the observed one and writes a scenario generate loads', async () => {
    const out = join(tmp, 'ours.json');
    const r = await runCli(['fit', capture, '--out', out, '--name', 'ours']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fit of .*capture\.ndjson: \d+ calls from 2026-01-08 09:0\d/);
    expect(r.stdout).toMatch(/\n {2}talk +\d+ +[\d.]+ s +[\d.]+ s +[\d.]+ s\n/);
    expect(r.stdout).toMatch(/\n {2}transfer +1\d\.\d% +\d+ of \d+ answered calls\n/);
    expect(r.stdout).toMatch(/service objective [\d.]+\/20: simulated [\d.]+ beside the capture's/);
    expect(r.stdout).toMatch(/\n {2}offered per day +\d+ +\d+\n/);
    expect(r.stderr).toContain(`fit: scenario written to ${out}`);
    expect(r.stdout).toContain(`scenario written to ${out}: vcc-sim generate --scenario ${out}`);
    const scenario = await loadScenario(out);
    expect(scenario.name).toBe('ours');
    expect(() => resolveOptions(scenario.simulation)).not.toThrow();
    const g = await runHere(['generate', '--scenario', out, '--seed', 'cli-fit-replay']);
    expect(g.code).toBe(0);
    expect(g.stdout.split('\n').length).toBeGreaterThan(100);
    expect(JSON.parse(readFileSync(out, 'utf8')).simulation.probabilities.transfer).toBeGreaterThan(
      0.1,
    );
  });

  test('--json gives the estimates, the options and the check as data; stdin works as a file does', async () => {
    const r = await runCli(['fit', '-', '--json', '--no-calibrate'], readFileSync(capture, 'utf8'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ command: 'fit', ok: true, exitCode: 0, file: '-' });
    expect(j.calibration).toBeUndefined();
    expect(j.estimates.durations.talk.mean).toBeGreaterThan(100);
    expect(j.scenario.simulation.agents).toBe(j.estimates.agents);
    expect(j.check.map((k: { name: string }) => k.name)).toContain('offered per day');
  });

  test('a stream with no calls in it (no caller channels) is a one-line input error', async () => {
    const pairs = join(tmp, 'pairs.ndjson');
    writeFileSync(pairs, ndjson({ seed: 'cli-fit-pairs', agents: 4, duration: '30m' }));
    const r = await runCli(['fit', pairs]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/holds no calls to fit .*channel\.\*\.v0/);
  });
});
