/**
 * The built-in receiver's bounds under a long run or a hostile sender (issue 24, defects 11-13 and
 * the wrong-path requests): ids remembered in a window, JSON nesting depth, a status it cannot
 * answer with, and requests off the webhook path counted and logged.
 */
import { afterEach, expect, test } from 'vitest';
import { simulate } from '../generator/simulation/simulate.js';
import { type AnsweredRequest, type RunningReceiver, startReceiver } from '../receiver/index.js';
import { resolveReceiverOptions } from '../receiver/receiver-options.js';

const events = [
  ...simulate({ agents: 4, duration: '1h', seed: 'receiver-bounds', types: ['channel.*.v0'] }),
];
const STRUCTURED = { 'content-type': 'application/cloudevents+json' };

let r: RunningReceiver | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const post = (url: string, body: string, headers: Record<string, string> = STRUCTURED) =>
  fetch(url, { method: 'POST', headers, body });

test('the receiver remembers the ids of the last idWindow unique events, not every one', async () => {
  r = await startReceiver({ idWindow: 3 });
  const five = events.slice(0, 5);
  for (const e of five) expect((await post(r.url, JSON.stringify(e))).status).toBe(204);
  expect(r.ids()).toEqual(five.slice(2).map((e) => e.id));
  // Within the window a redelivery is a duplicate; past it, the id is taken as new.
  const again = await post(r.url, JSON.stringify(five[4]));
  expect(again.headers.get('x-duplicate')).toBe('true');
  const old = await post(r.url, JSON.stringify(five[0]));
  expect(old.headers.get('x-duplicate')).toBeNull();
  const stats = r.stats();
  expect(stats.unique).toBe(6);
  expect(stats.duplicates).toBe(1);
});

test('the id window defaults to 100,000 and refuses a size that is not a whole number above 0', () => {
  expect(resolveReceiverOptions({}).idWindow).toBe(100_000);
  for (const bad of [0, -1, 1.5, Number.NaN])
    expect(() => resolveReceiverOptions({ idWindow: bad })).toThrow(/id window/);
});

test('a body nested deeper than 64 levels is refused 400 before it is parsed', async () => {
  r = await startReceiver();
  const n = 100_000;
  const deep = `${'['.repeat(n)}${']'.repeat(n)}`;
  for (const headers of [STRUCTURED, { 'content-type': 'application/cloudevents-batch+json' }]) {
    const res = await post(r.url, deep, headers);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'too-deep' });
  }
  // Brackets inside strings are text, not nesting: a real event with one still goes in.
  const e = structuredClone(events[0]) as unknown as { data: Record<string, unknown> };
  e.data['note'] = '['.repeat(200);
  expect((await post(r.url, JSON.stringify(e))).status).toBe(204);
  expect(r.stats().rejected['too-deep']).toBe(2);
});

test('a 1xx status is refused: it is not a final answer, and a client would wait for one', () => {
  for (const status of [100, 101, 199])
    expect(() => resolveReceiverOptions({ faults: { status } })).toThrow(/200 to 599/);
  expect(resolveReceiverOptions({ faults: { status: 200 } }).faults.status).toBe(200);
});

test('requests off the webhook path (404) and with another method (405) are counted and heard', async () => {
  const heard: AnsweredRequest[] = [];
  r = await startReceiver({ onRequest: (a) => heard.push(a) });
  const base = r.url.replace(/\/webhook$/, '');
  expect((await post(`${base}/wrong`, JSON.stringify(events[0]))).status).toBe(404);
  expect((await fetch(r.url, { method: 'PUT', body: '{}' })).status).toBe(405);
  const stats = r.stats();
  expect(stats.statuses).toEqual({ 404: 1, 405: 1 });
  expect(stats.rejected).toEqual({ 'not-found': 1, method: 1 });
  expect(stats.requests).toBe(2);
  expect(heard.map((a) => [a.status, a.reason])).toEqual([
    [404, 'not-found'],
    [405, 'method'],
  ]);
  // The stats and the handshake are not notifications: neither counted nor heard.
  await fetch(`${r.url}/stats`);
  await fetch(r.url, { method: 'OPTIONS', headers: { 'webhook-request-origin': 'x' } });
  expect(r.stats().requests).toBe(2);
  expect(heard).toHaveLength(2);
});
