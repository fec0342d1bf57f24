/**
 * Supervisors on the phones in a surge (real-time management, `supervisorsTakeCalls`): read back
 * from the emitted events alone. A supervisor logs in only on their duty days, takes calls as an
 * agent, never while monitoring one, and logs out again; none does with the option off or with
 * `staffing: 'all'` (the plain queue of the Erlang tests).
 */
import { describe, expect, test } from 'vitest';
import type { Notification } from '../generator/notifications/notification.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { dutyDays } from '../generator/simulation/real-time-management.js';
import { supervisorOf } from '../generator/simulation/roster.js';
import { simulate } from '../generator/simulation/simulate.js';

const TYPES = ['channel.*.v0', 'agent.presencechanged.v0'];
/** One queue of 25 (three supervisors) on a day 20% busier than its forecast. */
const SURGE: SimulationOptions = {
  agents: 25,
  seed: 'sup-surge',
  start: '2026-01-05T00:00:00Z',
  duration: '24h',
  types: TYPES,
  demandOverForecast: 1.2,
};

const supervisorIds = (options: SimulationOptions) => {
  const o = resolveOptions(options);
  return new Set([0, 1, 2].map((g) => supervisorOf(o, 0, g).agentId));
};

/** Per supervisor: login spans (Ready to Logged out), agent-role channel spans, monitor spans. */
function readBack(all: Notification[], ids: Set<string>) {
  const spans = new Map<string, { logins: Array<[number, number]>; open?: number }>();
  const legs = new Map<string, Map<string, [number, number, string]>>();
  for (const n of all) {
    const at = Date.parse(n.data.timestamp);
    if (n.type === 'agent.presencechanged.v0') {
      const id = n.data.user.agentId;
      if (!ids.has(id)) continue;
      const s = spans.get(id) ?? { logins: [] };
      spans.set(id, s);
      if (n.data.presence.category.type === 'loggedOut') {
        expect(s.open, `${id} logged out while not logged in`).toBeDefined();
        s.logins.push([s.open as number, at]);
        delete s.open;
      } else s.open ??= at;
    } else if (n.source === '/channel' && n.type.endsWith('.v0')) {
      const party = n.data.channel.party;
      if (!party.agentId || !ids.has(party.agentId)) continue;
      const byChannel = legs.get(party.agentId) ?? new Map<string, [number, number, string]>();
      legs.set(party.agentId, byChannel);
      const span = byChannel.get(n.subject) ?? [at, at, party.role];
      span[1] = Math.max(span[1], at);
      byChannel.set(n.subject, span);
    }
  }
  return { spans, legs };
}

describe('supervisors take calls in a surge', () => {
  test('on a busy Monday they log in, answer callers as agents, never while monitoring, only while logged in, and log out', () => {
    const ids = supervisorIds(SURGE);
    const { spans, legs } = readBack([...simulate(SURGE)], ids);
    expect(spans.size).toBeGreaterThan(0);
    let calls = 0;
    for (const [id, s] of spans) {
      expect(s.open, `${id} still logged in at the day's end`).toBeUndefined();
      const mine = [...(legs.get(id)?.values() ?? [])];
      const asAgent = mine.filter(([, , role]) => role === 'agent');
      const monitoring = mine.filter(([, , role]) => role === 'monitor');
      calls += asAgent.length;
      for (const [from, to] of asAgent) {
        expect(
          s.logins.some(([a, b]) => a <= from && to <= b),
          `${id}: a call outside a login`,
        ).toBe(true);
        for (const [mFrom, mTo] of monitoring)
          expect(to <= mFrom || mTo <= from, `${id}: a call while monitoring`).toBe(true);
      }
      for (const [a, b] of s.logins)
        expect(
          asAgent.some(([from]) => a <= from && from <= b),
          `${id}: logged in without a call`,
        ).toBe(true);
    }
    expect(calls).toBeGreaterThan(5);
  });

  test('none with supervisorsTakeCalls: false, nor with staffing: all; none on the quiet Saturday the default roster gives them off', () => {
    for (const options of [
      { ...SURGE, supervisorsTakeCalls: false },
      { ...SURGE, staffing: 'all' as const, occupancy: 1.05 },
      { ...SURGE, start: '2026-01-10T00:00:00Z', demandOverForecast: 1.6 },
    ]) {
      const ids = supervisorIds(options);
      const { spans, legs } = readBack([...simulate(options)], ids);
      expect(spans.size, JSON.stringify(options)).toBe(0);
      const asAgent = [...legs.values()].flatMap((m) =>
        [...m.values()].filter(([, , role]) => role === 'agent'),
      );
      expect(asAgent).toEqual([]);
    }
  });

  test('duty days: the busiest daysPerWeek by the weekday levels, ties taken in turn so every day of a 7-day center has supervisors', () => {
    const defaults = resolveOptions({});
    // Sunday closed, Saturday the quietest: Monday to Friday.
    expect(dutyDays(defaults, 0)).toEqual([false, true, true, true, true, true, false]);
    const flat = { weekdayLevels: [1, 1, 1, 1, 1, 1, 1], daysPerWeek: 5 };
    const rosters = [0, 1, 2, 3, 4, 5, 6].map((g) => dutyDays(flat, g));
    for (const r of rosters) expect(r.filter(Boolean)).toHaveLength(5);
    for (let day = 0; day < 7; day++)
      expect(rosters.filter((r) => r[day]).length, `day ${day}`).toBe(5);
  });

  test('a bad supervisorsTakeCalls is refused, naming the option', () => {
    expect(() => resolveOptions({ supervisorsTakeCalls: 'yes' as unknown as boolean })).toThrow(
      /Invalid supervisorsTakeCalls "yes": give true or false/,
    );
  });
});

test('a hang-up burst also ends the calls supervisors are on (they are on the phones as agents)', () => {
  const ids = supervisorIds(SURGE);
  // A supervisor's call in the surge, and a moment well inside it.
  const talking = new Map<string, number>();
  let inside: { channel: string; at: number } | undefined;
  for (const n of simulate(SURGE)) {
    if (n.source !== '/channel' || !n.type.endsWith('.v0')) continue;
    const party = n.data.channel.party;
    if (party.role !== 'agent' || !party.agentId || !ids.has(party.agentId)) continue;
    const at = Date.parse(n.data.timestamp);
    if (n.type === 'channel.connected.v0') talking.set(n.subject, at);
    if (n.type === 'channel.disconnected.v0') {
      const from = talking.get(n.subject);
      if (from !== undefined && at - from > 120_000) {
        inside = { channel: n.subject, at: from + 30_000 };
        break;
      }
    }
  }
  expect(inside).toBeDefined();
  const { channel, at } = inside as { channel: string; at: number };
  const startMs = Date.parse(SURGE.start as string);
  const burst = { at: `${(at - startMs) / 1000}s`, within: '10s', share: 1 };
  const ended = [...simulate({ ...SURGE, burst })].find(
    (n) => n.type === 'channel.disconnected.v0' && n.subject === channel,
  );
  expect(ended).toBeDefined();
  expect(Date.parse(ended?.data.timestamp as string)).toBeLessThanOrEqual(at + 10_000);
});
