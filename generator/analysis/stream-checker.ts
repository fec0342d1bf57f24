/**
 * Checks a stream of notifications (generated, or captured from a real subscription) against
 * the schemas and the lifecycle invariants. Streams may carry any subset of the types: each rule
 * applies only where the stream holds the types it needs. Pure, so it runs anywhere.
 */
import type { ChannelEventName } from '../notifications/event-types.js';
import type { ChannelNotification, Notification } from '../notifications/notification.js';
import { checkNotification } from '../notifications/schema-validator.js';
import { parseUtc } from '../notifications/time-format.js';
import {
  AgentOverlapCheck,
  type ChannelState,
  checkHangUpPair,
  checkLifecycle,
  type Found,
  RANK,
} from './channel-checks.js';

/**
 * One broken rule, at a line (or event number) of the input.
 *
 * @example
 * // { line: 12, rule: 'pair', message: 'channel … disconnected without its wrapstarted' }
 * for (const v of checkStream(events).violations) console.error(`${v.line}: [${v.rule}] ${v.message}`);
 */
export interface Violation {
  line: number;
  rule: string;
  message: string;
}

/**
 * Counts over a checked stream.
 *
 * @example
 * const { summary }: { summary: StreamSummary } = checkStream(events);
 * summary.pairs // complete disconnected/wrapstarted pairs
 */
export interface StreamSummary {
  events: number;
  valid: number;
  invalid: number;
  duplicates: number;
  channels: number;
  pairs: number;
  violations: number;
  perType: Record<string, number>;
}

/**
 * What the checker needs from outside the core.
 *
 * @example
 * import KSUID from 'ksuid';
 * const options: StreamCheckerOptions = { ksuidTime: (id) => KSUID.parse(id).date.getTime(), graceMs: 60_000 };
 */
export interface StreamCheckerOptions {
  /** Parses a KSUID and returns its embedded time in ms, or throws / returns undefined if invalid. */
  ksuidTime?: (id: string) => number | undefined;
  /**
   * How far (in notification time) the stream may deliver a channel's events after its end,
   * out of order, before the channel is checked and forgotten. Default 5 minutes.
   */
  graceMs?: number;
}

function fingerprint(n: unknown): string {
  return JSON.stringify(n);
}

/**
 * Feeds notifications one at a time, then `finish()`; violations come back as they are found.
 *
 * @example
 * const checker = new StreamChecker();
 * lines.forEach((line, i) => checker.addLine(line, i + 1));
 * const all = checker.finish();
 */
export class StreamChecker {
  readonly summary: StreamSummary = {
    events: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    channels: 0,
    pairs: 0,
    violations: 0,
    perType: {},
  };
  private readonly seenIds = new Map<string, string>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly interactions = new Map<string, string>();
  private readonly agentToUser = new Map<string, string>();
  private readonly userToAgent = new Map<string, string>();
  private readonly overlaps = new AgentOverlapCheck();
  private readonly typesSeen = new Set<string>();
  /** Channels whose life is over, closed once the stream has moved `graceMs` past their end. */
  private readonly closing: Array<{ ch: ChannelState; at: number }> = [];
  private closingHead = 0;
  private readonly graceMs: number;
  private readonly ksuidTime: StreamCheckerOptions['ksuidTime'];

  constructor(options: StreamCheckerOptions = {}) {
    this.ksuidTime = options.ksuidTime;
    this.graceMs = options.graceMs ?? 300_000;
  }

  private found(out: Violation[], line: number, rule: string, message: string): void {
    this.summary.violations++;
    out.push({ line, rule, message });
  }

