/**
 * Option resolution, one concept at a time: the window, the workday (hours, shifts, breaks),
 * the forecast (curve, weekday levels), the call model (distributions, probabilities), the
 * headcount and demand, the staffing policy, the day-to-day variation, emails and a hang-up
 * burst. `resolveOptions` applies them in turn and throws a {@link SimError} naming the first
 * bad option.
 */

import { parseDuration } from '../duration.js';
import { SimError } from '../errors.js';
import { DEFAULT_TYPES } from '../notifications/event-types.js';
import { selectTypes } from '../notifications/type-filter.js';
import { resolveClock } from '../time-zone.js';
import { type Distribution, type Sampler, sampler } from './distributions.js';
import { DEFAULT_CURVE } from './intraday-curve.js';
import { clockTime, parseStart, probability, wholeNumber } from './option-checks.js';
import { resolveHeadcount } from './option-headcount.js';
import { resolveShrinkage } from './option-shrinkage.js';
import {
  DEFAULT_DISTRIBUTIONS,
  DEFAULT_PROBABILITIES,
  DEFAULT_REASONS,
  DEFAULT_START,
  type Distributions,
  type Probabilities,
  type ResolvedOptions,
  type SimulationOptions,
  type Workday,
} from './option-types.js';

export { parseServiceLevel, parseStart } from './option-checks.js';
export {
  type BreakPlan,
  DEFAULT_DISTRIBUTIONS,
  DEFAULT_PROBABILITIES,
  DEFAULT_REASONS,
  DEFAULT_START,
  type Distributions,
  type Probabilities,
  type Reasons,
  type ResolvedOptions,
  type SimulationOptions,
} from './option-types.js';

/**
 * Applies defaults and checks every option; throws a {@link SimError} naming the bad one.
 *
 * @example
 * const r = resolveOptions({ agents: 50, duration: '8h', seed: 7 });
 * r.teamCount // 5
 */
export function resolveOptions(options: SimulationOptions = {}): ResolvedOptions {
  const window = resolveWindow(options);
  const teamSize = wholeNumber(options.teamSize ?? 64, 'team size', 1, 10_000, 'teamSize');
  const supervisorSpan = wholeNumber(
    options.supervisorSpan ?? 12,
    'supervisor span',
    1,
    10_000,
    'supervisorSpan',
  );
  const supervisorsTakeCalls = options.supervisorsTakeCalls ?? true;
  if (typeof supervisorsTakeCalls !== 'boolean')
    throw new SimError(
      'config',
      `Invalid supervisorsTakeCalls ${JSON.stringify(supervisorsTakeCalls)}: give true or false.`,
      { option: 'supervisorsTakeCalls', allowed: 'give true or false' },
    );
  const workday = resolveWorkday(options);
  const forecast = resolveForecast(options);
  const calls = resolveCallModel(options);
  const variation = resolveDayToDay(options);
  const headcount = resolveHeadcount(
    options,
    teamSize,
    { ...workday, dailyLevelSd: variation.dailyLevelSd },
    forecast,
    calls,
  );
  const policy = resolveStaffingPolicy(options);
  const ringTimeout = options.ringTimeout ?? 20;
  if (!(ringTimeout > 0 && ringTimeout <= 600))
    throw new SimError('config', 'ringTimeout must be in (0, 600] seconds.');
  return {
    seed: window.seed,
    startMs: window.startMs,
    endMs: window.endMs,
    agents: headcount.agents,
    teamSize,
    supervisorSpan,
    supervisorsTakeCalls,
    teamCount: headcount.teamCount,
    teams: headcount.teams,
    types: selectTypes(options.types ?? DEFAULT_TYPES),
    openMs: workday.openMs,
    closeMs: workday.closeMs,
    ...resolveClock(options, window),
    shiftMs: workday.shiftMs,
    partTimeMs: workday.partTimeMs,
    breaks: workday.breaks,
    offline: workday.offline,
    absence: workday.absence,
    daysPerWeek: workday.daysPerWeek,
    personalTimePerHour: workday.personalTimePerHour,
    systemIssuesPerHour: workday.systemIssuesPerHour,
    lateStart: workday.lateStart,
    curve: forecast.curve,
    arrivalsPerAgentHour: headcount.arrivalsPerAgentHour,
    staffing: policy.staffing,
    serviceLevel: headcount.serviceLevel,
    afterHours: policy.afterHours,
    meanHandleSeconds: calls.meanHandleSeconds,
    weekdayLevels: forecast.weekdayLevels,
    dailyLevelSd: variation.dailyLevelSd,
    intradayNoiseSd: variation.intradayNoiseSd,
    demandOverForecast: variation.demandOverForecast,
    intradayReaction: variation.intradayReaction,
    ringTimeoutMs: Math.round(ringTimeout * 1000),
    samplers: calls.samplers,
    probabilities: calls.probabilities,
    reasons: { ...DEFAULT_REASONS, ...options.reasons },
    disconnectedReason: options.disconnectedReason ?? false,
    emails: resolveEmails(options.emails),
    burst: resolveBurst(options.burst),
  };
}

