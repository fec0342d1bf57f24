/**
 * `vcc-sim report --html`: the center report as one self-contained page that works offline. The
 * totals are HTML; the charts are drawn in the browser by uPlot, whose JS and CSS (copied into
 * dist/ by the build) are inlined with the report's data as JSON, so the page needs no network
 * and no other file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CenterKpis, CenterReport } from '../generator/analysis/center-report.js';
import { packageRoot } from './package-root.js';

/** The charting library's code and styles, inlined into the page. */
export interface ChartLibrary {
  js: string;
  css: string;
}

/**
 * Reads uPlot: its minified browser build and its CSS, which the build copies to `dist/uplot/` (the
 * package is a devDependency, bundled so: a library user does not install it); in a clone that
 * has not been built, from node_modules.
 *
 * @example
 * writeFileSync('report.html', reportHtml(reporter.report(), loadChartLibrary()));
 */
export function loadChartLibrary(): ChartLibrary {
  let dir = join(packageRoot(), 'dist', 'uplot');
  if (!existsSync(join(dir, 'uPlot.iife.min.js'))) {
    try {
      dir = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
    } catch {
      throw new Error(
        `Cannot find uPlot, which the HTML report draws its charts with: ${dir} is missing. Run "npm run build" in ${packageRoot()}.`,
      );
    }
  }
  return {
    js: readFileSync(join(dir, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dir, 'uPlot.min.css'), 'utf8'),
  };
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const sec = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} s`);
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
/** A count the stream may not give: `unknown`, never 0. */
const count = (n: number | null) => (n === null ? 'unknown' : int(n));
const num = (x: number | null) => (x === null ? '–' : x.toFixed(1));
/** An interval's local start as the page shows it: `2026-03-08 08:00`. */
const local = (k: CenterKpis) => k.localStart.slice(0, 16).replace('T', ' ');

/** The share of offered calls never answered (abandoned or voicemail). */
export function neverAnswered(k: CenterKpis): number | null {
  if (k.offered === null || k.abandoned === null || k.voicemail === null || k.offered === 0)
    return null;
  return (k.abandoned + k.voicemail) / k.offered;
}

/**
 * JSON that can sit inside a `<script>` element: `<` (and so `</script>` and `<!--`) and the JS
 * line separators are escaped, which JSON.parse reads back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Code inlined in `<script>`/`<style>`: a closing tag inside it would end the element early. */
const inlineSafe = (code: string, tag: 'script' | 'style') =>
  code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

/** One headline figure: a label, the value, and an optional line under it. */
function kpi(key: string, label: string, value: string, note = ''): string {
  return (
    `<div class="kpi"><div class="kpi-label">${esc(label)}</div>` +
    `<div class="kpi-value" data-kpi="${key}">${esc(value)}</div>` +
    (note ? `<div class="kpi-note">${note}</div>` : '') +
    '</div>'
  );
}

/** A chart's frame: its title, a line saying what it shows, and the element uPlot draws in. */
function chart(id: string, title: string, caption: string, wide = false): string {
  return (
    `<section class="card${wide ? ' wide' : ''}"><h2>${esc(title)}</h2>` +
    `<p class="caption" id="${id}-caption">${caption}</p>` +
    `<div class="chart" id="${id}"></div></section>`
  );
}

/**
 * The report as one HTML page: the totals as text, then charts of arrivals by outcome, staffed vs
 * busy agents, the queue, the notification rate (with the peak second) and the handle-time and
 * wait histograms. Pure: the same report and library give the same page.
 *
 * @example
 * const reporter = new CenterReporter({ intervalMs: 900_000 });
 * for (const n of simulate({ agents: 50, duration: '1d' })) reporter.add(n);
 * writeFileSync('report.html', reportHtml(reporter.report(), loadChartLibrary()));
 */
export function reportHtml(report: CenterReport, libs: ChartLibrary): string {
  const t = report.totals;
  const first = report.intervals[0] ?? t;
  const last = report.intervals[report.intervals.length - 1] ?? t;
  const zone = report.timeZone;
  const intervalText = intervalLength(report);
  const notes = [
    ...report.unavailable.map((u) => `Not in this stream: ${esc(u)}.`),
    ...(report.skipped > 0
      ? [`${int(report.skipped)} events skipped (no parsable time or type).`]
      : []),
    ...(report.late > 0
      ? [
          `${int(report.late)} events came over 5 minutes after their interaction ended: not counted.`,
        ]
      : []),
  ];
  const period = `${local(first)} to ${local(last)} (interval starts, ${zone})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contact-center report ${esc(local(first))} – ${esc(local(last))} ${esc(zone)}</title>
