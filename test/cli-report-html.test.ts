/**
 * `vcc-sim report --html` in a real browser: Debian's Chromium driven by puppeteer-core, the page
 * opened from file:// with the network cut off. In CI a missing Chromium fails these tests.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadChartLibrary, reportHtml, scriptJson } from '../cli/report-html.js';
import { type CenterReport, CenterReporter } from '../generator/analysis/center-report.js';
import { simulate } from '../generator/simulation/simulate.js';
import { ndjson, runCli } from './helpers.js';
import { runHere } from './support/run-here.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const INSTALL = `Chromium not found at ${CHROMIUM}: install it (as root: apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
const IN_BROWSER = HAVE_CHROMIUM || Boolean(process.env.CI);
if (!IN_BROWSER) console.warn(`Skipping the HTML report's browser tests. ${INSTALL}`);

const DAY = {
  seed: 'report-html',
  agents: 40,
  duration: '1d',
  start: '2026-01-05T00:00:00Z',
  types: ['channel.*.v0', 'agent.*.v0'],
};
const CHARTS = [
  'chart-service',
  'chart-arrivals',
  'chart-agents',
  'chart-queue',
  'chart-rate',
  'chart-handle',
  'chart-wait',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vcc-report-html-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function dayReport(): CenterReport {
  const reporter = new CenterReporter({ intervalMs: 15 * 60_000, slThresholdMs: 20_000 });
  for (const n of simulate(DAY)) reporter.add(n);
  return reporter.report();
}

/** What the page shows, read in the page: its KPI texts and, per chart, its canvas's pixels. */
const READ_PAGE = `(() => {
  const kpis = {};
  for (const el of document.querySelectorAll('[data-kpi]')) kpis[el.getAttribute('data-kpi')] = el.textContent;
  const charts = [];
  for (const el of document.querySelectorAll('.chart')) {
    const canvas = el.querySelector('canvas');
    const colors = (el.getAttribute('data-colors') || '').split(' ').filter(Boolean);
    if (!canvas) { charts.push({ id: el.id, width: 0, height: 0, painted: 0, colors, byColor: [] }); continue; }
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const rgb = colors.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const byColor = colors.map(() => 0);
    let painted = 0;
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] === 0) continue;
      painted++;
      if (data[p + 3] < 200) continue;
      rgb.forEach((c, j) => {
        if (Math.abs(data[p] - c[0]) + Math.abs(data[p + 1] - c[1]) + Math.abs(data[p + 2] - c[2]) < 24) byColor[j]++;
      });
    }
    charts.push({ id: el.id, width: canvas.width, height: canvas.height, painted, colors, byColor });
  }
  const rows = [...document.querySelectorAll('#interval-table tbody tr[data-start]')].map((tr) => {
    const cells = { start: tr.getAttribute('data-start'), label: tr.querySelector('th').textContent };
    for (const td of tr.querySelectorAll('td')) cells[td.getAttribute('data-col')] = td.textContent;
    return cells;
  });
  const after = document.querySelector('#interval-table tr.after') !== null;
  return JSON.stringify({ kpis, charts, rows, after, ready: document.body.getAttribute('data-charts'), pwned: window.__pwned === true });
})()`;

