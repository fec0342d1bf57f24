import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';
import type { RetryPolicy } from '../scenarios/scenario.js';
import { parseRetryAfter } from '../sender/answer.js';
import { type DeliveryProgress, deliver, type EventOutcome } from '../sender/deliver.js';
import { finalOutcome, RetrySchedule } from '../sender/retry-schedule.js';

const events = (n: number, seed = 'pressure') =>
  [...simulate({ agents: 10, duration: '4h', seed, types: ['channel.*.v0'] })].slice(0, n);

/** A loopback server whose requests are handled by `handle` (the body is read first). */
async function misbehaving(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let n = 0;
  const times: number[] = [];
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      times.push(performance.now());
      handle(req, res, n++);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;
  const close = () =>
    new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
  return { url, times, close, requests: () => n };
}

const tally = (outcomes: EventOutcome[]) => {
  const t: Record<string, number> = {};
  for (const o of outcomes)
    t[`${o.outcome} ${o.error ?? o.status}`] = (t[`${o.outcome} ${o.error ?? o.status}`] ?? 0) + 1;
  return t;
};

test('a receiver that trickles its answer cannot hold an attempt past its deadline', async () => {
  // Headers at once, then one byte every 100 ms for 3 s: never idle, never done in time.
  const t = await misbehaving((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    let sent = 0;
    const drip = setInterval(() => {
      if (res.destroyed || ++sent > 30) {
        clearInterval(drip);
        res.end();
      } else res.write('.');
    }, 100);
  });
  const outcomes: EventOutcome[] = [];
  try {
    const s = await deliver(events(2), {
      target: t.url,
      retry: { scheduleMs: [0], giveUpAfterMs: 86_400_000, timeoutMs: 400 },
      maxAttempts: 2,
      onOutcome: (o) => outcomes.push(o),
    });
    expect(s).toMatchObject({ events: 2, gaveUp: 2, delivered: 0, requests: 4 });
    expect(s.answers).toEqual({ timeout: 4 });
    expect(outcomes.map((o) => [o.outcome, o.error, o.attempts])).toEqual([
      ['gave-up', 'timeout', 2],
      ['gave-up', 'timeout', 2],
    ]);
  } finally {
    await t.close();
  }
});

test('stopping cuts off requests still in flight after the grace period; the rest ends as not sent, every event accounted for', async () => {
  // A receiver that never answers, and a deadline long enough not to matter.
  const t = await misbehaving(() => {});
  const controller = new AbortController();
  const outcomes: EventOutcome[] = [];
  const source = events(300);
  const run = deliver(source, {
    target: t.url,
    concurrency: 4,
    retry: { scheduleMs: [0], giveUpAfterMs: 86_400_000, timeoutMs: 600_000 },
    signal: controller.signal,
    stopGraceMs: 50,
    onOutcome: (o) => outcomes.push(o),
  });
  while (t.requests() < 4) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  const s = await run;
  await t.close();
  expect(s).toMatchObject({ events: 300, notSent: 300, delivered: 0, stopped: true, requests: 4 });
  expect(outcomes).toHaveLength(300);
  expect(new Set(outcomes.map((o) => o.id))).toEqual(new Set(source.map((e) => e.id)));
  expect(tally(outcomes)).toEqual({ 'not-sent aborted': 4, 'not-sent undefined': 296 });
});

