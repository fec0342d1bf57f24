import { parseDuration } from '../duration.js';
import { SimError } from '../errors.js';
import { DEFAULT_TYPES, type NotificationType } from '../notifications/event-types.js';
import { selectTypes } from '../notifications/type-filter.js';
import { type Distribution, type Sampler, sampler } from './distributions.js';
import { DEFAULT_CURVE } from './intraday-curve.js';
import { agentsForDemand, type PlanInput } from './staffing-plan.js';

/**
 * A scheduled break within a shift, `after` the shift starts.
 *
 * @example
 * simulate({ shift: { length: '6h', breaks: [{ after: '3h', length: '30m', kind: 'lunch' }] } });
 */
export interface BreakPlan {
  /** e.g. `'2h'`. */
  after: string | number;
  /** e.g. `'15m'`. */
  length: string | number;
  /** `'break'` or `'lunch'`: which presence the agent shows. */
  kind?: 'break' | 'lunch';
}

/**
 * The distributions of the simulation, all in seconds. Defaults (see docs/simulation.md, "What it
 * models"): talk lognormal mean 270 s, wrap lognormal mean 45 s, ring 6 s, hold 40 s,
 * patience 120 s, delivery delay 0.5 s (the documented example sends 525 ms after the phase began).
 *
 * @example
 * simulate({ distributions: { wrap: { kind: 'lognormal', mean: 90, sd: 40, min: 5, max: 900 } } });
 */
export interface Distributions {
  talk: Distribution;
  wrap: Distribution;
  ring: Distribution;
  hold: Distribution;
  park: Distribution;
  patience: Distribution;
  voicemail: Distribution;
  conference: Distribution;
  monitor: Distribution;
  deliveryDelay: Distribution;
  /** How long an agent stays Not Ready after an offer rang out unanswered. */
  missedOfferPause: Distribution;
}

/**
 * Probabilities per interaction (or per offer, for `noAnswer`).
 *
 * @example
 * simulate({ probabilities: { transfer: 0.2, noAnswer: 0 } });
 */
export interface Probabilities {
  /** An agent does not answer an offer within the ring timeout. */
  noAnswer: number;
  /** The customer is put on hold once. */
  hold: number;
  /** The interaction is parked once (both channels). */
  park: number;
  /** The first agent hands the interaction to a colleague at the end of their talk. */
  transfer: number;
  /** A colleague is consulted in a conference for part of the talk. */
  conference: number;
  /** The team supervisor monitors part of the interaction. */
  monitor: number;
  /** A caller whose patience runs out leaves a voicemail instead of hanging up. */
  voicemail: number;
}

/**
 * `data.reason` values (only `"released"` is documented; the rest are our choice).
 *
 * @example
 * simulate({ types: ['channel.ended.v0'], reasons: { abandoned: 'abandoned' } });
 */
export interface Reasons {
  /** A channel ended normally. */
  ended: string;
  /** An offer failed (no answer). */
  connectionFailed: string;
  /** A queued caller hung up. */
  abandoned: string;
}

/**
 * Everything that shapes a simulated contact center. Every field is optional.
 *
 * @example
 * const options: SimulationOptions = { agents: 50, duration: '8h', seed: 7 };
 */
