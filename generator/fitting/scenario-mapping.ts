/**
 * The one place a fitted center becomes the simulation's options: when the model's options
 * change (skill groups, shrinkage, rosters), this mapping changes and the estimates do not.
 * What the capture cannot show is left out, so it takes the simulation's default.
 */
import type { Distribution } from '../simulation/distributions.js';
import type { SimulationOptions } from '../simulation/option-types.js';
import type { CenterFit } from './center-fit.js';
import type { LognormalFit } from './lognormal.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `HH:MM` of ms after midnight. */
const clock = (ms: number) =>
  `${String(Math.floor(ms / HOUR)).padStart(2, '0')}:${String(Math.round((ms % HOUR) / MINUTE)).padStart(2, '0')}`;

/** A span as the options write it: whole hours `8h`, else minutes `90m`. */
const span = (ms: number) => (ms % HOUR === 0 ? `${ms / HOUR}h` : `${Math.round(ms / MINUTE)}m`);

/**
 * A fitted lognormal as an option: its arithmetic mean and sd, clamped to the range seen (a
 * patience fit, seen only up to the waits, reaches to its 99.9th percentile instead).
 *
 * @example
 * lognormalOption(fitLognormal(talkSeconds)) // { kind: 'lognormal', mean: 272.5, sd: 183, min: 30.9, max: 1345 }
 */
export function lognormalOption(f: LognormalFit, open = false): Distribution {
  const hi = open ? Math.exp(f.mu + 3.1 * f.sigma) : f.max;
  return {
    kind: 'lognormal',
    mean: round(f.mean),
    sd: round(f.sd),
    min: Math.floor(f.min * 10) / 10,
    max: Math.max(Math.ceil(hi), Math.ceil(f.min * 10) / 10),
  };
}

/** Weekday levels for the options: a weekday the capture does not hold takes the mean of those it does. */
function weekdayLevels(levels: ReadonlyArray<number | null>): number[] {
  const known = levels.filter((l): l is number => l !== null);
  const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  return levels.map((l) => l ?? round(mean, 3));
}

/** The workday: hours, and a shift no longer than the hours (8 h by default). */
function workday(fit: CenterFit): Pick<SimulationOptions, 'hours' | 'shift'> {
  const { openMs, closeMs } = fit.calendar;
  const hours = { open: clock(openMs), close: clock(closeMs) };
  return closeMs - openMs < 8 * HOUR
    ? { hours, shift: { length: span(closeMs - openMs) } }
    : { hours };
}

/**
 * The simulation's options for a fitted center: the window, the calendar and the demand, the
 * headcount and teams, the distributions and probabilities it estimated, emails.
 *
 * @example
 * const options = toSimulationOptions(fitCenter(observations, report));
 * simulate({ ...options, seed: 2 });
 */
export function toSimulationOptions(fit: CenterFit): SimulationOptions {
  const c = fit.calendar;
  const agents = Math.max(1, fit.agents);
  const distributions: Partial<Record<string, Distribution>> = {};
  for (const [name, f] of Object.entries(fit.durations))
    if (f) distributions[name] = lognormalOption(f, name === 'patience');
  const probabilities = Object.fromEntries(
    Object.entries(fit.shares)
      .filter(([, s]) => s.of > 0)
      .map(([name, s]) => [name, s.value]),
  );
  const options: SimulationOptions = {
    start: new Date(c.startMs).toISOString(),
    duration: span(c.endMs - c.startMs),
    agents,
    ...(fit.teamSize !== undefined ? { teamSize: fit.teamSize } : {}),
    ...(fit.supervisorSpan !== undefined ? { supervisorSpan: fit.supervisorSpan } : {}),
    // The capture shows who worked, not the roster behind it (the days each agent has off, the
    // shifts lost to absence): the fitted center rosters every agent seen on every day, none
    // absent, and its plan gives the days off its demand does not need. A roster of 5 days and
    // 5% absence on top of the agents seen would staff each day with fewer than the capture had.
    // Its log-ins are when agents came in: no late starts on top of them either.
    daysPerWeek: 7,
    absence: 0,
    lateStart: 0,
    types: fit.types,
    ...workday(fit),
    utcOffset:
      c.utcOffsetMs === 0 ? 0 : `${c.utcOffsetMs < 0 ? '-' : ''}${span(Math.abs(c.utcOffsetMs))}`,
    curve: c.curve,
    weekdayLevels: weekdayLevels(c.weekdayLevels),
    dailyLevelSd: c.dailyLevelSd,
    arrivalsPerAgentHour: round(c.peakPerHour / agents, 4),
    distributions,
    probabilities,
  };
  if (fit.ringTimeoutSeconds !== undefined && fit.ringTimeoutSeconds > 0)
    options.ringTimeout = fit.ringTimeoutSeconds;
  if (fit.closedVoicemails > 0) options.afterHours = 'voicemail';
  if (fit.disconnectedReason) options.disconnectedReason = true;
  if (fit.emails)
    options.emails = {
      perAgentHour: fit.emails.perAgentHour,
      ...(fit.emails.handle ? { handle: lognormalOption(fit.emails.handle) } : {}),
    };
  return options;
}
