/**
 * vcc-event-sim/mocks: mock VCC in unit tests, with no server. MSW handlers for your webhook URL
 * with a typed inbox of what arrived, fixture builders, assertions with readable failures, and
 * MSW handlers for the VCC REST APIs answered from the same simulated world as the events.
 * Needs `msw` (2.x or 3.x) installed beside it; use with `setupServer` from `msw/node`.
 */

export type { Malformation, MalformedRequest } from '../scenarios/index.js';
export { MALFORMATION_INFO, MALFORMATIONS } from '../scenarios/index.js';
export {
  describeNotification,
  expectCount,
  expectDelivered,
  expectPair,
  expectRejected,
  expectTimeline,
  InboxAssertionError,
} from './expectations.js';
export type {
  ChannelFixture,
  Fixtures,
  FixturesOptions,
  PresenceFixture,
  TimelineOptions,
} from './fixtures.js';
export {
  alerted,
  CHANNEL_FIXTURES,
  channelEvent,
  connected,
  connectionFailed,
  createFixtures,
  disconnected,
  ended,
  FIXTURE_SEED,
  FIXTURE_TIMESTAMP,
  hangUp,
  held,
  interrupted,
  notification,
  parked,
  presenceChanged,
  resetFixtures,
  resumed,
  retrieved,
  timeline,
  unparked,
  wrapStarted,
} from './fixtures.js';
export type {
  ArrivedPair,
  ContentMode,
  NotificationOf,
  RecordedAnswer,
  RecordedRequest,
} from './inbox.js';
export { Inbox } from './inbox.js';
export type { MalformedOptions, MalformedRequestOptions } from './malformed.js';
export { malformed, malformedRequest } from './malformed.js';
export type { NodeHandlerOptions, NodeRequestListener } from './node-handler.js';
export { nodeHandler } from './node-handler.js';
export type { SignedParts, SignedRequestOptions } from './signed-request.js';
export { signedHeaders, signedRequest } from './signed-request.js';
export type {
  WorldChannel,
  WorldChannelEvent,
  WorldInteraction,
  WorldOptions,
  WorldUser,
} from './simulated-world.js';
export { SimulatedWorld, simulatedWorld } from './simulated-world.js';
export type {
  MockVcc,
  MockVccOptions,
  UnhandledOptions,
  UnhandledStrategy,
  WebhookOverride,
} from './test-kit.js';
export { mockVcc } from './test-kit.js';
export type {
  Subscription,
  VccApi,
  VccApiOptions,
  VccApiPaths,
  VccApiScopes,
  VccRegion,
} from './vcc-api.js';
export { vccApi } from './vcc-api.js';
export type { VccWebhook, VccWebhookOptions } from './vcc-webhook.js';
export { vccWebhook } from './vcc-webhook.js';
export type {
  AnswerContext,
  WebhookAnswer,
  WebhookResponder,
} from './webhook-answer.js';
export { byAttempt, inTurn } from './webhook-answer.js';
