/**
 * `vcc-sim receive --record FILE` run as a user runs it: events fired at it give a capture whose
 * `report` is the report of the events sent (retries of requests it answered 500 included, read
 * once), which `validate`, `fire --events` and `load --events` take as they take a stream; a
 * receiver killed with SIGKILL leaves a capture every reader takes, with every request it answered.
 * The receivers and `fire` run as processes; the readers of files (`report FILE`, `validate`,
 * `anonymise`) run in this process (`runHere`); `report` and `anonymise` also run as processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, ndjson, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere } from './support/run-here.js';

const tmp = scratchDir('vcc-capture-');

const TYPES = ['channel.*.v0', 'agent.*.v0'];
const stream = ndjson({ agents: 8, duration: '2h', seed: 'capture-cli', types: TYPES });
const eventsFile = join(tmp, 'events.ndjson');
writeFileSync(eventsFile, stream);

/** `vcc-sim receive` on a free port, recording: its URL once it listens, and the child. */
async function receiver(
  args: string[],
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'receive', '--port', '0', ...args], { cwd: ROOT });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`receive exited ${code}: ${stderr}`)));
    child.stderr?.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /listening on (\S+)/.exec(stderr);
      if (m) resolve(m[1] as string);
    });
  });
  child.stdout?.resume();
  return { url, child, stderr: () => stderr };
}

const closed = (child: ChildProcess) =>
  new Promise<number | null>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
    else child.on('close', (code) => r(code));
  });

