import { expect, test } from 'vitest';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import { localDayStart, nextDayStart } from '../generator/simulation/center-calendar.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import { offsetAt, zoneOffsets } from '../generator/time-zone.js';
import { shiftedSimulation } from '../k6/shifted-simulation.js';

const HOUR = 3_600_000;
/**
 * 5-10 March 2026 in New York: the clocks go forward at 02:00 on Sunday 8 March. Sunday is
 * closed by default (`weekdayLevels[0]` 0); this center opens every day, Sunday as Saturday, so
 * the day of the change itself is seen opening. 30 agents: enough callers at 08:00 (even on the
 * weekend's 0.4 level) that each day's first one comes in the opening's first minutes.
 */
const MARCH = {
  agents: 30,
  seed: 'dst',
  start: '2026-03-05T00:00:00Z',
  end: '2026-03-11T00:00:00Z',
  weekdayLevels: [0.4, 1, 0.87, 0.85, 0.84, 0.82, 0.4],
  types: ['channel.*.v0', 'agent.presencechanged.v0'],
};

const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The local date and time of `ms` in New York, read by Intl: `2026-03-08 08:00`. */
function newYork(ms: number): string {
  const p = Object.fromEntries(NEW_YORK.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

let marchInNewYork: Notification[] | undefined;
/** MARCH on New York's clock, simulated once for the tests that read it whole. */
function march(): Notification[] {
  marchInNewYork ??= [...simulate({ ...MARCH, timeZone: 'America/New_York' })];
  return marchInNewYork;
}

/**
 * A stream as the lines it is sent as: streams are compared line by line (a deep compare of every
 * object of a week's stream cost seconds).
 */
const lines = (stream: Iterable<Notification>) => [...stream].map((n) => JSON.stringify(n));

/** Per local date, the first caller's arrival (customer channel connected), local time. */
function firstCallPerDay(stream: Iterable<Notification>): Map<string, string> {
  const first = new Map<string, number>();
  for (const n of stream) {
    if (n.type !== 'channel.connected.v0' || !('channel' in n.data)) continue;
    if (n.data.channel.party.role !== 'external') continue;
    const at = Date.parse(n.data.timestamp);
    const day = newYork(at).slice(0, 10);
    if (!first.has(day) || at < (first.get(day) as number)) first.set(day, at);
  }
  return new Map([...first].map(([d, at]) => [d, newYork(at)]));
}

test("the zone's offsets come from Intl, each change to the minute", () => {
  const offsets = zoneOffsets('America/New_York', Date.UTC(2026, 2, 1), Date.UTC(2026, 10, 30));
  expect(offsets.slice(1)).toEqual([
    [Date.UTC(2026, 2, 8, 7), -4 * HOUR],
    [Date.UTC(2026, 10, 1, 6), -5 * HOUR],
  ]);
  expect(offsets[0]?.[1]).toBe(-5 * HOUR);
  expect(offsetAt(offsets, Date.UTC(2026, 2, 8, 6, 59))).toBe(-5 * HOUR);
  expect(offsetAt(offsets, Date.UTC(2026, 2, 8, 7))).toBe(-4 * HOUR);
  expect(offsetAt(offsets, Date.UTC(2026, 11, 24))).toBe(-5 * HOUR);
});

test('--time-zone America/New_York over 5-10 March 2026 opens at 08:00 local on both sides of the DST change', () => {
  const o = resolveOptions({ ...MARCH, timeZone: 'America/New_York' });
  // The local days: 24 h, then the 23-hour Sunday of the change, then 24 h again.
  const starts: number[] = [];
  for (let d = localDayStart(o, o.startMs); d < o.endMs; d = nextDayStart(o, d)) starts.push(d);
  expect(starts.slice(1).map((d) => newYork(d))).toEqual([
    '2026-03-05 00:00',
    '2026-03-06 00:00',
    '2026-03-07 00:00',
    // The clocks go forward at 02:00; this day runs on EDT, its hours on their local times.
    '2026-03-07 23:00',
    '2026-03-09 00:00',
    '2026-03-10 00:00',
  ]);
  const opening = firstCallPerDay(march());
  expect([...opening.keys()]).toEqual([
    '2026-03-05',
    '2026-03-06',
    '2026-03-07',
    '2026-03-08',
    '2026-03-09',
    '2026-03-10',
  ]);
  // Each day's first caller comes in the opening's first minutes, at 08:00 local every day.
  for (const at of opening.values()) expect(at.slice(11, 15)).toBe('08:0');
  // On the fixed offset of EST the opening moves to 09:00 EDT after the change (a day on each
  // side is enough to see it: a third of the week's simulation).
  const fixedDay = (start: string, end: string) =>
    firstCallPerDay(simulate({ ...MARCH, start, end, utcOffset: '-5h' }));
  const before = fixedDay('2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z');
  const after = fixedDay('2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z');
  expect(before.get('2026-03-06')?.slice(11, 15)).toBe('08:0');
  expect(after.get('2026-03-09')?.slice(11, 15)).toBe('09:0');
});

test('a time zone with no DST change in the window runs as its fixed offset does', () => {
  const window = { agents: 8, seed: 3, start: '2026-01-05T00:00:00Z', duration: '2d' };
  const zone = [...simulate({ ...window, timeZone: 'America/New_York' })];
  const fixed = [...simulate({ ...window, utcOffset: '-5h' })];
  expect(zone.length).toBeGreaterThan(100);
  expect(lines(zone)).toEqual(lines(fixed));
});

test('given offsets are used as they are (k6 has no Intl): the same stream as from Intl', () => {
  const o = resolveOptions({ ...MARCH, timeZone: 'America/New_York' });
  const given = {
    ...MARCH,
    timeZone: 'America/New_York',
    timeZoneOffsets: o.zoneOffsets as Array<[number, number]>,
  };
  expect(lines(simulate(given))).toEqual(lines(march()));
});

test('the window moved later in a time zone keeps every local time: k6 re-bases it so', () => {
  const options = { ...MARCH, end: '2026-03-09T00:00:00Z', timeZone: 'America/New_York' };
  const shift = 3 * 365 * 86_400_000 + 12_345;
  const moved = shiftedSimulation(options, resolveOptions(options), shift);
  expect(moved.utcOffset).toBeUndefined();
  const a = [...simulate(options)];
  const b = [...simulate(moved)];
  expect(b.length).toBe(a.length);
  expect(b.map((n) => Date.parse(n.data.timestamp) - shift)).toEqual(
    a.map((n) => Date.parse(n.data.timestamp)),
  );
});

test.each([
  [{ timeZone: 'America/Nowhere' }, /^Unknown time zone "America\/Nowhere": give an IANA name/],
  [
    { timeZone: 'America/New_York', utcOffset: '-5h' },
    /^Give the center's time as a time zone \("America\/New_York"\) or as a UTC offset \("-5h"\), not both\.$/,
  ],
  [
    { timeZone: 'Europe/Berlin', timeZoneOffsets: [] },
    /^Invalid timeZoneOffsets for Europe\/Berlin/,
  ],
])('a bad clock %j is a one-line error', (options, message) => {
  let error: unknown;
  try {
    resolveOptions(options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SimError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
});
