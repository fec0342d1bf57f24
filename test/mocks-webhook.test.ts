import https from 'node:https';
import { beforeEach, expect, test } from 'vitest';
import { checkNotification, simulate } from '../generator/index.js';
import {
  byAttempt,
  expectCount,
  expectDelivered,
  expectPair,
  expectRejected,
  hangUp,
  type Inbox,
  InboxAssertionError,
  inTurn,
  MALFORMATION_INFO,
  MALFORMATIONS,
  malformedRequest,
  resetFixtures,
  vccWebhook,
  wrapStarted,
} from '../mocks/index.js';
import { getScenario } from '../scenarios/index.js';
import { deliver, type EventOutcome, handshake } from '../sender/index.js';
import { useMswServer } from './support/msw.js';
import { TEST_SECRET } from './support/secret.js';

const URL = 'https://hooks.example.test/vcc';
const FAST_RETRY = { scheduleMs: [0, 10], giveUpAfterMs: 3_600_000, timeoutMs: 2_000 };

const server = useMswServer();
beforeEach(() => resetFixtures());

function mock(options: Omit<Parameters<typeof vccWebhook>[0], 'url'> = {}): Inbox {
  const { handlers, inbox } = vccWebhook({ url: URL, ...options });
  server.use(...handlers);
  return inbox;
}

test('a notification posted with fetch lands in the inbox with its headers and content mode', async () => {
  const inbox = mock();
  const n = wrapStarted({ agentId: '1544' });
  const res = await fetch(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify(n),
  });
  expect(res.status).toBe(200);
  expect(inbox.notifications).toEqual([n]);
  expect(inbox.requests[0]).toMatchObject({
    mode: 'structured',
    attempt: 1,
    headers: { 'content-type': 'application/cloudevents+json' },
    answer: { kind: 'status', status: 200 },
  });
  expect(inbox.ofType('channel.wrapstarted.v0')[0]?.data.channel.party.agentId).toBe('1544');
});

test('a request made with node:https directly is intercepted too', async () => {
  const inbox = mock();
  const n = wrapStarted();
  // The default import: MSW patches `https.request` on the module object.
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request(
      URL,
      { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(n));
  });
  expect(status).toBe(200);
  expectDelivered(inbox, [n]);
});

test('the validation handshake the sender runs before firing is granted by the mock', async () => {
  mock();
  const h = await handshake(URL, { origin: 'vcc-event-sim' });
  expect(h).toMatchObject({ granted: true, status: 200, allowedOrigin: 'vcc-event-sim' });
});

test('the smoke scenario fired through the sender (node:http) arrives whole, signed, with every pair', async () => {
  const inbox = mock({ secret: TEST_SECRET });
  const events = [...simulate(getScenario('smoke').simulation)];
  const summary = await deliver(events, { target: URL, secret: TEST_SECRET, retry: FAST_RETRY });
  expect(summary.delivered).toBe(events.length);
  expect(inbox.count()).toBe(events.length);
  expect(inbox.rejected).toHaveLength(0);
  expect(inbox.requests[0]?.headers['vonage-signature']).toMatch(/^eyJ/);
  const wraps = inbox.ofType('channel.wrapstarted.v0');
  expect(wraps.length).toBeGreaterThan(0);
  for (const w of wraps) expectPair(inbox, w.subject);
  expect(inbox.count('channel.*')).toBe(events.filter((e) => e.source === '/channel').length);
  const agentId = wraps[0]?.data.channel.party.agentId as string;
  const names = inbox.timeline(agentId).map((n) => n.type.split('.')[1]);
  expect(names.indexOf('wrapstarted')).toBeGreaterThan(names.indexOf('connected'));
});

