// The worked example of docs/mocks.md ("A worked example"), runnable: the receiver in ./receiver.ts
// exercised through vcc-event-sim/mocks, with events fired by the package's own sender.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  ended,
  expectDelivered,
  expectPair,
  hangUp,
  malformedRequest,
  timeline,
  vccApi,
  vccWebhook,
} from 'vcc-event-sim/mocks';
import { deliver } from 'vcc-event-sim/sender';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createWrapBoard } from './receiver.js';

const URL = 'https://hooks.example.test/vcc';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';

// The VCC REST APIs, answered from the same simulated world as the fixtures and timeline().
const api = vccApi({ tokens: { 'test-token': ['users:read'] } });
const board = createWrapBoard({ secret: SECRET, apiBaseUrl: api.baseUrl, token: 'test-token' });
// Requests to URL are recorded in the inbox and handed to the receiver under test.
const { handlers, inbox } = vccWebhook({ url: URL, secret: SECRET, receiver: board.handle });
const server = setupServer(...handlers, ...api.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  inbox.clear();
  board.inWrap.clear();
});
afterAll(() => server.close());

test('an agent hang-up puts the agent on the wrap board under their name', async () => {
  const [disconnect, wrap] = hangUp({ timestamp: '2026-01-05T09:30:00.000Z' });
  const summary = await deliver([disconnect, wrap], { target: URL, secret: SECRET });

  expect(summary.delivered).toBe(2);
  expectPair(inbox, wrap.subject);
  const { agentId, userId } = wrap.data.channel.party;
  expect(board.inWrap.get(agentId as string)).toEqual({
    agentId,
    name: api.world.user(userId as string)?.name,
    channelId: wrap.subject,
    since: '2026-01-05T09:30:00.000Z',
  });
});

test('the end of wrap takes the agent off the board, even when it arrives first', async () => {
  const [disconnect, wrap] = hangUp();
  const end = ended({ channelId: wrap.subject, timestamp: '2026-01-05T09:00:45.000Z' });
  await deliver([end, disconnect, wrap], { target: URL, secret: SECRET });

  expectDelivered(inbox, [disconnect, wrap, end]);
  expect(board.inWrap.size).toBe(0);
});

test('a seeded hour of a contact center leaves nobody in wrap', async () => {
  const events = timeline({ seed: 7, agents: 3, duration: '1h' });
  const summary = await deliver(events, { target: URL, secret: SECRET });

  expect(summary.delivered).toBe(events.length);
  expect(inbox.count('channel.wrapstarted.v0')).toBeGreaterThan(0);
  expect(board.inWrap.size).toBe(0);
});

test('when the user lookup fails the receiver answers 503 and the retry gets through', async () => {
  // The first lookup fails; later ones fall through to the vccApi handlers.
  let failures = 1;
  server.use(
    http.get(`${api.baseUrl}/useradmin/users/:userId`, () => {
      if (failures-- > 0) return HttpResponse.json({ message: 'down' }, { status: 500 });
    }),
  );
  const [, wrap] = hangUp();
  const summary = await deliver([wrap], {
    target: URL,
    secret: SECRET,
    retry: { scheduleMs: [0, 1000], giveUpAfterMs: 3_600_000, timeoutMs: 2000 },
  });

  expect(summary.delivered).toBe(1);
  expect(inbox.requests.map((r) => r.answer)).toMatchObject([{ status: 503 }, { status: 204 }]);
  expect(board.inWrap.has(wrap.data.channel.party.agentId as string)).toBe(true);
});

test('a notification with a bad signature is refused', async () => {
  const res = await fetch(await malformedRequest('bad-signature', { url: URL, secret: SECRET }));

  expect(res.status).toBe(401);
  expect(inbox.count()).toBe(0);
});
