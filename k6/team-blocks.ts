import { streamSerializer } from '../generator/notifications/notification-builders.js';
import {
  type ResolvedOptions,
  resolveOptions,
  type SimulationOptions,
} from '../generator/simulation/options.js';
import { teamAgents } from '../generator/simulation/roster.js';
import { TeamSimulation, type TimedNotification } from '../generator/simulation/team-simulation.js';
import { BLOCK_SENDS, BlockWriter } from './pregenerated-sends.js';
import { SendWalker } from './send-order.js';
import { shiftedSimulation } from './shifted-simulation.js';

/**
 * A team's stream, re-based by `offsetMs`: the window moved there, no per-notification work. The
 * team's simulation is read directly (one team needs no merge, and no iterator result per
 * notification: k6's interpreter pays for each).
 *
 * @example
 * const stream = teamStream(options, resolveOptions(options), 0, Date.now() - resolved.startMs);
 */
export function teamStream(
  options: SimulationOptions,
  resolved: ResolvedOptions,
  team: number,
  offsetMs: number,
): TeamSimulation {
  const shifted = shiftedSimulation({ ...options, teams: [team] }, resolved, offsetMs);
  return new TeamSimulation(resolveOptions(shifted), team);
}

/**
 * Sizes each queue's demand (a bisection over day plans) and plans its first day, once per queue
 * size, as the first team of that size would: the core memoises both, so that no team simulated
 * after it waits for them (k6's init context for its VUs, the live feed before it listens).
 *
 * @example
 * planEachQueueSize(resolved, resolved.teams);
 */
export function planEachQueueSize(resolved: ResolvedOptions, teams: readonly number[]): void {
  const sizes = new Set<number>();
  for (const team of teams) {
    const size = teamAgents(resolved, team).length;
    if (sizes.has(size)) continue;
    sizes.add(size);
    new TeamSimulation(resolved, team).next();
  }
}

/**
 * A team's sends, re-based by `offsetMs`, as the blocks of `pregenerated-sends.ts` (times in
 * simulated ms after the re-based start), written a block at a time: pre-generation (k6's init)
 * takes them all, the live feed (`vcc-sim load` simulating for its k6 VUs) one per request. Both
 * walk the sends as the live loop does (`forEachSend`), so all three fire the same requests.
 *
 * @example
 * const blocks = new TeamBlocks(options, resolveOptions(options), 0, offsetMs);
 * for (let b = blocks.next(); b !== undefined; b = blocks.next()) send(b);
 */
export class TeamBlocks {
  private readonly walker: SendWalker;
  private readonly out: BlockWriter;
  private readonly serialize = streamSerializer();
  private readonly startMs: number;
  private ended = false;
  private readonly visit = (a: TimedNotification, b: TimedNotification | undefined): void => {
    const relMs = a.sendMs - this.startMs;
    this.out.add(relMs, a.notification.type, this.serialize(a.notification), b !== undefined);
    if (b) this.out.add(relMs, b.notification.type, this.serialize(b.notification), false);
  };

  constructor(
    options: SimulationOptions,
    resolved: ResolvedOptions,
    team: number,
    offsetMs: number,
    blockSends = BLOCK_SENDS,
  ) {
    this.walker = new SendWalker(teamStream(options, resolved, team, offsetMs));
    this.out = new BlockWriter(blockSends);
    this.startMs = resolved.startMs + Math.round(offsetMs);
  }

  /** The next block of sends, `undefined` once the stream has ended. */
  next(): string | undefined {
    for (;;) {
      const block = this.out.take(this.ended);
      if (block !== undefined || this.ended) return block;
      if (!this.walker.next(this.visit)) this.ended = true;
    }
  }
}