export interface SimulationOptions {
  /** Seed of every random draw; same seed and options, same bytes. Default `1`. */
  seed?: string | number;
  /** Window start, ISO 8601 UTC. Default `2026-01-05T08:00:00.000Z` (a Monday morning). */
  start?: string | number | Date;
  /** Window length, e.g. `'8h'`, `'30d'`. Arrivals stop at the end; calls in progress finish. Default `'8h'`. */
  duration?: string | number;
  /** Window end, ISO 8601 UTC: an alternative to `duration`. */
  end?: string | number | Date;
  /** Agents taking calls. Default 20. */
  agents?: number;
  /** Agents per team. Each team is its own ACD queue (skill group) with its own share of the demand, simulated independently (and sharded by k6). Default 25: pooled queues, as real centers run them. */
  teamSize?: number;
  /** Only these team indexes (0-based), for sharding; the merged shards equal the whole run. */
  teams?: readonly number[];
  /** Subscribed types: names and `*` wildcards. Default `channel.disconnected.v0` and `channel.wrapstarted.v0`. */
  types?: readonly string[];
  /** Opening hours in the center's time, `'HH:MM'`. Default 08:00-18:00. */
  hours?: { open: string; close: string };
  /** The center's offset from UTC, e.g. `'-5h'`. Default 0. */
  utcOffset?: string | number;
  /**
   * Shift length and breaks. Default 8h with 15m, 30m lunch, 15m after 2h, 4h, 6h. `partTime`:
   * a shorter shift the plan may give an agent where a full one would sit idle (default `'4h'`;
   * 0 for none); a part-time shift keeps only the breaks that fit in it.
   */
  shift?: { length?: string | number; partTime?: string | number; breaks?: BreakPlan[] };
  /** 24 hourly demand weights. Default {@link DEFAULT_CURVE}. */
  curve?: readonly number[];
  /**
   * How agents are scheduled. `'planned'` (the default): as workforce management plans a center,
   * each day's shifts and breaks follow the forecast (curve x weekday level) so every 15 minutes
   * has the agents Erlang C asks for the service objective; agents not needed have the day off.
   * `'all'`: every agent works every open hour (for queueing studies: set `shift.breaks: []`).
   */
  staffing?: 'planned' | 'all';
  /**
   * The service objective the plan staffs for, `'80/20'`: 80% of calls answered within 20 s.
   * Default `'80/20'`.
   */
  serviceLevel?: string | { target: number; thresholdSeconds: number };
  /**
   * What happens to a call that arrives while the center is closed. `'closed'` (default): the
   * call flow plays a closed message and no interaction reaches the agents, so no notification
   * is sent. `'voicemail'`: it goes straight to voicemail.
   */
  afterHours?: 'closed' | 'voicemail';
  /**
   * Demand instead of the plan's sizing: the fraction of the agents' time the arrivals at the
   * curve's peak fill (arrivals = occupancy x agents / mean handle time). By default the demand is
   * what the team's agents serve at the service objective on the busiest weekday.
   */
  occupancy?: number;
  /** Or set arrivals per agent per hour at the curve's peak directly. */
  arrivalsPerAgentHour?: number;
  /**
   * Size the center by demand: calls per hour at the curve's peak on the busiest weekday. The
   * staff follows: the fewest agents whose plan meets the service objective (unless `agents` is
   * given too). CLI `--calls-per-hour`.
   */
  callsPerHour?: number;
  /** Daily level multipliers Sunday..Saturday. Default [0.35, 1, 0.95, 0.95, 0.95, 0.9, 0.5]. */
  weekdayLevels?: readonly number[];
  /** Standard deviation of the random daily level (lognormal around 1), unforecast. Default 0.12. */
  dailyLevelSd?: number;
  /**
   * Demand over the forecast the staffing plan was made for: 1.15 brings 15% more calls than
   * planned (a stress test that stays realistic). Default 1.
   */
  demandOverForecast?: number;
  /**
   * How much of a day's random deviation (`dailyLevelSd`) intraday management sees coming and
   * staffs for, from 0 (the plan never moves) to 1 (every day staffed for its real level).
   * Default 0.5.
   */
  intradayReaction?: number;
  /** Ring timeout before an offer fails, seconds. Default 20. */
  ringTimeout?: number;
  distributions?: Partial<Distributions>;
  probabilities?: Partial<Probabilities>;
  reasons?: Partial<Reasons>;
  /** Whether `channel.disconnected` carries `data.reason` (undocumented). Default false. */
  disconnectedReason?: boolean;
  /**
   * Emails (non-live work) between calls: they arrive while the center is open at `perAgentHour`
   * for each agent, wait in a backlog, and an agent with no caller waiting works on the oldest. A
   * call offered when nobody is idle interrupts an email (`channel.interrupted`), which goes on
   * after the call and its wrap (`channel.resumed`). `handle`: time to work one, seconds
   * (default lognormal mean 240 s, sd 150 s). Off by default.
   */
  emails?: { perAgentHour: number; handle?: Distribution };
  /**
   * A hang-up burst: `at` after the start, each agent on a call hangs up with probability `share`
   * within `within` (e.g. a shift change): a burst of simultaneous disconnected/wrapstarted pairs.
   */
  burst?: { at: string | number; within: string | number; share?: number };
}

