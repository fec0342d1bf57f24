/**
 * The discrete-event simulation of one team: its agents' shifts and breaks, the interactions
 * that arrive for it, routing, every channel's lifecycle, and the notifications that lifecycle
 * sends, released in send-time order. Teams share nothing but the center-level daily level, so
 * any set of teams can be simulated apart and merged into the same stream.
 */

import {
  CHANNEL_EVENTS,
  type ChannelEventName,
  type EventVersion,
  type NotificationType,
} from '../notifications/event-types.js';
import { encodeKsuid } from '../notifications/ksuid.js';
import type { ChannelInfo, Notification, Party, Presence } from '../notifications/notification.js';
import {
  buildChannelNotification,
  buildPresenceNotification,
} from '../notifications/notification-builders.js';
import { formatTime, formatTimestamp } from '../notifications/time-format.js';
import { curveAt, curveMax } from './intraday-curve.js';
import type { ResolvedOptions } from './options.js';
import { PriorityQueue } from './priority-queue.js';
import { RandomStream } from './random.js';
import {
  type Agent,
  type PresenceCatalog,
  presenceCatalog,
  supervisorOf,
  teamAgents,
} from './roster.js';
import {
  type DayPlan,
  type PlanInput,
  planDayOnce,
  planInputKey,
  sizeDemandOnce,
} from './staffing-plan.js';

const DAY = 86_400_000;
const TICKS_PER_MS = 10_000;
const VERSIONS: readonly EventVersion[] = ['v0', 'v1'];
/** How long past its shift's end an agent keeps answering callers who are still waiting. */
const OVERTIME_MS = 30 * 60_000;
/** How often a planned conference looks again for a free colleague. */
const CONFERENCE_RETRY_MS = 15_000;

/**
 * A notification with its place in send-time order, as `simulate(…).timed()` yields them.
 *
 * @example
 * for (const { sendMs, team, notification } of simulate({ agents: 24 }).timed()) schedule(sendMs, notification);
 */
export interface TimedNotification {
  /** Send time in 100 ns ticks since the window start: the stream's sort key. */
  key: number;
  /** Send time, ms since the Unix epoch (whole ms; `notification.time` has the ticks). */
  sendMs: number;
  /** The team that sent it. */
  team: number;
  notification: Notification;
}

/** True when `a` goes before `b` in a stream: by send time, then by id. */
export function sendsBefore(a: TimedNotification, b: TimedNotification): boolean {
  return a.key < b.key || (a.key === b.key && a.notification.id < b.notification.id);
}

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

type AgentState = 'off' | 'idle' | 'alerting' | 'talking' | 'wrap' | 'break' | 'notReady' | 'email';

interface SimAgent extends Agent {
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
  /** The email the agent works on (or has interrupted for a call), and when it will be done. */
  email: { channel: Channel; endsAt: number; remainingMs: number; token: number } | null;
  /** The interaction and channel the agent is talking on, if any. */
  talkingOn: { ix: Interaction; channel: Channel } | null;
}

interface Channel {
  info: ChannelInfo;
  active: boolean;
  agent: SimAgent | null;
}

interface Interaction {
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

type Kind =
  | 'day'
  | 'arrival'
  | 'shiftStart'
  | 'shiftEnd'
  | 'breakStart'
  | 'breakEnd'
  | 'patience'
  | 'answer'
  | 'noAnswer'
  | 'holdStart'
  | 'holdEnd'
  | 'parkStart'
  | 'parkEnd'
  | 'conferenceStart'
  | 'consultAnswer'
  | 'consultLeave'
  | 'monitorStart'
  | 'monitorLeave'
  | 'legEnd'
  | 'burst'
  | 'transferAnswer'
  | 'wrapEnd'
  | 'voicemailEnd'
  | 'pauseEnd'
  | 'emailArrival'
  | 'emailEnd';

interface AgendaItem {
  at: number;
  seq: number;
  kind: Kind;
  ix?: Interaction;
  agent?: SimAgent;
  channel?: Channel;
  token?: number;
  /** legEnd: whether it hands over to a colleague. */
  transfer?: boolean;
  breakIndex?: number;
}

/**
 * One team's simulation, as an iterator of its notifications in send-time order. Memory holds
 * the team's agents, the interactions in progress and notifications not yet due.
 *
 * @example
 * const team = new TeamSimulation(resolveOptions({ seed: 7 }), 0);
 * for (let n = team.next(); n; n = team.next()) console.log(n.notification.type);
 */
export class TeamSimulation {
  readonly stats: TeamStats = {
    interactions: 0,
    answered: 0,
    abandoned: 0,
    voicemails: 0,
    transfers: 0,
    conferences: 0,
    failedOffers: 0,
    emails: 0,
    notifications: 0,
  };
  readonly agents: SimAgent[];
  private readonly o: ResolvedOptions;
  private readonly team: number;
  private readonly agenda = new PriorityQueue<AgendaItem>(
    (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq),
  );
  private readonly out = new PriorityQueue<TimedNotification>(sendsBefore);
  private seq = 0;
  private shiftSeq = 0;
  private readonly pool: AgendaItem[] = [];
  private readonly queue: Interaction[] = [];
  private queueHead = 0;
  private readonly presences: PresenceCatalog;
  private readonly supervisor: { agentId: string; userId: string; busy: boolean };
  // One stream per concern.
  private readonly arrivalRng: RandomStream;
  private readonly callRng: RandomStream;
  private readonly idRng: RandomStream;
  private readonly notifyRng: RandomStream;
  private readonly shiftRng: RandomStream;
  private readonly emailRng: RandomStream;
  /** Emails waiting for an agent with nothing else to do. */
  private emailBacklog = 0;
  // Arrival process state (thinning per day).
  private arrivalDay = Number.NaN;
  private lambdaMax = 0;
  private dayLevel = 0;
  private readonly perMsAtPeak: number;
  private readonly curvePeak: number;
  private readonly planInput: PlanInput;
  private readonly planKey: string;
  /** Per event name: whether its v0 and v1 notifications are subscribed. */
  private readonly selected: Record<string, [boolean, boolean]>;

