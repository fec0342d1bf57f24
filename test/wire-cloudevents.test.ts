import { expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { CONTENT_MODES, type ContentMode, readCloudEventsRequest } from '../wire/cloudevents.js';

const events: Notification[] = [
  ...simulate({ agents: 2, duration: '1h', seed: 'wire', types: ['*'] }),
].slice(0, 5);

function roundTrip(mode: ContentMode, sent: readonly Notification[]) {
  const headers: Record<string, string> = {};
  const body = CONTENT_MODES[mode].encode(sent, headers);
  return readCloudEventsRequest((name) => headers[name], body);
}

test.each(['structured', 'binary'] as const)(
  'a notification encoded in %s mode decodes to the same notification',
  (mode) => {
    for (const n of events) expect(roundTrip(mode, [n])).toEqual({ ok: true, mode, events: [n] });
  },
);

test('a batch decodes to the same notifications in the same order', () => {
  expect(roundTrip('batch', events)).toEqual({ ok: true, mode: 'batch', events });
});

test('a content type no mode reads is refused 415 with the mode unknown', () => {
  const r = readCloudEventsRequest(
    (name) => (name === 'content-type' ? 'text/plain' : undefined),
    '{}',
  );
  expect(r).toMatchObject({ ok: false, mode: 'unknown', rejection: { status: 415 } });
});

test('a batch content type over a single event, and a structured one over an array, are refused 400', () => {
  const as = (type: string) => (name: string) => (name === 'content-type' ? type : undefined);
  expect(readCloudEventsRequest(as('application/cloudevents-batch+json'), '{}')).toMatchObject({
    ok: false,
    mode: 'batch',
    rejection: { status: 400, reason: 'invalid' },
  });
  expect(readCloudEventsRequest(as('application/cloudevents+json'), '[]')).toMatchObject({
    ok: false,
    mode: 'structured',
    rejection: { status: 400, reason: 'invalid' },
  });
});
