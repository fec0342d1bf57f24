import { hangUpPairKey } from '../generator/notifications/hang-up-pair.js';
import type { TimedNotification } from '../generator/simulation/team-simulation.js';

/**
 * How far ahead (simulated ms) to look for the other half of a hang-up pair: their send times
 * differ by the two delivery delays, at most 5 s by default; and a cap on the notifications held.
 */
const PAIR_WINDOW_MS = 30_000;
const PAIR_LOOKAHEAD_MAX = 4096;

/**
 * Walks a team's time-ordered stream in the order its notifications go out: one by one, except
 * the two of an agent hang-up, which go out together at the first one's send time (`second` is
 * the other half). Pure: the live loop fires from it and pre-generation records it, so both send
 * the same requests in the same order. Per notification it allocates nothing but what the stream
 * does: the look-ahead is an array read from an index, with each held notification's pair key.
 *
 * @example
 * forEachSend(simulate(options).timed(), (first, second) => fire(first, second));
 */
export function forEachSend(
  stream: Iterator<TimedNotification>,
  visit: (first: TimedNotification, second: TimedNotification | undefined) => void,
): void {
  const ahead: TimedNotification[] = [];
  const aheadKeys: Array<string | undefined> = [];
  let head = 0;
  for (;;) {
    let t: TimedNotification;
    let key: string | undefined;
    if (head < ahead.length) {
      t = ahead[head] as TimedNotification;
      key = aheadKeys[head];
      head++;
    } else {
      if (head > 0) {
        ahead.length = 0;
        aheadKeys.length = 0;
        head = 0;
      }
      const r = stream.next();
      if (r.done) return;
      t = r.value;
      key = hangUpPairKey(t.notification);
    }
    if (key !== undefined) {
      while (
        ahead.length - head < PAIR_LOOKAHEAD_MAX &&
        (ahead.length === head ||
          (ahead[ahead.length - 1] as TimedNotification).sendMs - t.sendMs <= PAIR_WINDOW_MS)
      ) {
        const r = stream.next();
        if (r.done) break;
        ahead.push(r.value);
        aheadKeys.push(hangUpPairKey(r.value.notification));
      }
      let i = head;
      while (i < ahead.length && aheadKeys[i] !== key) i++;
      if (i < ahead.length) {
        const other = ahead[i] as TimedNotification;
        ahead.splice(i, 1);
        aheadKeys.splice(i, 1);
        visit(t, other);
        continue;
      }
    }
    visit(t, undefined);
  }
}
