// `vcc-sim load` before k6 starts (issue 24): the flags passed on to k6 are checked by k6's own
// parser before anything runs, and a signal while the run is prepared (the plan, the file k6 will
// read written) stops it there: its summary, nothing fired, nothing left behind, no k6 started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BIN, ndjson, ROOT, runCli, scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-load-before-k6-');

test.each([
  [['--bogus'], 'unknown flag: --bogus'],
  [['--rps', 'abc'], 'invalid argument "abc" for "--rps" flag'],
  [['--tag'], 'flag needs an argument: --tag'],
])('load -- %s: k6 run refuses it before anything starts: one line, exit 2', async (flags, why) => {
  const r = await runCli(['load', '--', ...flags]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  // One line: no plan, no "through k6" line, no k6 output.
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringContaining(`k6 run refuses them: ${why}`),
  ]);
  expect(r.stderr).toContain(flags[0]);
});

test('Ctrl-C while load writes the file k6 would read: stopped before k6, its temp folder removed, exit 130', async () => {
  // A capture-sized file replayed twice over (--scale 2): written for k6 to open, 8 MiB and more.
  const file = join(tmp, 'two-days.ndjson');
  const text = ndjson({ agents: 100, duration: '2d', seed: 'load-before-k6' });
  writeFileSync(file, text);
  const events = 2 * text.split('\n').filter(Boolean).length;
  const temp = mkdtempSync(join(tmp, 'tmpdir-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TMPDIR: temp };
  for (const name of ['VCC_SIM_TARGET', 'VCC_SIM_SECRET', 'VCC_SIM_SEED', 'VCC_SIM_SCENARIO'])
    delete env[name];
  const child = spawn(process.execPath, [BIN, 'load', '--events', file, '--scale', '2', '--json'], {
    cwd: ROOT,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
  });
  // Signalled as soon as it says it writes the file (a synchronous write: heard after it).
  child.stderr.setEncoding('utf8').on('data', (d) => {
    const before = stderr;
    stderr += d;
    if (!/writing the/.test(before) && /writing the [\d]+ events for k6/.test(stderr))
      child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  expect(code, stderr).toBe(130);
  const report = JSON.parse(stdout);
  expect(report).toMatchObject({ command: 'load', exitCode: 130, stopped: true, planned: events });
  expect(report.accounting.notFired).toBe(events);
  expect(stderr).not.toMatch(/through k6/);
  expect(stderr.trim().split('\n').pop()).toBe(
    `vcc-sim: stopped by SIGINT before k6 started: 0 of ${events} events fired`,
  );
  // The run's own folder is gone; Node's compile cache (22.1 and later: bin/vcc-sim turns it on)
  // is Node's, kept between runs by design.
  expect(readdirSync(temp).filter((f) => f !== 'node-compile-cache')).toEqual([]);
});
