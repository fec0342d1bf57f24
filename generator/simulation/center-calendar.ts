/**
 * The center's calendar: its local days, its opening hours, and each day's level of demand (the
 * weekday's level times a random deviation shared by every team).
 *
 * A local day is a span of Unix time that starts at the day's local midnight, on a fixed offset
 * or, in a time zone, on the offset in force at the middle of its opening hours: a DST change
 * (made at night) makes the day 23 or 25 hours long, and its hours still open at their local time.
 */

import { dayOffset, offsetAt } from '../time-zone.js';
import type { ResolvedOptions } from './options.js';
import { RandomStream } from './random.js';

export const DAY_MS = 86_400_000;

/** The last local day looked up in a zone: most lookups fall in the same day. */
let lastDay = { o: undefined as ResolvedOptions | undefined, from: 0, to: 0 };

/** The start (Unix ms) of local day `day` (days since 1970-01-01 in local dates), in a zone. */
function zoneDayStart(o: ResolvedOptions, day: number): number {
  const offsets = o.zoneOffsets as NonNullable<ResolvedOptions['zoneOffsets']>;
  return day * DAY_MS - dayOffset(offsets, day, (o.openMs + o.closeMs) / 2);
}

/** The start of the center's local day holding `ms` (a Unix time). */
export function localDayStart(o: ResolvedOptions, ms: number): number {
  const offsets = o.zoneOffsets;
  if (!offsets) {
    const off = o.utcOffsetMs;
    return Math.floor((ms + off) / DAY_MS) * DAY_MS - off;
  }
  if (lastDay.o === o && ms >= lastDay.from && ms < lastDay.to) return lastDay.from;
  let day = Math.floor((ms + offsetAt(offsets, ms)) / DAY_MS);
  let from = zoneDayStart(o, day);
  if (ms < from) from = zoneDayStart(o, --day);
  let to = zoneDayStart(o, day + 1);
  if (ms >= to) {
    from = to;
    to = zoneDayStart(o, ++day + 1);
  }
  lastDay = { o, from, to };
  return from;
}

/** The start of the local day after the one starting at `dayStart`. */
export function nextDayStart(o: ResolvedOptions, dayStart: number): number {
  // A local day is 22 to 26 hours long: a day and a half on is inside the next one.
  return o.zoneOffsets ? localDayStart(o, dayStart + 1.5 * DAY_MS) : dayStart + DAY_MS;
}

/** The local date's day number (days since 1970-01-01) of the day starting at `dayStart`. */
export function localDayNumber(o: ResolvedOptions, dayStart: number): number {
  if (!o.zoneOffsets) return Math.round((dayStart + o.utcOffsetMs) / DAY_MS);
  const noon = dayStart + DAY_MS / 2;
  return Math.floor((noon + offsetAt(o.zoneOffsets, noon)) / DAY_MS);
}

/**
 * What `curveAt` adds to a Unix time in the day starting at `dayStart` to read the local clock:
 * the fixed offset, or in a zone the day's own.
 */
export function clockShift(o: ResolvedOptions, dayStart: number): number {
  return o.zoneOffsets ? -dayStart : o.utcOffsetMs;
}

/** Whether the center is open at `ms` (a Unix time). */
export function isOpen(o: ResolvedOptions, ms: number): boolean {
  const local = ms - localDayStart(o, ms);
  return local >= o.openMs && local < o.closeMs;
}

/** The weekday's forecast level (Sunday first) of the local day starting at `dayStart`. */
export function weekdayLevel(o: ResolvedOptions, dayStart: number): number {
  const weekday = new Date(localDayNumber(o, dayStart) * DAY_MS).getUTCDay();
  return o.weekdayLevels[weekday] as number;
}

/** The center's daily level: weekday pattern times a lognormal draw shared by every team. */
export function levelOfDay(o: ResolvedOptions, dayStart: number): number {
  return weekdayLevel(o, dayStart) * dayNoise(o, dayStart);
}

/** The day's random level around its weekday's (lognormal, mean 1), shared by every team. */
export function dayNoise(o: ResolvedOptions, dayStart: number): number {
  const dayIndex = localDayNumber(o, dayStart);
  const rng = new RandomStream(o.seed, 'center', 'day', dayIndex);
  const sd = o.dailyLevelSd;
  const noise = Math.exp(sd * rng.normal() - (sd * sd) / 2);
  return Math.min(noise, 1 + 6 * sd);
}

/**
 * The day's unforecast hour-to-hour variation: 24 lognormal multipliers (mean 1, sd
 * `intradayNoiseSd`), one per local hour, shared by every team. The plan does not see them.
 */
export function hourNoise(o: ResolvedOptions, dayStart: number): number[] {
  const sd = o.intradayNoiseSd;
  if (sd <= 0) return new Array<number>(24).fill(1);
  const dayIndex = localDayNumber(o, dayStart);
  const rng = new RandomStream(o.seed, 'center', 'hours', dayIndex);
  return Array.from({ length: 24 }, () =>
    Math.min(Math.exp(sd * rng.normal() - (sd * sd) / 2), 1 + 6 * sd),
  );
}
