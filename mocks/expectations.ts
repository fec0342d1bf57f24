/**
 * Assertions on an inbox that read well in a test and fail with a message showing what was
 * expected and what arrived. Plain functions that throw, so they work in vitest, jest, node:test
 * or anything else, with no framework dependency.
 */
import type {
  ChannelEventName,
  NotificationType,
  NotificationTypePattern,
} from '../generator/notifications/event-types.js';
import type {
  DisconnectedNotification,
  Notification,
  WrapStartedNotification,
} from '../generator/notifications/notification.js';
import type { Inbox, RecordedRequest } from './inbox.js';

/**
 * Thrown by the `expect*` helpers. `expected` and `actual` are plain data, so test runners that
 * diff them (vitest, jest) show the difference.
 *
 * @example
 * try { expectDelivered(inbox, 3) } catch (e) { if (e instanceof InboxAssertionError) console.log(e.actual) }
 */
export class InboxAssertionError extends Error {
  override readonly name = 'InboxAssertionError';
  /**
   * What node:assert's errors carry: jest (jest-circus) prints any error with this code as an
   * assertion, with `expected`, `actual` and their difference under our message.
   */
  readonly code = 'ERR_ASSERTION';
  /** For jest's assertion printing: compared as `deepStrictEqual` would. */
  readonly operator = 'deepStrictEqual';
  /** For jest's assertion printing: the message is ours, print it. */
  readonly generatedMessage = false;
  /** For vitest: show the difference of `expected` and `actual`. */
  readonly showDiff = true;
  readonly expected: unknown;
  readonly actual: unknown;

  constructor(message: string, expected: unknown, actual: unknown) {
    super(message);
    this.expected = expected;
    this.actual = actual;
    // As node:assert's first stack line reads, which jest strips before the frames.
    if (this.stack?.startsWith('InboxAssertionError'))
      this.stack = `AssertionError [InboxAssertionError]${this.stack.slice('InboxAssertionError'.length)}`;
  }
}

const SHOW = 12;

/**
 * One line describing a notification, as the assertion messages list them.
 *
 * @example
 * describeNotification(n) // 'channel.wrapstarted.v0 id=2Vej… subject=6f1c… role=agent agentId=1544 at 2026-01-05T09:00:00.000Z'
 */
export function describeNotification(n: Notification): string {
  const agent = n.source === '/agent' ? n.data.user.agentId : n.data.channel.party.agentId;
  const role = n.source === '/channel' ? ` role=${n.data.channel.party.role}` : '';
  return `${n.type} id=${n.id} subject=${n.subject}${role}${agent ? ` agentId=${agent}` : ''} at ${n.data.timestamp}`;
}

function list(items: readonly Notification[], none = '(nothing)'): string {
  if (items.length === 0) return `    ${none}`;
  const shown = items.slice(0, SHOW).map((n) => `    ${describeNotification(n)}`);
  if (items.length > SHOW) shown.push(`    … and ${items.length - SHOW} more`);
  return shown.join('\n');
}

function countsByType(inbox: Inbox): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of inbox.notifications) out[n.type] = (out[n.type] ?? 0) + 1;
  return out;
}

function inboxSummary(inbox: Inbox): string {
  const counts = Object.entries(countsByType(inbox))
    .map(([t, c]) => `${t}: ${c}`)
    .join(', ');
  const failed = inbox.requests.filter(
    (r) => r.rejection || r.answer.kind === 'network-error' || r.answer.status > 205,
  );
  return [
    `The inbox holds ${inbox.notifications.length} accepted notification(s)${counts ? ` (${counts})` : ''} from ${inbox.requests.length} request(s)`,
    failed.length > 0
      ? `; ${failed.length} request(s) were not accepted:\n${requestLines(failed)}`
      : '.',
  ].join('');
}

function requestLines(requests: readonly RecordedRequest[]): string {
  const lines = requests.slice(0, SHOW).map((r) => {
    const answer = r.answer.kind === 'network-error' ? 'network error' : String(r.answer.status);
    const why = r.rejection
      ? ` ${r.rejection.reason}: ${r.rejection.detail.slice(0, 3).join('; ')}`
      : '';
    return `    #${r.index} ${r.mode} attempt ${r.attempt} → ${answer}${why}`;
  });
  if (requests.length > SHOW) lines.push(`    … and ${requests.length - SHOW} more`);
  return lines.join('\n');
}

/**
 * Asserts that an agent channel's hang-up pair arrived: a `channel.disconnected` and a
 * `channel.wrapstarted` for `channelId`, with the identical `data.timestamp`. Returns the pair.
 *
 * @example
 * const { wrapStarted } = expectPair(inbox, channelId);
 * // InboxAssertionError: Expected the hang-up pair of channel 6f1c…: a channel.disconnected and a
 * // channel.wrapstarted with the same data.timestamp. Missing: channel.wrapstarted. Arrived for it: …
 */
