/**
 * The hang-up pair: when an agent's channel hangs up, VCC sends its `channel.disconnected` and its
 * `channel.wrapstarted`, same channel, same version, same `data.timestamp` (they describe one
 * instant), often racing each other to the receiver. The senders go out with the two together
 * (the pair key), the receivers and the stream checker match them up (the verdict).
 */
import type { Notification } from './notification.js';

/** One of the two notifications of a hang-up. */
export type HangUpHalf = 'disconnected' | 'wrapstarted';

/**
 * What the two halves of a channel's hang-up say together: `complete` (both, one instant),
 * `timestamps-differ`, or which half is missing.
 */
export type HangUpPairVerdict =
  | 'complete'
  | 'timestamps-differ'
  | 'no-wrapstarted'
  | 'no-disconnected';

const DISCONNECTED = 'channel.disconnected.';
const WRAPSTARTED = 'channel.wrapstarted.';

/**
 * The half of a hang-up a notification type names (`channel.disconnected.*` or
 * `channel.wrapstarted.*`), whatever the party; undefined for any other type.
 *
 * @example
 * hangUpHalfOfType('channel.wrapstarted.v1') // 'wrapstarted'
 */
export function hangUpHalfOfType(type: string): HangUpHalf | undefined {
  return type.startsWith(DISCONNECTED)
    ? 'disconnected'
    : type.startsWith(WRAPSTARTED)
      ? 'wrapstarted'
      : undefined;
}

/**
 * The half of an agent hang-up a notification is: an agent channel's disconnected or
 * wrapstarted; undefined for any other (defensive: a replayed file may hold events without data).
 *
 * @example
 * hangUpHalf(disconnected) // 'disconnected' on an agent's channel, undefined on a customer's
 */
export function hangUpHalf(n: Notification): HangUpHalf | undefined {
  if (n.source !== '/channel' || n.data?.channel?.party?.role !== 'agent') return undefined;
  return hangUpHalfOfType(n.type);
}

/**
 * The key the two notifications of one agent hang-up share (channel, version, timestamp), or
 * undefined for any other notification. Written flat: the k6 live loop computes it once per
 * notification.
 *
 * @example
 * hangUpPairKey(disconnected) === hangUpPairKey(wrapstarted) // true for one hang-up
 */
export function hangUpPairKey(n: Notification): string | undefined {
  if (n.source !== '/channel' || n.data?.channel?.party?.role !== 'agent') return undefined;
  const type = n.type;
  let version: string;
  if (type.startsWith(DISCONNECTED)) version = type.slice(DISCONNECTED.length);
  else if (type.startsWith(WRAPSTARTED)) version = type.slice(WRAPSTARTED.length);
  else return undefined;
  return `${n.subject} ${version} ${n.data.timestamp}`;
}

/**
 * Judges a channel's hang-up from the instants of its halves (timestamps as text or ms; either
 * undefined when it is missing); undefined when neither is there.
 *
 * @example
 * hangUpPairVerdict(d.ms, w.ms) // 'complete' when they are one instant
 */
export function hangUpPairVerdict<T extends string | number>(
  disconnectedAt: T | undefined,
  wrapstartedAt: T | undefined,
): HangUpPairVerdict | undefined {
  if (disconnectedAt === undefined)
    return wrapstartedAt === undefined ? undefined : 'no-disconnected';
  if (wrapstartedAt === undefined) return 'no-wrapstarted';
  return disconnectedAt === wrapstartedAt ? 'complete' : 'timestamps-differ';
}

/**
 * Matches hang-up pairs as notifications arrive, in any order: each agent channel's (and
 * version's) disconnected with its wrapstarted.
 *
 * @example
 * const pairs = new HangUpPairs();
 * pairs.add(wrapstarted); // 'pending'
 * pairs.add(disconnected); // 'complete'
 */
export class HangUpPairs {
  private readonly open = new Map<string, { disconnected?: string; wrapstarted?: string }>();

  /** Pairs whose other half has not arrived. */
  get pending(): number {
    return this.open.size;
  }

  /**
   * Adds a notification: the verdict when it closes a pair (`complete` or `timestamps-differ`),
   * `pending` when it opens one, undefined when it is no half of an agent hang-up.
   */
  add(n: Notification): 'complete' | 'timestamps-differ' | 'pending' | undefined {
    const half = hangUpHalf(n);
    if (half === undefined) return undefined;
    const version = n.type.slice((half === 'disconnected' ? DISCONNECTED : WRAPSTARTED).length);
    const key = `${n.subject} ${version}`;
    const p = this.open.get(key) ?? {};
    p[half] = n.data.timestamp;
    const verdict = hangUpPairVerdict(p.disconnected, p.wrapstarted);
    if (verdict === 'complete' || verdict === 'timestamps-differ') {
      this.open.delete(key);
      return verdict;
    }
    this.open.set(key, p);
    return 'pending';
  }
}
