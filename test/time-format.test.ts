import { expect, test } from 'vitest';
import { formatTime, formatTimestamp, parseUtc } from '../generator/notifications/time-format.js';

test('data.timestamp has 3 fractional digits and time has 7, as in the seed', () => {
  const ms = Date.UTC(2022, 7, 30, 14, 34, 36, 88);
  expect(formatTimestamp(ms)).toBe('2022-08-30T14:34:36.088Z');
  expect(formatTime(Date.UTC(2022, 7, 30, 14, 34, 36, 613), 4321)).toBe(
    '2022-08-30T14:34:36.6134321Z',
  );
  expect(formatTime(ms, 5)).toBe('2022-08-30T14:34:36.0880005Z');
});

test('formatting agrees with toISOString across many instants', () => {
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2026, 0, 1) + 5000 * 997; ms += 997) {
    expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
  }
});

test('parseUtc reads both formats back and rejects anything else', () => {
  expect(parseUtc('2022-08-30T14:34:36.6134321Z')).toEqual({
    ms: Date.UTC(2022, 7, 30, 14, 34, 36, 613),
    ticks: 4321,
  });
  expect(parseUtc('2022-08-30T14:34:36.088Z')).toEqual({
    ms: Date.UTC(2022, 7, 30, 14, 34, 36, 88),
    ticks: 0,
  });
  expect(parseUtc('2022-08-30T14:34:36Z')?.ms).toBe(Date.UTC(2022, 7, 30, 14, 34, 36));
  expect(parseUtc('2022-08-30 14:34:36Z')).toBeUndefined();
  expect(parseUtc('2022-08-30T14:34:36.088+01:00')).toBeUndefined();
});

test('the per-second cache gives what toISOString gives across second and day boundaries, backwards and alternating', () => {
  const iso = (ms: number, ticks: number) =>
    `${new Date(ms).toISOString().slice(0, 23)}${String(ticks).padStart(4, '0')}Z`;
  const midnight = Date.UTC(2026, 0, 1);
  const instants = [
    midnight - 1001,
    midnight - 1,
    midnight,
    midnight + 999,
    midnight + 1000,
    midnight - 1, // back across the day
    midnight - 1000,
    midnight + 999, // forward a day, then back a second
    midnight + 998,
    midnight - 86_400_000, // a day back
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2024, 2, 1),
    Date.UTC(1969, 11, 31, 23, 59, 59, 1), // before the Unix epoch
    0,
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  ];
  // At each instant, then alternating with the next one, as data.timestamp and time alternate.
  for (const [i, ms] of instants.entries()) {
    const next = instants[(i + 1) % instants.length]!;
    for (const at of [ms, next, ms, ms, next]) {
      expect(formatTimestamp(at)).toBe(new Date(at).toISOString());
      for (const ticks of [0, 9, 10, 99, 100, 999, 1000, 9999]) {
        expect(formatTime(at, ticks)).toBe(iso(at, ticks));
      }
    }
  }
  // Every millisecond of two seconds, backwards.
  for (let ms = midnight + 999; ms >= midnight - 1000; ms--) {
    expect(formatTime(ms, ms % 10_000)).toBe(iso(ms, ms % 10_000));
  }
});
