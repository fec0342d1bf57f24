/**
 * `vcc-sim check --html`: the verdicts and the capacity ramp on one self-contained page that works
 * offline (uPlot inlined, as the KPI report's page does).
 */
import type { CheckReport, CheckResult, Exchange } from '../check/index.js';
import { capacityLine } from './check-output.js';
import { type ChartLibrary, scriptJson } from './report-html.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Code inlined in `<script>`/`<style>`: a closing tag inside it would end the element early. */
const inlineSafe = (code: string, tag: 'script' | 'style') =>
  code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

function exchangeRow(x: Exchange): string {
  const answer = x.status !== undefined ? String(x.status) : (x.error ?? 'no answer');
  return `<tr><td>${esc(x.verdict ?? '')}</td><td>${esc(x.probe)}</td><td>${esc(x.sent)}</td><td>${esc(answer)}</td><td class="num">${x.ms}</td></tr>`;
}

function checkRow(c: CheckResult): string {
  const evidence =
    c.evidence.length === 0
      ? ''
      : `<details><summary>${c.evidence.length} exchanges</summary><table class="evidence"><tr><th></th><th>probe</th><th>sent</th><th>answer</th><th>ms</th></tr>${c.evidence.map(exchangeRow).join('')}</table></details>`;
  return `<tr data-check="${esc(c.id)}" data-verdict="${c.verdict}"><td><code>${esc(c.id)}</code></td><td><span class="verdict ${c.verdict}">${c.verdict}</span></td><td>${esc(c.summary)}${evidence}</td></tr>`;
}

/**
 * The page: a verdict per check (with its exchanges), the capacity line and the ramp as a chart of
 * the rate asked and the rate delivered step by step.
 *
 * @example
 * writeFileSync('check.html', checkHtml(report, loadChartLibrary()));
 */
export function checkHtml(report: CheckReport, libs: ChartLibrary): string {
  const count = (v: string) => report.checks.filter((c) => c.verdict === v).length;
  const capacity = report.capacity
    ? `<section class="card"><h2>Capacity</h2><p data-capacity="line">${esc(capacityLine(report.capacity))}</p><p class="caption">Each step of the ramp: the rate asked of the sender and the rate delivered; a step the receiver did not keep up with is marked ✗ in the legend's values.</p><div class="chart" id="chart-capacity"></div></section>`
    : '<section class="card"><h2>Capacity</h2><p data-capacity="none">Not measured: run with --capacity (or --only capacity).</p></section>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vcc-sim check: ${esc(report.target)}</title>
<style>${inlineSafe(libs.css, 'style')}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>Is this receiver ready for VCC?</h1>
<p class="caption"><code>${esc(report.target)}</code> · <span data-count="pass">${count('pass')}</span> passed, <span data-count="fail">${count('fail')}</span> failed, <span data-count="warn">${count('warn')}</span> warned, <span data-count="skip">${count('skip')}</span> skipped in ${(report.durationMs / 1000).toFixed(1)} s</p>
<section class="card"><table class="checks"><tr><th>check</th><th>verdict</th><th>evidence</th></tr>
${report.checks.map(checkRow).join('\n')}
</table></section>
${capacity}
<footer>Made by <code>vcc-sim check --html</code>; what each check means: docs/check.md. Chart drawn with uPlot (MIT), inlined; the page needs no network.</footer>
<script type="application/json" id="check-data">${scriptJson(report)}</script>
<script>${inlineSafe(libs.js, 'script')}</script>
<script>${inlineSafe(PAGE_JS, 'script')}</script>
</body>
</html>
`;
}

const PAGE_CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; }
body { margin: 0; padding: 24px 32px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { margin: 0 0 4px; font-size: 24px; } h2 { margin: 0 0 6px; font-size: 16px; }
.caption { color: var(--muted); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-top: 16px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; vertical-align: top; border-bottom: 1px solid var(--line); }
.evidence td, .evidence th { font-size: 12px; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; color: #fff; }
.verdict.pass { background: #2e7d32; } .verdict.fail { background: #c62828; } .verdict.warn { background: #ef6c00; } .verdict.skip { background: #78909c; }
.chart { width: 100%; } .chart-error { color: #b71c1c; }
footer { margin-top: 20px; color: var(--muted); font-size: 12px; }
`;

/** The browser side: draws the capacity ramp with uPlot, then marks the page ready. */
const PAGE_JS = `
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('check-data').textContent);
  var el = document.getElementById('chart-capacity');
  if (el && R.capacity) {
    var C = { asked: '#1e88e5', achieved: '#2e7d32', grid: '#eceff1', axis: '#52606d' };
    el.setAttribute('data-colors', [C.asked, C.achieved].join(' '));
    var steps = R.capacity.steps;
    var x = steps.map(function (s, i) { return i + 1; });
    var mark = function (u, v, si, i) { return i == null || v == null ? '–' : v + '/s' + (steps[i].good ? '' : ' ✗'); };
    try {
      new uPlot({
        width: Math.max(320, el.clientWidth), height: 300,
        scales: { x: { time: false }, y: { range: function (u, mn, mx) { return [0, Math.max(1, mx * 1.1)]; } } },
        axes: [
          { stroke: C.axis, grid: { stroke: C.grid }, label: 'step', incrs: [1, 2, 5, 10, 20], values: function (u, vals) { return vals.map(String); } },
          { stroke: C.axis, grid: { stroke: C.grid }, label: 'notifications/s', size: 60 }
        ],
        series: [
          { label: 'step' },
          { label: 'asked', stroke: C.asked, width: 2, points: { size: 7, fill: C.asked }, value: mark },
          { label: 'delivered', stroke: C.achieved, width: 2, points: { size: 7, fill: C.achieved }, value: mark }
        ]
      }, [x, steps.map(function (s) { return s.rate; }), steps.map(function (s) { return s.achieved; })], el);
    } catch (e) {
      el.innerHTML = '<p class="chart-error">The chart could not be drawn: ' + String(e && e.message) + '</p>';
      throw e;
    }
  }
  document.body.setAttribute('data-charts', 'ready');
})();
`;
