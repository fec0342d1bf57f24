import { hangUpPairKey } from '../generator/notifications/hang-up-pair.js';
import type { TimedNotification } from '../generator/simulation/team-simulation.js';

/**
 * How far ahead (simulated ms) to look for the other half of a hang-up pair: their send times
 * differ by the two delivery delays, at most 5 s by default; and a cap on the notifications held.
 */
const PAIR_WINDOW_MS = 30_000;
const PAIR_LOOKAHEAD_MAX = 4096;

/**
 * A time-ordered stream read one notification at a time (`undefined` at its end), as a
 * `TeamSimulation` reads: no iterator result per notification.
 */
export interface TimedSource {
  next(): TimedNotification | undefined;
}

/**
 * A {@link TimedSource} over an iterator, e.g. `simulate(options).timed()`.
 *
 * @example
 * forEachSend(fromIterator(simulate(options).timed()), visit);
 */
export function fromIterator(it: Iterator<TimedNotification>): TimedSource {
  return {
    next: () => {
      const r = it.next();
      return r.done ? undefined : r.value;
    },
  };
}

/**
 * Walks a team's time-ordered stream in the order its notifications go out: one by one, except
 * the two of an agent hang-up, which go out together at the first one's send time (`second` is
 * the other half). Pure: the live loop fires from it and pre-generation records it, so both send
 * the same requests in the same order. Per notification it allocates nothing but what the stream
 * does: the look-ahead is an array read from an index, with each held notification's pair key.
 *
 * @example
 * forEachSend(new TeamSimulation(resolveOptions(options), team), (first, second) => fire(first, second));
 */
export function forEachSend(
  stream: TimedSource,
  visit: (first: TimedNotification, second: TimedNotification | undefined) => void,
): void {
  const walker = new SendWalker(stream);
  while (walker.next(visit));
}

/**
 * {@link forEachSend} one send at a time, for a reader that stops between sends (the live feed
 * writes a block of sends per request of its k6 VU).
 *
 * @example
 * const walker = new SendWalker(stream);
 * while (walker.next(visit) && !blockFull());
 */
export class SendWalker {
  private readonly ahead: TimedNotification[] = [];
  private readonly aheadKeys: Array<string | undefined> = [];
  private head = 0;

  constructor(private readonly stream: TimedSource) {}

  /** Visits the next send; false (and no visit) at the stream's end. */
  next(visit: (first: TimedNotification, second: TimedNotification | undefined) => void): boolean {
    const { ahead, aheadKeys, stream } = this;
    let t: TimedNotification;
    let key: string | undefined;
    if (this.head < ahead.length) {
      t = ahead[this.head] as TimedNotification;
      key = aheadKeys[this.head];
      this.head++;
    } else {
      if (this.head > 0) {
        ahead.length = 0;
        aheadKeys.length = 0;
        this.head = 0;
      }
      const next = stream.next();
      if (next === undefined) return false;
      t = next;
      key = pairKeyOf(t);
    }
    if (key !== undefined) {
      const head = this.head;
      while (
        ahead.length - head < PAIR_LOOKAHEAD_MAX &&
        (ahead.length === head ||
          (ahead[ahead.length - 1] as TimedNotification).sendMs - t.sendMs <= PAIR_WINDOW_MS)
      ) {
        const next = stream.next();
        if (next === undefined) break;
        ahead.push(next);
        aheadKeys.push(pairKeyOf(next));
      }
      let i = head;
      while (i < ahead.length && aheadKeys[i] !== key) i++;
      if (i < ahead.length) {
        const other = ahead[i] as TimedNotification;
        ahead.splice(i, 1);
        aheadKeys.splice(i, 1);
        visit(t, other);
        return true;
      }
    }
    visit(t, undefined);
    return true;
  }
}

/**
 * The hang-up pair key of a notification: only a `channel.disconnected.*` or
 * `channel.wrapstarted.*` can have one (`channel.` is 8 characters, and only those two events
 * start with `d` and `w`), so the others are told apart by one character read.
 */
function pairKeyOf(t: TimedNotification): string | undefined {
  const type = t.notification.type;
  const c = type.charCodeAt(8);
  return (c === 100 /* d */ || c === 119) /* w */ && type.charCodeAt(0) === 99 /* c */
    ? hangUpPairKey(t.notification)
    : undefined;
}
