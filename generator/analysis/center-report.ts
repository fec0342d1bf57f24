/**
 * A contact-center analyst's view of a notification stream: offered, answered, abandoned and
 * voicemail calls, service level, ASA, AHT (talk, hold, wrap), occupancy, staffed agents, and
 * the notification rate a receiver sees. Computed from the events alone, so it reads a capture
 * from a real VCC as well as a simulated stream; streaming, memory holds only what is in progress.
 */
import type { Notification } from '../notifications/notification.js';
import { IsoMsParser } from './iso-ms-parser.js';
import { type OpenInteraction, openInteraction, openLeg } from './open-interactions.js';
import {
  addToHistogram,
  type Bucket,
  emptyBucket,
  kpis,
  unavailableKpis,
} from './report-intervals.js';
import type {
  CenterKpis,
  CenterReport,
  CenterReportOptions,
  NotificationRates,
} from './report-types.js';
import { SendRates } from './send-rates.js';

export type { CenterKpis, CenterReport, CenterReportOptions, NotificationRates };

/**
 * Reads notifications one by one (in any version mix) and reports the center's KPIs.
 *
 * @example
 * const reporter = new CenterReporter({ intervalMs: 15 * 60_000 });
 * for (const n of simulate({ agents: 20, types: ['channel.*.v0', 'agent.presencechanged.v0'] })) reporter.add(n);
 * const { totals } = reporter.report();
 * console.log(totals.serviceLevel, totals.asa, totals.aht);
 */
export class CenterReporter {
  private readonly intervalMs: number;
  private readonly slMs: number;
  private readonly buckets = new Map<number, Bucket>();
  private readonly interactions = new Map<string, OpenInteraction>();
  /** Interactions accounted for, by when they ended: later events of theirs are stragglers. */
  private readonly finished = new Map<string, number>();
  private finishedLimit = 8192;
  /** Per agent: whether staffed (logged in, not away) since when. */
  private readonly staffedSince = new Map<string, number>();
  /** Agents whose state at the stream's start is settled (a presence or a call was seen). */
  private readonly presenceSeen = new Set<string>();
  /** Agents with calls but no presence change yet: when their first call began. */
  private readonly firstActivity = new Map<string, number>();
  /** Per agent: the timestamp of the latest presence change applied. */
  private readonly lastPresenceMs = new Map<string, number>();
  /** Agents with a presence event: occupancy can be computed only for those. */
  private readonly seenTypes = new Set<string>();
  private skipped = 0;
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private readonly rates = new SendRates();
  private readonly handleHist: number[] = [];
  private readonly waitHist: number[] = [];
  /** `data.timestamp` and `time` differ by up to seconds: each has its own cache. */
  private readonly eventTime = new IsoMsParser();
  private readonly sendTime = new IsoMsParser();
  /** Per type: its name without the version, and that name without `channel.` (sliced once). */
  private readonly typeNames = new Map<string, { name: string; event: string }>();
  private readonly onInteraction: CenterReportOptions['onInteraction'];

  constructor(options: CenterReportOptions = {}) {
    this.onInteraction = options.onInteraction;
    this.intervalMs = options.intervalMs ?? 15 * 60_000;
    this.slMs = options.slThresholdMs ?? 20_000;
    if (!(this.intervalMs >= 1000)) throw new RangeError('intervalMs must be at least 1000');
    if (!(this.slMs >= 0)) throw new RangeError('slThresholdMs must be >= 0');
  }

  /** Adds one notification. */
  add(n: Notification): void {
    const at = this.eventTime.parse(n.data?.timestamp);
    const sent = this.sendTime.parse(n.time);
    if (at === undefined || sent === undefined || typeof n.type !== 'string') {
      this.skipped++;
      return;
    }
    this.rates.count(n.type, sent);
    this.bucket(sent).notifications++;
    let names = this.typeNames.get(n.type);
    if (!names) {
      const name = n.type.slice(0, n.type.lastIndexOf('.'));
      names = { name, event: name.slice('channel.'.length) };
      this.typeNames.set(n.type, names);
      this.seenTypes.add(name);
    }
    const { name, event } = names;
    if (at < this.firstMs) this.firstMs = at;
    if (at > this.lastMs) this.lastMs = at;
    if (name === 'agent.presencechanged') {
      if ('presence' in n.data)
        this.presence(n.data.user.agentId, n.data.presence.category.type, at);
      return;
    }
    if (!('channel' in n.data)) {
      this.skipped++;
      return;
    }
    this.channelEvent(event, n.data.channel, at);
  }

