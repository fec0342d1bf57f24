/**
 * The simulation's entities: the team's agents with the state the simulation keeps for them, the
 * callers' interactions, and the channels (legs) of each.
 */

import type { ChannelInfo } from '../notifications/notification.js';
import type { ActivityKind } from './day-plan.js';
import type { Agent } from './roster.js';

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
  /** A supervisor taking calls in a surge (see `real-time-management.ts`), not a rostered agent. */
  supervisor: boolean;
  state: AgentState;
  idleSince: number;
  /** An activity due while the agent was busy, and when it fell due (`dueAt`). */
  pendingBreak: { lengthMs: number; kind: ActivityKind; dueAt: number; optional?: boolean } | null;
  pendingLogout: boolean;
  /** Invalidates scheduled break ends when a shift ends during a break. */
  breakToken: number;
  /** What the agent is away for while on a break (`state: 'break'`), and until when as planned. */
  away: { kind: ActivityKind; optional: boolean; endsAt: number } | null;
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
  /** When the caller last joined the queue (Unix ms). */
  queuedAt: number;
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
