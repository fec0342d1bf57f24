/**
 * Whether a paced run kept its schedule (issue 24): a receiver slower than the pace asked for
 * holds the sends back, and the summary says how far behind they fell instead of saying nothing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { simulate } from '../generator/simulation/simulate.js';
import { deliver } from '../sender/deliver.js';

/** A receiver that answers 204 after `ms`. */
async function slow(ms: number) {
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(204).end(), ms));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

const events = () => {
  const out = [];
  for (const e of simulate({ agents: 20, duration: '8h', seed: 'schedule' })) {
    out.push(e);
    if (out.length === 40) break;
  }
  return out;
};

// The two slow receivers' runs wait on timers only: concurrent, their waits overlap.
test.concurrent('a rate the receiver cannot keep: the summary says the schedule was not kept, and by how much', async () => {
  // 40 events at 100/s are due within 0.4 s; one at a time at 60 ms each takes 2.4 s at least.
  const r = await slow(60);
  try {
    const s = await deliver(events(), {
      target: r.url,
      pace: { rate: 100 },
      concurrency: 1,
    });
    expect(s.delivered).toBe(40);
    expect(s.schedule?.kept).toBe(false);
    // The last send was due at 0.4 s and could not go before 39 answers of 60 ms: >= 1.9 s late.
    expect(s.schedule?.behindMs).toBeGreaterThanOrEqual(1900);
  } finally {
    await r.close();
  }
});

test.concurrent('a speed the receiver cannot keep is reported the same way', async () => {
  const r = await slow(60);
  try {
    const s = await deliver(events(), { target: r.url, pace: { speed: 1e6 }, concurrency: 1 });
    expect(s.schedule?.kept).toBe(false);
    expect(s.schedule?.behindMs).toBeGreaterThanOrEqual(1900);
  } finally {
    await r.close();
  }
});

test('--max has no schedule to keep: no schedule in the summary', async () => {
  const r = await slow(0);
  try {
    const s = await deliver(events(), { target: r.url, pace: { max: true } });
    expect(s.schedule).toBeUndefined();
  } finally {
    await r.close();
  }
});
