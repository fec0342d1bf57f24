/**
 * The center's calendar: its local days, its opening hours, and each day's level of demand (the
 * weekday's level times a random deviation shared by every team).
 */

import type { ResolvedOptions } from './options.js';
import { RandomStream } from './random.js';

export const DAY_MS = 86_400_000;

/** The start of the center's local day holding `ms` (a Unix time). */
export function localDayStart(o: ResolvedOptions, ms: number): number {
  const off = o.utcOffsetMs;
  return Math.floor((ms + off) / DAY_MS) * DAY_MS - off;
}

/** Whether the center is open at `ms` (a Unix time). */
export function isOpen(o: ResolvedOptions, ms: number): boolean {
  const local = ms - localDayStart(o, ms);
  return local >= o.openMs && local < o.closeMs;
}

/** The weekday's forecast level (Sunday first) of the local day starting at `dayStart`. */
export function weekdayLevel(o: ResolvedOptions, dayStart: number): number {
  const weekday = new Date(dayStart + o.utcOffsetMs).getUTCDay();
  return o.weekdayLevels[weekday] as number;
}

/** The center's daily level: weekday pattern times a lognormal draw shared by every team. */
export function levelOfDay(o: ResolvedOptions, dayStart: number): number {
  return weekdayLevel(o, dayStart) * dayNoise(o, dayStart);
}

/** The day's random level around its weekday's (lognormal, mean 1), shared by every team. */
export function dayNoise(o: ResolvedOptions, dayStart: number): number {
  const dayIndex = Math.round((dayStart + o.utcOffsetMs) / DAY_MS);
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
  const dayIndex = Math.round((dayStart + o.utcOffsetMs) / DAY_MS);
  const rng = new RandomStream(o.seed, 'center', 'hours', dayIndex);
  return Array.from({ length: 24 }, () =>
    Math.min(Math.exp(sd * rng.normal() - (sd * sd) / 2), 1 + 6 * sd),
  );
}
