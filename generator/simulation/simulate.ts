import type { Notification } from '../notifications/notification.js';
import { type ResolvedOptions, resolveOptions, type SimulationOptions } from './options.js';
import { PriorityQueue } from './priority-queue.js';
import {
  type AbsentShift,
  type RequiredSlot,
  sendsBefore,
  TeamSimulation,
  type TeamStats,
  type TimedNotification,
} from './team-simulation.js';

/**
 * Totals over the teams of a run, filled in as the stream is read.
 *
 * @example
 * const run = simulate({ agents: 12, duration: '1h', seed: 7 });
 * for (const _ of run);
 * run.stats // { agents: 12, teams: 1, interactions: 58, answered: 46, abandoned: 10, … }
 */
export interface SimulationStats extends TeamStats {
  agents: number;
  teams: number;
}

/**
 * A simulated run: iterate it for notifications in send-time order (`time`, then `id`), or
 * `timed()` for the same with their sort keys. Lazy: nothing is simulated until it is read, and
 * memory holds only what is in progress, however long the window.
 *
 * @example
 * const run: SimulationRun = simulate({ agents: 50, duration: '8h', seed: 7 });
 * for (const n of run) process(n);
 * console.log(run.stats.interactions);
 */
export interface SimulationRun extends Iterable<Notification> {
  readonly options: ResolvedOptions;
  /** Counts so far; complete once the stream has been read to its end. */
  readonly stats: SimulationStats;
  /**
   * The staffing plan's requirement: agents required on the phones per 15-minute slot, summed
   * over the run's queues, filled in as the stream is read (each day when it is planned; empty
   * with `staffing: 'all'`). What `CenterReporter`'s `plan` takes.
   */
  readonly required: readonly RequiredSlot[];
  /**
   * The scheduled time lost to absence (a shift whose agent never logged in, or the minutes
   * before a late log-in), filled in as the stream is read: what `CenterReporter`'s `absences` takes, so that its shrinkage counts absence too.
   */
  readonly absences: readonly AbsentShift[];
  /** The same stream with each notification's send time and team. */
  timed(): IterableIterator<TimedNotification>;
}

/**
 * Merges time-ordered streams (e.g. one per team, or shards of a run) into one, by send time
 * then id: the merge of a run's shards is the run.
 *
 * @example
 * const merged = [...mergeTimed([teamA, teamB])];
 */
export function mergeTimed(
  sources: Iterable<Iterator<TimedNotification>>,
): IterableIterator<TimedNotification> {
  const heads = new PriorityQueue<{ head: TimedNotification; it: Iterator<TimedNotification> }>(
    (a, b) => sendsBefore(a.head, b.head),
  );
  for (const it of sources) {
    const r = it.next();
    if (!r.done) heads.push({ head: r.value, it });
  }
  const iterator: IterableIterator<TimedNotification> = {
    next(): IteratorResult<TimedNotification> {
      const top = heads.peek();
      if (!top) return { done: true, value: undefined };
      const value = top.head;
      const r = top.it.next();
      if (r.done) heads.pop();
      else {
        top.head = r.value;
        heads.replaceTop(top);
      }
      return { done: false, value };
    },
    [Symbol.iterator]() {
      return iterator;
    },
  };
  return iterator;
}

function teamIterator(sim: TeamSimulation): Iterator<TimedNotification> {
  return {
    next: () => {
      const value = sim.next();
      return value ? { done: false, value } : { done: true, value: undefined };
    },
  };
}

/**
 * Simulates a contact center and returns its notifications as a lazy, time-ordered stream.
 *
 * @example
 * import { simulate } from 'vcc-event-sim';
 * for (const n of simulate({ agents: 50, duration: '8h', seed: 7 })) {
 *   console.log(n.type, n.data.timestamp);
 * }
 */
export function simulate(options: SimulationOptions | ResolvedOptions = {}): SimulationRun {
  const resolved = isResolved(options) ? options : resolveOptions(options);
  const stats: SimulationStats = {
    agents: 0,
    teams: resolved.teams.length,
    interactions: 0,
    answered: 0,
    abandoned: 0,
    voicemails: 0,
    transfers: 0,
    conferences: 0,
    failedOffers: 0,
    emails: 0,
    notifications: 0,
    absences: 0,
    lateStarts: 0,
    absentMs: 0,
  };
  const required: RequiredSlot[] = [];
  const absences: AbsentShift[] = [];
  const timed = (): IterableIterator<TimedNotification> => {
    required.length = 0;
    absences.length = 0;
    const onAbsent = (shift: AbsentShift) => {
      absences.push(shift);
    };
    const slots = new Map<number, RequiredSlot>();
    const onRequired = (slot: RequiredSlot) => {
      const known = slots.get(slot.startMs);
      if (known) known.agents += slot.agents;
      else {
        const own = { ...slot };
        slots.set(slot.startMs, own);
        required.push(own);
      }
    };
    const sims = resolved.teams.map(
      (t) => new TeamSimulation(resolved, t, { onRequired, onAbsent }),
    );
    stats.agents = sims.reduce((n, s) => n + s.agents.length, 0);
    const merged = mergeTimed(sims.map(teamIterator));
    const refresh = () => {
      for (const key of Object.keys(stats) as Array<keyof SimulationStats>) {
        if (key !== 'agents' && key !== 'teams')
          stats[key] = sims.reduce((n, s) => n + s.stats[key], 0);
      }
    };
    let count = 0;
    const iterator: IterableIterator<TimedNotification> = {
      next() {
        const r = merged.next();
        if (r.done || (++count & 1023) === 0) refresh();
        return r;
      },
      [Symbol.iterator]() {
        return iterator;
      },
    };
    return iterator;
  };
  return {
    options: resolved,
    stats,
    required,
    absences,
    timed,
    [Symbol.iterator]() {
      const source = timed();
      return {
        next(): IteratorResult<Notification> {
          const r = source.next();
          return r.done ? r : { done: false, value: r.value.notification };
        },
      };
    },
  };
}

function isResolved(o: SimulationOptions | ResolvedOptions): o is ResolvedOptions {
  return (
    typeof (o as ResolvedOptions).startMs === 'number' &&
    (o as ResolvedOptions).samplers !== undefined
  );
}
