/**
 * A team as the simulation sees it: its agents and their states, the channels and interactions
 * in progress, and the shared parts every concept of the simulation works on (the agenda, the
 * notification emitter, the random streams, the counts). The concepts (arrivals, shifts,
 * routing, calls, emails, the agents' lifecycle) are functions over a `Team`.
 */

import type { Agenda } from './agenda.js';
import type { CallQueue } from './call-queue.js';
import type { SimAgent } from './entities.js';
import type { NotificationEmitter } from './notification-emitter.js';
import type { ResolvedOptions } from './options.js';
import type { RandomStream } from './random.js';
import type { PresenceCatalog } from './roster.js';
import type { PlanInput } from './staffing-plan.js';

export type {
  AgentState,
  Channel,
  EmailInHand,
  Interaction,
  SimAgent,
} from './entities.js';

/** Counts a simulation keeps while it runs. */
export interface TeamStats {
  interactions: number;
  answered: number;
  abandoned: number;
  voicemails: number;
  transfers: number;
  conferences: number;
  failedOffers: number;
  /** Emails (non-live work) agents picked up between calls (`emails` option). */
  emails: number;
  notifications: number;
  /** Planned shifts lost to unplanned absence (the agent never logged in), in the run's window. */
  absences: number;
  /** Shifts that started late (the agent logged in after the shift's start). */
  lateStarts: number;
  /** Scheduled time lost to both: whole shifts, and the minutes before a late log-in. */
  absentMs: number;
}

/**
 * Agents the staffing plan required on the phones from `startMs` to `endMs` (a 15-minute slot
 * of a planned day, Unix ms).
 *
 * @example
 * const run = simulate({ agents: 100, duration: '1d' });
 * const reporter = new CenterReporter({ plan: run.required }); // RequiredSlot[], filled as read
 */
export interface RequiredSlot {
  startMs: number;
  endMs: number;
  agents: number;
}

/**
 * Scheduled time lost, from `startMs` to `endMs` (Unix ms, within the run's window): a shift
 * whose agent never logged in (absence), or the minutes before a late log-in.
 *
 * @example
 * const run = simulate({ agents: 100, duration: '1d' });
 * const reporter = new CenterReporter({ absences: run.absences }); // counted in its shrinkage
 */
export interface AbsentShift {
  startMs: number;
  endMs: number;
}

/** The team's demand at the curve's peak and what its staffing plan is made from. */
export interface TeamDemand {
  planInput: PlanInput;
  planKey: string;
  /** Calls per ms at the curve's peak on a day of level 1. */
  perMsAtPeak: number;
}

/** The random streams of a team, one per concern. */
export interface TeamRandom {
  arrivals: RandomStream;
  calls: RandomStream;
  ids: RandomStream;
  shifts: RandomStream;
  emails: RandomStream;
  /** Who is absent (sick, or not showing) each day. */
  absence: RandomStream;
}

/** A team being simulated: what every concept of the simulation reads and changes. */
export interface Team {
  readonly o: ResolvedOptions;
  readonly agents: SimAgent[];
  readonly agenda: Agenda;
  readonly notify: NotificationEmitter;
  readonly queue: CallQueue;
  readonly rng: TeamRandom;
  readonly stats: TeamStats;
  readonly presences: PresenceCatalog;
  /**
   * The supervisors of the queue's teams (`supervisorSpan` agents each), in agent order: `busy`
   * while monitoring a call or taking calls, `agent` the supervisor as one taking calls, `onDuty`
   * the weekdays (0 = Sunday) they may take calls on.
   */
  readonly supervisors: Array<{
    agentId: string;
    userId: string;
    busy: boolean;
    agent: SimAgent;
    onDuty: readonly boolean[];
  }>;
  /** Supervisors logged in taking calls (see `real-time-management.ts`): usually none. */
  readonly onCalls: SimAgent[];
  readonly demand: TeamDemand;
  /**
   * The current 15-minute interval as a real-time dashboard shows it: its start (`slot`, ms, on
   * the center's clock), callers offered in it and those of them who waited past the threshold
   * unanswered.
   */
  readonly interval: { slot: number; offered: number; late: number };
  /** Emails waiting for an agent with nothing else to do. */
  emailBacklog: number;
  /** Shifts planned so far (names each shift). */
  shiftSeq: number;
  /**
   * Offline work still to be called off today, ms: the time on the phones of the shifts lost to
   * absence beyond the roster's spare agents, which real-time management recovers (`calledOff`).
   */
  absenceCover: number;
  /** This week's roster: `works[agent][weekday]`, made when the week's first day begins. */
  roster: { week: number; works: boolean[][] } | undefined;
  /** Told each slot of each day the plan makes, with the agents it requires on the phones. */
  readonly onRequired: ((slot: RequiredSlot) => void) | undefined;
  /** Told each stretch of scheduled time lost: a shift absent, the minutes before a late log-in. */
  readonly onAbsent: ((shift: AbsentShift) => void) | undefined;
}

/** The agent idle the longest (`withoutEmail`: among those with no email interrupted). */
export function longestIdle(team: Team, withoutEmail = false): SimAgent | undefined {
  let best: SimAgent | undefined;
  for (const a of team.agents) {
    if (a.state !== 'idle' || (withoutEmail && a.email)) continue;
    if (!best || a.idleSince < best.idleSince) best = a;
  }
  // Supervisors on the phones take callers only (no emails).
  if (!withoutEmail)
    for (const a of team.onCalls) {
      if (a.state === 'idle' && (!best || a.idleSince < best.idleSince)) best = a;
    }
  return best;
}

/** Seconds to whole ms. */
export function ms(seconds: number): number {
  return Math.round(seconds * 1000);
}
