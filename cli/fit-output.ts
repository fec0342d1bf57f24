/**
 * `vcc-sim fit`'s outputs: the fitted scenario (what `--out` writes) and the readable account of
 * what was estimated and how well.
 */
import type { Calibration } from '../generator/fitting/calibration.js';
import type { CenterFit } from '../generator/fitting/center-fit.js';
import { durationRows, type KpiRow } from '../generator/fitting/fit-summary.js';
import type { SimulationOptions } from '../generator/simulation/options.js';

/** What `fit` found: the estimates, the options, the calibration and the check run. */
export interface FitResult {
  file: string;
  fit: CenterFit;
  simulation: SimulationOptions;
  calibration: Calibration | undefined;
  check: KpiRow[] | undefined;
}

const HOUR = 3_600_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SHARE_OF: Record<string, string> = {
  noAnswer: 'first offers',
  voicemail: 'callers whose patience ran out',
};

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const clock = (ms: number) =>
  `${String(Math.floor(ms / HOUR)).padStart(2, '0')}:${String(Math.round((ms % HOUR) / 60_000)).padStart(2, '0')}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The scenario file `--out` writes: the fitted simulation, and a description of where it came
 * from; delivery, thresholds and load take the scenario loader's defaults.
 */
export function fittedScenario(name: string, r: FitResult) {
  const c = r.fit.calendar;
  return {
    name,
    summary: `Fitted to ${r.file === '-' ? 'stdin' : r.file}: ${r.fit.report.totals.offered} calls, ${r.fit.agents} agents`,
    description: `Estimated by vcc-sim fit from a stream of ${r.fit.report.notifications.total} notifications from ${iso(c.startMs)} to ${iso(c.endMs)} UTC.`,
    simulation: r.simulation,
  };
}

function calendarLines(fit: CenterFit): string[] {
  const c = fit.calendar;
  const offset =
    c.utcOffsetMs === 0
      ? 'UTC'
      : `UTC${c.utcOffsetMs < 0 ? '-' : '+'}${Math.abs(c.utcOffsetMs) / HOUR}h`;
  const side = (seen: boolean) => (seen ? 'seen' : 'not seen, the default');
  const curve = c.curve
    .map((w, h) => [h, w] as const)
    .filter(([h]) => h * HOUR >= c.openMs - HOUR + 1 && h * HOUR < c.closeMs)
    .map(([h, w]) => `${String(h).padStart(2, '0')} ${w.toFixed(2)}`)
    .join('  ');
  const days = new Map<number, number>();
  for (const d of c.days) days.set(d.weekday, (days.get(d.weekday) ?? 0) + 1);
  const weekdays = c.weekdayLevels
    .map((l, i) =>
      l === null
        ? ''
        : `${WEEKDAYS[i]} ${l.toFixed(2)} (${days.get(i)} day${days.get(i) === 1 ? '' : 's'})`,
    )
    .filter((x) => x !== '')
    .join(', ');
  return [
    'calendar',
    `  hours     ${clock(c.openMs)}-${clock(c.closeMs)} ${offset} (opening ${side(c.openSeen)}, closing ${side(c.closeSeen)}; events carry no zone: --utc-offset states it)`,
    `  curve     ${curve}`,
    `  weekdays  ${weekdays}${c.weekdayLevels.includes(null) ? '; the others take their mean' : ''}`,
    `  demand    ${c.peakPerHour.toFixed(1)} calls an hour at the curve's peak on a level-1 day (${(c.peakPerHour / Math.max(1, fit.agents)).toFixed(3)} per agent); daily level sd ${c.dailyLevelSd}`,
  ];
}