  constructor(options: ResolvedOptions, team: number) {
    this.o = options;
    this.team = team;
    this.selected = {};
    for (const e of [...CHANNEL_EVENTS, 'presencechanged'] as const) {
      const entity = e === 'presencechanged' ? 'agent' : 'channel';
      this.selected[e] = VERSIONS.map((v) =>
        options.types.has(`${entity}.${e}.${v}` as NotificationType),
      ) as [boolean, boolean];
    }
    const seed = options.seed;
    this.arrivalRng = new RandomStream(seed, 'team', team, 'arrivals');
    this.callRng = new RandomStream(seed, 'team', team, 'calls');
    this.idRng = new RandomStream(seed, 'team', team, 'ids');
    this.notifyRng = new RandomStream(seed, 'team', team, 'notifications');
    this.shiftRng = new RandomStream(seed, 'team', team, 'shifts');
    this.emailRng = new RandomStream(seed, 'team', team, 'emails');
    this.presences = presenceCatalog(seed);
    const sup = supervisorOf(options, team);
    this.supervisor = { agentId: sup.agentId, userId: sup.userId, busy: false };
    this.agents = teamAgents(options, team).map(
      (a): SimAgent => ({
        index: a.index,
        agentId: a.agentId,
        userId: a.userId,
        team: a.team,
        state: 'off',
        idleSince: 0,
        pendingBreak: null,
        pendingLogout: false,
        breakToken: 0,
        shiftToken: 0,
        shiftEndsAt: 0,
        readyShown: false,
        email: null,
        talkingOn: null,
      }),
    );
    this.planInput = {
      agents: this.agents.length,
      openMs: options.openMs,
      closeMs: options.closeMs,
      shiftMs: options.shiftMs,
      partTimeMs: options.partTimeMs,
      breaks: options.breaks,
      curve: options.curve,
      handleSeconds: options.meanHandleSeconds,
      target: options.serviceLevel.target,
      thresholdSeconds: options.serviceLevel.thresholdSeconds,
    };
    this.planKey = planInputKey(this.planInput);
    this.perMsAtPeak =
      options.arrivalsPerAgentHour !== undefined
        ? (options.arrivalsPerAgentHour * this.agents.length) / 3_600_000
        : sizeDemandOnce(this.planInput, Math.max(...options.weekdayLevels), this.planKey);
    this.curvePeak = curveMax(options.curve);
    this.schedule({ at: options.startMs, kind: 'day', token: this.localDayStart(options.startMs) });
    this.scheduleNextArrival(options.startMs);
    if (options.burst) this.schedule({ at: options.startMs + options.burst.atMs, kind: 'burst' });
    if (options.emails) this.scheduleNextEmail(options.startMs);
  }

