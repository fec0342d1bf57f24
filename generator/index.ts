/**
 * vcc-event-sim: the simulation core. Pure (no Node built-ins), so the same code runs in Node,
 * in bundlers and in k6.
 */
export type { Distribution, Sampler } from './distributions.js';
export { sampler } from './distributions.js';
export { formatDuration, parseDuration } from './duration.js';
export type { SimErrorCode } from './errors.js';
export { SimError } from './errors.js';
export type {
  ChannelEventName,
  ChannelNotificationType,
  EventVersion,
  NotificationType,
  PresenceNotificationType,
} from './event-types.js';
export {
  CHANNEL_EVENTS,
  DEFAULT_TYPES,
  EVENTS_WITH_REASON,
  NOTIFICATION_TYPES,
  VERSIONS,
} from './event-types.js';
export { curveAt, DEFAULT_CURVE, FLAT_CURVE, PEAK_HOUR_CURVE } from './intraday-curve.js';
export { encodeKsuid, encodeKsuidBytes, KSUID_EPOCH_MS } from './ksuid.js';
export type {
  ChannelData,
  ChannelInfo,
  ChannelNotification,
  DisconnectedNotification,
  EndedNotification,
  Notification,
  Party,
  PartyRole,
  Presence,
  PresenceData,
  PresenceNotification,
  WrapStartedNotification,
} from './notification.js';
export { isChannelEvent, isChannelNotification, parseType } from './notification.js';
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
  ResolvedOptions,
  SimulationOptions,
} from './options.js';
export {
  DEFAULT_DISTRIBUTIONS,
  DEFAULT_PROBABILITIES,
  DEFAULT_REASONS,
  DEFAULT_START,
  parseStart,
  resolveOptions,
} from './options.js';
export { hashSeed, RandomStream } from './random.js';
export type { Agent, PresenceCatalog, Supervisor } from './roster.js';
export { agentAt, presenceCatalog, supervisorOf, teamAgents } from './roster.js';
export type { SchemaCheck } from './schema-validator.js';
export { checkNotification, compileSchemas, isKnownType } from './schema-validator.js';
export type { JsonSchema } from './schemas.js';
export { allSchemas, schemaFor } from './schemas.js';
export type { SimulationRun, SimulationStats } from './simulate.js';
export { mergeTimed, simulate } from './simulate.js';
export type { TeamStats, TimedNotification } from './team-simulation.js';
export { sendsBefore, TeamSimulation } from './team-simulation.js';
export { formatTime, formatTimestamp, parseUtc } from './time-format.js';
export { selectTypes } from './type-filter.js';
