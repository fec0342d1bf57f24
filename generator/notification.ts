import {
  CHANNEL_EVENTS,
  type ChannelEventName,
  type ChannelNotificationType,
  type EventVersion,
  type PresenceNotificationType,
} from './event-types.js';

/** The role of the party on a channel. */
export type PartyRole = 'external' | 'agent' | 'monitor' | 'voicemail';

/**
 * The party on a channel. `agentId` and `userId` are present for `agent` and `monitor` parties
 * (inferred: the documentation shows them for agents only).
 */
export interface Party {
  role: PartyRole;
  agentId?: string;
  userId?: string;
}

/** `data.channel`: which channel, in which interaction and conversation, with which party. */
export interface ChannelInfo {
  conversationId: string;
  interactionId: string;
  channelId: string;
  party: Party;
}

/** `data` of a channel notification. `reason` only on connectionfailed and ended. */
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

/** A channel notification of one type, e.g. `ChannelNotification<'channel.wrapstarted.v0'>`. */
export type ChannelNotification<T extends ChannelNotificationType = ChannelNotificationType> =
  Envelope<T, '/channel', ChannelData>;

/** `data.presence` of a presence notification. */
export interface Presence {
  presenceId: string;
  category: { type: string; description: string; subcategory: string };
  description: string;
}

/** `data` of an `agent.presencechanged` notification. */
export interface PresenceData {
  timestamp: string;
  presence: Presence;
  user: { agentId: string; userId: string };
}

/** An `agent.presencechanged` notification. */
export type PresenceNotification<T extends PresenceNotificationType = PresenceNotificationType> =
  Envelope<T, '/agent', PresenceData>;

/** Per-type aliases, so users can name the pair directly. */
export type DisconnectedNotification = ChannelNotification<`channel.disconnected.${EventVersion}`>;
export type WrapStartedNotification = ChannelNotification<`channel.wrapstarted.${EventVersion}`>;
export type EndedNotification = ChannelNotification<`channel.ended.${EventVersion}`>;

/** Any notification the simulator produces: one union discriminated on `type`. */
export type Notification = ChannelNotification | PresenceNotification;

/** Splits a notification type into entity, event and version. */
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

/** True when `n` is a channel notification (narrows the union). */
export function isChannelNotification(n: Notification): n is ChannelNotification {
  return n.source === '/channel';
}
