import { expect, test, vi } from 'vitest';
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { agentAt } from '../generator/simulation/roster.js';
import { mergeTimed, simulate } from '../generator/simulation/simulate.js';
import { TeamSimulation } from '../generator/simulation/team-simulation.js';
import { ndjson } from './helpers.js';

const BASE = { agents: 30, duration: '2h', seed: 'det', types: ['*'] };

test('the same seed and options give byte-identical output', () => {
  expect(ndjson(BASE)).toBe(ndjson(BASE));
});

test('another seed gives another stream', () => {
  const a = ndjson(BASE).split('\n', 50);
  const b = ndjson({ ...BASE, seed: 'other' }).split('\n', 50);
  expect(a.filter((line, i) => line === b[i])).toEqual([]);
});

test('the first events of a fixed seed stay as recorded (faker is pinned)', () => {
  const head = ndjson({ seed: 7, agents: 5, duration: '1h', types: ['channel.*.v0'] })
    .split('\n')
    .slice(0, 6)
    .join('\n');
  expect(head).toMatchSnapshot();
});

test('filtering never changes the events that remain', () => {
  const all = [...simulate(BASE)];
  const pair = [...simulate({ ...BASE, types: undefined })].map(serializeNotification);
  const fromAll = all
    .filter((n) => n.type === 'channel.disconnected.v0' || n.type === 'channel.wrapstarted.v0')
    .map(serializeNotification);
  expect(pair.length).toBeGreaterThan(100);
  expect(pair).toEqual(fromAll);
  const presence = [...simulate({ ...BASE, types: ['agent.*'] })].map(serializeNotification);
  expect(presence).toEqual(
    all.filter((n) => n.type.startsWith('agent.')).map(serializeNotification),
  );
});

test('the merged output of teams simulated apart is the same stream as a single run', () => {
  const o = resolveOptions({ ...BASE, agents: 40, teamSize: 10 });
  const whole = [...simulate(o)].map((n) => n.id);
  const shardA = simulate({ ...BASE, agents: 40, teamSize: 10, teams: [0, 2] }).timed();
  const shardB = simulate({ ...BASE, agents: 40, teamSize: 10, teams: [3, 1] }).timed();
  const merged = [...mergeTimed([shardA, shardB])].map((t) => t.notification.id);
  expect(merged).toEqual(whole);
  const perTeam = [0, 1, 2, 3].map((t) => new TeamSimulation(o, t));
  const total = perTeam.reduce((n, sim) => {
    let c = 0;
    while (sim.next()) c++;
    return n + c;
  }, 0);
  expect(total).toBe(whole.length);
});

test('adding agents keeps every existing agent id and user id', () => {
  const small = resolveOptions({ seed: 's', agents: 10 });
  const large = resolveOptions({ seed: 's', agents: 500 });
  for (let i = 0; i < 10; i++) expect(agentAt(large, i)).toEqual(agentAt(small, i));
  const ids = new Set(Array.from({ length: 500 }, (_, i) => agentAt(large, i).agentId));
  expect(ids.size).toBe(500);
  for (const id of ids) expect(id).toMatch(/^\d+$/);
});

test('the iterator is lazy: the first notification of a 30-day run is read before any team simulates past its first moments', () => {
  const stepped: TeamSimulation[] = [];
  const next = TeamSimulation.prototype.next;
  const spy = vi.spyOn(TeamSimulation.prototype, 'next').mockImplementation(function (
    this: TeamSimulation,
  ) {
    stepped.push(this);
    return next.call(this);
  });
  try {
    const run = simulate({ agents: 500, duration: '30d', seed: 'lazy', types: ['*'] });
    expect(spy).not.toHaveBeenCalled();
    const first = run[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(first.value?.time.startsWith('2026-01-05T08:')).toBe(true);
    // One step per team to find the earliest head, then one more from the team that sent it.
    const teams = new Set(stepped);
    expect(teams.size).toBe(run.options.teams.length);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(teams.size + 1);
    // Each team has built no more than its first minutes of notifications (the whole run: millions).
    const built = [...teams].reduce((n, team) => n + team.stats.notifications, 0);
    const interactions = [...teams].reduce((n, team) => n + team.stats.interactions, 0);
    expect(built).toBeLessThan(teams.size * 20);
    expect(interactions).toBeLessThan(teams.size * 3);
  } finally {
    spy.mockRestore();
  }
});
