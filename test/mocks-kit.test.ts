// mockVcc(): one call sets a test file up (webhook, REST APIs, one world, a server that fails on
// unhandled requests under msw 2 and 3), one reset, per-test overrides; and deliver() retrying in
// real time for library users.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  byAttempt,
  expectCount,
  hangUp,
  mockVcc,
  nodeHandler,
  wrapStarted,
} from '../mocks/index.js';
import { deliver } from '../sender/index.js';
import { createNodeReceiver } from './example/node-receiver.js';
import { TEST_SECRET } from './support/secret.js';

const URL = 'https://hooks.example.test/kit';
const node = createNodeReceiver(TEST_SECRET);
// Six agents: a queue that small has a caller or two in its first half hour.
const vcc = mockVcc({ url: URL, secret: TEST_SECRET, seed: 11, agents: 6, duration: '30m' });

beforeAll(() => vcc.listen());
afterEach(() => vcc.reset());
afterAll(() => vcc.close());

describe('mockVcc', () => {
  test('the mock answers 200 and records; reset() empties the inbox and drops overrides', async () => {
    vcc.use({ respond: 503 });
    const first = await fetch(await vcc.signedRequest(wrapStarted()));
    expect([first.status, vcc.inbox.requests.length]).toEqual([503, 1]);
    vcc.reset();
    expect(vcc.inbox.requests).toEqual([]);
    const second = await fetch(await vcc.signedRequest(wrapStarted()));
    expect([second.status, vcc.inbox.count()]).toEqual([200, 1]);
  });

  test('a per-test override keeps URL, secret and inbox: deliver() retries 500 then 200 in real time', async () => {
    vcc.use({ respond: byAttempt(500, 200) });
    // With the old hidden 600x scaling the 50 ms retry and the 10 s limit ran in simulated time.
    const summary = await deliver([wrapStarted()], {
      target: URL,
      secret: TEST_SECRET,
      retry: { scheduleMs: [0, 50], giveUpAfterMs: 10_000, timeoutMs: 1000 },
    });
    expect(summary.delivered).toBe(1);
    expect(vcc.inbox.requests.map((r) => [r.attempt, r.answer])).toEqual([
      [1, { kind: 'status', status: 500, delayMs: 0 }],
      [2, { kind: 'status', status: 200, delayMs: 0 }],
    ]);
    const unsigned = await fetch(URL, { method: 'POST', body: JSON.stringify(wrapStarted()) });
    expect(unsigned.status).toBe(401);
  });

  test("a node:http receiver answers through the kit's webhook; the world learns every arrival", async () => {
    vcc.use({ receiver: nodeHandler(node.listener) });
    const [disconnect, wrap] = hangUp({ agentId: '8800' });
    expect(vcc.world.userByAgentId('8800')).toBeUndefined();
    const summary = await deliver([disconnect, wrap], { target: URL, secret: TEST_SECRET });

    expect(summary.delivered).toBe(2);
    // The pair goes out together: the two may arrive in either order.
    expect(node.received.map((r) => r.id).sort()).toEqual([disconnect.id, wrap.id].sort());
    expect(vcc.world.userByAgentId('8800')?.userId).toBe(wrap.data.channel.party.userId);
    expect(vcc.world.interaction(wrap.data.channel.interactionId)?.channels.size).toBe(1);
    const res = await fetch(
      `${vcc.api.baseUrl}/useradmin/users/${wrap.data.channel.party.userId}`,
      {
        headers: { authorization: 'Bearer any' },
      },
    );
    expect(res.status).toBe(200);
  });

  test("timeline() is the world's: its agents and interactions are found without arriving", async () => {
    const events = vcc.timeline();
    expect(events.length).toBeGreaterThan(0);
    for (const n of events) {
      if (n.source !== '/channel') continue;
      const p = n.data.channel.party;
      if (p.role === 'agent') expect(vcc.world.user(p.userId)?.agentId).toBe(p.agentId);
      expect(vcc.world.interaction(n.data.channel.interactionId)).toBeDefined();
    }
    expect(vcc.inbox.count()).toBe(0);
    expectCount(vcc.inbox, 'channel.*', 0);
  });

  test('an unhandled request fails (onUnhandledRequest for msw 2, onUnhandledFrame for msw 3)', async () => {
    expect(vcc.listenOptions).toEqual({ onUnhandledRequest: 'error', onUnhandledFrame: 'error' });
    await expect(fetch('https://not-mocked.example.test/')).rejects.toThrow();
  });

  test('misuse is a one-line error', async () => {
    expect(() => mockVcc({} as never)).toThrow(/receiver URL/);
    const noSecret = mockVcc({ url: 'https://hooks.example.test/other' });
    await expect(noSecret.signedRequest(wrapStarted())).rejects.toThrow(/secret/);
  });
});
