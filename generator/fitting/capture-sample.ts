/**
 * What a fit is estimated from: the observations a stream holds, gathered from the report's own
 * interaction reconstruction ({@link CenterReporter}'s `onInteraction`): each call's arrival,
 * wait and outcome, its legs (ring, talk, wrap, a ring-out), hold, park, transfers, conferences
 * and monitoring, emails and their handle time, the agents and the supervisors' teams.
 */
import { type CenterReport, CenterReporter } from '../analysis/center-report.js';
import { holdMs, parkMs } from '../analysis/interaction-accounting.js';
import { IsoMsParser } from '../analysis/iso-ms-parser.js';
import type { Leg, OpenInteraction } from '../analysis/open-interactions.js';
import { presenceState } from '../analysis/presence-time.js';
import type { Notification } from '../notifications/notification.js';
import type { Arrival } from './calendar-fit.js';

/** Durations in seconds, counts as counted. */
export interface Observations {
  /** The earliest and latest event time (ms), and the latest arrival. */
  firstMs: number;
  lastMs: number;
  lastArrivalMs: number;
  /** Calls that arrived before the stream began, and calls it ended before they did. */
  inProgressAtStart: number;
  inProgressAtEnd: number;
  arrivals: Arrival[];
  /**
   * When agents changed into a logged-in presence (Ready, Away, any but logged out): the agents
   * who open the center log in before its first call.
   */
  presenceMs: number[];
  /** Answered first legs' talk (hold and park taken out), every answered leg's wrap and ring. */
  talk: number[];
  wrap: number[];
  ring: number[];
  /** Ring-outs: how long a failed offer rang. */
  ringOut: number[];
  hold: number[];
  park: number[];
  /** Patience: waits that ended it (abandoned, voicemail) and waits an answer cut short. */
  patienceEnded: number[];
  patienceCensored: number[];
  voicemailLength: number[];
  answered: number;
  abandoned: number;
  voicemails: number;
  /** Voicemails left with no wait: the call arrived while the center was closed. */
  closedVoicemails: number;
  transfers: number;
  conferences: number;
  conferenceLength: number[];
  monitored: number;
  /** First offers: answered, or rung out. */
  offers: number;
  failedOffers: number;
  emails: number[];
  /** Agents seen (on a leg or by a presence change) and supervisors (monitoring). */
  agents: Set<string>;
  supervisors: Set<string>;
  /**
   * Agents in each queue that a supervisor monitored in: agents linked by the calls they shared
   * (transfers and offers stay within a queue; its supervisors link its teams).
   */
  teams: number[];
  /** Supervisors in each queue of `teams`, in the same order. */
  queueSupervisors: number[];
  /** Agents in each supervisor's own team: each agent with the supervisor who monitored it most. */
  supervisorTeams: number[];
  /** Notification types the stream holds. */
  types: Set<string>;
  /** Whether a `channel.disconnected` carried `data.reason`. */
  disconnectedReason: boolean;
}

