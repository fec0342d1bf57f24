/**
 * vcc-event-sim: the simulation core. Pure (no Node built-ins), so the same code runs in Node,
 * in bundlers and in k6.
 *
 * This is the public surface of the package's main entry, curated: what a user needs to simulate
 * a contact center, build, serialize and check VCC notifications. The machinery behind it (the
 * random streams, the per-team simulation, the agenda, option resolution) stays in its own files,
 * which the package's own edges (CLI, k6 scripts, mocks) import directly. The list, grouped by
 * use (simulating, the notifications, checking, ids and times, errors), is documented in
 * docs/mocks.md ("Exports by entry point") and checked by test/exports.test.ts.
 */

export type { Distribution } from './distributions.js';
export { formatDuration, parseDuration } from './duration.js';
export type { SimErrorCode } from './errors.js';
export { SimError } from './errors.js';
export type {
  ChannelEventName,
  ChannelNotificationType,
  EventVersion,
  NotificationType,
  NotificationTypePattern,
  PresenceNotificationType,
} from './event-types.js';
export {
  CHANNEL_EVENTS,
  DEFAULT_TYPES,
  EVENTS_WITH_REASON,
  NOTIFICATION_TYPES,
  VERSIONS,
} from './event-types.js';
export { DEFAULT_CURVE, FLAT_CURVE, PEAK_HOUR_CURVE } from './intraday-curve.js';
export { encodeKsuid, KSUID_EPOCH_MS } from './ksuid.js';
export type {
  AgentParty,
  ChannelData,
  ChannelDataOf,
  ChannelInfo,
  ChannelNotification,
  CustomerParty,
  DisconnectedNotification,
  EndedNotification,
  Notification,
  NotificationOf,
  Party,
  PartyRole,
  Presence,
  PresenceData,
  PresenceNotification,
  StaffParty,
  WrapStartedNotification,
} from './notification.js';
export { isChannelNotification, parseType } from './notification.js';
export type {
  ChannelNotificationInput,
  PresenceNotificationInput,
} from './notification-builders.js';
export {
  buildChannelNotification,
  buildPresenceNotification,
  serializeNotification,
} from './notification-builders.js';
export type {
  BreakPlan,
  Distributions,
  Probabilities,
  Reasons,
  SimulationOptions,
} from './options.js';
export {
  DEFAULT_DISTRIBUTIONS,
  DEFAULT_PROBABILITIES,
  DEFAULT_REASONS,
  DEFAULT_START,
} from './options.js';
export type { Agent, PresenceCatalog, Supervisor } from './roster.js';
export { agentAt, presenceCatalog, supervisorOf, teamAgents } from './roster.js';
export type { SchemaCheck } from './schema-validator.js';
export { checkNotification, isKnownType } from './schema-validator.js';
export type { JsonSchema } from './schemas.js';
export { allSchemas, schemaFor } from './schemas.js';
export type { SimulationRun, SimulationStats } from './simulate.js';
export { simulate } from './simulate.js';
export type { StreamCheckerOptions, StreamSummary, Violation } from './stream-checker.js';
export { checkStream, StreamChecker } from './stream-checker.js';
export type { TimedNotification } from './team-simulation.js';
export { formatTime, formatTimestamp, parseUtc } from './time-format.js';
export { selectTypes } from './type-filter.js';
