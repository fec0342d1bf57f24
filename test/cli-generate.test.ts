import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';

const tmp = scratchDir('vcc-sim-cli-');

describe('vcc-sim generate', () => {
  test('writes NDJSON to stdout and a one-line summary to stderr, the same bytes every time', async () => {
    const args = ['generate', '--agents', '12', '--duration', '1h', '--seed', '7'];
    // A process, then this one (whose modules already ran other tests): the same bytes.
    const a = await runCli(args);
    const b = await runHere(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const lines = a.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(new Set(lines.map((l) => JSON.parse(l).type))).toEqual(
      new Set(['channel.disconnected.v0', 'channel.wrapstarted.v0']),
    );
    expect(a.stderr).toMatch(
      /^generated \d+ events for 12 agents in 1 teams: \d+ interactions .* over 1h in [\d.]+ (ms|s)\n$/,
    );
  });

  test('--format json and batch write one JSON array; --out and --roster write files', async () => {
    const out = join(tmp, 'batch.json');
    const roster = join(tmp, 'roster.json');
    const r = await runHere([
      'generate',
      '--agents',
      '13',
      '--duration',
      '30m',
      '--types',
      'channel.*.v0,agent.*.v0',
      '--format',
      'batch',
      '--out',
      out,
      '--roster',
      roster,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const batch = JSON.parse(readFileSync(out, 'utf8'));
    expect(Array.isArray(batch)).toBe(true);
    const people = JSON.parse(readFileSync(roster, 'utf8'));
    expect(people.filter((p: { role: string }) => p.role === 'agent')).toHaveLength(13);
    // 13 agents are one queue (of up to 64 by default) in two supervisor teams (12 agents each
    // at most): two supervisors.
    expect(people.filter((p: { role: string }) => p.role === 'supervisor')).toHaveLength(2);
    const agentIds = new Set(people.map((p: { agentId: string }) => p.agentId));
    for (const n of batch)
      if (n.data.channel?.party.agentId) expect(agentIds).toContain(n.data.channel.party.agentId);
    expect(people[2]).toMatchObject({
      name: expect.stringMatching(/^\S+ \S+/),
      email: expect.stringContaining('@example.com'),
      teamName: expect.any(String),
    });
    const json = await runHere([
      'generate',
      '--agents',
      '13',
      '--duration',
      '30m',
      '--types',
      'channel.*.v0,agent.*.v0',
      '--format',
      'json',
    ]);
    expect(JSON.parse(json.stdout)).toEqual(batch);
  });

  test('--report prints the KPI table of the events generated to stderr, as vcc-sim report prints it, and leaves stdout as it was', async () => {
    const args = ['generate', '--agents', '30', '--duration', '2h', '--seed', '3'];
    const types = ['--types', 'channel.*.v0,agent.presencechanged.v0'];
    const plain = await runHere([...args, ...types]);
    const reported = await runHere([...args, ...types, '--report']);
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.stdout.length).toBeGreaterThan(0);
    expect(reported.stdout).toBe(plain.stdout);
    const report = await runCli(['report'], plain.stdout);
    expect(report.code, report.stderr).toBe(0);
    const lines = plain.stdout.trim().split('\n').length;
    expect(reported.stderr).toContain(`report of the ${lines} events generated`);
    // The same KPIs; the run also knows its staffing plan, which a stream alone does not.
    expect(reported.stderr).toContain(report.stdout.split('\n').slice(0, 2).join('\n'));
    expect(report.stdout).toContain('required (plan) unknown from the stream');
    expect(reported.stderr).toMatch(/; [\d.]+ required by the plan;/);
    expect(reported.stderr).toMatch(/occupancy +required +staffed/);
    expect(report.stdout).toMatch(/^offered \d+, answered \d+/);
    expect(reported.stderr).not.toMatch(/not in this stream|every KPI needs/);
  });

  test('--report with --format json or --out: the events are the same bytes, the table says which KPIs the types cannot give', async () => {
    const args = ['generate', '--agents', '8', '--duration', '1h', '--format', 'json'];
    const out = join(tmp, 'reported.json');
    const plain = await runHere(args);
    const reported = await runHere([...args, '--report']);
    const toFile = await runHere([...args, '--report', '--out', out]);
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.stdout).toBe(plain.stdout);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(plain.stdout);
    const events = JSON.parse(plain.stdout) as unknown[];
    for (const r of [reported, toFile]) {
      expect(r.stderr).toContain(`notifications ${events.length}:`);
      // Only disconnected and wrapstarted by default: no arrivals, so no service level.
      expect(r.stderr).toMatch(/not in this stream: offered, answered, service level, ASA/);
      expect(r.stderr).toMatch(/every KPI needs every channel type and the presence: --types/);
    }
  });

  test.each([
    [['generate', '--bogus'], /^vcc-sim: unknown flag --bogus\. Run "vcc-sim generate --help"/],
    [['generate', '--agents', 'many'], /^vcc-sim: --agents "many": not a number\.$/],
    [
      ['generate', '--agents', '0'],
      /^vcc-sim: --agents "0": give a whole number from 1 to 100000\.$/,
    ],
    [['generate', '--agents'], /^vcc-sim: --agents needs a value: give a number\.$/],
    [
      ['generate', '--duration', '8 hours'],
      /^vcc-sim: --duration "8 hours": use a number with a unit/,
    ],
    [['generate', '--duration', '-1h'], /^vcc-sim: --duration "-1h": use a number with a unit/],
    [['generate', '--duration', '10'], /^vcc-sim: --duration "10": give the unit, e.g. "10s"/],
    [['generate', '--start', 'yesterday'], /^vcc-sim: --start "yesterday": use an ISO 8601 time/],
    [
      ['generate', '--start', '2026-01-05T10:00:00Z', '--end', '2026-01-05T09:00:00Z'],
      /^vcc-sim: --end "2026-01-05T09:00:00Z": give an end after the start 2026-01-05T10:00:00.000Z\.$/,
    ],
    [
      ['generate', '--format', 'xml'],
      /^vcc-sim: --format "xml": use one of "ndjson", "json", "batch"\.$/,
    ],
    [
      ['generate', '--types', 'channel.wrapstart.v0'],
      /^vcc-sim: --types "channel.wrapstart.v0": .*did you mean "channel.wrapstarted.v0"/,
    ],
    [['generate', '--teams', 'a-b'], /^vcc-sim: --teams "a-b": use team indexes and ranges/],
    [['generate', '--teams', '2-0'], /^vcc-sim: --teams "2-0": the range 2-0 runs backwards/],
    [
      ['generate', '--teams', '7'],
      /^vcc-sim: --teams "7": team 7 does not exist: the center has 1 team/,
    ],
    [
      ['generate', '--out', '/nonexistent-dir/x.ndjson'],
      /^vcc-sim: --out "\/nonexistent-dir\/x.ndjson": cannot open it: no such file or folder\.$/,
    ],
    [['frobnicate'], /Unknown argument: frobnicate|Name a command/],
    [['generate', '--report-json', 'r.json'], /^vcc-sim: unknown flag --report-json\. Run/],
    [['generate', '--report', '--interval', '1h'], /^vcc-sim: unknown flag --interval\. Run/],
    [['generate', '--hours', '9-5'], /^vcc-sim: --hours "9-5": use HH:MM-HH:MM/],
    [
      ['generate', '--hours', '18:00-08:00'],
      /^vcc-sim: --hours "18:00-08:00": the closing time must be after the opening time 18:00\.$/,
    ],
    [
      ['generate', '--service-level', '120/20'],
      /^vcc-sim: --service-level "120\/20": give PERCENT\/SECONDS/,
    ],
    [
      ['generate', '--calls-per-hour', '0'],
      /^vcc-sim: --calls-per-hour "0": give a number of calls above 0/,
    ],
    [
      ['generate', '--calls-per-hour', '1000000'],
      /^vcc-sim: --calls-per-hour "1000000": .*more than 100,000 agents/,
    ],
    [
      ['generate', '--staffing', 'some'],
      /^vcc-sim: --staffing "some": use one of "planned", "all"\.$/,
    ],
    [
      ['generate', '--staffing'],
      /^vcc-sim: --staffing needs a value: give one of "planned", "all"\.$/,
    ],
    [
      ['generate', '--after-hours', 'ivr'],
      /^vcc-sim: --after-hours "ivr": use one of "closed", "voicemail"\.$/,
    ],
    [
      ['generate', '--utc-offset', '5 hours'],
      /^vcc-sim: --utc-offset "5 hours": use a number with a unit/,
    ],
    [['generate', '--seed'], /^vcc-sim: --seed needs a value\.$/],
    [
      ['generate', '--time-zone', 'America/Nowhere'],
      /^vcc-sim: --time-zone "America\/Nowhere": give an IANA time zone, e\.g\. America\/New_York\.$/,
    ],
    [
      ['generate', '--time-zone', 'America/New_York', '--utc-offset', '-5h'],
      /^vcc-sim: Give --time-zone or --utc-offset, not both: the center keeps one clock\.$/,
    ],
  ])('bad input %j: one line on stderr, exit 2, no stack trace', async (args, message) => {
    const r = await runHere(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  test('a bad input as a process ends as it does run here: exit 2, the same line', async () => {
    const r = await sameAsProcess(['generate', '--teams', '7']);
    expect(r.code).toBe(2);
  });
});

test('a negative --utc-offset is a value with or without "=" and moves the opening hours', async () => {
  // 13:00-14:00 UTC is 08:00-09:00 at UTC-5 (open) and 13:00-14:00 at UTC (open, another curve).
  const args = ['generate', '--agents', '6', '--duration', '1h', '--start', '2026-01-05T13:00:00Z'];
  const spaced = await runHere([...args, '--utc-offset', '-5h']);
  const joined = await runHere([...args, '--utc-offset=-5h']);
  const utc = await runHere(args);
  expect(spaced.code, spaced.stderr).toBe(0);
  expect(spaced.stdout.length).toBeGreaterThan(0);
  expect(spaced.stdout).toBe(joined.stdout);
  expect(spaced.stdout).not.toBe(utc.stdout);
});

describe('vcc-sim validate', () => {
  test('passes a generated day and reports its counts', async () => {
    const file = join(tmp, 'day.ndjson');
    const gen = await runHere([
      'generate',
      '--agents',
      '20',
      '--duration',
      '2h',
      '--seed',
      '7',
      '--types',
      '*',
      '--out',
      file,
    ]);
    expect(gen.code).toBe(0);
    const r = await runCli(['validate', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok: \d+ events \(\d+ valid, 0 invalid, 0 duplicates\), \d+ channels, \d+ disconnected\/wrapstarted pairs, 0 violations\n$/,
    );
  });

  test('reads stdin and JSON arrays too', async () => {
    const gen = await runHere([
      'generate',
      '--agents',
      '12',
      '--duration',
      '30m',
      '--format',
      'batch',
    ]);
    const r = await runCli(['validate', '-'], gen.stdout);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: /);
  });

  test('/dev/stdin from a shell pipe reads like - for validate and report, NDJSON and JSON array alike', async () => {
    // A shell pipe, as users write it (runCli's stdin is a socket, which /dev/stdin cannot open).
    const gen = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} generate --agents 6 --duration 1h --seed 4 --types 'channel.*.v0,agent.presencechanged.v0'`;
    const piped = (format: string, command: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        execFile(
          'bash',
          [
            '-c',
            `set -o pipefail; ${gen} --format ${format} | ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${command} /dev/stdin`,
          ],
          (err, stdout, stderr) =>
            done({ code: err ? ((err.code as number) ?? 1) : 0, stdout, stderr }),
        );
      });
    const ndjson = await runHere([
      'generate',
      '--agents',
      '6',
      '--duration',
      '1h',
      '--seed',
      '4',
      '--types',
      'channel.*.v0,agent.presencechanged.v0',
    ]);
    const [dash, devNd, devArray, valNd, valArray] = await Promise.all([
      runCli(['report', '-'], ndjson.stdout),
      piped('ndjson', 'report'),
      piped('json', 'report'),
      piped('ndjson', 'validate'),
      piped('json', 'validate'),
    ]);
    for (const r of [dash, devNd, devArray, valNd, valArray]) expect(r.code, r.stderr).toBe(0);
    expect(dash.stdout).toMatch(/^offered [1-9]/);
    expect(devNd.stdout).toBe(dash.stdout);
    expect(devArray.stdout).toBe(dash.stdout);
    expect(valNd.stdout).toMatch(/^ok: /);
    expect(valArray.stdout).toBe(valNd.stdout);
  });

  test('prints each violation with its line and exits 1', async () => {
    const gen = await runHere(['generate', '--agents', '5', '--duration', '1h', '--seed', '3']);
    const lines = gen.stdout.trim().split('\n');
    const broken = JSON.parse(lines[3]!);
    delete broken.data.timestamp;
    lines[3] = JSON.stringify(broken);
    lines[5] = '{not json';
    const file = join(tmp, 'broken.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runHere(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:4: [schema]`);
    expect(r.stdout).toContain(`${file}:6: [json] not JSON`);
    expect(r.stdout).toMatch(/FAILED: .* violations\n$/);
    const json = await runHere(['validate', file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, summary: { invalid: 2 } });
  });

  test.each([
    [
      ['validate', '/no/such/file.ndjson'],
      /Cannot read or write "\/no\/such\/file.ndjson": no such file/,
    ],
    [['validate'], /Not enough non-option arguments/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const r = await runHere(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a malformed JSON array is one clear line and exit 2', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '[{"type": "channel.ended.v0",');
    const r = await runHere(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vcc-sim: Malformed JSON in .*bad.json: /);
  });

  test('an empty stream is an error', async () => {
    const file = join(tmp, 'empty.ndjson');
    writeFileSync(file, '\n');
    const r = await runHere(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no events/);
  });
});
