/**
 * The center's calendar from its arrival curve: the UTC offset (where the overnight quiet falls),
 * the opening hours (the first and last calls of the day), the intraday curve (hourly arrival
 * rates, deconvolved from the model's interpolation between hour midpoints), each day's level,
 * the weekday levels, the spread of the daily level, and the arrival rate at the curve's peak.
 */

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** An arrival: when, and whether it reached the queue (not a closed-hours voicemail). */
export interface Arrival {
  atMs: number;
  queued: boolean;
}

/** What the capture shows of the center's calendar. */
export interface CalendarFit {
  /** The window: from the capture's first event to its last arrival (to the minute). */
  startMs: number;
  endMs: number;
  /** The offset of the local day (ms), and whether the user stated it. */
  utcOffsetMs: number;
  /** Opening hours, ms after local midnight; `seen`: shown by the capture, not a default. */
  openMs: number;
  closeMs: number;
  openSeen: boolean;
  closeSeen: boolean;
  /** 24 hourly weights, the largest 1. */
  curve: number[];
  /** Sunday first, the busiest 1; `null` for a weekday the capture does not hold. */
  weekdayLevels: Array<number | null>;
  /** The lognormal spread of a day's level around its weekday's (0 with one day per weekday). */
  dailyLevelSd: number;
  /** Arrivals per hour at the curve's peak on a day of level 1. */
  peakPerHour: number;
  /** Open hours in the window. */
  openHours: number;
  /** Local days the window touches, with their arrivals and fitted level. */
  days: Array<{ startMs: number; weekday: number; arrivals: number; level: number }>;
}

/** The defaults a side the capture cannot show takes: the model's 08:00-18:00. */
const DEFAULT_OPEN_MS = 8 * HOUR;
const DEFAULT_CLOSE_MS = 18 * HOUR;

const localDay = (ms: number, off: number) => Math.floor((ms + off) / DAY) * DAY - off;

/**
 * The offset that puts local midnight in the overnight quiet: 0 (UTC) when the calls of a day
 * do not cross midnight UTC, else the smallest whole-hour shift that puts midnight an hour or
 * more inside the longest stretch without calls.
 *
 * @example
 * quietMidnightOffset(arrivals) // 0 for a center open 08:00-18:00 UTC; -3 h for 16:00-02:00 UTC
 */
export function quietMidnightOffset(arrivals: readonly Arrival[]): number {
  const busy = new Array<boolean>(24 * 4).fill(false);
  for (const a of arrivals)
    if (a.queued) busy[Math.floor((((a.atMs % DAY) + DAY) % DAY) / QUARTER)] = true;
  if (!busy.some((b) => b)) return 0;
  // The longest circular run of quiet quarters.
  let best = { from: 0, length: 0 };
  for (let i = 0; i < busy.length; i++) {
    if (busy[i] || !busy[(i + busy.length - 1) % busy.length]) continue;
    let n = 0;
    while (!busy[(i + n) % busy.length] && n < busy.length) n++;
    if (n > best.length) best = { from: i, length: n };
  }
  const margin = Math.min(4, Math.floor(best.length / 2));
  const inQuiet = (q: number) => {
    const k = (((q - best.from) % 96) + 96) % 96;
    return k >= margin && k <= best.length - margin;
  };
  // Local midnight at UTC quarter q means an offset of -q quarters.
  for (let h = 0; h <= 12; h++)
    for (const sign of [1, -1]) {
      const q = (((-sign * h * 4) % 96) + 96) % 96;
      if (inQuiet(q)) return sign * h * HOUR;
    }
  return 0;
}

/** Linear interpolation between hour midpoints, as the model reads a curve. */
function curveAt(curve: readonly number[], localMs: number): number {
  const pos = (((localMs % DAY) + DAY) % DAY) / HOUR - 0.5;
  const i = Math.floor(pos);
  const a = curve[(i + 24) % 24] as number;
  const b = curve[(i + 25) % 24] as number;
  return a + (b - a) * (pos - i);
}

