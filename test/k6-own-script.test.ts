// vcc-event-sim/k6 as a k6 user uses it: examples/k6/own-script.js imports the built module by
// path and runs under plain `k6 run -e TARGET=URL` (no vcc-sim), against the built-in receiver
// on 127.0.0.1; a second of simulated-time-at-speed per run.
import { spawn } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { findK6 } from '../cli/k6-binary.js';
import { decodeKsuid } from '../generator/notifications/ksuid.js';
import { simulate } from '../generator/simulation/simulate.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { ROOT } from './helpers.js';
import { OTHER_SECRET, TEST_SECRET as SECRET } from './support/secret.js';

/**
 * The example's center, as the script states it. Eight agents in two teams: under issue 21's
 * rosters and staggered shifts four agents had a single call (7 events, no wrap) in these minutes.
 */
const CENTER = {
  agents: 12,
  teamSize: 4,
  start: '2026-01-05T10:00:00Z',
  duration: '10m',
  seed: 42,
  types: ['channel.*.v0', 'agent.*.v0'],
};
const payload = (id: string) => decodeKsuid(id)?.payload.join('.') ?? `bad:${id}`;

const receivers: RunningReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function k6Run(args: string[]): Promise<{ code: number; output: string }> {
  const k6 = findK6({ root: ROOT })?.path as string;
  return new Promise((resolve) => {
    const child = spawn(k6, ['run', '--quiet', ...args, 'examples/k6/own-script.js'], {
      cwd: ROOT,
      env: { ...process.env, K6_NO_USAGE_REPORT: 'true', K6_AUTO_EXTENSION_RESOLUTION: 'false' },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      output += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

test('examples/k6/own-script.js runs under plain k6 run: every event of its center once, pairs together, signed as VCC signs', async () => {
  const target = await startReceiver({ host: '127.0.0.1', port: 0, secret: SECRET });
  receivers.push(target);
  const r = await k6Run(['-e', `TARGET=${target.url}`, '-e', `SECRET=${SECRET}`]);
  expect(r.code, r.output).toBe(0);
  const planned = [...simulate(CENTER)];
  expect(planned.length).toBeGreaterThan(10);
  const ids = target.ids().map(payload);
  expect(ids).toHaveLength(planned.length);
  expect(new Set(ids)).toEqual(new Set(planned.map((n) => payload(n.id))));
  const stats = target.stats();
  expect(stats.rejected).toEqual({});
  expect(stats.pairsComplete).toBeGreaterThan(0);
  expect(stats.pairsPending).toBe(0);
});

test('signed with another secret, its requests are refused and its threshold fails: k6 exits 99', async () => {
  const target = await startReceiver({ host: '127.0.0.1', port: 0, secret: OTHER_SECRET });
  receivers.push(target);
  const r = await k6Run(['-e', `TARGET=${target.url}`, '-e', `SECRET=${SECRET}`]);
  expect(r.code).toBe(99);
  expect(target.stats().rejected['signature']).toBe(target.stats().requests);
});

test('without -e TARGET it says what to give', async () => {
  const r = await k6Run([]);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('Give the receiver: k6 run -e TARGET=');
});
