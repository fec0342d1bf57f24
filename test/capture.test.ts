/**
 * Captures: the line format (`wire/capture.ts`), the built-in receiver's recording, the mocks'
 * `inbox.toNdjson()` (the same writer), and the shared reader's decoding: a capture's events are
 * the events its requests carried, whatever they were answered, exact redeliveries once, a cut last
 * line left out with a warning.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CaptureDecoder, captureAsNdjson } from '../cli/capture-decoder.js';
import { ndjsonBatches } from '../cli/events-file.js';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { vccWebhook } from '../mocks/index.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import {
  type CapturedRequest,
  type CaptureRecord,
  captureBodyBytes,
  capturedEvents,
  captureLine,
  isCaptureRecord,
} from '../wire/capture.js';
import { CONTENT_MODES } from '../wire/cloudevents.js';
import { secretKey, signBody, verifySignature } from '../wire/signature.js';
import { TEST_SECRET } from './support/secret.js';

const events = [...simulate({ agents: 4, duration: '1h', seed: 'capture', types: ['*'] })];
const one = events[0] as Notification;

const parse = (line: string) => JSON.parse(line) as CaptureRecord;

describe('the capture line', () => {
  const base: Omit<CapturedRequest, 'body'> = {
    at: '2026-01-05T09:00:00.000Z',
    method: 'POST',
    path: '/webhook?x=1',
    headers: { 'content-type': 'application/cloudevents+json', 'vonage-signature': 'abc' },
    status: 204,
  };

  test('a UTF-8 body is kept as its text, byte-exact, with the headers and status', () => {
    const body = new TextEncoder().encode(`\uFEFF${JSON.stringify(one)} é ✓`);
    const line = captureLine({ ...base, body });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const r = parse(line);
    expect(isCaptureRecord(r)).toBe(true);
    expect(r.bodyEncoding).toBeUndefined();
    expect(r).toMatchObject({ ...base, capture: 1 });
    expect(Buffer.from(captureBodyBytes(r)).equals(Buffer.from(body))).toBe(true);
  });

  test('a body that is not UTF-8 is base64 with a marker, byte-exact', () => {
    const body = new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d]);
    const r = parse(captureLine({ ...base, body }));
    expect(r.bodyEncoding).toBe('base64');
    expect([...captureBodyBytes(r)]).toEqual([...body]);
    expect(capturedEvents(r).ok).toBe(false);
  });

  test('the events of structured, binary and batch requests, and none for another method', () => {
    for (const mode of ['structured', 'binary', 'batch'] as const) {
      const headers: Record<string, string> = {};
      const body = CONTENT_MODES[mode].encode(events.slice(0, 3), headers);
      const r = parse(captureLine({ ...base, headers, body }));
      const read = capturedEvents(r);
      expect(read).toEqual({ ok: true, events: mode === 'batch' ? events.slice(0, 3) : [one] });
    }
    const options = parse(captureLine({ ...base, method: 'OPTIONS', body: '' }));
    expect(capturedEvents(options)).toEqual({ ok: true, events: [] });
  });
});

describe('the built-in receiver records every request', () => {
  let receiver: RunningReceiver;
  const lines: string[] = [];
  beforeAll(async () => {
    receiver = await startReceiver({
      secret: TEST_SECRET,
      maxBodyBytes: 4096,
      onCapture: (r) => lines.push(captureLine(r)),
    });
  });
  afterAll(() => receiver.close());

  test('as it arrived: signature, body byte-exact, the status answered, refused ones too', async () => {
    const body = JSON.stringify(one);
    const signature = await signBody(body, secretKey(TEST_SECRET));
    const post = (b: string | Uint8Array, headers: Record<string, string>) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json', ...headers },
        body: b,
      });
    expect((await post(body, { 'vonage-signature': signature })).status).toBe(204);
    expect((await post(body, { 'vonage-signature': 'forged' })).status).toBe(401);
    expect((await post(new Uint8Array([0xff, 0x00]), {})).status).toBe(401);
    expect((await post('x'.repeat(5000), {})).status).toBe(413);
    expect((await fetch(`${receiver.url}/elsewhere`)).status).toBe(404);
    await vi.waitFor(() => expect(lines).toHaveLength(5));
    const records = lines.map(parse);
    const [ok, forged, binary, tooLarge] = records as [
      CaptureRecord,
      CaptureRecord,
      CaptureRecord,
      CaptureRecord,
    ];
    expect(records.map((r) => r.status).sort()).toEqual([204, 401, 401, 404, 413]);
    expect(ok.body).toBe(body);
    expect(ok.headers['vonage-signature']).toBe(signature);
    expect(await verifySignature(signature, captureBodyBytes(ok), secretKey(TEST_SECRET))).toEqual({
      ok: true,
    });
    // Refused for its signature: still what the sender sent.
    expect(capturedEvents(forged)).toEqual({ ok: true, events: [one] });
    expect(binary.bodyEncoding).toBe('base64');
    expect(tooLarge.bodyTruncated).toBe(true);
    expect(tooLarge.body.length).toBe(4096);
    expect(tooLarge.bodyBytes).toBe(5000);
    expect(records[4]).toMatchObject({ method: 'GET', path: '/webhook/elsewhere', status: 404 });
    for (const r of records) expect(Date.parse(r.at)).not.toBeNaN();
  });
});

describe('the mocks: inbox.toNdjson()', () => {
  const url = 'https://hooks.capture.test/vcc';
  const { handlers, inbox } = vccWebhook({ url, respond: 503 });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  test('writes the lines receive --record writes, which the readers take', async () => {
    const headers: Record<string, string> = {};
    const body = CONTENT_MODES.batch.encode(events.slice(0, 5), headers);
    for (let i = 0; i < 2; i++) await fetch(url, { method: 'POST', headers, body });
    const text = inbox.toNdjson();
    const records = text.trim().split('\n').map(parse);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ method: 'POST', path: '/vcc', status: 503, body });
    // Answered 503 twice: the events were sent twice, and are read once.
    const read = captureAsNdjson('inbox', text);
    expect(read.text).toBe(
      events
        .slice(0, 5)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    expect(read.summary).toMatch(
      /2 requests: 5 events \(in the order sent, by time\), 5 redeliveries/,
    );
  });
});

describe('reading a capture', () => {
  const line = (e: Notification | Notification[], status = 204) => {
    const headers: Record<string, string> = {};
    const list = Array.isArray(e) ? e : [e];
    const mode = Array.isArray(e) ? 'batch' : 'structured';
    const body = CONTENT_MODES[mode].encode(list, headers);
    return captureLine({
      at: '2026-01-05T09:00:00.000Z',
      method: 'POST',
      path: '/',
      headers,
      body,
      status,
    });
  };

  test('a batch counts as its events; a redelivery is read once, another event under its id is kept', () => {
    const d = new CaptureDecoder();
    const b = parse(line(events.slice(0, 4), 500));
    expect(d.take(b, 1)).toHaveLength(4);
    expect(d.take(parse(line(events[1] as Notification)), 2)).toHaveLength(0);
    const changed = {
      ...(events[2] as Notification),
      time: '2026-01-05T09:59:59Z',
    } as Notification;
    expect(d.take(parse(line(changed)), 3)).toHaveLength(1);
    expect(d).toMatchObject({ requests: 3, events: 5, redeliveries: 1, unanswered: 1 });
  });

  test('a cut last line is left out with a warning; a bad line before it is an error', async () => {
    const full = events
      .slice(0, 6)
      .map((e) => line(e))
      .join('');
    const cut = full.slice(0, full.length - 40);
    const read: Notification[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let said = '';
    try {
      for await (const b of ndjsonBatches([cut], 'cut.ndjson')) read.push(...b);
      said = stderr.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      stderr.mockRestore();
    }
    expect(read).toEqual(events.slice(0, 5));
    expect(said).toMatch(/cut\.ndjson:6: the last line is cut short/);
    expect(captureAsNdjson('cut', cut).warnings.join('')).toMatch(/cut:6: the last line is cut/);
    // A capture line cut short further up (a receiver restarted on the file) is left out too; a
    // line that is not a capture line's start is an error naming it.
    const restarted = `${line(one)}{"capture":1,"at\n${line(events[1] as Notification)}`;
    expect(captureAsNdjson('r', restarted).warnings.join('')).toMatch(
      /r:2: a capture line cut short/,
    );
    expect(captureAsNdjson('r', restarted).text.split('\n')).toHaveLength(3);
    const broken = `${line(one)}{oops\n${line(one)}`;
    await expect(async () => {
      for await (const _ of ndjsonBatches([broken], 'broken.ndjson', undefined, { notes: false }));
    }).rejects.toThrow(/broken\.ndjson:2: not JSON/);
    expect(() => captureAsNdjson('broken.ndjson', broken)).toThrow(/broken\.ndjson:2: not JSON/);
  });
});
