/**
 * How well a fit did, as data for the CLI's table and `--json`: each fitted distribution's mean
 * beside the mean observed, each share with what it was counted from, and the capture's KPIs
 * beside those of the fitted center simulated over the same window.
 */
import type { CenterKpis, CenterReport } from '../analysis/report-types.js';
import type { CenterFit } from './center-fit.js';

/** A fitted duration: the fitted lognormal's mean and sd beside the plain mean observed. */
export interface DurationRow {
  name: string;
  /** Observations (for patience: the waits that ended it; `censored` more were answered). */
  n: number;
  censored: number;
  observedMean: number;
  fittedMean: number;
  fittedSd: number;
}

/** A KPI of the capture beside the same KPI of the fitted center's simulated stream. */
export interface KpiRow {
  name: string;
  capture: number | null;
  simulated: number | null;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The fitted durations as rows, emails' handle time included.
 *
 * @example
 * durationRows(fit).find((r) => r.name === 'talk') // { n: 1968, observedMean: 277.6, fittedMean: 264.6, … }
 */
export function durationRows(fit: CenterFit): DurationRow[] {
  const entries = Object.entries(fit.durations);
  if (fit.emails?.handle) entries.push(['email handle', fit.emails.handle]);
  return entries.flatMap(([name, f]) =>
    f
      ? [
          {
            name,
            n: f.n,
            censored: f.censored,
            observedMean: round(f.observedMean),
            fittedMean: round(f.mean),
            fittedSd: round(f.sd),
          },
        ]
      : [],
  );
}

/**
 * The hour (UTC, 0-23) of the first interval of a report with a call offered.
 *
 * @example
 * firstCallHour(reporter.report()) // 8
 */
export function firstCallHour(report: CenterReport): number | null {
  const first = report.intervals.find((k) => (k.offered ?? 0) > 0);
  return first ? new Date(first.start).getUTCHours() : null;
}

/** Offered per day, the service level, handle times and shares: what a replay is judged by. */
function kpis(t: CenterKpis, days: number): Array<[string, number | null]> {
  // A count the stream cannot tell (null) leaves what is read from it unknown.
  const share = (n: number | null, of: number | null) =>
    n !== null && of !== null && of > 0 ? round(n / of, 4) : null;
  const r = (x: number | null) => (x === null ? null : round(x, 3));
  const never = t.abandoned === null || t.voicemail === null ? null : t.abandoned + t.voicemail;
  return [
    ['offered per day', t.offered === null ? null : round(t.offered / Math.max(1, days), 1)],
    ['service level', r(t.serviceLevel)],
    ['ASA', r(t.asa)],
    ['AHT', r(t.aht)],
    ['talk', r(t.talk)],
    ['hold', r(t.hold)],
    ['wrap', r(t.wrap)],
    ['transfer share', share(t.transfers, t.answered)],
    ['conference share', share(t.conferences, t.answered)],
    ['never answered', share(never, t.offered)],
    ['occupancy', r(t.occupancy)],
    ['agents staffed', r(t.staffed)],
  ];
}

/**
 * The capture's KPIs beside the simulated stream's, over the same window (`days` local days).
 *
 * @example
 * kpiComparison(captureReport, simulatedReport, 1)[0] // { name: 'offered per day', capture: 2003, simulated: 1987 }
 */
export function kpiComparison(
  capture: CenterReport,
  simulated: CenterReport,
  days: number,
): KpiRow[] {
  const a = kpis(capture.totals, days);
  const b = kpis(simulated.totals, days);
  const rows = a.map(([name, value], i) => ({
    name,
    capture: value,
    simulated: (b[i] as [string, number | null])[1],
  }));
  rows.push({
    name: 'first call (hour, UTC)',
    capture: firstCallHour(capture),
    simulated: firstCallHour(simulated),
  });
  return rows;
}
