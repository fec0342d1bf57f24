// vcc-sim fit's accuracy, through the built CLI as a user runs it: for three non-default centers
// (the ones test/fit.test.ts checks), three captures each (`generate --seed m-N`), each fitted
// (`fit --out`), each fit replayed on four new seeds (`generate --scenario FITTED --seed r-N`)
// and reported beside its capture. Prints the largest miss of each KPI over the 36 replays, and of
// each recovered parameter over the 9 fits. Accuracy, not speed: no timing is taken.
// Usage: node bench/fit-accuracy.bench.mjs   (npm run bench builds dist/ first; 80 s of CPU, six
// minutes on two busy shared cores)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'vcc-sim');
const ALL = ['channel.*.v0', 'agent.presencechanged.v0'];
const tmp = mkdtempSync(join(tmpdir(), 'vcc-sim-fit-bench-'));

const CENTERS = {
  'late-flat': {
    simulation: {
      agents: 40,
      teamSize: 20,
      start: '2026-01-06T06:00:00Z',
      duration: '14h',
      hours: { open: '07:00', close: '19:00' },
      curve: [
        0, 0, 0, 0, 0, 0, 0.2, 0.7, 1, 1, 0.9, 0.8, 0.8, 0.9, 1, 1, 0.9, 0.8, 0.6, 0.3, 0, 0, 0, 0,
      ],
      dailyLevelSd: 0,
      distributions: {
        talk: { kind: 'lognormal', mean: 180, sd: 100, min: 5, max: 3600 },
        wrap: { kind: 'lognormal', mean: 30, sd: 15, min: 2, max: 600 },
        hold: { kind: 'lognormal', mean: 70, sd: 40, min: 3, max: 600 },
        patience: { kind: 'lognormal', mean: 60, sd: 40, min: 3, max: 1800 },
      },
      probabilities: { transfer: 0.12, hold: 0.4, noAnswer: 0.06, park: 0.04, voicemail: 0.4 },
    },
    flags: [],
  },
  'week-blended': {
    simulation: {
      agents: 24,
      teamSize: 8,
      start: '2026-01-05T05:00:00Z',
      duration: '6d',
      utcOffset: '-5h',
      hours: { open: '09:00', close: '17:00' },
      weekdayLevels: [0, 1, 0.8, 0.9, 0.7, 0.6, 0],
      dailyLevelSd: 0,
      emails: {
        perAgentHour: 2,
        handle: { kind: 'lognormal', mean: 300, sd: 200, min: 20, max: 1800 },
      },
      distributions: { talk: { kind: 'lognormal', mean: 400, sd: 250, min: 10, max: 3600 } },
    },
    flags: ['--utc-offset', '-5h'],
  },
  strict: {
    simulation: { agents: 30, duration: '10h', serviceLevel: '95/10', dailyLevelSd: 0 },
    flags: [],
  },
};

const DEFAULT_MEANS = { talk: 270, wrap: 45, hold: 40, patience: 120 };
const DEFAULT_SHARES = { noAnswer: 0.03, hold: 0.25, park: 0.02, transfer: 0.06 };

function cli(args) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`vcc-sim ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** A stream's report totals, and the hour (UTC) of its first call. */
function totals(file) {
  const r = JSON.parse(cli(['report', file, '--json']));
  const first = r.intervals.find((k) => k.offered > 0);
  return { ...r.totals, firstHour: first ? new Date(first.start).getUTCHours() : -1 };
}
const worst = new Map();
const note = (key, value) => worst.set(key, Math.max(worst.get(key) ?? 0, Math.abs(value)));

for (const [name, center] of Object.entries(CENTERS)) {
  const scenario = join(tmp, `${name}.json`);
  writeFileSync(
    scenario,
    JSON.stringify({ name, simulation: { ...center.simulation, types: ALL } }),
  );
  for (const seed of ['m-1', 'm-2', 'm-3']) {
    const capture = join(tmp, 'capture.ndjson');
    const fitted = join(tmp, 'fitted.json');
    cli(['generate', '--scenario', scenario, '--seed', seed, '--out', capture]);
    const fit = JSON.parse(
      cli(['fit', capture, '--out', fitted, '--json', '--no-check', ...center.flags]),
    ).estimates;
    const truth = center.simulation;
    for (const [d, mean] of Object.entries(DEFAULT_MEANS))
      note(
        `recovery: ${d} mean`,
        fit.durations[d].mean / (truth.distributions?.[d]?.mean ?? mean) - 1,
      );
    for (const [p, share] of Object.entries(DEFAULT_SHARES))
      note(
        `recovery: ${p} share (points)`,
        fit.shares[p].value - (truth.probabilities?.[p] ?? share),
      );
    if (truth.weekdayLevels)
      for (let w = 1; w <= 5; w++)
        note(
          'recovery: weekday level',
          (fit.calendar.weekdayLevels[w] ?? 0) - truth.weekdayLevels[w],
        );
    if (truth.emails) note('recovery: emails per agent-hour', fit.emails.perAgentHour / 2 - 1);
    const t = totals(capture);
    const days = Math.max(1, fit.calendar.days.length);
    for (const replaySeed of ['r-1', 'r-2', 'r-3', 'r-4']) {
      const replay = join(tmp, 'replay.ndjson');
      cli(['generate', '--scenario', fitted, '--seed', replaySeed, '--out', replay]);
      const u = totals(replay);
      note('replay: offered per day', u.offered / days / (t.offered / days) - 1);
      note('replay: talk', u.talk / t.talk - 1);
      note('replay: wrap', u.wrap / t.wrap - 1);
      note('replay: AHT', u.aht / t.aht - 1);
      note('replay: transfer share (points)', u.transfers / u.answered - t.transfers / t.answered);
      note('replay: service level', u.serviceLevel - t.serviceLevel);
      note('replay: first call hour (hours)', u.firstHour - t.firstHour);
    }
    console.log(`${name} ${seed}: fitted and replayed 4 times`);
  }
}
rmSync(tmp, { recursive: true, force: true });
console.log('\nlargest miss over 3 centers x 3 captures (x 4 replays):');
for (const [key, value] of worst) {
  const shown = /points|service level|weekday|hours/.test(key)
    ? value.toFixed(3)
    : `${(value * 100).toFixed(1)}%`;
  console.log(`  ${key.padEnd(40)} ${shown}`);
}
