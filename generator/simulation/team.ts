/**
 * A team as the simulation sees it: its agents and their states, the channels and interactions
 * in progress, and the shared parts every concept of the simulation works on (the agenda, the
 * notification emitter, the random streams, the counts). The concepts (arrivals, shifts,
 * routing, calls, emails, the agents' lifecycle) are functions over a `Team`.
 */

import type { ChannelInfo } from '../notifications/notification.js';
import type { Agenda } from './agenda.js';
import type { CallQueue } from './call-queue.js';
import type { NotificationEmitter } from './notification-emitter.js';
import type { ResolvedOptions } from './options.js';
import type { RandomStream } from './random.js';
import type { Agent, PresenceCatalog } from './roster.js';
import type { PlanInput } from './staffing-plan.js';

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
}

/** What an agent is doing. */
export type AgentState =
  | 'off'
  | 'idle'
  | 'alerting'
  | 'talking'
  | 'wrap'
  | 'break'
  | 'notReady'
  | 'email';

/** An email an agent works on (or has interrupted for a call), and when it will be done. */
export interface EmailInHand {
  channel: Channel;
  endsAt: number;
  remainingMs: number;
  /** Invalidates a planned end when a call interrupts the email. */
  token: number;
}

/** An agent of the team, with the state the simulation keeps for them. */
export interface SimAgent extends Agent {
  state: AgentState;
  idleSince: number;
  pendingBreak: { lengthMs: number; kind: 'break' | 'lunch' } | null;
  pendingLogout: boolean;
  /** Invalidates scheduled break ends when a shift ends during a break. */
  breakToken: number;
  /** The shift in force: a shift end applies only to its own shift. */
  shiftToken: number;
  /** When the shift in force ends (agents finish the queue for a while after it). */
  shiftEndsAt: number;
  /** Whether the agent's last presence shown is Ready (so going idle needs no change). */
  readyShown: boolean;
  email: EmailInHand | null;
  /** The interaction and channel the agent is talking on, if any. */
  talkingOn: { interaction: Interaction; channel: Channel } | null;
}

/** One channel (leg) of an interaction. */
export interface Channel {
  info: ChannelInfo;
  active: boolean;
  /** The agent on this channel, for an agent's channel. */
  agent: SimAgent | null;
}

/** A caller's interaction: the customer's channel and the legs joined to it. */
export interface Interaction {
  conversationId: string;
  interactionId: string;
  customer: Channel;
  agentLeg: Channel | null;
  consult: Channel | null;
  monitor: Channel | null;
  queued: boolean;
  /** Invalidates a patience timer once the caller is offered to an agent. */
  patienceToken: number;
  /** When the current agent leg is planned to end (bounds a conference). */
  legEnd: number;
  /** Invalidates a planned leg end when a burst ends the leg earlier. */
  legToken: number;
  /** Waiting for a colleague after a blind transfer to the queue. */
  transferring: boolean;
  done: boolean;
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
  readonly supervisor: { agentId: string; userId: string; busy: boolean };
  readonly demand: TeamDemand;
  /** Emails waiting for an agent with nothing else to do. */
  emailBacklog: number;
  /** Shifts planned so far (names each shift). */
  shiftSeq: number;
}

/** The agent idle the longest (`withoutEmail`: among those with no email interrupted). */
export function longestIdle(team: Team, withoutEmail = false): SimAgent | undefined {
  let best: SimAgent | undefined;
  for (const a of team.agents) {
    if (a.state !== 'idle' || (withoutEmail && a.email)) continue;
    if (!best || a.idleSince < best.idleSince) best = a;
  }
  return best;
}

/** Seconds to whole ms. */
export function ms(seconds: number): number {
  return Math.round(seconds * 1000);
}