<style>${inlineSafe(libs.css, 'style')}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>Contact-center report</h1>
<p class="period">${esc(period)} · times in <span data-kpi="time-zone">${esc(zone)}</span> · ${esc(intervalText)} intervals · ${esc(int(report.intervals.length))} intervals · ${esc(int(t.transfers))} transfers, ${esc(int(t.conferences))} conferences, ${esc(int(t.failedOffers))} offers rang out</p>
<div class="kpis">
${kpiCards(report)}
</div>
${notes.map((x) => `<p class="note">${x}</p>`).join('\n')}
</header>
<main>
${chartSections(report)}
${intervalTable(report)}
</main>
<footer>Made by <code>vcc-sim report --html</code>. Charts drawn with uPlot (MIT), inlined; the page needs no network.</footer>
<script type="application/json" id="report-data">${scriptJson(report)}</script>
<script>${inlineSafe(libs.js, 'script')}</script>
<script>${inlineSafe(PAGE_JS, 'script')}</script>
</body>
</html>
`;
}

/** The columns of the page's interval table: heading, what it shows, the cell. */
const TABLE: Array<[string, string, (k: CenterKpis) => string]> = [
  ['offered', 'calls that arrived', (k) => count(k.offered)],
  ['answered', '', (k) => count(k.answered)],
  ['abandoned', '', (k) => count(k.abandoned)],
  ['voicemail', '', (k) => count(k.voicemail)],
  ['SL', 'answered within the threshold, of offered', (k) => pct(k.serviceLevel)],
  ['ASA', 'mean wait to answer', (k) => sec(k.asa)],
  ['AHT', 'per answered interaction', (k) => sec(k.aht)],
  ['AHT/contact', 'per handled contact (agent leg)', (k) => sec(k.ahtPerContact)],
  ['occupancy', 'busy of staffed time, wrap included', (k) => pct(k.occupancy)],
  ['required', 'mean agents the plan required', (k) => num(k.required)],
  ['staffed', 'mean agents available (Ready)', (k) => num(k.staffed)],
  ['busy', 'mean agents on a contact', (k) => num(k.busy)],
  ['shrinkage', 'logged-in time not available', (k) => pct(k.shrinkage)],
  ['queue', 'mean callers waiting', (k) => num(k.queue)],
];

/** The intervals as a table on the page; those after the window under a row of their own. */
function intervalTable(report: CenterReport): string {
  const shown = report.intervals.filter(
    (k) => (k.offered ?? 0) > 0 || (k.staffed ?? 0) > 0.05 || k.notifications > 0,
  );
  const row = (k: CenterKpis) =>
    `<tr data-start="${esc(k.start)}"><th scope="row">${esc(local(k))}</th>${TABLE.map(([name, , f]) => `<td data-col="${esc(name)}">${esc(f(k))}</td>`).join('')}</tr>`;
  const inWindow = shown.filter((k) => k.start < report.window.end);
  const after = shown.filter((k) => k.start >= report.window.end);
  const span = TABLE.length + 1;
  const required =
    report.totals.required === null
      ? " The plan's requirement is unknown from a stream alone (–): a run of the generator knows it."
      : '';
  return `<section class="card wide"><h2>Intervals</h2>
