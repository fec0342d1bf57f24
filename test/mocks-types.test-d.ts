// Type tests for vcc-event-sim/mocks: checked by `tsc --noEmit` (part of npm test).
import { expectTypeOf } from 'vitest';
import type {
  DisconnectedNotification,
  Notification,
  PresenceNotification,
  WrapStartedNotification,
} from '../generator/index.js';
import {
  byAttempt,
  ended,
  hangUp,
  type Inbox,
  notification,
  presenceChanged,
  timeline,
  vccWebhook,
  wrapStarted,
} from '../mocks/index.js';

expectTypeOf(wrapStarted({ agentId: '1544' })).toEqualTypeOf<WrapStartedNotification>();
expectTypeOf(hangUp()).toEqualTypeOf<[DisconnectedNotification, WrapStartedNotification]>();
expectTypeOf(presenceChanged({ presence: 'lunch' })).toEqualTypeOf<PresenceNotification>();
expectTypeOf(notification('agent.presencechanged.v1').data.user.agentId).toBeString();
expectTypeOf(notification('channel.held.v1').type).toEqualTypeOf<'channel.held.v1'>();
expectTypeOf(timeline()).toEqualTypeOf<Notification[]>();
expectTypeOf(ended().data.reason).toEqualTypeOf<string>();

const { inbox } = vccWebhook({ url: 'https://hooks.test/x', respond: byAttempt(503, 200) });
expectTypeOf(inbox).toEqualTypeOf<Inbox>();
for (const w of inbox.ofType('channel.wrapstarted.v0')) {
  expectTypeOf(w.type).toEqualTypeOf<'channel.wrapstarted.v0'>();
  expectTypeOf(w.data.channel.party.agentId).toEqualTypeOf<string>();
}
expectTypeOf(inbox.pair('x').wrapStarted).toEqualTypeOf<WrapStartedNotification | undefined>();

// @ts-expect-error: not a fixture override
wrapStarted({ agentID: '1544' });
// @ts-expect-error: not a presence
presenceChanged({ presence: 'coffee' });
// @ts-expect-error: not a notification type
notification('channel.wrapended.v0');
// @ts-expect-error: a URL is required
vccWebhook({});
