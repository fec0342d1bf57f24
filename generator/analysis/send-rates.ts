/**
 * The notification rate a receiver sees: notifications by type, the busiest second and minute
 * by send time, and the mean per second over the stream's span.
 */
import type { NotificationRates } from './report-types.js';

export class SendRates {
  private total = 0;
  private readonly byType: Record<string, number> = {};
  private firstSendMs = Number.POSITIVE_INFINITY;
  private lastSendMs = Number.NEGATIVE_INFINITY;
  private readonly secondCounts = new Map<number, number>();
  private readonly minuteCounts = new Map<number, number>();
  private peakSecond: { ms: number; count: number } | null = null;
  private peakMinute: { ms: number; count: number } | null = null;

  /** Counts a notification of `type` sent at `ms`. */
  count(type: string, ms: number): void {
    this.total++;
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    if (ms < this.firstSendMs) this.firstSendMs = ms;
    if (ms > this.lastSendMs) this.lastSendMs = ms;
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

  /** The rates so far. */
  rates(): NotificationRates {
    const sendSpanS = Math.max(1, (this.lastSendMs - this.firstSendMs) / 1000);
    return {
      total: this.total,
      byType: { ...this.byType },
      peakSecond: this.peakSecond
        ? { at: new Date(this.peakSecond.ms).toISOString(), count: this.peakSecond.count }
        : null,
      peakMinute: this.peakMinute
        ? { at: new Date(this.peakMinute.ms).toISOString(), count: this.peakMinute.count }
        : null,
      meanPerSecond: this.total === 0 ? 0 : this.total / sendSpanS,
    };
  }
}
