/**
 * The agenda: what happens next in a team's simulated day, in time order. Every item is typed by
 * its kind and carries only what that kind needs; `seq` keeps items due at the same instant in
 * the order they were planned.
 */

import type { ActivityKind } from './day-plan.js';
import type { Channel, Interaction, SimAgent } from './entities.js';
import { KeyedQueue } from './priority-queue.js';

/** A planned break or offline activity of a shift (a meeting, coaching, training). */
export interface BreakPlanned {
  lengthMs: number;
  kind: ActivityKind;
  /** Offline work in time the phones did not need: dropped when callers wait. */
  optional?: boolean;
}

/** The items of the agenda, one per kind of happening. */
export type Happening =
  /** A local day begins: its shifts and breaks are planned. */
  | { kind: 'dayBegins'; dayStart: number }
  /** A caller arrives. */
  | { kind: 'callArrives' }
  /** An email arrives in the backlog. */
  | { kind: 'emailArrives' }
  /** An agent's shift starts (`shift` names it; it ends at `endsAt`). */
  | { kind: 'shiftStarts'; agent: SimAgent; shift: number; endsAt: number }
  /** A planned break of the agent's shift `shift` is due. */
  | { kind: 'breakStarts'; agent: SimAgent; shift: number; plan: BreakPlanned }
  /** The agent's break `breakToken` ends. */
  | { kind: 'breakEnds'; agent: SimAgent; breakToken: number }
  /** The agent's shift `shift` ends. */
  | { kind: 'shiftEnds'; agent: SimAgent; shift: number }
  /** A queued caller's patience runs out (unless offered since: `patienceToken`). */
  | { kind: 'patienceRunsOut'; interaction: Interaction; patienceToken: number }
  /** A queued caller has waited the objective's threshold (unless offered since). */
  | { kind: 'waitPassesThreshold'; interaction: Interaction; patienceToken: number }
  /** The agent answers an offer (`firstLeg`: from the queue, not a transfer). */
  | {
      kind: 'offerAnswered';
      interaction: Interaction;
      channel: Channel;
      agent: SimAgent;
      firstLeg: boolean;
    }
  /** An offer rings out unanswered. */
  | { kind: 'offerRangOut'; interaction: Interaction; channel: Channel; agent: SimAgent }
  /** The agent puts the customer on hold, until `endsAt`. */
  | { kind: 'holdStarts'; channel: Channel; endsAt: number }
  /** The customer is taken off hold. */
  | { kind: 'holdEnds'; channel: Channel }
  /** The agent parks the call, until `endsAt`. */
  | { kind: 'parkStarts'; interaction: Interaction; channel: Channel; endsAt: number }
  /** The call is taken out of the park. */
  | { kind: 'parkEnds'; interaction: Interaction; channel: Channel }
  /** The agent asks a colleague into a conference. */
  | { kind: 'conferenceStarts'; interaction: Interaction }
  /** The colleague asked into a conference answers. */
  | { kind: 'consultAnswers'; interaction: Interaction; channel: Channel; agent: SimAgent }
  /** The colleague leaves the conference. */
  | { kind: 'consultLeaves'; channel: Channel }
  /** The supervisor starts monitoring the call. */
  | { kind: 'monitorStarts'; interaction: Interaction }
  /** The supervisor stops monitoring. */
  | { kind: 'monitorLeaves'; channel: Channel }
  /** The agent's leg ends: a hang-up or a blind transfer (`legToken` names the planned end). */
  | {
      kind: 'legEnds';
      interaction: Interaction;
      channel: Channel;
      transfer: boolean;
      legToken: number;
    }
  /** Many agents hang up within a short span. */
  | { kind: 'hangUpBurst'; share: number; withinMs: number }
  /** The agent's wrap-up after a channel ends. */
  | { kind: 'wrapEnds'; channel: Channel; agent: SimAgent }
  /** A caller finishes leaving a voicemail. */
  | { kind: 'voicemailEnds'; interaction: Interaction; channel: Channel }
  /** The Away pause after a missed offer ends. */
  | { kind: 'missedOfferPauseEnds'; agent: SimAgent }
  /** A supervisor who stayed on the phones for an interval under the objective leaves if idle. */
  | { kind: 'supervisorCheck'; agent: SimAgent }
  /** The agent finishes the email `emailToken` (unless a call interrupted it since). */
  | { kind: 'emailDone'; agent: SimAgent; emailToken: number };

export type HappeningKind = Happening['kind'];

/** An item on the agenda: a happening, when it is due, and its place among those due then. */
export type AgendaItem = Happening & { at: number; seq: number };

/** An agenda item of one kind, as its handler gets it. */
export type Due<K extends HappeningKind> = Extract<AgendaItem, { kind: K }>;

/**
 * A team's agenda, in time order then in the order items were planned.
 *
 * @example
 * const agenda = new Agenda();
 * agenda.plan(startMs, { kind: 'callArrives' });
 * const next = agenda.take();
 */
export class Agenda {
  private readonly items = new KeyedQueue<AgendaItem>((a, b) => a.seq < b.seq);
  private seq = 0;

  /** Plans `happening` at `at` (a Unix time, ms). */
  plan(at: number, happening: Happening): void {
    const item = happening as AgendaItem;
    item.at = at;
    item.seq = this.seq++;
    this.items.push(at, item);
  }

  /** When the next item is due, or `undefined` when the agenda is empty. */
  nextAt(): number | undefined {
    return this.items.peekKey();
  }

  /** Takes the next item off the agenda. */
  take(): AgendaItem | undefined {
    return this.items.pop();
  }
}
