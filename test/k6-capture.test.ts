/**
 * `vcc-sim load --events CAPTURE --scale N` with the real k6 binary: a capture (what `receive
 * --record` writes, here the mocks' `inbox.toNdjson()` of a stream posted in batches, each batch
 * twice) replayed twice over reaches the built-in receiver as exactly twice its events, every id
 * unique, every pair complete.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import { captureLine } from '../wire/capture.js';
import { CONTENT_MODES } from '../wire/cloudevents.js';
import { runCli, scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-k6-capture-');

test('load --events CAPTURE --scale 2 through k6: exactly twice the events, all ids unique', async () => {
  const events: Notification[] = [
    ...simulate({ agents: 6, duration: '30m', seed: 'k6-capture', types: ['channel.*.v0'] }),
  ];
  let capture = '';
  for (let i = 0; i < events.length; i += 10) {
    const headers: Record<string, string> = {};
    const body = CONTENT_MODES.batch.encode(events.slice(i, i + 10), headers);
    // Each batch answered 503 once, then 200: both requests are in the capture.
    for (const status of [503, 200])
      capture += captureLine({
        at: new Date().toISOString(),
        method: 'POST',
        path: '/webhook',
        headers,
        body,
        status,
      });
  }
  const file = join(tmp, 'capture.ndjson');
  writeFileSync(file, capture);
  const r = await runCli(['load', '--events', file, '--scale', '2', '--rate', '300', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(
    new RegExp(
      `a capture of ${2 * Math.ceil(events.length / 10)} requests: ${events.length} events`,
    ),
  );
  const report = JSON.parse(r.stdout);
  expect(report.planned).toBe(2 * events.length);
  expect(report.receiver).toMatchObject({
    received: 2 * events.length,
    unique: 2 * events.length,
    duplicates: 0,
    pairsPending: 0,
  });
  expect(report.accounting.ok).toBe(true);
});
