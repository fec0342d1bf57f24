/**
 * `vcc-sim fit` as a round trip: a fit of a simulated stream recovers the scenario it was
 * simulated from (within the tolerances stated below), and the fitted center, simulated on seeds
 * never used, reports like the stream it was fitted to. Seeds here are used nowhere else.
 */
import { describe, expect, test } from 'vitest';
import { type CenterReport, CenterReporter } from '../generator/analysis/center-report.js';
import { parkMs } from '../generator/analysis/interaction-accounting.js';
import { fitCalendar } from '../generator/fitting/calendar-fit.js';
import { calibrateServiceObjective } from '../generator/fitting/calibration.js';
import { CaptureSample } from '../generator/fitting/capture-sample.js';
import { type CenterFit, fitCenter } from '../generator/fitting/center-fit.js';
import { firstCallHour } from '../generator/fitting/fit-summary.js';
import { fitCensoredLognormal, fitLognormal } from '../generator/fitting/lognormal.js';
import { toSimulationOptions } from '../generator/fitting/scenario-mapping.js';
import { resolveOptions, type SimulationOptions } from '../generator/simulation/options.js';
import { RandomStream } from '../generator/simulation/random.js';
import { simulate } from '../generator/simulation/simulate.js';

const ALL = ['channel.*.v0', 'agent.presencechanged.v0'];
const HOUR = 3_600_000;

function report(options: SimulationOptions): CenterReport {
  const r = new CenterReporter();
  for (const n of simulate(options)) r.add(n);
  return r.report();
}

/** Fits already made, by scenario: a center's recovery and round-trip tests share one fit. */
const fits = new Map<string, ReturnType<typeof fitAnew>>();

/** Simulates `scenario`, fits it (calibrated by simulation, as `vcc-sim fit` does). */
function fitOf(scenario: SimulationOptions, utcOffsetMs?: number) {
  const key = JSON.stringify([scenario, utcOffsetMs]);
  const made = fits.get(key) ?? fitAnew(scenario, utcOffsetMs);
  fits.set(key, made);
  // Each test gets its own copy of the options to change.
  return { ...made, options: structuredClone(made.options) };
}

function fitAnew(scenario: SimulationOptions, utcOffsetMs?: number) {
  const sample = new CaptureSample();
  for (const n of simulate({ types: ALL, ...scenario })) sample.add(n);
  const { observations, report: captured } = sample.finish();
  const fit = fitCenter(observations, captured, { utcOffsetMs });
  const options = toSimulationOptions(fit);
  const cal = calibrateServiceObjective(options, fit.calendar, captured, (o) => report(o).totals);
  if (cal) options.serviceLevel = cal.serviceLevel;
  return { fit, options, captured };
}

/** Each open hour's mean of a curve as the model interpolates it, over the open hours' mean. */
function hourMeans(curve: readonly number[], open: number, close: number): number[] {
  const w = (h: number) => curve[h] ?? 0;
  const means: number[] = [];
  for (let h = open; h < close; h++) means.push(0.125 * w(h - 1) + 0.75 * w(h) + 0.125 * w(h + 1));
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  return means.map((m) => m / mean);
}

