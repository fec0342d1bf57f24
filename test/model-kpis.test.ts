/**
 * The model's KPI bands as an analyst reads them (issue 21's "done when"), on seeds no other
 * test uses: whole Mondays read back by the report per hour and per day, shrinkage from the
 * presence events and the absences, and weeks of rosters. bench/model-kpis.mjs measures the same
 * over more seeds and sizes for docs/simulation.md.
 */
import { describe, expect, test } from 'vitest';
import { CenterReporter } from '../generator/analysis/center-report.js';
import type { SimulationOptions } from '../generator/simulation/option-types.js';
import { simulate } from '../generator/simulation/simulate.js';

const MONDAY = '2026-01-05T00:00:00Z';

interface Day {
  sl: number;
  unanswered: number;
  occupancy: number;
  shrinkage: number;
  /** Hours with 20 calls or more: their service level and unanswered share. */
  hours: Array<{ at: string; offered: number; sl: number; unanswered: number }>;
}

/** A whole day, read per hour and per day; shrinkage = away + absent of logged-in + absent. */
function day(options: SimulationOptions): Day {
  const run = simulate({
    start: MONDAY,
    duration: '24h',
    types: ['channel.*.v0', 'agent.presencechanged.v0'],
    ...options,
  });
  const reporter = new CenterReporter({ intervalMs: 3_600_000 });
  const since = new Map<string, { at: number; away: boolean }>();
  let onMs = 0;
  let awayMs = 0;
  for (const n of run) {
    reporter.add(n);
    if (n.type !== 'agent.presencechanged.v0') continue;
    const at = Date.parse(n.data.timestamp);
    const id = n.data.user.agentId;
    const before = since.get(id);
    if (before) {
      onMs += at - before.at;
      if (before.away) awayMs += at - before.at;
    }
    const type = n.data.presence.category.type;
    if (type === 'loggedOut') since.delete(id);
    else since.set(id, { at, away: type === 'away' });
  }
  const { totals, intervals } = reporter.report();
  const offered = totals.offered ?? 0;
  const answered = totals.answered ?? 0;
  const absent = run.stats.absentMs;
  return {
    sl: totals.serviceLevel ?? 0,
    unanswered: (offered - answered) / offered,
    occupancy: totals.occupancy ?? 0,
    shrinkage: (awayMs + absent) / (onMs + absent),
    hours: intervals
      .filter((h) => (h.offered ?? 0) >= 20)
      .map((h) => ({
        at: h.start.slice(11, 16),
        offered: h.offered ?? 0,
        sl: h.serviceLevel ?? 0,
        unanswered: ((h.offered ?? 0) - (h.answered ?? 0)) / (h.offered ?? 0),
      })),
  };
}

function expectHoursCovered(d: Day, label: string): void {
  for (const h of d.hours) {
    expect(h.sl, `${label} ${h.at} (${h.offered} calls) SL20`).toBeGreaterThanOrEqual(0.6);
    expect(h.unanswered, `${label} ${h.at} unanswered`).toBeLessThanOrEqual(0.1);
  }
}

/** Shrinkage of a whole day: scheduled time not available for contacts, absence included. */
function expectShrinkage(d: Day): void {
  expect(d.shrinkage).toBeGreaterThanOrEqual(0.25);
  expect(d.shrinkage).toBeLessThanOrEqual(0.35);
}

describe('a whole Monday, read per hour and per day', () => {
  test.each(['kpi-a', 'kpi-b'])(
    '100 agents (seed %s): every hour with 20+ calls at SL20 >= 0.60 with <= 10% unanswered; the day near 80/20 with 2-6% unanswered; occupancy 0.72-0.90; shrinkage 0.25-0.35',
    (seed) => {
      const d = day({ agents: 100, seed });
      console.log(`100 agents ${seed}`, JSON.stringify({ ...d, hours: d.hours.length }));
      expectHoursCovered(d, seed);
      expect(d.sl).toBeGreaterThanOrEqual(0.78);
      expect(d.sl).toBeLessThanOrEqual(0.9);
      expect(d.unanswered).toBeGreaterThanOrEqual(0.02);
      expect(d.unanswered).toBeLessThanOrEqual(0.06);
      expect(d.occupancy).toBeGreaterThanOrEqual(0.72);
      expect(d.occupancy).toBeLessThanOrEqual(0.9);
      expectShrinkage(d);
    },
  );

  test('500 agents: economy of scale, occupancy 0.78-0.90 at the objective with 2-6% unanswered, every hour covered', () => {
    const d = day({ agents: 500, seed: 'kpi-c' });
    console.log('500 agents kpi-c', JSON.stringify({ ...d, hours: d.hours.length }));
    expectHoursCovered(d, 'kpi-c');
    expect(d.sl).toBeGreaterThanOrEqual(0.78);
    expect(d.sl).toBeLessThanOrEqual(0.9);
    expect(d.unanswered).toBeGreaterThanOrEqual(0.02);
    expect(d.unanswered).toBeLessThanOrEqual(0.06);
    expect(d.occupancy).toBeGreaterThanOrEqual(0.78);
    expect(d.occupancy).toBeLessThanOrEqual(0.9);
    expectShrinkage(d);
  });

  test('25 agents in one queue: occupancy >= 0.62, the day near 80/20, at most one hour with 20+ calls under SL20 0.60 or over 10% unanswered (and none under 0.50 or over 15%)', () => {
    const d = day({ agents: 25, seed: 'kpi-d' });
    console.log('25 agents kpi-d', JSON.stringify(d));
    // A queue of 25 misses the hour bound in about 1 hour of 100-200 (an 85-call hour's Poisson
    // spread; docs/simulation.md): one such hour in a day, not two, and never far off.
    const missed = d.hours.filter((h) => h.sl < 0.6 || h.unanswered > 0.1);
    expect(missed.length).toBeLessThanOrEqual(1);
    expectHoursCovered(
      {
        ...d,
        hours: missed.map((h) => ({ ...h, sl: h.sl + 0.1, unanswered: h.unanswered - 0.05 })),
      },
      'kpi-d (the one hour, to SL 0.50 and 15%)',
    );
    expectHoursCovered({ ...d, hours: d.hours.filter((h) => !missed.includes(h)) }, 'kpi-d');
    expect(d.occupancy).toBeGreaterThanOrEqual(0.62);
    expect(d.occupancy).toBeLessThanOrEqual(0.9);
    expect(d.sl).toBeGreaterThanOrEqual(0.78);
    expect(d.sl).toBeLessThanOrEqual(0.9);
    expect(d.unanswered).toBeGreaterThanOrEqual(0.02);
    expect(d.unanswered).toBeLessThanOrEqual(0.06);
    expectShrinkage(d);
  });
});

