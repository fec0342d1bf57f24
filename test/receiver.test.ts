import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { MALFORMATION_INFO, MALFORMATIONS, malformRequest } from '../scenarios/malformations.js';
import { secretKey, signBody } from '../wire/signature.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const KEY = secretKey(SECRET);
const events = [
  ...simulate({ agents: 6, duration: '1h', seed: 'receiver', types: ['channel.*.v0'] }),
];
const pair = (() => {
  // A pair from later in the day: the first requests of the tests use the first events.
  const d = events
    .slice(20)
    .find((n) => n.type === 'channel.disconnected.v0' && n.data.channel.party.role === 'agent');
  const w = events.find((n) => n.type === 'channel.wrapstarted.v0' && n.subject === d?.subject);
  if (!d || !w) throw new Error('the simulation made no hang-up pair');
  return [d, w] as const;
})();

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', ...headers },
    body,
  });
}

async function signed(n: Notification | string, headers: Record<string, string> = {}) {
  const body = typeof n === 'string' ? n : JSON.stringify(n);
  return { body, headers: { 'vonage-signature': await signBody(body, KEY), ...headers } };
}

describe('the built-in receiver, without a secret', () => {
  let r: RunningReceiver;
  beforeAll(async () => {
    r = await startReceiver({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => r.close());

  test('accepts structured, plain JSON, binary and batch requests, and counts each event once', async () => {
    const [a, b, c, d, e] = events.slice(0, 5) as Notification[];
    expect((await post(r.url, JSON.stringify(a))).status).toBe(204);
    expect(
      (await post(r.url, JSON.stringify(b), { 'content-type': 'application/json' })).status,
    ).toBe(204);
    const binary = await fetch(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-specversion': c?.specversion as string,
        'ce-type': c?.type as string,
        'ce-id': c?.id as string,
        'ce-source': c?.source as string,
        'ce-subject': c?.subject as string,
        'ce-time': c?.time as string,
      },
      body: JSON.stringify(c?.data),
    });
    expect(binary.status).toBe(204);
    const batch = await post(r.url, JSON.stringify([d, e]), {
      'content-type': 'application/cloudevents-batch+json',
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toEqual({ accepted: 2, duplicates: 0 });
    expect(r.ids()).toEqual([a, b, c, d, e].map((n) => n?.id));
  });

  test('answers a duplicate (same source and id) with 2xx and counts it as a duplicate', async () => {
    const before = r.stats();
    const n = events[10] as Notification;
    await post(r.url, JSON.stringify(n));
    const again = await post(r.url, JSON.stringify(n));
    expect(again.status).toBe(204);
    expect(again.headers.get('x-duplicate')).toBe('true');
    const after = r.stats();
    expect(after.duplicates - before.duplicates).toBe(1);
    expect(after.unique - before.unique).toBe(1);
  });

  test("pairs an agent channel's disconnected and wrapstarted, in either order", async () => {
    const before = r.stats();
    await post(r.url, JSON.stringify(pair[1]));
    expect(r.stats().pairsPending).toBe(before.pairsPending + 1);
    await post(r.url, JSON.stringify(pair[0]));
    const after = r.stats();
    expect(after.pairsComplete).toBe(before.pairsComplete + 1);
    expect(after.pairsPending).toBe(before.pairsPending);
  });

  test.each([
    ['bad JSON', '{"specversion":', {}, 400, 'bad-json'],
    ['a missing field', JSON.stringify({ ...events[0], id: undefined }), {}, 400, 'invalid'],
    ['a wrong type', JSON.stringify({ ...events[0], time: 12 }), {}, 400, 'invalid'],
    ['an array in structured mode', JSON.stringify([events[0]]), {}, 400, 'invalid'],
    [
      'a batch that is not an array',
      JSON.stringify(events[0]),
      { 'content-type': 'application/cloudevents-batch+json' },
      400,
      'invalid',
    ],
    [
      'an unknown content type',
      JSON.stringify(events[0]),
      { 'content-type': 'text/plain' },
      415,
      'content-type',
    ],
    [
      'a body over the limit',
      `${JSON.stringify(events[0])}${' '.repeat(64 * 1024)}`,
      {},
      413,
      undefined,
    ],
  ] as const)(
    'rejects %s with %i and a JSON reason',
    async (_what, body, headers, status, reason) => {
      const res = await post(r.url, body, headers);
      expect(res.status).toBe(status);
      const json = (await res.json()) as { error: string; detail: unknown };
      if (reason) expect(json.error).toBe(reason);
      expect(json.detail).toBeTruthy();
    },
  );

  test('a binary-mode request whose data is not JSON gets 415', async () => {
    const c = events[30] as Notification;
    const res = await fetch(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'ce-specversion': '1.0',
        'ce-type': c.type,
        'ce-id': c.id,
      },
      body: JSON.stringify(c.data),
    });
    expect(res.status).toBe(415);
  });

  test('404 off the webhook path, 405 for GET on it, the handshake on OPTIONS, stats as JSON', async () => {
    expect((await post(r.url.replace('/webhook', '/other'), '{}')).status).toBe(404);
    expect((await fetch(r.url)).status).toBe(405);
    const h = await fetch(r.url, {
      method: 'OPTIONS',
      headers: { 'webhook-request-origin': 'vcc.example' },
    });
    expect(h.status).toBe(200);
    expect(h.headers.get('webhook-allowed-origin')).toBe('vcc.example');
    const stats = (await (await fetch(`${r.url}/stats`)).json()) as {
      rejected: Record<string, number>;
    };
    expect(stats).toMatchObject({
      requests: expect.any(Number),
      pairsComplete: 1,
      statuses: { 200: 1, 204: expect.any(Number) },
    });
    expect(stats.rejected).toMatchObject({ 'bad-json': 1, 'content-type': 2 });
  });
});

describe('the built-in receiver with a secret', () => {
  let r: RunningReceiver;
  beforeAll(async () => {
    r = await startReceiver({ secret: SECRET, maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => r.close());

  test('accepts a valid signature, as a bare JWT or a Bearer token', async () => {
    const a = await signed(events[0] as Notification);
    expect((await post(r.url, a.body, a.headers)).status).toBe(204);
    const body = JSON.stringify(events[1]);
    const bearer = await signBody(body, KEY, { format: 'bearer' });
    expect((await post(r.url, body, { 'vonage-signature': bearer })).status).toBe(204);
  });

  test.each([
    ['no signature', async (_body: string) => ({})],
    [
      'another secret',
      async (body: string) => ({ 'vonage-signature': await signBody(body, new Uint8Array(32)) }),
    ],
    [
      'an expired signature',
      async (body: string) => ({
        'vonage-signature': await signBody(body, KEY, {
          nowSeconds: Math.floor(Date.now() / 1000) - 600,
        }),
      }),
    ],
    [
      'a body changed after signing',
      async (body: string) => ({
        'vonage-signature': await signBody(body.replace('"1.0"', '"1.0" '), KEY),
      }),
    ],
    ['a token that is not a JWT', async () => ({ 'vonage-signature': 'not-a-jwt' })],
  ])('answers 401 for %s', async (_what, sign) => {
    const body = JSON.stringify(events[2]);
    const res = await post(r.url, body, await sign(body));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('signature');
  });

  test.each(MALFORMATIONS)('rejects the %s malformation with its expected status', async (kind) => {
    const n = events[3] as Notification;
    const m = malformRequest(n, kind, { maxBodyBytes: 64 * 1024 });
    const nowSeconds = Math.floor(Date.now() / 1000);
    const signature =
      m.signing === 'wrong-key'
        ? await signBody(m.body, new Uint8Array(32).fill(1))
        : m.signing === 'expired'
          ? await signBody(m.body, KEY, { nowSeconds: nowSeconds - 600 })
          : await signBody(m.signing === 'tampered' ? (m.signedBody as string) : m.body, KEY);
    const res = await post(r.url, m.body, {
      'content-type': m.contentType,
      'vonage-signature': signature,
    });
    expect(res.status).toBe(MALFORMATION_INFO[kind].expectStatus);
  });
});

describe('listening', () => {
  test('with path "/" the stats are at /stats', async () => {
    const r = await startReceiver({ path: '/' });
    try {
      const base = r.url.replace(/\/$/, '');
      expect((await fetch(`${base}/stats`)).status).toBe(200);
    } finally {
      await r.close();
    }
  });

  test('a bad port or host is a one-line error', async () => {
    await expect(startReceiver({ port: 99999 })).rejects.toThrow(
      'Invalid port 99999: give a whole number from 0 to 65535.',
    );
    await expect(startReceiver({ host: 'no.such.host.invalid' })).rejects.toThrow(
      /Unknown host "no\.such\.host\.invalid"/,
    );
  });
});

describe('fault injection', () => {
  test('--status answers every request with that status', async () => {
    const r = await startReceiver({ faults: { status: 503 } });
    try {
      expect((await post(r.url, JSON.stringify(events[0]))).status).toBe(503);
      expect(r.stats().unique).toBe(0);
    } finally {
      await r.close();
    }
  });

  test('fail and drop rates fail about that share of requests, and reset connections', async () => {
    const r = await startReceiver({ faults: { failRate: 0.3, dropRate: 0.2, seed: 't' } });
    try {
      // 200 requests, the events taken in turn: issue 21's model gives six agents fewer than 200
      // events in their first hour, and the faults strike before the body is read.
      const requests = Array.from({ length: 200 }, (_, i) => events[i % events.length]);
      const results = await Promise.all(
        requests.map((n) =>
          post(r.url, JSON.stringify(n)).then(
            (x) => x.status,
            () => 'reset',
          ),
        ),
      );
      const failed = results.filter((x) => x === 500).length;
      const reset = results.filter((x) => x === 'reset').length;
      expect(failed).toBeGreaterThan(20);
      expect(reset).toBeGreaterThan(10);
      expect(r.stats().faults).toEqual({ failed, dropped: reset });
    } finally {
      await r.close();
    }
  });

  test('rejects bad fault settings with a one-line error', async () => {
    await expect(startReceiver({ faults: { failRate: 2 } })).rejects.toThrow(/Invalid fail rate 2/);
    await expect(startReceiver({ faults: { status: 42 } })).rejects.toThrow(/Invalid status 42/);
  });
});