/** Union-find over agent ids: agents who shared a call (a transfer, conference, monitor). */
class Teams {
  private readonly parent = new Map<string, string>();
  find(a: string): string {
    let p = this.parent.get(a) ?? a;
    if (p !== a) {
      p = this.find(p);
      this.parent.set(a, p);
    }
    return p;
  }
  link(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

const seconds = (ms: number) => ms / 1000;

/**
 * Gathers a stream's observations as it is read (one notification at a time, in any order the
 * report accepts), and the stream's report beside them.
 *
 * @example
 * const sample = new CaptureSample();
 * for (const n of stream) sample.add(n);
 * const { observations, report } = sample.finish();
 */
export class CaptureSample {
  private readonly o: Observations = {
    firstMs: Number.POSITIVE_INFINITY,
    lastMs: Number.NEGATIVE_INFINITY,
    lastArrivalMs: Number.NEGATIVE_INFINITY,
    inProgressAtStart: 0,
    inProgressAtEnd: 0,
    arrivals: [],
    presenceMs: [],
    talk: [],
    wrap: [],
    ring: [],
    ringOut: [],
    hold: [],
    park: [],
    patienceEnded: [],
    patienceCensored: [],
    voicemailLength: [],
    answered: 0,
    abandoned: 0,
    voicemails: 0,
    closedVoicemails: 0,
    transfers: 0,
    conferences: 0,
    conferenceLength: [],
    monitored: 0,
    offers: 0,
    failedOffers: 0,
    emails: [],
    agents: new Set(),
    supervisors: new Set(),
    teams: [],
    queueSupervisors: [],
    supervisorTeams: [],
    types: new Set(),
    disconnectedReason: false,
  };
  private readonly links = new Teams();
  /** For each agent, the calls each supervisor monitored on its answering leg. */
  private readonly monitoredBy = new Map<string, Map<string, number>>();
  private readonly time = new IsoMsParser();
  private readonly reporter: CenterReporter;

  constructor(options: { slThresholdMs?: number } = {}) {
    this.reporter = new CenterReporter({
      ...options,
      onInteraction: (ix) => this.interaction(ix),
    });
  }

  /** Adds one notification. */
  add(n: Notification): void {
    this.reporter.add(n);
    const at = this.time.parse(n.data?.timestamp);
    if (at !== undefined && at < this.o.firstMs) this.o.firstMs = at;
    if (at !== undefined && at > this.o.lastMs) this.o.lastMs = at;
    if (typeof n.type !== 'string') return;
    this.o.types.add(n.type);
    if ('user' in n.data && typeof n.data.user?.agentId === 'string')
      this.o.agents.add(n.data.user.agentId);
    if (n.type.startsWith('channel.disconnected.') && 'reason' in n.data && n.data.reason)
      this.o.disconnectedReason = true;
    if (
      at !== undefined &&
      n.type.startsWith('agent.presencechanged.') &&
      'presence' in n.data &&
      typeof n.data.presence?.category?.type === 'string' &&
      presenceState(n.data.presence.category.type) !== 'out'
    )
      this.o.presenceMs.push(at);
  }

  /** The observations and the stream's report. */
  finish(): { observations: Observations; report: CenterReport } {
    const o = this.o;
    // The stream is over: what ended within the report's grace for stragglers comes through the
    // hook now, before the agents are told from the supervisors (a supervisor's own calls, in a
    // surge, would count them as agents again).
    this.reporter.end();
    for (const s of o.supervisors) o.agents.delete(s);
    const roots = new Map<string, { agents: number; supervisors: number }>();
    for (const s of o.supervisors) {
      const r = this.links.find(s);
      const q = roots.get(r) ?? { agents: 0, supervisors: 0 };
      q.supervisors++;
      roots.set(r, q);
    }
    for (const a of o.agents) {
      const q = roots.get(this.links.find(a));
      if (q) q.agents++;
    }
    o.teams = [...roots.values()].map((q) => q.agents);
    o.queueSupervisors = [...roots.values()].map((q) => q.supervisors);
    const own = new Map<string, number>();
    for (const [a, by] of this.monitoredBy) {
      if (o.supervisors.has(a)) continue;
      const [s] = [...by].reduce((x, y) => (y[1] > x[1] ? y : x));
      own.set(s, (own.get(s) ?? 0) + 1);
    }
    o.supervisorTeams = [...own.values()];
    o.arrivals.sort((a, b) => a.atMs - b.atMs);
    const report = this.reporter.report();
    // The report counts every call that arrived; the finished ones came through the hook (a stream
    // without `channel.connected` has neither).
    o.inProgressAtEnd = Math.max(0, (report.totals.offered ?? 0) - o.arrivals.length);
    return { observations: o, report };
  }

  /** A finished interaction: a call (with its caller) or an email (agent legs only). */
  private interaction(ix: OpenInteraction): void {
    const legs = [...ix.legs.values()].sort((a, b) => a.alertedMs - b.alertedMs);
    for (const l of legs) if (l.agentId !== '') this.o.agents.add(l.agentId);
    const answering = legs.find((l) => l.agentId !== '' && l.connectedMs >= 0);
    for (const s of ix.monitors) {
      this.o.supervisors.add(s);
      for (const l of legs) if (l.agentId !== '') this.links.link(l.agentId, s);
      if (answering) {
        const by = this.monitoredBy.get(answering.agentId) ?? new Map<string, number>();
        by.set(s, (by.get(s) ?? 0) + 1);
        this.monitoredBy.set(answering.agentId, by);
      }
    }
    for (let i = 1; i < legs.length; i++) {
      const a = (legs[0] as Leg).agentId;
      const b = (legs[i] as Leg).agentId;
      if (a !== '' && b !== '') this.links.link(a, b);
    }
    if (ix.arrivalMs < 0) {
      if (ix.customerEndedMs < 0) for (const l of legs) this.email(l);
      else this.o.inProgressAtStart++;
      return; // an email, or a call that began before the stream
    }
    this.call(ix, legs);
  }

  private email(l: Leg): void {
    if (l.connectedMs < 0 || l.leftMs < 0) return;
    const interrupts = [...l.interrupts].sort((a, b) => a - b);
    const resumes = [...l.resumes].sort((a, b) => a - b);
    let away = 0;
    interrupts.forEach((from, i) => {
      away += (resumes[i] ?? l.leftMs) - from;
    });
    this.o.emails.push(seconds(l.leftMs - l.connectedMs - away));
    if (l.endedMs >= 0) this.o.wrap.push(seconds(l.endedMs - l.leftMs));
  }

  /** A call: its arrival, wait and outcome, and its legs. */
  private call(ix: OpenInteraction, legs: Leg[]): void {
    const o = this.o;
    const failed = legs.filter((l) => l.failed);
    const connected = legs.filter((l) => l.connectedMs >= 0);
    const first = connected[0];
    const closedVoicemail = !first && ix.voicemailMs >= 0 && ix.voicemailMs - ix.arrivalMs < 1000;
    o.arrivals.push({ atMs: ix.arrivalMs, queued: !closedVoicemail });
    if (ix.arrivalMs > o.lastArrivalMs) o.lastArrivalMs = ix.arrivalMs;
    o.failedOffers += failed.length;
    o.offers += failed.length + (first ? 1 : 0);
    for (const l of failed) if (l.endedMs >= 0) o.ringOut.push(seconds(l.endedMs - l.alertedMs));
    // Patience restarts when a rung-out offer sends the caller back to the queue.
    const outcome = first
      ? first.alertedMs
      : ix.voicemailMs >= 0
        ? ix.voicemailMs
        : ix.customerEndedMs;
    let queuedSince = ix.arrivalMs;
    for (const l of failed)
      if (l.endedMs >= 0 && l.endedMs <= outcome) queuedSince = Math.max(queuedSince, l.endedMs);
    const wait = seconds(outcome - queuedSince);
    if (!first) {
      if (closedVoicemail) o.closedVoicemails++;
      else if (ix.voicemailMs >= 0) {
        o.voicemails++;
        o.patienceEnded.push(wait);
      } else if (ix.customerEndedMs >= 0) {
        o.abandoned++;
        o.patienceEnded.push(wait);
      }
      if (ix.voicemailMs >= 0 && ix.customerEndedMs >= 0)
        o.voicemailLength.push(seconds(ix.customerEndedMs - ix.voicemailMs));
      return;
    }
    o.answered++;
    o.patienceCensored.push(wait);
    this.answeredLegs(ix, connected);
  }

  /** An answered call's legs: ring, talk of the first, wrap of each, transfers, conferences. */
  private answeredLegs(ix: OpenInteraction, connected: Leg[]): void {
    const o = this.o;
    const first = connected[0] as Leg;
    // A finished call: its caller hung up, so every hold and park is closed by then.
    const hold = holdMs(ix, ix.customerEndedMs);
    const park = parkMs(ix, ix.customerEndedMs);
    if (hold > 0) o.hold.push(seconds(hold));
    if (park > 0) o.park.push(seconds(park));
    if (ix.monitors.length > 0) o.monitored++;
    if (first.leftMs >= 0) {
      const talk = first.leftMs - first.connectedMs - hold - park;
      if (talk > 0) o.talk.push(seconds(talk));
    }
    connected.forEach((l, i) => {
      o.ring.push(seconds(l.connectedMs - l.alertedMs));
      if (l.endedMs >= 0 && l.leftMs >= 0) o.wrap.push(seconds(l.endedMs - l.leftMs));
      if (i === 0) return;
      // As the report counts them: a later agent while an earlier one is still on is a conference.
      const overlaps = connected.slice(0, i).some((e) => e.leftMs > l.alertedMs || e.leftMs < 0);
      if (overlaps) {
        o.conferences++;
        if (l.leftMs >= 0) o.conferenceLength.push(seconds(l.leftMs - l.connectedMs));
      } else o.transfers++;
    });
  }
}
