import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { startReceiver } from '../receiver/receiver.js';
import { DEFAULT_RETRY, getScenario } from '../scenarios/catalog.js';
import { MALFORMATIONS } from '../scenarios/malformations.js';
import type { RetryPolicy } from '../scenarios/scenario.js';
import { deliver, type EventOutcome } from '../sender/deliver.js';
import { resolveDeliveryOptions } from '../sender/delivery-options.js';
import { handshake } from '../sender/handshake.js';
import { payloadHash, secretKey, signBody, verifySignature } from '../wire/signature.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const FAST_RETRY: RetryPolicy = {
  scheduleMs: [0, 20, 50, 100],
  giveUpAfterMs: 24 * 3_600_000,
  timeoutMs: 2000,
};
const day = (seed: string) =>
  simulate({ agents: 10, duration: '2h', seed, types: ['channel.*.v0'] });

/** A server that answers with `answer(n)` for its n-th request (from 0). */
async function server(answer: (n: number) => { status: number; headers?: Record<string, string> }) {
  let n = 0;
  const times: number[] = [];
  const s: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      times.push(performance.now());
      const a = answer(n++);
      res.writeHead(a.status, a.headers);
      res.end();
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
  return { url, times, close: () => new Promise<void>((r) => s.close(() => r())) };
}

function tally(outcomes: EventOutcome[]) {
  const t: Record<string, number> = {};
  for (const o of outcomes) t[o.outcome] = (t[o.outcome] ?? 0) + 1;
  return t;
}

