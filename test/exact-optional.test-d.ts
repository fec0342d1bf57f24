// Type tests of the option objects under `exactOptionalPropertyTypes`, where an optional property
// refuses an explicit `undefined` unless its type says so: a user's code passes
// `{ secret: process.env.SECRET }`. Checked by `tsc -p test/tsconfig.exact-optional.json` (npm test).
import { expectTypeOf } from 'vitest';
import {
  type ChannelFixture,
  createFixtures,
  type FixturesOptions,
  hangUp,
  type MockVccOptions,
  mockVcc,
  type PresenceFixture,
  presenceChanged,
  type TimelineOptions,
  timeline,
  type VccWebhookOptions,
  vccWebhook,
  wrapStarted,
} from '../mocks/index.js';
import { type DeliverOptions, deliver } from '../sender/index.js';

declare const maybe: string | undefined;
declare const maybeNumber: number | undefined;

const deliverOptions: DeliverOptions = {
  target: 'http://127.0.0.1:8080/vcc',
  secret: maybe,
  concurrency: maybeNumber,
  pace: undefined,
  // A partial retry: the other fields stay the defaults.
  retry: { timeoutMs: 2000 },
};
void deliver([wrapStarted()], deliverOptions);
void deliver([], {
  target: 'http://127.0.0.1:8080/vcc',
  retry: { scheduleMs: [0, 100], giveUpAfterMs: undefined },
});
// The target stays required.
// @ts-expect-error target is required
const noTarget: DeliverOptions = { secret: maybe };
void noTarget;

const webhook: VccWebhookOptions = {
  url: 'https://hooks.example.test/vcc',
  secret: maybe,
  maxBodyBytes: undefined,
};
vccWebhook(webhook);
const kit: MockVccOptions = {
  url: 'https://hooks.example.test/vcc',
  secret: maybe,
  seed: maybeNumber,
  agents: undefined,
  onUnhandled: undefined,
  baseUrl: maybe,
};
mockVcc(kit);
const channel: ChannelFixture = { agentId: maybe, channelId: undefined, timestamp: maybe };
wrapStarted(channel);
hangUp({ agentId: maybe });
const presence: PresenceFixture = { agentId: maybe, presence: undefined };
presenceChanged(presence);
const world: TimelineOptions = { seed: maybeNumber, duration: maybe, scenario: undefined };
expectTypeOf(timeline(world)).toBeArray();
const factory: FixturesOptions = { seed: maybe };
createFixtures(factory).wrapStarted({ agentId: maybe });