function durationLines(fit: CenterFit): string[] {
  const rows = durationRows(fit);
  const lines = [
    `durations (lognormal, maximum likelihood on logs)  ${'n'.padStart(6)}  ${'observed mean'.padStart(13)}  ${'fitted mean'.padStart(11)}  ${'fitted sd'.padStart(9)}`,
  ];
  for (const r of rows) {
    const label = r.name === 'patience' ? 'patience (censored by answers)' : r.name;
    lines.push(
      `  ${label.padEnd(48)}${String(r.n).padStart(6)}  ${`${r.observedMean.toFixed(1)} s`.padStart(13)}  ${`${r.fittedMean.toFixed(1)} s`.padStart(11)}  ${`${r.fittedSd.toFixed(1)} s`.padStart(9)}`,
    );
    if (r.name === 'patience')
      lines.push(
        `    ${r.n} waits ended by it (abandoned or voicemail), ${r.censored} cut short by an answer; observed mean: of the waits it ended`,
      );
  }
  return lines;
}

function shareLines(fit: CenterFit): string[] {
  return [
    'shares',
    ...Object.entries(fit.shares).map(
      ([name, s]) =>
        `  ${name.padEnd(11)} ${pct(s.value).padStart(6)}  ${s.count} of ${s.of} ${SHARE_OF[name] ?? 'answered calls'}`,
    ),
  ];
}

function centerLines(r: FitResult): string[] {
  const { fit, calibration } = r;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const teams =
    fit.teamSize === undefined
      ? 'queues not shown (no supervisor monitored a call): the default queue size'
      : `${plural(fit.teams.length, 'queue')} of ${fit.teamSize} agents, ${plural(fit.supervisors, 'supervisor')} of teams of ${fit.supervisorSpan}`;
  const lines = [`agents    ${fit.agents} seen; ${teams}`];
  lines.push(
    fit.emails
      ? `emails    ${fit.emails.count}: ${fit.emails.perAgentHour} per agent per open hour`
      : 'emails    none',
  );
  if (fit.ringTimeoutSeconds !== undefined)
    lines.push(`ring timeout ${fit.ringTimeoutSeconds} s (the median ring-out)`);
  if (fit.closedVoicemails > 0)
    lines.push(`${fit.closedVoicemails} calls arrived while closed and went to voicemail`);
  lines.push(
    calibration
      ? `service objective ${calibration.serviceLevel}: simulated ${calibration.simulated.toFixed(3)} beside the capture's ${calibration.observed.toFixed(3)} (${calibration.runs.length} step${calibration.runs.length === 1 ? '' : 's'} of 2 seeded runs over ${iso(calibration.startMs)} to ${iso(calibration.endMs)})`
      : 'service objective not calibrated (the default 80/20)',
  );
  return lines;
}

function checkLines(rows: KpiRow[] | undefined): string[] {
  if (!rows) return [];
  const f = (x: number | null) => (x === null ? '-' : String(x));
  return [
    '',
    "the fitted center simulated over the capture's window (seed fit-check), beside the capture",
    `  ${'KPI'.padEnd(24)}${'capture'.padStart(10)}${'fitted'.padStart(10)}`,
    ...rows.map(
      (k) => `  ${k.name.padEnd(24)}${f(k.capture).padStart(10)}${f(k.simulated).padStart(10)}`,
    ),
  ];
}

/** The readable account of a fit. */
export function formatFit(r: FitResult, out: string | undefined): string {
  const { fit } = r;
  const c = fit.calendar;
  const lines = [
    `fit of ${r.file === '-' ? 'stdin' : r.file}: ${fit.report.totals.offered} calls from ${iso(c.startMs)} to ${iso(c.endMs)} UTC (${c.days.length} day${c.days.length === 1 ? '' : 's'})`,
    '',
    ...calendarLines(fit),
    '',
    ...centerLines(r),
    '',
    ...durationLines(fit),
    '',
    ...shareLines(fit),
    ...checkLines(r.check),
    '',
    out
      ? `scenario written to ${out}: vcc-sim generate --scenario ${out}`
      : 'write the scenario with --out FILE (for generate, fire and load --scenario FILE)',
  ];
  return `${lines.join('\n')}\n`;
}
