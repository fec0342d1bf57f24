/**
 * The agent lifecycle, rebuilt per agent from the emitted events alone: the four defects fixed
 * with the staffing model stay fixed. (a) a shift that starts while the agent is still on from the
 * previous one carries on (24-hour centres); (b) a no-answer sets the agent Away and the call goes
 * to the next agent; (c) transfers and conferences happen at their configured rates; (d) a
 * presence that makes an agent available is stamped before an offer made at the same moment.
 * Each test fails on the behaviour before the fix; the seed and options are in every message.
 */
import { describe, expect, test } from 'vitest';
import type { ChannelNotification, Notification } from '../generator/notifications/notification.js';
import { FLAT_CURVE } from '../generator/simulation/intraday-curve.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { presenceCatalog } from '../generator/simulation/roster.js';
import { type SimulationStats, simulate } from '../generator/simulation/simulate.js';

const TICKS_PER_MS = 10_000;

/** The value at `key`, made and stored first if missing. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
const BASE_MS = Date.parse('2026-01-01T00:00:00Z');
const TYPES = ['channel.*.v0', 'agent.presencechanged.v0'];

/** A 24-hour centre: one 24 h shift a day, no breaks, demand at every hour (calls at midnight). */
const ALL_DAY: SimulationOptions = {
  agents: 10,
  start: '2026-01-05T00:00:00Z',
  duration: '2d',
  hours: { open: '00:00', close: '24:00' },
  shift: { length: '24h', breaks: [] },
  curve: FLAT_CURVE,
  types: TYPES,
};

/**
 * `data.timestamp` as 100 ns ticks since 2026-01-01 (channel timestamps carry whole ms, presence
 * timestamps 100 ns), so the two kinds sort together numerically; as strings they do not.
 */
function ticksOf(timestamp: string): number {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) throw new Error(`unparsable data.timestamp ${timestamp}`);
  const second = m[1] as string;
  // Events come in time order, many to a second: the second's ticks are parsed once.
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondTicks = (Date.parse(`${second}Z`) - BASE_MS) * TICKS_PER_MS;
  }
  return lastSecondTicks + Number((m[2] ?? '').padEnd(7, '0'));
}
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/;
let lastSecond = '';
let lastSecondTicks = 0;

/** One event of one agent's life, placed in time. */
interface Moment {
  t: number;
  /** Among events of one tick: the channel leaving (0), a presence (1), the channel arriving (2). */
  rank: number;
  n: Notification;
}

const LEAVING = new Set(['disconnected', 'wrapstarted', 'connectionfailed', 'ended']);

const EVENT_NAMES = new Map<string, string>();
function eventName(n: Notification): string {
  return entry(EVENT_NAMES, n.type, () => n.type.split('.')[1] as string);
}

function agentOf(n: Notification): string | undefined {
  if (n.source === '/agent') return n.data.user.agentId;
  const party = n.data.channel.party;
  return party.role === 'agent' ? party.agentId : undefined;
}

interface Run {
  label: string;
  events: Notification[];
  stats: SimulationStats;
  /** Per agent, their presence changes and agent-channel events in time order (made when first read). */
  readonly timelines: Map<string, Moment[]>;
}

function timelinesOf(events: Notification[]): Map<string, Moment[]> {
  const timelines = new Map<string, Moment[]>();
  for (const n of events) {
    const agent = agentOf(n);
    if (agent === undefined) continue;
    const name = eventName(n);
    const rank = n.source === '/agent' ? 1 : LEAVING.has(name) ? 0 : 2;
    const line = entry(timelines, agent, (): Moment[] => []);
    line.push({ t: ticksOf(n.data.timestamp), rank, n });
  }
  for (const line of timelines.values()) line.sort((a, b) => a.t - b.t || a.rank - b.rank);
  return timelines;
}

function run(label: string, options: SimulationOptions): Run {
  const sim = simulate(options);
  const events = [...sim];
  let timelines: Map<string, Moment[]> | undefined;
  return {
    label: `${label} seed ${String(options.seed)}`,
    events,
    stats: { ...sim.stats },
    // The rate tests (c) count legs from the events and never read these.
    get timelines() {
      timelines ??= timelinesOf(events);
      return timelines;
    },
  };
}

const cache = new Map<string, Run>();
/** Runs are shared between tests (same label and seed, same run). */
function cachedRun(label: string, options: SimulationOptions): Run {
  const key = `${label}/${String(options.seed)}`;
  const r = entry(cache, key, () => run(label, options));
  return r;
}

const at = (t: number) =>
  new Date(BASE_MS + Math.floor(t / TICKS_PER_MS)).toISOString().replace('Z', '') +
  String(t % TICKS_PER_MS).padStart(4, '0');

