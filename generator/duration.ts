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

/**
 * How long something took or has left, for people (the one formatter of the CLI's text outputs):
 * `850 ms` under a second, `2.8 s` under a minute (tenths, `12 s` when whole), then two units,
 * `2 min 5 s`, `1 h 20 min`, `2 d 3 h`. A number and its unit always have a space between them.
 * (Flag values keep {@link formatDuration}'s `1h30m`, which `parseDuration` reads back.)
 *
 * @example
 * humanDuration(2830) // '2.8 s'
 * humanDuration(125_000) // '2 min 5 s'
 */
export function humanDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 59_950) return `${Number((v / 1000).toFixed(1))} s`;
  const total = Math.round(v / 1000);
  const pairs: [number, string, number, string][] = [
    [86_400, 'd', 3600, 'h'],
    [3600, 'h', 60, 'min'],
    [60, 'min', 1, 's'],
  ];
  for (const [big, bigUnit, small, smallUnit] of pairs)
    if (total >= big) {
      const whole = Math.floor(total / big);
      const rest = Math.floor((total - whole * big) / small);
      return rest > 0 ? `${whole} ${bigUnit} ${rest} ${smallUnit}` : `${whole} ${bigUnit}`;
    }
  return `${total} s`;
}
