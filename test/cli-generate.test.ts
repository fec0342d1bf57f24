import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'vcc-sim-cli-'));

describe('vcc-sim generate', () => {
  test('writes NDJSON to stdout and a one-line summary to stderr, the same bytes every time', async () => {
    const args = ['generate', '--agents', '12', '--duration', '1h', '--seed', '7'];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const lines = a.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(new Set(lines.map((l) => JSON.parse(l).type))).toEqual(
      new Set(['channel.disconnected.v0', 'channel.wrapstarted.v0']),
    );
    expect(a.stderr).toMatch(
      /^generated \d+ events for 12 agents in 1 teams: \d+ interactions .* over 1h in [\d.]+s\n$/,
    );
  });

  test('--format json and batch write one JSON array; --out and --roster write files', async () => {
    const out = join(tmp, 'batch.json');
    const roster = join(tmp, 'roster.json');
    const r = await runCli([
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
    expect(people.filter((p: { role: string }) => p.role === 'supervisor')).toHaveLength(2);
    const agentIds = new Set(people.map((p: { agentId: string }) => p.agentId));
    for (const n of batch)
      if (n.data.channel?.party.agentId) expect(agentIds).toContain(n.data.channel.party.agentId);
    expect(people[2]).toMatchObject({
      name: expect.stringMatching(/^\S+ \S+/),
      email: expect.stringContaining('@example.com'),
      teamName: expect.any(String),
    });
    const json = await runCli([
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

  test.each([
    [['generate', '--bogus'], /Unknown argument: bogus/],
    [['generate', '--agents', 'many'], /Invalid agent count/],
    [['generate', '--agents', '0'], /Invalid agent count 0/],
    [['generate', '--duration', '8 hours'], /Invalid duration "8 hours"/],
    [['generate', '--start', 'yesterday'], /Invalid start "yesterday"/],
    [
      ['generate', '--start', '2026-01-05T10:00:00Z', '--end', '2026-01-05T09:00:00Z'],
      /The end .* is not after the start/,
    ],
    [['generate', '--format', 'xml'], /Invalid values:[\s\S]*format/],
    [['generate', '--types', 'channel.wrapstart.v0'], /did you mean "channel.wrapstarted.v0"/],
    [['generate', '--teams', 'a-b'], /Invalid --teams/],
    [
      ['generate', '--out', '/nonexistent-dir/x.ndjson'],
      /Cannot read or write "\/nonexistent-dir\/x.ndjson": no such file/,
    ],
    [['frobnicate'], /Unknown argument: frobnicate|Name a command/],
  ])('bad input %j: one line on stderr, exit 2, no stack trace', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});

describe('vcc-sim validate', () => {
  test('passes a generated day and reports its counts', async () => {
    const file = join(tmp, 'day.ndjson');
    const gen = await runCli([
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
    const gen = await runCli([
      'generate',
      '--agents',
      '5',
      '--duration',
      '30m',
      '--format',
      'batch',
    ]);
    const r = await runCli(['validate', '-'], gen.stdout);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: /);
  });

  test('prints each violation with its line and exits 1', async () => {
    const gen = await runCli(['generate', '--agents', '5', '--duration', '1h', '--seed', '3']);
    const lines = gen.stdout.trim().split('\n');
    const broken = JSON.parse(lines[3]!);
    delete broken.data.timestamp;
    lines[3] = JSON.stringify(broken);
    lines[5] = '{not json';
    const file = join(tmp, 'broken.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:4: [schema]`);
    expect(r.stdout).toContain(`${file}:6: [json] not JSON`);
    expect(r.stdout).toMatch(/FAILED: .* violations\n$/);
    const json = await runCli(['validate', file, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, summary: { invalid: 2 } });
  });

  test.each([
    [
      ['validate', '/no/such/file.ndjson'],
      /Cannot read or write "\/no\/such\/file.ndjson": no such file/,
    ],
    [['validate'], /Not enough non-option arguments/],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a malformed JSON array is one clear line and exit 2', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '[{"type": "channel.ended.v0",');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vcc-sim: Malformed JSON in .*bad.json: /);
  });

  test('an empty stream is an error', async () => {
    const file = join(tmp, 'empty.ndjson');
    writeFileSync(file, '\n');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no events/);
  });
});
