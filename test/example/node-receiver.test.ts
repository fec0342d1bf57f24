// Handler tests for a node:http receiver built only from signedRequest() and nodeHandler(): no
// sender, no port (docs/mocks.md, "Handler tests without a server"). The last test runs the same
// requests through a real loopback server and gets the same answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ended,
  hangUp,
  nodeHandler,
  signedHeaders,
  signedRequest,
  timeline,
  wrapStarted,
} from 'vcc-event-sim/mocks';
import { describe, expect, test } from 'vitest';
import { createNodeReceiver } from './node-receiver.js';

const URL = 'https://hooks.example.test/vcc';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';

describe('a node:http receiver, driven with signed requests and no port', () => {
  test('structured, binary and batch requests are accepted and read', async () => {
    const { listener, received } = createNodeReceiver(SECRET);
    const handle = nodeHandler(listener);
    const wrap = wrapStarted();
    const [disconnect, wrap2] = hangUp();
    const end = ended({ channelId: wrap2.subject });

    const structured = await handle(await signedRequest(wrap, { url: URL, secret: SECRET }));
    const binary = await handle(
      await signedRequest(end, { url: URL, secret: SECRET, mode: 'binary', format: 'bearer' }),
    );
    const batch = await handle(
      await signedRequest([disconnect, wrap2], { url: URL, secret: SECRET, mode: 'batch' }),
    );

    expect([structured.status, binary.status, batch.status]).toEqual([204, 204, 204]);
    expect(batch.headers.get('x-accepted')).toBe('2');
    expect(received).toEqual(
      [wrap, end, disconnect, wrap2].map(({ type, id, subject }) => ({ type, id, subject })),
    );
  });

  test('a signature made with another secret, or an expired one, is refused', async () => {
    const { listener, received } = createNodeReceiver(SECRET);
    const handle = nodeHandler(listener);
    const other = 'b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXIh';
    const wrong = await handle(await signedRequest(wrapStarted(), { url: URL, secret: other }));
    const expired = await handle(
      await signedRequest(wrapStarted(), {
        url: URL,
        secret: SECRET,
        nowSeconds: Math.floor(Date.now() / 1000) - 3600,
      }),
    );

    expect([wrong.status, await wrong.text(), expired.status]).toEqual([401, 'bad signature', 401]);
    expect(received).toEqual([]);
  });

  test('a seeded timeline goes through in batches; redeliveries are not counted twice', async () => {
    const { listener, received } = createNodeReceiver(SECRET);
    const handle = nodeHandler(listener);
    // 10 agents: a center of 2 has no call in 30 minutes on some seeds.
    const events = timeline({ seed: 3, agents: 10, duration: '30m' });
    expect(events.length).toBeGreaterThan(25);
    for (let i = 0; i < events.length; i += 25) {
      const res = await handle(
        await signedRequest(events.slice(i, i + 25), { url: URL, secret: SECRET, mode: 'batch' }),
      );
      expect(res.status).toBe(204);
    }
    await handle(await signedRequest(events[0] ?? wrapStarted(), { url: URL, secret: SECRET }));
    expect(received.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });

  test('signedHeaders gives the parts for supertest; the misuse errors say what to do', async () => {
    const { headers, body } = await signedHeaders(hangUp(), { secret: SECRET, mode: 'batch' });
    expect(Object.keys(headers).sort()).toEqual(['content-type', 'vonage-signature']);
    expect(JSON.parse(body)).toHaveLength(2);
    await expect(signedHeaders(hangUp(), { secret: SECRET })).rejects.toThrow(/mode: 'batch'/);
    await expect(signedHeaders([], { secret: SECRET })).rejects.toThrow(/at least one/);
    const noSecret = { secret: '' };
    await expect(signedHeaders(wrapStarted(), noSecret)).rejects.toThrow(/secret/);
  });

  test('the answers match a real node:http server on loopback, request for request', async () => {
    const requests = async () => [
      await signedRequest(wrapStarted({ id: '2VejGqWZPqHXHVNcfUPUO8IASAp' }), {
        url: URL,
        secret: SECRET,
      }),
      await signedRequest(wrapStarted(), { url: URL, secret: 'b3RoZXItb3RoZXItb3RoZXIh' }),
      new Request(URL, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      new Request(URL, { method: 'GET' }),
    ];
    const inProcess = createNodeReceiver(SECRET);
    const viaAdapter = [];
    for (const r of await requests())
      viaAdapter.push(await summary(nodeHandler(inProcess.listener)(r)));

    const real = createNodeReceiver(SECRET);
    const server = http.createServer((req, res) => void real.listener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const viaServer = [];
    try {
      for (const r of await requests()) {
        const local = new Request(`http://127.0.0.1:${port}/vcc`, {
          method: r.method,
          headers: r.headers,
          ...(r.method === 'POST' ? { body: await r.text() } : {}),
        });
        viaServer.push(await summary(fetch(local)));
      }
    } finally {
      server.close();
    }
    expect(viaAdapter).toEqual(viaServer);
    expect(viaAdapter.map((a) => a.status)).toEqual([204, 401, 401, 405]);
  });
});

async function summary(response: Promise<Response>) {
  const r = await response;
  return {
    status: r.status,
    body: await r.text(),
    contentType: r.headers.get('content-type'),
    accepted: r.headers.get('x-accepted'),
    allow: r.headers.get('allow'),
  };
}
