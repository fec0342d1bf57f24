import type { ChannelEventName, EventVersion } from './event-types.js';
import type {
  ChannelInfo,
  ChannelNotification,
  Notification,
  Presence,
  PresenceNotification,
} from './notification.js';

/**
 * What a channel notification is made of.
 *
 * @example
 * const input: ChannelNotificationInput = {
 *   event: 'wrapstarted',
 *   id: encodeKsuid(ms, 1, 2, 3, 4),
 *   time: formatTime(ms + 500, 0),
 *   timestamp: formatTimestamp(ms),
 *   channel: { conversationId, interactionId, channelId, party: { role: 'agent', agentId: '1544', userId } },
 * };
 */
export interface ChannelNotificationInput {
  event: ChannelEventName;
  /** Defaults to `v0`. */
  version?: EventVersion;
  /** A KSUID. */
  id: string;
  /** Send time, 7 fractional digits. */
  time: string;
  /** Phase start, 3 fractional digits. */
  timestamp: string;
  channel: ChannelInfo;
  /** Only kept for connectionfailed, ended (documented) and disconnected (an option). */
  reason?: string | undefined;
}

/**
 * Builds a channel notification with the documented key order: `reason` after `channel` on
 * connectionfailed, before it on ended (and disconnected, when it carries one).
 *
 * @example
 * buildChannelNotification({ event: 'wrapstarted', id, time, timestamp, channel });
 */
export function buildChannelNotification(input: ChannelNotificationInput): ChannelNotification {
  const { event, channel, timestamp, reason } = input;
  const type = `channel.${event}.${input.version ?? 'v0'}`;
  return channelNotification(type, event, input.id, input.time, timestamp, channel, reason);
}

/**
 * {@link buildChannelNotification} from its parts, `type` already written: the simulation's
 * emitter builds one per event, with no input object (k6's interpreter pays for each).
 */
export function channelNotification(
  type: string,
  event: ChannelEventName,
  id: string,
  time: string,
  timestamp: string,
  channel: ChannelInfo,
  reason: string | undefined,
): ChannelNotification {
  const data =
    reason === undefined ||
    (event !== 'connectionfailed' && event !== 'ended' && event !== 'disconnected')
      ? { timestamp, channel }
      : event === 'connectionfailed'
        ? { timestamp, channel, reason }
        : { timestamp, reason, channel };
  return {
    specversion: '1.0',
    type,
    id,
    source: '/channel',
    subject: channel.channelId,
    time,
    datacontenttype: 'application/json',
    data,
    // The event and the data agree by construction; TypeScript cannot follow it through the union.
  } as ChannelNotification;
}

/**
 * What a presence notification is made of.
 *
 * @example
 * const input: PresenceNotificationInput = {
 *   id, time, timestamp, presence: presenceCatalog('1').ready, agentId: '1544', userId,
 * };
 */
export interface PresenceNotificationInput {
  version?: EventVersion;
  id: string;
  time: string;
  /** 7 fractional digits, as the documentation's presence example. */
  timestamp: string;
  presence: Presence;
  agentId: string;
  userId: string;
}

/**
 * Builds an `agent.presencechanged` notification (source `/agent`, subject the agentId).
 *
 * @example
 * buildPresenceNotification({ id, time, timestamp, presence: READY, agentId: '1544', userId });
 */
export function buildPresenceNotification(input: PresenceNotificationInput): PresenceNotification {
  const type = `agent.presencechanged.${input.version ?? 'v0'}`;
  return presenceNotification(
    type,
    input.id,
    input.time,
    input.timestamp,
    input.presence,
    input.agentId,
    input.userId,
  );
}

/** {@link buildPresenceNotification} from its parts, `type` already written. */
export function presenceNotification(
  type: string,
  id: string,
  time: string,
  timestamp: string,
  presence: Presence,
  agentId: string,
  userId: string,
): PresenceNotification {
  return {
    specversion: '1.0',
    type,
    id,
    source: '/agent',
    subject: agentId,
    time,
    datacontenttype: 'application/json',
    data: { timestamp, presence, user: { agentId, userId } },
  } as PresenceNotification;
}

