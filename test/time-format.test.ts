import { expect, test } from 'vitest';
import { formatTime, formatTimestamp, parseUtc } from '../generator/time-format.js';

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