/**
 * Default distributions, in seconds.
 *
 * @example
 * DEFAULT_DISTRIBUTIONS.talk // { kind: 'lognormal', mean: 270, sd: 180, min: 10, max: 3600 }
 */
export const DEFAULT_DISTRIBUTIONS: Distributions = {
  talk: { kind: 'lognormal', mean: 270, sd: 180, min: 10, max: 3600 },
  wrap: { kind: 'lognormal', mean: 45, sd: 30, min: 3, max: 600 },
  ring: { kind: 'lognormal', mean: 6, sd: 3, min: 1, max: 19 },
  hold: { kind: 'lognormal', mean: 40, sd: 30, min: 3, max: 600 },
  park: { kind: 'lognormal', mean: 60, sd: 40, min: 5, max: 900 },
  patience: { kind: 'lognormal', mean: 120, sd: 90, min: 5, max: 1800 },
  voicemail: { kind: 'lognormal', mean: 30, sd: 15, min: 3, max: 180 },
  conference: { kind: 'lognormal', mean: 60, sd: 40, min: 5, max: 900 },
  monitor: { kind: 'lognormal', mean: 120, sd: 60, min: 10, max: 1800 },
  deliveryDelay: { kind: 'lognormal', mean: 0.5, sd: 0.2, min: 0.05, max: 5 },
  missedOfferPause: { kind: 'lognormal', mean: 30, sd: 15, min: 5, max: 300 },
};

/**
 * Default probabilities.
 *
 * @example
 * simulate({ probabilities: { hold: DEFAULT_PROBABILITIES.hold * 2 } });
 */
export const DEFAULT_PROBABILITIES: Probabilities = {
  noAnswer: 0.03,
  hold: 0.25,
  park: 0.02,
  transfer: 0.06,
  conference: 0.03,
  monitor: 0.04,
  voicemail: 0.2,
};

/**
 * Default `data.reason` values: `"released"` for every end, the only value documented.
 *
 * @example
 * DEFAULT_REASONS.ended // 'released'
 */
export const DEFAULT_REASONS: Reasons = {
  ended: 'released',
  connectionFailed: 'released',
  abandoned: 'released',
};

/**
 * The default window start: a Monday at 08:00 UTC, when the center opens.
 *
 * @example
 * simulate({ start: DEFAULT_START, duration: '1h' });
 */
export const DEFAULT_START = '2026-01-05T08:00:00.000Z';

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  seed: string;
  startMs: number;
  endMs: number;
  agents: number;
  teamSize: number;
  teamCount: number;
  teams: number[];
  types: ReadonlySet<NotificationType>;
  openMs: number;
  closeMs: number;
  utcOffsetMs: number;
  shiftMs: number;
  partTimeMs: number;
  breaks: Array<{ afterMs: number; lengthMs: number; kind: 'break' | 'lunch' }>;
  curve: readonly number[];
  /** Set when the demand is given (occupancy or arrivals per agent-hour); else the plan sizes it. */
  arrivalsPerAgentHour: number | undefined;
  staffing: 'planned' | 'all';
  serviceLevel: { target: number; thresholdSeconds: number };
  afterHours: 'closed' | 'voicemail';
  /** Mean handle time of an offered call, seconds: what the plan staffs for. */
  meanHandleSeconds: number;
  weekdayLevels: readonly number[];
  dailyLevelSd: number;
  demandOverForecast: number;
  intradayReaction: number;
  ringTimeoutMs: number;
  samplers: Record<keyof Distributions, Sampler>;
  probabilities: Probabilities;
  reasons: Reasons;
  disconnectedReason: boolean;
  burst: { atMs: number; withinMs: number; share: number } | undefined;
  emails: { perAgentHour: number; handle: Sampler } | undefined;
}

