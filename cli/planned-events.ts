/**
 * The events a run will send, counted before it starts: in all, per type and per team, and their
 * send rate in simulated time (as `vcc-sim report` counts it); and the one stderr line `fire` and
 * `load` print with them. Pure: a simulated run is counted team by team, without the merge.
 */

import { parseUtc } from '../generator/notifications/time-format.js';
import type { ResolvedOptions } from '../generator/simulation/options.js';
import { TeamSimulation } from '../generator/simulation/team-simulation.js';

/** The events a simulated run sends: in all, per type and per team. */
export interface PlannedCounts {
  planned: number;
  /** By type, in the order the types first appear in the run's stream. */
  perType: Record<string, number>;
  perTeam: Map<number, number>;
  /** Their send rate in simulated time. */
  rate: PlannedRate;
  /** False when counting stopped at `stopAfter`: the counts are then of part of the run. */
  complete: boolean;
  /**
   * With a per-instance cap: the first instance found holding more than its cap (counting stops
   * there), and about how many it would hold, from how far through its teams' time it got.
   */
  overCap?: { instance: number; estimated: number };
}

/**
 * A cap on the events each of `instances` k6 instances holds, its teams dealt as
 * `pregeneratedTeams` deals them (team j of the run to instance j % instances).
 */
export interface InstanceCap {
  instances: number;
  cap: number;
}

/**
 * How fast a stream's notifications are sent in simulated time, by their `time`, counted as
 * `vcc-sim report` counts them (`notifications.peakSecond` and `meanPerSecond`).
 */
export interface PlannedRate {
  /** Notifications sent in the busiest second (0 for no events). */
  peakPerSecond: number;
  /** The first second with that many, ISO 8601 UTC; null for no events. */
  peakAt: string | null;
  /** How many seconds reach the peak. */
  peakSeconds: number;
  /** Notifications per second over the span from the first send to the last (at least 1 s). */
  meanPerSecond: number;
}

/** 100 ns ticks per ms: a notification's `time` carries seven decimals. */
export const TICKS_PER_MS = 10_000;

/**
 * Counts sends per second in any order (a plan counts team by team, not in send order). Memory:
 * one counter per second that has a send.
 *
 * @example
 * const rate = new SendRate();
 * rate.addTime('2026-01-05T10:00:00.5250000Z');
 * rate.result().peakPerSecond // 1
 */
export class SendRate {
  private readonly perSecond = new Map<number, number>();
  private total = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  /** One send at `ms` (fractional: whole ms plus 100 ns ticks / 10 000). */
  add(ms: number): void {
    const second = Math.floor(ms / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    this.total++;
    if (ms < this.first) this.first = ms;
    if (ms > this.last) this.last = ms;
  }

  /** One send at an envelope `time`; false (and nothing counted) when it does not parse. */
  addTime(time: unknown): boolean {
    const t = typeof time === 'string' ? parseUtc(time) : undefined;
    if (!t) return false;
    this.add(t.ms + t.ticks / TICKS_PER_MS);
    return true;
  }

  result(): PlannedRate {
    let peak = 0;
    let at = Number.POSITIVE_INFINITY;
    let seconds = 0;
    for (const [second, n] of this.perSecond) {
      if (n > peak) [peak, at, seconds] = [n, second, 1];
      else if (n === peak) [at, seconds] = [Math.min(at, second), seconds + 1];
    }
    return {
      peakPerSecond: peak,
      peakAt: peak > 0 ? new Date(at * 1000).toISOString() : null,
      peakSeconds: seconds,
      meanPerSecond:
        this.total === 0 ? 0 : this.total / Math.max(1, (this.last - this.first) / 1000),
    };
  }
}

/** How a run is paced, for what a receiver sees: a speed, a rate cap, or as fast as accepted. */
export interface PlanPace {
  speed?: number | undefined;
  rate?: number | undefined;
  max?: boolean | undefined;
}

/**
 * The one stderr line `fire` and `load` print before they start: the events planned, their peak
 * and mean per second in simulated time, and what a receiver sees at the run's pace.
 * `planned` undefined: more than `notCountedOver` events, not counted (the peak is not computed).
 *
 * @example
 * planLine(12018, { peakPerSecond: 14, peakAt: '2026-01-05T10:13:46.000Z', peakSeconds: 1, meanPerSecond: 3.2 }, { speed: 600 })
 * // 'plan: 12,018 events, peak 14/s (1 s at 2026-01-05T10:13:46Z), 3.20/s on average in simulated time; at speed 600 a receiver sees up to ~8,400/s\n'
 */
export function planLine(
  planned: number | undefined,
  rate: PlannedRate | undefined,
  pace: PlanPace,
  notCountedOver = FIRE_PEAK_MAX_EVENTS,
): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  if (planned === undefined || rate === undefined)
    return `plan: more than ${n(notCountedOver)} events; peak not computed (it would simulate the run twice)\n`;
  if (rate.peakAt === null) return `plan: ${n(planned)} events, none with a send time\n`;
  const when = rate.peakAt.replace(/\.000Z$/, 'Z');
  const at =
    rate.peakSeconds === 1 ? `1 s at ${when}` : `${n(rate.peakSeconds)} s, the first at ${when}`;
  let seen: string;
  if (pace.max) seen = 'with --max a receiver gets them as fast as it accepts them';
  else if (pace.speed === undefined)
    seen = `at --rate ${pace.rate} a receiver sees up to ${pace.rate}/s`;
  else {
    const up = rate.peakPerSecond * pace.speed;
    seen =
      pace.rate !== undefined && pace.rate < up
        ? `at speed ${pace.speed} a receiver would see up to ~${n(up)}/s, capped at --rate ${pace.rate}`
        : `at speed ${pace.speed} a receiver sees up to ~${n(up)}/s`;
  }
  return `plan: ${n(planned)} events, peak ${n(rate.peakPerSecond)}/s (${at}), ${rate.meanPerSecond.toFixed(2)}/s on average in simulated time; ${seen}\n`;
}