describe('receive --record', () => {
  test('fired events, recorded (retries of 500s included), give the report of the events sent', async () => {
    const capture = join(tmp, 'capture.ndjson');
    const r = await receiver(['--record', capture, '--fail-rate', '0.2']);
    const fired = await runCli([
      'fire',
      '--events',
      eventsFile,
      '--target',
      r.url,
      '--max',
      '--json',
    ]);
    expect(fired.code).toBe(0);
    r.child.kill('SIGINT');
    expect(await closed(r.child)).toBe(0);
    const lines = readFileSync(capture, 'utf8').trim().split('\n');
    const sent = stream.trim().split('\n').length;
    // Every request recorded: the 500s and their retries too.
    expect(lines.length).toBe(JSON.parse(fired.stdout).summary.requests);
    expect(lines.length).toBeGreaterThan(sent);
    expect(lines.some((l) => JSON.parse(l).status === 500)).toBe(true);

    // In the order VCC sent them, whatever order they arrived in (retries late): the same report.
    const fromEvents = await runHere(['report', eventsFile, '--json']);
    const fromCapture = await runHere(['report', capture, '--json']);
    expect(fromCapture.code).toBe(0);
    expect(JSON.parse(fromCapture.stdout)).toEqual(JSON.parse(fromEvents.stdout));
    expect(fromCapture.stderr).toMatch(
      new RegExp(
        `a capture of ${lines.length} requests: ${sent} events \\(in the order sent, by time\\), ${lines.length - sent} redeliveries`,
      ),
    );
    const text = await runCli(['report'], readFileSync(capture, 'utf8'));
    expect(text.stdout).toBe((await runHere(['report', eventsFile])).stdout);

    const valid = await runHere(['validate', capture]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(new RegExp(`^ok: ${sent} events`, 'm'));

    // Anonymised: the same report, the same output for the same key, no id of the input left.
    const anonymised = join(tmp, 'anonymised.ndjson');
    // Here and as a process: the same bytes.
    const a1 = await runHere(['anonymise', capture, '--key', 'team key']);
    const a2 = await runCli(['anonymise', capture, '--key', 'team key']);
    expect(a1.code).toBe(0);
    expect(a1.stdout).toBe(a2.stdout);
    expect(a1.stderr).toMatch(new RegExp(`${sent} of ${sent} events written`));
    writeFileSync(anonymised, a1.stdout);
    const fromAnonymised = await runHere(['report', anonymised, '--json']);
    expect(JSON.parse(fromAnonymised.stdout)).toEqual(JSON.parse(fromEvents.stdout));
    for (const id of new Set(stream.match(/"(id|subject|agentId|userId|channelId)":"[^"]+"/g)))
      expect(a1.stdout).not.toContain(id.split(':')[1]);

    // The capture fired on: the same events, once each, at the built-in receiver.
    const again = await runCli(['fire', '--events', capture, '--max', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ events: sent, delivered: sent });

    // Twice over: exactly twice the events, every one new to the receiver (ids all unique).
    const twice = await runCli(['fire', '--events', capture, '--scale', '2', '--max', '--json']);
    expect(twice.code, twice.stderr).toBe(0);
    const t = JSON.parse(twice.stdout);
    expect(t.summary).toMatchObject({ events: 2 * sent, delivered: 2 * sent });
    expect(t.receiver).toMatchObject({ received: 2 * sent, unique: 2 * sent, duplicates: 0 });
    expect(t.check).toMatchObject({ ok: true, missing: 0, pairsPending: 0 });
    expect(twice.stderr).toMatch(new RegExp(`plan: ${(2 * sent).toLocaleString('en')} events`));
  });

  test('a receiver killed with SIGKILL leaves a capture with every request it answered, which every reader takes', async () => {
    const capture = join(tmp, 'killed.ndjson');
    const r = await receiver(['--record', capture]);
    const events = stream.trim().split('\n');
    const answered: string[] = [];
    let killed = false;
    // Requests keep going, 8 at a time, until the receiver is gone.
    const post = async (i: number): Promise<void> => {
      const body = events[i % events.length] as string;
      try {
        const res = await fetch(r.url, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json' },
          body,
        });
        if (res.status === 204) answered.push(body);
      } catch {
        return; // the receiver was killed with this request in flight
      }
      if (!killed) await post(i + 8);
    };
    const posting = Promise.all(Array.from({ length: 8 }, (_, i) => post(i)));
    while (answered.length < 60) await new Promise((res) => setImmediate(res));
    killed = true;
    r.child.kill('SIGKILL');
    await closed(r.child);
    await posting;
    const recorded = readFileSync(capture, 'utf8');
    // Every request answered is in it: recorded before its answer went out.
    const bodies = new Set(
      recorded
        .split('\n')
        .filter((l) => l.endsWith('}'))
        .map((l) => JSON.parse(l).body),
    );
    for (const body of answered) expect(bodies.has(body)).toBe(true);
    const report = await runHere(['report', capture, '--json']);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).notifications.total).toBe(bodies.size);

    // A last line cut mid-write (what a crash of the disk or the copy can leave): read without it.
    const cut = join(tmp, 'cut.ndjson');
    const complete = recorded.split('\n').filter((l) => l.endsWith('}'));
    writeFileSync(cut, `${complete.join('\n')}\n`);
    appendFileSync(cut, (complete[0] as string).slice(0, 150));
    const line = complete.length + 1;
    for (const args of [
      ['report', cut],
      ['validate', cut],
      ['fire', '--events', cut, '--max', '--json'],
    ]) {
      const run = args[0] === 'fire' ? await runCli(args) : await runHere(args);
      // Read, all of them (not 2); validate and fire's receiver check judge the stream, which the
      // kill cut off mid-call (a pair may be missing: 1).
      expect([0, 1], `${args.join(' ')}: ${run.stderr}`).toContain(run.code);
      expect(run.stderr).toMatch(new RegExp(`cut\\.ndjson:${line}: the last line is cut short`));
      if (args[0] === 'fire')
        expect(JSON.parse(run.stdout).summary).toMatchObject({
          events: complete.length,
          delivered: complete.length,
        });
    }

    // The receiver restarted on the cut file: its requests start on a line of their own, and the
    // cut line, now further up, is still left out with a warning.
    const again = await receiver(['--record', cut]);
    const last = events.at(-1) as string;
    const res = await fetch(again.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: last,
    });
    expect(res.status).toBe(204);
    again.child.kill('SIGINT');
    expect(await closed(again.child)).toBe(0);
    const after = await runHere(['report', cut, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toMatch(new RegExp(`cut\\.ndjson:${line}: a capture line cut short`));
    expect(JSON.parse(after.stdout).notifications.total).toBe(
      new Set([...complete.map((l) => JSON.parse(l).body), last]).size,
    );
  });

  test('--scale without --events, or not a whole number, is a usage error', async () => {
    const a = await runCli(['fire', '--scale', '2']);
    const b = await runHere(['fire', '--events', eventsFile, '--scale', '0']);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toMatch(/--scale copies a file: give --events FILE too/);
    expect(b.stderr).toMatch(/--scale 0: give a whole number of copies from 1 to 1000/);
  });

  test('a --record file it cannot write is a usage error naming the flag, before it listens', async () => {
    const r = await runCli([
      'receive',
      '--port',
      '0',
      '--record',
      join(tmp, 'no', 'such', 'x.ndjson'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--record ".*x\.ndjson": no folder .*such; create it first/);
    expect(r.stderr).not.toMatch(/listening/);
  });
});
