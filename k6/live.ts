/**
 * Simulated live (the default of `vcc-sim load`): each iteration fires one team of the contact
 * center at the notifications' scheduled send times, `speed` times faster than real time,
 * re-based to the run's start (timestamps and ids). Iterations come from a shared-iterations
 * executor, one per team, so execution segments (`--segments`, the k6-operator's `parallelism`)
 * split the teams between k6 instances with no overlap. Where the team is simulated:
 *
 * - `config.feed` (a local run's default): in `vcc-sim load`'s own process, handed to the VU over
 *   a loopback WebSocket a block of sends at a time ({@link fireFed});
 * - `config.pregenerate`: once per instance, in the init context, into a SharedArray of flat
 *   strings per team, blocks of sends (see `pregenerated-sends.ts`); iterations only fire them;
 * - otherwise (the k6-operator's runners, chaos): by the VU itself, with the generator core, a
 *   batch of sends ahead (see `live-batch.ts`).
 */
/// <reference types="k6" />
import { sleep } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import { WebSocket } from 'k6/websockets';
import { streamSerializer } from '../generator/notifications/notification-builders.js';
import { resolveOptions } from '../generator/simulation/options.js';
import {
  memoisedPlans,
  type PlanMemos,
  rememberPlans,
} from '../generator/simulation/staffing-plan.js';
import type { TeamSimulation, TimedNotification } from '../generator/simulation/team-simulation.js';
import { TeamChaos } from './chaos.js';
import { commonOptions, Firer, loadConfig, type Params, summaryOutputs } from './fire.js';
import { LIVE_BATCH, LiveBatch } from './live-batch.js';
import { FEED_END, FEED_NEXT } from './load-config.js';
import { decodeBlock } from './pregenerated-sends.js';
import { forEachSend } from './send-order.js';
import type { K6SummaryData } from './summary.js';
import { planEachQueueSize, TeamBlocks, teamStream } from './team-blocks.js';

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
/** The live feed simulates the teams (a chaos run draws its faults in k6, so it simulates there). */
const fed = config.feed !== undefined && !config.chaos;

/**
 * Simulating while firing: a queue's demand is sized once per queue size (a bisection over day
 * plans: seconds of k6 CPU) and its first day planned, which each VU would do again as its first
 * team starts, inside the run. The instance does it once per queue size, in the init context,
 * and its VUs read the sizes, plans and shift counts from a SharedArray (both depend on local times only,
 * which the shifted simulation keeps).
 */
if (!config.pregenerate && !fed) {
  const memos = new SharedArray('vcc-sim-plans', () => {
    planEachQueueSize(resolved, teams);
    return [JSON.stringify(memoisedPlans())];
  });
  rememberPlans(JSON.parse(memos[0] as string) as PlanMemos);
}

/**
 * Pre-generation: one SharedArray per team, filled once per k6 instance in the init context (so
 * only one team's strings are held by the JavaScript runtime at a time), shared by its VUs.
 */
const pregenerated = config.pregenerate ? pregenerate() : undefined;

function pregenerate(): string[][] {
  const offset = (config.runStartMs ?? Date.now()) - resolved.startMs;
  return teams.map(
    (team) =>
      new SharedArray(`vcc-sim-team-${team}`, () => {
        const blocks = new TeamBlocks(simulation, resolved, team, offset);
        const out: string[] = [];
        for (let b = blocks.next(); b !== undefined; b = blocks.next()) out.push(b);
        return out;
      }),
  );
}

export default function live(): void {
  const i = exec.scenario.iterationInTest;
  const team = teams[i];
  if (team === undefined) return;
  const sends = pregenerated?.[i];
  if (sends) firePregenerated(sends);
  else if (fed) fireFed(config.feed as string, team);
  else fireLive(team);
}

/**
 * The live feed: `vcc-sim load` simulates the team (in Node, outside k6's JavaScript runtime)
 * and hands its sends over a loopback WebSocket a block at a time, the next block asked for
 * before the current one is fired (a VU holds two); the VU only fires them, as a pre-generated run does. The blocks are those
 * pre-generation would make (`TeamBlocks`), so the requests are the same. A feed that fails or
 * ends early aborts the run with the reason: no send is skipped silently.
 */
