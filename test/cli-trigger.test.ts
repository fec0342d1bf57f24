import { randomBytes } from 'node:crypto';
import KSUID from 'ksuid';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningReceiver, startReceiver } from '../receiver/index.js';
import { runCli } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';

const SECRET = randomBytes(32).toString('base64');
let receiver: RunningReceiver;

beforeAll(async () => {
  receiver = await startReceiver({ port: 0, secret: SECRET });
});
afterAll(() => receiver.close());

describe('vcc-sim trigger', () => {
  test('hang-up: the disconnected/wrapstarted pair, signed, to a given target, which verifies and pairs it', async () => {
    const before = receiver.stats();
    const r = await runCli([
      'trigger',
      'hang-up',
      '--target',
      receiver.url,
      '--secret',
      SECRET,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ command: 'trigger', ok: true, exitCode: 0, builtIn: false });
    expect(out.sent.map((s: { type: string }) => s.type)).toEqual([
      'channel.disconnected.v0',
      'channel.wrapstarted.v0',
    ]);
    for (const s of out.sent) {
      expect(s).toMatchObject({ outcome: 'delivered', status: 204 });
      // The id is a KSUID minted at the notification's send time (second resolution).
      expect(Math.abs(KSUID.parse(s.id).date.getTime() - Date.parse(s.time))).toBeLessThan(1000);
    }
    const after = receiver.stats();
    expect(after.pairsComplete - before.pairsComplete).toBe(1);
    expect(receiver.ids()).toEqual(
      expect.arrayContaining(out.sent.map((s: { id: string }) => s.id)),
    );
  });

  test('each run sends fresh events: a receiver that dedupes takes the second run too', async () => {
    const args = [
      'trigger',
      'channel.ended.v0',
      '--target',
      receiver.url,
      '--secret',
      SECRET,
      '--json',
    ];
    const [a, b] = [await runCli(args), await runCli(args)];
    const [ida, idb] = [JSON.parse(a.stdout).sent[0].id, JSON.parse(b.stdout).sent[0].id];
    expect(ida).not.toBe(idb);
    expect(JSON.parse(b.stdout).sent[0].status).toBe(204);
  });

  test('without a target: the built-in receiver, and a line per notification with its answer', async () => {
    const r = await runCli(['trigger', 'wrapstarted']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^-> http:\/\/127\.0\.0\.1:\d+\/\S* \(built-in receiver\), unsigned\n/,
    );
    expect(r.stdout).toMatch(
      /channel\.wrapstarted\.v0 {2}id \w{27} {2}subject [\w-]+\n {2}answer 204 in \d+ ms: delivered\nok\n$/,
    );
  });

  test('a wrong signature is the receiver answer, shown, exit 1', async () => {
    const wrong = randomBytes(32).toString('base64');
    const r = await runCli(['trigger', 'ended', '--target', receiver.url, '--secret', wrong]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/answer 401 in \d+ ms: rejected\nFAILED\n$/);
  });

  test('a target that is down: the error, exit 1', async () => {
    const r = await runCli(['trigger', 'hang-up', '--target', 'http://127.0.0.1:1/x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('answer ECONNREFUSED');
  });

  test.each([
    [
      ['trigger', 'nope'],
      /^vcc-sim: <event> "nope": not a notification type: give "hang-up" or one of channel\.alerted\.v0/,
    ],
    [['trigger', 'ended', '--agent-id', 'x1'], /^vcc-sim: --agent-id "x1": an agent id is digits/],
    [['trigger', 'ended', '--timeout', '0'], /^vcc-sim: --timeout "0": give ms above 0\.$/],
    [['trigger'], /Not enough non-option arguments/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const r = await runHere(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a bad input as a process ends as it does run here: exit 2, the same line', async () => {
    const r = await sameAsProcess(['trigger', 'ended', '--timeout', '0']);
    expect(r.code).toBe(2);
  });
});
