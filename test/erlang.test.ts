/**
 * The queueing engine against queueing theory: set up under Erlang C's assumptions (Poisson
 * arrivals at a flat rate, exponential talk, no wrap, no breaks, one queue, every agent staffed),
 * the seeded simulation reproduces Erlang C's P(wait), ASA, service level and occupancy; with
 * exponential patience, Erlang A's abandonment. KPIs are read back from the emitted events.
 */
import { describe, expect, test } from 'vitest';
import { type CenterKpis, CenterReporter } from '../generator/analysis/center-report.js';
import {
  erlangA,
  erlangAServiceLevel,
  erlangC,
  erlangCKpis,
  requiredAgents,
} from '../generator/simulation/erlang.js';
import { FLAT_CURVE } from '../generator/simulation/intraday-curve.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';

const AGENTS = 14;
const CALLS_PER_HOUR = 200; // 100 per 30 minutes
const TALK_SECONDS = 180;

/** Erlang C's world: nothing but arrivals, waiting and exponential talk. */
function erlangWorld(over: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    seed: 11,
    agents: AGENTS,
    teamSize: AGENTS,
    start: '2026-01-05T00:00:00Z',
    duration: '200h',
    staffing: 'all',
    hours: { open: '00:00', close: '24:00' },
    shift: { length: '24h', breaks: [] },
    curve: FLAT_CURVE,
    weekdayLevels: [1, 1, 1, 1, 1, 1, 1],
    dailyLevelSd: 0,
    arrivalsPerAgentHour: CALLS_PER_HOUR / AGENTS,
    types: ['channel.*.v0', 'agent.presencechanged.v0'],
    distributions: {
      talk: { kind: 'exponential', mean: TALK_SECONDS, min: 1 },
      wrap: { kind: 'fixed', value: 0 },
      ring: { kind: 'fixed', value: 0 },
      patience: { kind: 'fixed', value: 1e7 },
    },
    probabilities: {
      noAnswer: 0,
      hold: 0,
      park: 0,
      transfer: 0,
      conference: 0,
      monitor: 0,
      voicemail: 0,
    },
    ...over,
  };
}

/** The totals of one run, reported once per service-level threshold (one simulation for all). */
function measure(options: SimulationOptions, ...slThresholdsMs: number[]) {
  const reporters = slThresholdsMs.map(
    (slThresholdMs) => new CenterReporter({ intervalMs: 3_600_000, slThresholdMs }),
  );
  for (const n of simulate(options)) for (const reporter of reporters) reporter.add(n);
  return reporters.map((reporter) => reporter.report().totals);
}

describe('Erlang formulas', () => {
  test('Erlang C gives the textbook probability of waiting', () => {
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 3);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 6);
    expect(erlangC(5, 5)).toBe(1);
  });

  test('the required agents are the fewest that meet the objective', () => {
    const p = { arrivalRate: 100 / 1800, handleTime: 180, threshold: 20, target: 0.8 };
    const n = requiredAgents(p);
    expect(erlangCKpis({ ...p, agents: n }).serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangCKpis({ ...p, agents: n - 1 }).serviceLevel).toBeLessThan(0.8);
  });

  test('Erlang A with endless patience is Erlang C, and abandonment grows with impatience', () => {
    const c = erlangC(14, 10);
    const a = erlangA({ agents: 14, arrivalRate: 10 / 180, handleTime: 180, patience: 1e9 });
    expect(a.pWait).toBeCloseTo(c, 3);
    const patient = erlangA({ agents: 14, arrivalRate: 13 / 180, handleTime: 180, patience: 300 });
    const hasty = erlangA({ agents: 14, arrivalRate: 13 / 180, handleTime: 180, patience: 60 });
    expect(hasty.abandonment).toBeGreaterThan(patient.abandonment);
  });
});

/**
 * Erlang A's service level the long way, as a check on the fast one: the stationary chain summed
 * state by state, and each place's chance of an answer within the threshold by integrating its
 * backward equation (RK4 in small steps), not by uniformization.
 */
function serviceLevelTheLongWay(p: {
  agents: number;
  arrivalRate: number;
  handleTime: number;
  patience: number;
  threshold: number;
}): number {
  const { agents: n, arrivalRate: lambda } = p;
  const mu = 1 / p.handleTime;
  const theta = 1 / p.patience;
  const states = [1];
  for (let k = 1; k < n + 200; k++) {
    const death = Math.min(k, n) * mu + Math.max(0, k - n) * theta;
    states.push((states[k - 1] as number) * (lambda / death));
  }
  const total = states.reduce((a, b) => a + b, 0);
  const places = states.length - n;
  // u[j]: the chance that a caller at place j (1 = next) is answered within s; u[0] = 1.
  const deriv = (u: number[]) =>
    u.map((x, j) =>
      j === 0 ? 0 : (n * mu + (j - 1) * theta) * ((u[j - 1] as number) - x) - theta * x,
    );
  let u: number[] = Array.from({ length: places + 1 }, (_, j) => (j === 0 ? 1 : 0));
  const steps = 1000;
  const h = p.threshold / steps;
  const add = (a: number[], b: number[], f: number) => a.map((x, j) => x + f * (b[j] as number));
  for (let i = 0; i < steps; i++) {
    const k1 = deriv(u);
    const k2 = deriv(add(u, k1, h / 2));
    const k3 = deriv(add(u, k2, h / 2));
    const k4 = deriv(add(u, k3, h));
    u = u.map(
      (x, j) =>
        x +
        (h / 6) *
          ((k1[j] as number) + 2 * (k2[j] as number) + 2 * (k3[j] as number) + (k4[j] as number)),
    );
  }
  let level = 0;
  for (let k = 0; k < states.length; k++) {
    const seen = (states[k] as number) / total;
    level += k < n ? seen : seen * (u[k - n + 1] ?? 0);
  }
  return level;
}