function fireFed(feed: string, team: number): void {
  const clock = startClock();
  const offset = Math.round((config.runStartMs ?? exec.scenario.startTime) - resolved.startMs);
  const ws = new WebSocket(`${feed}?team=${team}&offset=${offset}`);
  let ended = false;
  const fail = (why: string) => {
    if (ended) return;
    ended = true;
    exec.test.abort(
      `vcc-sim load: the live feed of team ${team} failed: ${why} (--no-live-feed simulates in k6)`,
    );
  };
  // One block asked for ahead: each block received asks for the next before it is fired.
  ws.onopen = () => ws.send(FEED_NEXT);
  ws.onmessage = (e) => {
    if (ended) return;
    const block = String(e?.data ?? '');
    if (block === FEED_END) {
      ended = true;
      ws.close();
      return;
    }
    ws.send(FEED_NEXT);
    fireBlock(block, clock);
  };
  ws.onerror = (e) => fail(e?.error ?? 'a WebSocket error');
  ws.onclose = () => fail('it closed before the last block');
}

function fireLive(team: number): void {
  const iterationStart = Date.now();
  const offset = (config.runStartMs ?? exec.scenario.startTime) - resolved.startMs;
  const startMs = resolved.startMs + Math.round(offset);
  const speed = config.speed;
  const dueMs = (t: TimedNotification) => iterationStart + (t.sendMs - startMs) / speed;
  const stream = teamStream(simulation, resolved, team, offset);
  if (config.chaos) fireLiveWithChaos(config.chaos, team, stream, dueMs);
  else fireLiveBatched(stream, dueMs);
}

/**
 * The live loop: sends are simulated and serialised a batch at a time ({@link LIVE_BATCH}), then
 * fired in order, each at its due time.
 */
function fireLiveBatched(stream: TeamSimulation, dueMs: (t: TimedNotification) => number): void {
  const serializeNotification = streamSerializer();
  const batch = new LiveBatch(firer);
  forEachSend(stream, (t, other) => {
    const n = t.notification;
    const full =
      other === undefined
        ? batch.add(dueMs(t), n.type, serializeNotification(n), undefined, undefined)
        : batch.add(
            dueMs(t),
            n.type,
            serializeNotification(n),
            other.notification.type,
            serializeNotification(other.notification),
          );
    if (full) batch.fire();
  });
  batch.fire();
}

/** The live loop of a chaos run (small): each send fired as it is simulated, through the chaos. */
function fireLiveWithChaos(
  chaosConfig: NonNullable<typeof config.chaos>,
  team: number,
  stream: TeamSimulation,
  dueMs: (t: TimedNotification) => number,
): void {
  const chaos = new TeamChaos(chaosConfig, config.chaosSeed ?? 'chaos', team, firer, {
    signs: config.secret !== undefined,
  });
  const serializeNotification = streamSerializer();
  forEachSend(stream, (t, other) => {
    const wait = dueMs(t) - Date.now();
    if (wait > 1) sleep(wait / 1000);
    const n = t.notification;
    const first = { type: n.type, body: serializeNotification(n) };
    const second =
      other === undefined
        ? undefined
        : { type: other.notification.type, body: serializeNotification(other.notification) };
    chaos.send({ first, second, notification: n });
  });
  chaos.finish();
}

function firePregenerated(blocks: readonly string[]): void {
  const clock = startClock();
  for (let i = 0; i < blocks.length; i++) fireBlock(blocks[i] as string, clock);
}

/** A block's clock for an iteration starting now (see {@link fireBlock}). */
function startClock(): { start: number; now: number } {
  const start = Date.now();
  return { start, now: start };
}

/**
 * Fires one block of sends (`pregenerated-sends.ts`), each when it is due: `clock.start` plus its
 * simulated time over the speed. The clock is read only when a send may be due later than its
 * last reading (`clock.now`): at full speed, once per run.
 */
function fireBlock(text: string, clock: { start: number; now: number }): void {
  const speed = config.speed;
  // The hot loop: array and character reads per send, the request params shared per type.
  const { relMs, kinds, typeIndex, types, bodies } = decodeBlock(text);
  const one = types.map((t) => firer.shared(t, false));
  const pair = types.map((t) => firer.shared(t, true));
  let now = clock.now;
  for (let k = 0; k < bodies.length; k++) {
    const due = clock.start + (relMs[k] as number) / speed;
    if (due > now + 1) {
      now = Date.now();
      if (due - now > 1) {
        sleep((due - now) / 1000);
        now = Date.now();
      }
    }
    const t = typeIndex.charCodeAt(k) - 48;
    if (kinds.charCodeAt(k) === 50 /* '2': a pair's first */ && k + 1 < bodies.length) {
      const t2 = typeIndex.charCodeAt(k + 1) - 48;
      firer.sharedPair(
        bodies[k] as string,
        pair[t] as Params,
        bodies[k + 1] as string,
        pair[t2] as Params,
      );
      k++;
    } else firer.sharedOne(bodies[k] as string, one[t] as Params);
  }
  clock.now = now;
}

export function handleSummary(data: K6SummaryData): Record<string, string> | undefined {
  return summaryOutputs(config, data);
}