/**
 * Replays each agent's life and lists what a real agent cannot do: be offered a channel while on
 * another one (from alerted to ended, wrap included), be offered one while logged out or away, or
 * change presence while on a channel.
 */
function lifecycleViolations(r: Run): string[] {
  return entry(violationsOf, r, () => replayViolations(r));
}
/** Several tests replay the same shared run: once is enough. */
const violationsOf = new Map<Run, string[]>();

function replayViolations(r: Run): string[] {
  const out: string[] = [];
  for (const [agent, line] of r.timelines) {
    const open = new Map<string, number>();
    let presence: string | undefined;
    for (const { t, n } of line) {
      // Written only for a violation: most events have none.
      const where = () => `${r.label}: agent ${agent} at ${at(t)}`;
      if (n.source === '/agent') {
        if (open.size > 0)
          out.push(
            `${where()}: presence ${n.data.presence.description} while on ${[...open.keys()]}`,
          );
        presence = n.data.presence.category.type;
        continue;
      }
      const { channelId } = n.data.channel;
      const name = eventName(n);
      if (name === 'alerted') {
        if (open.size > 0)
          out.push(`${where()}: offered ${channelId} while on ${[...open.keys()]}`);
        if (presence !== undefined && presence !== 'ready')
          out.push(`${where()}: offered ${channelId} while ${presence}`);
        open.set(channelId, t);
      } else if (name === 'ended') {
        open.delete(channelId);
      }
    }
  }
  return out;
}

function expectNone(violations: string[]): void {
  expect(violations.slice(0, 10), `${violations.length} violations`).toEqual([]);
}

describe('(a) a 24-hour centre, shift after shift', () => {
  const SEEDS = [1, 2, 3];
  const runs = (staffing: 'planned' | 'all') =>
    SEEDS.map((seed) => cachedRun(`24h ${staffing}`, { ...ALL_DAY, staffing, seed }));

  test('no agent is ever on two agent channels at once, offered while logged out or away, or changes presence mid-call (every agent on all day)', () => {
    for (const r of runs('all')) {
      expectNone(lifecycleViolations(r));
      // Calls were in progress at the shift changes: the runs test what they mean to.
      expect(r.stats.answered, r.label).toBeGreaterThan(1500);
    }
  });

  test('agents work on across midnight: with every agent on all day, nobody logs out', () => {
    for (const r of runs('all')) {
      const loggedOut = r.events.filter(
        (n) => n.source === '/agent' && n.data.presence.category.type === 'loggedOut',
      );
      expect(loggedOut.length, r.label).toBe(0);
    }
  });

  test('the same holds with planned shifts (start times jittered around midnight)', () => {
    const violations = runs('planned').flatMap(lifecycleViolations);
    expectNone(violations);
  });
});

/** Per failed offer: the agent, when, and what the interaction did next. */
function missedOffers(r: Run) {
  const legs = new Map<string, Array<{ channelId: string; agent: string; alerted: number }>>();
  const fails: Array<{ ix: string; channelId: string; agent: string; t: number }> = [];
  for (const n of r.events) {
    if (n.source !== '/channel' || n.data.channel.party.role !== 'agent') continue;
    const c = (n as ChannelNotification).data.channel;
    const name = eventName(n);
    if (name === 'alerted') {
      const list = entry(
        legs,
        c.interactionId,
        (): Array<{ channelId: string; agent: string; alerted: number }> => [],
      );
      list.push({
        channelId: c.channelId,
        agent: c.party.agentId!,
        alerted: ticksOf(n.data.timestamp),
      });
    } else if (name === 'connectionfailed') {
      fails.push({
        ix: c.interactionId,
        channelId: c.channelId,
        agent: c.party.agentId!,
        t: ticksOf(n.data.timestamp),
      });
    }
  }
  return fails.map((f) => {
    const next = (legs.get(f.ix) ?? [])
      .filter((l) => l.channelId !== f.channelId && l.alerted >= f.t)
      .sort((a, b) => a.alerted - b.alerted)[0];
    const ms = Math.floor(f.t / TICKS_PER_MS);
    const line = r.timelines.get(f.agent) ?? [];
    const presences = line.filter((m) => m.n.source === '/agent');
    const atFailure = presences.find((m) => Math.floor(m.t / TICKS_PER_MS) === ms && m.t >= f.t);
    const readyBefore = (until: number) =>
      presences.some(
        (m) =>
          m.t > f.t &&
          m.t < until &&
          m.n.source === '/agent' &&
          m.n.data.presence.category.type === 'ready',
      );
    return { ...f, next, atFailure, readyBefore };
  });
}