interface PageRead {
  kpis: Record<string, string>;
  charts: Array<{
    id: string;
    width: number;
    height: number;
    painted: number;
    colors: string[];
    byColor: number[];
  }>;
  rows: Array<Record<string, string>>;
  after: boolean;
  ready: string | null;
  pwned: boolean;
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const sec = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)} s`);

/** Opens the page offline and checks it: no errors, no requests, every chart drawn, the totals. */
async function checkPage(browser: Browser, file: string, report: CenterReport): Promise<PageRead> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  try {
    await page.setViewport({ width: 1280, height: 1600 });
    await page.setOfflineMode(true);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('file:')) void req.continue();
      else {
        requests.push(req.url());
        void req.abort();
      }
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page: ${(e as Error).message ?? String(e)}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const read = JSON.parse((await page.evaluate(READ_PAGE)) as string) as PageRead;

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(read.ready).toBe('ready');
    expect(read.charts.map((c) => c.id)).toEqual(CHARTS);
    for (const c of read.charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(200);
      // Axes and grid alone paint a few thousand pixels; each series' colour must be there too.
      expect(c.painted, c.id).toBeGreaterThan(1000);
      expect(c.byColor.length, c.id).toBeGreaterThan(0);
      c.byColor.forEach((n, i) => {
        expect(n, `${c.id}: pixels of ${c.colors[i]}`).toBeGreaterThan(20);
      });
    }

    const t = report.totals;
    const n = report.notifications;
    const int = (s: string | undefined) => Number(s?.replace(/,/g, ''));
    expect(int(read.kpis.offered)).toBe(t.offered);
    expect(int(read.kpis.answered)).toBe(t.answered);
    expect(int(read.kpis.abandoned)).toBe(t.abandoned);
    expect(int(read.kpis.voicemail)).toBe(t.voicemail);
    expect(read.kpis['never-answered']).toBe(
      pct((Number(t.abandoned) + Number(t.voicemail)) / Number(t.offered)),
    );
    expect(read.kpis['service-level']).toBe(pct(t.serviceLevel));
    expect(read.kpis['sl-threshold']).toBe(`${report.slThresholdSeconds} s`);
    expect(read.kpis.asa).toBe(sec(t.asa));
    expect(read.kpis.aht).toBe(sec(t.aht));
    expect(read.kpis['aht-per-contact']).toBe(sec(t.ahtPerContact));
    expect(read.kpis.shrinkage).toBe(pct(t.shrinkage));
    expect(read.kpis['sl-target']).toBe(pct(report.slTarget));
    expect(read.kpis['time-zone']).toBe(report.timeZone);
    // The interval table: one row per interval with traffic or staff, SL as the report has it.
    const shown = report.intervals.filter(
      (k) => (k.offered ?? 0) > 0 || (k.staffed ?? 0) > 0.05 || k.notifications > 0,
    );
    expect(read.rows.map((r) => r.start)).toEqual(shown.map((k) => k.start));
    expect(read.rows.map((r) => r.SL)).toEqual(shown.map((k) => pct(k.serviceLevel)));
    expect(read.rows.map((r) => r.label)).toEqual(
      shown.map((k) => k.localStart.slice(0, 16).replace('T', ' ')),
    );
    expect(read.after).toBe(shown.some((k) => k.start >= report.window.end));
    expect(read.kpis.talk).toBe(sec(t.talk));
    expect(read.kpis.hold).toBe(sec(t.hold));
    expect(read.kpis.wrap).toBe(sec(t.wrap));
    expect(read.kpis.occupancy).toBe(pct(t.occupancy));
    expect(read.kpis['occupancy-ex-wrap']).toBe(pct(t.occupancyExWrap));
    expect(int(read.kpis['peak-second'])).toBe(n.peakSecond?.count);
    expect(int(read.kpis['peak-minute'])).toBe(n.peakMinute?.count);
    expect(int(read.kpis.notifications)).toBe(n.total);
    return read;
  } finally {
    await page.close();
  }
}

test('the page inlines its chart library and embeds the data as JSON that cannot end its script', () => {
  const hostile = { type: '</script><script>window.__pwned = true</script>', also: '<!--\u2028' };
  const json = scriptJson(hostile);
  expect(json).not.toMatch(/<\/script|<!--|\u2028/i);
  expect(JSON.parse(json)).toEqual(hostile);

  const libs = loadChartLibrary();
  expect(libs.js).toContain('uPlot');
  const html = reportHtml(dayReport(), libs);
  expect(html).toContain(libs.css);
  expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*\shref=|@import|url\(\s*['"]?https?:/i);
});

test('a stream that cannot say how many calls were offered says unknown on the page, never 0', () => {
  const reporter = new CenterReporter();
  for (const n of simulate({
    ...DAY,
    types: ['channel.disconnected.v0', 'channel.wrapstarted.v0'],
  }))
    reporter.add(n);
  const report = reporter.report();
  expect(report.totals.offered).toBeNull();
  const html = reportHtml(report, loadChartLibrary());
  expect(html).toContain('data-kpi="offered">unknown<');
  expect(html).toContain('data-kpi="required">unknown<');
  expect(html).toMatch(/<td data-col="offered">unknown<\/td>/);
  expect(html).not.toMatch(/data-kpi="offered">0</);
});

test('report totals are the same at --interval 1m and 24h; the table reads on --time-zone', async () => {
  const events = join(dir, 'intervals.ndjson');
  writeFileSync(events, ndjson(DAY));
  const minute = await runHere(['report', events, '--json', '--interval', '1m']);
  const day = await runHere(['report', events, '--json', '--interval', '24h']);
  const zoned = await runHere([
    'report',
    events,
    '--interval',
    '1h',
    '--time-zone',
    'Asia/Kolkata',
  ]);
  for (const r of [minute, day, zoned]) expect(r.code, r.stderr).toBe(0);
  const [a, b] = [minute, day].map((r) => JSON.parse(r.stdout) as CenterReport);
  expect(a?.totals.staffed).toBeGreaterThan(0);
  expect(b?.totals).toEqual(a?.totals);
  expect(b?.tail).toEqual(a?.tail);
  // The center opens at 08:00 UTC, 13:30 in Kolkata: the hours are Kolkata's, from 13:00.
  expect(zoned.stdout).toMatch(/^interval \(Asia\/Kolkata\)/m);
  expect(zoned.stdout).toMatch(/^2026-01-05 13:00 /m);
  expect(zoned.stdout).not.toMatch(/^2026-01-05 \d\d:30 /m);
});

test('report --html in a folder that does not exist is a one-line usage error before any event is read', async () => {
  const target = join(dir, 'no-such-folder', 'report.html');
  // stdin is not JSON: reading it would fail with another message.
  const r = await runCli(['report', '--html', target], 'not json\n');
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toEqual([
    `vcc-sim: Invalid --html "${target}": the folder ${join(dir, 'no-such-folder')} does not exist; create it or write elsewhere.`,
  ]);
  expect(existsSync(target)).toBe(false);
});

describe.skipIf(!IN_BROWSER)('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(`CI runs the browser tests and never skips them. ${INSTALL}`);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("a simulated day's page renders offline: every chart drawn, the totals the report's", async () => {
    const report = dayReport();
    expect(report.unavailable).toEqual([]);
    // A hostile event type rides along in the embedded JSON: it must stay data.
    report.notifications.byType['</script><script>window.__pwned = true</script>'] = 1;
    const file = join(dir, 'in-process.html');
    writeFileSync(file, reportHtml(report, loadChartLibrary()));
    const read = await checkPage(browser, file, report);
    expect(read.pwned).toBe(false);
  });

  test("a page on the center's clock: New York across the DST change, SL per interval drawn against its objective", async () => {
    const reporter = new CenterReporter({
      intervalMs: 3_600_000,
      timeZone: 'America/New_York',
      slTarget: 0.9,
    });
    const options = {
      ...DAY,
      agents: 20,
      start: '2026-03-07T05:00:00Z',
      duration: '2d',
      timeZone: 'America/New_York',
      // Sunday is closed by default: this center opens every day, so the day of the change has calls.
      weekdayLevels: [0.4, 1, 0.87, 0.85, 0.84, 0.82, 0.4],
      // Busier than planned: some callers give up, some leave a voicemail (every chart has data).
      demandOverForecast: 1.4,
    };
    for (const n of simulate(options)) reporter.add(n);
    const report = reporter.report();
    expect(report.timeZone).toBe('America/New_York');
    const file = join(dir, 'new-york.html');
    writeFileSync(file, reportHtml(report, loadChartLibrary()));
    const read = await checkPage(browser, file, report);
    // Opening hours on both days at 08:00 local, EST then EDT.
    const open = read.rows.filter((r) => r.offered !== '0').map((r) => r.label);
    expect(open).toContain('2026-03-07 08:00');
    expect(open).toContain('2026-03-08 08:00');
    expect(open.some((l) => (l ?? '').endsWith('07:00'))).toBe(false);
  });

  test('the built CLI writes the page with --html next to the JSON on stdout', async () => {
    const events = join(dir, 'day.ndjson');
    writeFileSync(events, ndjson(DAY));
    const file = join(dir, 'cli.html');
    const r = await runCli(['report', events, '--html', file, '--json']);
    expect(r.stderr).toBe(`report page: ${file}\n`);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CenterReport;
    expect(report.totals.offered).toBeGreaterThan(100);
    await checkPage(browser, file, report);
  });
});