export function expectPair(
  inbox: Inbox,
  channelId: string,
): { disconnected: DisconnectedNotification; wrapStarted: WrapStartedNotification } {
  const { disconnected, wrapStarted } = inbox.pair(channelId);
  const arrived = inbox.channel(channelId);
  const head = `Expected the hang-up pair of channel ${channelId}: a channel.disconnected and a channel.wrapstarted with the same data.timestamp.`;
  const expected = {
    channelId,
    disconnected: 'present',
    wrapStarted: 'present',
    sameTimestamp: true,
  };
  if (!disconnected || !wrapStarted) {
    const missing = [!disconnected && 'channel.disconnected', !wrapStarted && 'channel.wrapstarted']
      .filter(Boolean)
      .join(' and ');
    throw new InboxAssertionError(
      `${head}\n  Missing: ${missing}.\n  Arrived for that channel:\n${list(arrived)}\n  ${inboxSummary(inbox)}`,
      expected,
      { channelId, arrived: arrived.map((n) => n.type) },
    );
  }
  if (disconnected.data.timestamp !== wrapStarted.data.timestamp) {
    throw new InboxAssertionError(
      `${head}\n  Their timestamps differ: disconnected at ${disconnected.data.timestamp}, wrapstarted at ${wrapStarted.data.timestamp}.`,
      expected,
      {
        channelId,
        disconnected: disconnected.data.timestamp,
        wrapStarted: wrapStarted.data.timestamp,
      },
    );
  }
  return { disconnected, wrapStarted };
}

/**
 * Asserts what was delivered (accepted, each source+id once): exactly `count` notifications, or
 * every one of the given ids or notifications (others may have arrived too).
 *
 * @example
 * expectDelivered(inbox, 4);
 * expectDelivered(inbox, [disconnect, wrap]);      // notifications or their ids
 */
export function expectDelivered(
  inbox: Inbox,
  expected: number | ReadonlyArray<string | Notification>,
): void {
  if (typeof expected === 'number') {
    if (inbox.notifications.length === expected) return;
    throw new InboxAssertionError(
      `Expected ${expected} delivered notification(s), but ${inbox.notifications.length} arrived.\n  ${inboxSummary(inbox)}\n  Arrived:\n${list(inbox.notifications)}`,
      expected,
      inbox.notifications.length,
    );
  }
  const ids = expected.map((x) => (typeof x === 'string' ? x : x.id));
  const have = new Set(inbox.notifications.map((n) => n.id));
  const missing = ids.filter((id) => !have.has(id));
  if (missing.length === 0) return;
  const describe = (id: string) => {
    const n = expected.find((x) => typeof x !== 'string' && x.id === id);
    return n && typeof n !== 'string' ? describeNotification(n) : id;
  };
  throw new InboxAssertionError(
    `Expected ${ids.length} notification(s) to be delivered; ${missing.length} did not arrive:\n${missing
      .slice(0, SHOW)
      .map((id) => `    ${describe(id)}`)
      .join('\n')}\n  ${inboxSummary(inbox)}\n  Arrived:\n${list(inbox.notifications)}`,
    ids,
    inbox.notifications.map((n) => n.id),
  );
}

/**
 * Asserts how many notifications of a type (or wildcard, `'channel.*'`) were delivered.
 *
 * @example
 * expectCount(inbox, 'channel.wrapstarted.v0', 2);
 */
export function expectCount(inbox: Inbox, type: NotificationTypePattern, count: number): void {
  const actual = inbox.count(type);
  if (actual === count) return;
  throw new InboxAssertionError(
    `Expected ${count} ${type} notification(s), but ${actual} arrived.\n  ${inboxSummary(inbox)}`,
    { [type]: count },
    { [type]: actual, ...countsByType(inbox) },
  );
}

/**
 * Asserts an agent's timeline (its channel events and presence changes in the order they
 * happened): the event names, short (`'connected'`, `'presencechanged'`) or full types.
 *
 * @example
 * expectTimeline(inbox, '1544', ['alerted', 'connected', 'disconnected', 'wrapstarted', 'ended']);
 */
export function expectTimeline(
  inbox: Inbox,
  agentId: string,
  events: ReadonlyArray<ChannelEventName | 'presencechanged' | NotificationType>,
): void {
  const got = inbox.timeline(agentId);
  const names = got.map((n, i) => {
    const want = events[i];
    return want?.includes('.') ? n.type : (n.type.split('.')[1] as string);
  });
  if (names.length === events.length && names.every((x, i) => x === events[i])) return;
  const firstDiff = names.findIndex((x, i) => x !== events[i]);
  const at = firstDiff === -1 ? Math.min(names.length, events.length) : firstDiff;
  throw new InboxAssertionError(
    `Expected agent ${agentId}'s timeline to be [${events.join(', ')}], but it is [${names.join(', ')}] (first difference at position ${at}).\n  Arrived for agent ${agentId}:\n${list(got)}\n  ${inboxSummary(inbox)}`,
    [...events],
    names,
  );
}

/**
 * Asserts that requests were rejected by the receiver's checks: `count` of them, or at least one
 * with `status` / `reason`. Returns the rejected requests.
 *
 * @example
 * expectRejected(inbox, { status: 401, reason: 'signature' });
 */
export function expectRejected(
  inbox: Inbox,
  expected: number | { status?: number; reason?: string; count?: number } = {},
): RecordedRequest[] {
  const want = typeof expected === 'number' ? { count: expected } : expected;
  const matching = inbox.rejected.filter(
    (r) =>
      (want.status === undefined || r.rejection?.status === want.status) &&
      (want.reason === undefined || r.rejection?.reason === want.reason),
  );
  const ok = want.count === undefined ? matching.length > 0 : matching.length === want.count;
  if (ok) return matching;
  const what = [
    want.count === undefined ? 'at least one' : String(want.count),
    'rejected request(s)',
    want.status !== undefined ? `with status ${want.status}` : '',
    want.reason !== undefined ? `for "${want.reason}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  throw new InboxAssertionError(
    `Expected ${what}, but ${matching.length} matched (${inbox.rejected.length} rejected in all).\n  Requests:\n${requestLines(inbox.requests)}`,
    want,
    inbox.rejected.map((r) => ({ status: r.rejection?.status, reason: r.rejection?.reason })),
  );
}