<p class="caption">Every ${esc(intervalLength(report))} interval with calls, agents or notifications, starting at the time shown (${esc(report.timeZone)}). Calls count where they arrived; agent figures are means over the interval.${required}</p>
<div class="table-wrap"><table id="interval-table">
<thead><tr><th scope="col">interval</th>${TABLE.map(([name, title]) => `<th scope="col" title="${esc(title)}">${esc(name)}</th>`).join('')}</tr></thead>
<tbody>
${inWindow.map(row).join('\n')}
${after.length > 0 ? `<tr class="after"><th colspan="${span}">After the window: calls in progress finishing, not in the totals' agent figures</th></tr>\n${after.map(row).join('\n')}` : ''}
</tbody></table></div></section>`;
}

/** The report's interval as the page says it: `15 min`, `1 h`. */
function intervalLength(report: CenterReport): string {
  const minutes = report.intervalSeconds / 60;
  return minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
}

/** The KPI cards of the page's header: volumes, outcomes, service level, times, agents, peaks. */
function kpiCards(report: CenterReport): string {
  const t = report.totals;
  const n = report.notifications;
  const tail = report.tail
    ? `; after the window <span data-kpi="tail-occupancy">${pct(report.tail.occupancy)}</span>, apart`
    : '';
  return [
    kpi('offered', 'Offered', count(t.offered), 'inbound interactions'),
    kpi('answered', 'Answered', count(t.answered)),
    kpi('abandoned', 'Abandoned', count(t.abandoned)),
    kpi('voicemail', 'Voicemail', count(t.voicemail)),
    kpi(
      'never-answered',
      'Never answered',
      pct(neverAnswered(t)),
      'abandoned + voicemail, of offered',
    ),
    kpi(
      'service-level',
      'Service level',
      pct(t.serviceLevel),
      `answered within <span data-kpi="sl-threshold">${esc(String(report.slThresholdSeconds))} s</span>, of offered; objective <span data-kpi="sl-target">${pct(report.slTarget)}</span>`,
    ),
    kpi('asa', 'ASA', sec(t.asa), 'average speed of answer'),
    kpi(
      'aht',
      'AHT per interaction',
      sec(t.aht),
      `per answered interaction, all its agents: talk <span data-kpi="talk">${sec(t.talk)}</span> · hold <span data-kpi="hold">${sec(t.hold)}</span> · wrap <span data-kpi="wrap">${sec(t.wrap)}</span>`,
    ),
    kpi(
      'aht-per-contact',
      'AHT per contact',
      sec(t.ahtPerContact),
      `per handled contact (agent leg), as an ACD counts: <span data-kpi="contacts">${count(t.contacts)}</span> contacts`,
    ),
    kpi(
      'occupancy',
      'Occupancy',
      pct(t.occupancy),
      `over the window, with wrap; <span data-kpi="occupancy-ex-wrap">${pct(t.occupancyExWrap)}</span> without${tail}`,
    ),
    kpi(
      'staffed',
      'Agents',
      num(t.staffed),
      `staffed on average; <span data-kpi="busy">${num(t.busy)}</span> busy, <span data-kpi="required">${t.required === null ? 'unknown' : num(t.required)}</span> required by the plan`,
    ),
    kpi(
      'shrinkage',
      'Shrinkage',
      pct(t.shrinkage),
      'logged-in time in a presence other than Ready (breaks, meetings, training…)',
    ),
    kpi(
      'peak-second',
      'Peak second',
      n.peakSecond ? int(n.peakSecond.count) : '–',
      n.peakSecond ? `notifications at ${esc(utc(n.peakSecond.at))} UTC` : '',
    ),
    kpi(
      'peak-minute',
      'Peak minute',
      n.peakMinute ? int(n.peakMinute.count) : '–',
      n.peakMinute ? `notifications at ${esc(utc(n.peakMinute.at).slice(0, 16))} UTC` : '',
    ),
    kpi(
      'notifications',
      'Notifications',
      int(n.total),
      `${n.meanPerSecond.toFixed(2)}/s on average`,
    ),
  ].join('\n');
}

/** The page's charts, each a titled section with what it shows (uPlot draws them from the data). */
function chartSections(report: CenterReport): string {
  const n = report.notifications;
  const intervalText = intervalLength(report);
  const zone = esc(report.timeZone);
  const peakSecond = n.peakSecond
    ? `${int(n.peakSecond.count)} notifications in the second ${utc(n.peakSecond.at)} UTC`
    : 'no notifications';
  const plan =
    report.totals.required === null
      ? " The plan's requirement is not drawn: a stream alone does not say it."
      : ' The dashed line is what the staffing plan required on the phones.';
  return [
    chart(
      'chart-service',
      'Service level and ASA',
      `Service level (calls answered within ${esc(String(report.slThresholdSeconds))} s, of those offered) per ${intervalText} interval against the objective of ${pct(report.slTarget)} (dashed), and the average speed of answer (right axis). Times in ${zone}.`,
      true,
    ),
    chart(
      'chart-arrivals',
      'Arrivals by outcome',
      `Offered interactions per ${intervalText} interval, by arrival time, stacked by how they ended.`,
      true,
    ),
    chart(
      'chart-agents',
      'Agents required, staffed and busy',
      `Mean agents staffed (logged in and Ready) and busy (alerting, connected or in wrap) per ${intervalText} interval.${plan}`,
    ),
    chart(
      'chart-queue',
      'Queue length',
      `Mean callers waiting for an agent per ${intervalText} interval.`,
    ),
    chart(
      'chart-rate',
      'Notifications per second',
      `Mean notifications per second in each ${intervalText} interval. <strong>Peak second: ${esc(peakSecond)}</strong> (its interval is highlighted).`,
      true,
    ),
    chart(
      'chart-handle',
      'Handle time',
      'Answered interactions by handle time (talk + hold + wrap), 10 s bins.',
    ),
    chart(
      'chart-wait',
      'Wait to answer',
      `Answered interactions by wait from arrival to answer, 5 s bins; the dashed line is the ${esc(String(report.slThresholdSeconds))} s service-level threshold.`,
    ),
  ].join('\n');
}

const PAGE_CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 32px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 0 0 2px; font-size: 16px; }
.period { margin: 0 0 16px; color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.kpi-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi-value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi-note { color: var(--muted); font-size: 12px; }
.note { margin: 12px 0 0; padding: 8px 12px; background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; margin-top: 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 8px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.caption { margin: 0 0 8px; color: var(--muted); font-size: 13px; }
.chart { width: 100%; }
.chart .u-legend { font-size: 13px; }
.chart-error { color: #b71c1c; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; width: 100%; }
th, td { padding: 3px 8px; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
thead th { position: sticky; top: 0; background: #fff; color: var(--muted); font-weight: 600; }
tbody th { text-align: left; font-weight: 500; }
tr.after th { text-align: left; background: #fff8e1; color: var(--ink); }
footer { margin-top: 20px; color: var(--muted); font-size: 12px; }
`;

