// Type tests for the public API: checked by `tsc --noEmit` (part of npm test).
import { expectTypeOf } from 'vitest';
import {
  type ChannelNotification,
  type Notification,
  type NotificationType,
  type SimulationRun,
  simulate,
  type WrapStartedNotification,
} from '../generator/index.js';

const run = simulate({ agents: 2 });
expectTypeOf(run).toEqualTypeOf<SimulationRun>();
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
