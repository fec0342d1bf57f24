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
import { forEachSend } from './send-order.js';
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

/** A team's stream, re-based by `offset` ms: the window moved there, no per-notification work. */
function teamStream(team: number, offset: number): Iterator<TimedNotification> {
  return simulate(shiftedSimulation({ ...simulation, teams: [team] }, resolved, offset)).timed();
}

export default function live(): void {
  const i = exec.scenario.iterationInTest;
  const team = teams[i];
  if (team === undefined) return;
  fireLive(team);
}

function fireLive(team: number): void {
  const iterationStart = Date.now();
  const offset = (config.runStartMs ?? exec.scenario.startTime) - resolved.startMs;
  const startMs = resolved.startMs + Math.round(offset);
  forEachSend(teamStream(team, offset), (t, other) => {
    const dueMs = iterationStart + (t.sendMs - startMs) / config.speed;
    const wait = dueMs - Date.now();
    if (wait > 1) sleep(wait / 1000);
    const n = t.notification;
    if (other === undefined) firer.one({ type: n.type, body: serializeNotification(n) });
    else
      firer.pair(
        { type: n.type, body: serializeNotification(n) },
        { type: other.notification.type, body: serializeNotification(other.notification) },
      );
  });
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  return summaryOutputs(config, data);
}