const within = (actual: number, expected: number, relative: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative);
const near = (actual: number, expected: number, absolute: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(absolute);

/** A center open 07:00-19:00 (the window shows both sides), short calls, many transfers. */
const LATE_FLAT: SimulationOptions = {
  seed: 'fit-late-flat',
  agents: 40,
  teamSize: 20,
  start: '2026-01-06T06:00:00Z',
  duration: '14h',
  hours: { open: '07:00', close: '19:00' },
  curve: [
    0, 0, 0, 0, 0, 0, 0.2, 0.7, 1, 1, 0.9, 0.8, 0.8, 0.9, 1, 1, 0.9, 0.8, 0.6, 0.3, 0, 0, 0, 0,
  ],
  dailyLevelSd: 0,
  distributions: {
    talk: { kind: 'lognormal', mean: 180, sd: 100, min: 5, max: 3600 },
    wrap: { kind: 'lognormal', mean: 30, sd: 15, min: 2, max: 600 },
    hold: { kind: 'lognormal', mean: 70, sd: 40, min: 3, max: 600 },
    patience: { kind: 'lognormal', mean: 60, sd: 40, min: 3, max: 1800 },
  },
  probabilities: { transfer: 0.12, hold: 0.4, noAnswer: 0.06, park: 0.04, voicemail: 0.4 },
};

/** Six days of a small blended center five hours behind UTC, with its own weekday pattern. */
const WEEK_BLENDED: SimulationOptions = {
  seed: 'fit-week-blended',
  agents: 24,
  teamSize: 8,
  start: '2026-01-05T05:00:00Z',
  duration: '6d',
  utcOffset: '-5h',
  hours: { open: '09:00', close: '17:00' },
  weekdayLevels: [0, 1, 0.8, 0.9, 0.7, 0.6, 0],
  dailyLevelSd: 0,
  emails: {
    perAgentHour: 2,
    handle: { kind: 'lognormal', mean: 300, sd: 200, min: 20, max: 1800 },
  },
  distributions: { talk: { kind: 'lognormal', mean: 400, sd: 250, min: 10, max: 3600 } },
};

describe('fit recovers the scenario a stream was simulated from', () => {
  test('a late, flat center with short calls: hours, teams, durations and shares', () => {
    const { fit } = fitOf(LATE_FLAT);
    const c = fit.calendar;
    // A simulated stream starts empty and ends with its calls finished: it shows both sides.
    expect([c.openMs / HOUR, c.closeMs / HOUR, c.openSeen, c.closeSeen]).toEqual([
      7,
      19,
      true,
      true,
    ]);
    expect(c.utcOffsetMs).toBe(0);
    // Issue 21's model: `teamSize` is a queue's agents (two queues of 20), each led by
    // supervisors of `supervisorSpan` 12 (teams of 12 and 8: four supervisors). A day's capture
    // shows only the agents who worked it: the weekly roster gives each agent 1 of the 6 open
    // days off and 5% of shifts are lost to absence (40 x 5/6 x 0.95 = 32), so fewer are seen
    // than the 36-40 the model before counted, and the queues seen are smaller than 20.
    expect(fit.teams).toHaveLength(2);
    expect(fit.supervisors).toBe(4);
    expect(fit.teamSize).toBeLessThanOrEqual(20);
    expect(fit.teamSize).toBeGreaterThanOrEqual(14);
    expect(fit.supervisorSpan).toBeLessThanOrEqual(12);
    expect(fit.supervisorSpan).toBeGreaterThanOrEqual(8);
    expect(fit.agents).toBeLessThanOrEqual(40);
    expect(fit.agents).toBeGreaterThanOrEqual(28);
    const d = fit.durations;
    within(d.talk?.mean ?? 0, 180, 0.05);
    within(d.wrap?.mean ?? 0, 30, 0.05);
    within(d.hold?.mean ?? 0, 70, 0.1);
    within(d.ring?.mean ?? 0, 6, 0.05);
    within(d.patience?.mean ?? 0, 60, 0.35);
    const s = fit.shares;
    near(s.transfer.value, 0.12, 0.02);
    near(s.hold.value, 0.4, 0.03);
    // Rung-out offers are rare (63 of 1,400 first offers here, 0.045): within three binomial
    // standard deviations of the share simulated (0.015 was 2.3 of them, and a run whose path
    // changes reads 0.044-0.047; the fit counts exactly the offers the stream shows).
    near(s.noAnswer.value, 0.06, 3 * Math.sqrt((0.06 * 0.94) / s.noAnswer.of));
    near(s.park.value, 0.04, 0.015);
    near(s.voicemail.value, 0.4, 0.15);
    // The curve as the model reads it (each open hour's mean rate, interpolated between hour
    // midpoints), relative to the day's mean: within 25% each hour at ~170 calls an hour.
    const truth = hourMeans(LATE_FLAT.curve as number[], 7, 19);
    hourMeans(c.curve, 7, 19).forEach((m, i) => {
      near(m, truth[i] as number, 0.25);
    });
  });

  test('a week of a blended center behind UTC: weekday levels, emails, the local hours given its offset', () => {
    const { fit, options } = fitOf(WEEK_BLENDED, -5 * HOUR);
    const c = fit.calendar;
    expect([c.openMs / HOUR, c.closeMs / HOUR]).toEqual([9, 17]);
    expect(options.utcOffset).toBe('-5h');
    const truth = WEEK_BLENDED.weekdayLevels as number[];
    for (let w = 1; w <= 5; w++) near(c.weekdayLevels[w] ?? -1, truth[w] as number, 0.1);
    expect(c.weekdayLevels[0]).toBeNull(); // closed Sunday and Saturday: no call shows them
    expect(fit.teamSize).toBe(8);
    within(fit.durations.talk?.mean ?? 0, 400, 0.06);
    within(fit.emails?.perAgentHour ?? 0, 2, 0.15);
    within(fit.emails?.handle?.mean ?? 0, 300, 0.1);
  });

  test('supervisors who monitored calls are told from the agents, though they took calls in a surge', () => {
    const sample = new CaptureSample();
    const surge = {
      agents: 25,
      seed: 'fit-x',
      start: '2026-01-05T00:00:00Z',
      duration: '1d',
      demandOverForecast: 1.3,
      probabilities: { monitor: 0.05 },
    };
    const legsOf = new Map<string, number>();
    for (const n of simulate({ ...surge, types: ALL })) {
      sample.add(n);
      const party = n.source === '/channel' ? n.data.channel.party : undefined;
      if (n.type === 'channel.connected.v0' && party?.role === 'agent' && party.agentId)
        legsOf.set(party.agentId, (legsOf.get(party.agentId) ?? 0) + 1);
    }
    const { observations } = sample.finish();
    const supervisors = [...observations.supervisors];
    // Some supervisor here both monitored and answered calls as an agent.
    expect(supervisors.some((s) => (legsOf.get(s) ?? 0) > 0)).toBe(true);
    expect(supervisors.filter((s) => observations.agents.has(s))).toEqual([]);
  });

  test('with no offset given, the hours are the same moments in UTC', () => {
    const sample = new CaptureSample();
    for (const n of simulate({ ...WEEK_BLENDED, types: ALL, duration: '2d' })) sample.add(n);
    const { observations, report: r } = sample.finish();
    const c = fitCenter(observations, r).calendar;
    expect([c.utcOffsetMs, c.openMs / HOUR, c.closeMs / HOUR]).toEqual([0, 14, 22]);
  });
});

/** The KPIs a replay is judged by, and the stated tolerances. */
function expectSameCenter(a: CenterReport, b: CenterReport, days: number) {
  const t = a.totals;
  const u = b.totals;
  const known = (x: number | null) => {
    expect(x).not.toBeNull();
    return x as number;
  };
  within(known(u.offered) / days, known(t.offered) / days, 0.1);
  within(u.talk ?? 0, t.talk ?? 0, 0.1);
  within(u.wrap ?? 0, t.wrap ?? 0, 0.1);
  within(u.aht ?? 0, t.aht ?? 0, 0.08);
  near(u.transfers / known(u.answered), t.transfers / known(t.answered), 0.02);
  near(u.serviceLevel ?? 0, t.serviceLevel ?? 0, 0.06);
  expect(firstCallHour(b)).toBe(firstCallHour(a));
}

describe('a fitted center, simulated on new seeds, reports like the stream it was fitted to', () => {
  test.each([
    ['a late, flat center with short calls', LATE_FLAT, undefined],
    ['a week of a blended center behind UTC', WEEK_BLENDED, -5 * HOUR],
    [
      'a center staffed for 95% within 10 s',
      { seed: 'fit-strict', agents: 30, duration: '10h', serviceLevel: '95/10', dailyLevelSd: 0 },
      undefined,
    ],
  ] as const)('%s', (_, scenario, offset) => {
    const { fit, options, captured } = fitOf(scenario, offset);
    const days = Math.max(1, fit.calendar.days.length);
    for (const seed of ['replay-a', 'replay-b'])
      expectSameCenter(captured, report({ ...options, seed }), days);
  });
});

describe('the fitted options', () => {
  test('are valid simulation options, and name what the capture showed', () => {
    // The model plans this small morning with few agents and ~30 calls: at the default monitor
    // share no supervisor would show, so the supervisor here monitors half the calls.
    const { options } = fitOf({
      ...LATE_FLAT,
      duration: '4h',
      agents: 10,
      teamSize: 25,
      probabilities: { ...LATE_FLAT.probabilities, monitor: 0.5 },
    });
    expect(() => resolveOptions(options)).not.toThrow();
    // A simulated stream ends with its calls finished: its last call is the closing it shows.
    expect(options.hours).toEqual({ open: '07:00', close: '10:00' });
    expect(options.shift).toEqual({ length: '3h' });
    // One queue with one supervisor: as many agents a queue and a supervisor's team as seen.
    expect(options.teamSize).toBe(options.agents);
    expect(options.supervisorSpan).toBe(options.agents);
    // The capture shows who worked, not the roster: every agent seen works every day, none absent.
    expect([options.daysPerWeek, options.absence, options.lateStart]).toEqual([7, 0, 0]);
    expect(options.types).toContain('channel.held.v0');
  });

  test('a capture of a few hours gets a shift no longer than its open hours', () => {
    const sample = new CaptureSample();
    for (const n of simulate({
      seed: 'fit-short-day',
      types: ALL,
      agents: 8,
      start: '2026-01-07T11:00:00Z',
      duration: '6h',
      hours: { open: '12:00', close: '16:00' },
      shift: { length: '4h' },
      arrivalsPerAgentHour: 5,
    }))
      sample.add(n);
    const { observations, report: r } = sample.finish();
    const options = toSimulationOptions(fitCenter(observations, r));
    expect(options.hours).toEqual({ open: '12:00', close: '16:00' });
    expect(options.shift).toEqual({ length: '4h' });
    expect(() => resolveOptions(options)).not.toThrow();
  });
});

describe('the opening a capture shows', () => {
  // A quiet morning: the agents opening at 07:00 log in at 06:57, the first call comes at 07:20.
  const day = Date.parse('2026-01-06T00:00:00Z');
  const at = (hhmm: string) => day + Date.parse(`1970-01-01T${hhmm}:00Z`);
  const arrivals = ['07:20', '08:10', '09:40', '10:30'].map((t) => ({ atMs: at(t), queued: true }));
  const span = (presenceMs: number[], inProgressAtStart = 0) => ({
    firstMs: Math.min(at('07:20'), ...presenceMs),
    lastArrivalMs: at('10:30'),
    lastMs: at('10:35'),
    inProgressAtStart,
    inProgressAtEnd: 0,
    presenceMs,
  });

  test('is the quarter after the first login when that comes before the first call', () => {
    const open = (s: ReturnType<typeof span>) => fitCalendar(arrivals, s, 0).openMs / HOUR;
    expect(open(span([at('06:57'), at('07:40')]))).toBe(7);
    // Without presence events, the first call's quarter; a login after the first call does not
    // move it.
    expect(open(span([]))).toBe(7.25);
    expect(open(span([at('07:31')]))).toBe(7.25);
    // A capture that began with calls in progress does not show the opening: logins in it are
    // later shifts', and the side is the first call's quarter (08:00 only where earlier).
    expect(open(span([at('06:57')], 2))).toBe(7.25);
  });
});

describe('the lognormal fits', () => {
  test('the maximum-likelihood fit on logs recovers a lognormal from its draws', () => {
    const rng = new RandomStream('fit-lognormal', 'draws');
    const xs = Array.from({ length: 20_000 }, () => Math.exp(Math.log(100) + 0.6 * rng.normal()));
    const f = fitLognormal(xs) as NonNullable<ReturnType<typeof fitLognormal>>;
    near(f.mu, Math.log(100), 0.02);
    near(f.sigma, 0.6, 0.02);
    within(f.mean, 100 * Math.exp(0.18), 0.02);
    expect(fitLognormal([5])).toBeUndefined();
  });

  test('the censored fit recovers patience from abandons censored by answers, where the plain mean of abandons does not', () => {
    const rng = new RandomStream('fit-censored', 'draws');
    const ended: number[] = [];
    const censored: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const patience = Math.exp(Math.log(90) + 0.7 * rng.normal());
      const wait = 120 * rng.exponential(1) * 0.5;
      if (patience < wait) ended.push(patience);
      else censored.push(wait);
    }
    const f = fitCensoredLognormal(ended, censored) as NonNullable<
      CenterFit['durations']['patience']
    >;
    within(f.mean, 90 * Math.exp(0.245), 0.05);
    near(f.sigma, 0.7, 0.05);
    expect(f.observedMean).toBeLessThan(f.mean * 0.7);
  });
});

