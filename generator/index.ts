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

export type { StreamCheckerOptions, StreamSummary, Violation } from './analysis/stream-checker.js';
export { checkStream, StreamChecker } from './analysis/stream-checker.js';
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
} from './notifications/event-types.js';
export {
  CHANNEL_EVENTS,
  DEFAULT_TYPES,
  EVENTS_WITH_REASON,
  NOTIFICATION_TYPES,
  VERSIONS,
} from './notifications/event-types.js';
export { encodeKsuid, KSUID_EPOCH_MS } from './notifications/ksuid.js';
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
} from './notifications/notification.js';
export { isChannelNotification, parseType } from './notifications/notification.js';
export type {
  ChannelNotificationInput,
  PresenceNotificationInput,
} from './notifications/notification-builders.js';
export {
  buildChannelNotification,
  buildPresenceNotification,
  serializeNotification,
} from './notifications/notification-builders.js';
export type { SchemaCheck } from './notifications/schema-validator.js';
export { checkNotification, isKnownType } from './notifications/schema-validator.js';
export type { JsonSchema } from './notifications/schemas.js';
export { allSchemas, schemaFor } from './notifications/schemas.js';
export { formatTime, formatTimestamp, parseUtc } from './notifications/time-format.js';
export { selectTypes } from './notifications/type-filter.js';
export type { Distribution } from './simulation/distributions.js';
export { DEFAULT_CURVE, FLAT_CURVE, PEAK_HOUR_CURVE } from './simulation/intraday-curve.js';
export type {
  BreakPlan,
  Distributions,
  Probabilities,
  Reasons,
  SimulationOptions,
} from './simulation/options.js';
export {
  DEFAULT_DISTRIBUTIONS,
  DEFAULT_PROBABILITIES,
  DEFAULT_REASONS,
  DEFAULT_START,
} from './simulation/options.js';
export type { Agent, PresenceCatalog, Supervisor } from './simulation/roster.js';
export { agentAt, presenceCatalog, supervisorOf, teamAgents } from './simulation/roster.js';
export type { SimulationRun, SimulationStats } from './simulation/simulate.js';
export { simulate } from './simulation/simulate.js';
export type { AbsentShift, RequiredSlot } from './simulation/team.js';
export type { TimedNotification } from './simulation/team-simulation.js';