  /** The report so far (complete once the whole stream was added). */
  report(): CenterReport {
    // Open spans and interactions are closed on copies, so reading more afterwards stays right.
    const saved = new Map([...this.buckets].map(([k, b]) => [k, { ...b }]));
    const hists = [[...this.handleHist], [...this.waitHist]] as const;
    try {
      return this.build();
    } finally {
      this.buckets.clear();
      for (const [k, b] of saved) this.buckets.set(k, b);
      this.handleHist.splice(0, Infinity, ...hists[0]);
      this.waitHist.splice(0, Infinity, ...hists[1]);
    }
  }

  private build(): CenterReport {
    const end = Number.isFinite(this.lastMs) ? this.lastMs : 0;
    // Close the open time spans at the last event so averages include them.
    // Agents with calls and never a presence change were staffed throughout.
    const staffed = [
      ...this.staffedSince.values(),
      ...[...this.firstActivity.keys()].map(() => this.firstMs),
    ];
    for (const since of staffed) this.spread(since, end, 'staffedMs');
    for (const ix of this.interactions.values()) this.account(ix);
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const intervals: CenterKpis[] = [];
    const total = emptyBucket();
    if (keys.length > 0) {
      for (let k = keys[0] as number; k <= (keys[keys.length - 1] as number); k++) {
        const b = this.buckets.get(k) ?? emptyBucket();
        intervals.push(this.kpisOf(b, k * this.intervalMs, this.intervalMs));
        for (const f of Object.keys(total) as Array<keyof Bucket>) total[f] += b[f];
      }
    }
    const span = keys.length > 0 ? intervals.length * this.intervalMs : 0;
    return {
      intervalSeconds: this.intervalMs / 1000,
      slThresholdSeconds: this.slMs / 1000,
      totals: this.kpisOf(total, keys.length > 0 ? (keys[0] as number) * this.intervalMs : 0, span),
      intervals,
      notifications: this.rates.rates(),
      histograms: { handleSeconds: [...this.handleHist], waitSeconds: [...this.waitHist] },
      unavailable: unavailableKpis(this.seenTypes),
      skipped: this.skipped,
    };
  }

  // ------------------------------------------------------------------ events

  private channelEvent(
    event: string,
    channel: {
      interactionId: string;
      channelId: string;
      party: { role: string; agentId?: string };
    },
    at: number,
  ): void {
    const role = channel.party?.role;
    if (role !== 'external' && role !== 'voicemail' && role !== 'agent' && role !== 'monitor')
      return;
    const ixId = channel.interactionId;
    // A straggler of an instant whose interaction is already accounted for.
    if (this.finished.has(ixId)) return;
    const ix = this.interaction(ixId);
    if (role === 'monitor') {
      const supervisor = channel.party.agentId ?? '';
      if (event === 'connected' && !ix.monitors.includes(supervisor)) ix.monitors.push(supervisor);
      return;
    }
    if (role === 'external') {
      if (event === 'connected' && ix.arrivalMs < 0) ix.arrivalMs = at;
      else if (event === 'parked') ix.parkStartMs = at;
      else if (event === 'unparked' && ix.parkStartMs >= 0) {
        ix.parkMs += at - ix.parkStartMs;
        ix.parkStartMs = -1;
      } else if (event === 'held') ix.holdStartMs = at;
      else if (event === 'retrieved' && ix.holdStartMs >= 0) {
        ix.holdMs += at - ix.holdStartMs;
        ix.holdStartMs = -1;
      } else if (event === 'ended') {
        if (ix.holdStartMs >= 0) ix.holdMs += at - ix.holdStartMs;
        ix.holdStartMs = -1;
        ix.customerEndedMs = at;
      }
    } else if (role === 'voicemail') {
      if (event === 'connected' && ix.voicemailMs < 0) ix.voicemailMs = at;
    } else {
      this.agentEvent(event, ix, channel.channelId, channel.party.agentId ?? '', at);
    }
    this.finishIfDone(ixId, ix);
  }