test('the source is read only as fast as the target takes events: in flight and read ahead stay bounded', async () => {
  let pulled = 0;
  // Five times the bound below: a sender reading to the end shows.
  const all = events(400);
  function* counted(): Generator<Notification> {
    for (const e of all) {
      pulled++;
      yield e;
    }
  }
  // Holds every request until released, then answers each at once.
  const held: ServerResponse[] = [];
  let released = false;
  const answer = (res: ServerResponse) => res.writeHead(204).end();
  const t = await misbehaving((_req, res) => (released ? answer(res) : held.push(res)));
  const run = deliver(counted(), { target: t.url, concurrency: 4 });
  while (held.length < 4) await new Promise((r) => setTimeout(r, 10));
  // A window for a sender that reads on while nothing is answered to show it (a longer one on a
  // loaded machine only looks longer; no answer comes before the check).
  await new Promise((r) => setTimeout(r, 200));
  // Four in flight, one waiting for a slot, the pairing look-ahead (64) and its pair.
  const pulledWhileHeld = pulled;
  expect(held).toHaveLength(4);
  released = true;
  for (const res of held.splice(0)) answer(res);
  const s = await run;
  await t.close();
  expect(pulledWhileHeld).toBeLessThanOrEqual(4 + 2 + 64 + 2);
  expect(s).toMatchObject({ events: all.length, delivered: all.length });
});

// The next three wait on the receiver's Retry-After (1 to 3 s each) and on nothing else: concurrent,
// so their waits overlap.
test.concurrent.each([
  // The date is made when the 503 is answered (2 to 3 s ahead: it has whole seconds), so however
  // late the test gets there it is still ahead.
  ['seconds', () => '1'],
  ['an HTTP date', () => new Date(Date.now() + 3000).toUTCString()],
])('Retry-After on 503 is honoured, as %s', async (_form, retryAfter) => {
  const t = await misbehaving((_req, res, n) => {
    res.writeHead(n === 0 ? 503 : 204, n === 0 ? { 'retry-after': retryAfter() } : {});
    res.end();
  });
  const s = await deliver(events(1), {
    target: t.url,
    retry: { scheduleMs: [0], giveUpAfterMs: 86_400_000, timeoutMs: 5000 },
  });
  await t.close();
  expect(s).toMatchObject({ delivered: 1, requests: 2 });
  // Without it the retry goes at once (the schedule's first delay is 0).
  expect((t.times[1] as number) - (t.times[0] as number)).toBeGreaterThanOrEqual(950);
});

test.concurrent('a Retry-After beyond the give-up window waits for the window, no longer; a 429 out of retries gave up', async () => {
  // Window: 10 simulated minutes at a time scale of 600 (fire's) = 1 s real. The receiver asks for
  // an hour every time.
  const t = await misbehaving((_req, res) => {
    res.writeHead(429, { 'retry-after': '3600' });
    res.end();
  });
  const retry: RetryPolicy = { scheduleMs: [0], giveUpAfterMs: 600_000, timeoutMs: 5000 };
  const outcomes: EventOutcome[] = [];
  // The window opens when the first attempt goes, after this line: its end is at least 1 s after
  // it, however late the first request reaches the receiver on a loaded machine.
  const before = performance.now();
  const s = await deliver(events(1), {
    target: t.url,
    retry,
    timeScale: 600,
    onOutcome: (o) => outcomes.push(o),
  });
  await t.close();
  expect(s).toMatchObject({ events: 1, gaveUp: 1, rejected: 0, requests: 2 });
  expect(outcomes.map((o) => [o.outcome, o.status, o.attempts])).toEqual([['gave-up', 429, 2]]);
  // A timer may fire a fraction of a ms early by performance.now().
  expect((t.times[1] as number) - before).toBeGreaterThanOrEqual(999);
});

test("the attempt a timer sends at the give-up window's end is the last, even when the timer fired a fraction of a ms early", () => {
  const schedule = new RetrySchedule(
    { scheduleMs: [0], giveUpAfterMs: 1000, timeoutMs: 5000 },
    1,
    undefined,
  );
  const answer = { status: 429, retryAfterMs: 3_600_000, latencyMs: 1 };
  // The window ends 0.4 ms from now: the timer for its end fired early (Node 24 in CI sent a third
  // request in that sliver).
  const firstAttemptAt = performance.now() - 1000 + 0.4;
  expect(schedule.after({ attempts: 2, firstAttemptAt }, answer)).toBe('gave-up');
  // Well inside the window, a Retry-After past its end waits for the end.
  const early = schedule.after({ attempts: 1, firstAttemptAt: performance.now() }, answer);
  expect(early).toBeGreaterThan(990);
  expect(early).toBeLessThanOrEqual(1000);
});

