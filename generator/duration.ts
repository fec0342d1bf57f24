import { SimError } from './errors.js';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration such as `8h`, `90s`, `1h30m`, `2d`, `250ms` or a plain number of seconds
 * into milliseconds.
 *
 * @example
 * parseDuration('1h30m') // 5400000
 */
export function parseDuration(text: string | number, what = 'duration'): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) {
      throw new SimError(
        'usage',
        `Invalid ${what} ${text}: give a non-negative number of seconds or e.g. "8h".`,
      );
    }
    return Math.round(text * 1000);
  }
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (UNITS[m[2] as string] as number);
    consumed = re.lastIndex;
  }
  if (s.length === 0 || consumed !== s.length) {
    const allowed = 'use a number with a unit, e.g. "8h", "30m", "90s", "1h30m" or "2d"';
    throw new SimError('usage', `Invalid ${what} "${text}": ${allowed}.`, {
      option: what,
      allowed,
    });
  }
  return Math.round(total);
}

/**
 * Formats milliseconds compactly, e.g. `1h30m`, for summaries.
 *
 * @example
 * formatDuration(5400000) // '1h30m'
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
