// `vcc-sim load --events` as a user replays a file (issue 24): a JSON array or batch file from
// `vcc-sim generate --format json|batch` fires its events (not its lines), and --max-duration caps
// a replay whose timeline runs longer. Real k6, the built-in receiver, 127.0.0.1 only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { LoadReport } from '../cli/commands/load.js';
import { runCli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'vcc-sim-k6-replay-files-'));

test.each(['batch', 'json'])(
  'load --events with a %s file fires its events, one a request, and the receiver takes each',
  async (format) => {
    const file = join(tmp, `events.${format}.json`);
    const g = await runCli([
      ...['generate', '--duration', '30m', '--format', format, '--out', file],
    ]);
    expect(g.code, g.stderr).toBe(0);
    const events = (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).length;
    const r = await runCli([
      ...['load', '--events', file, '--rate', '50', '--max-duration', '2m', '--json'],
    ]);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.planned).toBe(events);
    expect(report.receiver).toMatchObject({ requests: events, valid: events, invalid: 0 });
    expect(r.code, r.stderr).toBe(0);
  },
);

test('load --events FILE --max-duration 5s stops the replay there: not every event fired, exit 1', async () => {
  // An 8-hour timeline at the replay's speed runs for minutes; the cap ends it at 5 s (+2 s).
  const file = join(tmp, 'day.ndjson');
  const g = await runCli(['generate', '--duration', '8h', '--out', file]);
  expect(g.code, g.stderr).toBe(0);
  const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  const r = await runCli(['load', '--events', file, '--max-duration', '5s', '--json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as LoadReport;
  expect(report.planned).toBe(events);
  expect(report.totals?.sent).toBeLessThan(events);
  expect(report.accounting.notFired).toBe(events - (report.totals?.sent ?? 0));
  expect(r.stderr).toMatch(/max-duration|5s/);
});