test('binary and batch deliveries are read and recorded with their content mode', async () => {
  const inbox = mock();
  const events = hangUp();
  await deliver(events, { target: URL, mode: 'binary', retry: FAST_RETRY });
  expect(inbox.requests.map((r) => r.mode)).toEqual(['binary', 'binary']);
  expect(inbox.requests[0]?.headers['ce-type']).toMatch(/^channel\./);
  expectDelivered(inbox, events);
  inbox.clear();
  const more = hangUp();
  await deliver(more, { target: URL, mode: 'batch', retry: FAST_RETRY });
  expect(inbox.requests.map((r) => r.mode)).toEqual(['batch']);
  expectDelivered(inbox, more);
  expectPair(inbox, more[0].subject);
});

test('a 503 on the first attempt makes the sender retry, and the retry is delivered', async () => {
  const inbox = mock({ respond: byAttempt(503, 200) });
  const events = hangUp();
  const outcomes: EventOutcome[] = [];
  const summary = await deliver(events, {
    target: URL,
    retry: FAST_RETRY,
    onOutcome: (o) => outcomes.push(o),
  });
  expect(summary.delivered).toBe(2);
  expect(summary.retries).toBe(2);
  expect(outcomes.map((o) => o.attempts)).toEqual([2, 2]);
  expect(inbox.requests.map((r) => [r.attempt, r.answer])).toEqual([
    [1, { kind: 'status', status: 503, delayMs: 0 }],
    [1, { kind: 'status', status: 503, delayMs: 0 }],
    [2, { kind: 'status', status: 200, delayMs: 0 }],
    [2, { kind: 'status', status: 200, delayMs: 0 }],
  ]);
  expectDelivered(inbox, events);
});

test('a network error is retried; one that never ends makes the sender give up', async () => {
  const inbox = mock({ respond: byAttempt('network-error', 200) });
  const [d] = hangUp();
  const summary = await deliver([d], { target: URL, retry: FAST_RETRY });
  expect(summary.delivered).toBe(1);
  expect(summary.answers).toMatchObject({ '200': 1 });
  expect(inbox.requests[0]?.answer.kind).toBe('network-error');
  server.resetHandlers();
  const always = mock({ respond: 'network-error' });
  const outcomes: EventOutcome[] = [];
  const r = await deliver([wrapStarted()], {
    target: URL,
    retry: FAST_RETRY,
    maxAttempts: 3,
    onOutcome: (o) => outcomes.push(o),
  });
  expect(r.gaveUp).toBe(1);
  expect(outcomes[0]).toMatchObject({ outcome: 'gave-up', attempts: 3 });
  expect(always.count()).toBe(0);
  expect(always.requests).toHaveLength(3);
});

test('an answer slower than the sender timeout is a timeout; a 4xx is a rejection', async () => {
  mock({ respond: { status: 200, delayMs: 400 } });
  const outcomes: EventOutcome[] = [];
  await deliver([wrapStarted()], {
    target: URL,
    retry: { ...FAST_RETRY, timeoutMs: 100 },
    maxAttempts: 1,
    onOutcome: (o) => outcomes.push(o),
  });
  expect(outcomes[0]).toMatchObject({ outcome: 'gave-up', error: 'timeout' });
  server.resetHandlers();
  const inbox = mock({ respond: inTurn(422) });
  const r = await deliver([wrapStarted()], { target: URL, retry: FAST_RETRY, maxAttempts: 1 });
  expect(r.rejected).toBe(1);
  expect(inbox.count()).toBe(0);
});

test('a responder function sees the request, its notifications and the attempt number', async () => {
  const seen: Array<[number, string | undefined]> = [];
  mock({
    respond: ({ attempt, notifications }) => {
      seen.push([attempt, notifications[0]?.type]);
      return attempt < 3 ? { status: 429, headers: { 'retry-after': '0' } } : 204;
    },
  });
  const summary = await deliver([wrapStarted()], { target: URL, retry: FAST_RETRY });
  expect(summary.delivered).toBe(1);
  expect(seen).toEqual([
    [1, 'channel.wrapstarted.v0'],
    [2, 'channel.wrapstarted.v0'],
    [3, 'channel.wrapstarted.v0'],
  ]);
});