/** The simulated window: its seed, start and end (a duration or an end, up to 400 days). */
function resolveWindow(
  options: SimulationOptions,
): Pick<ResolvedOptions, 'seed' | 'startMs' | 'endMs'> {
  const seed = String(options.seed ?? '1');
  const startMs = parseStart(options.start ?? DEFAULT_START);
  if (options.end !== undefined && options.duration !== undefined) {
    throw new SimError('usage', 'Give the window as a duration or as an end, not both.');
  }
  let durationMs: number;
  if (options.end !== undefined) {
    const endMs = parseStart(options.end, 'end');
    if (endMs <= startMs) {
      throw new SimError(
        'usage',
        `The end ${new Date(endMs).toISOString()} is not after the start ${new Date(startMs).toISOString()}: give a later end.`,
        {
          option: 'end',
          allowed: `give an end after the start ${new Date(startMs).toISOString()}`,
        },
      );
    }
    durationMs = endMs - startMs;
  } else {
    durationMs = parseDuration(options.duration ?? '8h', 'duration');
  }
  const window = options.end !== undefined ? 'end' : 'duration';
  if (durationMs <= 0)
    throw new SimError('usage', 'The duration must be longer than 0: e.g. "8h".', {
      option: window,
      allowed: 'give a window longer than 0, e.g. "8h"',
    });
  if (durationMs > 400 * 86_400_000)
    throw new SimError('usage', 'The duration is capped at 400 days.', {
      option: window,
      allowed: 'give a window of at most 400 days',
    });
  return { seed, startMs, endMs: startMs + durationMs };
}

/**
 * The workday: opening hours, the shift's length, the part-time shift, the breaks, the offline
 * activities, the absence expected and the working days a week.
 */
function resolveWorkday(options: SimulationOptions): Workday {
  const hours = options.hours ?? { open: '08:00', close: '18:00' };
  const openMs = clockTime(hours.open, 'opening time');
  const closeMs = clockTime(hours.close, 'closing time');
  if (closeMs <= openMs)
    throw new SimError(
      'config',
      `Closing time ${hours.close} must be after opening time ${hours.open}.`,
      { option: 'hours', allowed: `the closing time must be after the opening time ${hours.open}` },
    );
  // By default a full shift is 8 hours, or the opening hours when the center is open less
  // (a center open 08:00-12:00 staffs 4-hour shifts; breaks past the shift's end are not held).
  const given = options.shift?.length;
  const shiftMs =
    given === undefined
      ? Math.min(8 * 3_600_000, closeMs - openMs)
      : parseDuration(given, 'shift length');
  if (shiftMs <= 0 || shiftMs > closeMs - openMs) {
    throw new SimError(
      'config',
      `Shift length ${given} must be > 0 and fit in the opening hours (${hours.open}-${hours.close}): give a shorter shift.length.`,
    );
  }
  const partTimeMs = parseDuration(options.shift?.partTime ?? '4h', 'part-time shift length');
  const breaks = (
    options.shift?.breaks ?? [
      { after: '2h', length: '15m', kind: 'break' as const },
      { after: '4h', length: '30m', kind: 'lunch' as const },
      { after: '6h', length: '15m', kind: 'break' as const },
    ]
  ).map((b) => ({
    afterMs: parseDuration(b.after, 'break start'),
    lengthMs: parseDuration(b.length, 'break length'),
    kind: b.kind ?? ('break' as const),
  }));
  return { openMs, closeMs, shiftMs, partTimeMs, breaks, ...resolveShrinkage(options) };
}

type Forecast = Pick<ResolvedOptions, 'curve' | 'weekdayLevels'>;

/**
 * Default weekday levels, Sunday first: Monday the busiest, the week tailing off to Friday, a
 * quiet weekend (see docs/simulation.md for the sources).
 */
const DEFAULT_WEEKDAY_LEVELS = [0, 1, 0.87, 0.85, 0.84, 0.82, 0.4];

/** The forecast's shape: the intraday curve and the weekday levels. */
function resolveForecast(options: SimulationOptions): Forecast {
  const curve = options.curve ?? DEFAULT_CURVE;
  if (
    curve.length !== 24 ||
    !curve.every((v) => typeof v === 'number' && v >= 0) ||
    !curve.some((v) => v > 0)
  ) {
    throw new SimError('config', 'The intraday curve must be 24 hourly weights >= 0, not all 0.');
  }
  const weekdayLevels = options.weekdayLevels ?? DEFAULT_WEEKDAY_LEVELS;
  if (weekdayLevels.length !== 7 || !weekdayLevels.every((v) => v >= 0)) {
    throw new SimError('config', 'weekdayLevels must be 7 numbers >= 0, Sunday first.');
  }
  return { curve, weekdayLevels };
}

