/**
 * fire's progress line (issue 24): the time left of a paced replay follows its schedule, not the
 * rate of its first seconds, and once every event is out the rest is said to be waiting to retry.
 */
import { expect, test } from 'vitest';
import { FireProgress, type FireProgressOptions } from '../cli/fire-progress.js';
import type { DeliveryProgress } from '../sender/index.js';

const options = (over: Partial<FireProgressOptions>): FireProgressOptions => ({
  target: 'http://127.0.0.1:9/hook',
  planned: 1000,
  quiet: true,
  tty: false,
  everyMs: 10_000,
  failFast: false,
  onFailFast: () => undefined,
  write: () => undefined,
  ...over,
});

const progress = (over: Partial<DeliveryProgress>): DeliveryProgress => ({
  elapsedMs: 10_000,
  events: 5,
  delivered: 3,
  rejected: 0,
  gaveUp: 0,
  notSent: 0,
  requests: 5,
  inFlight: 2,
  retrying: 0,
  failedAttempts: 0,
  succeededAttempts: 3,
  ...over,
});

test("a paced replay's time left is what its schedule has left, not what its first seconds suggest", () => {
  // A 49-minute replay, 10 s in: few events are due yet (before: ~55 min 23 s left).
  const p = new FireProgress(options({ plannedSeconds: 2940 }));
  expect(p.line(progress({}))).toMatch(/, ~48 min 50 s left$/);
});

test('with every event out and the rest waiting on their retries, the line says so instead of a guess', () => {
  const p = new FireProgress(
    options({ planned: 100, plannedSeconds: 40, retryWindowSeconds: 144 }),
  );
  const line = p.line(
    progress({ elapsedMs: 50_000, events: 100, delivered: 90, inFlight: 0, retrying: 10 }),
  );
  expect(line).toMatch(/, 10 waiting to retry \(each gives up within 2 min 24 s\)$/);
  expect(line).not.toMatch(/left/);
});

test('--max has no schedule: the time left comes from the pace so far', () => {
  const p = new FireProgress(options({}));
  expect(p.line(progress({ elapsedMs: 10_000, delivered: 500, events: 500, inFlight: 0 }))).toMatch(
    /, ~10 s left$/,
  );
});
