// What `vcc-sim load` hands to k6 and reads back from it, in-process (no k6): the k6 run flags
// (--out and what follows --), k6's log with its per-request warnings counted, and the
// --summary-export data --k6-summary reads.
import { describe, expect, test } from 'vitest';
import { K6Log, mergeRequestErrors, requestErrorsText } from '../cli/k6-log.js';
import { k6RunArgs } from '../cli/k6-run-args.js';
import { fromSummaryExport } from '../cli/k6-summary-export.js';
import { readSummary } from '../k6/index.js';

describe('k6 run flags', () => {
  test('each --out becomes --out VALUE, then the flags after -- as they are', () => {
    expect(
      k6RunArgs(['json=a.json', 'csv=b.csv'], ['--tag', 'env=dev', '--out', 'json=c.json']),
    ).toEqual([
      '--out',
      'json=a.json',
      '--out',
      'csv=b.csv',
      '--tag',
      'env=dev',
      '--out',
      'json=c.json',
    ]);
    expect(k6RunArgs(undefined, undefined)).toEqual([]);
  });

  test.each([
    ['--vus', '--vus'],
    ['--duration=10s', '--max-duration'],
    ['-i', 'the scenario'],
    ['--execution-segment', '--segments'],
  ])('%s after -- is refused: it would change what the run fires', (flag, ours) => {
    expect(() => k6RunArgs([], [flag, '3'])).toThrow(
      `after -- would change what the run fires: vcc-sim load sets it from ${ours}.`,
    );
  });

  test('a script after -- is refused: load runs its own', () => {
    expect(() => k6RunArgs([], ['mine.js'])).toThrow(/looks like a k6 script/);
    expect(() => k6RunArgs([''], [])).toThrow('Invalid --out ""');
  });
});

const refused = (n: number) =>
  `time="2026-12-02T06:25:1${n}Z" level=warning msg="Request Failed" error="Post \\"http://127.0.0.1:1/webhook\\": dial tcp 127.0.0.1:1: connect: connection refused"`;

describe("k6's log", () => {
  test('request failures are counted per error with their first line; the rest passes through', () => {
    const shown: string[] = [];
    const log = new K6Log((t) => shown.push(t));
    // Chunks split lines anywhere.
    const text = `${refused(1)}\ntime="x" level=error msg="thresholds crossed"\n${refused(2)}\n${refused(3)}\ntime="y" level=warning msg="Request Failed" error="request timeout"\nlast`;
    for (let i = 0; i < text.length; i += 7) log.push(text.slice(i, i + 7));
    log.end();
    expect(shown.join('')).toBe('time="x" level=error msg="thresholds crossed"\nlast\n');
    const refusedError =
      'Post "http://127.0.0.1:1/webhook": dial tcp 127.0.0.1:1: connect: connection refused';
    expect(log.errors()).toEqual([
      { error: refusedError, count: 3, first: refused(1) },
      {
        error: 'request timeout',
        count: 1,
        first: 'time="y" level=warning msg="Request Failed" error="request timeout"',
      },
    ]);
    const merged = mergeRequestErrors([log.errors(), log.errors()]);
    expect(merged.map((e) => e.count)).toEqual([6, 2]);
    expect(requestErrorsText(merged)).toBe(
      `  request errors (k6's "Request Failed" warnings, counted instead of shown one by one):\n    6 x ${refusedError}\n    2 x request timeout\n`,
    );
    expect(requestErrorsText([])).toBe('');
  });

  test('past five kinds of error the summary says how many more', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({
      error: `e${i}`,
      count: 7 - i,
      first: '',
    }));
    const text = requestErrorsText(errors);
    expect(text.split('\n').filter((l) => l.startsWith('    '))).toHaveLength(6);
    expect(text).toContain('... and 2 other errors (3 requests); --json lists them all');
  });
});

describe('--summary-export read back', () => {
  test("the export's flat metrics read as handleSummary's data, thresholds and rates included", () => {
    const exported = {
      metrics: {
        http_reqs: { count: 10, rate: 4 },
        'http_reqs{type:channel.ended.v0}': {
          count: 4,
          rate: 1.6,
          thresholds: { 'count>=0': false },
        },
        'http_req_failed{type:channel.ended.v0}': { passes: 1, fails: 3, value: 0.25 },
        http_req_failed: {
          passes: 2,
          fails: 8,
          value: 0.2,
          thresholds: { 'rate<0.01': true },
        },
        http_req_duration: { 'p(50)': 1, 'p(95)': 2.5, 'p(99)': 3, max: 4, avg: 1.2 },
      },
    };
    const data = fromSummaryExport(exported);
    expect(data.metrics['http_req_failed']).toEqual({
      type: 'rate',
      values: { passes: 2, fails: 8, rate: 0.2 },
      thresholds: { 'rate<0.01': { ok: false } },
    });
    const t = readSummary(data, ['channel.ended.v0']);
    expect(t).toMatchObject({
      sent: 10,
      failed: 2,
      durationMs: 2500,
      requestsPerSecond: 4,
      perType: { 'channel.ended.v0': { sent: 4, failed: 1, p95: 0 } },
      latency: { p50: 1, p95: 2.5, p99: 3, max: 4 },
      thresholdsFailed: ['http_req_failed: rate<0.01'],
    });
  });
});
