/**
 * Emails between calls (`emails` option): a call offered when nobody is idle interrupts an email
 * (`channel.interrupted`), which resumes after the call and its wrap (`channel.resumed`).
 */
import { describe, expect, test } from 'vitest';
import { CenterReporter } from '../generator/analysis/center-report.js';
import { StreamChecker } from '../generator/analysis/stream-checker.js';
import type { Notification } from '../generator/notifications/notification.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import { getScenario } from '../scenarios/index.js';

const TYPES = ['channel.*.v0', 'agent.presencechanged.v0'];

function run(options: SimulationOptions) {
  const sim = simulate({ types: TYPES, ...options });
  const events: Notification[] = [...sim];
  return { events, stats: sim.stats };
}

function channelLives(events: Notification[]): Map<string, string[]> {
  const lives = new Map<string, string[]>();
  const sorted = events
    .filter((n) => 'channel' in n.data)
    .map((n) => ({ n, at: Date.parse(n.data.timestamp) }))
    .sort((a, b) => a.at - b.at);
  for (const { n } of sorted) {
    if (!('channel' in n.data)) continue;
    const id = n.data.channel.channelId;
    const life = lives.get(id) ?? [];
    life.push(n.type.split('.')[1] as string);
    lives.set(id, life);
  }
  return lives;
}

describe('emails between calls', () => {
  test.each([1, 2, 3])(
    'calls interrupt emails, which resume, and the stream keeps every lifecycle rule (seed %i)',
    (seed) => {
      const { events, stats } = run({
        seed,
        agents: 12,
        duration: '8h',
        emails: { perAgentHour: 4 },
      });
      expect(stats.emails, `seed ${seed}`).toBeGreaterThan(100);
      const count = (event: string) =>
        events.filter((n) => n.type === `channel.${event}.v0`).length;
      expect(count('interrupted'), `seed ${seed}`).toBeGreaterThan(20);
      expect(count('resumed'), `seed ${seed}`).toBe(count('interrupted'));
      // Every interrupted channel alternates interrupted/resumed and ends after its last resume.
      for (const [id, life] of channelLives(events)) {
        const marks = life.filter((e) => e === 'interrupted' || e === 'resumed');
        marks.forEach((e, i) => {
          const expected = i % 2 === 0 ? 'interrupted' : 'resumed';
          expect(e, `seed ${seed} channel ${id}: ${life.join(' ')}`).toBe(expected);
        });
      }
      const checker = new StreamChecker();
      const violations = events.flatMap((n, i) => checker.add(n, i + 1));
      violations.push(...checker.finish());
      expect(violations, `seed ${seed}`).toEqual([]);
    },
  );

  test('without the option no email is worked and nothing is interrupted', () => {
    const { events, stats } = run({ seed: 1, agents: 12, duration: '4h' });
    expect(stats.emails).toBe(0);
    expect(events.some((n) => n.type.startsWith('channel.interrupted'))).toBe(false);
  });

  test('the report counts calls only as offered, and email time as busy within staffed time', () => {
    const options: SimulationOptions = {
      seed: 5,
      agents: 25,
      duration: '1d',
      start: '2026-01-05T00:00:00Z',
    };
    const without = run(options);
    const blended = run({ ...options, emails: { perAgentHour: 2 } });
    const report = (events: Notification[]) => {
      const r = new CenterReporter();
      for (const n of events) r.add(n);
      return r.report().totals;
    };
    const calls = report(without.events);
    const withEmails = report(blended.events);
    expect(withEmails.offered).toBe(blended.stats.interactions);
    expect(withEmails.answered).toBe(blended.stats.answered);
    expect(withEmails.occupancy).toBeGreaterThan(calls.occupancy ?? 1);
    expect(withEmails.occupancy).toBeLessThanOrEqual(1);
  });

  test('the smoke scenario blends emails, so a receiver sees interrupted and resumed', () => {
    const { events } = run(getScenario('smoke').simulation);
    expect(events.some((n) => n.type === 'channel.interrupted.v0')).toBe(true);
    expect(events.some((n) => n.type === 'channel.resumed.v0')).toBe(true);
  });

  test('a bad email rate is a config error naming the option', () => {
    expect(() => simulate({ emails: { perAgentHour: -1 } })).toThrow(/emails.perAgentHour/);
  });
});