function clockTime(text: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) {
    throw new SimError('config', `Invalid ${what} "${text}": use HH:MM, e.g. "08:00".`, {
      option: 'hours',
      allowed: `the ${what} ${text} is not a time of day: use HH:MM-HH:MM, e.g. "08:00-18:00"`,
    });
  }
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

function wholeNumber(
  value: unknown,
  what: string,
  min: number,
  max: number,
  option?: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const allowed = `give a whole number from ${min} to ${max}`;
    throw new SimError(
      'usage',
      `Invalid ${what} ${JSON.stringify(value)}: ${allowed}.`,
      option ? { option, allowed } : undefined,
    );
  }
  return value;
}

function probability(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new SimError(
      'config',
      `Invalid probability ${what} ${JSON.stringify(value)}: give a number from 0 to 1.`,
    );
  }
  return value;
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

/**
 * The center's headcount and demand: `callsPerHour` sizes the staff (the fewest agents whose
 * queues serve that many calls at the curve's peak on the busiest weekday at the service
 * objective) unless `agents` is given too; otherwise the agents are given (default 20) and the
 * demand is `arrivalsPerAgentHour`, `occupancy`, or left to the plan (`undefined`).
 */
function sizeCenter(
  options: SimulationOptions,
  occupancy: number | undefined,
  meanHandleSeconds: number,
  plan: { teamSize: number; planFor: (agents: number) => PlanInput; busiestLevel: number },
): { agents: number; arrivalsPerAgentHour: number | undefined } {
  const cph = options.callsPerHour;
  if (cph === undefined) {
    return {
      agents: wholeNumber(options.agents ?? 20, 'agent count', 1, 100_000, 'agents'),
      arrivalsPerAgentHour:
        options.arrivalsPerAgentHour ??
        (occupancy === undefined ? undefined : (occupancy * 3600) / meanHandleSeconds),
    };
  }
  if (!(typeof cph === 'number' && cph > 0 && cph <= 1_000_000))
    throw new SimError(
      'usage',
      `Invalid calls per hour ${JSON.stringify(cph)}: give a number above 0, e.g. 300.`,
      {
        option: 'callsPerHour',
        allowed: 'give a number of calls above 0 and up to 1,000,000, e.g. 300',
      },
    );
  if (options.arrivalsPerAgentHour !== undefined || occupancy !== undefined)
    throw new SimError(
      'config',
      'Give the demand one way: callsPerHour, occupancy or arrivalsPerAgentHour, not several.',
    );
  const agents =
    options.agents !== undefined
      ? wholeNumber(options.agents, 'agent count', 1, 100_000, 'agents')
      : staffFor(cph, plan);
  return { agents, arrivalsPerAgentHour: cph / agents };
}

function staffFor(
  callsPerHour: number,
  plan: { teamSize: number; planFor: (agents: number) => PlanInput; busiestLevel: number },
): number {
  try {
    return agentsForDemand(
      callsPerHour / 3_600_000,
      plan.teamSize,
      plan.planFor,
      plan.busiestLevel,
    );
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new SimError(
      'config',
      `${callsPerHour} calls per hour need more than 100,000 agents: give a smaller demand.`,
      {
        option: 'callsPerHour',
        allowed: 'that needs more than 100,000 agents: give a smaller demand',
      },
    );
  }
}

/** Default time to work one email, seconds. */
const EMAIL_HANDLE: Distribution = { kind: 'lognormal', mean: 240, sd: 150, min: 20, max: 1800 };

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

/**
 * Parses a service objective, `'80/20'` (80% answered within 20 s) or its object form.
 *
 * @example
 * parseServiceLevel('90/30') // { target: 0.9, thresholdSeconds: 30 }
 */
