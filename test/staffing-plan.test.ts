/**
 * The staffing plan as workforce management would check it: every slot's Erlang C requirement
 * met where the headcount allows, breaks staggered, part-time shifts only where hours are spare,
 * and a center sized by its demand.
 */
import { describe, expect, test } from 'vitest';
import { CenterReporter } from '../generator/analysis/center-report.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import {
  forecastRates,
  type PlanInput,
  planDay,
  requirement,
  sizeDemand,
} from '../generator/simulation/staffing-plan.js';

function input(agents: number, partTimeMs = 4 * 3_600_000): PlanInput {
  const o = resolveOptions({ agents });
  return {
    agents,
    openMs: o.openMs,
    closeMs: o.closeMs,
    shiftMs: o.shiftMs,
    partTimeMs,
    breaks: o.breaks,
    curve: o.curve,
    handleSeconds: o.meanHandleSeconds,
    target: 0.8,
    thresholdSeconds: 20,
  };
}

describe('the staffing plan', () => {
  test.each([10, 25])('at the sized demand, %i agents cover every open slot', (agents) => {
    const plan = input(agents);
    const rates = forecastRates(plan, sizeDemand(plan, 1), 1);
    const required = requirement(plan, rates);
    const day = planDay(plan, required);
    required.forEach((r, slot) => {
      if (r > 0) expect(day.planned[slot], `slot ${slot}`).toBeGreaterThan(0);
    });
    // Shifts stay inside the opening hours.
    for (const a of day.agents.filter((x) => !x.off)) {
      expect(a.startMs).toBeGreaterThanOrEqual(plan.openMs);
      expect(a.startMs + a.lengthMs).toBeLessThanOrEqual(plan.closeMs);
    }
  });

  test('breaks are staggered: never more than a third of the agents on a break at once', () => {
    const plan = input(25);
    const day = planDay(plan, requirement(plan, forecastRates(plan, sizeDemand(plan, 1), 1)));
    const onBreak = new Array<number>(96).fill(0);
    for (const a of day.agents) {
      a.breakStartsMs.forEach((b, k) => {
        if (b === null) return;
        const slots = Math.round((plan.breaks[k]?.lengthMs ?? 0) / 900_000);
        for (let i = 0; i < slots; i++)
          onBreak[b / 900_000 + i] = (onBreak[b / 900_000 + i] ?? 0) + 1;
      });
    }
    expect(Math.max(...onBreak)).toBeLessThanOrEqual(Math.ceil(25 / 3));
  });

  test('part-time shifts replace full ones only where the hours given up are spare', () => {
    const full = input(25, 0);
    const rates = forecastRates(full, sizeDemand(full, 1), 1);
    const required = requirement(full, rates);
    const withPartTime = planDay(input(25), required);
    const withoutPartTime = planDay(full, required);
    const hours = (d: typeof withPartTime) => d.agents.reduce((h, a) => h + a.lengthMs, 0);
    expect(withPartTime.agents.some((a) => a.lengthMs === 4 * 3_600_000)).toBe(true);
    expect(hours(withPartTime)).toBeLessThan(hours(withoutPartTime));
    required.forEach((r, slot) => {
      expect(withPartTime.planned[slot] ?? 0, `slot ${slot}`).toBeGreaterThanOrEqual(
        Math.min(r, withoutPartTime.planned[slot] ?? 0),
      );
    });
  });
});

describe('sizing a center by its demand', () => {
  test('more calls per hour take more agents, and the staff meets the objective', () => {
    const small = resolveOptions({ callsPerHour: 100 });
    const large = resolveOptions({ callsPerHour: 400 });
    expect(large.agents).toBeGreaterThan(small.agents * 3);
    const reporter = new CenterReporter();
    for (const n of simulate({
      callsPerHour: 400,
      start: '2026-01-05T00:00:00Z',
      duration: '1d',
      types: ['channel.*.v0', 'agent.presencechanged.v0'],
    }))
      reporter.add(n);
    const t = reporter.report().totals;
    expect((Number(t.abandoned) + Number(t.voicemail)) / Number(t.offered)).toBeLessThanOrEqual(
      0.08,
    );
    expect(t.serviceLevel).toBeGreaterThanOrEqual(0.7);
  });

  test('with agents given too, the demand is the calls per hour and the staff is as given', () => {
    const o = resolveOptions({ callsPerHour: 300, agents: 40 });
    expect(o.agents).toBe(40);
    expect(o.arrivalsPerAgentHour).toBeCloseTo(300 / 40, 10);
  });

  test.each([
    [{ callsPerHour: 0 }, /calls per hour 0/],
    [{ callsPerHour: 300, occupancy: 0.8 }, /demand one way/],
    [{ callsPerHour: 1e6 }, /more than 100,000 agents/],
  ])('%j is refused with a message that says why', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(message);
  });
});