  private interaction(ixId: string): OpenInteraction {
    let ix = this.interactions.get(ixId);
    if (!ix) {
      ix = openInteraction();
      this.interactions.set(ixId, ix);
    }
    return ix;
  }

  private agentEvent(
    event: string,
    ix: OpenInteraction,
    channelId: string,
    agentId: string,
    at: number,
  ): void {
    // Events of one instant (alerted and connected with no ring; disconnected, wrapstarted and
    // ended with no wrap) arrive in any order: each leg is made by whichever comes first.
    let leg = ix.legs.get(channelId);
    if (!leg) {
      leg = openLeg(at, agentId);
      ix.legs.set(channelId, leg);
      // Activity before any presence change of the agent's: settled at the first change.
      if (agentId !== '' && !this.presenceSeen.has(agentId) && !this.firstActivity.has(agentId))
        this.firstActivity.set(agentId, at);
    }
    if (at < leg.alertedMs) leg.alertedMs = at;
    if (event === 'connected') {
      if (leg.connectedMs < 0) leg.connectedMs = at;
    } else if (event === 'disconnected' || event === 'wrapstarted') {
      if (leg.leftMs < 0) leg.leftMs = at;
    } else if (event === 'connectionfailed') {
      leg.failed = true;
    } else if (event === 'interrupted') {
      leg.interrupts.push(at);
    } else if (event === 'resumed') {
      leg.resumes.push(at);
    } else if (event === 'ended') {
      leg.endedMs = at;
      // With no wrap, ended can come before the disconnected of its instant.
      if (leg.connectedMs >= 0 && leg.leftMs < 0) leg.leftMs = at;
    }
  }

  /** An interaction is over once its caller and every agent leg have ended. */
  private finishIfDone(ixId: string, ix: OpenInteraction): void {
    // A call is over once its caller has hung up; non-live work (an email: agent legs only,
    // no caller) once its legs have ended.
    const live = ix.arrivalMs >= 0 || ix.customerEndedMs >= 0;
    if (live ? ix.customerEndedMs < 0 : ix.legs.size === 0) return;
    for (const l of ix.legs.values()) if (l.endedMs < 0) return;
    this.interactions.delete(ixId);
    this.finished.set(ixId, ix.customerEndedMs);
    if (this.finished.size > this.finishedLimit) {
      // Stragglers come within seconds (delivery delays): forget what ended a minute ago.
      for (const [id, at] of this.finished) if (at < this.lastMs - 60_000) this.finished.delete(id);
      this.finishedLimit = Math.max(8192, this.finished.size * 2);
    }
    this.account(ix);
    this.onInteraction?.(ix);
  }

