// Type tests for the public API: checked by `tsc --noEmit` (part of npm test).
import { expectTypeOf } from 'vitest';
import type * as api from '../generator/index.js';
import {
  type ChannelNotification,
  checkNotification,
  checkStream,
  type Notification,
  type NotificationType,
  parseType,
  type SimulationRun,
  type StreamSummary,
  simulate,
  type TimedNotification,
  type Violation,
  type WrapStartedNotification,
} from '../generator/index.js';

const run = simulate({ agents: 2 });
expectTypeOf(run).toEqualTypeOf<SimulationRun>();
expectTypeOf(run.timed()).toEqualTypeOf<IterableIterator<TimedNotification>>();
for (const n of run) {
  expectTypeOf(n).toEqualTypeOf<Notification>();
  expectTypeOf(n.type).toEqualTypeOf<NotificationType>();
  if (n.source === '/channel') {
    expectTypeOf(n).toEqualTypeOf<ChannelNotification>();
    expectTypeOf(n.data.channel.party.role).toEqualTypeOf<
      'external' | 'agent' | 'monitor' | 'voicemail'
    >();
  } else {
    expectTypeOf(n.data.user.agentId).toBeString();
  }
}
expectTypeOf<WrapStartedNotification['type']>().toEqualTypeOf<
  'channel.wrapstarted.v0' | 'channel.wrapstarted.v1'
>();
// @ts-expect-error: not an option
simulate({ agentz: 3 });
// @ts-expect-error: agents is a number
simulate({ agents: '3' });

// Checking: one event against its schema, a stream against the invariants.
const check = checkNotification(JSON.parse('{}'));
if (check.ok) expectTypeOf(check.notification).toEqualTypeOf<Notification>();
else expectTypeOf(check.errors).toEqualTypeOf<string[]>();
expectTypeOf(checkStream([...run])).toEqualTypeOf<{
  violations: Violation[];
  summary: StreamSummary;
}>();
expectTypeOf(parseType('channel.held.v0')).toMatchTypeOf<
  { entity: 'channel' | 'agent'; version: 'v0' | 'v1' } | undefined
>();

// The machinery stays out of the public surface (it is imported from its files, not the entry).
// @ts-expect-error: internal
export type NoRandomStream = api.RandomStream;
// @ts-expect-error: internal
export type NoTeamSimulation = api.TeamSimulation;
// @ts-expect-error: internal
export type NoResolvedOptions = api.ResolvedOptions;
// @ts-expect-error: internal
export type NoMergeTimed = typeof api.mergeTimed;
