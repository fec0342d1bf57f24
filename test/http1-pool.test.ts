import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { simulate } from '../generator/simulation/simulate.js';
import { startReceiver } from '../receiver/receiver.js';
import { deliver, type EventOutcome } from '../sender/deliver.js';
import { Http1Pool, type Http1Result } from '../sender/http1-pool.js';

/** A TCP server that answers every request (read up to its blank line and body) with `answer`. */
async function raw(answer: (n: number) => string | ((socket: Socket) => void)) {
  let n = 0;
  const seen: string[] = [];
  const s = createServer((socket) => {
    let buf = '';
    socket.setEncoding('latin1').on('data', (d: string) => {
      buf += d;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        seen.push(buf.slice(0, end + 4 + length));
        buf = buf.slice(end + 4 + length);
        const a = answer(n++);
        if (typeof a === 'string') socket.write(a);
        else a(socket);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  return {
    port,
    seen,
    close: () => new Promise<void>((r) => s.close(() => r())),
  };
}

const ask = (pool: Http1Pool, headers: Record<string, string> = {}, body = '{}') =>
  new Promise<Http1Result>((resolve) =>
    pool.request({ 'content-length': String(Buffer.byteLength(body)), ...headers }, body, resolve),
  );

describe('the lean HTTP/1.1 client', () => {
  test('writes one well-formed request and reads answers by length, chunked, 204, until close, after 100 Continue', async () => {
    const answers = [
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello',
      'HTTP/1.1 503 Busy\r\nRetry-After: 7\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nx-trailer: 1\r\n\r\n',
      'HTTP/1.1 204 No Content\r\n\r\n',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n',
      'HTTP/1.0 200 OK\r\n\r\nuntil the connection closes',
    ];
    const s = await raw((n) =>
      n === 4 ? (socket) => socket.end(answers[4] as string) : (answers[n] as string),
    );
    const pool = new Http1Pool('127.0.0.1', s.port, '/hook?x=1');
    try {
      const results: Http1Result[] = [];
      for (let i = 0; i < answers.length; i++)
        results.push(
          await ask(pool, { 'content-type': 'application/cloudevents+json' }, '{"é":1}'),
        );
      expect(results).toEqual([
        { status: 200 },
        { status: 503, retryAfter: '7' },
        { status: 204 },
        { status: 202 },
        { status: 200 },
      ]);
      // The request as sent: the body's UTF-8 bytes (the server reads latin1), its byte length.
      expect(s.seen[0]).toBe(
        `POST /hook?x=1 HTTP/1.1\r\nhost: 127.0.0.1:${s.port}\r\ncontent-length: 8\r\ncontent-type: application/cloudevents+json\r\n\r\n${Buffer.from('{"é":1}').toString('latin1')}`,
      );
    } finally {
      pool.close();
      await s.close();
    }
  });

  test('a connection reset, a garbled answer and a header that could split the request are failures, not hangs', async () => {
    const s = await raw((n) =>
      n === 0 ? (socket) => socket.destroy() : 'NOT HTTP AT ALL\r\n\r\n',
    );
    const pool = new Http1Pool('127.0.0.1', s.port, '/');
    try {
      expect(await ask(pool)).toEqual({ error: 'ECONNRESET' });
      expect(await ask(pool)).toEqual({ error: 'bad-response' });
      expect(await ask(pool, { 'x-evil': 'a\r\nx-injected: 1' })).toEqual({
        error: 'ERR_INVALID_CHAR',
      });
    } finally {
      pool.close();
      await s.close();
    }
    const closed = new Http1Pool('127.0.0.1', s.port, '/');
    expect(await ask(closed)).toEqual({ error: 'ECONNREFUSED' });
    closed.close();
  });

  test("deliver() through it: a flaky receiver's answers and resets, every event in one outcome, the receiver holds every delivered one", async () => {
    const r = await startReceiver({ faults: { failRate: 0.3, dropRate: 0.05, seed: 'net' } });
    try {
      const outcomes: EventOutcome[] = [];
      const day = simulate({ agents: 10, duration: '2h', seed: 'net', types: ['channel.*.v0'] });
      const s = await deliver(day.timed(), {
        target: r.url,
        engine: 'net',
        retry: { scheduleMs: [0, 20, 50], giveUpAfterMs: 86_400_000, timeoutMs: 2000 },
        onOutcome: (o) => outcomes.push(o),
      });
      expect(outcomes).toHaveLength(s.events);
      expect(s.answers.ECONNRESET).toBeGreaterThan(0);
      expect(s.answers['500']).toBeGreaterThan(0);
      expect(s.delivered).toBe(s.events);
      expect(new Set(r.ids())).toEqual(new Set(outcomes.map((o) => o.id)));
    } finally {
      await r.close();
    }
  });

  test('deliver() through it: a redirect is an answer, not followed; a server closing kept-alive connections loses nothing', async () => {
    let n = 0;
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        n++;
        // Every third answer closes the connection, as a server with a short keep-alive would.
        res.writeHead(n === 1 ? 302 : 204, {
          location: '/elsewhere',
          ...(n % 3 === 0 ? { connection: 'close' } : {}),
        });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    // Ten agents: under issue 21's staggered shifts four agents have no call in their first hour.
    const events = [
      ...simulate({ agents: 10, duration: '1h', seed: 'net2', types: ['channel.*.v0'] }),
    ];
    expect(events.length).toBeGreaterThan(20);
    const outcomes: EventOutcome[] = [];
    const s = await deliver(events, {
      target: url,
      engine: 'net',
      concurrency: 4,
      maxAttempts: 1,
      onOutcome: (o) => outcomes.push(o),
    });
    await new Promise<void>((r) => server.close(() => r()));
    expect(s.events).toBe(events.length);
    expect(s.gaveUp).toBe(1);
    expect(outcomes.find((o) => o.outcome === 'gave-up')?.status).toBe(302);
    expect(s.delivered).toBe(events.length - 1);
  });
});