describe("the report's interactions, as fit reads them", () => {
  test('each finished call comes with its legs and agents, its parked time and its supervisors', () => {
    const seen: Array<{ parkMs: number; monitors: string[]; agents: string[] }> = [];
    const reporter = new CenterReporter({
      onInteraction: (ix) =>
        seen.push({
          parkMs: parkMs(ix, ix.customerEndedMs),
          monitors: [...ix.monitors],
          agents: [...ix.legs.values()].map((l) => l.agentId),
        }),
    });
    for (const n of simulate({
      seed: 'fit-hook',
      agents: 6,
      duration: '1h',
      types: ALL,
      probabilities: { hold: 0, park: 1, monitor: 1 },
    }))
      reporter.add(n);
    // Those over within the grace for stragglers are handed over once the stream ends.
    const beforeEnd = seen.length;
    const reportBeforeEnd = reporter.report();
    reporter.end();
    expect(seen.length).toBeGreaterThan(beforeEnd);
    // Accounting them now rather than on the report's copies changes nothing it reports.
    expect(reporter.report()).toEqual(reportBeforeEnd);
    const { totals } = reporter.report();
    // Calls still going at the stream's end are reported but not handed over.
    expect(seen.length).toBeGreaterThan((totals.answered ?? 0) * 0.9);
    expect(seen.every((s) => s.agents.every((a) => /^\d+$/.test(a)))).toBe(true);
    const answered = seen.filter((s) => s.agents.length > 0);
    expect(answered.filter((s) => s.parkMs > 0).length).toBeGreaterThan(answered.length * 0.8);
    expect(answered.filter((s) => s.monitors.length === 1).length).toBeGreaterThan(0);
  });
});