type CallModel = Pick<ResolvedOptions, 'samplers' | 'probabilities' | 'meanHandleSeconds'>;

/** The call model: every distribution's sampler, the probabilities, the mean handle time. */
function resolveCallModel(options: SimulationOptions): CallModel {
  const distributions = { ...DEFAULT_DISTRIBUTIONS, ...options.distributions };
  const samplers = Object.fromEntries(
    Object.entries(distributions).map(([name, d]) => [name, sampler(d, name)]),
  ) as Record<keyof Distributions, Sampler>;
  const probabilities = { ...DEFAULT_PROBABILITIES, ...options.probabilities };
  for (const [k, v] of Object.entries(probabilities)) probability(v, k);
  return { samplers, probabilities, meanHandleSeconds: meanHandle(samplers, probabilities) };
}

/** How agents are scheduled, and what happens to a call while the center is closed. */
function resolveStaffingPolicy(
  options: SimulationOptions,
): Pick<ResolvedOptions, 'staffing' | 'afterHours'> {
  const staffing = options.staffing ?? 'planned';
  if (staffing !== 'planned' && staffing !== 'all')
    throw new SimError(
      'config',
      `Invalid staffing "${String(staffing)}": use "planned" or "all".`,
      {
        option: 'staffing',
        allowed: 'use "planned" or "all"',
      },
    );
  const afterHours = options.afterHours ?? 'closed';
  if (afterHours !== 'closed' && afterHours !== 'voicemail')
    throw new SimError(
      'config',
      `Invalid afterHours "${String(afterHours)}": use "closed" or "voicemail".`,
      { option: 'afterHours', allowed: 'use "closed" or "voicemail"' },
    );
  return { staffing, afterHours };
}

/** The day-to-day variation: its spread, the demand over the forecast, the intraday reaction. */
function resolveDayToDay(
  options: SimulationOptions,
): Pick<
  ResolvedOptions,
  'dailyLevelSd' | 'intradayNoiseSd' | 'demandOverForecast' | 'intradayReaction'
> {
  const dailyLevelSd = options.dailyLevelSd ?? 0.035;
  if (!(dailyLevelSd >= 0 && dailyLevelSd < 2))
    throw new SimError('config', 'dailyLevelSd must be in [0, 2).');
  const intradayNoiseSd = options.intradayNoiseSd ?? (options.dailyLevelSd === 0 ? 0 : 0.05);
  if (!(intradayNoiseSd >= 0 && intradayNoiseSd < 2))
    throw new SimError('config', 'intradayNoiseSd must be in [0, 2).');
  const demandOverForecast = options.demandOverForecast ?? 1;
  if (!(demandOverForecast > 0 && demandOverForecast <= 10))
    throw new SimError(
      'config',
      `Invalid demandOverForecast ${demandOverForecast}: give a number in (0, 10], e.g. 1.15.`,
    );
  const intradayReaction = probability(options.intradayReaction ?? 0.8, 'intradayReaction');
  return { dailyLevelSd, intradayNoiseSd, demandOverForecast, intradayReaction };
}

/** A hang-up burst: when, within how long, and the share of agents on a call who hang up. */
function resolveBurst(burst: SimulationOptions['burst']): ResolvedOptions['burst'] {
  if (!burst) return undefined;
  return {
    atMs: parseDuration(burst.at, 'burst start'),
    withinMs: Math.max(1, parseDuration(burst.within, 'burst span')),
    share: probability(burst.share ?? 0.9, 'burst.share'),
  };
}

/**
 * The mean handle time of an offered call, seconds: ring, talk, hold, wrap, and the second leg
 * of a transfer or a conference.
 */
function meanHandle(samplers: Record<keyof Distributions, Sampler>, p: Probabilities): number {
  const leg = samplers.ring.mean + samplers.talk.mean + samplers.wrap.mean;
  return (
    leg +
    p.hold * samplers.hold.mean +
    p.park * samplers.park.mean +
    p.transfer * (samplers.ring.mean + 0.6 * samplers.talk.mean + samplers.wrap.mean) +
    p.conference * (samplers.ring.mean + samplers.conference.mean + samplers.wrap.mean)
  );
}

/** Default time to work one email, seconds. */
const EMAIL_HANDLE: Distribution = { kind: 'lognormal', mean: 240, sd: 150, min: 20, max: 1800 };

/** Emails between calls: their rate per agent-hour and the time to work one. */
function resolveEmails(emails: SimulationOptions['emails']): ResolvedOptions['emails'] {
  if (emails === undefined) return undefined;
  const rate = emails.perAgentHour;
  if (!(typeof rate === 'number' && rate >= 0 && rate <= 100))
    throw new SimError(
      'config',
      `Invalid emails.perAgentHour ${JSON.stringify(rate)}: give a number from 0 to 100, e.g. 4.`,
    );
  return { perAgentHour: rate, handle: sampler(emails.handle ?? EMAIL_HANDLE, 'emails.handle') };
}
