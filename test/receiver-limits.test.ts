import { request } from 'node:http';
import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { payloadHash, secretKey, verifySignature } from '../wire/signature.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const KEY = secretKey(SECRET);
const events = [
  ...simulate({ agents: 6, duration: '1h', seed: 'receiver-limits', types: ['channel.*.v0'] }),
];
const BATCH = { 'content-type': 'application/cloudevents-batch+json' };

let r: RunningReceiver;
beforeAll(async () => {
  r = await startReceiver({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => r.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(r.url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', ...headers },
    body,
  });

test('a chunked body is answered 413 as soon as it passes the limit, not when the sender stops', async () => {
  // 16 KiB every 20 ms, up to 200 chunks (3.2 MB): the limit (64 KiB) is passed at the fifth.
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  let written = 0;
  const { status, writtenAtAnswer } = await new Promise<{
    status: number;
    writtenAtAnswer: number;
  }>((resolve, reject) => {
    const req = request(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', 'transfer-encoding': 'chunked' },
    });
    const drip = setInterval(() => {
      if (written >= 200 || req.destroyed) {
        clearInterval(drip);
        if (!req.destroyed) req.end();
        return;
      }
      written++;
      req.write(chunk);
    }, 20);
    req.on('response', (res) => {
      const at = written;
      clearInterval(drip);
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0, writtenAtAnswer: at });
    });
    req.on('error', (err) => {
      clearInterval(drip);
      reject(err);
    });
  });
  expect(status).toBe(413);
  expect(writtenAtAnswer).toBeLessThan(200);
  expect(r.stats().rejected['too-large']).toBe(1);
});

test('an empty batch is refused with 400', async () => {
  const res = await post('[]', BATCH);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toBe('empty-batch');
});

test('a refused batch counts its bad events as invalid and none as valid', async () => {
  const before = r.stats();
  const [a, b] = events.slice(0, 2) as Notification[];
  const res = await post(JSON.stringify([a, { ...b, id: undefined }, b]), BATCH);
  expect(res.status).toBe(400);
  const after = r.stats();
  expect(after.valid - before.valid).toBe(0);
  expect(after.invalid - before.invalid).toBe(1);
  expect(after.unique - before.unique).toBe(0);
});

test('a batch says how many of its events were new and how many already seen', async () => {
  const batch = events.slice(10, 20);
  const first = await post(JSON.stringify([...batch, batch[0]]), BATCH);
  expect(await first.json()).toEqual({ accepted: 10, duplicates: 1 });
  const again = await post(JSON.stringify(batch), BATCH);
  expect(await again.json()).toEqual({ accepted: 0, duplicates: 10 });
});

const token = async (body: string, iat: number, exp: number) =>
  new SignJWT({ payload_hash: payloadHash(body) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(KEY);

test("a signature that lives longer than VCC's 5 minutes, or was issued ahead of now, is refused", async () => {
  const body = JSON.stringify(events[30]);
  const now = Math.floor(Date.now() / 1000);
  const tenYears = await token(body, now, now + 10 * 365 * 86_400);
  expect(await verifySignature(tenYears, body, KEY)).toMatchObject({
    ok: false,
    reason: expect.stringMatching(/lives \d+ s/),
  });
  const dayAhead = await token(body, now + 86_400, now + 86_400 + 300);
  expect((await verifySignature(dayAhead, body, KEY)).ok).toBe(false);
  // Within the leeway: a clock 30 s ahead, a lifetime of 5 minutes and 30 s.
  expect((await verifySignature(await token(body, now + 30, now + 330), body, KEY)).ok).toBe(true);
  expect((await verifySignature(await token(body, now, now + 330), body, KEY)).ok).toBe(true);
  // The leeway is the receiver's to set.
  const strict = await verifySignature(await token(body, now + 30, now + 330), body, KEY, {
    leewaySeconds: 0,
  });
  expect(strict.ok).toBe(false);
  const signing = await startReceiver({ secret: SECRET });
  try {
    const res = await fetch(signing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', 'vonage-signature': tenYears },
      body,
    });
    expect(res.status).toBe(401);
  } finally {
    await signing.close();
  }
});

test('an empty secret is an error, never a receiver that silently stops verifying', async () => {
  await expect(startReceiver({ secret: '' })).rejects.toThrow(/Invalid secret: it is empty/);
  await expect(startReceiver({ secret: SECRET, signatureLeewaySeconds: -1 })).rejects.toThrow(
    /Invalid signature leeway -1/,
  );
});

test('the synchronous signer makes the same token as jose', async () => {
  const { signBodySync } = await import('../wire/signature.js');
  const body = JSON.stringify(events[40]);
  const iat = 1_767_600_000;
  const ours = signBodySync(body, KEY, { nowSeconds: iat });
  expect(ours).toBe(await token(body, iat, iat + 300));
  expect(signBodySync(body, KEY, { nowSeconds: iat, format: 'bearer' })).toBe(`Bearer ${ours}`);
});

/**
 * Declares a body of `size` bytes, waits for the receiver's answer, and only then writes the body
 * in 64 KiB pieces with a pause between them: what the connection did meanwhile.
 */
async function writeAfterAnswer(size: number) {
  const url = new URL(r.url);
  const socket = connect(Number(url.port), url.hostname);
  const errors: string[] = [];
  socket.on('error', (err: NodeJS.ErrnoException) => errors.push(err.code ?? err.message));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      `Content-Type: application/cloudevents+json\r\nContent-Length: ${size}\r\n\r\n`,
  );
  let answer = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) resolve();
    });
  });
  const piece = Buffer.alloc(64 * 1024, 0x20);
  for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) {
    await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  // Then a second request on the connection. Its answer comes once the receiver has read the body
  // to its end and kept the connection; a connection it cut closes instead. Whichever comes first
  // says what the receiver did, however long it took.
  const answers = () => answer.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0;
  await new Promise<void>((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.on('data', () => {
      if (answers() >= 2) resolve();
    });
    socket.write(`GET ${url.pathname}/stats HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  });
  const destroyed = socket.destroyed;
  socket.destroy();
  return { answer, errors, destroyed, answers: answers() };
}

test('after an early 413 the rest of the body is read, not reset: a sender still writing gets its answer', async () => {
  // A sender (k6's Go client, say) writes its whole body while the answer comes back. A receiver
  // that closed the connection right after its 413 would reset it under the sender, who then sees
  // "connection reset" (status 0 in k6) instead of the answer. Here the rest of a 1 MiB body goes
  // out only after the 413 has arrived, and must be written without error.
  const { answer, errors, destroyed, answers } = await writeAfterAnswer(1024 * 1024);
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  expect(errors).toEqual([]);
  expect(destroyed).toBe(false);
  // The connection served the next request.
  expect(answers).toBe(2);
});

test('a refused body is drained only so far: past 16 MiB the connection is cut', async () => {
  const { answer, destroyed, answers } = await writeAfterAnswer(24 * 1024 * 1024);
  expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  expect(destroyed).toBe(true);
  expect(answers).toBe(1);
});
