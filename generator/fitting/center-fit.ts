/**
 * A center estimated from a stream's observations, in the model's terms but independent of its
 * option names: the calendar, the headcount and teams, each duration's lognormal fit, each
 * feature's share, emails, the ring timeout. `scenario-mapping.ts` turns it into options.
 */
import type { CenterReport } from '../analysis/center-report.js';
import { type CalendarFit, fitCalendar } from './calendar-fit.js';
import type { Observations } from './capture-sample.js';
import { fitCensoredLognormal, fitLognormal, type LognormalFit } from './lognormal.js';

/** A share and what it was counted from. */
export interface Share {
  value: number;
  count: number;
  of: number;
}

/** The durations a center is fitted for, by the simulation's names. */
export type FittedDurations = Partial<
  Record<
    'talk' | 'wrap' | 'ring' | 'hold' | 'park' | 'patience' | 'voicemail' | 'conference',
    LognormalFit
  >
>;

/** The shares a center is fitted for, by the simulation's probability names. */
export type FittedShares = Record<
  'noAnswer' | 'hold' | 'park' | 'transfer' | 'conference' | 'monitor' | 'voicemail',
  Share
>;

/** What `fit` estimated, and the stream's own figures to judge it by. */
export interface CenterFit {
  calendar: CalendarFit;
  /**
   * Agents seen (those who worked within the capture: an agent absent or off on every day it
   * holds does not show); the queues seen (agents linked by shared calls, with their
   * supervisors) and the agents seen in each.
   */
  agents: number;
  teams: number[];
  /** Agents per queue: undefined when no supervisor monitored a call (the queues do not show). */
  teamSize: number | undefined;
  /** Supervisors seen (who monitored a call). */
  supervisors: number;
  /**
   * Agents per supervisor's team (the span of control): the largest team seen, and at least the
   * agents a queue's supervisors shared (agents linked to no queue counted in the queues evenly);
   * undefined when no supervisor monitored a call.
   */
  supervisorSpan: number | undefined;
  durations: FittedDurations;
  shares: FittedShares;
  /** Emails per agent per open hour, and their handle time; undefined with no emails. */
  emails: { perAgentHour: number; handle: LognormalFit | undefined; count: number } | undefined;
  /** Seconds an offer rings before it fails (the median ring-out), when one rang out. */
  ringTimeoutSeconds: number | undefined;
  /** Calls that arrived while closed went to voicemail. */
  closedVoicemails: number;
  types: string[];
  disconnectedReason: boolean;
  /** The stream's report (its KPIs: offered, SL, AHT, …). */
  report: CenterReport;
}

const share = (count: number, of: number): Share => ({
  value: of > 0 ? Math.round((count / of) * 10_000) / 10_000 : 0,
  count,
  of,
});

/** The median of a list (0 when empty). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
}

/**
 * Fits a center to a stream's observations (`CaptureSample.finish()`); `utcOffsetMs` when the
 * center's offset is known (the events carry none), else where the overnight quiet falls.
 *
 * @example
 * const { observations, report } = sample.finish();
 * const fit = fitCenter(observations, report);
 * fit.durations.talk?.mean // seconds
 */
export function fitCenter(
  o: Observations,
  report: CenterReport,
  options: { utcOffsetMs?: number } = {},
): CenterFit {
  const calendar = fitCalendar(o.arrivals, o, options.utcOffsetMs);
  const agents = o.agents.size;
  const teams = o.teams.filter((n) => n > 0);
  const teamSize = teams.length > 0 ? Math.max(1, Math.ceil(agents / teams.length)) : undefined;
  // Agents seen who shared no call with a supervisor's queue (their calls were all answered
  // alone, none monitored) still worked in one: they count in the queues evenly, as in teamSize.
  const unlinked = Math.max(0, agents - o.teams.reduce((a, b) => a + b, 0));
  const shared = o.teams.map((n, i) =>
    Math.ceil((n + unlinked / o.teams.length) / Math.max(1, o.queueSupervisors[i] ?? 1)),
  );
  const span = Math.max(0, ...shared, ...o.supervisorTeams);
  const supervisorSpan = span > 0 ? span : undefined;
  const lost = o.abandoned + o.voicemails;
  const fitted: FittedDurations = {
    talk: fitLognormal(o.talk),
    wrap: fitLognormal(o.wrap),
    ring: fitLognormal(o.ring),
    hold: fitLognormal(o.hold),
    park: fitLognormal(o.park),
    patience: fitCensoredLognormal(o.patienceEnded, o.patienceCensored),
    voicemail: fitLognormal(o.voicemailLength),
    conference: fitLognormal(o.conferenceLength),
  };
  const durations = Object.fromEntries(
    Object.entries(fitted).filter(([, f]) => f !== undefined),
  ) as FittedDurations;
  return {
    calendar,
    agents,
    teams,
    teamSize,
    supervisors: o.supervisors.size,
    supervisorSpan,
    durations,
    shares: {
      noAnswer: share(o.failedOffers, o.offers),
      hold: share(o.hold.length, o.answered),
      park: share(o.park.length, o.answered),
      transfer: share(o.transfers, o.answered),
      conference: share(o.conferences, o.answered),
      monitor: share(o.monitored, o.answered),
      voicemail: share(o.voicemails, lost),
    },
    emails:
      o.emails.length > 0 && agents > 0 && calendar.openHours > 0
        ? {
            perAgentHour:
              Math.round((o.emails.length / (agents * calendar.openHours)) * 1000) / 1000,
            handle: fitLognormal(o.emails),
            count: o.emails.length,
          }
        : undefined,
    ringTimeoutSeconds: o.ringOut.length > 0 ? Math.round(median(o.ringOut)) : undefined,
    closedVoicemails: o.closedVoicemails,
    types: [...o.types].sort(),
    disconnectedReason: o.disconnectedReason,
    report,
  };
}
