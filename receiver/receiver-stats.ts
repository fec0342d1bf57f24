/**
 * What the built-in receiver has seen: requests, events (valid, invalid, duplicate, unique, per
 * type), hang-up pairs, answers by status, rejections by reason, injected faults, and how long it
 * took to answer. Deduplicates by (source, id).
 */
import { HangUpPairs } from '../generator/notifications/hang-up-pair.js';
import type { Notification } from '../generator/notifications/notification.js';
import { LatencyHistogram, type LatencySummary } from '../wire/latency.js';

/** What the receiver has seen: `GET <path>/stats` returns this JSON. */
export interface ReceiverStats {
  /** HTTP requests to the webhook path. */
  requests: number;
  /** Events in those requests (a batch counts each). */
  received: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Unique valid events. */
  unique: number;
  /** Ids held now to answer redeliveries as duplicates: at most the id window. */
  remembered: number;
  pairsComplete: number;
  pairsPending: number;
  perType: Record<string, number>;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Rejections by reason. */
  rejected: Record<string, number>;
  faults: { failed: number; dropped: number };
  /** Time the receiver spent handling a request (read to answer), ms. */
  latency: LatencySummary;
}

/**
 * The receiver's counts.
 *
 * @example
 * const tally = new ReceiverTally();
 * if (tally.accept(notification)) fresh++;
 * tally.stats().unique;
 */
export class ReceiverTally {
  readonly counts = {
    requests: 0,
    received: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    unique: 0,
    pairsComplete: 0,
    perType: {} as Record<string, number>,
    statuses: {} as Record<string, number>,
    rejected: {} as Record<string, number>,
    faults: { failed: 0, dropped: 0 },
  };
  readonly latency = new LatencyHistogram();
  /** The (source, id) keys of the last `window` unique events, and the same in arrival order. */
  private readonly seen = new Set<string>();
  private readonly recent: string[] = [];
  private next = 0;
  private readonly hangUps = new HangUpPairs();

  /** @param window how many of the latest unique events' ids are remembered (a ring). */
  constructor(private readonly window = Number.POSITIVE_INFINITY) {}

  /** The ids of the unique valid events in the window, in arrival order. */
  get ids(): string[] {
    const order =
      this.recent.length < this.window
        ? this.recent
        : [...this.recent.slice(this.next), ...this.recent.slice(0, this.next)];
    return order.map((key) => key.slice(key.indexOf(' ') + 1));
  }

  /** Whether the event (source, id) is among the unique events in the window. */
  has(source: string, id: string): boolean {
    return this.seen.has(`${source} ${id}`);
  }

  /** Remembers a key, forgetting the oldest once the window is full. */
  private remember(key: string): void {
    this.seen.add(key);
    if (this.recent.length < this.window) {
      this.recent.push(key);
      return;
    }
    this.seen.delete(this.recent[this.next] as string);
    this.recent[this.next] = key;
    this.next = (this.next + 1) % this.window;
  }

  /** Counts a rejection by its reason. */
  rejectedFor(reason: string): void {
    const r = this.counts.rejected;
    r[reason] = (r[reason] ?? 0) + 1;
  }

  /** Counts an answer, and how long the request took. */
  answered(status: number, started: number): void {
    const s = this.counts.statuses;
    s[status] = (s[status] ?? 0) + 1;
    this.latency.record(performance.now() - started);
  }

  /** Takes a valid notification in; false when it is a duplicate (same source and id). */
  accept(n: Notification): boolean {
    const s = this.counts;
    const key = `${n.source} ${n.id}`;
    if (this.seen.has(key)) {
      s.duplicates++;
      return false;
    }
    this.remember(key);
    s.unique++;
    s.perType[n.type] = (s.perType[n.type] ?? 0) + 1;
    const pair = this.hangUps.add(n);
    if (pair === 'complete') s.pairsComplete++;
    else if (pair === 'timestamps-differ') this.rejectedFor('pair-timestamps-differ');
    return true;
  }

  /** A snapshot of the counts. */
  stats(): ReceiverStats {
    const s = this.counts;
    return {
      ...s,
      remembered: this.seen.size,
      pairsPending: this.hangUps.pending,
      perType: { ...s.perType },
      statuses: { ...s.statuses },
      rejected: { ...s.rejected },
      faults: { ...s.faults },
      latency: this.latency.summary(),
    };
  }
}
