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

/**
 * Serialises a notification the simulator built to the same bytes as `JSON.stringify`, faster.
 * Only for notifications whose strings need no escaping (ids, GUIDs, timestamps, names the
 * simulator chose); anything else goes through `JSON.stringify`.
 *
 * @example
 * serializeNotification(n) === JSON.stringify(n) // true for every simulated notification
 */
export function serializeNotification(n: Notification): string {
  const head = `{"specversion":"1.0","type":"${n.type}","id":"${n.id}","source":"${n.source}","subject":"${n.subject}","time":"${n.time}","datacontenttype":"application/json","data":`;
  if (n.source === '/agent') {
    const d = n.data;
    const p = d.presence;
    const c = p.category;
    return `${head}{"timestamp":"${d.timestamp}","presence":{"presenceId":"${p.presenceId}","category":{"type":"${c.type}","description":"${c.description}","subcategory":"${c.subcategory}"},"description":"${p.description}"},"user":{"agentId":"${d.user.agentId}","userId":"${d.user.userId}"}}}`;
  }
  const d = n.data;
  const ch = d.channel;
  const channel = `"channel":{"conversationId":"${ch.conversationId}","interactionId":"${ch.interactionId}","channelId":"${ch.channelId}","party":${party(ch.party)}}`;
  if (d.reason === undefined) return `${head}{"timestamp":"${d.timestamp}",${channel}}}`;
  const firstKey = Object.keys(d)[1];
  return firstKey === 'reason'
    ? `${head}{"timestamp":"${d.timestamp}","reason":"${d.reason}",${channel}}}`
    : `${head}{"timestamp":"${d.timestamp}",${channel},"reason":"${d.reason}"}}`;
}
