/**
 * `vcc-sim check --html` and `--junit`, checked in a real browser (Debian's Chromium through
 * puppeteer-core, as test/cli-report-html.test.ts does): the page renders offline with its
 * verdicts and the capacity ramp drawn; the JUnit file parses as XML (the browser's DOMParser)
 * with one test case per check. In CI a missing Chromium fails these tests.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckReport } from '../check/index.js';
import { checkHtml } from '../cli/check-html.js';
import { checkJunit } from '../cli/check-output.js';
import { loadChartLibrary } from '../cli/report-html.js';
import { type RunningReceiver, startReceiver } from '../receiver/index.js';
import { runCli } from './helpers.js';
import { TEST_SECRET } from './support/secret.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const INSTALL = `Chromium not found at ${CHROMIUM}: install it (as root: apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
const IN_BROWSER = HAVE_CHROMIUM || Boolean(process.env.CI);
if (!IN_BROWSER) console.warn(`Skipping check's browser tests. ${INSTALL}`);

let dir: string;
let receiver: RunningReceiver;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vcc-check-html-'));
  receiver = await startReceiver({ port: 0, secret: TEST_SECRET });
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A report with every verdict and hostile text in its evidence (it must stay text). */
const HOSTILE: CheckReport = {
  target: 'http://127.0.0.1:1/<b>&"',
  durationMs: 1234,
  failed: ['duplicates'],
  warned: ['bad-input'],
  checks: [
    {
      id: 'accepts-every-type',
      verdict: 'pass',
      summary: 'ok & fine',
      evidence: [{ probe: 'a', sent: '<x>', status: 204, ms: 1, verdict: 'pass' }],
    },
    {
      id: 'duplicates',
      verdict: 'fail',
      summary: 'got "409" </script><script>window.__pwned = true</script>',
      evidence: [
        {
          probe: 'copy 2',
          sent: `ctl${String.fromCharCode(1)}]]>`,
          status: 409,
          ms: 2,
          verdict: 'fail',
        },
      ],
    },
    { id: 'bad-input', verdict: 'warn', summary: "a 2xx to 'null'", evidence: [] },
    { id: 'signature-required', verdict: 'skip', summary: 'no secret', evidence: [] },
  ],
};

const READ_JUNIT = (xml: string) => `(() => {
  const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
  const error = doc.querySelector('parsererror');
  const suite = doc.querySelector('testsuites > testsuite');
  const cases = [...doc.querySelectorAll('testsuite > testcase')].map((c) => ({
    name: c.getAttribute('name'),
    failure: c.querySelector('failure')?.getAttribute('message') ?? null,
    skipped: c.querySelector('skipped') !== null,
  }));
  return JSON.stringify({ error: error ? error.textContent : null, tests: suite?.getAttribute('tests'), failures: suite?.getAttribute('failures'), skipped: suite?.getAttribute('skipped'), cases });
})()`;

const READ_PAGE = `(() => {
  const rows = [...document.querySelectorAll('[data-check]')].map((r) => [r.getAttribute('data-check'), r.getAttribute('data-verdict')]);
  const el = document.getElementById('chart-capacity');
  const canvas = el && el.querySelector('canvas');
  let painted = 0;
  if (canvas) {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let p = 3; p < data.length; p += 4) if (data[p] !== 0) painted++;
  }
  const capacity = document.querySelector('[data-capacity]');
  return JSON.stringify({ rows, ready: document.body.getAttribute('data-charts'), painted, capacity: capacity && capacity.textContent, pwned: window.__pwned === true, text: document.body.innerText });
})()`;

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

  async function open(file: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
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
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  test('a real run with --capacity: the page shows each verdict and draws the ramp; the JUnit file is XML with a case per check', async () => {
    const html = join(dir, 'check.html');
    const junit = join(dir, 'check.xml');
    const args = [
      'check',
      '--target',
      receiver.url,
      '--secret',
      TEST_SECRET,
      '--capacity',
      '--capacity-time',
      '5',
    ];
    const r = await runCli([...args, '--html', html, '--junit', junit, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    const { page, errors, requests } = await open(html);
    try {
      const read = JSON.parse((await page.evaluate(READ_PAGE)) as string);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(read.ready).toBe('ready');
      expect(read.rows).toEqual(report.checks.map((c) => [c.id, c.verdict]));
      expect(read.painted).toBeGreaterThan(1000);
      expect(read.capacity).toMatch(/agents at its peak second/);
      const xml = JSON.parse(
        (await page.evaluate(READ_JUNIT(readFileSync(junit, 'utf8')))) as string,
      );
      expect(xml.error).toBeNull();
      expect(xml.tests).toBe(String(report.checks.length));
      expect(xml.failures).toBe('0');
      expect(xml.cases.map((c: { name: string }) => c.name)).toEqual(
        report.checks.map((c) => c.id),
      );
    } finally {
      await page.close();
    }
  });

  test('hostile text stays text on the page and in the XML; a warning is a failure only with --strict', async () => {
    const file = join(dir, 'hostile.html');
    writeFileSync(file, checkHtml(HOSTILE, loadChartLibrary()));
    const { page, errors } = await open(file);
    try {
      const read = JSON.parse((await page.evaluate(READ_PAGE)) as string);
      expect(errors).toEqual([]);
      expect(read.pwned).toBe(false);
      expect(read.rows).toEqual(HOSTILE.checks.map((c) => [c.id, c.verdict]));
      expect(read.capacity).toMatch(/Not measured/);
      for (const strict of [false, true]) {
        const xml = JSON.parse(
          (await page.evaluate(READ_JUNIT(checkJunit(HOSTILE, strict, new Date())))) as string,
        );
        expect(xml.error).toBeNull();
        expect(xml.failures).toBe(strict ? '2' : '1');
        expect(xml.skipped).toBe('1');
        expect(xml.cases[1].failure).toBe(HOSTILE.checks[1]?.summary);
        expect(xml.cases[2].failure).toBe(strict ? HOSTILE.checks[2]?.summary : null);
        expect(xml.cases[3].skipped).toBe(true);
      }
    } finally {
      await page.close();
    }
  });
});