  /** Adds a finished (or, at the end of the stream, unfinished) interaction to its interval. */
  private account(ix: OpenInteraction): void {
    for (const l of ix.legs.values()) {
      const end = l.endedMs >= 0 ? l.endedMs : this.lastMs;
      this.spread(l.alertedMs, end, 'busyMs');
      this.spread(
        l.alertedMs,
        l.connectedMs >= 0 && l.leftMs >= 0 ? l.leftMs : end,
        'busyExWrapMs',
      );
      const interrupts = [...l.interrupts].sort((a, b) => a - b);
      const resumes = [...l.resumes].sort((a, b) => a - b);
      interrupts.forEach((from, i) => {
        const to = resumes[i] ?? end;
        this.spread(from, to, 'busyMs', -1);
        this.spread(from, to, 'busyExWrapMs', -1);
      });
    }
    if (ix.arrivalMs < 0) return; // not inbound, or began before the stream
    const b = this.bucket(ix.arrivalMs);
    b.offered++;
    for (const l of ix.legs.values()) if (l.failed) b.failedOffers++;
    let answeredMs = -1;
    for (const l of ix.legs.values())
      if (l.connectedMs >= 0 && (answeredMs < 0 || l.connectedMs < answeredMs))
        answeredMs = l.connectedMs;
    const leftQueue = [answeredMs, ix.voicemailMs, ix.customerEndedMs].filter((t) => t >= 0);
    if (leftQueue.length > 0) this.spreadCount(ix.arrivalMs, Math.min(...leftQueue), 1);
    if (answeredMs < 0) {
      if (ix.voicemailMs >= 0) b.voicemail++;
      else if (ix.customerEndedMs >= 0) b.abandoned++;
      return;
    }
    const wait = answeredMs - ix.arrivalMs;
    b.answered++;
    b.waitMs += wait;
    if (wait <= this.slMs) b.withinSl++;
    addToHistogram(this.waitHist, wait / 5000);
    let talk = 0;
    let wrap = 0;
    const legs = [...ix.legs.values()]
      .filter((l) => l.connectedMs >= 0)
      .sort((x, y) => x.alertedMs - y.alertedMs);
    legs.forEach((l, i) => {
      if (l.leftMs >= 0) talk += l.leftMs - l.connectedMs;
      if (l.endedMs >= 0 && l.leftMs >= 0) wrap += l.endedMs - l.leftMs;
      if (i === 0) return;
      // A later agent while an earlier one is still connected: a conference; otherwise a transfer.
      const overlaps = legs.slice(0, i).some((e) => e.leftMs > l.alertedMs || e.leftMs < 0);
      if (overlaps) b.conferences++;
      else b.transfers++;
    });
    talk = Math.max(0, talk - ix.holdMs);
    b.handled++;
    b.talkMs += talk;
    b.holdMs += ix.holdMs;
    b.wrapMs += wrap;
    addToHistogram(this.handleHist, (talk + ix.holdMs + wrap) / 10_000);
  }

  private presence(agentId: string, category: string, at: number): void {
    // A change older than the last one applied is the other version of a change already read.
    const last = this.lastPresenceMs.get(agentId);
    if (last !== undefined && at < last) return;
    this.lastPresenceMs.set(agentId, at);
    if (!this.presenceSeen.has(agentId)) {
      this.presenceSeen.add(agentId);
      // The first change ends a presence that began before the stream: staffed when the change
      // leaves it for logged out or away, or when the agent handled a call before it.
      const active = this.firstActivity.get(agentId);
      this.firstActivity.delete(agentId);
      if (category === 'loggedOut' || category === 'away' || (active !== undefined && active < at))
        this.staffedSince.set(agentId, this.firstMs);
    }
    const since = this.staffedSince.get(agentId);
    const staffed = category !== 'loggedOut' && category !== 'away';
    if (staffed && since === undefined) this.staffedSince.set(agentId, at);
    else if (!staffed && since !== undefined) {
      this.spread(since, at, 'staffedMs');
      this.staffedSince.delete(agentId);
    }
  }

  // ------------------------------------------------------------------ accounting

  private bucket(ms: number): Bucket {
    const k = Math.floor(ms / this.intervalMs);
    let b = this.buckets.get(k);
    if (!b) {
      b = emptyBucket();
      this.buckets.set(k, b);
    }
    return b;
  }

  /** Adds the span [from, to) to `field` of every interval it overlaps, split at the edges. */
  private spread(
    from: number,
    to: number,
    field: 'staffedMs' | 'busyMs' | 'busyExWrapMs',
    sign = 1,
  ): void {
    let t = from;
    while (t < to) {
      const edge = (Math.floor(t / this.intervalMs) + 1) * this.intervalMs;
      const stop = Math.min(edge, to);
      this.bucket(t)[field] += sign * (stop - t);
      t = stop;
    }
  }

  private spreadCount(from: number, to: number, count: number): void {
    let t = from;
    while (t < to) {
      const edge = (Math.floor(t / this.intervalMs) + 1) * this.intervalMs;
      const stop = Math.min(edge, to);
      this.bucket(t).queueMs += (stop - t) * count;
      t = stop;
    }
  }

  private kpisOf(b: Bucket, startMs: number, spanMs: number): CenterKpis {
    return kpis(b, startMs, spanMs, this.seenTypes);
  }
}
