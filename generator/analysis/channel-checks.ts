/**
 * The checks run on a channel once its life is over: its lifecycle (phases in order, each at
 * most once, pauses paired), the hang-up pair (an agent's disconnected and wrapstarted at one
 * instant) and, across channels, that no agent is on two channels at once.
 */
import type { ChannelEventName } from '../notifications/event-types.js';
import { hangUpPairVerdict } from '../notifications/hang-up-pair.js';

/** Reports one broken rule at a line. */
export type Found = (line: number, rule: string, message: string) => void;

/** Each phase's place in a channel's life: events never go back to a lower rank. */
export const RANK: Record<ChannelEventName, number> = {
  alerted: 0,
  connected: 1,
  connectionfailed: 1,
  held: 2,
  retrieved: 2,
  parked: 2,
  unparked: 2,
  interrupted: 2,
  resumed: 2,
  disconnected: 3,
  wrapstarted: 3,
  ended: 4,
};

/** The event that opens each closing pause event. */
const OPENERS: Partial<Record<ChannelEventName, ChannelEventName>> = {
  retrieved: 'held',
  unparked: 'parked',
  resumed: 'interrupted',
};

/** One event of a channel, as the checker keeps it. */
export interface ChannelEventRecord {
  event: ChannelEventName;
  ms: number;
  line: number;
}

/** A channel (in one version) being followed: who it is, and its events so far. */
export interface ChannelState {
  key: string;
  channelId: string;
  version: string;
  conversationId: string;
  interactionId: string;
  role: string;
  agentId: string | undefined;
  userId: string | undefined;
  firstLine: number;
  events: ChannelEventRecord[];
}

/** Lifecycle order: ranks never go back in time; each phase event at most once; pauses pair up. */
export function checkLifecycle(
  ch: ChannelState,
  events: ChannelEventRecord[],
  has: (type: string) => boolean,
  found: Found,
): void {
  const v = ch.version;
  const last = events[events.length - 1] as ChannelEventRecord;
  const where = describe(ch);
  const counts = new Map<ChannelEventName, number>();
  const open = new Map<ChannelEventName, number>();
  let prev: ChannelEventRecord | undefined;
  for (const e of events) {
    if (prev && prev.ms < e.ms && RANK[e.event] < RANK[prev.event]) {
      found(
        e.line,
        'lifecycle',
        `${where}: ${e.event} at ${new Date(e.ms).toISOString()} comes after ${prev.event}`,
      );
    }
    counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
    const opener = OPENERS[e.event];
    if (opener) {
      const depth = open.get(opener) ?? 0;
      if (depth === 0 && has(`channel.${opener}.${v}`)) {
        found(e.line, 'lifecycle', `${where}: ${e.event} without a ${opener} before it`);
      }
      open.set(opener, Math.max(0, depth - 1));
    } else if (e.event === 'held' || e.event === 'parked' || e.event === 'interrupted') {
      open.set(e.event, (open.get(e.event) ?? 0) + 1);
    }
    prev = e;
  }
  for (const e of [
    'alerted',
    'connected',
    'connectionfailed',
    'disconnected',
    'wrapstarted',
    'ended',
  ] as const) {
    if ((counts.get(e) ?? 0) > 1)
      found(
        last.line,
        'lifecycle',
        `${where}: ${e} ${counts.get(e)} times; a channel enters that phase once`,
      );
  }
  if (counts.has('connectionfailed') && (counts.has('connected') || counts.has('disconnected'))) {
    found(last.line, 'lifecycle', `${where}: connectionfailed on a channel that also connected`);
  }
}

/** Where a violation is: the channel, its role and its agent. */
export function describe(ch: ChannelState): string {
  return `channel ${ch.channelId} (${ch.role}${ch.agentId ? ` ${ch.agentId}` : ''})`;
}

/**
 * The hang-up pair of an agent channel: its disconnected and wrapstarted at the identical
 * timestamp, then (where the stream has ended events) its end. Returns whether the pair is complete.
 */
export function checkHangUpPair(
  ch: ChannelState,
  events: ChannelEventRecord[],
  has: (type: string) => boolean,
  found: Found,
): boolean {
  const v = ch.version;
  if (ch.role !== 'agent' || !has(`channel.disconnected.${v}`) || !has(`channel.wrapstarted.${v}`))
    return false;
  const where = describe(ch);
  const d = events.find((e) => e.event === 'disconnected');
  const w = events.find((e) => e.event === 'wrapstarted');
  const verdict = hangUpPairVerdict(d?.ms, w?.ms);
  if (verdict === 'no-wrapstarted' && d)
    found(d.line, 'pair', `${where}: disconnected without its wrapstarted`);
  else if (verdict === 'no-disconnected' && w)
    found(w.line, 'pair', `${where}: wrapstarted without its disconnected`);
  else if (verdict === 'timestamps-differ' && w) {
    found(
      w.line,
      'pair',
      `${where}: disconnected and wrapstarted have different timestamps; they describe one instant`,
    );
  }
  const ended = events.find((e) => e.event === 'ended');
  if (w && has(`channel.ended.${v}`) && !ended)
    found(w.line, 'wrap-ended', `${where}: wrap started but the channel never ended`);
  return verdict === 'complete';
}

/** Per agent and version: the busy spans of their closed channels, to find one agent on two at once. */
export class AgentOverlapCheck {
  private readonly agentBusy = new Map<
    string,
    Array<{ from: number; to: number; channelId: string; line: number }>
  >();

  check(ch: ChannelState, events: ChannelEventRecord[], found: Found): void {
    // The agent is on the channel from its first event to its last, except while it is
    // interrupted (an email set aside for a call): one busy span per stretch.
    const spans: Array<{ from: number; to: number }> = [];
    let from = (events[0] as ChannelEventRecord).ms;
    for (const e of events) {
      if (e.event === 'interrupted' && from >= 0) {
        spans.push({ from, to: e.ms });
        from = -1;
      } else if (e.event === 'resumed' && from < 0) from = e.ms;
    }
    if (from >= 0) spans.push({ from, to: (events[events.length - 1] as ChannelEventRecord).ms });
    const key = `${ch.agentId} ${ch.version}`;
    let list = this.agentBusy.get(key);
    if (!list) {
      list = [];
      this.agentBusy.set(key, list);
    }
    const line = (events[0] as ChannelEventRecord).line;
    check: for (const span of spans) {
      for (const other of list) {
        if (span.from < other.to && other.from < span.to) {
          found(
            line,
            'agent-overlap',
            `agent ${ch.agentId} is on channel ${ch.channelId} and channel ${other.channelId} at once (${new Date(Math.max(span.from, other.from)).toISOString()})`,
          );
          break check;
        }
      }
    }
    for (const span of spans) list.push({ ...span, channelId: ch.channelId, line });
    while (list.length > 16) list.shift();
  }
}
