/**
 * The capacity search, against real servers on loopback: a receiver limited to N requests/s (503
 * past it) is found within 30% and the rest of the suite passes; the built-in receiver passes
 * every check, capacity included. In process (no URL) capacity is skipped.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { CHECK_IDS, checkReceiver, type RequestListener } from '../check/index.js';
import { capacityLine } from '../cli/check-output.js';
import { startReceiver } from '../receiver/index.js';
import { flawedReceiver } from './support/flawed-receivers.js';
import { TEST_SECRET } from './support/secret.js';

const secret = TEST_SECRET;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}

describe('capacity', () => {
  test('a receiver limited to 200 requests/s (503 past it): the default suite passes, capacity warns and finds 200 within 30%', async () => {
    const url = await serve(flawedReceiver('rate-limited', { secret, perSecond: 200 }));
    const report = await checkReceiver({
      target: url,
      secret,
      capacity: true,
      capacityTimeMs: 10_000,
    });
    expect(report.failed).toEqual([]);
    expect(report.warned).toEqual(['capacity']);
    const c = report.capacity;
    expect(c?.limitedBy).toBe('receiver');
    expect(c?.sustainedPerSecond).toBeGreaterThanOrEqual(140);
    expect(c?.sustainedPerSecond).toBeLessThanOrEqual(260);
    expect(c?.agents.peakSecond).toBeGreaterThan(0);
    expect(c?.agents.busiest15m).toBeGreaterThan(c?.agents.peakSecond ?? 0);
  });

  test('in process (no URL) capacity is skipped with the reason', async () => {
    const report = await checkReceiver({
      handler: flawedReceiver('none', { secret }),
      only: ['capacity'],
    });
    expect(report.checks).toMatchObject([
      { id: 'capacity', verdict: 'skip', summary: expect.stringMatching(/URL/) },
    ]);
  });
});

test('the built-in receiver passes every check, capacity included', async () => {
  const receiver = await startReceiver({ port: 0, secret });
  try {
    const report = await checkReceiver({
      target: receiver.url,
      secret,
      capacity: true,
      capacityTimeMs: 5_000,
    });
    expect(report.checks.map((c) => [c.id, c.verdict])).toEqual(
      CHECK_IDS.map((id) => [id, 'pass']),
    );
    expect(report.capacity?.sustainedPerSecond).toBeGreaterThan(0);
  } finally {
    await receiver.close();
  }
});

test("limited by the sender: the rate reached and the sender's ceiling are named apart", () => {
  const line = capacityLine({
    sustainedPerSecond: 1305,
    limitedBy: 'sender',
    senderPerSecond: 1924,
    agents: { peakSecond: 17_400, busiest15m: 23_985 },
    steps: [],
  });
  expect(line).toMatch(
    /^capacity: at least 1,305 notifications\/s \(the ramp stopped near the sender's ceiling, 1,924\/s measured alone on this machine; /,
  );
  expect(line.match(/sender's limit/g)).toBeNull();
});