  /** The next notification in send-time order, or `undefined` when the team is done. */
  next(): TimedNotification | undefined {
    for (;;) {
      const top = this.out.peek();
      const due = this.agenda.peek();
      if (top && (!due || top.key <= (due.at - this.o.startMs) * TICKS_PER_MS)) {
        return this.out.pop();
      }
      if (!due) return undefined;
      this.agenda.pop();
      this.handle(due);
      this.release(due);
    }
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * Agenda items are pooled and all of one shape: they live for minutes of simulated time, and
   * recycling them keeps long-lived garbage (and so peak memory) low on long runs.
   */
  private schedule(item: Omit<AgendaItem, 'seq'>): void {
    const pooled =
      this.pool.pop() ??
      ({
        at: 0,
        seq: 0,
        kind: 'day',
        ix: undefined,
        agent: undefined,
        channel: undefined,
        token: undefined,
        transfer: undefined,
        breakIndex: undefined,
      } as AgendaItem);
    pooled.at = item.at;
    pooled.seq = this.seq++;
    pooled.kind = item.kind;
    pooled.ix = item.ix;
    pooled.agent = item.agent;
    pooled.channel = item.channel;
    pooled.token = item.token;
    pooled.transfer = item.transfer;
    pooled.breakIndex = item.breakIndex;
    this.agenda.push(pooled);
  }

  private release(item: AgendaItem): void {
    item.ix = undefined;
    item.agent = undefined;
    item.channel = undefined;
    if (this.pool.length < 4096) this.pool.push(item);
  }

  private localDayStart(ms: number): number {
    const off = this.o.utcOffsetMs;
    return Math.floor((ms + off) / DAY) * DAY - off;
  }

  /** The center's daily level: weekday pattern times a lognormal draw shared by every team. */
  private levelOfDay(dayStart: number): number {
    const weekday = new Date(dayStart + this.o.utcOffsetMs).getUTCDay();
    return (this.o.weekdayLevels[weekday] as number) * this.dayNoise(dayStart);
  }

  /** The day's random level around its weekday's (lognormal, mean 1), shared by every team. */
  private dayNoise(dayStart: number): number {
    const dayIndex = Math.round((dayStart + this.o.utcOffsetMs) / DAY);
    const rng = new RandomStream(this.o.seed, 'center', 'day', dayIndex);
    const sd = this.o.dailyLevelSd;
    const noise = Math.exp(sd * rng.normal() - (sd * sd) / 2);
    return Math.min(noise, 1 + 6 * sd);
  }

  /** Whether the center is open at `ms` (a Unix time). */
  private isOpen(ms: number): boolean {
    const local = ms - this.localDayStart(ms);
    return local >= this.o.openMs && local < this.o.closeMs;
  }

  private rateAt(ms: number): number {
    if (this.o.afterHours === 'closed' && !this.isOpen(ms)) return 0;
    return (
      (this.dayLevel * this.perMsAtPeak * curveAt(this.o.curve, ms, this.o.utcOffsetMs)) /
      this.curvePeak
    );
  }

  /** Lewis-Shedler thinning of a non-homogeneous Poisson process, one day at a time. */
  private scheduleNextArrival(from: number): void {
    let t = from;
    while (t < this.o.endMs) {
      const day = this.localDayStart(t);
      if (day !== this.arrivalDay) {
        this.arrivalDay = day;
        this.dayLevel = this.levelOfDay(day) * this.o.demandOverForecast;
        this.lambdaMax = this.dayLevel * this.perMsAtPeak;
      }
      const dayEnd = day + DAY;
      if (this.lambdaMax <= 0) {
        t = dayEnd;
        continue;
      }
      t += this.arrivalRng.exponential(1 / this.lambdaMax);
      if (t >= dayEnd) {
        t = dayEnd;
        continue;
      }
      if (t >= this.o.endMs) return;
      if (this.arrivalRng.next() * this.lambdaMax <= this.rateAt(t)) {
        this.schedule({ at: Math.floor(t), kind: 'arrival' });
        return;
      }
    }
  }

  // ---------------------------------------------------------------- notifications

  private emit(event: ChannelEventName, channel: Channel, at: number, reason?: string): void {
    let timestamp: string | undefined;
    const rng = this.notifyRng;
    const selected = this.selected[event] as [boolean, boolean];
    for (let v = 0; v < 2; v++) {
      const delayTicks = Math.max(
        1,
        Math.round(this.o.samplers.deliveryDelay.sample(rng) * 1000 * TICKS_PER_MS),
      );
      // The id's payload is drawn for every version, selected or not, so that selecting types
      // never changes the others' draws; an unselected one skips them.
      if (!selected[v]) {
        rng.skip(4);
        continue;
      }
      const p0 = rng.uint32();
      const p1 = rng.uint32();
      const p2 = rng.uint32();
      const p3 = rng.uint32();
      timestamp ??= formatTimestamp(at);
      const sendMs = at + Math.floor(delayTicks / TICKS_PER_MS);
      const ticks = delayTicks % TICKS_PER_MS;
      const keep =
        event === 'connectionfailed' ||
        event === 'ended' ||
        (event === 'disconnected' && this.o.disconnectedReason);
      this.push(
        sendMs,
        (at - this.o.startMs) * TICKS_PER_MS + delayTicks,
        buildChannelNotification({
          event,
          version: VERSIONS[v] as EventVersion,
          id: encodeKsuid(sendMs, p0, p1, p2, p3),
          time: formatTime(sendMs, ticks),
          timestamp,
          channel: channel.info,
          reason: keep ? (reason ?? this.o.reasons.ended) : undefined,
        }),
      );
    }
  }

  /**
   * An agent's presence change. Its timestamp has 100 ns digits, channel timestamps whole ms: a
   * change that makes the agent available is stamped within the millisecond before `at` (so it
   * precedes an offer made at `at`), any other within the millisecond after (so it follows the
   * channel event that allowed it).
   */
  /** Shows an agent's presence change, remembering whether it is Ready. */
  private show(agent: SimAgent, presence: Presence, at: number, available = false): void {
    agent.readyShown = presence === this.presences.ready;
    this.emitPresence(agent, presence, at, available);
  }

  private emitPresence(agent: Agent, presence: Presence, at: number, available = false): void {
    const rng = this.notifyRng;
    const sub = rng.int(0, TICKS_PER_MS - 1);
    if (available) at -= 1;
    const subTicks = available ? Math.max(sub, 1) : sub;
    let timestamp: string | undefined;
    const selected = this.selected['presencechanged'] as [boolean, boolean];
    for (let v = 0; v < 2; v++) {
      const delayTicks = Math.max(
        1,
        Math.round(this.o.samplers.deliveryDelay.sample(rng) * 1000 * TICKS_PER_MS),
      );
      if (!selected[v]) {
        rng.skip(4);
        continue;
      }
      const p0 = rng.uint32();
      const p1 = rng.uint32();
      const p2 = rng.uint32();
      const p3 = rng.uint32();
      timestamp ??= formatTime(at, subTicks);
      const total = subTicks + delayTicks;
      const sendMs = at + Math.floor(total / TICKS_PER_MS);
      const ticks = total % TICKS_PER_MS;
      this.push(
        sendMs,
        (at - this.o.startMs) * TICKS_PER_MS + total,
        buildPresenceNotification({
          version: VERSIONS[v] as EventVersion,
          id: encodeKsuid(sendMs, p0, p1, p2, p3),
          time: formatTime(sendMs, ticks),
          timestamp,
          presence,
          agentId: agent.agentId,
          userId: agent.userId,
        }),
      );
    }
  }

  private push(sendMs: number, key: number, notification: Notification): void {
    this.stats.notifications++;
    this.out.push({ key, sendMs, team: this.team, notification });
  }

  // ---------------------------------------------------------------- channels

  private newChannel(
    ix: Pick<Interaction, 'conversationId' | 'interactionId'>,
    party: Party,
    channelId?: string,
  ): Channel {
    return {
      info: {
        conversationId: ix.conversationId,
        interactionId: ix.interactionId,
        channelId: channelId ?? this.idRng.uuid(),
        party,
      },
      active: true,
      agent: null,
    };
  }

  private agentChannel(ix: Interaction, agent: SimAgent): Channel {
    const ch = this.newChannel(ix, { role: 'agent', agentId: agent.agentId, userId: agent.userId });
    ch.agent = agent;
    return ch;
  }

  /** connected -> disconnected + ended (customer, monitor, voicemail) at one instant. */
  private hangUp(ch: Channel, at: number, reason = this.o.reasons.ended): void {
    if (!ch.active) return;
    ch.active = false;
    this.emit('disconnected', ch, at, reason);
    this.emit('ended', ch, at, reason);
  }

  /** An agent channel leaves connected and enters wrap: disconnected + wrapstarted at one instant. */
  private startWrap(ch: Channel, at: number): void {
    if (!ch.active || !ch.agent) return;
    ch.active = false;
    this.emit('disconnected', ch, at, this.o.reasons.ended);
    this.emit('wrapstarted', ch, at);
    ch.agent.state = 'wrap';
    const wrap = this.o.samplers.wrap.sample(this.callRng);
    this.schedule({
      at: at + Math.round(wrap * 1000),
      kind: 'wrapEnd',
      channel: ch,
      agent: ch.agent,
    });
  }

  // ---------------------------------------------------------------- agents

  private longestIdle(except?: SimAgent, withoutEmail = false): SimAgent | undefined {
    let best: SimAgent | undefined;
    for (const a of this.agents) {
      if (a.state !== 'idle' || a === except || (withoutEmail && a.email)) continue;
      if (!best || a.idleSince < best.idleSince) best = a;
    }
    return best;
  }

  private becomeFree(agent: SimAgent, at: number): void {
    if (agent.email) {
      // An email a call interrupted is finished before a break or the end of the shift.
      this.goIdle(agent, at);
      return;
    }
    if (agent.pendingLogout && at - agent.shiftEndsAt < OVERTIME_MS && this.hasWaiting()) {
      // Callers still waiting when the shift is over: serve them first, for a while.
      this.goIdle(agent, at);
      return;
    }
    if (agent.pendingLogout) {
      agent.pendingLogout = false;
      agent.pendingBreak = null;
      agent.state = 'off';
      this.show(agent, this.presences.loggedOut, at);
      return;
    }
    if (agent.pendingBreak) {
      const b = agent.pendingBreak;
      agent.pendingBreak = null;
      this.startBreak(agent, at, b.lengthMs, b.kind);
      return;
    }
    this.goIdle(agent, at);
  }

  /** The agent takes calls again (shown Ready first if the last presence was another). */
  private goIdle(agent: SimAgent, at: number): void {
    if (!agent.readyShown) this.show(agent, this.presences.ready, at, true);
    agent.state = 'idle';
    agent.idleSince = at;
    this.dispatch(at);
    // A caller first; then back to the email a call interrupted, if any.
    if (agent.state === 'idle' && agent.email) this.resumeEmail(agent, at);
  }

  /** Back to the email a call interrupted: resumed where it was left. */
  private resumeEmail(agent: SimAgent, at: number): void {
    const email = agent.email;
    if (!email) return;
    agent.state = 'email';
    email.endsAt = at + email.remainingMs;
    email.token++;
    this.emit('resumed', email.channel, at);
    this.schedule({ at: email.endsAt, kind: 'emailEnd', agent, token: email.token });
  }

  /** Emails arrive while the center is open, at `emails.perAgentHour` for each of the queue's agents. */
  private scheduleNextEmail(from: number): void {
    const emails = this.o.emails;
    if (!emails) return;
    const perMs = (emails.perAgentHour * this.agents.length) / 3_600_000;
    if (!(perMs > 0)) return;
    let t = from;
    for (let guard = 0; guard < 1000; guard++) {
      t += this.emailRng.exponential(1 / perMs);
      if (t >= this.o.endMs) return;
      if (this.isOpen(t)) {
        this.schedule({ at: Math.floor(t), kind: 'emailArrival' });
        return;
      }
      // Closed: the next arrival counts from the next opening.
      const day = this.localDayStart(t);
      t = t - day < this.o.openMs ? day + this.o.openMs : day + DAY + this.o.openMs;
    }
  }

  /** An idle agent with no caller waiting picks up the oldest email. */
  private pickUpEmails(at: number): void {
    while (this.emailBacklog > 0) {
      const agent = this.longestIdle(undefined, true);
      if (!agent) return;
      this.emailBacklog--;
      this.stats.emails++;
      const rng = this.emailRng;
      const ids = { conversationId: rng.uuid(), interactionId: rng.uuid() };
      const channel = this.newChannel(
        ids,
        { role: 'agent', agentId: agent.agentId, userId: agent.userId },
        rng.uuid(),
      );
      channel.agent = agent;
      const handle = this.ms(
        (this.o.emails as NonNullable<ResolvedOptions['emails']>).handle.sample(rng),
      );
      agent.state = 'email';
      agent.email = { channel, endsAt: at + handle, remainingMs: handle, token: 0 };
      this.emit('alerted', channel, at);
      this.emit('connected', channel, at);
      this.schedule({ at: at + handle, kind: 'emailEnd', agent, token: 0 });
    }
  }

  /** The agent whose email has the most work left, to interrupt for a call when nobody is idle. */
  private interruptible(): SimAgent | undefined {
    let best: SimAgent | undefined;
    for (const a of this.agents) {
      if (a.state === 'email' && a.email && (!best || a.email.endsAt > (best.email?.endsAt ?? 0)))
        best = a;
    }
    return best;
  }

  /** A call interrupts the agent's email: it waits, interrupted, until the call and wrap are over. */
  private interruptEmail(agent: SimAgent, at: number): void {
    const email = agent.email;
    if (!email) return;
    email.remainingMs = Math.max(1, email.endsAt - at);
    email.token++;
    this.emit('interrupted', email.channel, at);
  }

  private startBreak(agent: SimAgent, at: number, lengthMs: number, kind: 'break' | 'lunch'): void {
    agent.state = 'break';
    agent.breakToken++;
    this.show(agent, kind === 'lunch' ? this.presences.lunch : this.presences.break, at);
    this.schedule({ at: at + lengthMs, kind: 'breakEnd', agent, token: agent.breakToken });
  }

  /** A day's staffing plan for the team at a forecast level (cached: levels repeat weekly). */
  private dayPlan(level: number): DayPlan {
    return planDayOnce(this.planInput, this.perMsAtPeak, level, this.planKey);
  }

  /**
   * Schedules a day's shifts and breaks: as planned for the day's forecast (agents not needed
   * have the day off), or, with `staffing: 'all'`, every agent for every open hour. Start and
   * break times keep a few minutes of human imprecision.
   */
  private planDay(dayStart: number, now: number): void {
    const o = this.o;
    const weekday = new Date(dayStart + o.utcOffsetMs).getUTCDay();
    // Intraday management sees part of the day's deviation coming (a re-forecast in the
    // morning: overtime offered on a busy day, time off on a quiet one).
    const level =
      (o.weekdayLevels[weekday] as number) * this.dayNoise(dayStart) ** o.intradayReaction;
    const plan = o.staffing === 'planned' ? this.dayPlan(level) : undefined;
    this.agents.forEach((agent, i) => {
      const startJitter = Math.round((this.shiftRng.next() - 0.5) * 6 * 60_000);
      const breakJitter = o.breaks.map(() => Math.round((this.shiftRng.next() - 0.5) * 4 * 60_000));
      const day = plan?.agents[i];
      if (day?.off) return;
      const shiftStart = plan ? dayStart + (day?.startMs ?? 0) + startJitter : dayStart + o.openMs;
      const shiftEnd = plan ? shiftStart + (day?.lengthMs ?? o.shiftMs) : dayStart + o.closeMs;
      const breakStarts = plan
        ? (day?.breakStartsMs ?? []).map((b, k) =>
            b === null ? null : dayStart + b + (breakJitter[k] as number),
          )
        : o.breaks.map((b) => shiftStart + b.afterMs);
      if (shiftEnd <= o.startMs || shiftStart >= o.endMs) return;
      const token = ++this.shiftSeq;
      if (shiftStart <= now && agent.state !== 'off') {
        // Still on from the shift before (a 24-hour center): this shift carries on from it.
        agent.shiftToken = token;
        agent.shiftEndsAt = shiftEnd;
        agent.pendingLogout = false;
      } else if (shiftStart >= o.startMs) {
        // A shift that starts minutes before the day it belongs to is planned starts now.
        const at = Math.max(shiftStart, now);
        this.schedule({ at, kind: 'shiftStart', agent, token, breakIndex: shiftEnd });
      } else {
        agent.state = 'idle';
        agent.idleSince = shiftStart;
        agent.shiftToken = token;
        agent.shiftEndsAt = shiftEnd;
        agent.readyShown = true;
      }
      breakStarts.forEach((at, k) => {
        const b = o.breaks[k];
        if (!b || at === null) return;
        if (at >= o.startMs && at < o.endMs && at + b.lengthMs < shiftEnd) {
          this.schedule({ at, kind: 'breakStart', agent, breakIndex: k, token });
        } else if (at < o.startMs && at + b.lengthMs > o.startMs && agent.state === 'idle') {
          // On this break when the window opens: no presence change to report until it ends.
          agent.state = 'break';
          agent.breakToken++;
          this.schedule({ at: at + b.lengthMs, kind: 'breakEnd', agent, token: agent.breakToken });
        }
      });
      if (shiftEnd < o.endMs) this.schedule({ at: shiftEnd, kind: 'shiftEnd', agent, token });
    });
  }

  private hasWaiting(): boolean {
    for (let i = this.queueHead; i < this.queue.length; i++)
      if ((this.queue[i] as Interaction).queued) return true;
    return false;
  }

  // ---------------------------------------------------------------- interactions

  private dispatch(at: number): void {
    while (this.queueHead < this.queue.length) {
      const ix = this.queue[this.queueHead] as Interaction;
      if (!ix.queued) {
        this.queueHead++;
        continue;
      }
      let agent = this.longestIdle();
      if (!agent) {
        agent = this.interruptible();
        if (!agent) break;
        this.interruptEmail(agent, at);
      }
      this.queueHead++;
      ix.queued = false;
      ix.patienceToken++;
      this.offer(ix, agent, at, !ix.transferring);
    }
    if (this.emailBacklog > 0) this.pickUpEmails(at);
    // Served and abandoned callers leave the front: drop them so memory stays flat.
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 32 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private enqueue(ix: Interaction, at: number, front: boolean): void {
    ix.queued = true;
    if (front && this.queueHead > 0) this.queue[--this.queueHead] = ix;
    else if (front) this.queue.unshift(ix);
    else this.queue.push(ix);
    const patience = this.o.samplers.patience.sample(this.callRng);
    this.schedule({
      at: at + Math.round(patience * 1000),
      kind: 'patience',
      ix,
      token: ix.patienceToken,
    });
  }

  private offer(ix: Interaction, agent: SimAgent, at: number, mayFail: boolean): void {
    if (ix.transferring) {
      ix.transferring = false;
      this.stats.transfers++;
    }
    agent.state = 'alerting';
    const ch = this.agentChannel(ix, agent);
    this.emit('alerted', ch, at);
    const fails = mayFail && this.callRng.chance(this.o.probabilities.noAnswer);
    const ring = Math.min(
      Math.round(this.o.samplers.ring.sample(this.callRng) * 1000),
      this.o.ringTimeoutMs - 1,
    );
    if (fails) {
      this.schedule({ at: at + this.o.ringTimeoutMs, kind: 'noAnswer', ix, channel: ch, agent });
    } else {
      this.schedule({
        at: at + ring,
        kind: mayFail ? 'answer' : 'transferAnswer',
        ix,
        channel: ch,
        agent,
      });
    }
  }

  private arrive(at: number): void {
    this.stats.interactions++;
    const ids = { conversationId: this.idRng.uuid(), interactionId: this.idRng.uuid() };
    // The first (external) channel of an interaction shares its GUID, as in the Insights Stats example.
    const customer = this.newChannel(ids, { role: 'external' }, ids.interactionId);
    const ix: Interaction = {
      conversationId: ids.conversationId,
      interactionId: ids.interactionId,
      customer,
      agentLeg: null,
      consult: null,
      monitor: null,
      queued: false,
      patienceToken: 0,
      legEnd: 0,
      legToken: 0,
      transferring: false,
      done: false,
    };
    // An inbound call's first channel: a zero-length alerting phase, then connected.
    this.emit('alerted', customer, at);
    this.emit('connected', customer, at);
    if (!this.isOpen(at)) {
      // Closed (afterHours: 'voicemail'): straight to voicemail.
      this.leaveVoicemail(ix, at);
      return;
    }
    this.enqueue(ix, at, false);
    this.dispatch(at);
  }

  private leaveVoicemail(ix: Interaction, at: number): void {
    this.stats.voicemails++;
    const vm = this.newChannel(ix, { role: 'voicemail' });
    this.emit('alerted', vm, at);
    this.emit('connected', vm, at);
    const len = this.ms(this.o.samplers.voicemail.sample(this.callRng));
    this.schedule({ at: at + len, kind: 'voicemailEnd', ix, channel: vm });
  }

  private ms(seconds: number): number {
    return Math.round(seconds * 1000);
  }

  /** The agent answered: plan the leg (holds, parking, conference, monitoring, transfer or hang-up). */
  private answered(
    ix: Interaction,
    ch: Channel,
    agent: SimAgent,
    at: number,
    firstLeg: boolean,
  ): void {
    const o = this.o;
    const rng = this.callRng;
    agent.state = 'talking';
    ix.agentLeg = ch;
    this.emit('connected', ch, at);
    if (firstLeg) this.stats.answered++;
    let talk = this.ms(o.samplers.talk.sample(rng) * (firstLeg ? 1 : 0.6));
    const p = o.probabilities;
    if (firstLeg && rng.chance(p.hold)) {
      const hs = at + Math.round(talk * (0.2 + 0.4 * rng.next()));
      const h = this.ms(o.samplers.hold.sample(rng));
      this.schedule({ at: hs, kind: 'holdStart', ix, channel: ix.customer, token: hs + h });
      talk += h;
    } else if (firstLeg && rng.chance(Math.min(1, p.park / (1 - p.hold)))) {
      // Parked calls are drawn among those not held, so parking keeps its configured rate.
      const ps = at + Math.round(talk * (0.2 + 0.4 * rng.next()));
      const d = this.ms(o.samplers.park.sample(rng));
      this.schedule({ at: ps, kind: 'parkStart', ix, channel: ch, token: ps + d });
      talk += d;
    }
    if (firstLeg && rng.chance(p.conference)) {
      const cs = at + Math.round(talk * (0.3 + 0.3 * rng.next()));
      if (cs + o.ringTimeoutMs + 2000 < at + talk)
        this.schedule({ at: cs, kind: 'conferenceStart', ix });
    }
    if (rng.chance(p.monitor)) {
      this.schedule({
        at: at + Math.round(talk * (0.1 + 0.4 * rng.next())),
        kind: 'monitorStart',
        ix,
      });
    }
    const transfer = firstLeg && rng.chance(p.transfer);
    ix.legEnd = at + talk;
    agent.talkingOn = { ix, channel: ch };
    this.schedule({
      at: at + talk,
      kind: 'legEnd',
      ix,
      channel: ch,
      transfer,
      token: ++ix.legToken,
    });
  }

  private handle(item: AgendaItem): void {
    const at = item.at;
    const o = this.o;
    switch (item.kind) {
      case 'day': {
        const dayStart = item.token!;
        // The next day's planning goes before this day's shift ends on the agenda, so a shift
        // that carries on at midnight is known before the one ending then logs the agent out.
        if (dayStart + DAY < o.endMs)
          this.schedule({ at: dayStart + DAY, kind: 'day', token: dayStart + DAY });
        this.planDay(dayStart, at);
        this.dispatch(at);
        return;
      }
      case 'arrival': {
        this.arrive(at);
        this.scheduleNextArrival(at);
        return;
      }
      case 'shiftStart': {
        const agent = item.agent!;
        agent.shiftToken = item.token!;
        agent.shiftEndsAt = item.breakIndex!;
        agent.pendingLogout = false;
        if (agent.state !== 'off') return; // still on from the shift before: carries on
        agent.breakToken++;
        this.show(agent, this.presences.ready, at, true);
        this.goIdle(agent, at);
        return;
      }
      case 'breakStart': {
        const agent = item.agent!;
        if (item.token !== agent.shiftToken) return;
        const b = o.breaks[item.breakIndex!]!;
        if (agent.state === 'idle') this.startBreak(agent, at, b.lengthMs, b.kind);
        else if (agent.state !== 'off' && agent.state !== 'break')
          agent.pendingBreak = { lengthMs: b.lengthMs, kind: b.kind };
        return;
      }
      case 'breakEnd': {
        const agent = item.agent!;
        if (agent.state !== 'break' || item.token !== agent.breakToken) return;
        this.show(agent, this.presences.ready, at, true);
        this.goIdle(agent, at);
        return;
      }
      case 'shiftEnd': {
        const agent = item.agent!;
        if (item.token !== agent.shiftToken) return;
        if (agent.state === 'idle' || agent.state === 'break') {
          agent.state = 'off';
          agent.breakToken++;
          agent.pendingBreak = null;
          this.show(agent, this.presences.loggedOut, at);
        } else if (agent.state !== 'off') {
          agent.pendingLogout = true;
        }
        return;
      }
      case 'patience': {
        const ix = item.ix!;
        if (!ix.queued || item.token !== ix.patienceToken) return;
        ix.queued = false;
        if (ix.transferring) {
          // Hung up waiting for the colleague a transfer asked for: answered before, not abandoned.
          ix.transferring = false;
          this.hangUp(ix.customer, at);
          ix.done = true;
        } else if (this.callRng.chance(o.probabilities.voicemail)) {
          this.leaveVoicemail(ix, at);
        } else {
          this.stats.abandoned++;
          this.hangUp(ix.customer, at, o.reasons.abandoned);
          ix.done = true;
        }
        return;
      }
      case 'voicemailEnd': {
        const ix = item.ix!;
        this.hangUp(item.channel!, at);
        this.hangUp(ix.customer, at);
        ix.done = true;
        return;
      }
      case 'noAnswer': {
        const ch = item.channel!;
        const agent = item.agent!;
        this.stats.failedOffers++;
        ch.active = false;
        this.emit('connectionfailed', ch, at, o.reasons.connectionFailed);
        this.emit('ended', ch, at, o.reasons.connectionFailed);
        this.enqueue(item.ix!, at, true);
        // A missed offer sets the agent Away for a while; the call goes to the next agent.
        agent.state = 'notReady';
        this.show(agent, this.presences.missedOffer, at);
        const pause = this.ms(o.samplers.missedOfferPause.sample(this.callRng));
        this.schedule({ at: at + pause, kind: 'pauseEnd', agent });
        this.dispatch(at);
        return;
      }
      case 'emailArrival': {
        this.emailBacklog++;
        this.scheduleNextEmail(at);
        this.dispatch(at);
        return;
      }
      case 'emailEnd': {
        const agent = item.agent!;
        const email = agent.email;
        if (!email || agent.state !== 'email' || item.token !== email.token) return;
        agent.email = null;
        // Done: the agent's channel leaves connected and enters wrap, as after a call.
        this.startWrap(email.channel, at);
        return;
      }
      case 'pauseEnd': {
        const agent = item.agent!;
        if (agent.state !== 'notReady') return;
        this.becomeFree(agent, at);
        return;
      }
      case 'answer':
      case 'transferAnswer':
        this.answered(item.ix!, item.channel!, item.agent!, at, item.kind === 'answer');
        return;
      case 'holdStart': {
        const ch = item.channel!;
        if (!ch.active) return;
        this.emit('held', ch, at);
        this.schedule({ at: item.token!, kind: 'holdEnd', ix: item.ix!, channel: ch });
        return;
      }
      case 'parkStart': {
        const ix = item.ix!;
        const ch = item.channel!;
        if (!ch.active || !ix.customer.active) return;
        this.emit('parked', ch, at);
        this.emit('parked', ix.customer, at);
        this.schedule({ at: item.token!, kind: 'parkEnd', ix, channel: ch });
        return;
      }
      case 'holdEnd':
        if (item.channel!.active) this.emit('retrieved', item.channel!, at);
        return;
      case 'parkEnd': {
        const ix = item.ix!;
        if (item.channel!.active) this.emit('unparked', item.channel!, at);
        if (ix.customer.active) this.emit('unparked', ix.customer, at);
        return;
      }
      case 'conferenceStart': {
        const ix = item.ix!;
        const colleague = this.longestIdle();
        if (ix.done) return;
        if (!colleague) {
          // Nobody free yet: look again shortly, while the leg has time for a conference left.
          const retry = at + CONFERENCE_RETRY_MS;
          if (retry + o.ringTimeoutMs + 2000 < ix.legEnd)
            this.schedule({ at: retry, kind: 'conferenceStart', ix });
          return;
        }
        this.stats.conferences++;
        colleague.state = 'alerting';
        const ch = this.agentChannel(ix, colleague);
        ix.consult = ch;
        this.emit('alerted', ch, at);
        const ring = Math.min(this.ms(o.samplers.ring.sample(this.callRng)), o.ringTimeoutMs - 1);
        this.schedule({ at: at + ring, kind: 'consultAnswer', ix, channel: ch, agent: colleague });
        return;
      }
      case 'consultAnswer': {
        const ix = item.ix!;
        const ch = item.channel!;
        item.agent!.state = 'talking';
        this.emit('connected', ch, at);
        const leave = Math.min(
          at + this.ms(o.samplers.conference.sample(this.callRng)),
          ix.legEnd - 1000,
        );
        this.schedule({ at: Math.max(leave, at + 1), kind: 'consultLeave', ix, channel: ch });
        return;
      }
      case 'consultLeave': {
        const ch = item.channel!;
        if (ch.active) this.startWrap(ch, at);
        return;
      }
      case 'monitorStart': {
        const ix = item.ix!;
        if (this.supervisor.busy || ix.done) return;
        this.supervisor.busy = true;
        const ch = this.newChannel(ix, {
          role: 'monitor',
          agentId: this.supervisor.agentId,
          userId: this.supervisor.userId,
        });
        ix.monitor = ch;
        // A monitor joins silently: a zero-length alerting phase, then connected.
        this.emit('alerted', ch, at);
        this.emit('connected', ch, at);
        const len = this.ms(o.samplers.monitor.sample(this.callRng));
        this.schedule({ at: at + len, kind: 'monitorLeave', ix, channel: ch });
        return;
      }
      case 'monitorLeave': {
        const ch = item.channel!;
        if (ch.active) {
          this.hangUp(ch, at);
          this.supervisor.busy = false;
        }
        return;
      }
      case 'burst': {
        // Many agents hang up within a short span (e.g. a shift change): a burst of pairs.
        const burst = o.burst!;
        for (const agent of this.agents) {
          const on = agent.talkingOn;
          if (agent.state !== 'talking' || !on || on.ix.done || on.ix.legEnd <= at) continue;
          if (!this.callRng.chance(burst.share)) continue;
          const end = at + Math.floor(this.callRng.next() * burst.withinMs);
          if (end >= on.ix.legEnd) continue;
          on.ix.legEnd = end;
          this.schedule({
            at: end,
            kind: 'legEnd',
            ix: on.ix,
            channel: on.channel,
            transfer: false,
            token: ++on.ix.legToken,
          });
        }
        return;
      }
      case 'legEnd': {
        const ix = item.ix!;
        const ch = item.channel!;
        if (item.token !== ix.legToken || !ch.active) return;
        if (ch.agent) ch.agent.talkingOn = null;
        if (item.transfer) {
          // A blind transfer: the agent wraps and the caller goes to a colleague, through the
          // queue when nobody is free (waiting there like any caller).
          this.startWrap(ch, at);
          ix.transferring = true;
          const colleague = this.longestIdle();
          if (colleague) this.offer(ix, colleague, at, false);
          else {
            this.enqueue(ix, at, true);
            this.dispatch(at);
          }
          return;
        }
        // Hang-up: every channel still connected leaves at the same instant.
        this.startWrap(ch, at);
        if (ix.consult?.active) this.startWrap(ix.consult, at);
        if (ix.monitor?.active) {
          this.hangUp(ix.monitor, at);
          this.supervisor.busy = false;
        }
        this.hangUp(ix.customer, at);
        ix.done = true;
        return;
      }
      case 'wrapEnd': {
        const ch = item.channel!;
        this.emit('ended', ch, at, o.reasons.ended);
        this.becomeFree(item.agent!, at);
        return;
      }
      default: {
        const never: never = item.kind;
        throw new Error(`unhandled agenda item ${String(never)}`);
      }
    }
  }
}
