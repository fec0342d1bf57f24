import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  type CenterKpis,
  type CenterReport,
  CenterReporter,
  type CenterReportOptions,
} from '../../generator/analysis/center-report.js';
import { parseDuration } from '../../generator/duration.js';
import { SimError } from '../../generator/errors.js';
import { ZoneClock } from '../../generator/time-zone.js';
import { ndjsonBatches, readEventBatches } from '../events-file.js';
import { jsonSummary } from '../json-summary.js';
import { info } from '../log.js';
import { type ChartLibrary, loadChartLibrary, neverAnswered, reportHtml } from '../report-html.js';

function builder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      describe: 'An events file (NDJSON, JSON array or batch), or - for NDJSON on stdin',
      default: '-',
    })
    .option('interval', {
      type: 'string',
      default: '15m',
      describe: 'Interval length for the per-interval rows, e.g. 15m, 30m, 1h',
    })
    .option('sl-threshold', {
      type: 'number',
      default: 20,
      describe: 'Service-level threshold, seconds: answered within it counts as in service',
    })
    .option('sl-target', {
      type: 'number',
      default: 80,
      describe:
        'The service-level objective, percent answered within the threshold (the chart line)',
    })
    .option('time-zone', {
      type: 'string',
      describe:
        "The center's IANA time zone, e.g. America/New_York: intervals and times on its clock",
      defaultDescription: 'UTC',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
    .option('html', {
      type: 'string',
      describe:
        'Also write the report as one self-contained HTML page with charts (works offline) to this file',
    })
    .example(
      '$0 generate --types "channel.*.v0" "agent.*.v0" | $0 report',
      "A simulated day's KPIs",
    )
    .example('$0 report capture.ndjson --interval 1h --json', 'KPIs of a capture, hourly, as JSON')
    .example('$0 report capture.ndjson --html report.html', 'The table, and a page of charts');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** Reporter options from the flags; a bad value is a one-line usage error naming the flag. */
export function reportOptions(argv: {
  interval: string;
  slThreshold: number;
  slTarget?: number | undefined;
  timeZone?: string | undefined;
}): CenterReportOptions {
  const intervalMs = parseDuration(argv.interval, '--interval');
  if (
    !/[a-z]$/i.test(String(argv.interval).trim()) ||
    intervalMs < 60_000 ||
    intervalMs > 86_400_000
  )
    throw new SimError(
      'usage',
      `Invalid --interval "${argv.interval}": give a duration with a unit from 1m to 24h, e.g. 15m.`,
    );
  if (!(typeof argv.slThreshold === 'number' && argv.slThreshold >= 0 && argv.slThreshold <= 3600))
    throw new SimError(
      'usage',
      `Invalid --sl-threshold ${JSON.stringify(argv.slThreshold)}: give seconds from 0 to 3600, e.g. 20.`,
    );
  const target = argv.slTarget ?? 80;
  if (!(typeof target === 'number' && target > 0 && target <= 100))
    throw new SimError(
      'usage',
      `Invalid --sl-target ${JSON.stringify(argv.slTarget)}: give a percent in (0, 100], e.g. 80.`,
    );
  const options: CenterReportOptions = {
    intervalMs,
    slThresholdMs: argv.slThreshold * 1000,
    slTarget: target / 100,
  };
  if (argv.timeZone !== undefined) {
    // An unknown zone is a one-line error naming the flag (the clock checks it with Intl).
    new ZoneClock(argv.timeZone);
    options.timeZone = argv.timeZone;
  }
  return options;
}

/**
 * Where `--html` writes, checked before any event is read: a one-line usage error when its folder
 * is missing or it names a folder.
 */
export function htmlTarget(file: string): string {
  const path = resolve(file);
  const dir = dirname(path);
  const kind = (p: string) => {
    try {
      return statSync(p).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'none';
    }
  };
  if (file.trim() === '' || kind(path) === 'dir')
    throw new SimError(
      'usage',
      `Invalid --html "${file}": give the path of an HTML file to write, e.g. --html report.html.`,
    );
  if (kind(dir) !== 'dir')
    throw new SimError(
      'usage',
      `Invalid --html "${file}": the folder ${dir} ${kind(dir) === 'none' ? 'does not exist' : 'is not a folder'}; create it or write elsewhere.`,
    );
  return path;
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const sec = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);
const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));
/** A count the stream may not be able to give: `unknown`, never 0. */
const count = (x: number | null) => (x === null ? 'unknown' : String(x));

/** `2026-03-08T08:00:00-04:00` as the table shows it: `2026-03-08 08:00`. */
const localTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const local = (k: CenterKpis) => localTime(k.localStart);

function columns(r: CenterReport): Array<[string, (k: CenterKpis) => string]> {
  const planned = r.totals.required !== null;
  return [
    [`interval (${r.timeZone})`, local],
    ['offered', (k) => (k.offered === null ? '?' : String(k.offered))],
    ['answered', (k) => (k.answered === null ? '?' : String(k.answered))],
    ['abandoned', (k) => (k.abandoned === null ? '?' : String(k.abandoned))],
    ['voicemail', (k) => (k.voicemail === null ? '?' : String(k.voicemail))],
    ['SL', (k) => pct(k.serviceLevel)],
    ['ASA', (k) => sec(k.asa)],
    ['AHT', (k) => sec(k.aht)],
    ['occupancy', (k) => pct(k.occupancy)],
    ...(planned
      ? [['required', (k: CenterKpis) => num(k.required)] as [string, (k: CenterKpis) => string]]
      : []),
    ['staffed', (k) => num(k.staffed)],
    ['busy', (k) => num(k.busy)],
    ['queue', (k) => num(k.queue)],
    ['notifications', (k) => String(k.notifications)],
  ];
}

