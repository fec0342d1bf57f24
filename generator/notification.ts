import {
  CHANNEL_EVENTS,
  type ChannelEventName,
  type ChannelNotificationType,
  type EventVersion,
  type PresenceNotificationType,
} from './event-types.js';

/**
 * The role of the party on a channel.
 *
 * @example
 * if (n.data.channel.party.role === 'agent') board.add(n.data.channel.party.agentId);
 */
export type PartyRole = 'external' | 'agent' | 'monitor' | 'voicemail';

/**
 * The party on a channel. `agentId` and `userId` are present for `agent` and `monitor` parties
 * (inferred: the documentation shows them for agents only).
 *
 * @example
 * const party: Party = { role: 'agent', agentId: '1544', userId: 'cc0d454e-b031-4991-9834-f6a2e0155106' };
 */
export interface Party {
  role: PartyRole;
  agentId?: string;
  userId?: string;
}

/**
 * `data.channel`: which channel, in which interaction and conversation, with which party.
 *
 * @example
 * const { channelId, interactionId, party } = wrap.data.channel;
 */
export interface ChannelInfo {
  conversationId: string;
  interactionId: string;
  channelId: string;
  party: Party;
}

/**
 * `data` of a channel notification. `reason` only on connectionfailed and ended.
 *
 * @example
 * const data: ChannelData = { timestamp: '2026-01-05T09:30:00.000Z', channel };
 */
export interface ChannelData {
  timestamp: string;
  reason?: string;
  channel: ChannelInfo;
}

/** The CloudEvents envelope shared by every notification. */
interface Envelope<T extends string, S extends string, D> {
  specversion: '1.0';
  type: T;
  /** A KSUID; unique together with `source`. */
  id: string;
  source: S;
  /** The channelId (channel events) or the agentId (presence events). */
  subject: string;
  /** When the notification was sent: ISO 8601 UTC with 7 fractional digits. */
  time: string;
  datacontenttype: 'application/json';
  data: D;
}

/**
 * A channel notification of one type, e.g. `ChannelNotification<'channel.wrapstarted.v0'>`;
 * without a type argument, any channel notification.
 *
 * @example
 * function onHeld(n: ChannelNotification<'channel.held.v0'>) { console.log(n.subject) }
 */
export type ChannelNotification<T extends ChannelNotificationType = ChannelNotificationType> =
  Envelope<T, '/channel', ChannelData>;

/**
 * `data.presence` of a presence notification.
 *
 * @example
 * const lunch: Presence = presenceCatalog('7').lunch;
 * lunch.category // { type: 'away', description: 'Away', subcategory: 'lunch' }
 */
export interface Presence {
  presenceId: string;
  category: { type: string; description: string; subcategory: string };
  description: string;
}

/**
 * `data` of an `agent.presencechanged` notification.
 *
 * @example
 * const { user, presence } = n.data; // n: PresenceNotification
 */
export interface PresenceData {
  timestamp: string;
  presence: Presence;
  user: { agentId: string; userId: string };
}

/**
 * An `agent.presencechanged` notification (source `/agent`, subject the agentId).
 *
 * @example
 * if (n.source === '/agent') handlePresence(n); // n is narrowed to PresenceNotification
 */
export type PresenceNotification<T extends PresenceNotificationType = PresenceNotificationType> =
  Envelope<T, '/agent', PresenceData>;

/**
 * A `channel.disconnected` notification, v0 or v1: the first half of an agent hang-up pair.
 *
 * @example
 * const [disconnected, wrap]: [DisconnectedNotification, WrapStartedNotification] = hangUp();
 */
export type DisconnectedNotification = ChannelNotification<`channel.disconnected.${EventVersion}`>;
/**
 * A `channel.wrapstarted` notification, v0 or v1: an agent channel enters wrap.
 *
 * @example
 * function onWrap(n: WrapStartedNotification) { board.set(n.data.channel.party.agentId, n.data.timestamp) }
 */
export type WrapStartedNotification = ChannelNotification<`channel.wrapstarted.${EventVersion}`>;
/**
 * A `channel.ended` notification, v0 or v1: the channel's life is over (for an agent, wrap ends).
 *
 * @example
 * function onEnded(n: EndedNotification) { console.log(n.data.reason) } // 'released'
 */
export type EndedNotification = ChannelNotification<`channel.ended.${EventVersion}`>;

/**
 * Any notification the simulator produces: one union discriminated on `type`.
 *
 * @example
 * for (const n of simulate({ types: ['*'] })) {
 *   if (n.type === 'channel.wrapstarted.v0') console.log(n.data.channel.party.agentId);
 * }
 */
export type Notification = ChannelNotification | PresenceNotification;

/**
 * Splits a notification type into entity, event and version; `undefined` for an unknown type.
 *
 * @example
 * parseType('channel.wrapstarted.v0') // { entity: 'channel', event: 'wrapstarted', version: 'v0' }
 */
export function parseType(
  type: string,
):
  | { entity: 'channel'; event: ChannelEventName; version: EventVersion }
  | { entity: 'agent'; event: 'presencechanged'; version: EventVersion }
  | undefined {
  const m = /^(channel|agent)\.([a-z]+)\.(v0|v1)$/.exec(type);
  if (!m) return undefined;
  const version = m[3] as EventVersion;
  if (m[1] === 'agent')
    return m[2] === 'presencechanged'
      ? { entity: 'agent', event: 'presencechanged', version }
      : undefined;
  return isChannelEvent(m[2] as string)
    ? { entity: 'channel', event: m[2] as ChannelEventName, version }
    : undefined;
}

const CHANNEL_EVENT_SET = new Set<string>(CHANNEL_EVENTS);

/** True for a documented channel event name. */
export function isChannelEvent(name: string): name is ChannelEventName {
  return CHANNEL_EVENT_SET.has(name);
}

/**
 * True when `n` is a channel notification (narrows the union).
 *
 * @example
 * const agents = run.filter(isChannelNotification).map((n) => n.data.channel.party.agentId);
 */
export function isChannelNotification(n: Notification): n is ChannelNotification {
  return n.source === '/channel';
}
