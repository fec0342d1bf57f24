/**
 * The events to send, in order, with a look-ahead for hang-up pairs: when an event is half of an
 * agent's hang-up, its other half is looked for among the next 64 and goes out with it, so the
 * receiver sees the two race as VCC sends them. Each event is read (and its pair key computed)
 * once.
 */
import { hangUpPairKey } from '../generator/notifications/hang-up-pair.js';
import type { Notification } from '../generator/notifications/notification.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import type { TimedNotification } from '../generator/simulation/team-simulation.js';

/** What `deliver` sends: notifications (sent at their `time`) or timed ones (at `sendMs`). */
export type Source =
  | Iterable<Notification | TimedNotification>
  | AsyncIterable<Notification | TimedNotification>;

/** An event read from the source, with its place on the timeline (NaN: none). */
export interface Queued {
  n: Notification;
  sendMs: number;
  /** Its hang-up pair key: undefined when not computed yet, null when it has none. */
  key?: string | null;
}

/** How far ahead to look for the other half of a hang-up pair. */
const PAIR_LOOKAHEAD = 64;

function toQueued(x: Notification | TimedNotification): Queued {
  if ('notification' in x) return { n: x.notification, sendMs: x.sendMs };
  // An event without a readable time (a hand-made file) has no place on the timeline: NaN, sent unpaced.
  const t = typeof x.time === 'string' ? parseUtc(x.time) : undefined;
  return { n: x, sendMs: t ? t.ms : Number.NaN };
}

function keyOf(q: Queued): string | undefined {
  if (q.key === undefined) q.key = hangUpPairKey(q.n) ?? null;
  return q.key ?? undefined;
}

/**
 * Reads a source in order, holding a look-ahead for pairing.
 *
 * @example
 * const queue = new SendQueue(simulate(options).timed());
 * for (let q = await queue.next(); q; q = await queue.next()) send(q, await queue.partnerOf(q));
 */
export class SendQueue {
  private readonly iterator:
    | Iterator<Notification | TimedNotification>
    | AsyncIterator<Notification | TimedNotification>;
  private readonly lookahead: Queued[] = [];
  private exhausted = false;

  constructor(source: Source) {
    this.iterator =
      Symbol.asyncIterator in (source as object)
        ? (source as AsyncIterable<Notification | TimedNotification>)[Symbol.asyncIterator]()
        : (source as Iterable<Notification | TimedNotification>)[Symbol.iterator]();
  }

  /** The next event, or undefined at the end. */
  async next(): Promise<Queued | undefined> {
    if (this.lookahead.length > 0) return this.lookahead.shift();
    if (this.exhausted) return undefined;
    const r = await this.iterator.next();
    if (r.done) {
      this.exhausted = true;
      return undefined;
    }
    return toQueued(r.value);
  }

  /** The other half of `q`'s hang-up pair among the next events, taken out of the queue; or undefined. */
  async partnerOf(q: Queued): Promise<Queued | undefined> {
    const key = keyOf(q);
    if (key === undefined) return undefined;
    await this.fill(PAIR_LOOKAHEAD);
    const i = this.lookahead.findIndex((y) => keyOf(y) === key);
    return i >= 0 ? this.lookahead.splice(i, 1)[0] : undefined;
  }

  private async fill(size: number): Promise<void> {
    while (!this.exhausted && this.lookahead.length < size) {
      const r = await this.iterator.next();
      if (r.done) this.exhausted = true;
      else this.lookahead.push(toQueued(r.value));
    }
  }
}