test('outcome names: a final 4xx is rejected; 408, 429, 5xx and errors are gave-up', () => {
  const of = (status?: number, error?: string) =>
    finalOutcome({ ...(status ? { status } : {}), ...(error ? { error } : {}), latencyMs: 1 });
  expect([
    of(400),
    of(401),
    of(413),
    of(408),
    of(429),
    of(500),
    of(503),
    of(undefined, 'timeout'),
  ]).toEqual([
    'rejected',
    'rejected',
    'rejected',
    'gave-up',
    'gave-up',
    'gave-up',
    'gave-up',
    'gave-up',
  ]);
  expect(parseRetryAfter('2')).toBe(2000);
  expect(parseRetryAfter('soon')).toBeUndefined();
});

test('progress says when every attempt fails, and with what', async () => {
  const dead = await misbehaving(() => {});
  const url = dead.url;
  await dead.close();
  const seen: DeliveryProgress[] = [];
  const s = await deliver(events(20), {
    target: url,
    retry: { scheduleMs: [0, 20], giveUpAfterMs: 86_400_000, timeoutMs: 1000 },
    maxAttempts: 3,
    progressEveryMs: 20,
    onProgress: (p) => seen.push(p),
  });
  expect(s.gaveUp).toBe(20);
  const last = seen.at(-1) as DeliveryProgress;
  expect(last).toMatchObject({
    events: 20,
    gaveUp: 20,
    requests: 60,
    failedAttempts: 60,
    succeededAttempts: 0,
    inFlight: 0,
    retrying: 0,
    lastFailure: 'ECONNREFUSED',
  });
  expect(last.failingForMs).toBeGreaterThan(0);
});

test('chaos counts a reordered event only when a later one went out before it, a late one only when it went out a second late', async () => {
  const arrivals: string[] = [];
  const s0 = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      arrivals.push((JSON.parse(body) as { id: string }).id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => s0.listen(0, '127.0.0.1', r));
  const t = {
    url: `http://127.0.0.1:${(s0.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((r) => s0.close(() => r())),
  };
  // One request at a time, so the order of arrival is the order of sending; no hang-up pairs, so
  // the order of sending meant is the source's.
  const source = events(400, 'chaos-count')
    .filter((e) => e.type !== 'channel.wrapstarted.v0')
    .slice(0, 300);
  const order = new Map(source.map((e, i) => [e.id, i]));
  const outcomes: EventOutcome[] = [];
  const s = await deliver(source, {
    target: t.url,
    concurrency: 1,
    chaos: { duplicateRate: 0, outOfOrderRate: 0.3, delayedRetryRate: 0.1, malformedRate: 0 },
    onOutcome: (o) => outcomes.push(o),
  });
  await t.close();
  expect(s.delivered).toBe(300);
  // The events that arrived after one later in the source: the first arrival of each id counts.
  const firstArrival = arrivals.filter((id, i) => arrivals.indexOf(id) === i);
  let latest = -1;
  const reordered = new Set<string>();
  for (const id of firstArrival) {
    const i = order.get(id) as number;
    if (i < latest) reordered.add(id);
    latest = Math.max(latest, i);
  }
  const flagged = outcomes.filter((o) => o.fault === 'out-of-order').map((o) => o.id);
  expect(flagged.length).toBeGreaterThan(0);
  for (const id of flagged) expect(reordered.has(id)).toBe(true);
  expect(s.faults?.['out-of-order']?.sent).toBe(flagged.length);
  const late = outcomes.filter((o) => o.fault === 'delayed-retry');
  expect(late.length).toBeGreaterThan(0);
  expect(s.faults?.['delayed-retry']?.sent).toBe(late.length);
});
