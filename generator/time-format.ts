/**
 * Timestamps in the seed's two formats: `data.timestamp` with 3 fractional digits and the
 * envelope `time` with 7 (100 ns ticks). Time inside the simulation is an integer count of
 * milliseconds (plus, for `time`, 0..9999 ticks of 100 ns).
 */

const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';
const TWO_DIGITS: string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/** `YYYY-MM-DDTHH:MM:SS` for the second that holds `ms`; the date part is cached per day. */
function secondPrefix(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const secondOfDay = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay - h * 3600) / 60);
  const s = secondOfDay - h * 3600 - m * 60;
  return `${cachedDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`;
}

/**
 * Formats an instant as `data.timestamp` is formatted: ISO 8601 UTC with 3 fractional digits.
 *
 * @example
 * formatTimestamp(Date.UTC(2022, 7, 30, 14, 34, 36, 88)) // '2022-08-30T14:34:36.088Z'
 */
export function formatTimestamp(ms: number): string {
  const msPart = ms - Math.floor(ms / 1000) * 1000;
  return `${secondPrefix(ms)}.${pad3(msPart)}Z`;
}

/**
 * Formats an instant as the envelope `time` is formatted: ISO 8601 UTC with 7 fractional digits.
 * `ticks` are the 100 ns units within the millisecond (0..9999).
 *
 * @example
 * formatTime(Date.UTC(2022, 7, 30, 14, 34, 36, 613), 4321) // '2022-08-30T14:34:36.6134321Z'
 */
export function formatTime(ms: number, ticks: number): string {
  const msPart = ms - Math.floor(ms / 1000) * 1000;
  return `${secondPrefix(ms)}.${pad3(msPart)}${pad4(ticks)}Z`;
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