/** What the capture's edges show: its span, and calls in progress when it began and ended. */
export interface CaptureSpan {
  firstMs: number;
  lastArrivalMs: number;
  lastMs: number;
  /** Calls that arrived before the capture began (it began while the center was open). */
  inProgressAtStart: number;
  /** Calls still in progress when it ended (it ended while the center was open). */
  inProgressAtEnd: number;
  /** When agents changed into a logged-in presence; none in a capture without presence events. */
  presenceMs?: readonly number[];
}

/**
 * The opening hours, from the first and last queued call of each local day. A day shows its
 * opening unless it is the capture's first day and the capture began with calls in progress
 * (the center was open before it), and its closing unless it is the last day and the capture
 * ended with calls in progress. A side no day shows takes the default (08:00, 18:00) when that
 * is earlier (later) than the calls.
 *
 * The first call of a quiet morning can come well after the opening, so a day that shows its
 * opening also reads its first login: the agents who open the center log in a few minutes before
 * it opens, and the opening is the quarter hour after the day's first logged-in presence change
 * when that is earlier than the quarter of the day's first call.
 */
function openingHours(
  arrivals: readonly Arrival[],
  off: number,
  span: CaptureSpan,
): Pick<CalendarFit, 'openMs' | 'closeMs' | 'openSeen' | 'closeSeen'> {
  const byDay = new Map<number, { first: number; last: number }>();
  for (const a of arrivals) {
    if (!a.queued) continue;
    const day = localDay(a.atMs, off);
    const d = byDay.get(day) ?? { first: a.atMs, last: a.atMs };
    d.first = Math.min(d.first, a.atMs);
    d.last = Math.max(d.last, a.atMs);
    byDay.set(day, d);
  }
  const firstLogin = new Map<number, number>();
  for (const at of span.presenceMs ?? []) {
    const day = localDay(at, off);
    if (at < (firstLogin.get(day) ?? Number.POSITIVE_INFINITY)) firstLogin.set(day, at);
  }
  let first = DAY;
  let last = 0;
  let openSeen = false;
  let closeSeen = false;
  const firstDay = localDay(span.firstMs, off);
  const lastDay = localDay(span.lastMs, off);
  for (const [day, d] of byDay) {
    const opens = day > firstDay || span.inProgressAtStart === 0;
    const login = firstLogin.get(day);
    const dayOpen = Math.floor((d.first - day) / QUARTER) * QUARTER;
    first = Math.min(
      first,
      opens && login !== undefined
        ? Math.min(dayOpen, Math.ceil((login - day) / QUARTER) * QUARTER)
        : dayOpen,
    );
    last = Math.max(last, d.last - day);
    if (opens) openSeen = true;
    if (day < lastDay || span.inProgressAtEnd === 0) closeSeen = true;
  }
  if (byDay.size === 0)
    return { openMs: DEFAULT_OPEN_MS, closeMs: DEFAULT_CLOSE_MS, openSeen, closeSeen };
  let openMs = first;
  let closeMs = Math.min(DAY, Math.ceil((last + 1) / QUARTER) * QUARTER);
  if (!openSeen) openMs = Math.min(openMs, DEFAULT_OPEN_MS);
  if (!closeSeen) closeMs = Math.max(closeMs, DEFAULT_CLOSE_MS);
  return { openMs, closeMs, openSeen, closeSeen };
}

/** Open minutes of the window in each local hour, weighted by the level of their day. */
function exposure(
  fit: Pick<CalendarFit, 'openMs' | 'closeMs' | 'startMs' | 'endMs' | 'utcOffsetMs'>,
  levelOf: (dayStart: number) => number,
): number[] {
  const hours = new Array<number>(24).fill(0);
  const off = fit.utcOffsetMs;
  for (let t = fit.startMs; t < fit.endMs; t += MINUTE) {
    const day = localDay(t, off);
    const local = t - day;
    if (local < fit.openMs || local >= fit.closeMs) continue;
    const h = Math.floor(local / HOUR);
    hours[h] = (hours[h] as number) + (levelOf(day) * Math.min(MINUTE, fit.endMs - t)) / HOUR;
  }
  return hours;
}

