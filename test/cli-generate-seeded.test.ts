/**
 * `vcc-sim generate` output, recorded per seed and flags (the built CLI, spawned): the same bytes
 * every release unless changed on purpose (`vitest run -u`).
 */
import { describe, expect, test } from 'vitest';
import { ndjson, runCli } from './helpers.js';
import { sha256 } from './support/seeded-runs.js';

const RUNS: Record<string, string[]> = {
  'the defaults (20 agents, 8 hours, the hang-up pair)': [],
  'every v0 type, 12 agents in two teams for 2 hours': [
    '--agents',
    '12',
    '--team-size',
    '6',
    '--duration',
    '2h',
    '--types',
    'channel.*.v0',
    'agent.*.v0',
  ],
  'the smoke scenario as a CloudEvents batch': ['--scenario', 'smoke', '--format', 'batch'],
  'v1 events as an indented JSON array': [
    '--agents',
    '3',
    '--duration',
    '30m',
    '--types',
    '*.v1',
    '--format',
    'json',
  ],
};

describe.each([7, 'det'])('vcc-sim generate --seed %s', (seed) => {
  test.each(Object.entries(RUNS))('%s', async (_, flags) => {
    const r = await runCli(['generate', '--seed', String(seed), ...flags]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect({
      bytes: Buffer.byteLength(r.stdout),
      lines: lines.length - 1,
      sha256: sha256(r.stdout),
      firstLine: lines[0]?.slice(0, 120),
    }).toMatchSnapshot();
  });
});

test('generate writes the same NDJSON as serializing simulate() in-process', async () => {
  const r = await runCli([
    'generate',
    '--seed',
    '7',
    ...(RUNS['every v0 type, 12 agents in two teams for 2 hours'] ?? []),
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe(
    ndjson({
      seed: 7,
      agents: 12,
      teamSize: 6,
      duration: '2h',
      types: ['channel.*.v0', 'agent.*.v0'],
    }),
  );
});
