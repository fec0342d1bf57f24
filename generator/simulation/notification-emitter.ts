/**
 * The notification emitter: turns what happens to a channel or an agent's presence into the VCC
 * notifications a subscriber gets, each sent after a delivery delay, and releases them in
 * send-time order. Every version's id payload is drawn whether or not it is subscribed, so that
 * subscribing to more types never changes the others' draws.
 */

import {
  CHANNEL_EVENTS,
  type ChannelEventName,
  type EventVersion,
  type NotificationType,
} from '../notifications/event-types.js';
import { drawKsuid, KSUID_DRAWS } from '../notifications/ksuid.js';
import type { ChannelInfo, Notification, Presence } from '../notifications/notification.js';
import {
  channelNotification,
  presenceNotification,
} from '../notifications/notification-builders.js';
import { formatTime, formatTimestamp } from '../notifications/time-format.js';
import type { Sampler } from './distributions.js';
import type { ResolvedOptions } from './options.js';
import { KeyedQueue } from './priority-queue.js';
import { RandomStream } from './random.js';
import type { Agent } from './roster.js';

/** Notification times and sort keys are in 100 ns ticks. */
export const TICKS_PER_MS = 10_000;
const VERSIONS: readonly EventVersion[] = ['v0', 'v1'];
/** Ticks below which `(ticks / TICKS_PER_MS) | 0` floors them to whole ms. */
const FLOOR_BY_OR = 2 ** 31 * TICKS_PER_MS;

/**
 * A notification with its place in send-time order, as `simulate(…).timed()` yields them.
 *
 * @example
 * for (const { sendMs, team, notification } of simulate({ agents: 24 }).timed()) schedule(sendMs, notification);
 */
export interface TimedNotification {
  /** Send time in 100 ns ticks since the window start: the stream's sort key. */
  key: number;
  /** Send time, ms since the Unix epoch (whole ms; `notification.time` has the ticks). */
  sendMs: number;
  /** The team that sent it. */
  team: number;
  notification: Notification;
}

/** True when `a` goes before `b` in a stream: by send time, then by id. */
export function sendsBefore(a: TimedNotification, b: TimedNotification): boolean {
  return a.key < b.key || (a.key === b.key && a.notification.id < b.notification.id);
}

/**
 * A team's notifications, built as things happen and released in send-time order.
 *
 * @example
 * const emitter = new NotificationEmitter(resolveOptions({ seed: 7 }), 0, { notifications: 0 });
 * emitter.channel('alerted', channel.info, at);
 */
export class NotificationEmitter {
  private readonly out = new KeyedQueue<TimedNotification>(
    (a, b) => a.notification.id < b.notification.id,
  );
  private readonly rng: RandomStream;
  /** Per event name: the type of its v0 and v1 notifications, `undefined` when not subscribed. */
  private readonly types: Record<string, [string | undefined, string | undefined]> = {};
  /** Read per notification: kept here rather than looked up in the options each time. */
  private readonly startMs: number;
  private readonly deliveryDelay: Sampler;
  /** `counts.notifications`: the notifications built so far. */
  constructor(
    private readonly o: ResolvedOptions,
    private readonly team: number,
    private readonly counts: { notifications: number },
  ) {
    for (const e of [...CHANNEL_EVENTS, 'presencechanged'] as const) {
      const entity = e === 'presencechanged' ? 'agent' : 'channel';
      this.types[e] = VERSIONS.map((v) => {
        const type = `${entity}.${e}.${v}` as NotificationType;
        return o.types.has(type) ? type : undefined;
      }) as [string | undefined, string | undefined];
    }
    this.rng = new RandomStream(o.seed, 'team', team, 'notifications');
    this.startMs = o.startMs;
    this.deliveryDelay = o.samplers.deliveryDelay;
  }

  /** The next notification to send if it is due by `at` (a Unix time; `undefined`: any). */
  releaseBy(at: number | undefined): TimedNotification | undefined {
    const key = this.out.peekKey();
    if (key === undefined || (at !== undefined && key > (at - this.startMs) * TICKS_PER_MS)) return;
    return this.out.pop();
  }

  /** A channel's phase change at `at`; `reason` goes on the events that carry one. */
  channel(event: ChannelEventName, channel: ChannelInfo, at: number, reason?: string): void {
    let timestamp: string | undefined;
    const rng = this.rng;
    const types = this.types[event] as [string | undefined, string | undefined];
    for (let v = 0; v < 2; v++) {
      const delayTicks = this.deliveryDelayTicks();
      const type = types[v];
      if (type === undefined) {
        rng.skip(KSUID_DRAWS);
        continue;
      }
      // `| 0` floors below 2^31 ms (24 days), with no native call.
      const sendMs =
        at +
        (delayTicks < FLOOR_BY_OR
          ? (delayTicks / TICKS_PER_MS) | 0
          : Math.floor(delayTicks / TICKS_PER_MS));
      const id = this.id(sendMs);
      timestamp ??= formatTimestamp(at);
      const keep =
        event === 'connectionfailed' ||
        event === 'ended' ||
        (event === 'disconnected' && this.o.disconnectedReason);
      this.push(
        sendMs,
        (at - this.startMs) * TICKS_PER_MS + delayTicks,
        channelNotification(
          type,
          event,
          id,
          formatTime(sendMs, delayTicks % TICKS_PER_MS),
          timestamp,
          channel,
          keep ? (reason ?? this.o.reasons.ended) : undefined,
        ),
      );
    }
  }

  /**
   * An agent's presence change. Its timestamp has 100 ns digits, channel timestamps whole ms: a
   * change that makes the agent available is stamped within the millisecond before `at` (so it
   * precedes an offer made at `at`), any other within the millisecond after (so it follows the
   * channel event that allowed it).
   */
  presence(agent: Agent, presence: Presence, at: number, available: boolean): void {
    const rng = this.rng;
    const sub = rng.int(0, TICKS_PER_MS - 1);
    if (available) at -= 1;
    const subTicks = available ? Math.max(sub, 1) : sub;
    let timestamp: string | undefined;
    const types = this.types['presencechanged'] as [string | undefined, string | undefined];
    for (let v = 0; v < 2; v++) {
      const delayTicks = this.deliveryDelayTicks();
      const type = types[v];
      if (type === undefined) {
        rng.skip(KSUID_DRAWS);
        continue;
      }
      const total = subTicks + delayTicks;
      const sendMs =
        at + (total < FLOOR_BY_OR ? (total / TICKS_PER_MS) | 0 : Math.floor(total / TICKS_PER_MS));
      const id = this.id(sendMs);
      timestamp ??= formatTime(at, subTicks);
      this.push(
        sendMs,
        (at - this.startMs) * TICKS_PER_MS + total,
        presenceNotification(
          type,
          id,
          formatTime(sendMs, total % TICKS_PER_MS),
          timestamp,
          presence,
          agent.agentId,
          agent.userId,
        ),
      );
    }
  }

  private deliveryDelayTicks(): number {
    return Math.max(1, Math.round(this.deliveryDelay.sample(this.rng) * 1000 * TICKS_PER_MS));
  }

  /** A KSUID for a notification sent at `sendMs`, its payload drawn from the stream. */
  private id(sendMs: number): string {
    return drawKsuid(sendMs, this.rng);
  }

  private push(sendMs: number, key: number, notification: Notification): void {
    this.counts.notifications++;
    this.out.push(key, { key, sendMs, team: this.team, notification });
  }
}
