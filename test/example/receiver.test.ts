// The worked example of docs/mocks.md ("A worked example"), runnable: the receiver in ./receiver.ts
// exercised through vcc-event-sim/mocks, with events fired by the package's own sender.
import { HttpResponse, http } from 'msw';
import {
  ended,
  expectDelivered,
  expectPair,
  hangUp,
  malformedRequest,
  mockVcc,
} from 'vcc-event-sim/mocks';
import { deliver } from 'vcc-event-sim/sender';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createWrapBoard } from './receiver.js';

const URL = 'https://hooks.example.test/vcc';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';
const API = 'https://emea.api.newvoicemedia.com';

const board = createWrapBoard({ secret: SECRET, apiBaseUrl: API, token: 'test-token' });
// One world behind everything: the webhook URL (requests recorded in vcc.inbox, then handed to
// the receiver under test), the VCC REST APIs, vcc.timeline(), and every event that arrives.
const vcc = mockVcc({
  url: URL,
  secret: SECRET,
  receiver: board.handle,
  baseUrl: API,
  tokens: { 'test-token': ['users:read'] },
  seed: 7,
  agents: 3,
  duration: '1h',
});

beforeAll(() => vcc.listen()); // unhandled requests fail, with msw 2 and msw 3
afterEach(() => {
  vcc.reset(); // per-test handler overrides and the inbox
  board.inWrap.clear();
});
afterAll(() => vcc.close());

test('an agent hang-up puts the agent on the wrap board under their name', async () => {
  const [disconnect, wrap] = hangUp({ timestamp: '2026-01-05T09:30:00.000Z' });
  const summary = await deliver([disconnect, wrap], { target: URL, secret: SECRET });

  expect(summary.delivered).toBe(2);
  expectPair(vcc.inbox, wrap.subject);
  const { agentId, userId } = wrap.data.channel.party;
  expect(board.inWrap.get(agentId)).toEqual({
    agentId,
    name: vcc.world.user(userId)?.name,
    channelId: wrap.subject,
    since: '2026-01-05T09:30:00.000Z',
  });
});

test('the end of wrap takes the agent off the board, even when it arrives first', async () => {
  const [disconnect, wrap] = hangUp();
  const end = ended({ channelId: wrap.subject, timestamp: '2026-01-05T09:00:45.000Z' });
  await deliver([end, disconnect, wrap], { target: URL, secret: SECRET });

  expectDelivered(vcc.inbox, [disconnect, wrap, end]);
  expect(board.inWrap.size).toBe(0);
});

test("a seeded hour of the world's center: every user lookup succeeds, nobody is left in wrap", async () => {
  const events = vcc.timeline();
  const summary = await deliver(events, { target: URL, secret: SECRET });

  expect(summary.delivered).toBe(events.length);
  expect(vcc.inbox.count('channel.wrapstarted.v0')).toBeGreaterThan(0);
  // One request per event, every one answered 204: no lookup failed (a failure answers 503).
  expect(vcc.inbox.requests.map((r) => r.answer)).toEqual(
    events.map(() => ({ kind: 'status', status: 204, delayMs: 0 })),
  );
  expect(board.inWrap.size).toBe(0);
});

test('when the user lookup fails the receiver answers 503 and the retry gets through', async () => {
  // The first lookup fails; later ones fall through to the mocked User Admin API.
  let failures = 1;
  vcc.server.use(
    http.get(`${API}/useradmin/users/:userId`, () => {
      if (failures-- > 0) return HttpResponse.json({ message: 'down' }, { status: 500 });
    }),
  );
  const [, wrap] = hangUp();
  const summary = await deliver([wrap], {
    target: URL,
    secret: SECRET,
    retry: { scheduleMs: [0, 1000], giveUpAfterMs: 60_000, timeoutMs: 2000 },
  });

  expect(summary.delivered).toBe(1);
  expect(vcc.inbox.requests.map((r) => r.answer)).toMatchObject([{ status: 503 }, { status: 204 }]);
  expect(board.inWrap.has(wrap.data.channel.party.agentId)).toBe(true);
});

test('a notification with a bad signature is refused', async () => {
  const res = await fetch(await malformedRequest('bad-signature', { url: URL, secret: SECRET }));

  expect(res.status).toBe(401);
  expect(vcc.inbox.count()).toBe(0);
});