function party(p: ChannelInfo['party']): string {
  let s = `{"role":"${p.role}"`;
  if (p.agentId !== undefined) s += `,"agentId":"${p.agentId}"`;
  if (p.userId !== undefined) s += `,"userId":"${p.userId}"`;
  return `${s}}`;
}

/** A notification's envelope up to its `data`, which follows. */
function envelopeJson(n: Notification): string {
  return `{"specversion":"1.0","type":"${n.type}","id":"${n.id}","source":"${n.source}","subject":"${n.subject}","time":"${n.time}","datacontenttype":"application/json","data":`;
}

/** A channel notification's `"channel":{…}` member. */
function channelJson(ch: ChannelInfo): string {
  return `"channel":{"conversationId":"${ch.conversationId}","interactionId":"${ch.interactionId}","channelId":"${ch.channelId}","party":${party(ch.party)}}`;
}

/** A presence notification's `"presence":{…}` member. */
function presenceJson(p: Presence): string {
  const c = p.category;
  return `"presence":{"presenceId":"${p.presenceId}","category":{"type":"${c.type}","description":"${c.description}","subcategory":"${c.subcategory}"},"description":"${p.description}"}`;
}

/** A channel notification from its envelope and its channel member, `data`'s keys in its order. */
function channelNotificationJson(head: string, d: ChannelNotification['data'], ch: string): string {
  if (d.reason === undefined) return `${head}{"timestamp":"${d.timestamp}",${ch}}}`;
  return Object.keys(d)[1] === 'reason'
    ? `${head}{"timestamp":"${d.timestamp}","reason":"${d.reason}",${ch}}}`
    : `${head}{"timestamp":"${d.timestamp}",${ch},"reason":"${d.reason}"}}`;
}

/** A presence notification from its envelope and its presence member. */
function presenceNotificationJson(
  head: string,
  d: PresenceNotification['data'],
  p: string,
): string {
  return `${head}{"timestamp":"${d.timestamp}",${p},"user":{"agentId":"${d.user.agentId}","userId":"${d.user.userId}"}}}`;
}

/**
 * Serialises a notification the simulator built to the same bytes as `JSON.stringify`, faster.
 * Only for notifications whose strings need no escaping (ids, GUIDs, timestamps, names the
 * simulator chose); anything else goes through `JSON.stringify`.
 *
 * @example
 * serializeNotification(n) === JSON.stringify(n) // true for every simulated notification
 */
export function serializeNotification(n: Notification): string {
  return n.source === '/agent'
    ? presenceNotificationJson(envelopeJson(n), n.data, presenceJson(n.data.presence))
    : channelNotificationJson(envelopeJson(n), n.data, channelJson(n.data.channel));
}

/**
 * {@link serializeNotification} for one simulated stream, read once: a channel's member is
 * written once per channel (its notifications share its `ChannelInfo`, which the simulation never
 * changes once made) and a presence's once per presence of the catalog, then reused. Not for
 * notifications whose channel or presence objects change between calls: a changed one would be
 * written as it was.
 *
 * @example
 * const serialize = streamSerializer();
 * forEachSend(stream, (t) => fire(serialize(t.notification)));
 */
export function streamSerializer(): (n: Notification) => string {
  const channels = new WeakMap<ChannelInfo, string>();
  const presences = new WeakMap<Presence, string>();
  return (n) => {
    if (n.source === '/agent') {
      const p = n.data.presence;
      let json = presences.get(p);
      if (json === undefined) {
        json = presenceJson(p);
        presences.set(p, json);
      }
      return presenceNotificationJson(envelopeJson(n), n.data, json);
    }
    const ch = n.data.channel;
    let json = channels.get(ch);
    if (json === undefined) {
      json = channelJson(ch);
      channels.set(ch, json);
    }
    return channelNotificationJson(envelopeJson(n), n.data, json);
  };
}
