/**
 * The inbox: what the mocked webhook receiver was sent. Every request (headers, body, content
 * mode, the answer it got) and every notification it accepted, typed, with the lookups tests
 * need: per type, the hang-up pair of a channel, an agent's timeline.
 */
import {
  CHANNEL_EVENTS,
  type NotificationType,
  type NotificationTypePattern,
} from '../generator/notifications/event-types.js';
import { hangUpHalfOfType } from '../generator/notifications/hang-up-pair.js';
import type {
  ChannelNotification,
  DisconnectedNotification,
  Notification,
  NotificationOf,
  WrapStartedNotification,
} from '../generator/notifications/notification.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import { selectTypes } from '../generator/notifications/type-filter.js';
import { captureLine } from '../wire/capture.js';
import type { ContentMode } from '../wire/cloudevents.js';

export type { NotificationOf } from '../generator/notifications/notification.js';
export type { ContentMode } from '../wire/cloudevents.js';

/** What a request was answered with. */
export type RecordedAnswer =
  | { kind: 'status'; status: number; delayMs: number }
  | { kind: 'network-error'; delayMs: number };

/** One request the mocked receiver saw. */
export interface RecordedRequest {
  /** 0-based, in arrival order. */
  index: number;
  /** When it arrived, ISO 8601 UTC. */
  at: string;
  method: string;
  url: string;
  /** Header names lowercased. */
  headers: Record<string, string>;
  /** The raw body, as sent. */
  body: string;
  /** How it carried its events; `unknown` when its content type fits no mode (or it was too large to read). */
  mode: ContentMode | 'unknown';
  /** The valid notifications it carried (empty when it was rejected). */
  notifications: Notification[];
  /**
   * How many times the first event of this request had been sent, this one included: 1 for a
   * first attempt, 2 for the first retry, … (0 when the request carried no readable event).
   */
  attempt: number;
  /** Why it was rejected (`signature`, `content-type`, `bad-json`, `invalid`, `too-large`), if it was. */
  rejection?: { reason: string; status: number; detail: string[] };
  /** What the receiver under test threw, when `vccWebhook({ receiver })` was given one and it threw. */
  receiverError?: string;
  answer: RecordedAnswer;
}

/** An agent channel's hang-up pair as it arrived (either may be missing). */
export interface ArrivedPair {
  disconnected: DisconnectedNotification | undefined;
  wrapStarted: WrapStartedNotification | undefined;
}

const isSuccess = (status: number) => status >= 200 && status <= 205;

/**
 * What a mocked webhook receiver was sent. `notifications` holds the notifications it accepted
 * (answered 200-205), each (source, id) once, in arrival order; `requests` every request, rejected
 * and failed ones included.
 *
 * @example
 * const { handlers, inbox } = vccWebhook({ url: 'https://hooks.test/vcc' });
 * // … fire events …
 * inbox.count('channel.wrapstarted.v0'); // 3
 * inbox.pair(channelId).wrapStarted?.data.timestamp;
 */
export class Inbox {
  private readonly _requests: RecordedRequest[] = [];
  private readonly _notifications: Notification[] = [];
  private readonly seen = new Set<string>();
  private readonly sends = new Map<string, number>();
  private _duplicates = 0;
  private readonly waiters = new Set<() => void>();

  /**
   * Every request, in arrival order, rejected and failed ones included.
   *
   * @example
   * inbox.requests.map((r) => [r.mode, r.attempt, r.answer]);
   */
  get requests(): readonly RecordedRequest[] {
    return this._requests;
  }

  /**
   * The accepted notifications, each (source, id) once, in arrival order.
   *
   * @example
   * expect(inbox.notifications).toEqual([disconnect, wrap]);
   */
  get notifications(): readonly Notification[] {
    return this._notifications;
  }

  /**
   * Accepted notifications that had already been accepted (redeliveries of the same source and id).
   *
   * @example
   * expect(inbox.duplicates).toBe(0);
   */
  get duplicates(): number {
    return this._duplicates;
  }

  /**
   * Requests the mock's checks rejected (signature, content type, JSON, schema, size).
   *
   * @example
   * inbox.rejected.map((r) => r.rejection?.reason); // ['signature']
   */
  get rejected(): readonly RecordedRequest[] {
    return this._requests.filter((r) => r.rejection !== undefined);
  }

