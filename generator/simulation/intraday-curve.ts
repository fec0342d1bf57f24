/**
 * The intraday curve: relative demand for each hour of the day (UTC, or shifted by
 * `utcOffset`), interpolated linearly between hour midpoints. The default is a typical inbound
 * service day: a morning peak at 10-11, a lunch dip and a smaller afternoon peak, drawn from the
 * shape published contact-center intraday forecasts show.
 *
 * @example
 * simulate({ curve: DEFAULT_CURVE.map((w, hour) => (hour === 17 ? 1 : w)) }); // a late rush
 */
export const DEFAULT_CURVE: readonly number[] = [
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0, // 00-07
  0.55,
  0.85,
  1.0,
  0.95,
  0.75,
  0.7,
  0.85,
  0.8, // 08-15
  0.65,
  0.45,
  0.25,
  0.1,
  0,
  0,
  0,
  0, // 16-23
];

/**
 * A curve with a sharp morning peak (09:00-10:00), for the peak-hour scenario.
 *
 * @example
 * simulate({ curve: PEAK_HOUR_CURVE, agents: 120, duration: '4h' });
 */
export const PEAK_HOUR_CURVE: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 0, 0.4, 1.0, 0.9, 0.5, 0.4, 0.4, 0.45, 0.4, 0.35, 0.25, 0.15, 0.05, 0, 0, 0,
  0,
];

/**
 * A flat curve: the same demand in every open hour.
 *
 * @example
 * simulate({ curve: FLAT_CURVE, agents: 60 });
 */
export const FLAT_CURVE: readonly number[] = new Array<number>(24).fill(1);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Relative demand at `ms` (a Unix time) on `curve`, normalised so the curve's maximum is 1.
 *
 * @example
 * curveAt(DEFAULT_CURVE, Date.UTC(2026, 0, 5, 10, 30)) // 1
 */
export function curveAt(curve: readonly number[], ms: number, utcOffsetMs = 0): number {
  const local = (((ms + utcOffsetMs) % DAY) + DAY) % DAY;
  const pos = local / HOUR - 0.5; // hour midpoints carry the hour's value
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = curve[(i + 24) % 24] as number;
  const b = curve[(i + 25) % 24] as number;
  return a + (b - a) * frac;
}

/** The largest value of a curve, for thinning. */
export function curveMax(curve: readonly number[]): number {
  return Math.max(...curve);
}
