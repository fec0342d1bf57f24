import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { acceptWebSocket } from '../cli/websocket-server.js';
import { TestWebSocket } from './support/ws-client.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A server whose WebSocket answers each message with its text upper-cased, and its URL. */
async function upperCaser(): Promise<string> {
  server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, socket, head) => {
    const ws = acceptWebSocket(
      req,
      socket,
      {
        message: (text) => (text === 'bye' ? ws?.close(1000, 'bye') : ws?.send(text.toUpperCase())),
      },
      head,
    );
  });
  return listening(server);
}

async function listening(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

describe('the live feed WebSocket server (RFC 6455, what the feed needs)', () => {
  test('handshake, text each way at every length encoding, ping answered, close with its reason', async () => {
    const ws = await TestWebSocket.open(await upperCaser());
    for (const n of [1, 125, 126, 65_535]) {
      ws.send('a'.repeat(n));
      expect(await ws.next()).toEqual({ opcode: 1, text: 'A'.repeat(n) });
    }
    ws.send('ping me', 0x9);
    expect(await ws.next()).toEqual({ opcode: 0xa, text: 'ping me' });
    ws.send('bye');
    expect(await ws.next()).toEqual({ opcode: 8, code: 1000, text: 'bye' });
    expect(await ws.next()).toBeUndefined();
  });

  test('a long message from the server comes whole (64-bit length)', async () => {
    server = createServer();
    server.on('upgrade', (req, socket) => {
      const ws = acceptWebSocket(req, socket, { message: () => ws?.send('x'.repeat(300_000)) });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const ws = await TestWebSocket.open(
      `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    );
    ws.send('go');
    expect((await ws.next())?.text).toHaveLength(300_000);
    ws.destroy();
  });

  test('a frame sent with the handshake, before the answer, is read; the client’s close code is echoed', async () => {
    const ws = await TestWebSocket.open(await upperCaser(), TestWebSocket.frame('early'));
    expect(await ws.next()).toEqual({ opcode: 1, text: 'EARLY' });
    const code = Buffer.alloc(2);
    code.writeUInt16BE(1001);
    ws.send(code, 0x8);
    expect(await ws.next()).toEqual({ opcode: 8, code: 1001, text: '' });
  });

  test('a client message over 64 KB is refused: closed 1009, nothing after it read', async () => {
    const ws = await TestWebSocket.open(await upperCaser());
    ws.send('a'.repeat(70_000));
    ws.send('after');
    expect(await ws.next()).toMatchObject({ opcode: 8, code: 1009, text: 'message too large' });
    expect(await ws.next()).toBeUndefined();
  });

  test('an unmasked client frame is a protocol error: closed 1002', async () => {
    const ws = await TestWebSocket.open(await upperCaser());
    ws.send('hello', 0x1, false);
    expect(await ws.next()).toMatchObject({ opcode: 8, code: 1002 });
  });

  test('a binary message is refused: closed 1003', async () => {
    const ws = await TestWebSocket.open(await upperCaser());
    ws.send(Buffer.from([1, 2, 3]), 0x2);
    expect(await ws.next()).toMatchObject({ opcode: 8, code: 1003 });
  });

  test('a request that is not a WebSocket handshake is answered 400', async () => {
    const url = (await upperCaser()).replace('ws:', 'http:');
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(url, { headers: { connection: 'Upgrade', upgrade: 'h2c' } });
      req.on('response', (res) => resolve(res.statusCode));
      req.on('upgrade', (res) => resolve(res.statusCode));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});
