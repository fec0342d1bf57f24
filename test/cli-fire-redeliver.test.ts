/**
 * `fire --redeliver LEDGER`: a receiver down for part of a run gets, from a second run, exactly the
 * events the first did not deliver: the same bytes (same ids, same times, even when the first run
 * re-based them to now), freshly signed, nothing twice; a ledger it cannot re-fire from is one
 * line, exit 2, nothing sent.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getScenario } from '../scenarios/index.js';
import { secretKey, verifySignature } from '../sender/index.js';
import { captureLine } from '../wire/capture.js';
import { BIN, ndjson, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-redeliver-');
/** The smoke scenario's simulation: a busy morning, every v0 type. */
const SMOKE = getScenario('smoke').simulation;

/** What a receiver answers the n-th request (from 1): a status, or `drop` (the connection reset). */
type Answer = number | 'drop';

interface Received {
  id: string;
  body: string;
  answer: Answer;
  signed: boolean;
}

/**
 * A webhook receiver whose answers follow a plan by request number (a receiver down for part of
 * the run: 503s, dropped connections, a few 400s), recording every request's id and raw body and
 * whether its signature verified.
 */
class PlannedReceiver {
  requests: Received[] = [];
  plan: (n: number) => Answer = () => 204;
  private readonly server: Server;
  private readonly key = secretKey(SECRET);

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.destroy(err as Error);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Starts a new phase: the requests so far are forgotten, answers follow `plan`. */
  phase(plan: (n: number) => Answer): void {
    this.requests = [];
    this.plan = plan;
  }

  /** Ids of the requests answered 2xx. */
  accepted(): string[] {
    return this.requests
      .filter((r) => typeof r.answer === 'number' && r.answer < 300)
      .map((r) => r.id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const check = await verifySignature(req.headers['vonage-signature'] as string, raw, this.key);
    const answer = this.plan(this.requests.length + 1);
    this.requests.push({
      id: (JSON.parse(body) as { id: string }).id,
      body,
      answer,
      signed: check.ok,
    });
    if (answer === 'drop') {
      res.socket?.destroy();
      return;
    }
    res.writeHead(answer);
    res.end();
  }
}

interface LedgerLine {
  id: string;
  outcome: string;
  event?: { id: string; time: string };
}

function ledgerLines(path: string): LedgerLine[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LedgerLine);
}

