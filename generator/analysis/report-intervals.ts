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
  transfers: number;
  conferences: number;
  failedOffers: number;
  notifications: number;
  /** Agent-ms in each state, for time averages. */
  staffedMs: number;
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
  transfers: 0,
  conferences: 0,
  failedOffers: 0,
  notifications: 0,
  staffedMs: 0,
  busyMs: 0,
  busyExWrapMs: 0,
  queueMs: 0,
});

/** The KPIs of an interval (`spanMs` long) from its counts; `seenTypes`: the types the stream holds. */
export function kpis(
  b: Bucket,
  startMs: number,
  spanMs: number,
  seenTypes: ReadonlySet<string>,
): CenterKpis {
  const ratio = (a: number, d: number) => (d > 0 ? a / d : null);
  const havePresence = seenTypes.has('agent.presencechanged');
  const haveAgents = seenTypes.has('channel.alerted') && seenTypes.has('channel.ended');
  return {
    start: new Date(startMs).toISOString(),
    offered: b.offered,
    answered: b.answered,
    abandoned: b.abandoned,
    voicemail: b.voicemail,
    serviceLevel: ratio(b.withinSl, b.offered),
    asa: ratio(b.waitMs / 1000, b.answered),
    aht: ratio((b.talkMs + b.holdMs + b.wrapMs) / 1000, b.handled),
    talk: ratio(b.talkMs / 1000, b.handled),
    hold: ratio(b.holdMs / 1000, b.handled),
    wrap: ratio(b.wrapMs / 1000, b.handled),
    occupancy: havePresence && haveAgents ? ratio(b.busyMs, b.staffedMs) : null,
    occupancyExWrap: havePresence && haveAgents ? ratio(b.busyExWrapMs, b.staffedMs) : null,
    staffed: havePresence && spanMs > 0 ? b.staffedMs / spanMs : null,
    busy: haveAgents && spanMs > 0 ? b.busyMs / spanMs : null,
    queue: haveAgents && spanMs > 0 ? b.queueMs / spanMs : null,
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
