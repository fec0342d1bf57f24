/**
 * The center's clock: a fixed offset from UTC (`utcOffset`) or an IANA time zone (`timeZone`),
 * whose offsets over the run are read from `Intl` once, when the options are resolved, as a table
 * of transitions. The simulation then only looks offsets up in the table, so it runs where `Intl`
 * has no time zones (k6's JavaScript runtime has no `Intl` at all): there the table is computed
 * beforehand, in Node, and passed in as `timeZoneOffsets`.
 */

import { parseDuration } from './duration.js';
import { SimError } from './errors.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * A zone's UTC offsets over a span: `[from, offset]` pairs sorted by `from` (Unix ms), each
 * offset (ms, east of UTC positive) in force from its `from` until the next pair's. Before the
 * first pair the first offset holds, after the last the last.
 */
export type ZoneOffsets = ReadonlyArray<readonly [number, number]>;

/** What the options say of the center's clock. */
export interface CenterClock {
  /** The fixed offset; with a time zone, its offset at the window's start. */
  utcOffsetMs: number;
  /** The IANA zone, when the center runs on one. */
  timeZone?: string;
  /** The zone's offsets over the run (absent: the fixed offset). */
  zoneOffsets?: ZoneOffsets;
}

interface ClockOptions {
  utcOffset?: string | number | undefined;
  timeZone?: string | undefined;
  timeZoneOffsets?: ZoneOffsets | undefined;
}

/**
 * The center's clock from its options: a fixed `utcOffset`, or a `timeZone` (with its offsets
 * given, or read from `Intl` over the window and two days either side). Both is an error.
 *
 * @example
 * resolveClock({ timeZone: 'America/New_York' }, { startMs: Date.UTC(2026, 2, 5), endMs: Date.UTC(2026, 2, 10) })
 */
export function resolveClock(
  options: ClockOptions,
  window: { startMs: number; endMs: number },
): CenterClock {
  const zone = options.timeZone;
  if (zone === undefined) {
    if (options.timeZoneOffsets !== undefined)
      throw new SimError('config', 'timeZoneOffsets need the timeZone they are of: give both.');
    return { utcOffsetMs: fixedOffset(options.utcOffset) };
  }
  if (options.utcOffset !== undefined)
    throw new SimError(
      'usage',
      `Give the center's time as a time zone ("${zone}") or as a UTC offset (${JSON.stringify(options.utcOffset)}), not both.`,
    );
  const offsets =
    options.timeZoneOffsets ?? zoneOffsets(zone, window.startMs - 2 * DAY, window.endMs + 3 * DAY);
  checkOffsets(offsets, zone);
  return { utcOffsetMs: offsetAt(offsets, window.startMs), timeZone: zone, zoneOffsets: offsets };
}

/** The center's offset from UTC, ms (`'-5h'`: five hours behind). */
function fixedOffset(value: string | number | undefined): number {
  const text = String(value ?? 0);
  return parseDuration(text.replace(/^[-+]/, ''), 'utcOffset') * (text.startsWith('-') ? -1 : 1);
}

function checkOffsets(offsets: ZoneOffsets, zone: string): void {
  const ok =
    Array.isArray(offsets) &&
    offsets.length > 0 &&
    offsets.every(
      (p, i) =>
        Array.isArray(p) &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        (i === 0 || p[0] > (offsets[i - 1] as readonly [number, number])[0]),
    );
  if (!ok)
    throw new SimError(
      'config',
      `Invalid timeZoneOffsets for ${zone}: give [from ms, offset ms] pairs sorted by from, as zoneOffsets() computes them.`,
    );
}

/** A formatter per zone: making one is the slow part. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f) return f;
  if (typeof Intl === 'undefined' || typeof Intl.DateTimeFormat !== 'function')
    throw new SimError(
      'config',
      `timeZone "${zone}" needs Intl's time zones, which this JavaScript runtime lacks (k6 has none): compute the offsets where it has them (Node: zoneOffsets()) and pass them as timeZoneOffsets.`,
    );
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new SimError(
      'usage',
      `Unknown time zone "${zone}": give an IANA name, e.g. America/New_York or Europe/Berlin.`,
      {
        option: 'timeZone',
        allowed: 'give an IANA time zone, e.g. America/New_York',
      },
    );
  }
  formatters.set(zone, f);
  return f;
}

/** The zone's offset from UTC at `ms`, read from Intl (whole seconds). */
function intlOffset(zone: string, ms: number): number {
  const at = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  );
  return local - at;
}

