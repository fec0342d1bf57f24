/**
 * The staffing plan as workforce management would check it: every slot's Erlang A requirement
 * met where the headcount allows, shifts of several lengths, breaks staggered, offline activities
 * where demand is lowest, weekly rosters of at most 5 days, economy of scale, and a center sized
 * by its demand.
 */
import { describe, expect, test } from 'vitest';
import { CenterReporter } from '../generator/analysis/center-report.js';
import type { SimulationOptions } from '../generator/simulation/option-types.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import {
  forecastRates,
  type PlanInput,
  planDay,
  planInputFor,
  predictedServiceLevel,
  requirement,
  sizeDemand,
  slotServiceLevel,
  staffedRates,
  weekNeed,
} from '../generator/simulation/staffing-plan.js';
import { weekRoster } from '../generator/simulation/weekly-roster.js';

function input(agents: number, options: SimulationOptions = {}): PlanInput {
  return planInputFor(resolveOptions({ agents, ...options }), agents);
}

const SLOT = 900_000;

/** A Monday's plan for a queue of `agents` at the demand they are sized for. */
function monday(agents: number, options: SimulationOptions = {}) {
  const plan = input(agents, options);
  const peak = sizeDemand(plan);
  const rates = forecastRates(plan, peak, 1);
  // The plan staffs each slot for its lagged rate (`staffedRates`), as `planDayOnce` does.
  const required = requirement(plan, staffedRates(plan, peak, 1));
  return { plan, rates, required, day: planDay(plan, required, 1) };
}

describe('the staffing plan', () => {
  test('a 10-agent queue, too few to roster every open hour of the week, is sized for its busiest day over the day', () => {
    const { plan, rates, day } = monday(10);
    expect(rates.some((r) => r > 0)).toBe(true);
    expect(predictedServiceLevel(plan, day, rates, 0)).toBeGreaterThanOrEqual(0.8);
  });

  test('a queue of one agent, who cannot staff every open hour, still gets calls in the hours it staffs', () => {
    expect(sizeDemand(input(1))).toBeGreaterThan(0);
    const run = simulate({
      agents: 6,
      teamSize: 1,
      seed: 'one-agent-queues',
      start: '2026-01-05T00:00:00Z',
      duration: '24h',
      types: ['channel.connected.v0'],
    });
    const callers = [...run].filter(
      (n) => 'channel' in n.data && n.data.channel.party.role === 'external',
    );
    expect(callers.length).toBeGreaterThan(6);
  });

  test('a center open less than 8 hours has full shifts of its opening hours; a shift given longer is a one-line error', () => {
    const short = resolveOptions({ agents: 10, hours: { open: '08:00', close: '12:00' } });
    expect(short.shiftMs).toBe(4 * 3_600_000);
    const run = simulate({
      agents: 10,
      hours: { open: '08:00', close: '12:00' },
      seed: 'short-day',
      start: '2026-01-05T00:00:00Z',
      duration: '24h',
      types: ['channel.connected.v0'],
    });
    expect([...run].length).toBeGreaterThan(20);
    expect(() =>
      resolveOptions({ hours: { open: '08:00', close: '12:00' }, shift: { length: '8h' } }),
    ).toThrow(
      /^Shift length 8h must be > 0 and fit in the opening hours \(08:00-12:00\): give a shorter shift\.length\.$/,
    );
  });

  test.each([25, 64])(
    "at the sized demand, %i agents meet every slot's requirement with shifts inside the hours",
    (agents) => {
      const { plan, rates, required, day } = monday(agents);
      required.forEach((r, slot) => {
        expect(day.planned[slot], `slot ${slot}`).toBeGreaterThanOrEqual(r);
      });
      expect(predictedServiceLevel(plan, day, rates)).toBeGreaterThanOrEqual(0.8);
      for (const a of day.agents.filter((x) => !x.off)) {
        expect(a.startMs).toBeGreaterThanOrEqual(plan.openMs);
        expect(a.startMs + a.lengthMs).toBeLessThanOrEqual(plan.closeMs);
        for (const act of a.activities) {
          expect(act.startMs).toBeGreaterThan(a.startMs);
          expect(act.startMs + act.lengthMs).toBeLessThan(a.startMs + a.lengthMs);
        }
      }
    },
  );

  test('each slot is planned to the objective chosen, not to 80%: at 70/30 no slot under 0.70, and a quarter or more of them under 0.80', () => {
    const { plan, rates, day } = monday(25, { serviceLevel: '70/30' });
    const levels = rates
      .map((perMs, slot) =>
        perMs > 0 ? slotServiceLevel(plan, day.planned[slot] as number, perMs) : -1,
      )
      .filter((l) => l >= 0);
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(0.7);
    expect(levels.filter((l) => l < 0.8).length).toBeGreaterThan(levels.length / 4);
    expect(predictedServiceLevel(plan, day, rates)).toBeGreaterThanOrEqual(0.7);
  });

  test('shifts of several lengths cover the close, and nobody is planned for longer than a full shift', () => {
    const { plan, day } = monday(64);
    const on = day.agents.filter((a) => !a.off);
    const lengths = new Set(on.map((a) => a.lengthMs));
    expect(lengths.size).toBeGreaterThan(1);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(8 * 3_600_000);
    expect(on.filter((a) => a.startMs + a.lengthMs === plan.closeMs).length).toBeGreaterThan(2);
  });

  test('breaks are staggered: never more than a third of the agents on a break at once', () => {
    const { day } = monday(64);
    const onBreak = new Array<number>(96).fill(0);
    for (const a of day.agents) {
      for (const act of a.activities) {
        if (act.kind !== 'break' && act.kind !== 'lunch') continue;
        for (let i = 0; i < act.lengthMs / SLOT; i++)
          onBreak[act.startMs / SLOT + i] = (onBreak[act.startMs / SLOT + i] ?? 0) + 1;
      }
    }
    const working = day.agents.filter((a) => !a.off).length;
    expect(Math.max(...onBreak)).toBeLessThanOrEqual(Math.ceil(working / 3));
  });

  test('offline activities go where demand is lowest: more of them in the quietest hours than at the peak', () => {
    const { day, required } = monday(64);
    const away = new Array<number>(96).fill(0);
    for (const a of day.agents)
      for (const act of a.activities)
        if (act.kind === 'training' || act.kind === 'meeting' || act.kind === 'coaching')
          for (let i = 0; i < act.lengthMs / SLOT; i++)
            away[act.startMs / SLOT + i] = (away[act.startMs / SLOT + i] ?? 0) + 1;
    const total = away.reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThan(0);
    const peak = required.indexOf(Math.max(...required));
    expect(away[peak]).toBeLessThan(Math.max(...away));
  });

  test('a week of rosters: each agent works at most 5 days, and every day has the agents it needs', () => {
    const plan = input(64);
    const need = weekNeed(plan, sizeDemand(plan));
    const works = weekRoster(need, 64, 5, 3);
    for (const days of works) expect(days.filter(Boolean).length).toBeLessThanOrEqual(5);
    need.forEach((n, d) => {
      expect(works.filter((days) => days[d]).length, `weekday ${d}`).toBe(Math.min(n, 64));
    });
    expect(need[0]).toBe(0); // closed on Sundays
  });

  test('economy of scale: a queue of 64 serves more calls per agent than a queue of 16', () => {
    const perAgent = (n: number) => sizeDemand(input(n)) / n;
    expect(perAgent(64)).toBeGreaterThan(perAgent(16) * 1.2);
  });
});