/** The browser side: reads the embedded report and draws each chart with uPlot. */
const PAGE_JS = `
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('report-data').textContent);
  var C = {
    answered: '#43a047', abandoned: '#fb8c00', voicemail: '#8e24aa',
    staffed: '#1e88e5', busy: '#0d47a1', queue: '#e53935',
    rate: '#26a69a', peak: '#ff6f00', handle: '#5c6bc0', wait: '#00897b',
    sl: '#3949ab', target: '#c62828', asa: '#f9a825', required: '#6d4c41',
    grid: '#eceff1', axis: '#52606d'
  };
  var iv = R.intervalSeconds;
  var ks = R.intervals;
  var mid = ks.map(function (k) { return Date.parse(k.start) / 1000 + iv / 2; });
  var col = function (f) { return ks.map(function (k) { var v = f(k); return v == null ? null : v; }); };
  var HEIGHT = 280;

  // The report's clock: an IANA zone (read by the browser's Intl), UTC, or a fixed UTC+hh:mm.
  var zone = R.timeZone;
  var fixedZone = /^UTC([+-])(\\d\\d):(\\d\\d)$/.exec(zone);
  var fixedOff = fixedZone ? (fixedZone[1] === '-' ? -1 : 1) * (Number(fixedZone[2]) * 60 + Number(fixedZone[3])) * 60 : 0;
  var zoneFmt = !fixedZone && zone !== 'UTC' ? new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'
  }) : null;
  /** Epoch seconds on the report's clock: 'YYYY-MM-DD HH:MM'. */
  var localText = function (ts) {
    if (!zoneFmt) return new Date((ts + fixedOff) * 1000).toISOString().slice(0, 16).replace('T', ' ');
    var p = {};
    zoneFmt.formatToParts(new Date(ts * 1000)).forEach(function (x) { p[x.type] = x.value; });
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
  };
  var tzName = zoneFmt ? zone : fixedZone && fixedOff % 3600 === 0 ? 'Etc/GMT' + (fixedOff > 0 ? '-' : '+') + Math.abs(fixedOff / 3600) : 'Etc/UTC';
  var xLabel = 'interval (' + zone + ')';

  /** Time ticks as local HH:mm, with the date under the first tick of each day. */
  var timeTicks = function (u, vals) {
    var day = '';
    return vals.map(function (v) {
      var text = localText(v);
      var d = text.slice(5, 10);
      var out = text.slice(11, 16) + (d !== day ? '\\n' + d : '');
      day = d;
      return out;
    });
  };
  function axes(xLabel, yLabel, time) {
    var ax = { stroke: C.axis, grid: { stroke: C.grid }, ticks: { stroke: C.grid }, label: xLabel, labelSize: 22, space: 56 };
    ax.values = time ? timeTicks : function (u, vals) { return vals.map(function (v) { return String(v); }); };
    return [ax, { stroke: C.axis, grid: { stroke: C.grid }, ticks: { stroke: C.grid }, label: yLabel, labelSize: 24, size: 56 }];
  }
  var utcDate = function (ts) { return uPlot.tzDate(new Date(ts * 1000), tzName); };
  var timeRange = function () { return [mid[0] - iv / 2, mid[mid.length - 1] + iv / 2]; };
  var bars = function (opts) { return uPlot.paths.bars(Object.assign({ size: [0.82, 80], align: 0 }, opts || {})); };
  var intervalName = function (u, v) { return v == null ? '–' : localText(v - iv / 2) + ' ' + zone; };
  var fixed = function (d) { return function (u, v) { return v == null ? '–' : v.toFixed(d); }; };

  /** Draws one chart: make(el) gives its uPlot options (no size) and data. */
  function draw(id, colors, make) {
    var el = document.getElementById(id);
    el.setAttribute('data-colors', colors.join(' '));
    try {
      var c = make(el);
      var opts = Object.assign({
        width: Math.max(320, el.clientWidth), height: HEIGHT,
        cursor: { points: { size: 6 } }, legend: { live: true }
      }, c.opts);
      new uPlot(opts, c.data, el);
    } catch (e) {
      el.innerHTML = '<p class="chart-error">This chart could not be drawn: ' + String(e && e.message) + '</p>';
      throw e;
    }
  }

  // Arrivals, stacked: each series holds the running total, drawn from the one below it.
  draw('chart-arrivals', [C.answered, C.abandoned, C.voicemail], function () {
    var a = col(function (k) { return k.answered; });
    var b = col(function (k) { return k.abandoned; });
    var v = col(function (k) { return k.voicemail; });
    var raw = [null, a, b, v];
    var s1 = a, s2 = a.map(function (x, i) { return x + b[i]; }), s3 = s2.map(function (x, i) { return x + v[i]; });
    var show = function (u, _v, si, i) { return i == null ? '–' : String(raw[si][i]); };
    var opts = {
      tzDate: utcDate,
      scales: { x: { time: true, range: timeRange }, y: { range: function (u, mn, mx) { return [0, Math.max(1, mx * 1.08)]; } } },
      axes: axes(xLabel, 'interactions', true),
      bands: [{ series: [2, 1], fill: 'rgba(0,0,0,0)' }, { series: [3, 2], fill: 'rgba(0,0,0,0)' }],
      series: [
        { label: 'interval', value: intervalName },
        { label: 'answered', fill: C.answered, stroke: C.answered, width: 0, paths: bars(), points: { show: false }, value: show },
        { label: 'abandoned', fill: C.abandoned, stroke: C.abandoned, width: 0, paths: bars(), points: { show: false }, value: show },
        { label: 'voicemail', fill: C.voicemail, stroke: C.voicemail, width: 0, paths: bars(), points: { show: false }, value: show }
      ]
    };
    return { opts: opts, data: [mid, s1, s2, s3] };
  });

  draw('chart-service', [C.sl, C.target, C.asa], function () {
    var target = R.slTarget * 100;
    var opts = {
      tzDate: utcDate,
      scales: { x: { time: true, range: timeRange }, y: { range: [0, 105] }, s: { range: function (u, mn, mx) { return [0, Math.max(10, mx * 1.15)]; } } },
      axes: [
        axes(xLabel, 'service level (%)', true)[0],
        { stroke: C.axis, grid: { stroke: C.grid }, ticks: { stroke: C.grid }, label: 'service level (%)', labelSize: 24, size: 56 },
        { scale: 's', side: 1, stroke: C.axis, grid: { show: false }, ticks: { stroke: C.grid }, label: 'ASA (s)', labelSize: 24, size: 56 }
      ],
      series: [
        { label: 'interval', value: intervalName },
        { label: 'service level', stroke: C.sl, width: 2.5, spanGaps: false, points: { show: true, size: 5, fill: C.sl }, value: function (u, v) { return v == null ? '–' : v.toFixed(1) + '%'; } },
        { label: 'objective', stroke: C.target, width: 2, dash: [8, 5], points: { show: false }, value: function () { return target.toFixed(0) + '%'; } },
        { label: 'ASA', scale: 's', stroke: C.asa, width: 2, points: { show: false }, value: function (u, v) { return v == null ? '–' : v.toFixed(1) + ' s'; } }
      ]
    };
    var sl = col(function (k) { return k.serviceLevel == null ? null : k.serviceLevel * 100; });
    return { opts: opts, data: [mid, sl, mid.map(function () { return target; }), col(function (k) { return k.asa; })] };
  });

  var planned = R.totals.required != null;
  draw('chart-agents', planned ? [C.staffed, C.busy, C.required] : [C.staffed, C.busy], function () {
    var series = [
      { label: 'interval', value: intervalName },
      { label: 'staffed', stroke: C.staffed, fill: 'rgba(144,202,249,0.45)', width: 2, value: fixed(1), points: { show: false } },
      { label: 'busy', stroke: C.busy, width: 2.5, value: fixed(1), points: { show: false } }
    ];
    var data = [mid, col(function (k) { return k.staffed; }), col(function (k) { return k.busy; })];
    if (planned) {
      series.push({ label: 'required (plan)', stroke: C.required, width: 2, dash: [6, 4], value: fixed(1), points: { show: false } });
      data.push(col(function (k) { return k.required; }));
    }
    var opts = {
      tzDate: utcDate,
      scales: { x: { time: true, range: timeRange }, y: { range: function (u, mn, mx) { return [0, Math.max(1, mx * 1.1)]; } } },
      axes: axes(xLabel, 'agents', true),
      series: series
    };
    return { opts: opts, data: data };
  });

  draw('chart-queue', [C.queue], function () {
    var opts = {
      tzDate: utcDate,
      scales: { x: { time: true, range: timeRange }, y: { range: function (u, mn, mx) { return [0, Math.max(0.5, mx * 1.1)]; } } },
      axes: axes(xLabel, 'callers waiting', true),
      series: [
        { label: 'interval', value: intervalName },
        { label: 'mean queue', fill: C.queue, stroke: C.queue, width: 0, paths: bars(), points: { show: false }, value: fixed(2) }
      ]
    };
    return { opts: opts, data: [mid, col(function (k) { return k.queue; })] };
  });

  draw('chart-rate', [C.rate, C.peak], function () {
    var peak = R.notifications.peakSecond;
    var peakMs = peak ? Date.parse(peak.at) : NaN;
    var peakIdx = ks.findIndex(function (k) { var s = Date.parse(k.start); return peakMs >= s && peakMs < s + iv * 1000; });
    var rate = col(function (k) { return k.notifications / iv; });
    var fills = { unit: 3, values: function (u, si) { return u.data[si].map(function (_v, i) { return i === peakIdx ? C.peak : C.rate; }); } };
    var opts = {
      tzDate: utcDate,
      scales: { x: { time: true, range: timeRange }, y: { range: function (u, mn, mx) { return [0, Math.max(0.1, mx * 1.3)]; } } },
      axes: axes(xLabel, 'notifications / s', true),
      series: [
        { label: 'interval', value: intervalName },
        { label: 'notifications/s', fill: C.rate, stroke: C.rate, width: 0, paths: bars({ disp: { fill: fills } }), points: { show: false }, value: fixed(2) }
      ],
      hooks: { draw: [function (u) {
        if (peakIdx < 0) return;
        var x = u.valToPos(mid[peakIdx], 'x', true);
        var y = u.valToPos(rate[peakIdx], 'y', true);
        var ctx = u.ctx;
        var text = 'peak second: ' + peak.count + ' at ' + peak.at.slice(11, 19) + ' UTC';
        ctx.save();
        ctx.font = 'bold ' + Math.round(12 * uPlot.pxRatio) + 'px system-ui, sans-serif';
        ctx.fillStyle = '#bf360c';
        var w = ctx.measureText(text).width;
        var left = u.bbox.left, right = u.bbox.left + u.bbox.width;
        var px = uPlot.pxRatio;
        var tx = Math.min(Math.max(left + 4 * px, x - w / 2), right - w - 4 * px);
        // Above every bar (the scale leaves the top quarter free), joined to its bar by a line.
        var ty = u.bbox.top + 16 * px;
        ctx.strokeStyle = '#bf360c';
        ctx.lineWidth = px;
        ctx.setLineDash([3 * px, 3 * px]);
        ctx.beginPath();
        ctx.moveTo(x, ty + 6 * px);
        ctx.lineTo(x, y - 3 * px);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#bf360c';
        ctx.textAlign = 'left';
        ctx.fillText(text, tx, ty);
        ctx.restore();
      }] }
    };
    return { opts: opts, data: [mid, rate] };
  });

  /** Bins up to the one that holds 99.5% of the interactions; the rest are counted in the caption. */
  function histogram(id, counts, bin, color, yLabel, xLabel, threshold) {
    draw(id, [color], function () {
      var total = counts.reduce(function (s, c) { return s + c; }, 0);
      var last = counts.length - 1, run = 0;
      for (var i = 0; i < counts.length; i++) { run += counts[i]; if (run >= total * 0.995) { last = i; break; } }
      last = Math.max(last, Math.min(counts.length - 1, 5));
      var shown = counts.slice(0, last + 1);
      var hidden = total - shown.reduce(function (s, c) { return s + c; }, 0);
      if (hidden > 0) {
        document.getElementById(id + '-caption').insertAdjacentHTML('beforeend',
          ' <span class="hidden-tail">' + hidden + ' longer than ' + (last + 1) * bin + ' s not shown.</span>');
      }
      var xs = shown.map(function (_c, i) { return i * bin + bin / 2; });
      var opts = {
        scales: { x: { time: false, range: function () { return [0, (last + 1) * bin]; } }, y: { range: function (u, mn, mx) { return [0, Math.max(1, mx * 1.1)]; } } },
        axes: axes(xLabel, yLabel, false),
        series: [
          { label: 'bin', value: function (u, v) { return v == null ? '–' : (v - bin / 2) + '–' + (v + bin / 2) + ' s'; } },
          { label: 'interactions', fill: color, stroke: color, width: 0, paths: bars({ size: [0.9, 60] }), points: { show: false } }
        ],
        hooks: threshold == null ? {} : { draw: [function (u) {
          var x = u.valToPos(threshold, 'x', true);
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#37474f';
          ctx.lineWidth = 1.5 * uPlot.pxRatio;
          ctx.setLineDash([5 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = '#37474f';
          ctx.font = Math.round(12 * uPlot.pxRatio) + 'px system-ui, sans-serif';
          ctx.fillText('SL ' + threshold + ' s', x + 4 * uPlot.pxRatio, u.bbox.top + 14 * uPlot.pxRatio);
          ctx.restore();
        }] }
      };
      return { opts: opts, data: [xs, shown] };
    });
  }
  histogram('chart-handle', R.histograms.handleSeconds, 10, C.handle, 'interactions', 'handle time (s)', null);
  histogram('chart-wait', R.histograms.waitSeconds, 5, C.wait, 'interactions', 'wait to answer (s)', R.slThresholdSeconds);
  document.body.setAttribute('data-charts', 'ready');
})();
`;
