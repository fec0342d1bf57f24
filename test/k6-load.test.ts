// `vcc-sim load` with the real k6 binary: the CLI spawned as a process, k6 spawned by it, HTTP to
// receivers on 127.0.0.1 only, a few seconds of simulated-live time at high speed per run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { LoadReport } from '../cli/commands/load.js';
import { findK6 } from '../cli/k6-binary.js';
import { decodeKsuid } from '../generator/notifications/ksuid.js';
import { simulate } from '../generator/simulation/simulate.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { getScenario } from '../scenarios/index.js';
import { ROOT, runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';
import { OTHER_SECRET, TEST_SECRET as SECRET } from './support/secret.js';

/** Six teams of two over 20 simulated minutes, every v0 channel event: about two seconds at 600x. */
const SIX_TEAMS = ['--agents', '12', '--team-size', '2', '--duration', '20m', '--speed', '600'];
/** The same center as the simulation the smoke scenario and SIX_TEAMS describe. */
const SIX_TEAM_SIMULATION = {
  ...getScenario('smoke').simulation,
  agents: 12,
  teamSize: 2,
  duration: '20m',
};
const tmp = scratchDir('vcc-sim-k6-');

const receivers: RunningReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(secret?: string): Promise<RunningReceiver> {
  const r = await startReceiver({ host: '127.0.0.1', port: 0, ...(secret ? { secret } : {}) });
  receivers.push(r);
  return r;
}

async function load(args: string[]) {
  const r = await runCli(['load', '--json', ...args]);
  const report = r.stdout ? (JSON.parse(r.stdout) as LoadReport) : undefined;
  return { ...r, report };
}

/** A KSUID without its time: re-basing to the run's start moves the time, never the payload. */
const payload = (id: string) => decodeKsuid(id)?.payload.join('.') ?? `bad:${id}`;

describe('vcc-sim load with k6', () => {
  test('k6 is there: a supported version on PATH or the pinned build in .tools', () => {
    const k6 = findK6({ root: ROOT });
    expect(k6, 'run "node scripts/ensure-k6.mjs"').toBeDefined();
    expect(Number(k6?.version.split('.')[0])).toBeGreaterThanOrEqual(1);
  });

  test('the smoke scenario through k6 reaches the built-in receiver whole: every event and every pair, signatures verified', async () => {
    const r = await load(['--speed', '600', '--secret', SECRET]);
    expect(r.code, r.stderr).toBe(0);
    const report = r.report as LoadReport;
    const totals = report.totals!;
    const got = report.receiver!;
    expect(report.planned).toBeGreaterThan(20);
    expect(totals.sent).toBe(report.planned);
    expect(totals.failed).toBe(0);
    expect(got.requests).toBe(totals.sent);
    expect(got.unique).toBe(totals.sent);
    expect(got.duplicates).toBe(0);
    expect(got.rejected).toEqual({});
    // Every answer 2xx (the receiver may answer 200 or 204), as k6 counted them.
    expect(Object.keys(got.statuses).every((s) => s.startsWith('2'))).toBe(true);
    expect(Object.values(got.statuses).reduce((a, b) => a + b, 0)).toBe(totals.sent);
    expect(totals.answers).toEqual(got.statuses);
    expect(totals.pairs).toBeGreaterThan(0);
    expect(got.pairsComplete).toBe(totals.pairs);
    expect(got.pairsPending).toBe(0);
    expect(Object.fromEntries(Object.entries(totals.perType).map(([t, v]) => [t, v.sent]))).toEqual(
      got.perType,
    );
    expect(report.plannedPerType).toEqual(got.perType);
    expect(report.accounting).toMatchObject({ ok: true, notFired: 0, lost: 0 });
    expect(totals.thresholdsFailed).toEqual([]);
  });

  test('requests signed by k6 fail verification by a receiver holding another secret (exit 99)', async () => {
    const other = await receiver(OTHER_SECRET);
    const r = await load(['--speed', '600', '--secret', SECRET, '--target', other.url]);
    expect(r.code).toBe(99);
    expect(other.stats().rejected['signature']).toBe(r.report?.totals?.sent);
    expect(r.stderr.trim().split('\n').pop()).toBe('vcc-sim: k6: thresholds failed (exit 99)');
  });

  test('--segments 3 fires exactly the events of a single k6 instance, none twice, none missing', async () => {
    const single = await receiver(SECRET);
    const split = await receiver(SECRET);
    const common = [...SIX_TEAMS, '--secret', SECRET, '--signature-format', 'bearer'];
    const [a, b] = await Promise.all([
      load([...common, '--target', single.url]),
      load([...common, '--target', split.url, '--segments', '3']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.report?.totals?.instances).toBe(3);
    const one = single.ids().map(payload);
    const three = split.ids().map(payload);
    expect(new Set(three).size).toBe(three.length);
    expect(new Set(three)).toEqual(new Set(one));
    // … and both are the simulation's own events.
    const planned = [...simulate(SIX_TEAM_SIMULATION)].map((n) => payload(n.id));
    expect(new Set(one)).toEqual(new Set(planned));
    expect(split.stats().pairsPending).toBe(0);
    expect(split.stats().rejected).toEqual({});
  });

  test('--time-zone in k6 (no Intl there): the simulation Node plans, opening at 08:00 EDT on the day of the change', async () => {
    // 8 March 2026, 07:50-08:20 in New York: EDT since 02:00, so the center opens at 12:00 UTC.
    // Half an hour (its first 20 minutes hold one or two callers, depending on the seed's draws).
    const zone = [
      ...['--time-zone', 'America/New_York', '--start', '2026-03-08T11:50:00Z'],
      ...['--duration', '30m'],
    ];
    // That day is a Sunday, closed by default (weekdayLevels[0] 0): the smoke center, open every
    // day (Sunday as Saturday), from a scenario file, as no flag sets the weekday levels.
    const weekdayLevels = [0.4, 1, 0.87, 0.85, 0.84, 0.82, 0.4];
    const smoke = getScenario('smoke');
    const everyDay = join(tmp, 'smoke-every-day.json');
    writeFileSync(
      everyDay,
      JSON.stringify({ ...smoke, simulation: { ...SIX_TEAM_SIMULATION, weekdayLevels } }),
    );
    const [live, pre, inK6] = [
      await receiver(SECRET),
      await receiver(SECRET),
      await receiver(SECRET),
    ];
    const sixTeams = SIX_TEAMS.filter(
      (_, i) => SIX_TEAMS[i] !== '--duration' && SIX_TEAMS[i - 1] !== '--duration',
    );
    const common = ['--scenario', everyDay, ...sixTeams, ...zone, '--secret', SECRET];
    const runs = await Promise.all([
      load([...common, '--no-pregenerate', '--target', live.url]),
      load([...common, '--pregenerate', '--target', pre.url]),
      // Each VU simulating its team, as the k6-operator's runners do.
      load([...common, '--no-pregenerate', '--no-live-feed', '--target', inK6.url]),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const options = {
      ...SIX_TEAM_SIMULATION,
      weekdayLevels,
      start: '2026-03-08T11:50:00Z',
      duration: '30m',
      timeZone: 'America/New_York',
    };
    const planned = [...simulate(options)];
    const arrivals = planned
      .filter((n) => n.type === 'channel.connected.v0' && 'channel' in n.data)
      .filter((n) => 'channel' in n.data && n.data.channel.party.role === 'external')
      .map((n) => n.data.timestamp);
    expect(arrivals.length).toBeGreaterThan(1);
    expect(arrivals.every((t) => t >= '2026-03-08T12:00:00')).toBe(true);
    const ids = new Set(planned.map((n) => payload(n.id)));
    for (const target of [live, pre, inK6]) expect(new Set(target.ids().map(payload))).toEqual(ids);
  });

  test('--pregenerate and the live feed fire the events k6 simulates itself, every pair together, on one k6 instance or two', async () => {
    const [live, one, two, auto, fed] = [
      await receiver(SECRET),
      await receiver(SECRET),
      await receiver(SECRET),
      await receiver(SECRET),
      await receiver(SECRET),
    ];
    const common = [...SIX_TEAMS, '--secret', SECRET];
    // Without the flag, a run this fast (about 600 events in 12 ms of simulated-time-at-speed)
    // asks k6 for more events/s than simulating while firing keeps up with: it pre-generates.
    const fast = SIX_TEAMS.map((a) => (a === '600' ? '100000' : a));
    const runs = await Promise.all([
      load([...common, '--no-pregenerate', '--no-live-feed', '--target', live.url]),
      load([...common, '--pregenerate', '--target', one.url]),
      load([...common, '--pregenerate', '--segments', '2', '--target', two.url]),
      load([...fast, '--secret', SECRET, '--target', auto.url]),
      // The default when it does not pre-generate: simulated here, fed to k6 (two instances).
      load([...common, '--no-pregenerate', '--segments', '2', '--target', fed.url]),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs.map((r) => r.report?.pregenerated)).toEqual([false, true, true, true, false]);
    expect(runs.map((r) => r.report?.liveFeed)).toEqual([false, false, false, false, true]);
    expect(runs[0]?.stderr.split('\n')[0]).toMatch(
      /\(live, simulated while firing, \d+ events planned\)/,
    );
    expect(runs[4]?.stderr).toMatch(
      /simulating here, each team fed to its k6 VU over ws:\/\/127\.0\.0\.1:\d+\/feed/,
    );
    expect(runs[0]?.stderr).not.toContain('fed to its k6 VU');
    expect(runs[3]?.stderr.split('\n')[0]).toMatch(
      /\(live, pre-generated: [\d,]+ events\/s asked of each k6 instance, \d+ events planned\)/,
    );
    // --max-duration bounds the firing, after the pre-generation: the run says so.
    expect(runs[1]?.stderr).toContain(
      "pre-generating first, in k6's init: --max-duration 1m counts from when firing starts, after it",
    );
    expect(runs[0]?.stderr).not.toContain('pre-generating first');
    const expected = new Set(live.ids().map(payload));
    for (const [r, target] of [
      [runs[1], one],
      [runs[2], two],
      [runs[3], auto],
      [runs[4], fed],
    ] as const) {
      const ids = target.ids().map(payload);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(expected);
      expect(target.stats().pairsPending).toBe(0);
      expect(target.stats().rejected).toEqual({});
      expect(r?.report?.totals?.pairs).toBe(runs[0]?.report?.totals?.pairs);
    }
    expect(runs[2]?.report?.totals?.instances).toBe(2);
  });

  test("--report writes k6's HTML report of the run", async () => {
    const report = join(tmp, 'report.html');
    const r = await load(['--speed', '150', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report?.reports).toEqual([report]);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html.length).toBeGreaterThan(10_000);
  });

  test('a receiver answering 500 fails the thresholds: exit 99, with the answers in the summary', async () => {
    const r = await load(['--speed', '600', '--receiver-status', '500']);
    expect(r.code).toBe(99);
    expect(r.report?.totals?.answers).toEqual({ '500': r.report?.totals?.sent });
    expect(r.report?.totals?.thresholdsFailed.join(' ')).toMatch(/http_req_failed/);
    // Received is not accepted.
    expect(r.report?.receiver?.requests).toBe(r.report?.totals?.sent);
    expect(r.report?.accounting).toMatchObject({ ok: false, accepted: 0 });
    expect(r.report?.accounting.notAccepted).toBe(r.report?.totals?.sent);
  });

  test('a receiver failing a share of the requests leaves events not accepted: not accounted for', async () => {
    const r = await load(['--speed', '600', '--receiver-fail-rate', '0.5']);
    const report = r.report as LoadReport;
    expect(r.code).not.toBe(0);
    const failed = report.receiver?.statuses['500'] ?? 0;
    expect(failed).toBeGreaterThan(0);
    expect(report.accounting).toMatchObject({ ok: false, notAccepted: failed });
    expect(report.accounting.accepted).toBe((report.totals?.sent ?? 0) - failed);
    expect(report.accounting.problems.join(' ')).toContain(
      `${failed} of ${report.receiver?.requests} requests received were not accepted by the built-in receiver (500 x${failed})`,
    );
  });

  test('an impossible threshold fails the run with exit 99', async () => {
    const r = await load(['--speed', '600', '--threshold', 'http_req_duration=p(95)<0']);
    expect(r.code).toBe(99);
    expect(r.report?.totals?.thresholdsFailed).toContain('http_req_duration: p(95)<0');
  });

  test('a run cut short by --max-duration exits 1 and says how many planned events were not fired', async () => {
    const r = await load(['--speed', '30', '--max-duration', '2s']);
    expect(r.code).toBe(1);
    const report = r.report as LoadReport;
    expect(report.accounting.notFired).toBeGreaterThan(0);
    expect(report.accounting.notFired).toBe(report.planned - (report.totals?.sent ?? 0));
    expect(report.receiver?.requests).toBe(report.totals?.sent);
    // Issue 24's wording, one cause named (as load-plan.test.ts and docs/load-testing.md give it).
    expect(r.stderr.trim().split('\n').pop()).toMatch(
      /^vcc-sim: \d+ of \d+ events not fired \(the run hit --max-duration 2s\)$/,
    );
  });

  test('a replay fires every line of the file once, following its timeline, on one k6 instance or two', async () => {
    const file = join(tmp, 'replay.ndjson');
    const gen = await runHere([
      'generate',
      ...['--agents', '10', '--start', '2026-01-05T10:00:00Z', '--duration', '20m', '--out', file],
    ]);
    expect(gen.code).toBe(0);
    // Ten agents: a center of four planned to 80/20 may take no call in twenty minutes.
    const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    const ids = new Set(lines.map((l) => JSON.parse(l).id));
    // A capture may hold a redelivery: fired as is, kept once by the receiver, not a loss.
    const withRedelivery = join(tmp, 'replay-redelivered.ndjson');
    writeFileSync(withRedelivery, `${lines.join('\n')}\n${lines[3]}\n`);
    const [one, two] = [await receiver(), await receiver()];
    const [a, b] = await Promise.all([
      // --no-pregenerate asks for what a replay does anyway: accepted.
      load(['--events', file, '--speed', '600', '--no-pregenerate', '--target', one.url]),
      load(['--events', withRedelivery, '--rate', '200', '--segments', '2', '--target', two.url]),
    ]);
    for (const [r, target, duplicates] of [
      [a, one, 0],
      [b, two, 1],
    ] as const) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.report?.totals?.sent).toBe(lines.length + duplicates);
      expect(target.stats().duplicates).toBe(duplicates);
      expect(new Set(target.ids())).toEqual(ids);
    }
  });

  test.each([
    [['--segments', '0'], /^vcc-sim: Invalid --segments 0/],
    [
      ['--scenario', 'smok'],
      /^vcc-sim: --scenario "smok": not a scenario: .*\(did you mean "smoke"\?\)/,
    ],
    [['--rate', '10'], /--rate paces a replay/],
    [
      [
        '--k6-operator',
        join(tmp, 'k8s'),
        '--parallelism',
        '1',
        '--target',
        'http://127.0.0.1:9/w',
        '--out',
        'json=x.json',
        '--json',
      ],
      /^vcc-sim: --out or k6 flags after --, --json shape a local run; the k6-operator's runners take none of them/,
    ],
    [['--events', '/no/such.ndjson'], /no such file/],
    [['--events', tmp], /^vcc-sim: Cannot read --events ".*": not a file; give an NDJSON file/],
    [['--report', '/no/such/folder/report.html'], /^vcc-sim: Cannot write --report .*no folder/],
    [['--report', tmp], /^vcc-sim: Cannot write --report .*it is a folder/],
    [
      ['--threshold', 'http_req_duraton=p(95)<1'],
      /^vcc-sim: Unknown threshold metric "http_req_duraton"/,
    ],
    [['--', '--vus', '3'], /^vcc-sim: The k6 flag --vus after -- would change what the run fires/],
    [['--header', 'no-colon'], /Invalid --header/],
    [['--target', 'ftp://127.0.0.1/'], /only http and https/],
    [['--segments', '2'], /more than the 1 teams/],
    [['--k6-operator', tmp], /needs --target/],
    [
      ['--scenario', '/no/such-scenario.json'],
      /--scenario "\/no\/such-scenario.json": no such scenario file/,
    ],
    [
      ['--pregenerate', '--events', join(ROOT, 'package.json')],
      /--pregenerate applies to live mode/,
    ],
    [['--scenario', 'chaos', '--pregenerate'], /^vcc-sim: --pregenerate fires pre-built requests/],
    [
      ['--live-feed', '--pregenerate'],
      /^vcc-sim: --live-feed simulates while firing, --pregenerate before it/,
    ],
    [
      ['--scenario', 'chaos', '--live-feed'],
      /^vcc-sim: --live-feed fires requests built before their faults/,
    ],
    [
      ['--live-feed', '--events', join(ROOT, 'package.json')],
      /^vcc-sim: --live-feed applies to live mode/,
    ],
    [
      ['--live-feed', '--k6-operator', tmp, '--target', 'http://receiver.svc/webhook'],
      /^vcc-sim: --live-feed feeds local k6 instances from this process: drop it with --k6-operator/,
    ],
    [
      ['--scenario', 'chaos', '--events', join(ROOT, 'package.json')],
      /^vcc-sim: The chaos scenario's faults are drawn while simulating live: drop --events/,
    ],
    [
      ['--threshold', 'http_req_duration{url:x}=p(95)<1'],
      /^vcc-sim: Invalid --threshold .*no request carries the tag "url"/,
    ],
    [
      ['--pregenerate', '--agents', '240', '--team-size', '12', '--duration', '8d', '--types', '*'],
      /^vcc-sim: --pregenerate would hold about \d+ events in one k6 instance, over the cap of 2000000: .*--segments \d+ or more/,
    ],
  ])('bad input %j exits 2 with one line', async (args, message) => {
    const r = await runHere(['load', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  test('a bad input as a process ends as it does run here: exit 2, the same line', async () => {
    const r = await sameAsProcess(['load', '--segments', '2']);
    expect(r.code).toBe(2);
  });

  test('an events file that is not NDJSON exits 2 naming the line', async () => {
    const file = join(tmp, 'bad.ndjson');
    writeFileSync(file, '{"type":"channel.alerted.v0","time":"2026-01-05T10:00:00Z"}\nnot json\n');
    const r = await runCli(['load', '--events', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `vcc-sim: ${file}:2: not JSON; give NDJSON (one event a line), a JSON array or a batch (vcc-sim generate).\n`,
    );
  });
});