/**
 * Hourly weights whose interpolated curve averages `means` over each open hour: the model's
 * hour average is 1/8 of each neighbour plus 3/4 of the hour's own weight, so the weights solve
 * a tridiagonal system (hours before the opening and after the closing taken equal to the
 * nearest open hour's). Negative solutions are clipped to 0.
 */
function deconvolve(means: readonly number[], hours: readonly number[]): number[] {
  const n = hours.length;
  const sub = 0.125;
  const diag = hours.map((_, i) => 0.75 + (i === 0 ? 0.125 : 0) + (i === n - 1 ? 0.125 : 0));
  if (n === 1) diag[0] = 1;
  const rhs = hours.map((h) => means[h] as number);
  // Thomas algorithm.
  const c: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    const den = (diag[i] as number) - (i > 0 ? sub * (c[i - 1] as number) : 0);
    c.push(sub / den);
    d.push(((rhs[i] as number) - (i > 0 ? sub * (d[i - 1] as number) : 0)) / den);
  }
  const w = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--)
    w[i] = (d[i] as number) - (i < n - 1 ? (c[i] as number) * (w[i + 1] as number) : 0);
  return w.map((x) => Math.max(0, x));
}

/** The intraday curve from arrivals per open hour over the (level-weighted) hours exposed. */
function intradayCurve(
  arrivals: readonly Arrival[],
  fit: Pick<CalendarFit, 'openMs' | 'closeMs' | 'startMs' | 'endMs' | 'utcOffsetMs'>,
  levelOf: (dayStart: number) => number,
): number[] {
  const counts = new Array<number>(24).fill(0);
  const off = fit.utcOffsetMs;
  for (const a of arrivals) {
    if (!a.queued) continue;
    const h = Math.floor((a.atMs - localDay(a.atMs, off)) / HOUR);
    counts[h] = (counts[h] as number) + 1;
  }
  const exposed = exposure(fit, levelOf);
  const openHours: number[] = [];
  for (let h = Math.floor(fit.openMs / HOUR); h < Math.ceil(fit.closeMs / HOUR); h++)
    openHours.push(h);
  const seen = openHours.filter((h) => (exposed[h] as number) > 0.05);
  const means = counts.map((c, h) =>
    (exposed[h] as number) > 0.05 ? c / (exposed[h] as number) : 0,
  );
  // Hours open but outside the window take the nearest seen hour's rate.
  for (const h of openHours)
    if (!seen.includes(h) && seen.length > 0) {
      const near = seen.reduce((a, b) => (Math.abs(b - h) < Math.abs(a - h) ? b : a));
      means[h] = means[near] as number;
    }
  const weights = deconvolve(means, openHours);
  const curve = new Array<number>(24).fill(0);
  openHours.forEach((h, i) => {
    curve[h] = weights[i] as number;
  });
  // The hours either side of the open ones, as the deconvolution assumed them.
  const firstH = openHours[0] as number;
  const lastH = openHours[openHours.length - 1] as number;
  if (firstH > 0) curve[firstH - 1] = curve[firstH] as number;
  if (lastH < 23) curve[lastH + 1] = curve[lastH] as number;
  const peak = Math.max(...curve);
  return peak > 0 ? curve.map((w) => Math.round((w / peak) * 1000) / 1000) : curve;
}

/** Each local day's expected arrivals per unit of peak rate: the curve's mass, in hours. */
function dayMass(
  fit: Pick<CalendarFit, 'openMs' | 'closeMs' | 'startMs' | 'endMs' | 'utcOffsetMs' | 'curve'>,
): Map<number, number> {
  const mass = new Map<number, number>();
  const off = fit.utcOffsetMs;
  for (let t = fit.startMs; t < fit.endMs; t += MINUTE) {
    const day = localDay(t, off);
    const local = t - day;
    if (local < fit.openMs || local >= fit.closeMs) continue;
    const step = Math.min(MINUTE, fit.endMs - t);
    const w = curveAt(fit.curve, local + step / 2);
    mass.set(day, (mass.get(day) ?? 0) + (w * step) / HOUR);
  }
  return mass;
}