describe("Erlang A's service level", () => {
  test.each([
    { agents: 14, arrivalRate: 110 / 3600, handleTime: 348, patience: 100, threshold: 20 },
    { agents: 5, arrivalRate: 1 / 60, handleTime: 240, patience: 60, threshold: 30 },
    { agents: 30, arrivalRate: 29 / 300, handleTime: 300, patience: 100, threshold: 20 },
    { agents: 8, arrivalRate: 12 / 300, handleTime: 300, patience: 45, threshold: 20 },
    // A threshold past the mean patience (80/120): no place in the queue is out of reach.
    { agents: 10, arrivalRate: 10 / 300, handleTime: 300, patience: 100, threshold: 120 },
  ])('agrees with the chain solved the long way: %o', (p) => {
    expect(erlangAServiceLevel(p)).toBeCloseTo(serviceLevelTheLongWay(p), 6);
  });

  test("with endless patience it is Erlang C's, for small queues and for one of 3,000 agents", () => {
    for (const [agents, perSecond, handleTime] of [
      [14, 10 / 180, 180],
      [100, 90 / 300, 300],
      [3000, 2940 / 60, 60],
    ] as const) {
      const p = { agents, arrivalRate: perSecond, handleTime, threshold: 20 };
      const c = erlangCKpis(p).serviceLevel;
      expect(erlangAServiceLevel({ ...p, patience: 1e12 })).toBeCloseTo(c, 6);
    }
  });

  test('no agents answer nobody; no calls are all answered; an overloaded queue answers few in time', () => {
    const p = { arrivalRate: 1, handleTime: 300, patience: 100, threshold: 20 };
    expect(erlangAServiceLevel({ ...p, agents: 0 })).toBe(0);
    expect(erlangAServiceLevel({ ...p, agents: 10, arrivalRate: 0 })).toBe(1);
    expect(erlangAServiceLevel({ ...p, agents: 10 })).toBeLessThan(0.05);
  });
});

describe('the simulation against queueing theory', () => {
  test('under Erlang C assumptions it reproduces P(wait), ASA, service level and occupancy', () => {
    const expected = erlangCKpis({
      agents: AGENTS,
      arrivalRate: CALLS_PER_HOUR / 3600,
      handleTime: TALK_SECONDS,
      threshold: 20,
    });
    // Waiting at all (at0): answered later than the millisecond the caller arrived.
    const [at20, at0] = measure(erlangWorld(), 20_000, 0) as [CenterKpis, CenterKpis];
    const pWait = 1 - (at0.serviceLevel ?? 0);
    // Nobody abandons in Erlang C's world (a caller whose call ends within its first
    // millisecond can read as one: events of one instant arrive in any order).
    expect(Number(at20.abandoned) / Number(at20.offered)).toBeLessThan(0.001);
    expect(pWait).toBeGreaterThan(expected.pWait - 0.04);
    expect(pWait).toBeLessThan(expected.pWait + 0.04);
    expect(at20.serviceLevel).toBeGreaterThan(expected.serviceLevel - 0.03);
    expect(at20.serviceLevel).toBeLessThan(expected.serviceLevel + 0.03);
    expect(at20.asa).toBeGreaterThan(expected.asa - 2.5);
    expect(at20.asa).toBeLessThan(expected.asa + 2.5);
    expect(at20.occupancy).toBeGreaterThan(expected.occupancy - 0.03);
    expect(at20.occupancy).toBeLessThan(expected.occupancy + 0.03);
  });

  test("with exponential patience the abandonment is Erlang A's", () => {
    const callsPerHour = 270; // 13.5 Erlangs on 14 agents: a queue that sheds callers
    const patience = 120;
    const expected = erlangA({
      agents: AGENTS,
      arrivalRate: callsPerHour / 3600,
      handleTime: TALK_SECONDS,
      patience,
    });
    const [totals] = measure(
      erlangWorld({
        arrivalsPerAgentHour: callsPerHour / AGENTS,
        distributions: {
          talk: { kind: 'exponential', mean: TALK_SECONDS, min: 1 },
          wrap: { kind: 'fixed', value: 0 },
          ring: { kind: 'fixed', value: 0 },
          patience: { kind: 'exponential', mean: patience },
        },
      }),
      20_000,
    ) as [CenterKpis];
    const abandonment = Number(totals.abandoned) / Number(totals.offered);
    expect(expected.abandonment).toBeGreaterThan(0.03);
    expect(abandonment).toBeGreaterThan(expected.abandonment * 0.8);
    expect(abandonment).toBeLessThan(expected.abandonment * 1.2);
  });
});
