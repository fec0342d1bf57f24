/**
 * Timestamps in the seed's two formats: `data.timestamp` with 3 fractional digits and the
 * envelope `time` with 7 (100 ns ticks). Time inside the simulation is an integer count of
 * milliseconds (plus, for `time`, 0..9999 ticks of 100 ns).
 */

const DAY_MS = 86_400_000;
const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => `${100 + i}`.slice(1));
const THREE_DIGITS: string[] = Array.from({ length: 1000 }, (_, i) => `${1000 + i}`.slice(1));
let cachedDay = Number.NaN;
let cachedDayPrefix = '';
// The second last formatted: calls come in time order, mostly several to a second, so most only
// look up their fraction's digits (k6's interpreter pays for every operation and call).
let secondStart = Number.NaN;
let secondEnd = Number.NaN;
let secondPrefix = '';

/** Caches `YYYY-MM-DDTHH:MM:SS.` for the second that holds `ms`; the date part is cached per day. */
function enterSecond(ms: number): void {
  const second = Math.floor(ms / 1000);
  const day = Math.floor(second / 86400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const secondOfDay = second - day * 86400;
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay - h * 3600) / 60);
  const s = secondOfDay - h * 3600 - m * 60;
  secondStart = second * 1000;
  secondEnd = secondStart + 1000;
  secondPrefix = `${cachedDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}.`;
}

/**
 * Formats an instant (whole ms) as `data.timestamp` is formatted: ISO 8601 UTC with 3 fractional
 * digits.
 *
 * @example
 * formatTimestamp(Date.UTC(2022, 7, 30, 14, 34, 36, 88)) // '2022-08-30T14:34:36.088Z'
 */
export function formatTimestamp(ms: number): string {
  if (!(ms >= secondStart && ms < secondEnd)) enterSecond(ms);
  return `${secondPrefix}${THREE_DIGITS[ms - secondStart]}Z`;
}

/**
 * Formats an instant (whole ms) as the envelope `time` is formatted: ISO 8601 UTC with 7
 * fractional digits. `ticks` are the 100 ns units within the millisecond (0..9999).
 *
 * @example
 * formatTime(Date.UTC(2022, 7, 30, 14, 34, 36, 613), 4321) // '2022-08-30T14:34:36.6134321Z'
 */
export function formatTime(ms: number, ticks: number): string {
  if (!(ms >= secondStart && ms < secondEnd)) enterSecond(ms);
  return `${secondPrefix}${THREE_DIGITS[ms - secondStart]}${TWO_DIGITS[(ticks / 100) | 0]}${TWO_DIGITS[ticks % 100]}Z`;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses an ISO 8601 UTC timestamp with up to 9 fractional digits into milliseconds and the
 * remaining 100 ns ticks. Returns `undefined` for anything else.
 *
 * @example
 * parseUtc('2022-08-30T14:34:36.6134321Z') // { ms: 1661870076613, ticks: 4321 }
 */
export function parseUtc(text: string): { ms: number; ticks: number } | undefined {
  const m = ISO_UTC.exec(text);
  if (!m) return undefined;
  const base = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  if (Number.isNaN(base)) return undefined;
  const frac = (m[7] ?? '').padEnd(7, '0').slice(0, 7);
  return { ms: base + Number(frac.slice(0, 3)), ticks: Number(frac.slice(3)) };
}