/**
 * The calendar of a capture from its arrivals and its span: offset (stated, or where the
 * overnight quiet falls), hours, curve, levels.
 *
 * @example
 * const cal = fitCalendar(observations.arrivals, observations);
 * cal.openMs / 3_600_000 // 8
 */
export function fitCalendar(
  arrivals: readonly Arrival[],
  span: CaptureSpan,
  utcOffsetMs?: number,
): CalendarFit {
  const { firstMs, lastArrivalMs } = span;
  const startMs = Math.floor(firstMs / MINUTE) * MINUTE;
  const endMs = Math.max(startMs + MINUTE, Math.ceil((lastArrivalMs + 1) / MINUTE) * MINUTE);
  const off = utcOffsetMs ?? quietMidnightOffset(arrivals);
  const hours = openingHours(arrivals, off, span);
  const base = { startMs, endMs, utcOffsetMs: off, ...hours };
  // Twice: the curve with every day alike, the days' levels from it, the curve again by level.
  let levels = new Map<number, number>();
  let curve: number[] = [];
  let days: CalendarFit['days'] = [];
  for (let pass = 0; pass < 2; pass++) {
    curve = intradayCurve(arrivals, base, (d) => levels.get(d) ?? 1);
    const mass = dayMass({ ...base, curve });
    const counts = new Map<number, number>();
    for (const a of arrivals) {
      if (!a.queued) continue;
      const d = localDay(a.atMs, off);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    days = [...mass.entries()]
      .filter(([, m]) => m >= 0.25)
      .sort(([a], [b]) => a - b)
      .map(([d, m]) => ({
        startMs: d,
        weekday: new Date(d + off).getUTCDay(),
        arrivals: counts.get(d) ?? 0,
        level: (counts.get(d) ?? 0) / m,
      }));
    const top = Math.max(1e-9, ...days.map((d) => d.level));
    levels = new Map(days.map((d) => [d.startMs, d.level / top]));
  }
  const openHours = exposure(base, () => 1).reduce((a, b) => a + b, 0);
  return { ...base, curve, ...weekdays(days, dayMass({ ...base, curve })), days, openHours };
}

/** Weekday levels (arrivals over curve mass per weekday), the peak rate and the daily spread. */
function weekdays(
  days: CalendarFit['days'],
  mass: Map<number, number>,
): Pick<CalendarFit, 'weekdayLevels' | 'dailyLevelSd' | 'peakPerHour'> {
  const sum = new Array<number>(7).fill(0);
  const exposed = new Array<number>(7).fill(0);
  for (const d of days) {
    sum[d.weekday] = (sum[d.weekday] as number) + d.arrivals;
    exposed[d.weekday] = (exposed[d.weekday] as number) + (mass.get(d.startMs) ?? 0);
  }
  const rate = sum.map((s, i) => ((exposed[i] as number) > 0 ? s / (exposed[i] as number) : null));
  const peakPerHour = Math.max(0, ...rate.map((r) => r ?? 0));
  const weekdayLevels = rate.map((r) =>
    r === null || peakPerHour === 0 ? null : Math.round((r / peakPerHour) * 1000) / 1000,
  );
  // The spread of a day around its weekday, less what Poisson noise alone gives.
  let squares = 0;
  let n = 0;
  for (const d of days) {
    const r = rate[d.weekday];
    const same = days.filter((x) => x.weekday === d.weekday).length;
    if (r === null || r === undefined || same < 2 || d.arrivals === 0) continue;
    squares += Math.log(d.level / r) ** 2 * (same / (same - 1)) - 1 / d.arrivals;
    n++;
  }
  const dailyLevelSd = n > 0 ? Math.round(Math.sqrt(Math.max(0, squares / n)) * 1000) / 1000 : 0;
  return { weekdayLevels, dailyLevelSd, peakPerHour };
}