function missedOfferViolations(
  r: Run,
  seed: number,
): { violations: string[]; missedCall: number; total: number } {
  const missed = presenceCatalog(String(seed)).missedOffer.presenceId;
  const violations: string[] = [];
  let missedCall = 0;
  const all = missedOffers(r);
  for (const f of all) {
    const where = `${r.label}: offer of ${f.ix} to agent ${f.agent} rang out at ${at(f.t)}`;
    const p = f.atFailure?.n;
    if (p?.source !== '/agent') violations.push(`${where}: no presence change at the failure`);
    else if (p.data.presence.category.type === 'ready')
      violations.push(`${where}: the agent stays Ready`);
    else if (p.data.presence.presenceId === missed) missedCall++;
    if (!f.next) continue; // the caller left the queue before another offer
    if (f.next.agent === f.agent) {
      if (Math.floor(f.next.alerted / TICKS_PER_MS) === Math.floor(f.t / TICKS_PER_MS))
        violations.push(`${where}: offered again to the same agent at the same millisecond`);
      else if (!f.readyBefore(f.next.alerted))
        violations.push(
          `${where}: offered again to the same agent at ${at(f.next.alerted)} with no Ready in between`,
        );
    }
  }
  return { violations, missedCall, total: all.length };
}

/** A 24-hour centre whose agents miss 30% of offers: no break or shift end is ever due. */
const MISSING_ALL_DAY: SimulationOptions = {
  ...ALL_DAY,
  staffing: 'all',
  probabilities: { noAnswer: 0.3 },
};
/** Opening hours, planned shifts and breaks, 30% more calls than planned, 30% missed offers. */
const MISSING_BUSY: SimulationOptions = {
  agents: 25,
  start: '2026-01-05T00:00:00Z',
  duration: '2d',
  demandOverForecast: 1.3,
  probabilities: { noAnswer: 0.3 },
  types: TYPES,
};

describe('(b) an offer that rings out', () => {
  test('sets the agent Away (Missed call) at the failure and goes to the next agent, never back to the same one at once (24-hour centre)', () => {
    for (const seed of [1, 2, 3]) {
      const r = cachedRun('24h all, noAnswer 0.3', { ...MISSING_ALL_DAY, seed });
      const { violations, missedCall, total } = missedOfferViolations(r, seed);
      expectNone(violations);
      expect(total, r.label).toBe(r.stats.failedOffers);
      expect(total, r.label).toBeGreaterThan(500);
      // No break or shift end is ever due here: every failure shows "Missed call".
      expect(missedCall, r.label).toBe(total);
      expectNone(lifecycleViolations(r));
    }
  });

  test('does the same for an agent working past their shift end (opening hours, planned shifts)', () => {
    const violations: string[] = [];
    for (const seed of [1, 2]) {
      const r = cachedRun('08-18 planned busy, noAnswer 0.3', { ...MISSING_BUSY, seed });
      const found = missedOfferViolations(r, seed);
      expect(found.total, r.label).toBeGreaterThan(500);
      expect(found.missedCall / found.total, r.label).toBeGreaterThan(0.9);
      violations.push(...found.violations);
      violations.push(...lifecycleViolations(r));
    }
    expectNone(violations);
  });
});

interface Leg {
  alerted: number;
  connected: number;
  left: number;
}

/** Transfers and conferences per answered call, counted from the agent legs of each interaction. */
function handOffsFromEvents(r: Run) {
  const legs = new Map<string, Map<string, Leg>>();
  for (const n of r.events) {
    if (n.source !== '/channel' || n.data.channel.party.role !== 'agent') continue;
    const c = n.data.channel;
    const ix = entry(legs, c.interactionId, () => new Map<string, Leg>());
    const leg = entry(ix, c.channelId, () => ({ alerted: -1, connected: -1, left: -1 }));
    const t = ticksOf(n.data.timestamp);
    const name = eventName(n);
    if (name === 'alerted') leg.alerted = t;
    else if (name === 'connected') leg.connected = t;
    else if (name === 'disconnected') leg.left = t;
  }
  let answered = 0;
  let transfers = 0;
  let conferences = 0;
  let waitedInQueue = 0;
  for (const ix of legs.values()) {
    const connected = [...ix.values()]
      .filter((l) => l.connected >= 0)
      .sort((a, b) => a.alerted - b.alerted);
    const first = connected[0];
    if (!first) continue;
    answered++;
    for (const l of connected.slice(1)) {
      if (first.left >= 0 && l.alerted >= first.left) {
        transfers++;
        if (l.alerted > first.left) waitedInQueue++;
      } else conferences++;
    }
  }
  return { answered, transfers, conferences, waitedInQueue };
}

