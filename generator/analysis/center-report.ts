/**
 * A contact-center analyst's view of a notification stream: offered, answered, abandoned and
 * voicemail calls, service level, ASA, AHT (talk, hold, wrap), occupancy, staffed agents, and
 * the notification rate a receiver sees. Computed from the events alone, so it reads a capture
 * from a real VCC as well as a simulated stream; streaming, memory holds only what is in progress.
 */
import type { Notification } from '../notifications/notification.js';

const TICKS_PER_MS = 10_000;

/** KPIs of one interval, or of the whole stream. Times in seconds; shares as fractions. */
export interface CenterKpis {
  /** Interval start, ISO 8601 UTC (the whole stream: its first event). */
  start: string;
  /** Inbound interactions that arrived (an external channel connected), by arrival time. */
  offered: number;
  /** Offered interactions an agent answered. */
  answered: number;
  /** Offered interactions whose caller hung up before an answer. */
  abandoned: number;
  /** Offered interactions that ended in voicemail before an answer. */
  voicemail: number;
  /** Answered within the threshold, as a fraction of offered (`null` when none was offered). */
  serviceLevel: number | null;
  /** Average speed of answer: mean seconds from arrival to the first agent's answer. */
  asa: number | null;
  /** Average handle time per answered interaction: talk + hold + wrap, seconds. */
  aht: number | null;
  /** Mean talk (connected, less hold), hold and wrap seconds per answered interaction. */
  talk: number | null;
  hold: number | null;
  wrap: number | null;
  /** Share of staffed time agents spent on interactions, wrap included. */
  occupancy: number | null;
  /** The same without wrap (alerting and connected only). */
  occupancyExWrap: number | null;
  /** Mean agents staffed (logged in and not on a break) over the interval. */
  staffed: number | null;
  /** Mean agents busy on an interaction (alerting, connected or in wrap). */
  busy: number | null;
  /** Mean callers waiting for an agent. */
  queue: number | null;
  transfers: number;
  conferences: number;
  /** Offers that rang out (connectionfailed). */
  failedOffers: number;
  /** Notifications sent in the interval (by `time`). */
  notifications: number;
}

/** Notifications per second and per minute, by type, with the peaks. */
export interface NotificationRates {
  total: number;
  byType: Record<string, number>;
  /** The busiest second by send time and how many were sent in it. */
  peakSecond: { at: string; count: number } | null;
  peakMinute: { at: string; count: number } | null;
  /** Mean notifications per second over the stream's span. */
  meanPerSecond: number;
}

/** The whole report. */
export interface CenterReport {
  /** Interval length, seconds. */
  intervalSeconds: number;
  /** Service-level threshold, seconds. */
  slThresholdSeconds: number;
  totals: CenterKpis;
  intervals: CenterKpis[];
  notifications: NotificationRates;
  /** Handle-time and answer-wait histograms (10 s and 5 s bins), for charts. */
  histograms: { handleSeconds: number[]; waitSeconds: number[] };
  /** KPIs the stream's types cannot give, with the types they need. */
  unavailable: string[];
  /** Events the report could not place (unknown types, bad timestamps). */
  skipped: number;
}

/** Options of {@link CenterReporter}. */
export interface CenterReportOptions {
  /** Interval length in ms. Default 15 minutes. */
  intervalMs?: number;
  /** Service-level threshold in ms. Default 20 s. */
  slThresholdMs?: number;
}

