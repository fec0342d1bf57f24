/**
 * A contact-center analyst's view of a notification stream: offered, answered, abandoned and
 * voicemail calls, service level, ASA, AHT (per interaction and per contact), occupancy, staffed
 * and logged-in agents, shrinkage, and the notification rate a receiver sees. Computed from the
 * events alone, so it reads a capture from a real VCC as well as a simulated stream; streaming,
 * memory holds only what is in progress (and the agent time per minute).
 */
import type { Notification } from '../notifications/notification.js';
import { ZoneClock } from '../time-zone.js';
import { type AccountingSink, account, isOver } from './interaction-accounting.js';
import { IsoMsParser } from './iso-ms-parser.js';
import { type OpenInteraction, openInteraction, openLeg } from './open-interactions.js';
import { PresenceTime } from './presence-time.js';
import { buildReport, localIso } from './report-build.js';
import { unavailableKpis } from './report-intervals.js';
import { IntervalGrid, ReportLedger } from './report-ledger.js';
import type {
  CenterKpis,
  CenterReport,
  CenterReportOptions,
  NotificationRates,
  PlanSlot,
  ReportTail,
} from './report-types.js';
import { SendRates } from './send-rates.js';

export type {
  CenterKpis,
  CenterReport,
  CenterReportOptions,
  NotificationRates,
  PlanSlot,
  ReportTail,
};

/** Adds a time once: the v0 and v1 notifications of one event carry the same. */
function addOnce(times: number[], at: number): void {
  if (!times.includes(at)) times.push(at);
}

/**
 * How long (stream time) an interaction that is over stays open for its stragglers: events of
 * its legs delivered after its caller's `ended` (each notification has its own delivery delay).
 */
const STRAGGLER_GRACE_MS = 5 * 60_000;

/**
 * Reads notifications one by one (in any version mix, in any order within an interaction) and
 * reports the center's KPIs.
 *
 * @example
 * const reporter = new CenterReporter({ intervalMs: 15 * 60_000, timeZone: 'America/New_York' });
 * for (const n of simulate({ agents: 20, types: ['channel.*.v0', 'agent.presencechanged.v0'] })) reporter.add(n);
 * const { totals } = reporter.report();
 * console.log(totals.serviceLevel, totals.asa, totals.aht, totals.ahtPerContact, totals.shrinkage);
 */
export class CenterReporter {
  private readonly slMs: number;
  private readonly clock: ZoneClock | undefined;
  private readonly options: CenterReportOptions;
  private readonly ledger: ReportLedger;
  private readonly presenceTime = new PresenceTime();
  private readonly interactions = new Map<string, OpenInteraction>();
  /** Interactions over, by when: accounted once the grace has passed. */
  private overQueue: Array<{ id: string; at: number }> = [];
  /** Where the queue's entries not yet settled start. */
  private overHead = 0;
  /** Interactions accounted for, by when they ended: later events of theirs are late. */
  private readonly finished = new Map<string, number>();
  private finishedLimit = 8192;
  private readonly seenTypes = new Set<string>();
  private skipped = 0;
  private late = 0;
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private lastArrivalMs = -1;
  /** The latest send time read: the stream's clock (no event is sent before it happens). */
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private presenceFlushedAt = Number.NEGATIVE_INFINITY;
  private readonly rates = new SendRates();
  private readonly handleHist: number[] = [];
  private readonly waitHist: number[] = [];
  /** `data.timestamp` and `time` differ by up to seconds: each has its own cache. */
  private readonly eventTime = new IsoMsParser();
  private readonly sendTime = new IsoMsParser();
  /** Per type: its name without the version, and that name without `channel.` (sliced once). */
  private readonly typeNames = new Map<string, { name: string; event: string }>();

