/**
 * Latency of HTTP exchanges, the one shape every side reports: the sender (its requests), the
 * built-in receiver (its handling) and k6 (its requests, as k6's summary gives them).
 */

/**
 * A latency summary in ms, rounded to 0.01.
 *
 * @example
 * const { p95, max } = summary.latency;
 */
export interface LatencySummary {
  /** Samples. */
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The percentiles and maximum of a {@link LatencySummary}: what k6's summary gives per run (and
 * what merging several k6 instances keeps, as the worst instance's).
 *
 * @example
 * const worst: LatencyPercentiles = { p50: 1, p95: 2.35, p99: 3, max: 4 };
 */
export type LatencyPercentiles = Pick<LatencySummary, 'p50' | 'p95' | 'p99' | 'max'>;

/**
 * A latency histogram with O(1) recording and bounded memory: 10 us steps below 1 ms, then 32
 * log-spaced buckets per doubling (about 2% resolution) up to hours.
 *
 * @example
 * const latency = new LatencyHistogram();
 * latency.record(performance.now() - t0);
 * latency.summary().p99;
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(100 + 32 * 30);
  private n = 0;
  private sum = 0;
  private maxSeen = 0;

  /** Records one latency in ms. */
  record(ms: number): void {
    const v = Math.max(ms, 0);
    const i =
      v < 1
        ? Math.floor(v * 100)
        : Math.min(this.counts.length - 1, 100 + Math.floor(Math.log2(v) * 32));
    this.counts[i] = (this.counts[i] as number) + 1;
    this.n++;
    this.sum += v;
    if (v > this.maxSeen) this.maxSeen = v;
  }

  get count(): number {
    return this.n;
  }

  /** The value below which a share `q` (0-1) of the samples fall, in ms (upper edge of its bucket). */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.ceil(q * this.n);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank)
        return Math.min(this.maxSeen, i < 100 ? (i + 1) / 100 : 2 ** ((i - 100 + 1) / 32));
    }
    return this.maxSeen;
  }

  /** p50/p95/p99/max/mean in ms, rounded to 0.01. */
  summary(): LatencySummary {
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      count: this.n,
      p50: r(this.quantile(0.5)),
      p95: r(this.quantile(0.95)),
      p99: r(this.quantile(0.99)),
      max: r(this.maxSeen),
      mean: r(this.n ? this.sum / this.n : 0),
    };
  }
}
