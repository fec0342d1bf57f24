import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../cli/scenario-file.js';
import { startReceiver } from '../receiver/receiver.js';
import { DEFAULT_RETRY } from '../scenarios/catalog.js';
import { MALFORMATIONS } from '../scenarios/malformations.js';
import { BIN, ndjson, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-fire-');

describe('vcc-sim fire', () => {
  test('with no target, fires at the built-in receiver: every event delivered, every pair complete', async () => {
    const ledger = join(tmp, 'ledger.ndjson');
    const r = await runCli([
      'fire',
      '--scenario',
      'smoke',
      '--speed',
      '6000',
      '--secret',
      SECRET,
      '--ledger',
      ledger,
      '--json',
    ]);
    // stderr holds only the plan line; the summary is on stdout.
    expect(r.stderr).toMatch(/^plan: [\d,]+ events, peak \d+\/s [^\n]*\n$/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.summary.events).toBeGreaterThan(20);
    expect(out.summary.delivered).toBe(out.summary.events);
    expect(out.receiver).toMatchObject({
      unique: out.summary.events,
      pairsComplete: out.summary.pairs,
      pairsPending: 0,
    });
    expect(out.check).toEqual({
      missing: 0,
      pairsComplete: out.summary.pairs,
      pairsPending: 0,
      ok: true,
    });
    const lines = readFileSync(ledger, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(out.summary.events);
    expect(
      lines.every((l) => l.outcome === 'delivered' && l.attempts === 1 && l.status === 204),
    ).toBe(true);
  });

  test('the text summary names what was sent and what the receiver saw', async () => {
    const r = await runCli(['fire', '--agents', '3', '--duration', '20m', '--max']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^scenario smoke -> http:\/\/127\.0\.0\.1:\d+\/webhook \(built-in receiver\)\nfired \d+ events in [\d.]+ (ms|s): \d+ delivered, 0 rejected, 0 gave up, 0 not sent\n/,
    );
    expect(r.stdout).toMatch(/receiver: \d+ requests/);
    expect(r.stdout).toMatch(/check: every delivered event received, \d+ pairs complete\nok\n$/);
  });

  test('--events replays a file; chaos reports every fault and what the target answered', async () => {
    const file = join(tmp, 'day.ndjson');
    writeFileSync(file, ndjson({ agents: 4, duration: '30m', seed: 'replay' }));
    const replay = await runCli(['fire', '--events', file, '--max', '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).summary.events).toBe(
      readFileSync(file, 'utf8').trim().split('\n').length,
    );

    const chaos = await runCli(['fire', '--scenario', 'chaos', '--max', '--secret', SECRET]);
    expect(chaos.code).toBe(0);
    for (const kind of ['duplicate', 'out-of-order', 'delayed-retry', ...MALFORMATIONS])
      expect(chaos.stdout).toMatch(new RegExp(`\\n    ${kind} +\\d+ sent, want [^\\n]+ ok\\n`));
  });

  test('a scenario printed by "scenarios show" is a file "fire --scenario" takes', async () => {
    const list = await sameAsProcess(['scenarios']);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['smoke', 'steady', 'peak-hour', 'shift-end', 'soak', 'chaos']);
    const show = await runHere(['scenarios', 'show', 'smoke']);
    const file = join(tmp, 'mine.mjs');
    writeFileSync(
      file,
      show.stdout
        .replace("name: 'smoke'", "name: 'mine'")
        .replace('"name": "smoke"', '"name": "mine"'),
    );
    const r = await runCli([
      'fire',
      '--scenario',
      file,
      '--max',
      '--agents',
      '2',
      '--duration',
      '10m',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toBe('mine');
  });

  test('--handshake against a receiver that does not grant the origin: exit 1, nothing sent', async () => {
    const refusing = createServer((req, res) => {
      res.writeHead(req.method === 'OPTIONS' ? 403 : 204);
      res.end();
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/hook`;
    try {
      const r = await runCli(['fire', '--target', url, '--handshake', '--max']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/did not grant delivery in the webhook handshake \(status 403/);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise((r) => refusing.close(r));
    }
  });

  test('--handshake honours the rate the receiver grants', async () => {
    const r0 = await startReceiver({ allowedRate: 3000 });
    try {
      const r = await runCli([
        'fire',
        '--target',
        r0.url,
        '--handshake',
        '--max',
        '--agents',
        '6',
        '--duration',
        '1h',
        '--json',
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.handshake).toMatchObject({ granted: true, allowedRate: 3000 });
      expect(out.summary.delivered).toBe(out.summary.events);
    } finally {
      await r0.close();
    }
  });

  test('a target that refuses connections: exit 1, every event given up and counted', async () => {
    const r0 = await startReceiver();
    const url = r0.url;
    await r0.close();
    const r = await runCli([
      'fire',
      '--target',
      url,
      '--agents',
      '2',
      '--duration',
      '10m',
      '--max',
      '--max-attempts',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout).summary;
    expect(s.gaveUp).toBe(s.events);
    expect(s.answers).toEqual({ ECONNREFUSED: 2 * s.events });
  });

  test('Ctrl-C stops the run, prints the summary, and the counts add up to the events generated', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'fire',
        '--scenario',
        'steady',
        '--speed',
        '60',
        '--json',
        '--progress-interval',
        '0.1',
      ],
      { cwd: ROOT },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    // Once it has had some events accepted (its progress line says so), however long that took.
    const accepted = () =>
      Math.max(
        0,
        ...[...stderr.matchAll(/events taken, ([\d,]+) accepted/g)].map((m) =>
          Number(m[1]?.replace(/,/g, '')),
        ),
      );
    while (accepted() === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(130);
    const s = JSON.parse(stdout).summary;
    expect(s.stopped).toBe(true);
    expect(s.delivered).toBeGreaterThan(0);
    expect(s.notSent).toBeGreaterThan(0);
    expect(s.delivered + s.rejected + s.gaveUp + s.notSent).toBe(s.events);
    const whole = await runCli(['generate', '--scenario', 'steady']);
    expect(s.events).toBe(whole.stdout.trim().split('\n').length);
  });

  test.each([
    [['--target', 'not a url'], /--target "not a url": give a URL/],
    [['--header', 'no-colon'], /Invalid --header "no-colon"/],
    [['--scenario', 'stedy'], /--scenario "stedy": not a scenario.*did you mean "steady"/],
    [['--events', join(tmp, 'missing.ndjson')], /missing\.ndjson/],
    [
      ['--ledger', join(tmp, 'no', 'such', 'dir.ndjson')],
      /--ledger ".*dir\.ndjson": cannot open it: no such file/,
    ],
    [['--max', '--speed', '5'], /mutually exclusive|Arguments max and speed/],
    [['--secret', '%%%'], /secret/i],
    [
      ['--mode', 'carrier-pigeon'],
      /--mode "carrier-pigeon": use one of "structured", "binary", "batch"/,
    ],
    [['--timeout', '-1', '--max'], /^vcc-sim: --timeout "-1": give milliseconds > 0/],
    [['--concurrency', '0'], /^vcc-sim: --concurrency "0": give a whole number of requests/],
    [['--rate', '0'], /^vcc-sim: --rate "0": give notifications per second > 0/],
    [['--speed', '-2'], /^vcc-sim: --speed "-2": give a number > 0/],
    [['--max-attempts', '0'], /^vcc-sim: --max-attempts "0": give a whole number >= 1/],
    [['--max-body', '-5'], /--max-body "-5": give a whole number of bytes >= 1/],
    // A pipe is read once and fire reads its file twice: it would fire nothing and say ok.
    [['--events', '/dev/stdin'], /^vcc-sim: --events "\/dev\/stdin": not a regular file/],
    [['--header', 'X-A: a\u0001b'], /Invalid --header "X-A": its value holds a control character/],
  ])('bad input %j is a one-line error, exit 2', async (args, message) => {
    const r = await runHere(['fire', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  test('a bad input as a process ends as it does run here: exit 2, the same line', async () => {
    const r = await sameAsProcess(['fire', '--rate', '0']);
    expect(r.code).toBe(2);
  });

  test('an event that is not a valid notification stops the run before anything is sent', async () => {
    const file = join(tmp, 'empty-object.ndjson');
    writeFileSync(file, '{}\n');
    const r = await runHere(['fire', '--events', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty-object\.ndjson:1: not a valid notification \(/);
  });

  test('a scenario file that sets part of the retry policy keeps the rest of the default', async () => {
    const file = join(tmp, 'partial-retry.json');
    writeFileSync(file, JSON.stringify({ delivery: { retry: { scheduleMs: [0, 60000] } } }));
    const s = await loadScenario(file);
    expect(s.delivery.retry).toEqual({ ...DEFAULT_RETRY, scheduleMs: [0, 60000] });
  });

  test('a bad line in an events file is named, never skipped', async () => {
    const file = join(tmp, 'bad.ndjson');
    writeFileSync(file, `${ndjson({ agents: 6, duration: '1h' }).split('\n')[0]}\n{not json\n`);
    const r = await runHere(['fire', '--events', file, '--max']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.ndjson:2: not JSON/);
  });
});

describe('vcc-sim receive', () => {
  test('listens, reports stats, and on SIGINT prints its summary and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'receive', '--port', '0', '--json'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    const url = await new Promise<string>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d) => {
        stderr += d;
        const m = /listening on (\S+)/.exec(stderr);
        if (m) resolve(m[1] as string);
      });
    });
    const event = ndjson({ agents: 6, duration: '1h' }).split('\n')[0] as string;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: event,
    });
    expect(res.status).toBe(204);
    const stats = await (await fetch(`${url}/stats`)).json();
    expect(stats).toMatchObject({ requests: 1, received: 1, valid: 1, unique: 1 });
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    // --json: one line per request, then the summary, one JSON object a line.
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const sent = JSON.parse(event);
    expect(lines[0]).toMatchObject({
      status: 204,
      events: [{ type: sent.type, id: sent.id, subject: sent.subject }],
    });
    expect(lines[0].verified).toBeUndefined();
    expect(lines.at(-1)).toMatchObject({
      command: 'receive',
      ok: true,
      exitCode: 0,
      requests: 1,
      unique: 1,
    });
  });

  test('prints a line per request, as stripe listen does: time, status, type, subject, id, signature', async () => {
    const secret = Buffer.from('a-test-secret-of-some-length!!').toString('base64');
    const child = spawn(process.execPath, [BIN, 'receive', '--port', '0', '--secret', secret], {
      cwd: ROOT,
    });
    let stderr = '';
    const url = await new Promise<string>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d) => {
        stderr += d;
        const m = /listening on (\S+)/.exec(stderr);
        if (m) resolve(m[1] as string);
      });
    });
    const [good, bad] = [
      await runCli(['trigger', 'ended', '--target', url, '--secret', secret]),
      await runCli([
        'trigger',
        'ended',
        '--target',
        url,
        '--secret',
        Buffer.from('another-secret!!').toString('base64'),
      ]),
    ];
    expect(good.code, good.stderr).toBe(0);
    expect(bad.code).toBe(1);
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const lines = stderr.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+Z {2}204 {2}channel\.ended\.v0 {2}[\w-]+ {2}\w{27} {2}signed$/);
    expect(lines[1]).toMatch(/^\S+Z {2}401 {2}- {2}BAD SIGNATURE$/);
  });

  test.each([
    [['--fail-rate', '2'], /^vcc-sim: --fail-rate "2": give a share from 0 to 1/],
    [['--drop-rate', '-1'], /^vcc-sim: --drop-rate "-1": give a share from 0 to 1/],
    [['--status', '42'], /^vcc-sim: --status "42": give an HTTP status from 200 to 599/],
    [['--latency', '-5'], /^vcc-sim: --latency "-5": give milliseconds >= 0/],
    [['--max-body', '0'], /^vcc-sim: --max-body "0": give a whole number of bytes >= 1/],
  ])('receive %j is a one-line error, exit 2', async (args, message) => {
    const r = await runHere(['receive', '--port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a port out of range is a one-line error, exit 2', async () => {
    const r = await runHere(['receive', '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'vcc-sim: --port "99999": give a whole number from 0 to 65535 (0: a free one).\n',
    );
  });

  test('a port in use is a one-line error, exit 2', async () => {
    const r0 = await startReceiver();
    try {
      const port = new URL(r0.url).port;
      const r = await runCli(['receive', '--port', port]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `vcc-sim: --port "${port}": Port ${port} on 127.0.0.1 is in use; pick another with --port, or 0 for a free one.\n`,
      );
    } finally {
      await r0.close();
    }
  });
});
