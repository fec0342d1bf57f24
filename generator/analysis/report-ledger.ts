/**
 * Where a report's counts and times go: one bucket per interval of the report (its intervals cut
 * on the center's local clock), and the agent time per minute, from which the totals of the
 * window and of the tail after it are summed whatever the interval length.
 */
import type { ZoneClock } from '../time-zone.js';
import { type Bucket, emptyBucket } from './report-intervals.js';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/** The agent-time fields kept per interval and per minute. */
export const TIME_FIELDS = [
  'staffedMs',
  'loggedInMs',
  'busyMs',
  'busyExWrapMs',
  'queueMs',
] as const;
export type TimeField = (typeof TIME_FIELDS)[number];
const FIELD_INDEX = Object.fromEntries(TIME_FIELDS.map((f, i) => [f, i])) as Record<
  TimeField,
  number
>;
const F = TIME_FIELDS.length;

/**
 * Intervals of `intervalMs` on the local clock (UTC without a clock): the 24-hour interval is the
 * local day, 23 or 25 hours long on the day of a DST change.
 */
export class IntervalGrid {
  constructor(
    readonly intervalMs: number,
    private readonly clock: ZoneClock | undefined,
  ) {}

  /** The interval holding `ms`. */
  key(ms: number): number {
    const off = this.clock ? this.clock.offsetAt(ms) : 0;
    return Math.floor((ms + off) / this.intervalMs);
  }

  /** When interval `k` starts (Unix ms). */
  startOf(k: number): number {
    const local = k * this.intervalMs;
    return this.clock ? this.clock.instantOf(local) : local;
  }

  /** The next edge after `t` (the start of the next interval that has any length). */
  nextEdge(t: number): number {
    const k = this.key(t);
    for (let j = k + 1; j < k + 4; j++) {
      const edge = this.startOf(j);
      if (edge > t) return edge;
    }
    return t + this.intervalMs;
  }
}

/** Per interval, the counts and times; per minute, the agent times. */
export class ReportLedger {
  readonly buckets: Map<number, Bucket>;
  /** Agent time per minute, a day (1440 minutes x each field) per array. */
  private readonly minutes: Map<number, Float64Array>;

  constructor(
    readonly grid: IntervalGrid,
    from?: ReportLedger,
  ) {
    this.buckets = new Map(from ? [...from.buckets].map(([k, b]) => [k, { ...b }]) : []);
    this.minutes = new Map(from ? [...from.minutes].map(([k, a]) => [k, a.slice()]) : []);
  }

  /** A copy to close open spans on, leaving this one as it was. */
  copy(): ReportLedger {
    return new ReportLedger(this.grid, this);
  }

  /** The bucket of the interval holding `ms`. */
  bucket(ms: number): Bucket {
    const k = this.grid.key(ms);
    let b = this.buckets.get(k);
    if (!b) {
      b = emptyBucket();
      this.buckets.set(k, b);
    }
    return b;
  }

  /** Adds `weight` x the span [from, to) to `field` of every interval and minute it overlaps. */
  spread(from: number, to: number, field: TimeField, weight = 1): void {
    let t = from;
    while (t < to) {
      const stop = Math.min(this.grid.nextEdge(t), to);
      this.bucket(t)[field] += weight * (stop - t);
      t = stop;
    }
    const i = FIELD_INDEX[field];
    t = from;
    let day = Number.NaN;
    let cells: Float64Array | undefined;
    while (t < to) {
      const minute = Math.floor(t / MINUTE);
      const stop = Math.min((minute + 1) * MINUTE, to);
      const d = Math.floor(minute / DAY_MINUTES);
      if (d !== day) {
        day = d;
        cells = this.minutes.get(day);
        if (!cells) {
          cells = new Float64Array(DAY_MINUTES * F);
          this.minutes.set(day, cells);
        }
      }
      const j = (minute - day * DAY_MINUTES) * F + i;
      const c = cells as Float64Array;
      c[j] = (c[j] as number) + weight * (stop - t);
      t = stop;
    }
  }

  /** The agent times summed over the whole minutes in [from, to). */
  timesBetween(from: number, to: number): Record<TimeField, number> {
    const sums = new Float64Array(F);
    const first = Math.floor(from / MINUTE);
    const last = Math.ceil(to / MINUTE);
    for (const [day, cells] of this.minutes) {
      const lo = Math.max(first, day * DAY_MINUTES);
      const hi = Math.min(last, (day + 1) * DAY_MINUTES);
      for (let m = lo; m < hi; m++)
        for (let f = 0; f < F; f++)
          sums[f] = (sums[f] as number) + (cells[(m - day * DAY_MINUTES) * F + f] as number);
    }
    return Object.fromEntries(TIME_FIELDS.map((f, i) => [f, sums[i] as number])) as Record<
      TimeField,
      number
    >;
  }
}
