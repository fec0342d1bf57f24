/**
 * The unplanned parts of shrinkage beside absence: system issues (an agent Away with a tool that
 * fails, shown in the stream) and late starts (the minutes before a late log-in, counted with the
 * absences), and their options' checks.
 */
import { describe, expect, test } from 'vitest';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import type { SimulationOptions } from '../generator/simulation/option-types.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';

const DAY: SimulationOptions = {
  agents: 20,
  start: '2026-01-05T00:00:00Z',
  duration: '24h',
  types: ['agent.presencechanged.v0'],
};

type Presence = Extract<Notification, { type: 'agent.presencechanged.v0' }>;

/** Each agent's presences in order: [time, subcategory]. */
function presencesOf(options: SimulationOptions) {
  const run = simulate(options);
  const byAgent = new Map<string, Array<[number, string]>>();
  for (const n of run as Iterable<Presence>) {
    const list = byAgent.get(n.data.user.agentId) ?? [];
    list.push([Date.parse(n.data.timestamp), n.data.presence.category.subcategory]);
    byAgent.set(n.data.user.agentId, list);
  }
  return { run, byAgent };
}

describe('system issues', () => {
  test('agents go Away with subcategory systemIssue, each over when its time is (no overrun), and none with the option at 0', () => {
    const { byAgent } = presencesOf({ ...DAY, seed: 'sys-1', systemIssuesPerHour: 2 });
    const lengths: number[] = [];
    for (const list of byAgent.values())
      list.forEach(([at, sub], i) => {
        if (sub !== 'systemIssue') return;
        const next = list[i + 1];
        // Back Ready, or straight into a planned activity that fell due meanwhile, or logged out
        // at the shift's end (cut short: not counted in the lengths).
        expect([
          'readyInbound',
          'break',
          'lunch',
          'meeting',
          'coaching',
          'training',
          'loggedOut',
        ]).toContain(next?.[1]);
        if (next?.[1] === 'loggedOut') return;
        lengths.push(((next?.[0] ?? at) - at) / 1000);
      });
    // Two an hour for 20 agents on shift: hundreds, of a mean near the distribution's 240 s.
    expect(lengths.length).toBeGreaterThan(100);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(180);
    expect(mean).toBeLessThan(300);
    expect(Math.min(...lengths)).toBeGreaterThan(29.99); // 30 s at least (stamps to the ms)

    const none = presencesOf({ ...DAY, seed: 'sys-1', systemIssuesPerHour: 0 });
    for (const list of none.byAgent.values())
      expect(list.filter(([, sub]) => sub === 'systemIssue')).toEqual([]);
  });
});

describe('late starts', () => {
  test('every shift late: the minutes before each log-in are counted as absent, and the agent logs in after them', () => {
    const { run, byAgent } = presencesOf({
      ...DAY,
      seed: 'late-1',
      absence: 0,
      lateStart: 1,
      supervisorsTakeCalls: false,
    });
    const firstLogIn = new Map<string, number>();
    for (const [id, list] of byAgent) firstLogIn.set(id, list[0]?.[0] ?? 0);
    // One late start per shift worked today, and nothing else absent.
    expect(run.stats.absences).toBe(0);
    expect(run.stats.lateStarts).toBe(byAgent.size);
    expect(run.absences).toHaveLength(byAgent.size);
    expect(run.absences.reduce((ms, a) => ms + a.endMs - a.startMs, 0)).toBe(run.stats.absentMs);
    // Each late stretch ends at an agent's first log-in of the day (its stamp, to the ms).
    const logIns = [...firstLogIn.values()].sort((a, b) => a - b);
    const ends = run.absences.map((a) => a.endMs).sort((a, b) => a - b);
    for (const [i, end] of ends.entries())
      expect(Math.abs(end - (logIns[i] ?? 0))).toBeLessThanOrEqual(1);
    // A minute to 90 minutes each (12 on average).
    const minutes = run.absences.map((a) => (a.endMs - a.startMs) / 60_000);
    expect(Math.min(...minutes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...minutes)).toBeLessThanOrEqual(90);
  });

  test('with lateStart 0 nobody starts late; the fitted center of a capture has none (its log-ins are what happened)', () => {
    const run = simulate({ ...DAY, seed: 'late-2', lateStart: 0, absence: 0 });
    for (const _ of run);
    expect(run.stats.lateStarts).toBe(0);
    expect(run.stats.absentMs).toBe(0);
    expect(run.absences).toEqual([]);
  });
});

