// The events a run will send, counted before it starts (cli/planned-events.ts): team by team the
// counts and the send rate are those of the merged run, as `vcc-sim report` finds them; the plan
// line `fire` and `load` print.
import { describe, expect, test } from 'vitest';
import { countPlanned, planLine, SendRate } from '../cli/planned-events.js';
import { resolveOptions, type SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import { getScenario } from '../scenarios/index.js';
import { countedBySimulation, reportedRate } from './support/merged-run.js';

describe('planned events: counting a simulated run', () => {
  test.each([1, 2, 3, 4, 5])(
    'team by team, the counts are those of the merged run (seed %i): in all, per team, per type in order of first appearance',
    (seed) => {
      const options: SimulationOptions = {
        agents: 12,
        teamSize: 3,
        duration: '30m',
        start: '2026-01-05T10:00:00Z',
        types: ['*'],
        seed,
      };
      const counts = countPlanned(resolveOptions(options));
      const merged = countedBySimulation(options);
      expect(counts.planned, `seed ${seed}`).toBe(merged.planned);
      expect(counts.perTeam, `seed ${seed}`).toEqual(merged.perTeam);
      expect(Object.entries(counts.perType), `seed ${seed}`).toEqual(
        Object.entries(merged.perType),
      );
    },
  );
});

describe('planned events: the send rate and the plan line', () => {
  test.each([1, 2, 3, 4, 5])(
    'team by team, the peak second and the mean per second are those vcc-sim report finds in the merged run (seed %i)',
    (seed) => {
      const options: SimulationOptions = {
        agents: 60,
        duration: '2h',
        start: '2026-01-05T08:30:00Z',
        types: ['*'],
        seed,
      };
      const { planned, rate } = countPlanned(resolveOptions(options));
      const reported = reportedRate(simulate(options));
      expect(reported.total, `seed ${seed}`).toBe(planned);
      expect(rate.peakPerSecond, `seed ${seed}`).toBe(reported.peakPerSecond);
      expect(rate.peakAt, `seed ${seed}`).toBe(reported.peakAt);
      expect(rate.meanPerSecond, `seed ${seed}`).toBe(reported.meanPerSecond);
      expect(rate.peakSeconds, `seed ${seed}`).toBeGreaterThanOrEqual(1);
    },
  );

  test('the seconds at the peak are counted, the first one named', () => {
    const rate = new SendRate();
    for (const t of ['10:00:05.9', '10:00:05.1', '10:00:01.5', '10:00:01.2', '10:00:03.0'])
      rate.addTime(`2026-01-05T${t}Z`);
    expect(rate.addTime('yesterday')).toBe(false);
    expect(rate.result()).toEqual({
      peakPerSecond: 2,
      peakAt: '2026-01-05T10:00:01.000Z',
      peakSeconds: 2,
      meanPerSecond: 5 / 4.7,
    });
    expect(new SendRate().result()).toEqual({
      peakPerSecond: 0,
      peakAt: null,
      peakSeconds: 0,
      meanPerSecond: 0,
    });
  });

  test('counting stops after stopAfter events, saying it did not finish', () => {
    const resolved = resolveOptions(getScenario('steady').simulation);
    const whole = countPlanned(resolved);
    expect(whole.complete).toBe(true);
    expect(countPlanned(resolved, whole.planned).complete).toBe(true);
    const part = countPlanned(resolved, 100);
    expect(part).toMatchObject({ planned: 100, complete: false });
  });

  test("with a cap per k6 instance, counting stops at the first instance over it and estimates that instance's load", () => {
    const resolved = resolveOptions(getScenario('steady').simulation);
    const whole = countPlanned(resolved);
    const held = (instance: number, instances: number) =>
      resolved.teams
        .filter((_, j) => j % instances === instance)
        .reduce((n, t) => n + (whole.perTeam.get(t) ?? 0), 0);
    // Every instance under its cap: the whole count, as without a cap.
    const fits = countPlanned(resolved, Number.POSITIVE_INFINITY, {
      instances: 2,
      cap: whole.planned,
    });
    expect(fits).toMatchObject({ planned: whole.planned, complete: true });
    expect(fits.overCap).toBeUndefined();
    // One instance over: counting stops within its cap, and the estimate is near its whole load.
    const cap = Math.floor(held(0, 1) / 3);
    const over = countPlanned(resolved, Number.POSITIVE_INFINITY, { instances: 1, cap });
    expect(over.complete).toBe(false);
    expect(over.planned).toBe(cap + 1);
    expect(over.overCap?.instance).toBe(0);
    expect(Math.abs((over.overCap?.estimated ?? 0) / held(0, 1) - 1)).toBeLessThan(0.15);
    // Three instances: the first found over the cap is named, its estimate near its load.
    const third = Math.floor(held(0, 3) * 0.6);
    const split = countPlanned(resolved, Number.POSITIVE_INFINITY, { instances: 3, cap: third });
    const named = split.overCap?.instance as number;
    expect(split.complete).toBe(false);
    expect(held(named, 3)).toBeGreaterThan(third);
    expect(Math.abs((split.overCap?.estimated ?? 0) / held(named, 3) - 1)).toBeLessThan(0.15);
  });

  test.each([
    [{ speed: 600 }, 'at speed 600 a receiver sees up to ~8,400/s'],
    [
      { speed: 600, rate: 500 },
      'at speed 600 a receiver would see up to ~8,400/s, capped at --rate 500',
    ],
    [{ speed: 600, rate: 10_000 }, 'at speed 600 a receiver sees up to ~8,400/s'],
    [{ rate: 200 }, 'at --rate 200 a receiver sees up to 200/s'],
    [{ max: true }, 'with --max a receiver gets them as fast as it accepts them'],
  ])('the plan line at pace %j ends "%s"', (pace, end) => {
    const rate = {
      peakPerSecond: 14,
      peakAt: '2026-01-05T10:13:46.000Z',
      peakSeconds: 1,
      meanPerSecond: 3.2,
    };
    expect(planLine(12_018, rate, pace)).toBe(
      `plan: 12,018 events, peak 14/s (1 s at 2026-01-05T10:13:46Z), 3.20/s on average in simulated time; ${end}\n`,
    );
  });

  test('the plan line says when a run too large to simulate twice was not counted', () => {
    expect(planLine(undefined, undefined, { speed: 60 })).toBe(
      'plan: more than 1,000,000 events; peak not computed (it would simulate the run twice)\n',
    );
  });
});