  constructor(options: CenterReportOptions = {}) {
    const intervalMs = options.intervalMs ?? 15 * 60_000;
    this.slMs = options.slThresholdMs ?? 20_000;
    if (!(intervalMs >= 1000)) throw new RangeError('intervalMs must be at least 1000');
    if (!(this.slMs >= 0)) throw new RangeError('slThresholdMs must be >= 0');
    if (!((options.slTarget ?? 0.8) > 0 && (options.slTarget ?? 0.8) <= 1))
      throw new RangeError('slTarget must be in (0, 1]');
    this.options = options;
    this.clock = options.timeZone === undefined ? undefined : new ZoneClock(options.timeZone);
    this.ledger = new ReportLedger(new IntervalGrid(intervalMs, this.clock));
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
    if (sent > this.lastSentMs) this.lastSentMs = sent;
    this.ledger.bucket(sent).notifications++;
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
      if ('presence' in n.data) {
        const { agentId } = n.data.user;
        const category = n.data.presence.category.type;
        this.presenceTime.change(agentId, category, at);
      }
    } else if ('channel' in n.data) this.channelEvent(event, n.data.channel, at);
    else this.skipped++;
    this.settle();
  }

  /**
   * The stream is over: no straggler is due any more, so every interaction that is over is
   * accounted now (and handed to `onInteraction`) instead of after its grace. What is still in
   * progress stays open, accounted on copies by {@link report}; the report is the same as before.
   * An event read afterwards for an interaction accounted here is late.
   */
  end(): void {
    for (let i = this.overHead; i < this.overQueue.length; i++) {
      const { id } = this.overQueue[i] as { id: string };
      const ix = this.interactions.get(id);
      if (!ix) continue;
      ix.queued = false;
      if (!isOver(ix)) continue;
      this.interactions.delete(id);
      this.finish(id, ix);
    }
    this.overQueue = [];
    this.overHead = 0;
  }

  /** The report so far (complete once the whole stream was added). */
  report(): CenterReport {
    // Open spans and interactions are closed on copies, so reading more afterwards stays right.
    const ledger = this.ledger.copy();
    const end = Number.isFinite(this.lastMs) ? this.lastMs : 0;
    const start = Number.isFinite(this.firstMs) ? this.firstMs : 0;
    this.presenceTime.clone().closeAll(ledger, end, start);
    const sink = this.sink(ledger, [...this.handleHist], [...this.waitHist]);
    for (const ix of this.interactions.values()) account(ix, sink);
    const built = buildReport({
      ledger,
      clock: this.clock,
      seenTypes: this.seenTypes,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      lastArrivalMs: this.lastArrivalMs,
      window: this.options.window,
      plan: this.options.plan,
      absences: this.options.absences,
    });
    return {
      intervalSeconds: this.ledger.grid.intervalMs / 1000,
      slThresholdSeconds: this.slMs / 1000,
      slTarget: this.options.slTarget ?? 0.8,
      timeZone: this.zoneName(),
      window: built.window,
      totals: built.totals,
      intervals: built.intervals,
      tail: built.tail,
      notifications: this.rates.rates(),
      histograms: { handleSeconds: sink.handleHist, waitSeconds: sink.waitHist },
      unavailable: unavailableKpis(this.seenTypes),
      skipped: this.skipped,
      late: this.late,
    };
  }

  private zoneName(): string {
    const zone = this.options.timeZone;
    if (zone === undefined) return 'UTC';
    if (typeof zone === 'string') return zone;
    const iso = localIso(this.clock, 0);
    return `UTC${iso.endsWith('Z') ? '' : iso.slice(19)}`;
  }

  private sink(ledger: ReportLedger, handleHist: number[], waitHist: number[]): AccountingSink {
    const endMs = Number.isFinite(this.lastMs) ? this.lastMs : 0;
    return { ledger, handleHist, waitHist, slMs: this.slMs, endMs };
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
    // An event of an interaction accounted for after its grace: late, not counted.
    if (this.finished.has(ixId)) {
      this.late++;
      return;
    }
    const ix = this.interaction(ixId);
    if (role === 'monitor') {
      // A supervisor listening in: no part of the interaction's outcome or times.
      const supervisor = channel.party.agentId ?? '';
      if (event === 'connected' && !ix.monitors.includes(supervisor)) ix.monitors.push(supervisor);
      return;
    }
    if (role === 'external') {
      if (event === 'connected' && (ix.arrivalMs < 0 || at < ix.arrivalMs)) {
        ix.arrivalMs = at;
        if (at > this.lastArrivalMs) this.lastArrivalMs = at;
      } else if (event === 'held') addOnce(ix.holds, at);
      else if (event === 'retrieved') addOnce(ix.retrieves, at);
      else if (event === 'parked') addOnce(ix.parks, at);
      else if (event === 'unparked') addOnce(ix.unparks, at);
      else if (event === 'ended') ix.customerEndedMs = at;
    } else if (role === 'voicemail') {
      if (event === 'connected' && ix.voicemailMs < 0) ix.voicemailMs = at;
    } else {
      this.agentEvent(event, ix, channel.channelId, channel.party.agentId ?? '', at);
    }
    if (!ix.queued && isOver(ix)) {
      // Over at its last moment (whatever event came last): stragglers have the grace from then.
      let overAt = ix.customerEndedMs;
      for (const l of ix.legs.values()) if (l.endedMs > overAt) overAt = l.endedMs;
      ix.queued = true;
      this.overQueue.push({ id: ixId, at: overAt });
    }
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
      this.presenceTime.activity(agentId, at);
    }
    if (at < leg.alertedMs) leg.alertedMs = at;
    if (event === 'connected') {
      if (leg.connectedMs < 0) leg.connectedMs = at;
    } else if (event === 'disconnected' || event === 'wrapstarted') {
      if (leg.leftMs < 0) leg.leftMs = at;
    } else if (event === 'connectionfailed') {
      leg.failed = true;
    } else if (event === 'interrupted') {
      addOnce(leg.interrupts, at);
    } else if (event === 'resumed') {
      addOnce(leg.resumes, at);
    } else if (event === 'ended') {
      leg.endedMs = at;
    }
  }

  /**
   * Accounts the interactions that have been over for the grace period (by send time), and applies
   * the presence changes as old; an interaction a straggler reopened (a new leg not ended) waits
   * until it is over again.
   */
  private settle(): void {
    if (this.lastSentMs >= this.presenceFlushedAt + 10_000) {
      this.presenceFlushedAt = this.lastSentMs;
      this.presenceTime.flush(this.ledger, this.lastSentMs - STRAGGLER_GRACE_MS, this.firstMs);
    }
    const q = this.overQueue;
    let i = this.overHead;
    while (i < q.length && (q[i] as { at: number }).at < this.lastSentMs - STRAGGLER_GRACE_MS) {
      const { id } = q[i] as { id: string };
      i++;
      const ix = this.interactions.get(id);
      if (!ix) continue;
      ix.queued = false;
      if (!isOver(ix)) continue;
      this.interactions.delete(id);
      this.finish(id, ix);
    }
    this.overHead = i;
    // Drop the accounted head now and then, not at every event.
    if (i > 4096 && i * 2 > q.length) {
      this.overQueue = q.slice(i);
      this.overHead = 0;
    }
  }

  private finish(id: string, ix: OpenInteraction): void {
    this.finished.set(id, this.lastMs);
    if (this.finished.size > this.finishedLimit) {
      // Later events come within minutes (delivery delays): forget what ended long before.
      for (const [fid, at] of this.finished)
        if (at < this.lastMs - 3 * STRAGGLER_GRACE_MS) this.finished.delete(fid);
      this.finishedLimit = Math.max(8192, this.finished.size * 2);
    }
    account(ix, this.sink(this.ledger, this.handleHist, this.waitHist));
    this.options.onInteraction?.(ix);
  }
}