  /**
   * How many times an event (by source and id) has been sent so far.
   *
   * @example
   * inbox.attemptsOf(wrap.source, wrap.id); // 3 after two failed attempts and a success
   */
  attemptsOf(source: string, id: string): number {
    return this.sends.get(`${source} ${id}`) ?? 0;
  }

  /** @internal Counts a send of these events and returns the attempt number of the first. */
  noteSend(events: ReadonlyArray<{ source?: unknown; id?: unknown }>): number {
    let first = 0;
    for (const e of events) {
      const key = `${String(e.source)} ${String(e.id)}`;
      const n = (this.sends.get(key) ?? 0) + 1;
      this.sends.set(key, n);
      if (first === 0) first = n;
    }
    return first;
  }

  /** @internal Records a request and, when it was answered with success, its notifications. */
  record(request: Omit<RecordedRequest, 'index'>): RecordedRequest {
    const r: RecordedRequest = { index: this._requests.length, ...request };
    this._requests.push(r);
    if (r.answer.kind === 'status' && isSuccess(r.answer.status) && !r.rejection) {
      for (const n of r.notifications) {
        const key = `${n.source} ${n.id}`;
        if (this.seen.has(key)) {
          this._duplicates++;
          continue;
        }
        this.seen.add(key);
        this._notifications.push(n);
      }
    }
    for (const w of [...this.waiters]) w();
    return r;
  }

  /**
   * The accepted notifications grouped by type.
   *
   * @example
   * inbox.byType()['channel.disconnected.v0']?.length
   */
  byType(): Partial<Record<NotificationType, Notification[]>> {
    const out: Partial<Record<NotificationType, Notification[]>> = {};
    for (const n of this._notifications) {
      const list = out[n.type];
      if (list) list.push(n);
      else out[n.type] = [n];
    }
    return out;
  }

  /**
   * The accepted notifications of one type, typed.
   *
   * @example
   * for (const w of inbox.ofType('channel.wrapstarted.v0')) console.log(w.data.channel.party.agentId);
   */
  ofType<T extends NotificationType>(type: T): Array<NotificationOf<T>> {
    return this._notifications.filter((n): n is NotificationOf<T> => n.type === type);
  }

  /**
   * How many notifications were accepted: all of them, or those matching a type or wildcard
   * (`'channel.*'`, `'channel.*.v0'`, like a subscription's `events`).
   *
   * @example
   * inbox.count(); inbox.count('channel.wrapstarted.v0'); inbox.count('agent.*');
   */
  count(type?: NotificationTypePattern): number {
    if (type === undefined) return this._notifications.length;
    // selectTypes throws on a name that selects nothing (a misspelling from JavaScript).
    const types = selectTypes([type]);
    let n = 0;
    for (const x of this._notifications) if (types.has(x.type)) n++;
    return n;
  }

  /**
   * The accepted notifications of one channel (its `subject`), in phase order.
   *
   * @example
   * inbox.channel(channelId).map((n) => n.type)
   */
  channel(channelId: string): ChannelNotification[] {
    return byPhase(
      this._notifications.filter(
        (n): n is ChannelNotification => n.source === '/channel' && n.subject === channelId,
      ),
    );
  }

  /**
   * The hang-up pair of an agent channel as it arrived: its `channel.disconnected` and
   * `channel.wrapstarted` (v0 or v1; the first of each), either `undefined` when it did not arrive.
   *
   * @example
   * const { disconnected, wrapStarted } = inbox.pair(channelId);
   */
  pair(channelId: string): ArrivedPair {
    let disconnected: DisconnectedNotification | undefined;
    let wrapStarted: WrapStartedNotification | undefined;
    for (const n of this.channel(channelId)) {
      const half = hangUpHalfOfType(n.type);
      if (!disconnected && half === 'disconnected') disconnected = n as DisconnectedNotification;
      if (!wrapStarted && half === 'wrapstarted') wrapStarted = n as WrapStartedNotification;
    }
    return { disconnected, wrapStarted };
  }

