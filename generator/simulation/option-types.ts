/**
 * What shapes a simulated contact center: the options a user sets, their defaults, and the
 * options resolved (every default applied, every value checked) that the simulation reads.
 */

import type { NotificationType } from '../notifications/event-types.js';
import type { OfflineRule } from './day-plan.js';
import type { Distribution, Sampler } from './distributions.js';

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
 * patience 100 s, delivery delay 0.5 s (the documented example sends 525 ms after the phase began).
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
  /**
   * Seconds a break, lunch or offline activity runs past its planned length (how late the
   * agent is back): most return on time or a minute late, some much later.
   */
  breakOverrun: Distribution;
  /** How long an agent is away for personal time (unplanned: a comfort break). */
  personalTime: Distribution;
  /** How long an agent is away with a system issue (a softphone or desktop tool that fails). */
  systemIssue: Distribution;
  /** How late an agent who starts a shift late logs in. */
  lateStart: Distribution;
}

/**
 * An offline activity every agent has `perWeek` times a week during a shift (shown Away with
 * its own presence), placed by the plan where demand is lowest.
 *
 * @example
 * simulate({ offline: [{ kind: 'training', length: '2h', perWeek: 1 }] });
 */
export interface OfflineActivity {
  kind: 'meeting' | 'training' | 'coaching';
  /** e.g. `'30m'`. */
  length: string | number;
  /** Times a week per agent, e.g. 1. */
  perWeek: number;
  /** Held even on a day short of agents (compliance training). Default false: called off then. */
  essential?: boolean;
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
  /**
   * Agents per queue (skill group): each queue pools its agents with its own share of the
   * demand and its own waiting line, is planned and simulated independently, and is the unit
   * `teams` (CLI `--teams`) and k6 shard. Default 64: a real center's skill group, so a
   * 500-agent center still splits over 8 k6 instances.
   */
  teamSize?: number;
  /**
   * Agents per supervisor team inside a queue (the span of control): each team of this many has
   * its own supervisor, who monitors its agents' calls. Default 12.
   */
  supervisorSpan?: number;
  /**
   * Whether supervisors log in and take calls while an interval runs under the service-level
   * objective and nobody in offline work is left to call back (`staffing: 'planned'` only): each
   * supervisor not monitoring a call joins, one for each caller who waits past the threshold,
   * on their duty days (the center's `daysPerWeek` busiest weekdays), stays while the interval
   * runs under the objective and logs out once free after it. Default true: the intraday
   * practice of putting team leaders on the phones in a surge.
   */
  supervisorsTakeCalls?: boolean;
  /** Only these team indexes (0-based), for sharding; the merged shards equal the whole run. */
  teams?: readonly number[];
  /** Subscribed types: names and `*` wildcards. Default `channel.disconnected.v0` and `channel.wrapstarted.v0`. */
  types?: readonly string[];
  /** Opening hours in the center's time, `'HH:MM'`. Default 08:00-18:00. */
  hours?: { open: string; close: string };
  /** The center's offset from UTC, e.g. `'-5h'`. Default 0. Not with `timeZone`. */
  utcOffset?: string | number;
  /**
   * The center's IANA time zone, e.g. `'America/New_York'`: its local days, hours and curve follow
   * the zone's offsets, DST changes included (read from `Intl`). Not with `utcOffset`.
   */
  timeZone?: string;
  /**
   * The zone's offsets over the run, `[from ms, offset ms]` pairs, for a runtime without `Intl`'s
   * time zones (k6): `vcc-sim load` computes them in Node and passes them with `timeZone`.
   */
  timeZoneOffsets?: ReadonlyArray<readonly [number, number]>;
  /**
   * Shift length and breaks. Default 8h (or the opening hours when shorter) with 15m, 30m lunch,
   * 15m after 2h, 4h, 6h; breaks that do not fit in a shift are not held. `partTime`:
   * a shorter shift the plan may give an agent where a full one would sit idle (default `'4h'`;
   * 0 for none); a part-time shift keeps only the breaks that fit in it.
   */
  shift?: { length?: string | number; partTime?: string | number; breaks?: BreakPlan[] };
  /**
   * Offline activities during shifts (meetings, coaching, training), each shown Away with its own
   * presence; on a day short of agents, those not `essential` may be called off. Default: a weekly
   * 30-minute team meeting, 30-minute coaching session and two 90-minute trainings. `[]` for none.
   */
  offline?: OfflineActivity[];
  /**
   * Share of rostered shifts lost to unplanned absence (sick days, agents who do not show): the
   * agent never logs in that day. The roster is made with that many more agents. Default 0.05.
   */
  absence?: number;
  /** Days a week each agent works (the weekly roster gives the others off). Default 5. */
  daysPerWeek?: number;
  /** Personal time an hour on shift, unplanned (Away `distributions.personalTime`). Default 1. */
  personalTimePerHour?: number;
  /** System issues an hour on shift, unplanned (Away `distributions.systemIssue`). Default 0.3. */
  systemIssuesPerHour?: number;
  /** Share of shifts whose agent logs in late, by `distributions.lateStart`. Default 0.25. */
  lateStart?: number;
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
  /** Daily level multipliers Sunday..Saturday. Default [0, 1, 0.87, 0.85, 0.84, 0.82, 0.4]: closed on Sundays. */
  weekdayLevels?: readonly number[];
  /** Standard deviation of the random daily level (lognormal around 1), unforecast. Default 0.035. */
  dailyLevelSd?: number;
  /**
   * Standard deviation of each hour's random level within a day (lognormal around 1, shared by
   * every queue), which neither the plan nor the intraday re-forecast sees. Default 0.05 (0 when
   * `dailyLevelSd` is 0).
   */
  intradayNoiseSd?: number;
  /**
   * Demand over the forecast the staffing plan was made for: 1.15 brings 15% more calls than
   * planned (a stress test that stays realistic). Default 1.
   */
  demandOverForecast?: number;
  /**
   * How much of a day's random deviation (`dailyLevelSd`) intraday management sees coming and
   * staffs for, from 0 (the plan never moves) to 1 (every day staffed for its real level).
   * Default 0.8.
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
  patience: { kind: 'lognormal', mean: 100, sd: 150, min: 2, max: 1800 },
  voicemail: { kind: 'lognormal', mean: 30, sd: 15, min: 3, max: 180 },
  conference: { kind: 'lognormal', mean: 60, sd: 40, min: 5, max: 900 },
  monitor: { kind: 'lognormal', mean: 120, sd: 60, min: 10, max: 1800 },
  deliveryDelay: { kind: 'lognormal', mean: 0.5, sd: 0.2, min: 0.05, max: 5 },
  missedOfferPause: { kind: 'lognormal', mean: 30, sd: 15, min: 5, max: 300 },
  breakOverrun: { kind: 'lognormal', mean: 150, sd: 180, min: 0, max: 1800 },
  personalTime: { kind: 'lognormal', mean: 180, sd: 120, min: 30, max: 1200 },
  systemIssue: { kind: 'lognormal', mean: 240, sd: 240, min: 30, max: 3600 },
  lateStart: { kind: 'lognormal', mean: 720, sd: 720, min: 60, max: 5400 },
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
  supervisorSpan: number;
  supervisorsTakeCalls: boolean;
  teamCount: number;
  teams: number[];
  types: ReadonlySet<NotificationType>;
  openMs: number;
  closeMs: number;
  /** The fixed offset from UTC; with a time zone, the zone's at the window's start. */
  utcOffsetMs: number;
  /** The center's IANA time zone, if it runs on one. */
  timeZone?: string;
  /** That zone's offsets over the run (`timeZoneOffsets`); absent on a fixed offset. */
  zoneOffsets?: ReadonlyArray<readonly [number, number]>;
  shiftMs: number;
  partTimeMs: number;
  breaks: Array<{ afterMs: number; lengthMs: number; kind: 'break' | 'lunch' }>;
  offline: OfflineRule[];
  absence: number;
  daysPerWeek: number;
  personalTimePerHour: number;
  systemIssuesPerHour: number;
  lateStart: number;
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
  intradayNoiseSd: number;
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

/** The workday's options: opening hours, shifts, breaks, offline work, absence, days a week. */
export type Workday = Shrinkage &
  Pick<ResolvedOptions, 'openMs' | 'closeMs' | 'shiftMs' | 'partTimeMs' | 'breaks'>;

/** The shrinkage options: offline work, absence and late starts, unplanned time away, days a week. */
export type Shrinkage = Pick<
  ResolvedOptions,
  | 'offline'
  | 'absence'
  | 'daysPerWeek'
  | 'personalTimePerHour'
  | 'systemIssuesPerHour'
  | 'lateStart'
>;
