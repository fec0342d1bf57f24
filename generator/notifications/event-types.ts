/**
 * The notification types VCC documents, as subscription names (`channel.wrapstarted.v0`).
 */

/**
 * Channel events, in lifecycle terms (see docs/simulation.md, "The channel lifecycle").
 *
 * @example
 * CHANNEL_EVENTS.map((event) => `channel.${event}.v0`) // 'channel.alerted.v0', …
 */
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

/**
 * One of the documented channel events.
 *
 * @example
 * const event: ChannelEventName = 'wrapstarted';
 */
export type ChannelEventName = (typeof CHANNEL_EVENTS)[number];

/**
 * Event versions VCC documents; `.v1` has the same shape as `.v0`.
 *
 * @example
 * VERSIONS.map((v) => `channel.wrapstarted.${v}`) // ['channel.wrapstarted.v0', 'channel.wrapstarted.v1']
 */
export const VERSIONS = ['v0', 'v1'] as const;
/**
 * `'v0'` or `'v1'`.
 *
 * @example
 * const version: EventVersion = 'v1';
 */
export type EventVersion = (typeof VERSIONS)[number];

/**
 * A channel notification type such as `channel.wrapstarted.v0`.
 *
 * @example
 * const type: ChannelNotificationType = 'channel.held.v1';
 */
export type ChannelNotificationType = `channel.${ChannelEventName}.${EventVersion}`;
/**
 * The agent presence notification type.
 *
 * @example
 * const type: PresenceNotificationType = 'agent.presencechanged.v0';
 */
export type PresenceNotificationType = `agent.presencechanged.${EventVersion}`;
/**
 * Every notification type the simulator produces.
 *
 * @example
 * const types: NotificationType[] = ['channel.disconnected.v0', 'channel.wrapstarted.v0'];
 */
export type NotificationType = ChannelNotificationType | PresenceNotificationType;

/**
 * A notification type or a subscription-style wildcard over them (`*` matches anything, dots
 * included): what `inbox.count()` and `expectCount()` take. A misspelt name does not compile.
 *
 * @example
 * const patterns: NotificationTypePattern[] = ['channel.wrapstarted.v0', 'channel.*', 'channel.*.v0', '*.v1'];
 */
export type NotificationTypePattern =
  | NotificationType
  | '*'
  | 'channel.*'
  | 'agent.*'
  | `channel.${ChannelEventName}.*`
  | 'agent.presencechanged.*'
  | `${'channel' | 'agent' | '*'}.*.${EventVersion}`;

/**
 * Channel events whose `data` carries a `reason` (documented for ended and connectionfailed).
 *
 * @example
 * EVENTS_WITH_REASON.has('ended') // true
 */
export const EVENTS_WITH_REASON: ReadonlySet<ChannelEventName> = new Set([
  'connectionfailed',
  'ended',
]);

/**
 * Every notification type, v0 first: 12 channel events and the presence change, in two versions.
 *
 * @example
 * NOTIFICATION_TYPES.length // 26
 */
export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  ...VERSIONS.flatMap((v) => CHANNEL_EVENTS.map((e) => `channel.${e}.${v}` as const)),
  ...VERSIONS.map((v) => `agent.presencechanged.${v}` as const),
];

/**
 * The types a stream carries by default: the pair an agent hang-up produces.
 *
 * @example
 * simulate({ types: [...DEFAULT_TYPES, 'agent.presencechanged.v0'] });
 */
export const DEFAULT_TYPES: readonly NotificationType[] = [
  'channel.disconnected.v0',
  'channel.wrapstarted.v0',
];
