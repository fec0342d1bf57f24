// `vcc-sim load --events` as a user replays a file (issue 24): a JSON array or batch file from
// `vcc-sim generate --format json|batch` fires its events (not its lines), and --max-duration caps
// a replay whose timeline runs longer. Real k6, the built-in receiver, 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { LoadReport } from '../cli/commands/load.js';
import { BIN, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere } from './support/run-here.js';

const tmp = scratchDir('vcc-sim-k6-replay-files-');

function start(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['VCC_SIM_TARGET', 'VCC_SIM_SECRET', 'VCC_SIM_SEED', 'VCC_SIM_SCENARIO'])
    delete env[name];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out.stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    out.stderr += d;
  });
  const closed = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  return { child, out, closed };
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

test.each(['batch', 'json'])(
  'load --events with a %s file fires its events, one a request, and the receiver takes each',
  async (format) => {
    const file = join(tmp, `events.${format}.json`);
    const g = await runHere(['generate', '--duration', '30m', '--format', format, '--out', file]);
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
  const g = await runHere(['generate', '--duration', '8h', '--out', file]);
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

test('Ctrl-C while load reads its events file: the plan, nothing fired, stopped: true, exit 130', async () => {
  const file = join(tmp, 'big.ndjson');
  const g = await runHere(['generate', '--agents', '300', '--duration', '3d', '--out', file]);
  expect(g.code, g.stderr).toBe(0);
  const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  const run = start(['load', '--events', file, '--json']);
  try {
    await until(() => /reading .*big\.ndjson/.test(run.out.stderr));
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
    const report = JSON.parse(run.out.stdout);
    expect(report).toMatchObject({
      command: 'load',
      exitCode: 130,
      stopped: true,
      planned: events,
    });
    expect(report.accounting.notFired).toBe(events);
    expect(run.out.stderr.trim().split('\n').pop()).toBe(
      `vcc-sim: stopped by SIGINT before k6 started: 0 of ${events} events fired`,
    );
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('load at a target nobody listens on warns before k6 starts, naming the URL', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const url = `http://127.0.0.1:${port}/hook`;
  const r = await runCli(['load', '--target', url, '--max-duration', '2s', '--json']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(
    `vcc-sim load: warning: cannot connect to ${url} (ECONNREFUSED): is the receiver running? k6 fires at it anyway`,
  );
});

test('fire --json and load --json name what they share alike: the file, the plan, the stop', async () => {
  const file = join(tmp, 'shared.ndjson');
  const g = await runHere(['generate', '--duration', '30m', '--out', file]);
  expect(g.code, g.stderr).toBe(0);
  const [fire, load] = await Promise.all([
    runCli(['fire', '--events', file, '--max', '--json']),
    runCli(['load', '--events', file, '--rate', '50', '--max-duration', '2m', '--json']),
  ]);
  expect(fire.code, fire.stderr).toBe(0);
  expect(load.code, load.stderr).toBe(0);
  const shared = [
    ...['command', 'ok', 'exitCode', 'target', 'events', 'planned', 'plannedPeakPerSecond'],
    ...['plannedPeakAt', 'plannedPeakSeconds', 'plannedMeanPerSecond', 'stopped', 'receiver'],
  ];
  const f = JSON.parse(fire.stdout);
  const l = JSON.parse(load.stdout);
  for (const key of shared) {
    expect(f, `fire --json ${key}`).toHaveProperty(key);
    expect(l, `load --json ${key}`).toHaveProperty(key);
  }
  for (const key of ['events', 'planned', 'plannedPeakPerSecond', 'plannedPeakAt', 'stopped'])
    expect(f[key], key).toEqual(l[key]);
});

test('load says how far it has got, from the built-in receiver, every 10 s', async () => {
  // smoke at speed 20: about half a minute of firing.
  const run = start(['load', '--speed', '20']);
  try {
    await until(() =>
      /vcc-sim load: [\d,]+ of [\d,]+ planned events received \(\d+%\), [\d,]+ accepted; [\d.]+ (ms|s)/.test(
        run.out.stderr,
      ),
    );
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
  } finally {
    run.child.kill('SIGKILL');
  }
});
