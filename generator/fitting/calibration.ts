/**
 * Calibration by simulation: what the events cannot show directly, the service objective the
 * center's staffing was planned for, is found by simulating the fitted center and moving the
 * objective until its service level is the capture's (a bisection; the simulation's staffing
 * plan is monotone in it). The simulation is handed in, so fitting never imports it.
 */
import type { CenterKpis, CenterReport } from '../analysis/report-types.js';
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
 * The capture's service level over the intervals that start within a window (null: no calls, or
 * a stream that cannot tell).
 *
 * @example
 * serviceLevelWithin(report, { startMs: Date.UTC(2026, 0, 5), endMs: Date.UTC(2026, 0, 6) }) // 0.87
 */
export function serviceLevelWithin(
  report: CenterReport,
  window: { startMs: number; endMs: number },
): number | null {
  let offered = 0;
  let within = 0;
  for (const k of report.intervals) {
    const at = Date.parse(k.start);
    if (at < window.startMs || at >= window.endMs || !k.offered) continue;
    offered += k.offered;
    within += (k.serviceLevel ?? 0) * k.offered;
  }
  return offered > 0 ? within / offered : null;
}

/**
 * Finds the service objective (within the report's threshold) whose simulated service level is
 * the capture's over the same window (its busiest day): bisection over the target from 20% to
 * 99%, each step the mean of two seeded runs, stopping within 0.015 or after `maxRuns` steps.
 * Undefined when the window holds no call.
 *
 * @example
 * const cal = calibrateServiceObjective(options, fit.calendar, captureReport, runTotals);
 * if (cal) options.serviceLevel = cal.serviceLevel;
 */
export function calibrateServiceObjective(
  options: SimulationOptions,
  calendar: CalendarFit,
  capture: CenterReport,
  simulateTotals: SimulateTotals,
  maxRuns = 6,
): Calibration | undefined {
  const window = calibrationWindow(calendar);
  const observed = serviceLevelWithin(capture, window);
  if (observed === null) return undefined;
  const thresholdSeconds = capture.slThresholdSeconds;
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
