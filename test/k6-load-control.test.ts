// `vcc-sim load` as a k6 user drives it, with the real k6: k6 run flags after -- and --out, k6's
// own summary, signals to the command's own PID, and a target that is down. HTTP to 127.0.0.1 only.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { LoadReport } from '../cli/commands/load.js';
import { FAULT_KINDS } from '../k6/load-config.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { MALFORMATIONS } from '../scenarios/index.js';
import { BIN, ROOT, runCli, scratchDir } from './helpers.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-k6-control-');

const receivers: RunningReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** k6's JSON output: one JSON object a line; the `http_reqs` points and their tags. */
function httpReqPoints(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } },
    )
    .filter((p) => p.type === 'Point' && p.metric === 'http_reqs');
}

/** The processes started by a test, killed after it whatever it left running. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/**
 * Starts `vcc-sim load` at `target` and sends it `signals` (spaced by `gapMs`) once the target has
 * received its first request (the command listens for signals before it starts k6); resolves with
 * its exit code and output once it has ended. The run would take half a minute: one that goes on
 * regardless ends with every event sent and exit 0, and the test fails on that, not on a clock.
 */
function interrupted(
  args: string[],
  target: RunningReceiver,
  signals: NodeJS.Signals[],
  gapMs = 0,
  tempDir?: string,
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'load', ...args, '--target', target.url], {
      cwd: ROOT,
      ...(tempDir ? { env: { ...process.env, TMPDIR: tempDir } } : {}),
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    const poll = setInterval(() => {
      if (target.stats().requests === 0) return;
      clearInterval(poll);
      for (const [i, s] of signals.entries()) setTimeout(() => child.kill(s), i * gapMs);
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('k6 within reach', () => {
  test("-- --out json=FILE and --out write k6's JSON output; --tag reaches every sample", async () => {
    const a = join(tmp, 'after-dashes.json');
    const b = join(tmp, 'flag.json');
    const r = await runCli([
      'load',
      '--json',
      '--speed',
      '600',
      '--out',
      `json=${b}`,
      '--',
      '--out',
      `json=${a}`,
      '--tag',
      'env=dev',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    for (const file of [a, b]) {
      const points = httpReqPoints(file);
      // One http_reqs point per request: what k6 fired, and the receiver accepted.
      expect(points).toHaveLength(report.totals?.sent as number);
      expect(points.length).toBe(report.planned);
      expect(points.every((p) => p.data.tags?.['env'] === 'dev')).toBe(true);
    }
  });

  test("--k6-summary prints k6's own end-of-test summary, and ours reads the same run", async () => {
    const r = await runCli(['load', '--json', '--speed', '600', '--k6-summary']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('THRESHOLDS');
    expect(r.stderr).toMatch(/http_reqs\.*: \d+/);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.totals?.sent).toBe(report.planned);
    expect(report.totals?.pairs).toBeGreaterThan(0);
    expect(report.totals?.thresholdsFailed).toEqual([]);
    expect(report.accounting.ok).toBe(true);
    const sentLine = new RegExp(`http_reqs\\.*: ${report.planned}\\b`);
    expect(r.stderr).toMatch(sentLine);
  });
});

describe('signals to the command', () => {
  test('SIGTERM to its PID stops k6 gracefully: a summary of what was fired, exit 130', async () => {
    // Smoke at speed 20: about 30 s of firing.
    const target = await startReceiver({ host: '127.0.0.1', port: 0 });
    receivers.push(target);
    const r = await interrupted(['--json', '--speed', '20'], target, ['SIGTERM']);
    expect(r.code).toBe(130);
    const report = JSON.parse(r.stdout) as LoadReport & { command: string; ok: boolean };
    expect(report).toMatchObject({ command: 'load', ok: false, exitCode: 130, stopped: true });
    expect(report.k6.exitCodes).toEqual([105]);
    // k6 wrote its summary: what it fired, all of it received, the rest not fired.
    const sent = report.totals?.sent as number;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(report.planned);
    // A request cut in flight reaches the receiver without k6 counting it (issue 24, defect 6).
    expect(target.stats().requests).toBeGreaterThanOrEqual(sent);
    expect(report.accounting.notFired).toBe(report.planned - sent);
    expect(r.stderr).toContain('vcc-sim load: SIGTERM: stopping k6 gracefully');
    // One cause, said once: the signal (not a guess at --max-duration or dropped iterations).
    expect(r.stderr.trim().split('\n').pop()).toMatch(
      /^vcc-sim: stopped by SIGTERM: k6 ended its iterations and wrote its summary \(k6 exit 105\); \d+ of \d+ events not fired$/,
    );
  });

  test('a second signal ends it at once: exit 130, no summary, no temporary folder left', async () => {
    // Two different signals a moment apart (two of the same may be merged into one); the system
    // may hand them over in either order.
    const target = await startReceiver({ host: '127.0.0.1', port: 0 });
    receivers.push(target);
    const temp = mkdtempSync(join(tmp, 'tmpdir-'));
    const r = await interrupted(['--speed', '20'], target, ['SIGTERM', 'SIGINT'], 1, temp);
    expect(readdirSync(temp)).toEqual([]);
    const second = /vcc-sim load: (SIGINT|SIGTERM) again: k6 killed, no summary/.exec(
      r.stderr,
    )?.[1];
    expect(second, r.stderr).toBeDefined();
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
  });
});

describe('a target that is down', () => {
  test("k6's request errors are counted, not streamed: a short output naming the error and the URL, non-zero exit", async () => {
    // Port 1 on loopback: nothing listens, every request is refused.
    const target = 'http://127.0.0.1:1/webhook';
    const r = await runCli(['load', '--speed', '600', '--target', target]);
    expect(r.code).not.toBe(0);
    const lines = `${r.stdout}${r.stderr}`.trim().split('\n');
    expect(lines.length).toBeLessThan(50);
    expect(r.stderr).not.toContain('Request Failed');
    const fired = Number(/^k6 fired (\d+) events/m.exec(r.stdout)?.[1]);
    expect(fired).toBeGreaterThan(20);
    expect(r.stdout).toContain(
      `    ${fired} x Post "${target}": dial tcp 127.0.0.1:1: connect: connection refused\n`,
    );
    expect(r.stdout).toContain(
      `NOT accounted for: ${fired} of ${fired} events fired were not accepted by the target (no answer x${fired})`,
    );
  });
});

describe('chaos through k6', () => {
  test('load --scenario chaos fires duplicates, reordered and late events and every named malformation; the built-in receiver refuses the malformed and keeps each event once', async () => {
    const r = await runCli([
      'load',
      '--json',
      '--scenario',
      'chaos',
      '--speed',
      '600',
      '--secret',
      SECRET,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    const faults = report.totals?.faults ?? {};
    expect(Object.keys(faults).sort()).toEqual([...FAULT_KINDS].sort());
    for (const [kind, f] of Object.entries(faults)) {
      expect(f.sent, kind).toBeGreaterThan(0);
      expect(f.ok, kind).toBe(f.sent);
    }
    const got = report.receiver!;
    const malformed = MALFORMATIONS.reduce((n, k) => n + (faults[k]?.sent ?? 0), 0);
    expect(got.duplicates).toBe(faults['duplicate']?.sent);
    expect(Object.values(got.rejected).reduce((a, b) => a + b, 0)).toBe(malformed);
    expect(got.unique).toBe(report.planned);
    expect(got.requests).toBe(report.planned + (faults['duplicate']?.sent ?? 0) + malformed);
    expect(got.pairsPending).toBe(0);
    expect(report.accounting).toMatchObject({ ok: true, notFired: 0, notAccepted: 0 });
  });

  test('a receiver that accepts every request fails the malformations: the fault report says so, non-zero exit', async () => {
    const server = createServer((req, res) => {
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await runCli([
        'load',
        ...['--scenario', 'chaos', '--speed', '600', '--target', `http://127.0.0.1:${port}/hook`],
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(
        /^ {4}bad-json +\d+ sent, want 4xx \(400\) +got 204 x\d+ +NOT ok: \d+ answered otherwise$/m,
      );
      expect(r.stdout).toMatch(/^ {4}duplicate +\d+ sent, want 2xx +got 204 x\d+ +ok$/m);
      expect(r.stdout).toMatch(
        /NOT accounted for: .*chaos missing-field: \d+ of \d+ answered other than a correct receiver \(4xx\)/,
      );
    } finally {
      server.close();
    }
  });
});
