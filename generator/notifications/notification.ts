import {
  CHANNEL_EVENTS,
  type ChannelEventName,
  type ChannelNotificationType,
  type EventVersion,
  type NotificationType,
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
 * An agent or a supervisor monitoring a call: `agentId` and `userId` are always there (VCC
 * documents them for agents; for monitors it is inferred).
 *
 * @example
 * const party: StaffParty = { role: 'agent', agentId: '1544', userId: 'cc0d454e-b031-4991-9834-f6a2e0155106' };
 */
export interface StaffParty {
  role: 'agent' | 'monitor';
  agentId: string;
  userId: string;
}

/**
 * The agent on a channel in wrap: only agent channels enter wrap, so a `channel.wrapstarted`
 * always carries one.
 *
 * @example
 * const { agentId, userId } = wrap.data.channel.party; // both strings
 */
export interface AgentParty extends StaffParty {
  role: 'agent';
}

/**
 * A customer (`external`) or voicemail party: no agent to name (the schema tolerates the ids).
 *
 * @example
 * const party: CustomerParty = { role: 'external' };
 */
export interface CustomerParty {
  role: 'external' | 'voicemail';
  agentId?: string;
  userId?: string;
}

/**
 * The party on a channel, discriminated on `role`: `agentId` and `userId` are strings for
 * `agent` and `monitor` parties.
 *
 * @example
 * if (party.role === 'agent') lookUp(party.userId); // a string: no cast
 */
export type Party = StaffParty | CustomerParty;

/**
 * `data.channel`: which channel, in which interaction and conversation, with which party.
 *
 * @example
 * const { channelId, interactionId, party } = wrap.data.channel;
 */
export interface ChannelInfo<P extends Party = Party> {
  conversationId: string;
  interactionId: string;
  channelId: string;
  party: P;
}

/**
 * `data` of any channel notification, as the builders take it: `reason` only on
 * connectionfailed and ended (required there) and disconnected (optional). One type's data is
 * `ChannelDataOf<'ended'>`.
 *
 * @example
 * const data: ChannelData = { timestamp: '2026-01-05T09:30:00.000Z', channel };
 */
export interface ChannelData {
  timestamp: string;
  reason?: string;
  channel: ChannelInfo;
}

/**
 * `data` of one channel event, field by field as its JSON Schema says (`test/event-types.test.ts`
 * checks them against each other): `reason` is a `string` on `ended` and `connectionfailed`,
 * optional on `disconnected`, absent elsewhere (`?: never`, so reading it on any channel event
 * compiles); the party of `wrapstarted` is the agent.
 *
 * @example
 * const data: ChannelDataOf<'ended'> = { timestamp, reason: 'released', channel };
 */
export type ChannelDataOf<E extends ChannelEventName> = E extends 'ended' | 'connectionfailed'
  ? { timestamp: string; reason: string; channel: ChannelInfo }
  : E extends 'disconnected'
    ? { timestamp: string; reason?: string; channel: ChannelInfo }
    : E extends 'wrapstarted'
      ? { timestamp: string; reason?: never; channel: ChannelInfo<AgentParty> }
      : { timestamp: string; reason?: never; channel: ChannelInfo };

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

/** `'wrapstarted'` from `'channel.wrapstarted.v0'`. */
type EventOf<T extends ChannelNotificationType> =
  T extends `channel.${infer E extends ChannelEventName}.${EventVersion}` ? E : never;

/**
 * A channel notification of one type, e.g. `ChannelNotification<'channel.wrapstarted.v0'>`;
 * with a union of types (or none: every channel type) it is the union of one member per type,
 * discriminated on `type`.
 *
 * @example
 * function onHeld(n: ChannelNotification<'channel.held.v0'>) { console.log(n.subject) }
 */
export type ChannelNotification<T extends ChannelNotificationType = ChannelNotificationType> =
  T extends ChannelNotificationType ? Envelope<T, '/channel', ChannelDataOf<EventOf<T>>> : never;

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
  T extends PresenceNotificationType ? Envelope<T, '/agent', PresenceData> : never;

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
 * The notification of one type (or the union for a union of types), e.g.
 * `NotificationOf<'channel.wrapstarted.v0'>`.
 *
 * @example
 * function onWrap(n: NotificationOf<'channel.wrapstarted.v0'>) { lookUp(n.data.channel.party.userId) }
 */
export type NotificationOf<T extends NotificationType> = T extends ChannelNotificationType
  ? ChannelNotification<T>
  : T extends PresenceNotificationType
    ? PresenceNotification<T>
    : never;

/**
 * Any notification the simulator produces: one member per notification type (26), discriminated
 * on `type`, each with the fields its JSON Schema requires.
 *
 * @example
 * for (const n of simulate({ types: ['*'] })) {
 *   if (n.type === 'channel.wrapstarted.v0') console.log(n.data.channel.party.agentId); // string
 *   if (n.type === 'channel.ended.v0') console.log(n.data.reason); // string
 * }
 */
export type Notification = NotificationOf<NotificationType>;

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
