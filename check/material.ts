/**
 * The notifications the checks send: real ones from the simulation (a smoke-sized center), each
 * sent with fresh ids (its own KSUID, a new channel) so that a flaw shows in its own check only
 * and a receiver that remembers earlier runs sees new events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  buildChannelNotification,
  CHANNEL_EVENTS,
  type ChannelNotification,
  encodeKsuid,
  formatTime,
  type Notification,
  type PresenceNotification,
  simulate,
} from '../generator/index.js';
import { getScenario } from '../scenarios/index.js';

/** A new KSUID minted at `ms`. */
export function freshId(ms: number): string {
  const b = randomBytes(16);
  return encodeKsuid(
    ms,
    b.readUInt32BE(0),
    b.readUInt32BE(4),
    b.readUInt32BE(8),
    b.readUInt32BE(12),
  );
}

let sample: Notification[] | undefined;

/** The smoke scenario's notifications (computed once). */
function smoke(): Notification[] {
  sample ??= [...simulate(getScenario('smoke').simulation)];
  return sample;
}

/** Ids of a channel mapped to fresh ones, the same within one call's map. */
type Renames = Map<string, string>;

function renamed(map: Renames, id: string): string {
  let v = map.get(id);
  if (v === undefined) {
    v = randomUUID();
    map.set(id, v);
  }
  return v;
}

/**
 * A copy of `n` with a fresh id, sent now, its channel (and interaction, conversation) renamed
 * through `map` so the notifications of one call share their new channel.
 */
export function freshen(n: Notification, map: Renames = new Map()): Notification {
  const now = Date.now();
  const base = { ...n, id: freshId(now), time: formatTime(now, 0) };
  if (n.source === '/agent') return base as Notification;
  const c = n as ChannelNotification;
  const ch = c.data.channel;
  const channel = {
    ...ch,
    conversationId: renamed(map, ch.conversationId),
    interactionId: renamed(map, ch.interactionId),
    channelId: renamed(map, ch.channelId),
  };
  return { ...base, subject: channel.channelId, data: { ...c.data, channel } } as Notification;
}

function firstOf(type: string): Notification {
  const n = smoke().find((x) => x.type === type);
  if (!n) throw new Error(`check: the sample center has no ${type}`);
  return n;
}

/** One notification of every documented v0 type, fresh: twelve channel events and the presence change. */
export function everyV0Type(): Notification[] {
  const agentChannel = firstOf('channel.wrapstarted.v0') as ChannelNotification;
  const { timestamp, channel } = agentChannel.data;
  const channelEvents = CHANNEL_EVENTS.map((event) =>
    buildChannelNotification({
      event,
      id: agentChannel.id,
      time: agentChannel.time,
      timestamp,
      channel,
      ...(event === 'ended' || event === 'connectionfailed' ? { reason: 'released' } : {}),
    }),
  );
  const presence = firstOf('agent.presencechanged.v0') as PresenceNotification;
  return [...channelEvents, presence].map((n) => freshen(n));
}

/** An agent channel's whole life (alerted ... ended) in send order, fresh: one new channel. */
export function channelLife(): Notification[] {
  const byChannel = new Map<string, Notification[]>();
  for (const n of smoke()) {
    if (n.source !== '/channel') continue;
    const list = byChannel.get(n.subject) ?? [];
    list.push(n);
    byChannel.set(n.subject, list);
  }
  let best: Notification[] = [];
  for (const list of byChannel.values()) {
    const agent = (list[0] as ChannelNotification).data.channel.party.role === 'agent';
    const whole =
      list[0]?.type.startsWith('channel.alerted') && list.at(-1)?.type.startsWith('channel.ended');
    if (agent && whole && list.length > best.length) best = list;
  }
  const map: Renames = new Map();
  return best.map((n) => freshen(n, map));
}

/** An agent's hang-up, fresh: `channel.disconnected.v0` and `channel.wrapstarted.v0` of one new channel, one timestamp. */
export function hangUpPair(): [Notification, Notification] {
  const wrap = firstOf('channel.wrapstarted.v0') as ChannelNotification;
  const disconnected = buildChannelNotification({
    event: 'disconnected',
    id: wrap.id,
    time: wrap.time,
    timestamp: wrap.data.timestamp,
    channel: wrap.data.channel,
  });
  const map: Renames = new Map();
  return [freshen(disconnected, map), freshen(wrap, map)];
}

/** A fresh ordinary notification (an agent's `channel.connected.v0`). */
export function oneNotification(): Notification {
  const wrap = firstOf('channel.wrapstarted.v0') as ChannelNotification;
  return freshen(
    buildChannelNotification({
      event: 'connected',
      id: wrap.id,
      time: wrap.time,
      timestamp: wrap.data.timestamp,
      channel: wrap.data.channel,
    }),
  );
}
