/**
 * Calibration by simulation: what the events cannot show directly, the service objective the
 * center's staffing was planned for, is found by simulating the fitted center and moving the
 * objective until its service level is the capture's (a bisection; the simulation's staffing
 * plan is monotone in it). The simulation is handed in, so fitting never imports it.
 */
import type { CenterKpis } from '../analysis/report-types.js';
import type { SimulationOptions } from '../simulation/option-types.js';
import type { CalendarFit } from './calendar-fit.js';

const DAY = 86_400_000;

/** Simulates options and reports the stream's totals (the CLI and tests pass simulate + report). */
export type SimulateTotals = (options: SimulationOptions) => CenterKpis;

/** How the objective was found: each run's objective and service level. */
export interface Calibration {
  /** The objective written into the options, e.g. `'86.5/20'`. */
  serviceLevel: string;
  /** The capture's service level, and the calibrated center's in its last run. */
  observed: number;
  simulated: number;
  runs: Array<{ target: number; serviceLevel: number }>;
  /** The window simulated: the capture's busiest day (or the whole capture when shorter). */
  startMs: number;
  endMs: number;
}

/** The seeds of the calibration runs: fixed, so a fit is reproducible. */
const SEEDS = ['fit-calibration-1', 'fit-calibration-2'];

/** The capture's busiest local day within the window, or the window when it holds one day. */
function calibrationWindow(c: CalendarFit): { startMs: number; endMs: number } {
  if (c.endMs - c.startMs <= DAY || c.days.length === 0)
    return { startMs: c.startMs, endMs: c.endMs };
  const busiest = c.days.reduce((a, b) => (b.arrivals > a.arrivals ? b : a));
  return {
    startMs: Math.max(c.startMs, busiest.startMs),
    endMs: Math.min(c.endMs, busiest.startMs + DAY),
  };
}

/**
 * Finds the service objective (within the report's threshold) whose simulated service level is
 * the observed one: bisection over the target from 20% to 99%, each step the mean of two
 * seeded runs over the capture's busiest day, stopping within 0.015 or after `maxRuns` steps.
 *
 * @example
 * const cal = calibrateServiceObjective(options, fit.calendar, 0.86, 20, runTotals);
 * options.serviceLevel = cal.serviceLevel;
 */
export function calibrateServiceObjective(
  options: SimulationOptions,
  calendar: CalendarFit,
  observed: number,
  thresholdSeconds: number,
  simulateTotals: SimulateTotals,
  maxRuns = 6,
): Calibration {
  const window = calibrationWindow(calendar);
  const objective = (t: number) => `${Math.round(t * 1000) / 10}/${thresholdSeconds}`;
  const level = (target: number): number => {
    let sum = 0;
    for (const seed of SEEDS) {
      const totals = simulateTotals({
        ...options,
        seed,
        start: new Date(window.startMs).toISOString(),
        duration: Math.round((window.endMs - window.startMs) / 1000),
        // What a service level is counted from: callers and agents connecting, channels ending.
        types: ['channel.connected.v0', 'channel.ended.v0'],
        serviceLevel: objective(target),
      });
      sum += totals.serviceLevel ?? 0;
    }
    return sum / SEEDS.length;
  };
  const runs: Calibration['runs'] = [];
  let lo = 0.2;
  let hi = 0.99;
  let target = Math.min(hi, Math.max(lo, observed - 0.05));
  let best = { target, serviceLevel: Number.NaN, miss: Number.POSITIVE_INFINITY };
  for (let i = 0; i < maxRuns; i++) {
    const sl = level(target);
    runs.push({ target: Math.round(target * 1000) / 1000, serviceLevel: sl });
    const miss = Math.abs(sl - observed);
    if (miss < best.miss) best = { target, serviceLevel: sl, miss };
    if (miss <= 0.015) break;
    if (sl > observed) hi = target;
    else lo = target;
    target = (lo + hi) / 2;
  }
  return {
    serviceLevel: objective(best.target),
    observed,
    simulated: best.serviceLevel,
    runs,
    ...window,
  };
}
