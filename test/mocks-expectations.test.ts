import { beforeEach, expect, test } from 'vitest';
import type { Notification } from '../generator/index.js';
import {
  byAttempt,
  connected,
  disconnected,
  expectCount,
  expectDelivered,
  expectPair,
  expectRejected,
  expectTimeline,
  hangUp,
  type Inbox,
  InboxAssertionError,
  malformedRequest,
  resetFixtures,
  vccWebhook,
  wrapStarted,
} from '../mocks/index.js';
import { useMswServer } from './support/msw.js';

const URL = 'https://hooks.example.test/vcc';
const server = useMswServer();
beforeEach(() => resetFixtures());

async function post(inbox: Inbox, ...events: Notification[]): Promise<Inbox> {
  for (const n of events)
    await fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(n),
    });
  return inbox;
}

function mock(respond?: Parameters<typeof vccWebhook>[0]['respond']): Inbox {
  const { handlers, inbox } = vccWebhook({ url: URL, ...(respond ? { respond } : {}) });
  server.use(...handlers);
  return inbox;
}

function failure(fn: () => unknown): InboxAssertionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InboxAssertionError) return e;
    throw e;
  }
  throw new Error('expected the assertion to fail, and it passed');
}

test('expectPair passes for a whole pair and returns it', async () => {
  const [d, w] = hangUp();
  const inbox = await post(mock(), w, d);
  expect(expectPair(inbox, d.subject)).toEqual({ disconnected: d, wrapStarted: w });
});

test('expectPair names the missing half and lists what arrived for the channel', async () => {
  const d = disconnected({ agentId: '1544' });
  const c = connected({ agentId: '1544', channelId: d.subject, timestamp: '2026-01-05T08:55:00Z' });
  const inbox = await post(mock(), c, d);
  const e = failure(() => expectPair(inbox, d.subject));
  expect(e.message).toContain(`Expected the hang-up pair of channel ${d.subject}`);
  expect(e.message).toContain('Missing: channel.wrapstarted.');
  expect(e.message).toContain(`channel.connected.v0 id=${c.id}`);
  expect(e.message).toContain(`channel.disconnected.v0 id=${d.id}`);
  expect(e.message).toContain('role=agent agentId=1544');
  expect(e.actual).toEqual({
    channelId: d.subject,
    arrived: ['channel.connected.v0', 'channel.disconnected.v0'],
  });
});

test('expectPair reports different timestamps', async () => {
  const d = disconnected({ timestamp: '2026-01-05T09:00:00.000Z' });
  const w = wrapStarted({ channelId: d.subject, timestamp: '2026-01-05T09:00:01.000Z' });
  const inbox = await post(mock(), d, w);
  expect(failure(() => expectPair(inbox, d.subject)).message).toMatch(
    /timestamps differ: disconnected at 2026-01-05T09:00:00.000Z, wrapstarted at 2026-01-05T09:00:01.000Z/,
  );
});

test('expectDelivered by count shows the count, the types and the requests that were not accepted', async () => {
  const inbox = mock(byAttempt(503));
  await post(inbox, wrapStarted());
  const e = failure(() => expectDelivered(inbox, 1));
  expect(e.message).toContain('Expected 1 delivered notification(s), but 0 arrived.');
  expect(e.message).toContain('1 request(s) were not accepted');
  expect(e.message).toContain('#0 structured attempt 1 → 503');
  expect(e.expected).toBe(1);
  expect(e.actual).toBe(0);
});

test('expectDelivered by notifications lists the ones that did not arrive', async () => {
  const [d, w] = hangUp({ agentId: '2001' });
  const inbox = await post(mock(), d);
  expectDelivered(inbox, [d.id]);
  const e = failure(() => expectDelivered(inbox, [d, w]));
  expect(e.message).toContain('Expected 2 notification(s) to be delivered; 1 did not arrive:');
  expect(e.message).toContain(`channel.wrapstarted.v0 id=${w.id}`);
  expect(e.message).toContain(
    'The inbox holds 1 accepted notification(s) (channel.disconnected.v0: 1)',
  );
});

test('expectCount and expectTimeline show expected and actual', async () => {
  const [d, w] = hangUp({ agentId: '1544', timestamp: '2026-01-05T09:05:00Z' });
  const c = connected({ agentId: '1544', channelId: d.subject });
  const inbox = await post(mock(), w, d, c);
  expectCount(inbox, 'channel.*', 3);
  expectTimeline(inbox, '1544', ['connected', 'disconnected', 'wrapstarted']);
  expect(failure(() => expectCount(inbox, 'channel.ended.v0', 1)).message).toContain(
    'Expected 1 channel.ended.v0 notification(s), but 0 arrived.',
  );
  const e = failure(() => expectTimeline(inbox, '1544', ['connected', 'wrapstarted', 'ended']));
  expect(e.message).toContain(
    "Expected agent 1544's timeline to be [connected, wrapstarted, ended], but it is [connected, disconnected, wrapstarted] (first difference at position 1).",
  );
});

test('expectRejected finds rejections by status and reason, and lists the requests when none match', async () => {
  const inbox = mock();
  await fetch(await malformedRequest('bad-json', { url: URL }));
  expectRejected(inbox, { status: 400, reason: 'bad-json' });
  const e = failure(() => expectRejected(inbox, { status: 401 }));
  expect(e.message).toContain(
    'Expected at least one rejected request(s) with status 401, but 0 matched',
  );
  expect(e.message).toMatch(
    /#0 unknown attempt 0 → 400 bad-json|#0 structured attempt 0 → 400 bad-json/,
  );
});
