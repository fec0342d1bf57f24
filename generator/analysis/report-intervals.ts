/**
 * A report's intervals: what is counted in each (a bucket), the KPIs a bucket gives, the KPIs a
 * stream's types cannot give, and the histograms' bins.
 */
import type { CenterKpis } from './report-types.js';

/** What is counted in one interval. */
export interface Bucket {
  offered: number;
  answered: number;
  abandoned: number;
  voicemail: number;
  withinSl: number;
  waitMs: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  handled: number;
  /** Agent legs answered, of offered interactions. */
  contacts: number;
  transfers: number;
  conferences: number;
  failedOffers: number;
  notifications: number;
  /** Agent-ms in each state, for time averages. */
  staffedMs: number;
  loggedInMs: number;
  busyMs: number;
  busyExWrapMs: number;
  queueMs: number;
}

export const emptyBucket = (): Bucket => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  voicemail: 0,
  withinSl: 0,
  waitMs: 0,
  talkMs: 0,
  holdMs: 0,
  wrapMs: 0,
  handled: 0,
  contacts: 0,
  transfers: 0,
  conferences: 0,
  failedOffers: 0,
  notifications: 0,
  staffedMs: 0,
  loggedInMs: 0,
  busyMs: 0,
  busyExWrapMs: 0,
  queueMs: 0,
});

/** Where an interval (or the totals) is and what else is known of it. */
export interface KpiFrame {
  startMs: number;
  localStart: string;
  /** The span the agent times are averaged over. */
  spanMs: number;
  /** Mean agents required by the plan, when known. */
  required: number | null;
  /** Agent time of shifts lost to absence (scheduled, never logged in), when known; else 0. */
  absentMs: number;
}

/** The KPIs of an interval from its counts; `seenTypes`: the types the stream holds. */
export function kpis(b: Bucket, frame: KpiFrame, seenTypes: ReadonlySet<string>): CenterKpis {
  const ratio = (a: number, d: number) => (d > 0 ? a / d : null);
  const has = (t: string) => seenTypes.has(t);
  const havePresence = has('agent.presencechanged');
  const haveAgents = has('channel.alerted') && has('channel.ended');
  // Without connected, no arrival and no answer is seen: the counts are unknown, not 0.
  const haveCalls = has('channel.connected');
  const count = (n: number) => (haveCalls ? n : null);
  const span = frame.spanMs;
  const handle = (b.talkMs + b.holdMs + b.wrapMs) / 1000;
  return {
    start: new Date(frame.startMs).toISOString(),
    localStart: frame.localStart,
    offered: count(b.offered),
    answered: count(b.answered),
    abandoned: haveCalls && has('channel.ended') ? b.abandoned : null,
    voicemail: count(b.voicemail),
    serviceLevel: ratio(b.withinSl, b.offered),
    asa: ratio(b.waitMs / 1000, b.answered),
    aht: ratio(handle, b.handled),
    ahtPerContact: ratio(handle, b.contacts),
    contacts: count(b.contacts),
    talk: ratio(b.talkMs / 1000, b.handled),
    hold: ratio(b.holdMs / 1000, b.handled),
    wrap: ratio(b.wrapMs / 1000, b.handled),
    occupancy: havePresence && haveAgents ? ratio(b.busyMs, b.staffedMs) : null,
    occupancyExWrap: havePresence && haveAgents ? ratio(b.busyExWrapMs, b.staffedMs) : null,
    staffed: havePresence && span > 0 ? b.staffedMs / span : null,
    loggedIn: havePresence && span > 0 ? b.loggedInMs / span : null,
    // Scheduled time not available for contacts: time logged in but not Ready, and absence.
    shrinkage: havePresence
      ? ratio(b.loggedInMs - b.staffedMs + frame.absentMs, b.loggedInMs + frame.absentMs)
      : null,
    busy: haveAgents && span > 0 ? b.busyMs / span : null,
    required: frame.required,
    queue: haveAgents && span > 0 ? b.queueMs / span : null,
    transfers: b.transfers,
    conferences: b.conferences,
    failedOffers: b.failedOffers,
    notifications: b.notifications,
  };
}

/** The KPIs the stream's types cannot give, with the types they need. */
export function unavailableKpis(seenTypes: ReadonlySet<string>): string[] {
  const has = (t: string) => seenTypes.has(t);
  const out: string[] = [];
  if (!has('channel.connected'))
    out.push('offered, answered, service level, ASA: need channel.connected (customer and agent)');
  if (!has('channel.ended')) out.push('abandoned, handle time: need channel.ended');
  if (!has('channel.alerted')) out.push('occupancy, busy agents, transfers: need channel.alerted');
  if (!has('channel.held')) out.push('hold time: needs channel.held and channel.retrieved');
  if (!has('channel.wrapstarted')) out.push('wrap time: needs channel.wrapstarted');
  if (!has('agent.presencechanged'))
    out.push('staffed agents, occupancy: need agent.presencechanged');
  return out;
}

/** Counts one value in its histogram bin (0 to 360). */
export function addToHistogram(h: number[], bin: number): void {
  const i = Math.min(Math.max(0, Math.floor(bin)), 360);
  while (h.length <= i) h.push(0);
  h[i] = (h[i] as number) + 1;
}