  /**
   * Everything that names an agent (its channels' events and its presence changes), in the order
   * things happened (`data.timestamp`, then `time`), whatever order they arrived in.
   *
   * @example
   * inbox.timeline('1544').map((n) => n.type) // ['channel.alerted.v0', 'channel.connected.v0', …]
   */
  timeline(agentId: string): Notification[] {
    return byPhase(
      this._notifications.filter((n) =>
        n.source === '/agent'
          ? n.data.user.agentId === agentId
          : n.data.channel.party.agentId === agentId,
      ),
    );
  }

  /**
   * Resolves once `predicate(inbox)` holds (checked after every request), or rejects after
   * `timeoutMs` (default 5000) with an error that names the condition (`description`, or the
   * predicate's source), says what the inbox holds, and whose stack starts at the calling line.
   * For code under test that sends in the background.
   *
   * @example
   * await inbox.waitFor((i) => i.count('channel.wrapstarted.v0') >= 2);
   * await inbox.waitFor((i) => i.pair(channelId).wrapStarted !== undefined, 2000, 'the wrap of the call');
   */
  waitFor(
    predicate: (inbox: Inbox) => boolean,
    timeoutMs = 5000,
    description?: string,
  ): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    // Made now, so its stack points at the test that waited, not at a timer.
    const error = new Error('inbox.waitFor');
    Error.captureStackTrace?.(error, this.waitFor);
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const what = description ?? predicate.toString().replace(/\s+/g, ' ');
        const types = Object.entries(this.byType())
          .map(([type, list]) => `${type} x${list.length}`)
          .join(', ');
        error.message = `inbox.waitFor: still waiting after ${timeoutMs} ms for ${what}; the inbox has ${this._requests.length} requests and ${this._notifications.length} accepted notifications${types ? ` (${types})` : ''}.`;
        if (error.stack)
          error.stack = error.stack.replace(/^Error: inbox\.waitFor/, `Error: ${error.message}`);
        reject(error);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /**
   * Every request as a capture, one line each, in arrival order: the format `vcc-sim receive
   * --record FILE` writes (arrival time, method, path, headers, body, status answered; `null` for
   * a network error), which `vcc-sim report`, `validate`, `anonymise`, `fire --events` and `load
   * --events` read. The body is the text the request carried.
   *
   * @example
   * writeFileSync('capture.ndjson', inbox.toNdjson()); // then: vcc-sim report capture.ndjson
   */
  toNdjson(): string {
    return this._requests
      .map((r) => {
        const url = new URL(r.url, 'http://localhost');
        return captureLine({
          at: r.at,
          method: r.method,
          path: `${url.pathname}${url.search}`,
          headers: r.headers,
          body: r.body,
          status: r.answer.kind === 'status' ? r.answer.status : null,
        });
      })
      .join('');
  }

  /**
   * Forgets everything (for `afterEach`); attempt counts start again.
   *
   * @example
   * afterEach(() => inbox.clear());
   */
  clear(): void {
    this._requests.length = 0;
    this._notifications.length = 0;
    this.seen.clear();
    this.sends.clear();
    this._duplicates = 0;
  }
}

/** An ISO timestamp as [ms, 100 ns ticks], so 3 and 7 fractional digits compare correctly. */
function instant(text: string): [number, number] {
  const t = parseUtc(text);
  return t ? [t.ms, t.ticks] : [Number.NaN, 0];
}

/** Lifecycle rank of an event name: at one instant, disconnected comes before wrapstarted and ended. */
const RANK = new Map<string, number>(CHANNEL_EVENTS.map((e, i) => [e, i]));

/** Orders by phase start, then lifecycle order at the same instant, then send time. */
function byPhase<T extends Notification>(list: T[]): T[] {
  return list
    .map((n) => ({
      n,
      at: instant(n.data.timestamp),
      rank: RANK.get(n.type.split('.')[1] as string) ?? -1,
      sent: instant(n.time),
    }))
    .sort(
      (a, b) =>
        a.at[0] - b.at[0] ||
        a.at[1] - b.at[1] ||
        a.rank - b.rank ||
        a.sent[0] - b.sent[0] ||
        a.sent[1] - b.sent[1],
    )
    .map((x) => x.n);
}