export function parseServiceLevel(value: string | { target: number; thresholdSeconds: number }): {
  target: number;
  thresholdSeconds: number;
} {
  const parsed =
    typeof value === 'string'
      ? (() => {
          const m = /^(\d{1,2}(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
          return m ? { target: Number(m[1]) / 100, thresholdSeconds: Number(m[2]) } : undefined;
        })()
      : value;
  if (
    !parsed ||
    !(parsed.target > 0 && parsed.target < 1) ||
    !(parsed.thresholdSeconds > 0 && parsed.thresholdSeconds <= 3600)
  ) {
    throw new SimError(
      'usage',
      `Invalid service level ${JSON.stringify(value)}: give PERCENT/SECONDS, e.g. "80/20" (80% answered within 20 s).`,
      {
        option: 'serviceLevel',
        allowed:
          'give PERCENT/SECONDS, a percent from 1 to 99 and up to 3600 s, e.g. "80/20" (80% answered within 20 s)',
      },
    );
  }
  return parsed;
}

/**
 * Parses a window start: an ISO 8601 timestamp with an explicit zone, a `Date`, or ms since epoch.
 *
 * @example
 * parseStart('2026-01-05T08:00:00Z') // 1767600000000
 */
export function parseStart(value: string | number | Date, what = 'start'): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
          ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
          : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SimError(
      'usage',
      `Invalid ${what} ${JSON.stringify(String(value))}: use an ISO 8601 time with a zone, e.g. "2026-01-05T08:00:00Z".`,
      { option: what, allowed: 'use an ISO 8601 time with a zone, e.g. "2026-01-05T08:00:00Z"' },
    );
  }
  if (ms < 14e11 || ms > 6e12) {
    throw new SimError(
      'usage',
      `The ${what} ${new Date(ms).toISOString()} is outside the range KSUIDs can carry (2014..2150).`,
      { option: what, allowed: 'give a time between 2014 and 2150 (what KSUIDs can carry)' },
    );
  }
  return Math.floor(ms);
}

/**
 * Applies defaults and checks every option; throws a {@link SimError} naming the bad one.
 *
 * @example
 * const r = resolveOptions({ agents: 50, duration: '8h', seed: 7 });
 * r.teamCount // 5
 */
