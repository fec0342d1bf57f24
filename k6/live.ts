/**
 * Simulated live (the default of `vcc-sim load`): each iteration simulates one team of the contact
 * center with the generator core and fires its notifications at their scheduled send times,
 * `speed` times faster than real time, re-based to the run's start (timestamps and ids). Iterations come from a
 * shared-iterations executor, one per team, so execution segments (`--segments`, the k6-operator's
 * `parallelism`) split the teams between k6 instances with no overlap.
 */
/// <reference types="k6" />
import { sleep } from 'k6';
import exec from 'k6/execution';
import { serializeNotification } from '../generator/notification-builders.js';
import { resolveOptions } from '../generator/options.js';
import { simulate } from '../generator/simulate.js';
import type { TimedNotification } from '../generator/team-simulation.js';
import { commonOptions, Firer, loadConfig, summaryOutputs } from './fire.js';
import { hangUpPairKey } from './hang-up-pair.js';
import { shiftedSimulation } from './shifted-simulation.js';
import type { K6SummaryData } from './summary.js';

const config = loadConfig();
const simulation = config.simulation ?? {};
const resolved = resolveOptions(simulation);
const teams = config.teams ?? resolved.teams;

export const options = {
  ...commonOptions(config),
  scenarios: {
    live: {
      executor: 'shared-iterations',
      vus: Math.max(1, Math.min(config.vus, teams.length)),
      iterations: teams.length,
      maxDuration: config.maxDuration,
      // --max-duration is the cap: in-flight requests get a moment, waits are cut.
      gracefulStop: config.gracefulStop ?? '2s',
    },
  },
};

const firer = new Firer(config);
/**
 * How far ahead (simulated ms) to look for the other half of a hang-up pair: their send times
 * differ by the two delivery delays, at most 5 s by default; and a cap on the notifications held.
 */
const PAIR_WINDOW_MS = 30_000;
const PAIR_LOOKAHEAD_MAX = 4096;

export default function live(): void {
  const team = teams[exec.scenario.iterationInTest];
  if (team === undefined) return;
  const iterationStart = Date.now();
  const offset = (config.runStartMs ?? exec.scenario.startTime) - resolved.startMs;
  // Re-based to the run's start by simulating the window moved there: no per-notification work.
  const stream = simulate(
    shiftedSimulation({ ...simulation, teams: [team] }, resolved, offset),
  ).timed();
  const startMs = resolved.startMs + Math.round(offset);
  const ahead: TimedNotification[] = [];
  const next = (): TimedNotification | undefined => {
    if (ahead.length > 0) return ahead.shift();
    const r = stream.next();
    return r.done ? undefined : r.value;
  };
  for (let t = next(); t !== undefined; t = next()) {
    const dueMs = iterationStart + (t.sendMs - startMs) / config.speed;
    const wait = dueMs - Date.now();
    if (wait > 1) sleep(wait / 1000);
    const n = t.notification;
    const key = hangUpPairKey(n);
    if (key !== undefined) {
      while (
        ahead.length < PAIR_LOOKAHEAD_MAX &&
        (ahead.length === 0 ||
          (ahead[ahead.length - 1] as TimedNotification).sendMs - t.sendMs <= PAIR_WINDOW_MS)
      ) {
        const r = stream.next();
        if (r.done) break;
        ahead.push(r.value);
      }
      const i = ahead.findIndex((x) => hangUpPairKey(x.notification) === key);
      if (i >= 0) {
        const other = (ahead.splice(i, 1)[0] as TimedNotification).notification;
        firer.pair(
          { type: n.type, body: serializeNotification(n) },
          { type: other.type, body: serializeNotification(other) },
        );
        continue;
      }
    }
    firer.one({ type: n.type, body: serializeNotification(n) });
  }
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  return summaryOutputs(config, data);
}