describe('supervisors on the phones in a surge', () => {
  test('25 agents over twelve Mondays: at most 3 of the hours with 20+ calls miss the hour bound, fewer than without supervisors taking calls', () => {
    const seeds = Array.from({ length: 12 }, (_, i) => `kpi-s${i + 1}`);
    const missed = (supervisorsTakeCalls: boolean) =>
      seeds.flatMap((seed) =>
        day({ agents: 25, seed, supervisorsTakeCalls })
          .hours.filter((h) => h.sl < 0.6 || h.unanswered > 0.1)
          .map(
            (h) => `${seed} ${h.at}: SL ${h.sl.toFixed(2)}, ${(h.unanswered * 100).toFixed(1)}%`,
          ),
      );
    const withThem = missed(true);
    const without = missed(false);
    console.log('25 agents, hours missed with supervisors', withThem, 'without', without);
    expect(withThem.length).toBeLessThanOrEqual(3);
    expect(withThem.length).toBeLessThan(without.length);
  });
});

describe('a week of rosters', () => {
  test.each(['kpi-w1', 'kpi-w2'])(
    '50 agents (seed %s): nobody works more than 5 days or 40 scheduled hours, Sunday closed, Monday the busiest day, shrinkage 0.25-0.35',
    (seed) => {
      const run = simulate({
        agents: 50,
        seed,
        start: MONDAY,
        duration: '7d',
        types: ['channel.connected.v0', 'agent.presencechanged.v0'],
      });
      const calls = new Map<string, number>();
      const days = new Map<string, Set<string>>();
      const loggedIn = new Map<string, number>();
      const hours = new Map<string, number>();
      const away = new Map<string, number>();
      let awayMs = 0;
      for (const n of run) {
        const date = n.data.timestamp.slice(0, 10);
        if (n.type === 'channel.connected.v0') {
          if (n.data.channel.party.role === 'external') calls.set(date, (calls.get(date) ?? 0) + 1);
          continue;
        }
        if (n.type !== 'agent.presencechanged.v0') continue;
        const id = n.data.user.agentId;
        const at = Date.parse(n.data.timestamp);
        const since = loggedIn.get(id);
        const awaySince = away.get(id);
        if (awaySince !== undefined) awayMs += at - awaySince;
        away.delete(id);
        if (n.data.presence.category.type === 'away') away.set(id, at);
        if (n.data.presence.category.type === 'loggedOut') {
          if (since !== undefined) hours.set(id, (hours.get(id) ?? 0) + (at - since) / 3.6e6);
          loggedIn.delete(id);
        } else {
          if (since === undefined) loggedIn.set(id, at);
          days.set(id, (days.get(id) ?? new Set()).add(date));
        }
      }
      const most = Math.max(...[...days.values()].map((d) => d.size));
      expect(most).toBeLessThanOrEqual(5);
      // Logged in: the shifts (at most 5 x 8 h), a few minutes either side of each, and the
      // overtime of an agent who answers callers still waiting at the shift's end (up to 30
      // minutes; a plan to the objective, not past it, leaves callers waiting at more closes).
      expect(Math.max(...hours.values())).toBeLessThanOrEqual(41.5);
      expect(calls.get('2026-01-11') ?? 0).toBe(0);
      const busiest = [...calls].sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(busiest).toBe('2026-01-05');
      expect(days.size).toBeGreaterThan(45);
      // Shrinkage: time away and time absent, of the time logged in and absent.
      const onMs = [...hours.values()].reduce((a, b) => a + b, 0) * 3.6e6;
      const absent = run.stats.absentMs;
      const shrinkage = (awayMs + absent) / (onMs + absent);
      console.log(
        `week ${seed}: shrinkage ${shrinkage.toFixed(3)}, ${run.stats.absences} absences`,
      );
      expect(shrinkage).toBeGreaterThanOrEqual(0.25);
      expect(shrinkage).toBeLessThanOrEqual(0.35);
    },
  );
});