/** The totals as lines: volumes, service, handle times, agents, notifications. */
function totalLines(r: CenterReport): string[] {
  const t = r.totals;
  const w = r.window;
  const required =
    t.required === null
      ? 'required (plan) unknown from the stream'
      : `${num(t.required)} required by the plan`;
  const tail = r.tail
    ? `after the window (to ${localTime(r.tail.localEnd)}, calls finishing): ${num(r.tail.staffed)} staffed, occupancy ${pct(r.tail.occupancy)}, not in the totals`
    : '';
  return [
    `offered ${count(t.offered)}, answered ${count(t.answered)}, abandoned ${count(t.abandoned)}, voicemail ${count(t.voicemail)} (never answered ${pct(neverAnswered(t))})`,
    `service level ${pct(t.serviceLevel)} within ${r.slThresholdSeconds} s, ASA ${sec(t.asa)}; AHT ${sec(t.aht)} per answered interaction (talk ${sec(t.talk)}, hold ${sec(t.hold)}, wrap ${sec(t.wrap)}), ${sec(t.ahtPerContact)} per handled contact (${count(t.contacts)} agent legs)`,
    `window ${localTime(w.localStart)} to ${localTime(w.localEnd)} ${r.timeZone} (${w.given ? 'as simulated' : 'first event to the last arrival'}): occupancy ${pct(t.occupancy)} with wrap, ${pct(t.occupancyExWrap)} without; agents on average ${num(t.staffed)} staffed, ${num(t.busy)} busy, ${num(t.loggedIn)} logged in; ${required}; shrinkage ${pct(t.shrinkage)}`,
    ...(tail ? [tail] : []),
    `${t.transfers} transfers, ${t.conferences} conferences, ${t.failedOffers} offers rang out`,
    `notifications ${r.notifications.total}: ${r.notifications.meanPerSecond.toFixed(2)}/s on average, peak ${r.notifications.peakSecond?.count ?? 0} in one second (${r.notifications.peakSecond?.at ?? '-'}), ${r.notifications.peakMinute?.count ?? 0} in one minute`,
  ];
}

/**
 * The report as a readable table: totals first, then every interval with traffic or staff on the
 * report's clock, the intervals after the window under a line of their own.
 */
export function formatReport(r: CenterReport): string {
  const lines = totalLines(r);
  for (const [type, n] of Object.entries(r.notifications.byType).sort())
    lines.push(`  ${type.padEnd(30)} ${n}`);
  if (r.unavailable.length > 0) lines.push(`not in this stream: ${r.unavailable.join('; ')}`);
  if (r.skipped > 0) lines.push(`${r.skipped} events skipped (no parsable time or type)`);
  if (r.late > 0)
    lines.push(`${r.late} events came over 5 minutes after their interaction ended: not counted`);
  lines.push('');
  const cols = columns(r);
  const shown = r.intervals.filter(
    (k) => (k.offered ?? 0) > 0 || (k.staffed ?? 0) > 0.05 || k.notifications > 0,
  );
  const inWindow = shown.filter((k) => k.start < r.window.end);
  const after = shown.filter((k) => k.start >= r.window.end);
  const rows = [...inWindow, ...after].map((k) => cols.map(([, f]) => f(k)));
  const head = cols.map(([h]) => h);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const fmt = (row: string[]) =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  lines.push(fmt(head), ...rows.slice(0, inWindow.length).map(fmt));
  if (after.length > 0)
    lines.push(
      'after the window (calls in progress finishing):',
      ...rows.slice(inWindow.length).map(fmt),
    );
  return `${lines.join('\n')}\n`;
}

async function handler(argv: Args): Promise<void> {
  const reporter = new CenterReporter(reportOptions(argv));
  // Checked before the events are read, which can take a while (or wait on stdin).
  let html: { path: string; libs: ChartLibrary } | undefined;
  if (argv.html !== undefined) html = { path: htmlTarget(argv.html), libs: loadChartLibrary() };
  // A batch per chunk read: one await per chunk, not per event.
  const source =
    argv.file === '-' ? ndjsonBatches(process.stdin, 'stdin') : readEventBatches(argv.file);
  for await (const batch of source) for (const n of batch) reporter.add(n);
  const report = reporter.report();
  if (report.notifications.total === 0)
    throw new SimError(
      'input',
      `${argv.file === '-' ? 'stdin' : argv.file} holds no events to report on.`,
    );
  if (html) {
    writeFileSync(html.path, reportHtml(report, html.libs));
    info(`report page: ${html.path}`);
  }
  process.stdout.write(argv.json ? jsonSummary('report', 0, report) : formatReport(report));
}

/** `vcc-sim report`: a contact-center analyst's KPIs computed from an event stream. */
export const reportCommand: CommandModule<object, Args> = {
  command: 'report [file]',
  describe:
    'Report KPIs (service level, abandonment, ASA, AHT, occupancy, notification peaks) from events',
  builder: builder as never,
  handler,
};