describe('(c) transfers and conferences on a busy day', () => {
  const SEEDS = [1, 2, 3];
  /**
   * Busy days (85% occupancy at the daily peak, every agent on): colleagues are often all on
   * calls when one is wanted. About 7,000 answered calls per seed.
   */
  const BUSY: SimulationOptions = {
    agents: 25,
    start: '2026-01-05T00:00:00Z',
    duration: '4d',
    hours: { open: '00:00', close: '24:00' },
    shift: { length: '24h', breaks: [] },
    staffing: 'all',
    occupancy: 0.85,
    types: ['channel.alerted.v0', 'channel.connected.v0', 'channel.disconnected.v0'],
  };
  const P = { transfer: 0.06, conference: 0.03 };

  /** Pooled over the seeds: the rate and its binomial standard error. */
  function rates(label: string, options: SimulationOptions) {
    let answered = 0;
    let transfers = 0;
    let conferences = 0;
    let waited = 0;
    for (const seed of SEEDS) {
      const r = cachedRun(label, { ...options, seed });
      const seen = handOffsFromEvents(r);
      // The events tell the same story as the simulation's own counts.
      expect(seen.answered, r.label).toBe(r.stats.answered);
      expect(seen.transfers, r.label).toBe(r.stats.transfers);
      expect(seen.conferences, r.label).toBe(r.stats.conferences);
      answered += seen.answered;
      transfers += seen.transfers;
      conferences += seen.conferences;
      waited += seen.waitedInQueue;
    }
    const se = (p: number) => Math.sqrt((p * (1 - p)) / answered);
    return { answered, transfers, conferences, waited, se };
  }

  test('transfers happen at the configured rate (within 4 standard errors), waiting in the queue when no colleague is free', () => {
    const r = rates('busy 24h, defaults', { ...BUSY, probabilities: P });
    expect(r.answered).toBeGreaterThan(18_000);
    const observed = r.transfers / r.answered;
    const tolerance = 4 * r.se(P.transfer);
    expect(
      Math.abs(observed - P.transfer),
      `transfer rate ${observed.toFixed(4)} of ${r.answered} answered, configured ${P.transfer} ± ${tolerance.toFixed(4)} (seeds ${SEEDS})`,
    ).toBeLessThanOrEqual(tolerance);
    // Blind transfers with nobody free waited for a colleague.
    expect(r.waited).toBeGreaterThan(0);
  });

  test('conferences happen at the configured rate (within 4 standard errors) on calls with no hold or park, looking again while no colleague is free', () => {
    const r = rates('busy 24h, no hold or park', {
      ...BUSY,
      probabilities: { ...P, hold: 0, park: 0 },
    });
    expect(r.answered).toBeGreaterThan(18_000);
    const observed = r.conferences / r.answered;
    const tolerance = 4 * r.se(P.conference);
    expect(
      Math.abs(observed - P.conference),
      `conference rate ${observed.toFixed(4)} of ${r.answered} answered, configured ${P.conference} ± ${tolerance.toFixed(4)} (seeds ${SEEDS})`,
    ).toBeLessThanOrEqual(tolerance);
  });

  test('conferences happen at the configured rate with the default holds and parks too', () => {
    const r = rates('busy 24h, defaults', { ...BUSY, probabilities: P });
    const observed = r.conferences / r.answered;
    expect(
      Math.abs(observed - P.conference),
      `conference rate ${observed.toFixed(4)} of ${r.answered} answered, configured ${P.conference}`,
    ).toBeLessThanOrEqual(4 * r.se(P.conference));
  });
});

describe('(d) presence and channel events in causal order', () => {
  const sets: Array<[string, SimulationOptions]> = [
    // Breaks, shift starts and missed offers on busy days: Ready often meets a waiting caller.
    ['08-18 planned busy, noAnswer 0.3', MISSING_BUSY],
    ['24h all, noAnswer 0.3', MISSING_ALL_DAY],
  ];
  const SEEDS = [1, 2];

  test('an offer made at the moment an agent becomes Ready is stamped after the Ready presence', () => {
    for (const [label, options] of sets) {
      for (const seed of SEEDS) {
        const r = cachedRun(label, { ...options, seed });
        let pairs = 0;
        const late: string[] = [];
        for (const [agent, line] of r.timelines) {
          const readies = line.filter(
            (m) => m.n.source === '/agent' && m.n.data.presence.category.type === 'ready',
          );
          for (const m of line) {
            if (m.n.source !== '/channel' || eventName(m.n) !== 'alerted') continue;
            for (const p of readies) {
              if (Math.abs(p.t - m.t) >= TICKS_PER_MS) continue;
              pairs++;
              if (!(p.t < m.t))
                late.push(`${r.label}: agent ${agent} Ready at ${at(p.t)}, offered at ${at(m.t)}`);
            }
          }
        }
        expectNone(late);
        expect(pairs, `${r.label}: offers at the moment of a Ready`).toBeGreaterThan(10);
      }
    }
  });

  test('per agent, presence changes and channel events replay as a possible life', () => {
    for (const [label, options] of sets) {
      for (const seed of SEEDS)
        expectNone(lifecycleViolations(cachedRun(label, { ...options, seed })));
    }
  });
});