  /** Checks one line of NDJSON. */
  addLine(text: string, line: number): Violation[] {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.summary.events++;
      this.summary.invalid++;
      const out: Violation[] = [];
      this.found(out, line, 'json', `not JSON: ${(err as Error).message}`);
      return out;
    }
    return this.add(value, line);
  }

  /** Checks one parsed notification. */
  add(value: unknown, line: number): Violation[] {
    const out: Violation[] = [];
    this.summary.events++;
    const check = checkNotification(value);
    if (!check.ok) {
      this.summary.invalid++;
      const id = (value as { id?: unknown } | null)?.id;
      this.found(
        out,
        line,
        'schema',
        `${typeof id === 'string' ? `${id}: ` : ''}${check.errors.join('; ')}`,
      );
      return out;
    }
    const n = check.notification;
    this.summary.valid++;
    this.summary.perType[n.type] = (this.summary.perType[n.type] ?? 0) + 1;
    this.typesSeen.add(n.type);

    const key = `${n.source} ${n.id}`;
    const print = fingerprint(n);
    const before = this.seenIds.get(key);
    if (before !== undefined) {
      if (before === print) {
        this.summary.duplicates++; // a redelivery: receivers must tolerate these
      } else {
        this.found(
          out,
          line,
          'id-unique',
          `id ${n.id} (source ${n.source}) was used before for a different notification`,
        );
      }
      return out;
    }
    this.seenIds.set(key, print);

    const time = parseUtc(n.time);
    const stamp = parseUtc(n.data.timestamp);
    if (time) this.closeDue(time.ms, out);
    if (
      time &&
      stamp &&
      (time.ms < stamp.ms || (time.ms === stamp.ms && time.ticks < stamp.ticks))
    ) {
      this.found(
        out,
        line,
        'time-order',
        `${n.id}: time ${n.time} is before data.timestamp ${n.data.timestamp}; a notification is sent after its phase began`,
      );
    }
    if (this.ksuidTime && time) {
      let ksuidMs: number | undefined;
      try {
        ksuidMs = this.ksuidTime(n.id);
      } catch {
        ksuidMs = undefined;
      }
      if (ksuidMs === undefined) {
        this.found(out, line, 'id', `${n.id} is not a valid KSUID`);
      } else if (Math.floor(ksuidMs / 1000) !== Math.floor(time.ms / 1000)) {
        this.found(
          out,
          line,
          'id-time',
          `${n.id}: its KSUID time ${new Date(ksuidMs).toISOString()} is not the notification time ${n.time}`,
        );
      }
    }
    if (n.source === '/agent') {
      this.linkAgent(n.data.user.agentId, n.data.user.userId, line, out);
      return out;
    }
    this.addChannelEvent(n, line, stamp?.ms ?? 0, out);
    return out;
  }

  private linkAgent(agentId: string, userId: string, line: number, out: Violation[]): void {
    const u = this.agentToUser.get(agentId);
    const a = this.userToAgent.get(userId);
    if (u !== undefined && u !== userId) {
      this.found(
        out,
        line,
        'agent-user',
        `agentId ${agentId} appears with userId ${userId} and with ${u}; they must be one-to-one`,
      );
    } else if (a !== undefined && a !== agentId) {
      this.found(
        out,
        line,
        'agent-user',
        `userId ${userId} appears with agentId ${agentId} and with ${a}; they must be one-to-one`,
      );
    } else {
      this.agentToUser.set(agentId, userId);
      this.userToAgent.set(userId, agentId);
    }
  }

  private addChannelEvent(
    n: ChannelNotification,
    line: number,
    ms: number,
    out: Violation[],
  ): void {
    const [, eventName, version] = n.type.split('.') as [string, ChannelEventName, string];
    const c = n.data.channel;
    if (n.subject !== c.channelId) {
      this.found(
        out,
        line,
        'subject',
        `${n.id}: subject ${n.subject} is not data.channel.channelId ${c.channelId}`,
      );
    }
    const conv = this.interactions.get(c.interactionId);
    if (conv === undefined) this.interactions.set(c.interactionId, c.conversationId);
    else if (conv !== c.conversationId) {
      this.found(
        out,
        line,
        'interaction-consistent',
        `interaction ${c.interactionId} appears in conversations ${conv} and ${c.conversationId}`,
      );
    }
    if (c.party.agentId !== undefined && c.party.userId !== undefined)
      this.linkAgent(c.party.agentId, c.party.userId, line, out);
    const key = `${c.channelId} ${version}`;
    let ch = this.channels.get(key);
    if (!ch) {
      this.summary.channels++;
      ch = {
        key,
        channelId: c.channelId,
        version,
        conversationId: c.conversationId,
        interactionId: c.interactionId,
        role: c.party.role,
        agentId: c.party.agentId,
        userId: c.party.userId,
        firstLine: line,
        events: [],
      };
      this.channels.set(key, ch);
    } else if (
      ch.interactionId !== c.interactionId ||
      ch.conversationId !== c.conversationId ||
      ch.role !== c.party.role ||
      ch.agentId !== c.party.agentId ||
      ch.userId !== c.party.userId
    ) {
      this.found(
        out,
        line,
        'channel-consistent',
        `channel ${c.channelId}: its interaction, conversation or party changed between events`,
      );
    }
    if (eventName === 'wrapstarted' && c.party.role !== 'agent') {
      this.found(
        out,
        line,
        'wrap-role',
        `channel ${c.channelId}: wrapstarted on a ${c.party.role} channel; only agent channels wrap`,
      );
    }
    ch.events.push({ event: eventName, ms, line });
    if (
      eventName === 'ended' ||
      (this.isComplete(ch) && !this.typesSeen.has(`channel.ended.${version}`))
    ) {
      this.closing.push({ ch, at: ms });
    }
  }

  private closeDue(nowMs: number, out: Violation[]): void {
    while (this.closingHead < this.closing.length) {
      const next = this.closing[this.closingHead] as { ch: ChannelState; at: number };
      if (next.at + this.graceMs >= nowMs) break;
      this.closingHead++;
      if (this.channels.get(next.ch.key) === next.ch) this.close(next.ch, out);
    }
    if (this.closingHead > 4096) {
      this.closing.splice(0, this.closingHead);
      this.closingHead = 0;
    }
  }

  /** With no ended events in the stream, an agent channel is complete once its pair is in. */
  private isComplete(ch: ChannelState): boolean {
    if (ch.role !== 'agent') return false;
    const has = (e: ChannelEventName) => ch.events.some((x) => x.event === e);
    return has('disconnected') && has('wrapstarted');
  }

  private close(ch: ChannelState, out: Violation[]): void {
    this.channels.delete(ch.key);
    const events = ch.events.sort((a, b) => a.ms - b.ms || RANK[a.event] - RANK[b.event]);
    const found: Found = (line, rule, message) => this.found(out, line, rule, message);
    const has = (type: string) => this.typesSeen.has(type);
    checkLifecycle(ch, events, has, found);
    if (checkHangUpPair(ch, events, has, found)) this.summary.pairs++;
    if (ch.role === 'agent' && ch.agentId) this.overlaps.check(ch, events, found);
  }

  /** End of stream: closes the channels still open and returns what that finds. */
  finish(): Violation[] {
    const out: Violation[] = [];
    for (const ch of [...this.channels.values()].sort((a, b) => a.firstLine - b.firstLine))
      this.close(ch, out);
    return out;
  }
}

/**
 * Checks a whole array of notifications (parsed objects): the schemas, then the lifecycle
 * invariants; for a long stream, feed a {@link StreamChecker} instead.
 *
 * @example
 * const { violations, summary } = checkStream([...simulate({ agents: 12, duration: '1h', types: ['*'] })]);
 * violations.length // 0
 */
export function checkStream(
  notifications: readonly (Notification | unknown)[],
  options?: StreamCheckerOptions,
): { violations: Violation[]; summary: StreamSummary } {
  const checker = new StreamChecker(options);
  const violations: Violation[] = [];
  for (const [i, n] of notifications.entries()) violations.push(...checker.add(n, i + 1));
  violations.push(...checker.finish());
  return { violations, summary: checker.summary };
}
