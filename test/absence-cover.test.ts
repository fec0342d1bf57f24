/**
 * Real-time management on a day short of agents: more absent than the roster's spare agents
 * covered, so the day is planned again for those who came in, and offline sessions that fall due
 * while the interval runs under the objective are called off for the day at once (not held for
 * an hour first) until the time the lost shifts would have spent on the phones is recovered;
 * `essential` activities are held. And the option's check.
 */
import { describe, expect, test } from 'vitest';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import type { OfflineActivity, SimulationOptions } from '../generator/simulation/option-types.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';

type Presence = Extract<Notification, { type: 'agent.presencechanged.v0' }>;

const DAY: SimulationOptions = {
  agents: 25,
  start: '2026-01-05T00:00:00Z',
  duration: '24h',
  types: ['agent.presencechanged.v0'],
};

/** The default offline activities, every one of them essential (held on a short day too). */
const ALL_ESSENTIAL: OfflineActivity[] = [
  { kind: 'meeting', length: '30m', perWeek: 1, essential: true },
  { kind: 'coaching', length: '30m', perWeek: 1, essential: true },
  { kind: 'training', length: '90m', perWeek: 2, essential: true },
];

/** Minutes agents spent in meetings, coaching and training, and the shifts lost to absence. */
function offlineMinutes(options: SimulationOptions): { minutes: number; absences: number } {
  const run = simulate(options);
  const since = new Map<string, [number, string]>();
  let ms = 0;
  for (const n of run as Iterable<Presence>) {
    const at = Date.parse(n.data.timestamp);
    const id = n.data.user.agentId;
    const prev = since.get(id);
    if (prev && ['meeting', 'coaching', 'training'].includes(prev[1])) ms += at - prev[0];
    since.set(id, [at, n.data.presence.category.subcategory]);
  }
  return { minutes: ms / 60_000, absences: run.stats.absences };
}

describe('a day short of agents', () => {
  test('offline work is called off to cover the absence: fewer minutes of it than with every activity essential', () => {
    let cover = 0;
    let held = 0;
    for (const seed of ['cover-1', 'cover-2', 'cover-3']) {
      // A quarter absent: far more than the roster's spare agents cover.
      const options = { ...DAY, seed, absence: 0.25 };
      const called = offlineMinutes(options);
      const essential = offlineMinutes({ ...options, offline: ALL_ESSENTIAL });
      expect(called.absences, seed).toBeGreaterThan(0);
      expect(called.absences, seed).toBe(essential.absences);
      cover += called.minutes;
      held += essential.minutes;
    }
    // Sessions called off for hours in all: a quarter less offline work or more over the days
    // (about 810 minutes against 1,440 on these seeds).
    expect(cover).toBeLessThan(held * 0.75);
  });

  test('with nobody absent nothing is called off for absence: the same stream whether activities are essential or not', () => {
    const options = { ...DAY, seed: 'cover-4', absence: 0 };
    const ids = (o: SimulationOptions) => [...simulate(o)].map((n) => n.id);
    expect(ids({ ...options, offline: ALL_ESSENTIAL })).toEqual(ids(options));
  });

  test('a bad essential is a one-line error naming the activity', () => {
    const options = {
      offline: [{ kind: 'training', length: '90m', perWeek: 2, essential: 'yes' }],
    } as unknown as SimulationOptions;
    expect(() => resolveOptions(options)).toThrow(SimError);
    expect(() => resolveOptions(options)).toThrow(
      'Invalid offline training essential "yes": give true or false.',
    );
  });
});