describe('their options', () => {
  test.each([
    [{ lateStart: 1.5 }, 'Invalid lateStart 1.5: give a share from 0 to 1, e.g. 0.25.'],
    [{ lateStart: -0.1 }, 'Invalid lateStart -0.1: give a share from 0 to 1, e.g. 0.25.'],
    [
      { systemIssuesPerHour: 11 },
      'Invalid systemIssuesPerHour 11: give a number from 0 to 10, e.g. 0.2.',
    ],
    [
      { systemIssuesPerHour: 'often' as unknown as number },
      'Invalid systemIssuesPerHour "often": give a number from 0 to 10, e.g. 0.2.',
    ],
  ])('%j is a one-line error naming the option', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(SimError);
    expect(() => resolveOptions(options)).toThrow(message);
  });

  test('the defaults: 0.3 system issues an hour of 4 minutes, a quarter of shifts late by 12 minutes', () => {
    const o = resolveOptions({});
    expect([o.systemIssuesPerHour, o.lateStart]).toEqual([0.3, 0.25]);
    expect(o.samplers.systemIssue.mean).toBeCloseTo(240, 0);
    expect(o.samplers.lateStart.mean).toBeCloseTo(720, 0);
  });
});

describe('activities that fall due while the agent is away', () => {
  test('wait and start when the agent is back (straight from a break put off into their time), none lost to it', () => {
    const { byAgent } = presencesOf({ ...DAY, agents: 25, seed: 'due-away-1' });
    const planned = new Set(['break', 'lunch', 'meeting', 'coaching', 'training']);
    let straight = 0;
    for (const list of byAgent.values())
      for (let i = 1; i < list.length; i++) {
        const [before, now] = [list[i - 1]?.[1] ?? '', list[i]?.[1] ?? ''];
        if (planned.has(now) && before !== 'readyInbound' && before !== 'loggedOut') straight++;
      }
    // A busy Monday puts breaks off into the time of the next activity: some follow at once.
    expect(straight).toBeGreaterThan(0);
  });

  test('a lunch is never lost to offline work waiting or called back: every shift of 7 hours or more has one', () => {
    // Seeds where a lunch falling due during a training was replaced by the training's rest when
    // the agent was called back to the phones, or queued behind offline work held for hours.
    let long = 0;
    for (const seed of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) {
      const { byAgent } = presencesOf({ ...DAY, agents: 25, seed, supervisorsTakeCalls: false });
      for (const [id, list] of byAgent) {
        let since = 0;
        let lunch = false;
        list.forEach(([at, sub], i) => {
          if (i === 0 || list[i - 1]?.[1] === 'loggedOut') [since, lunch] = [at, false];
          if (sub === 'lunch') lunch = true;
          if (sub !== 'loggedOut' || at - since < 7 * 3_600_000) return;
          long++;
          expect(lunch, `${seed} ${id} from ${new Date(since).toISOString()}`).toBe(true);
        });
      }
    }
    expect(long).toBeGreaterThan(50);
  });
});

describe('late starts in a 24-hour center', () => {
  test('an agent still on from the shift before does not start the next one late: every late stretch ends at a log-in', () => {
    const options: SimulationOptions = {
      agents: 10,
      start: '2026-01-05T00:00:00Z',
      duration: '2d',
      hours: { open: '00:00', close: '24:00' },
      shift: { length: '24h', breaks: [] },
      lateStart: 1,
      absence: 0,
      supervisorsTakeCalls: false,
      types: ['agent.presencechanged.v0'],
    };
    for (const seed of ['late-24h-1', 'late-24h-2', 'late-24h-3']) {
      const { run, byAgent } = presencesOf({ ...options, seed });
      const logIns: number[] = [];
      for (const list of byAgent.values())
        list.forEach(([at], i) => {
          if (i === 0 || list[i - 1]?.[1] === 'loggedOut') logIns.push(at);
        });
      for (const a of run.absences) {
        const near = logIns.some((at) => Math.abs(at - a.endMs) <= 1);
        // A late stretch that starts where the window does may belong to a shift begun before it.
        expect(
          near || a.startMs === Date.parse(options.start as string),
          `${seed} ${a.endMs}`,
        ).toBe(true);
      }
    }
  });
});
