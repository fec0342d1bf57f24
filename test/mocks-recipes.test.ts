// The recipes docs/mocks.md gives for real test suites: a receiver app tested over a loopback
// port (what supertest does) while mockVcc() mocks VCC, with `onUnhandled` letting loopback
// through; and concurrent tests, each in a `vcc.boundary()` with an inbox of its own.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { byAttempt, hangUp, mockVcc, signedHeaders, wrapStarted } from '../mocks/index.js';
import { deliver } from '../sender/index.js';
import { createNodeReceiver } from './example/node-receiver.js';
import { TEST_SECRET } from './support/secret.js';

const HOOK = 'https://hooks.example.test/recipes';

/** What supertest's `request(app).post(path).set(headers).send(body)` does: a loopback port. */
async function postToApp(
  app: (req: IncomingMessage, res: ServerResponse) => void,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path, method: 'POST', headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.close();
  }
}

describe('supertest: a receiver app on a loopback port, with mockVcc listening', () => {
  const vcc = mockVcc({
    url: HOOK,
    secret: TEST_SECRET,
    onUnhandled: (request) =>
      ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(request.url).hostname)
        ? 'bypass'
        : 'error',
  });
  beforeAll(() => vcc.listen());
  afterAll(() => vcc.close());

  test('onUnhandled lets loopback through: the app verifies the signed request and answers 204', async () => {
    const app = createNodeReceiver(TEST_SECRET);
    const [, wrap] = hangUp();
    const { headers, body } = await signedHeaders(wrap, { secret: TEST_SECRET });
    expect(await postToApp(app.listener, '/vcc', headers, body)).toBe(204);
    expect(app.received.map((r) => r.id)).toEqual([wrap.id]);
  });

  test('a request the function refuses is unhandled: it fails, and never reaches the network', async () => {
    expect(vcc.listenOptions).toEqual({ onUnhandledRequest: 'error', onUnhandledFrame: 'error' });
    const refused = await fetch('https://not-mocked.example.test/').catch((e: Error) => e);
    // MSW's refusal, not a DNS failure (which would mean the request went out): msw 2 rejects
    // with its own error; msw 3 on Node 22+ with undici's "fetch failed", MSW's error its cause.
    const chain = `${String(refused)} ${String((refused as Error).cause ?? '')}`;
    expect(chain).toMatch(/\[MSW\]|InternalError/);
    expect(chain).not.toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});

describe('vcc.boundary(): an inbox per test', () => {
  const vcc = mockVcc({ url: HOOK, secret: TEST_SECRET });
  beforeAll(() => vcc.listen());
  afterEach(() => vcc.reset());
  afterAll(() => vcc.close());

  // Both run at once: each sees its own requests only, and one's override is not the other's.
  let started = 0;
  let release: () => void = () => {};
  const bothStarted = new Promise<void>((resolve) => {
    release = resolve;
  });
  const together = async () => {
    if (++started === 2) release();
    await bothStarted;
  };

  test.concurrent(
    'a test that retries a 503 sees its two attempts',
    vcc.boundary(async () => {
      vcc.use({ respond: byAttempt(503, 200) });
      await together();
      const wrap = wrapStarted();
      const summary = await deliver([wrap], {
        target: HOOK,
        secret: TEST_SECRET,
        retry: { scheduleMs: [0, 10], giveUpAfterMs: 60_000, timeoutMs: 5_000 },
      });
      expect(summary.delivered).toBe(1);
      expect(vcc.inbox.requests.map((r) => [r.answer, r.notifications[0]?.id])).toMatchObject([
        [{ status: 503 }, wrap.id],
        [{ status: 200 }, wrap.id],
      ]);
    }),
  );

  test.concurrent(
    'a test beside it sees its own pair, answered 200',
    vcc.boundary(async () => {
      await together();
      const pair = hangUp();
      await deliver(pair, { target: HOOK, secret: TEST_SECRET });
      expect(vcc.inbox.notifications.map((n) => n.id).sort()).toEqual(pair.map((n) => n.id).sort());
      expect(vcc.inbox.requests.map((r) => r.answer)).toMatchObject([
        { status: 200 },
        { status: 200 },
      ]);
    }),
  );
});