/**
 * The zone's offsets from `fromMs` to `toMs`, from Intl: sampled every 6 hours, each change
 * found to the minute (zones change on whole minutes).
 *
 * @example
 * zoneOffsets('America/New_York', Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 15))
 * // [[1772323200000, -18000000], [1772953200000, -14400000]]: EST, then EDT from 8 March 07:00 UTC
 */
export function zoneOffsets(zone: string, fromMs: number, toMs: number): ZoneOffsets {
  const step = DAY / 4;
  const out: Array<readonly [number, number]> = [[fromMs, intlOffset(zone, fromMs)]];
  let prevAt = fromMs;
  let prev = out[0]?.[1] as number;
  for (let t = fromMs + step; t < toMs + step; t += step) {
    const off = intlOffset(zone, t);
    if (off !== prev) {
      // The change lies in (prevAt, t]: bisect to the minute.
      let lo = prevAt;
      let hi = t;
      while (hi - lo > MINUTE) {
        const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
        if (mid <= lo) break;
        if (intlOffset(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      out.push([hi, off]);
      prev = off;
    }
    prevAt = t;
  }
  return out;
}

/** The offset in force at `ms` (Unix ms) by the table. */
export function offsetAt(offsets: ZoneOffsets, ms: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as readonly [number, number])[0] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return (offsets[lo] as readonly [number, number])[1];
}

/**
 * The offset of local day `day` (days since 1970-01-01 in local dates): the one in force when
 * its clock reads `clockMs` (the middle of the opening hours). The day runs on it, so its hours
 * open and close at their local times whatever the day's DST change (made at night).
 */
export function dayOffset(offsets: ZoneOffsets, day: number, clockMs: number): number {
  const local = day * DAY + clockMs;
  let off = offsetAt(offsets, local);
  for (let i = 0; i < 3; i++) off = offsetAt(offsets, local - off);
  return off;
}

/** The offsets moved `shiftMs` later: the same local times at instants `shiftMs` later. */
export function shiftOffsets(offsets: ZoneOffsets, shiftMs: number): ZoneOffsets {
  return offsets.map(([from, off]) => [from + shiftMs, off - shiftMs] as const);
}

/**
 * A clock for reading a stream in a zone: the zone's offset at any instant, from tables read
 * from Intl a season at a time as the instants asked for need them (or a fixed offset).
 *
 * @example
 * const clock = new ZoneClock('America/New_York');
 * clock.offsetAt(Date.UTC(2026, 2, 9)) // -14_400_000
 */
export class ZoneClock {
  /** The zone's offsets, per season of 120 days (with a day either side). */
  private readonly seasons = new Map<number, ZoneOffsets>();

  /** `zone`: an IANA name, or a fixed offset in ms. */
  constructor(readonly zone: string | number) {
    if (typeof zone === 'string') formatter(zone);
  }

  /** The offset from UTC in force at `ms`. */
  offsetAt(ms: number): number {
    if (typeof this.zone === 'number') return this.zone;
    const season = 120 * DAY;
    const k = Math.floor(ms / season);
    let table = this.seasons.get(k);
    if (!table) {
      table = zoneOffsets(this.zone, k * season - DAY, (k + 1) * season + DAY);
      this.seasons.set(k, table);
    }
    return offsetAt(table, ms);
  }

  /** The instant (Unix ms) at which the local clock reads `localMs` (ms since 1970 in local time). */
  instantOf(localMs: number): number {
    let at = localMs - this.offsetAt(localMs);
    for (let i = 0; i < 3; i++) at = localMs - this.offsetAt(at);
    return at;
  }

  /** `ms` as local ISO 8601 with its offset: `2026-03-08T08:00:00-04:00`. */
  iso(ms: number): string {
    const off = this.offsetAt(ms);
    const local = new Date(ms + off).toISOString().slice(0, 19);
    if (off === 0) return `${local}Z`;
    const a = Math.abs(off) / MINUTE;
    const hh = String(Math.floor(a / 60)).padStart(2, '0');
    const mm = String(Math.round(a % 60)).padStart(2, '0');
    return `${local}${off < 0 ? '-' : '+'}${hh}:${mm}`;
  }
}