test.each(MALFORMATIONS)(
  'the malformation %s is rejected with its documented status',
  async (kind) => {
    const inbox = mock({ secret: TEST_SECRET, maxBodyBytes: 64 * 1024 });
    const res = await fetch(
      await malformedRequest(kind, { url: URL, secret: TEST_SECRET, maxBodyBytes: 64 * 1024 }),
    );
    expect(res.status).toBe(MALFORMATION_INFO[kind].expectStatus);
    expect(inbox.count()).toBe(0);
    expectRejected(inbox, { status: MALFORMATION_INFO[kind].expectStatus, count: 1 });
    const body = (await res.json()) as { error: string; detail: string[] };
    expect(body.detail.length).toBeGreaterThan(0);
  },
);

test('every variant of missing-field and wrong-type is rejected by the schema check', async () => {
  const inbox = mock();
  for (const kind of ['missing-field', 'wrong-type'] as const) {
    for (let variant = 0; variant < 8; variant++) {
      const res = await fetch(await malformedRequest(kind, { url: URL, variant }));
      expect(res.status, `${kind} variant ${variant}`).toBe(400);
    }
  }
  expect(inbox.count()).toBe(0);
  expect(inbox.rejected).toHaveLength(16);
});

test('without a secret the signature malformations pass: a receiver only catches them when it verifies', async () => {
  const inbox = mock();
  const res = await fetch(await malformedRequest('bad-signature', { url: URL }));
  expect(res.status).toBe(200);
  expect(inbox.count()).toBe(1);
});

test('redeliveries of an accepted notification count as duplicates, not twice', async () => {
  const inbox = mock();
  const n = wrapStarted();
  for (let i = 0; i < 3; i++)
    await fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(n),
    });
  expect(inbox.count()).toBe(1);
  expect(inbox.duplicates).toBe(2);
  expect(inbox.requests.map((r) => r.attempt)).toEqual([1, 2, 3]);
});

test('inbox.waitFor resolves once code under test has sent enough, and says what it holds on timeout', async () => {
  const inbox = mock();
  const [d, w] = hangUp();
  const sending = deliver([d, w], { target: URL, retry: FAST_RETRY });
  await inbox.waitFor((i) => i.count() === 2);
  await sending;
  const timedOut = await inbox.waitFor((i) => i.count() === 3, 50).catch((e: Error) => e);
  expect((timedOut as Error).message).toBe(
    'inbox.waitFor: still waiting after 50 ms for (i) => i.count() === 3; the inbox has 2 requests and 2 accepted notifications (channel.disconnected.v0 x1, channel.wrapstarted.v0 x1).',
  );
  // The stack starts at this file's waiting line, not in a timer.
  const frames = (timedOut as Error).stack?.split('\n').filter((l) => l.includes(' at ')) ?? [];
  expect(frames[0]).toContain('mocks-webhook.test.ts');
  await expect(inbox.waitFor(() => false, 10, 'the wrap of call 7')).rejects.toThrow(
    /for the wrap of call 7;/,
  );
});

test('an InboxAssertionError carries what jest and vitest need to show a difference', () => {
  const inbox = mock();
  let error: unknown;
  try {
    expectCount(inbox, 'channel.wrapstarted.v0', 2);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InboxAssertionError);
  expect(error).toMatchObject({
    code: 'ERR_ASSERTION', // jest-circus prints errors with this code as assertions, with a diff
    operator: 'deepStrictEqual',
    generatedMessage: false,
    expected: { 'channel.wrapstarted.v0': 2 },
    actual: { 'channel.wrapstarted.v0': 0 },
  });
});

test('every accepted notification in the inbox is valid against the schemas', async () => {
  const inbox = mock();
  // 10 agents: a center of 2 has no call in 20 minutes on some seeds.
  await deliver(simulate({ agents: 10, duration: '20m', types: ['*'] }), {
    target: URL,
    retry: FAST_RETRY,
  });
  expect(inbox.count()).toBeGreaterThan(0);
  for (const n of inbox.notifications) expect(checkNotification(n).ok).toBe(true);
});