/** `fire` computes a simulated run's peak by a second, counting pass only up to this many events. */
export const FIRE_PEAK_MAX_EVENTS = 1_000_000;

/** The merged stream's order (`sendsBefore`): send time, then id. */
const sendsEarlier = (a: { key: number; id: string }, b: { key: number; id: string }) =>
  a.key < b.key || (a.key === b.key && a.id < b.id);

/**
 * Counts a simulated run's notifications in one pass, team by team: each team is simulated on its
 * own random streams, so the counts (and the send rate) are those of the merged run
 * (`simulate(resolved)`) without the merge. With `stopAfter`, it stops once more than that many
 * are counted (`complete: false`).
 *
 * @example
 * countPlanned(resolveOptions(getScenario('smoke').simulation)).planned
 */
export function countPlanned(
  resolved: ResolvedOptions,
  stopAfter = Number.POSITIVE_INFINITY,
  instanceCap?: InstanceCap,
): PlannedCounts {
  const rate = new SendRate();
  const perType = new Map<string, number>();
  /** Each type's first send in the merged stream (the earliest of the teams' firsts). */
  const first = new Map<string, { key: number; id: string }>();
  const perTeam = new Map<number, number>();
  let planned = 0;
  const instances = instanceCap?.instances ?? 1;
  const held = new Array<number>(instances).fill(0);
  for (let j = 0; j < resolved.teams.length; j++) {
    const team = resolved.teams[j] as number;
    const sim = new TeamSimulation(resolved, team);
    const seen = new Set<string>();
    const instance = j % instances;
    // Counting stops at `stopAfter` in all, or once this team's instance holds over its cap.
    const room = Math.min(
      stopAfter - planned,
      instanceCap ? instanceCap.cap + 1 - (held[instance] as number) : Number.POSITIVE_INFINITY,
    );
    let n = 0;
    for (let next = sim.next(); next; next = sim.next()) {
      if (n >= room) {
        perTeam.set(team, n);
        const counts = countsOf(planned + n, perType, first, perTeam, rate);
        if (planned + n >= stopAfter || !instanceCap) return { ...counts, complete: false };
        // How far through its teams' simulated time the instance got: teams done, and this one's part.
        const teamsBefore = Math.floor(j / instances);
        const teamsOf = Math.ceil((resolved.teams.length - instance) / instances);
        const window = resolved.endMs - resolved.startMs;
        const part = window > 0 ? (next.sendMs - resolved.startMs) / window : 1;
        const done = (teamsBefore + Math.min(1, Math.max(0, part))) / teamsOf;
        const estimated = Math.round(((held[instance] as number) + n) / Math.max(done, 1e-9));
        return { ...counts, complete: false, overCap: { instance, estimated } };
      }
      // The key is the send time in 100 ns ticks since the start: the time's ms plus its ticks.
      const ticks = next.key - (next.sendMs - resolved.startMs) * TICKS_PER_MS;
      rate.add(next.sendMs + ticks / TICKS_PER_MS);
      const type = next.notification.type;
      perType.set(type, (perType.get(type) ?? 0) + 1);
      if (!seen.has(type)) {
        seen.add(type);
        const earliest = first.get(type);
        const send = { key: next.key, id: next.notification.id };
        if (!earliest || sendsEarlier(send, earliest)) first.set(type, send);
      }
      n++;
    }
    perTeam.set(team, n);
    planned += n;
    held[instance] = (held[instance] as number) + n;
  }
  return { ...countsOf(planned, perType, first, perTeam, rate), complete: true };
}

function countsOf(
  planned: number,
  perType: Map<string, number>,
  first: Map<string, { key: number; id: string }>,
  perTeam: Map<number, number>,
  rate: SendRate,
): Omit<PlannedCounts, 'complete'> {
  const order = [...first].sort(([, a], [, b]) => (sendsEarlier(a, b) ? -1 : 1));
  return {
    planned,
    perType: Object.fromEntries(order.map(([type]) => [type, perType.get(type) as number])),
    perTeam,
    rate: rate.result(),
  };
}
