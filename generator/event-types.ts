/**
 * The notification types VCC documents, as subscription names (`channel.wrapstarted.v0`).
 */

/** Channel events, in lifecycle terms (see README "The channel lifecycle"). */
export const CHANNEL_EVENTS = [
  'alerted',
  'connected',
  'connectionfailed',
  'held',
  'retrieved',
  'parked',
  'unparked',
  'interrupted',
  'resumed',
  'disconnected',
  'wrapstarted',
  'ended',
] as const;

/** One of the documented channel events. */
export type ChannelEventName = (typeof CHANNEL_EVENTS)[number];

/** Event versions VCC documents; `.v1` has the same shape as `.v0`. */
export const VERSIONS = ['v0', 'v1'] as const;
export type EventVersion = (typeof VERSIONS)[number];

/** A channel notification type such as `channel.wrapstarted.v0`. */
export type ChannelNotificationType = `channel.${ChannelEventName}.${EventVersion}`;
/** The agent presence notification type. */
export type PresenceNotificationType = `agent.presencechanged.${EventVersion}`;
/** Every notification type the simulator produces. */
export type NotificationType = ChannelNotificationType | PresenceNotificationType;

/** Channel events whose `data` carries a `reason` (documented for ended and connectionfailed). */
export const EVENTS_WITH_REASON: ReadonlySet<ChannelEventName> = new Set([
  'connectionfailed',
  'ended',
]);

/** Every notification type, v0 first. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  ...VERSIONS.flatMap((v) => CHANNEL_EVENTS.map((e) => `channel.${e}.${v}` as const)),
  ...VERSIONS.map((v) => `agent.presencechanged.${v}` as const),
];

/** The types a stream carries by default: the pair an agent hang-up produces. */
export const DEFAULT_TYPES: readonly NotificationType[] = [
  'channel.disconnected.v0',
  'channel.wrapstarted.v0',
];