interface Bucket {
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

const emptyBucket = (): Bucket => ({
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

/** An agent leg of an interaction: alerted, connected (or not), left (disconnected), ended. */
interface Leg {
  alertedMs: number;
  connectedMs: number;
  leftMs: number;
  endedMs: number;
  /** The offer rang out (connectionfailed, in whichever versions are subscribed). */
  failed: boolean;
  /**
   * When the leg was interrupted (an email set aside for a call) and resumed: not busy time.
   * Kept as times and paired in order at the end, as one instant's events may come in any order.
   */
  interrupts: number[];
  resumes: number[];
}

/**
 * What is known of an interaction so far. Events of one instant can arrive in any order (each has
 * its own delivery delay), so outcomes are decided when the interaction is over, not as it goes.
 */
interface OpenInteraction {
  arrivalMs: number;
  voicemailMs: number;
  customerEndedMs: number;
  holdStartMs: number;
  holdMs: number;
  /** Agent legs by channel id. */
  legs: Map<string, Leg>;
}

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
  private readonly byType: Record<string, number> = {};
  private total = 0;
  private skipped = 0;
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private firstSendMs = Number.POSITIVE_INFINITY;
  private lastSendMs = Number.NEGATIVE_INFINITY;
  private readonly secondCounts = new Map<number, number>();
  private readonly minuteCounts = new Map<number, number>();
  private peakSecond: { ms: number; count: number } | null = null;
  private peakMinute: { ms: number; count: number } | null = null;
  private readonly handleHist: number[] = [];
  private readonly waitHist: number[] = [];
  /** `data.timestamp` and `time` differ by up to seconds: each has its own cache. */
  private readonly eventTime = new IsoMsParser();
  private readonly sendTime = new IsoMsParser();
  /** Per type: its name without the version, and that name without `channel.` (sliced once). */
  private readonly typeNames = new Map<string, { name: string; event: string }>();

  constructor(options: CenterReportOptions = {}) {
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
    this.total++;
    this.byType[n.type] = (this.byType[n.type] ?? 0) + 1;
    this.countSend(sent);
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
        intervals.push(this.kpis(b, k * this.intervalMs, this.intervalMs));
        for (const f of Object.keys(total) as Array<keyof Bucket>) total[f] += b[f];
      }
    }
    const span = keys.length > 0 ? intervals.length * this.intervalMs : 0;
    const sendSpanS = Math.max(1, (this.lastSendMs - this.firstSendMs) / 1000);
    return {
      intervalSeconds: this.intervalMs / 1000,
      slThresholdSeconds: this.slMs / 1000,
      totals: this.kpis(total, keys.length > 0 ? (keys[0] as number) * this.intervalMs : 0, span),
      intervals,
      notifications: {
        total: this.total,
        byType: { ...this.byType },
        peakSecond: this.peakSecond
          ? { at: new Date(this.peakSecond.ms).toISOString(), count: this.peakSecond.count }
          : null,
        peakMinute: this.peakMinute
          ? { at: new Date(this.peakMinute.ms).toISOString(), count: this.peakMinute.count }
          : null,
        meanPerSecond: this.total === 0 ? 0 : this.total / sendSpanS,
      },
      histograms: { handleSeconds: [...this.handleHist], waitSeconds: [...this.waitHist] },
      unavailable: this.unavailable(),
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
    if (role !== 'external' && role !== 'voicemail' && role !== 'agent') return;
    const ixId = channel.interactionId;
    // A straggler of an instant whose interaction is already accounted for.
    if (this.finished.has(ixId)) return;
    const ix = this.interaction(ixId);
    if (role === 'external') {
      if (event === 'connected' && ix.arrivalMs < 0) ix.arrivalMs = at;
      else if (event === 'held') ix.holdStartMs = at;
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
      ix = {
        arrivalMs: -1,
        voicemailMs: -1,
        customerEndedMs: -1,
        holdStartMs: -1,
        holdMs: 0,
        legs: new Map(),
      };
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
      leg = {
        alertedMs: at,
        connectedMs: -1,
        leftMs: -1,
        endedMs: -1,
        failed: false,
        interrupts: [],
        resumes: [],
      };
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
    this.hist(this.waitHist, wait / 5000);
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
    this.hist(this.handleHist, (talk + ix.holdMs + wrap) / 10_000);
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

  private hist(h: number[], bin: number): void {
    const i = Math.min(Math.max(0, Math.floor(bin)), 360);
    while (h.length <= i) h.push(0);
    h[i] = (h[i] as number) + 1;
  }

  private countSend(ms: number): void {
    if (ms < this.firstSendMs) this.firstSendMs = ms;
    if (ms > this.lastSendMs) this.lastSendMs = ms;
    this.bucket(ms).notifications++;
    const sec = Math.floor(ms / 1000) * 1000;
    const min = Math.floor(ms / 60_000) * 60_000;
    const s = (this.secondCounts.get(sec) ?? 0) + 1;
    this.secondCounts.set(sec, s);
    if (!this.peakSecond || s > this.peakSecond.count) this.peakSecond = { ms: sec, count: s };
    const m = (this.minuteCounts.get(min) ?? 0) + 1;
    this.minuteCounts.set(min, m);
    if (!this.peakMinute || m > this.peakMinute.count) this.peakMinute = { ms: min, count: m };
    // A stream is in send order (give or take a few seconds): keep only recent counters.
    if (this.secondCounts.size > 4096) this.prune(this.secondCounts, sec - 600_000);
    if (this.minuteCounts.size > 4096) this.prune(this.minuteCounts, min - 6 * 3_600_000);
  }

  private prune(counts: Map<number, number>, before: number): void {
    for (const k of counts.keys()) if (k < before) counts.delete(k);
  }

  private kpis(b: Bucket, startMs: number, spanMs: number): CenterKpis {
    const ratio = (a: number, d: number) => (d > 0 ? a / d : null);
    const havePresence = this.seenTypes.has('agent.presencechanged');
    const haveAgents = this.seenTypes.has('channel.alerted') && this.seenTypes.has('channel.ended');
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

  private unavailable(): string[] {
    const has = (t: string) => this.seenTypes.has(t);
    const out: string[] = [];
    if (!has('channel.connected'))
      out.push(
        'offered, answered, service level, ASA: need channel.connected (customer and agent)',
      );
    if (!has('channel.ended')) out.push('abandoned, handle time: need channel.ended');
    if (!has('channel.alerted'))
      out.push('occupancy, busy agents, transfers: need channel.alerted');
    if (!has('channel.held')) out.push('hold time: needs channel.held and channel.retrieved');
    if (!has('channel.wrapstarted')) out.push('wrap time: needs channel.wrapstarted');
    if (!has('agent.presencechanged'))
      out.push('staffed agents, occupancy: need agent.presencechanged');
    return out;
  }
}

/** Place values of the fraction's digits: three of ms, then four of 100 ns ticks. */
const FRACTION_PLACES = [100, 10, 1, 1000, 100, 10, 1];

/** The digit 0-9 at `i` of `text`, or -1 when it is not an ASCII digit. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * Parses ISO 8601 UTC timestamps, `YYYY-MM-DDTHH:MM:SS` then `Z` or `.` 1 to 9 digits `Z`, to ms
 * (fraction in 100 ns ticks; digits past the seventh ignored), without a regex or a substring:
 * the day's part is cached, since a stream's timestamps share it. One instance per stream of
 * timestamps (send time, event time), so neither evicts the other's day.
 */
class IsoMsParser {
  private day = '';
  private dayMs = 0;

  parse(text: unknown): number | undefined {
    if (typeof text !== 'string' || text.length < 20) return undefined;
    if (this.day === '' || !text.startsWith(this.day)) {
      const y = fixedDigits(text, 0, 4);
      const mo = fixedDigits(text, 5, 2);
      const d = fixedDigits(text, 8, 2);
      if (y < 0 || mo < 0 || d < 0 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T')
        return undefined;
      this.dayMs = Date.UTC(y, mo - 1, d);
      this.day = text.slice(0, 11);
    }
    const h = fixedDigits(text, 11, 2);
    const mi = fixedDigits(text, 14, 2);
    const s = fixedDigits(text, 17, 2);
    if (h < 0 || mi < 0 || s < 0 || text[13] !== ':' || text[16] !== ':') return undefined;
    // Exactly Date.UTC(y, mo - 1, d, h, mi, s): whole ms, summed as the spec's MakeTime does.
    const secondMs = this.dayMs + (h * 3_600_000 + mi * 60_000 + s * 1000);
    const last = text.length - 1;
    if (text.charCodeAt(last) !== 90 /* Z */) return undefined;
    if (last === 19) return secondMs;
    const digits = last - 20;
    if (text.charCodeAt(19) !== 46 /* . */ || digits < 1 || digits > 9) return undefined;
    let ms = 0;
    let ticks = 0;
    for (let i = 0; i < digits; i++) {
      const v = digitAt(text, 20 + i);
      if (v < 0) return undefined;
      if (i < 3) ms += v * (FRACTION_PLACES[i] as number);
      else if (i < 7) ticks += v * (FRACTION_PLACES[i] as number);
    }
    return secondMs + ms + ticks / TICKS_PER_MS;
  }
}

/** The number of `count` ASCII digits at `from`, or -1 when any is not a digit. */
function fixedDigits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const v = digitAt(text, i);
    if (v < 0) return -1;
    n = n * 10 + v;
  }
  return n;
}