function counts(ids: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

const receiver = new PlannedReceiver();
let url = '';
beforeAll(async () => {
  url = await receiver.start();
});
afterAll(() => receiver.close());

describe('vcc-sim fire --redeliver', () => {
  test('re-fires exactly what an events replay did not deliver: the same bytes, freshly signed, nothing twice; repeated, it has nothing left', async () => {
    const file = join(tmp, 'day.ndjson');
    writeFileSync(file, ndjson({ ...SMOKE, agents: 4, duration: '30m', seed: 'redeliver' }));
    const all = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(all.length).toBeGreaterThan(80);

    // Down for part of the run: 30 answered 503, 10 connections dropped, 5 refused with 400.
    receiver.phase((n) =>
      n > 10 && n <= 40 ? 503 : n > 40 && n <= 50 ? 'drop' : n > 50 && n <= 55 ? 400 : 204,
    );
    const first = join(tmp, 'first.ndjson');
    const r1 = await runCli([
      'fire',
      '--events',
      file,
      '--target',
      url,
      '--secret',
      SECRET,
      '--max',
      '--max-attempts',
      '1',
      '--ledger',
      first,
      '--json',
    ]);
    expect(r1.code).toBe(1);
    const s1 = JSON.parse(r1.stdout).summary;
    expect(s1).toMatchObject({ events: all.length, gaveUp: 40, rejected: 5 });
    const firstBodies = new Map(receiver.requests.map((r) => [r.id, r.body]));
    const missed = ledgerLines(first).filter((l) => l.outcome !== 'delivered');
    expect(missed).toHaveLength(45);
    const deliveredFirst = receiver.accepted();

    // The receiver is back: the second run sends exactly the 45, as they were sent, once each.
    receiver.phase(() => 204);
    const second = join(tmp, 'second.ndjson');
    const r2 = await runCli([
      'fire',
      '--redeliver',
      first,
      '--target',
      url,
      '--secret',
      SECRET,
      '--ledger',
      second,
      '--json',
    ]);
    expect(r2.stderr).toMatch(/^plan: 45 events, /);
    expect(r2.code).toBe(0);
    const out2 = JSON.parse(r2.stdout);
    expect(out2.ok).toBe(true);
    expect(out2.redeliver).toEqual({
      ledger: first,
      events: all.length,
      fired: 45,
      skipped: { delivered: all.length - 45, rejected: 0 },
    });
    expect(out2.summary).toMatchObject({ events: 45, delivered: 45 });
    const got = receiver.requests;
    expect(sorted(got.map((r) => r.id))).toEqual(sorted(missed.map((l) => l.id)));
    for (const r of got) {
      expect(r.body).toBe(firstBodies.get(r.id));
      expect(r.signed).toBe(true);
    }
    // Everything delivered exactly once over the two runs.
    const both = counts([...deliveredFirst, ...receiver.accepted()]);
    expect(sorted(both.keys())).toEqual(sorted(all));
    expect([...both.values()].every((n) => n === 1)).toBe(true);
    // The second run's ledger: its 45, all delivered; re-fired, nothing goes out.
    expect(ledgerLines(second).map((l) => l.outcome)).toEqual(Array(45).fill('delivered'));
    receiver.phase(() => 204);
    const r3 = await runCli(['fire', '--redeliver', second, '--target', url, '--json']);
    expect(r3.code).toBe(0);
    expect(r3.stderr).toBe("plan: 0 events to fire again: the ledger's 45 were delivered\n");
    expect(JSON.parse(r3.stdout).redeliver).toMatchObject({
      events: 45,
      fired: 0,
      skipped: { delivered: 45, rejected: 0 },
    });
    expect(receiver.requests).toEqual([]);
  });

  test('a re-based run (a scenario at --speed): the events go out again with the ids and times the first run gave them; --skip-rejected leaves the 4xx ones out', async () => {
    receiver.phase((n) => (n % 3 === 0 ? 503 : n % 10 === 1 ? 400 : 204));
    const first = join(tmp, 'rebased.ndjson');
    const r1 = await runCli([
      'fire',
      '--scenario',
      'smoke',
      '--agents',
      '3',
      '--duration',
      '20m',
      '--speed',
      '6000',
      '--target',
      url,
      '--secret',
      SECRET,
      '--max-attempts',
      '1',
      '--ledger',
      first,
      '--json',
    ]);
    expect(r1.code).toBe(1);
    const sent = new Map(receiver.requests.map((r) => [r.id, r.body]));
    const lines = ledgerLines(first);
    // The ledger names what was sent: re-based ids, not the simulation's.
    expect(sorted(sent.keys())).toEqual(sorted(lines.map((l) => l.id)));
    const simulated = await runCli([
      'generate',
      '--scenario',
      'smoke',
      '--agents',
      '3',
      '--duration',
      '20m',
    ]);
    const simulatedIds = new Set(
      simulated.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    );
    expect(lines.some((l) => simulatedIds.has(l.id))).toBe(false);
    const gaveUp = lines.filter((l) => l.outcome === 'gave-up');
    const rejected = lines.filter((l) => l.outcome === 'rejected');
    expect(gaveUp.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);

    receiver.phase(() => 204);
    const r2 = await runCli([
      'fire',
      '--redeliver',
      first,
      '--skip-rejected',
      '--target',
      url,
      '--secret',
      SECRET,
    ]);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain(
      `redelivered from ${first}: ${lines.length} events in the ledger: ${gaveUp.length} fired, ${lines.length - gaveUp.length - rejected.length} delivered before and ${rejected.length} rejected (--skip-rejected) skipped`,
    );
    expect(sorted(receiver.requests.map((r) => r.id))).toEqual(sorted(gaveUp.map((l) => l.id)));
    for (const r of receiver.requests) {
      expect(r.body).toBe(sent.get(r.id));
      expect(r.signed).toBe(true);
    }
  });

  test("a re-based run stopped by Ctrl-C: what it never sent goes out on the run's timeline, not the simulated day's", async () => {
    receiver.phase(() => 204);
    const first = join(tmp, 'stopped.ndjson');
    const startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        BIN,
        'fire',
        '--scenario',
        'smoke',
        '--speed',
        '10',
        '--target',
        url,
        '--ledger',
        first,
        '--progress-interval',
        '0.1',
      ],
      { cwd: ROOT },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    // Once some events were accepted (its progress line says so), however long that took.
    while (!/events taken, [1-9][\d,]* accepted/.test(stderr))
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await new Promise((r) => child.on('close', r))).toBe(130);
    const lines = ledgerLines(first);
    const notSent = lines.filter((l) => l.outcome === 'not-sent');
    expect(notSent.length).toBeGreaterThan(0);
    // The smoke scenario's day is 2026-01-05; the run re-based it to when it ran, the rest too.
    for (const l of notSent)
      expect(Date.parse(l.event?.time ?? '')).toBeGreaterThan(startedAt - 1000);

    receiver.phase(() => 204);
    const r2 = await runCli(['fire', '--redeliver', first, '--target', url, '--json']);
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout).redeliver).toMatchObject({ fired: notSent.length });
    expect(sorted(receiver.requests.map((r) => r.id))).toEqual(sorted(notSent.map((l) => l.id)));
    for (const r of receiver.requests)
      expect(Date.parse((JSON.parse(r.body) as { time: string }).time)).toBeGreaterThan(
        startedAt - 1000,
      );
  });

  test('a capture replayed --scale 2: the copies not delivered go out again with their fresh ids, at --rate', async () => {
    const events = ndjson({ ...SMOKE, agents: 4, duration: '20m', seed: 'capture' })
      .trim()
      .split('\n');
    const capture = join(tmp, 'capture.ndjson');
    writeFileSync(
      capture,
      events
        .map((body) =>
          captureLine({
            at: (JSON.parse(body) as { time: string }).time,
            method: 'POST',
            path: '/webhook',
            headers: { 'content-type': 'application/cloudevents+json' },
            body,
            status: 204,
          }),
        )
        .join(''),
    );
    receiver.phase((n) => (n % 4 === 0 ? 'drop' : 204));
    const first = join(tmp, 'scaled.ndjson');
    const r1 = await runCli([
      'fire',
      '--events',
      capture,
      '--scale',
      '2',
      '--max',
      '--max-attempts',
      '1',
      '--target',
      url,
      '--ledger',
      first,
    ]);
    expect(r1.code).toBe(1);
    const sent = new Map(receiver.requests.map((r) => [r.id, r.body]));
    const lines = ledgerLines(first);
    expect(lines).toHaveLength(2 * events.length);
    const missed = lines.filter((l) => l.outcome !== 'delivered').map((l) => l.id);
    expect(missed.length).toBe(Math.floor(lines.length / 4));

    receiver.phase(() => 204);
    const r2 = await runCli(['fire', '--redeliver', first, '--rate', '500', '--target', url]);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(/^plan: [\d,]+ events, .*at --rate 500/);
    expect(sorted(receiver.requests.map((r) => r.id))).toEqual(sorted(missed));
    for (const r of receiver.requests) expect(r.body).toBe(sent.get(r.id));
  });

  describe('a ledger it cannot re-fire from: one line, exit 2, nothing sent', () => {
    const event = JSON.parse(
      ndjson({ ...SMOKE, agents: 4, duration: '30m', seed: 'bad' }).split('\n')[0] as string,
    );
    const write = (name: string, text: string) => {
      const path = join(tmp, name);
      writeFileSync(path, text);
      return path;
    };
    const line = (o: object) => `${JSON.stringify(o)}\n`;
    const missedLine = {
      id: event.id,
      type: event.type,
      outcome: 'gave-up',
      attempts: 1,
      status: 503,
    };
    test.each([
      [
        'missing',
        () => join(tmp, 'nope.ndjson'),
        /--redeliver ".*nope\.ndjson": cannot open it: no such file/,
      ],
      [
        'empty',
        () => write('empty.ndjson', ''),
        /--redeliver ".*empty\.ndjson": empty: not a ledger/,
      ],
      [
        'not JSON',
        () => write('not-json.ndjson', `${line({ ...missedLine, event })}{oops\n`),
        /--redeliver ".*not-json\.ndjson": line 2 is not JSON/,
      ],
      [
        'an events file',
        () => write('events.ndjson', line(event)),
        /--redeliver ".*events\.ndjson": line 1 is not a ledger line \(no outcome\); give the file fire --ledger wrote/,
      ],
      [
        'a ledger from before bodies were kept',
        () =>
          write(
            'old.ndjson',
            line({ ...missedLine, id: 'x', outcome: 'delivered' }) + line(missedLine),
          ),
        /--redeliver ".*old\.ndjson": line 2: event \S+ \(gave-up\) has no "event".*vcc-sim 0\.1\.0.*cannot be recovered/,
      ],
      [
        "an event that is not the line's",
        () => write('mismatch.ndjson', line({ ...missedLine, id: 'another', event })),
        /--redeliver ".*mismatch\.ndjson": line 1: its event's id .* is not the line's "another"/,
      ],
      [
        'an event that is not a valid notification',
        () => write('invalid.ndjson', line({ ...missedLine, event: { ...event, time: 'noon' } })),
        /--redeliver ".*invalid\.ndjson": line 1: its event is not a valid notification/,
      ],
    ])('%s', async (name, path, message) => {
      receiver.phase(() => 204);
      // The usage errors run in this process (`runHere`); the first also as a process.
      const args = ['fire', '--redeliver', path(), '--target', url];
      const r = name === 'missing' ? await sameAsProcess(args) : await runHere(args);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(receiver.requests).toEqual([]);
    });

    test.each([
      [['--events', 'day.ndjson'], /--events "day\.ndjson": .*--redeliver/],
      [['--speed', '60'], /--speed "60": .*--redeliver/],
      [['--agents', '5'], /--agents "5": .*--redeliver/],
    ])('with %j: a usage error', async (flags, message) => {
      const ok = write('ok.ndjson', line({ ...missedLine, event }));
      const r = await runHere(['fire', '--redeliver', ok, ...flags, '--target', url]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
    });

    test('--skip-rejected without --redeliver: a usage error', async () => {
      receiver.phase(() => 204);
      const r = await runHere(['fire', '--skip-rejected', '--target', url]);
      expect(r.stderr).toMatch(/--skip-rejected chooses what --redeliver fires/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
      expect(receiver.requests).toEqual([]);
    });

    test('the new ledger cannot be the one read', async () => {
      const ok = write('same.ndjson', line({ ...missedLine, event }));
      const r = await runHere(['fire', '--redeliver', ok, '--ledger', ok, '--target', url]);
      expect(r.stderr).toMatch(/--ledger ".*same\.ndjson": the ledger --redeliver reads/);
      expect(r.code).toBe(2);
      expect(readFileSync(ok, 'utf8')).toBe(line({ ...missedLine, event }));
    });
  });
});