export function resolveOptions(options: SimulationOptions = {}): ResolvedOptions {
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
  const teamSize = wholeNumber(options.teamSize ?? 25, 'team size', 1, 10_000, 'teamSize');
  const hours = options.hours ?? { open: '08:00', close: '18:00' };
  const openMs = clockTime(hours.open, 'opening time');
  const closeMs = clockTime(hours.close, 'closing time');
  if (closeMs <= openMs)
    throw new SimError(
      'config',
      `Closing time ${hours.close} must be after opening time ${hours.open}.`,
      { option: 'hours', allowed: `the closing time must be after the opening time ${hours.open}` },
    );
  const shiftMs = parseDuration(options.shift?.length ?? '8h', 'shift length');
  if (shiftMs <= 0 || shiftMs > closeMs - openMs) {
    throw new SimError(
      'config',
      `Shift length must be > 0 and fit in the opening hours (${hours.open}-${hours.close}).`,
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
  const curve = options.curve ?? DEFAULT_CURVE;
  if (
    curve.length !== 24 ||
    !curve.every((v) => typeof v === 'number' && v >= 0) ||
    !curve.some((v) => v > 0)
  ) {
    throw new SimError('config', 'The intraday curve must be 24 hourly weights >= 0, not all 0.');
  }
  const weekdayLevels = options.weekdayLevels ?? [0.35, 1, 0.95, 0.95, 0.95, 0.9, 0.5];
  if (weekdayLevels.length !== 7 || !weekdayLevels.every((v) => v >= 0)) {
    throw new SimError('config', 'weekdayLevels must be 7 numbers >= 0, Sunday first.');
  }
  const distributions = { ...DEFAULT_DISTRIBUTIONS, ...options.distributions };
  const samplers = Object.fromEntries(
    Object.entries(distributions).map(([name, d]) => [name, sampler(d, name)]),
  ) as Record<keyof Distributions, Sampler>;
  const probabilities = { ...DEFAULT_PROBABILITIES, ...options.probabilities };
  for (const [k, v] of Object.entries(probabilities)) probability(v, k);
  const occupancy = options.occupancy;
  if (occupancy !== undefined && !(occupancy > 0 && occupancy <= 1.5))
    throw new SimError('config', `Invalid occupancy ${occupancy}: give a number in (0, 1.5].`);
  const meanHandleSeconds = meanHandle(samplers, probabilities);
  const serviceLevel = parseServiceLevel(options.serviceLevel ?? '80/20');
  const { agents, arrivalsPerAgentHour } = sizeCenter(options, occupancy, meanHandleSeconds, {
    teamSize,
    planFor: (teamAgents) => ({
      agents: teamAgents,
      openMs,
      closeMs,
      shiftMs,
      partTimeMs,
      breaks,
      curve,
      handleSeconds: meanHandleSeconds,
      target: serviceLevel.target,
      thresholdSeconds: serviceLevel.thresholdSeconds,
    }),
    busiestLevel: Math.max(...weekdayLevels),
  });
  const teamCount = Math.ceil(agents / teamSize);
  if (options.teams?.length === 0)
    throw new SimError('usage', 'No teams selected: give at least one team index.', {
      option: 'teams',
      allowed: 'select at least one team, e.g. "0,2-3"',
    });
  const teams = options.teams
    ? [...new Set(options.teams)]
        .map((t) => {
          if (Number.isInteger(t) && t >= 0 && t < teamCount) return t;
          throw new SimError(
            'usage',
            `Invalid team index ${t}: give a whole number from 0 to ${teamCount - 1}.`,
            {
              option: 'teams',
              allowed: `team ${t} does not exist: the center has ${teamCount} team${teamCount === 1 ? '' : 's'}, indexes 0 to ${teamCount - 1}`,
            },
          );
        })
        .sort((a, b) => a - b)
    : Array.from({ length: teamCount }, (_, i) => i);
  if (
    arrivalsPerAgentHour !== undefined &&
    !(arrivalsPerAgentHour >= 0 && arrivalsPerAgentHour < 100_000)
  ) {
    throw new SimError('config', `Invalid arrivalsPerAgentHour ${arrivalsPerAgentHour}.`);
  }
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
  const dailyLevelSd = options.dailyLevelSd ?? 0.12;
  if (!(dailyLevelSd >= 0 && dailyLevelSd < 2))
    throw new SimError('config', 'dailyLevelSd must be in [0, 2).');
  const demandOverForecast = options.demandOverForecast ?? 1;
  if (!(demandOverForecast > 0 && demandOverForecast <= 10))
    throw new SimError(
      'config',
      `Invalid demandOverForecast ${demandOverForecast}: give a number in (0, 10], e.g. 1.15.`,
    );
  const intradayReaction = probability(options.intradayReaction ?? 0.5, 'intradayReaction');
  const ringTimeout = options.ringTimeout ?? 20;
  if (!(ringTimeout > 0 && ringTimeout <= 600))
    throw new SimError('config', 'ringTimeout must be in (0, 600] seconds.');
  return {
    seed,
    startMs,
    endMs: startMs + durationMs,
    agents,
    teamSize,
    teamCount,
    teams,
    types: selectTypes(options.types ?? DEFAULT_TYPES),
    openMs,
    closeMs,
    utcOffsetMs:
      parseDuration(String(options.utcOffset ?? 0).replace(/^[-+]/, ''), 'utcOffset') *
      (String(options.utcOffset ?? 0).startsWith('-') ? -1 : 1),
    shiftMs,
    partTimeMs,
    breaks,
    curve,
    arrivalsPerAgentHour,
    staffing,
    serviceLevel,
    afterHours,
    meanHandleSeconds,
    weekdayLevels,
    dailyLevelSd,
    demandOverForecast,
    intradayReaction,
    ringTimeoutMs: Math.round(ringTimeout * 1000),
    samplers,
    probabilities,
    reasons: { ...DEFAULT_REASONS, ...options.reasons },
    disconnectedReason: options.disconnectedReason ?? false,
    emails: resolveEmails(options.emails),
    burst: options.burst
      ? {
          atMs: parseDuration(options.burst.at, 'burst start'),
          withinMs: Math.max(1, parseDuration(options.burst.within, 'burst span')),
          share: probability(options.burst.share ?? 0.9, 'burst.share'),
        }
      : undefined,
  };
}