describe("the run's requirement, for the report", () => {
  test("a planned run exposes the plan's agents per 15-minute slot, summed over its queues, and the shifts lost to absence; the report shows required beside staffed", () => {
    const options = {
      agents: 100,
      seed: 'required-plan',
      start: '2026-01-05T00:00:00Z',
      duration: '24h',
    };
    const run = simulate({ ...options, types: ['channel.*.v0', 'agent.presencechanged.v0'] });
    const reporter = new CenterReporter({ intervalMs: 3_600_000, plan: run.required });
    expect(run.required).toEqual([]); // filled in as the days are planned
    for (const n of run) reporter.add(n);
    const slots = [...run.required].sort((a, b) => a.startMs - b.startMs);
    // Open 08:00-18:00: 40 slots of 15 minutes, each requiring agents.
    expect(slots.map((s) => new Date(s.startMs).toISOString().slice(11, 16))).toEqual(
      Array.from(
        { length: 40 },
        (_, i) =>
          `${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
      ),
    );
    for (const s of slots) {
      expect(s.endMs - s.startMs).toBe(SLOT);
      expect(s.agents).toBeGreaterThan(0);
    }
    // The sum over the queues: each queue's own plan for the day, slot by slot.
    const o = resolveOptions({ ...options });
    expect(o.teams.length).toBeGreaterThan(1);
    const { totals, intervals } = reporter.report();
    expect(totals.required).not.toBeNull();
    for (const h of intervals.filter(
      (k) => (k.offered ?? 0) > 0 && k.start.slice(11, 13) >= '09',
    )) {
      const required = h.required as number;
      const staffed = h.staffed as number;
      // What the plan asked for is what was staffed, give or take the unplanned time away.
      expect(staffed / required, h.start).toBeGreaterThan(0.8);
      expect(staffed / required, h.start).toBeLessThan(1.5);
    }
    // The shifts lost to absence, for the report's shrinkage: what the run counted.
    expect(run.stats.absences).toBeGreaterThan(0);
    // And the minutes before each late log-in.
    expect(run.absences).toHaveLength(run.stats.absences + run.stats.lateStarts);
    expect(run.absences.reduce((ms, a) => ms + a.endMs - a.startMs, 0)).toBe(run.stats.absentMs);
    // With every agent on for every open hour there is no plan to show.
    const all = simulate({
      ...options,
      duration: '2h',
      start: '2026-01-05T08:00:00Z',
      staffing: 'all',
    });
    for (const _ of all);
    expect(all.required).toEqual([]);
    expect(all.absences).toEqual([]);
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