describe('signing', () => {
  test('Vonage-Signature is an HS256 JWT with the hex SHA-256 of the exact body, issued now, expiring in 5 minutes', async () => {
    const key = secretKey(SECRET);
    const body = '{"hello":"world"}';
    const token = await signBody(body, key, { nowSeconds: 1_767_600_000 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, Buffer.from(SECRET, 'base64'), {
      currentDate: new Date(1_767_600_100_000),
    });
    expect(payload).toEqual({
      payload_hash: payloadHash(body),
      iat: 1_767_600_000,
      exp: 1_767_600_300,
    });
    expect(payload.payload_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifySignature(token, body, key)).toEqual({
      ok: false,
      reason: expect.stringMatching(/exp/),
    });
    const fresh = await signBody(body, key, { format: 'bearer' });
    expect(fresh).toMatch(/^Bearer ey/);
    expect(await verifySignature(fresh, body, key)).toEqual({ ok: true });
    expect((await verifySignature(fresh, `${body} `, key)).ok).toBe(false);
  });

  test('a secret that is not base64 is a one-line error', () => {
    expect(() => secretKey('not base64!')).toThrow(/secret/i);
  });
});

describe('deliver', () => {
  test('delivers every event of a day to the built-in receiver, pairs together, nothing lost', async () => {
    const r = await startReceiver({ secret: SECRET });
    try {
      const outcomes: EventOutcome[] = [];
      const s = await deliver(day('d1').timed(), {
        target: r.url,
        secret: SECRET,
        onOutcome: (o) => outcomes.push(o),
      });
      expect(s.events).toBeGreaterThan(200);
      expect(s).toMatchObject({
        delivered: s.events,
        rejected: 0,
        gaveUp: 0,
        notSent: 0,
        requests: s.events,
      });
      expect(s.pairs).toBeGreaterThan(10);
      expect(new Set(r.ids())).toEqual(new Set(outcomes.map((o) => o.id)));
      expect(r.stats()).toMatchObject({ pairsComplete: s.pairs, pairsPending: 0, invalid: 0 });
    } finally {
      await r.close();
    }
  });

  test('against 30% failures and 5% connection resets, every event ends in exactly one outcome', async () => {
    const r = await startReceiver({ faults: { failRate: 0.3, dropRate: 0.05, seed: 'flaky' } });
    try {
      const outcomes: EventOutcome[] = [];
      const s = await deliver(day('d2').timed(), {
        target: r.url,
        retry: FAST_RETRY,
        onOutcome: (o) => outcomes.push(o),
      });
      expect(outcomes).toHaveLength(s.events);
      expect(new Set(outcomes.map((o) => o.id)).size).toBe(s.events);
      expect(s.delivered + s.rejected + s.gaveUp + s.notSent).toBe(s.events);
      expect(s.retries).toBeGreaterThan(0);
      expect(s.answers.ECONNRESET).toBeGreaterThan(0);
      expect(s.answers['500']).toBeGreaterThan(0);
      const delivered = outcomes.filter((o) => o.outcome === 'delivered').map((o) => o.id);
      expect(delivered.length).toBe(s.delivered);
      expect(new Set(r.ids())).toEqual(new Set(delivered));
    } finally {
      await r.close();
    }
  });

  test('a target that refuses connections: every event gives up, counted', async () => {
    const dead = await server(() => ({ status: 204 }));
    await dead.close();
    const outcomes: EventOutcome[] = [];
    const s = await deliver(day('d3').timed(), {
      target: dead.url,
      maxAttempts: 2,
      retry: FAST_RETRY,
      onOutcome: (o) => outcomes.push(o),
    });
    expect(s.gaveUp).toBe(s.events);
    expect(tally(outcomes)).toEqual({ 'gave-up': s.events });
    expect(outcomes.every((o) => o.attempts === 2 && o.error === 'ECONNREFUSED')).toBe(true);
  });

  test('4xx ends as rejected with its status; a redirect is not followed', async () => {
    for (const status of [400, 302]) {
      const t = await server(() => ({ status, headers: { location: '/elsewhere' } }));
      const outcomes: EventOutcome[] = [];
      const s = await deliver([...day('d4')].slice(0, 5), {
        target: t.url,
        maxAttempts: 2,
        retry: FAST_RETRY,
        onOutcome: (o) => outcomes.push(o),
      });
      await t.close();
      expect(outcomes.map((o) => [o.outcome, o.status])).toEqual(
        Array(5).fill([status === 400 ? 'rejected' : 'gave-up', status]),
      );
      expect(s.requests).toBe(10);
    }
  });

  test('stopping ends the rest as not sent, and the counts still add up', async () => {
    const r = await startReceiver({ faults: { latencyMs: 20 } });
    const controller = new AbortController();
    const outcomes: EventOutcome[] = [];
    try {
      const s = await deliver(day('d6').timed(), {
        target: r.url,
        concurrency: 2,
        signal: controller.signal,
        onOutcome: (o) => {
          outcomes.push(o);
          if (outcomes.length === 10) controller.abort();
        },
      });
      expect(s.stopped).toBe(true);
      expect(s.notSent).toBeGreaterThan(0);
      expect(s.delivered + s.notSent + s.rejected + s.gaveUp).toBe(s.events);
      expect(outcomes).toHaveLength(s.events);
      expect(s.events).toBe([...day('d6')].length);
    } finally {
      await r.close();
    }
  });

  test('binary and batch modes reach the receiver intact', async () => {
    for (const mode of ['binary', 'batch'] as const) {
      const r = await startReceiver();
      const s = await deliver(day('d7').timed(), { target: r.url, mode, batchSize: 25 });
      expect(s.delivered).toBe(s.events);
      expect(r.stats().unique).toBe(s.events);
      expect(s.requests).toBe(mode === 'batch' ? Math.ceil(s.events / 25) : s.events);
      await r.close();
    }
  });

  // The two chaos runs and the Retry-After wait on delayed retries and a 1 s Retry-After more than
  // on the CPU: concurrent, their waits overlap.
  test.concurrent('chaos: duplicates, reordering, late deliveries and every malformation, each answered as a correct receiver does', async () => {
    const r = await startReceiver({ secret: SECRET, maxBodyBytes: 32 * 1024 });
    try {
      const chaos = {
        duplicateRate: 0.2,
        outOfOrderRate: 0.2,
        delayedRetryRate: 0.1,
        malformedRate: 0.3,
      };
      const s = await deliver(day('d8').timed(), {
        target: r.url,
        secret: SECRET,
        chaos,
        maxBodyBytes: 32 * 1024,
        pace: { max: true },
      });
      expect(s.delivered).toBe(s.events);
      const faults = s.faults ?? {};
      expect(Object.keys(faults).sort()).toEqual(
        ['duplicate', 'out-of-order', 'delayed-retry', ...MALFORMATIONS].sort(),
      );
      for (const [kind, f] of Object.entries(faults)) expect([kind, f.ok]).toEqual([kind, f.sent]);
      expect(faults['bad-signature']?.answers).toEqual({ 401: faults['bad-signature']?.sent });
      expect(r.stats()).toMatchObject({
        unique: s.events,
        duplicates: faults.duplicate?.sent,
        pairsPending: 0,
      });
    } finally {
      await r.close();
    }
  });

  test.concurrent('chaos against a receiver that accepts everything shows the faults it let through', async () => {
    const t = await server(() => ({ status: 200 }));
    const s = await deliver(day('d9').timed(), {
      target: t.url,
      chaos: getScenario('chaos').delivery.chaos!,
      pace: { max: true },
    });
    await t.close();
    const malformed = s.faults?.['bad-json'];
    expect(malformed).toMatchObject({
      expected: '4xx',
      precise: 400,
      ok: 0,
      answers: { 200: malformed?.sent },
    });
    expect(s.faults?.['bad-signature']).toBeUndefined();
  });

  test.concurrent('honours Retry-After on 429', async () => {
    const t = await server((n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 },
    );
    const s = await deliver([...day('d5')].slice(0, 1), { target: t.url, retry: FAST_RETRY });
    await t.close();
    expect(s.delivered).toBe(1);
    expect((t.times[1] as number) - (t.times[0] as number)).toBeGreaterThanOrEqual(950);
  });

  test('a signal already aborted sends nothing: every event ends as not sent, and the counts add up', async () => {
    const t = await server(() => ({ status: 204 }));
    const outcomes: EventOutcome[] = [];
    try {
      const s = await deliver(day('d12').timed(), {
        target: t.url,
        pace: { speed: 600 },
        signal: AbortSignal.abort(),
        onOutcome: (o) => outcomes.push(o),
      });
      const events = [...day('d12')].length;
      expect(s).toMatchObject({
        events,
        notSent: events,
        delivered: 0,
        requests: 0,
        stopped: true,
      });
      expect(outcomes).toHaveLength(events);
      expect(outcomes.every((o) => o.outcome === 'not-sent' && o.attempts === 0)).toBe(true);
      expect(t.times).toEqual([]);
    } finally {
      await t.close();
    }
  });

  test('stopping during a long pacing wait ends the run at once, every event accounted for', async () => {
    const [a, b] = [...day('d10')].slice(0, 2) as [Notification, Notification];
    // The second event is due an hour after the first: at speed 1 the sender waits an hour for it.
    const later = { ...b, time: '2026-01-05T10:00:00.0000000Z' };
    const t = await server(() => ({ status: 204 }));
    const controller = new AbortController();
    const run = deliver([{ ...a, time: '2026-01-05T09:00:00.0000000Z' }, later], {
      target: t.url,
      pace: { speed: 1 },
      signal: controller.signal,
      onOutcome: () => controller.abort(),
    });
    const s = await run;
    await t.close();
    expect(s).toMatchObject({ events: 2, delivered: 1, notSent: 1, stopped: true });
  });

  test('a stopped re-based run hands on each event not sent re-based like those sent: one offset for the run', async () => {
    const hours = ['09', '10', '11'];
    const source = [...day('d13')]
      .slice(0, 3)
      .map((n, i) => ({ ...n, time: `2026-01-05T${hours[i]}:00:00.0000000Z` }));
    const t = await server(() => ({ status: 204 }));
    const controller = new AbortController();
    const heard: Array<{ o: EventOutcome; event: Notification }> = [];
    // At speed 1 the second event is due an hour after the first: the run is stopped before it.
    const s = await deliver(source, {
      target: t.url,
      pace: { speed: 1 },
      signal: controller.signal,
      onOutcome: (o, event) => {
        heard.push({ o, event });
        controller.abort();
      },
    });
    await t.close();
    expect(s).toMatchObject({ events: 3, delivered: 1, notSent: 2 });
    expect(heard.map((h) => h.o.outcome)).toEqual(['delivered', 'not-sent', 'not-sent']);
    const shift = (i: number) =>
      Date.parse(heard[i]?.event.time as string) - Date.parse(source[i]?.time as string);
    expect(Math.abs(shift(0))).toBeGreaterThan(3_600_000);
    expect([shift(1), shift(2)]).toEqual([shift(0), shift(0)]);
    for (const [i, h] of heard.entries()) {
      expect(h.o.id).toBe(h.event.id);
      expect(h.event.id).not.toBe(source[i]?.id);
    }
  });

  test("the first retry follows the schedule's first delay (0: at once)", async () => {
    const t = await server((n) => ({ status: n === 0 ? 503 : 204 }));
    // A second delay of a day: were the first retry to use it, this run would wait 144 s.
    const s = await deliver([...day('d11')].slice(0, 1), {
      target: t.url,
      retry: { scheduleMs: [0, 86_400_000], giveUpAfterMs: 86_400_000, timeoutMs: 2000 },
    });
    await t.close();
    expect(s).toMatchObject({ delivered: 1, requests: 2, retries: 1 });
  });

  test('events without the fields pairing and re-basing read still end in one outcome each', async () => {
    const t = await server(() => ({ status: 400 }));
    const outcomes: EventOutcome[] = [];
    const broken = [
      {},
      { source: '/channel', type: 'channel.disconnected.v0', time: '2026-01-05T08:00:00Z' },
    ];
    for (const mode of ['structured', 'binary'] as const) {
      const s = await deliver(broken as unknown as Notification[], {
        target: t.url,
        mode,
        pace: { speed: 1000 },
        maxAttempts: 1,
        onOutcome: (o) => outcomes.push(o),
      });
      expect(s).toMatchObject({ events: 2, rejected: 2 });
    }
    await t.close();
    expect(outcomes).toHaveLength(4);
  });

  test('bad targets and settings are one-line errors', async () => {
    await expect(deliver([], { target: 'nope' })).rejects.toThrow(/Invalid target "nope"/);
    await expect(deliver([], { target: 'ftp://127.0.0.1/' })).rejects.toThrow(
      /only http and https/,
    );
    await expect(deliver([], { target: 'http://127.0.0.1/', concurrency: 0 })).rejects.toThrow(
      /Invalid concurrency/,
    );
    await expect(deliver([], { target: 'http://127.0.0.1/', pace: { speed: -1 } })).rejects.toThrow(
      /Invalid speed/,
    );
    const retry = { scheduleMs: [0], giveUpAfterMs: 1000, timeoutMs: -1 };
    await expect(deliver([], { target: 'http://127.0.0.1/', retry })).rejects.toThrow(
      /Invalid timeout -1/,
    );
  });
});

describe('the webhook handshake', () => {
  test('reports what the receiver granted, including its rate', async () => {
    const r = await startReceiver({ allowedRate: 120 });
    try {
      expect(await handshake(r.url, { origin: 'vcc-event-sim' })).toEqual({
        granted: true,
        status: 200,
        allowedOrigin: 'vcc-event-sim',
        allowedRate: 120,
      });
    } finally {
      await r.close();
    }
    const refusing = await server(() => ({ status: 403 }));
    expect(await handshake(refusing.url, { origin: 'x' })).toMatchObject({
      granted: false,
      status: 403,
    });
    await refusing.close();
  });
});

test('a partial retry keeps the other defaults; an option given as undefined is not given', () => {
  const target = 'http://127.0.0.1:9/vcc';
  expect(resolveDeliveryOptions({ target, retry: { timeoutMs: 2000 } }).retry).toEqual({
    ...DEFAULT_RETRY,
    timeoutMs: 2000,
  });
  const given = resolveDeliveryOptions({
    target,
    retry: { scheduleMs: [0, 50], giveUpAfterMs: undefined, timeoutMs: undefined },
    concurrency: undefined,
    secret: undefined,
    pace: undefined,
  });
  expect(given.retry).toEqual({ ...DEFAULT_RETRY, scheduleMs: [0, 50] });
  expect(given).toEqual(resolveDeliveryOptions({ target, retry: { scheduleMs: [0, 50] } }));
});
