// `vcc-sim load --k6-operator DIR`: the manifests validate against the TestRun CRD's schema (its
// facts carried in test/support/k6-operator.ts), hold no secret in a ConfigMap, pin the runner
// image; and each runner's command line, built as the operator builds it, run locally with the
// real k6 against the built-in receiver (the ConfigMap's files in a folder standing for the
// mount, the REST address on loopback), together fires exactly one instance's events.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findK6, K6_VERSION } from '../cli/k6-binary.js';
import { decodeKsuid } from '../generator/notifications/ksuid.js';
import { simulate } from '../generator/simulation/simulate.js';
import { type RunningReceiver, startReceiver } from '../receiver/receiver.js';
import { getScenario } from '../scenarios/index.js';
import { ROOT, runCli, scratchDir } from './helpers.js';
import { parseYaml, runnerCommand, TEST_RUN_SCHEMA, validate } from './support/k6-operator.js';
import { runHere } from './support/run-here.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-k6-operator-');
const SIX_TEAMS = ['--agents', '12', '--team-size', '2', '--duration', '20m', '--speed', '600'];
const SIX_TEAM_SIMULATION = {
  ...getScenario('smoke').simulation,
  agents: 12,
  teamSize: 2,
  duration: '20m',
};
const payload = (id: string) => decodeKsuid(id)?.payload.join('.') ?? `bad:${id}`;

const receivers: RunningReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

/**
 * Writes manifests with the CLI and reads them back. The CLI runs in this process (`runHere`:
 * writing manifests starts nothing); k6 runs them as processes, as the operator's runners would.
 */
async function manifests(args: string[]) {
  const dir = join(tmp, `m-${Math.random().toString(36).slice(2)}`);
  const r = await runHere(['load', ...args, '--k6-operator', dir]);
  const files = r.code === 0 ? readdirSync(dir).sort() : [];
  const text = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const parsed = Object.fromEntries(files.map((f) => [f, parseYaml(text[f] as string) as Obj]));
  return { ...r, dir, files, text, parsed };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs the TestRun's runners as the operator would: each runner's command line, the ConfigMap's
 * files in a folder standing for its mount, the runner env (a secretKeyRef read from the Secret),
 * all started paused and then resumed together through k6's REST API. Returns their exit codes.
 */
async function runAsOperator(m: Awaited<ReturnType<typeof manifests>>): Promise<number[]> {
  const testRun = m.parsed['testrun.yaml'] as Obj;
  const name = at(testRun, 'metadata', 'name') as string;
  const configMap = at(testRun, 'spec', 'script', 'configMap') as { name: string; file: string };
  const cm = m.parsed['configmap.yaml'] as Obj;
  expect(at(cm, 'metadata', 'name')).toBe(configMap.name);
  const mount = join(m.dir, 'mount');
  mkdirSync(mount);
  for (const [file, text] of Object.entries(at(cm, 'data') as Record<string, string>))
    writeFileSync(join(mount, file), text);
  const env: Record<string, string> = {};
  for (const e of at(testRun, 'spec', 'runner', 'env') as Obj[]) {
    const ref = at(e, 'valueFrom', 'secretKeyRef') as { name: string; key: string } | undefined;
    if (ref) {
      const secret = m.parsed['secret.yaml'] as Obj;
      expect(at(secret, 'metadata', 'name')).toBe(ref.name);
      env[e['name'] as string] = at(secret, 'stringData', ref.key) as string;
    } else env[e['name'] as string] = e['value'] as string;
  }
  const n = at(testRun, 'spec', 'parallelism') as number;
  const k6 = findK6({ root: ROOT })?.path as string;
  const ports = await Promise.all(Array.from({ length: n }, freePort));
  const runners = ports.map((port, k) => {
    const [, ...args] = runnerCommand({
      i: k + 1,
      n,
      name,
      arguments: at(testRun, 'spec', 'arguments') as string,
      script: `/test/${configMap.file}`,
    });
    // The mount point and the REST address are the only things changed to run here.
    const local = args.map((a) =>
      a === `/test/${configMap.file}`
        ? join(mount, configMap.file)
        : a === '--address=0.0.0.0:6565'
          ? `--address=127.0.0.1:${port}`
          : a,
    );
    const child = spawn(k6, local, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: tmp, ...env },
    });
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number>((resolve) =>
      child.on('close', (code) => {
        if (code !== 0) process.stderr.write(`runner ${k + 1}: ${stderr}`);
        resolve(code ?? -1);
      }),
    );
    let ended = false;
    void exited.then(() => {
      ended = true;
    });
    return { port, exited, ended: () => ended };
  });
  // Resume them together once every runner's REST API answers (as the operator's starter does);
  // a runner that ends before it answers fails the run, however long either took.
  const status = (port: number, init?: RequestInit) =>
    fetch(`http://127.0.0.1:${port}/v1/status`, init).then((r) => r.ok);
  for (const runner of runners) {
    while (!(await status(runner.port).catch(() => false))) {
      if (runner.ended()) throw new Error(`runner on ${runner.port} ended before it answered`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const resume = JSON.stringify({
    data: { type: 'status', id: 'default', attributes: { paused: false } },
  });
  await Promise.all(ports.map((port) => status(port, { method: 'PATCH', body: resume })));
  return Promise.all(runners.map((runner) => runner.exited));
}

describe('k6-operator manifests', () => {
  test('a signed live run: the TestRun validates against the CRD, the secret is in a Secret only, the image pinned; its three runners fire one instance exactly', async () => {
    const target = await startReceiver({ host: '127.0.0.1', port: 0, secret: SECRET });
    receivers.push(target);
    const m = await manifests([
      ...SIX_TEAMS,
      ...['--target', target.url, '--secret', SECRET, '--parallelism', '3', '--name', 'six-teams'],
    ]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.files).toEqual(['configmap.yaml', 'secret.yaml', 'testrun.yaml']);
    const testRun = m.parsed['testrun.yaml'] as Obj;
    expect(validate(testRun, TEST_RUN_SCHEMA)).toEqual([]);
    expect(at(testRun, 'metadata', 'name')).toBe('six-teams');
    expect(at(testRun, 'spec', 'runner', 'image')).toBe(`grafana/k6:${K6_VERSION}`);
    expect(at(testRun, 'spec', 'runner', 'env')).toContainEqual({
      name: 'VCC_SIM_SECRET',
      valueFrom: { secretKeyRef: { name: 'six-teams', key: 'secret' } },
    });
    expect(m.parsed['secret.yaml']).toMatchObject({
      kind: 'Secret',
      stringData: { secret: SECRET },
    });
    expect(m.text['configmap.yaml']).not.toContain(SECRET);
    expect(m.text['testrun.yaml']).not.toContain(SECRET);
    const cm = m.parsed['configmap.yaml'] as Obj;
    expect(at(cm, 'data', 'live.js')).toBe(readFileSync(join(ROOT, 'dist/k6/live.js'), 'utf8'));
    expect(m.stdout).toContain(
      'kubectl apply -f secret.yaml && kubectl apply -f configmap.yaml && kubectl apply -f testrun.yaml',
    );

    const codes = await runAsOperator(m);
    expect(codes).toEqual([0, 0, 0]);
    // Together: every event of the six teams once, signatures verified, every pair complete.
    const ids = target.ids().map(payload);
    expect(new Set(ids).size).toBe(ids.length);
    const planned = [...simulate(SIX_TEAM_SIMULATION)].map((n) => payload(n.id));
    expect(new Set(ids)).toEqual(new Set(planned));
    expect(target.stats().rejected).toEqual({});
    expect(target.stats().pairsPending).toBe(0);
  });

  test('a replay over 256 KiB is named a replay and applied server-side; its two runners fire each line once', async () => {
    const file = join(tmp, 'replay.ndjson');
    const gen = await runHere([
      'generate',
      ...['--agents', '12', '--duration', '2h', '--types', 'channel.*.v0', '--out', file],
    ]);
    expect(gen.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(Buffer.byteLength(readFileSync(file))).toBeGreaterThan(256 * 1024);
    expect(Buffer.byteLength(readFileSync(file))).toBeLessThan(900 * 1024);
    const target = await startReceiver({ host: '127.0.0.1', port: 0 });
    receivers.push(target);
    const m = await manifests([
      ...['--events', file, '--rate', '300', '--target', target.url, '--parallelism', '2'],
    ]);
    expect(m.code, m.stderr).toBe(0);
    const testRun = m.parsed['testrun.yaml'] as Obj;
    expect(validate(testRun, TEST_RUN_SCHEMA)).toEqual([]);
    expect(at(testRun, 'metadata', 'name')).toMatch(/^vcc-sim-replay-\d{8}-\d{6}$/);
    expect(at(testRun, 'metadata', 'labels', 'vcc-event-sim/scenario')).toBe('replay');
    const config = JSON.parse(at(m.parsed['configmap.yaml'], 'data', 'config.json') as string);
    expect(config).toMatchObject({ scenario: 'replay', events: 'events.ndjson' });
    expect(config.thresholds).toEqual({
      http_req_failed: ['rate<0.01'],
      checks: ['rate>0.99'],
      dropped_iterations: ['count<1'],
    });
    expect(m.text['configmap.yaml']).toMatch(/^# .*kubectl apply --server-side -f configmap\.yaml/);
    expect(m.stdout).toContain(
      'kubectl apply --server-side -f configmap.yaml && kubectl apply -f testrun.yaml',
    );
    expect(m.files).toEqual(['configmap.yaml', 'testrun.yaml']);

    expect(await runAsOperator(m)).toEqual([0, 0]);
    expect(target.stats().requests).toBe(lines.length);
    expect(new Set(target.ids())).toEqual(new Set(lines.map((l) => JSON.parse(l).id)));
  });

  test('a replay over 1 MiB is refused with what to do instead: exit 2, nothing written', async () => {
    const file = join(tmp, 'big.ndjson');
    const gen = await runHere(['generate', '--agents', '40', '--duration', '8h', '--out', file]);
    expect(gen.code).toBe(0);
    const m = await manifests(['--events', file, '--target', 'http://receiver.svc/hook']);
    expect(m.code).toBe(2);
    expect(m.stderr.trim().split('\n').pop()).toMatch(
      /^vcc-sim: The script, config and events come to [\d,]+ KiB, over a ConfigMap's 1 MiB .*: replay a smaller file/,
    );
    expect(m.files).toEqual([]);
  });

  test.each([
    [['--name', 'Bad_Name'], /^vcc-sim: Invalid --name "Bad_Name": give lowercase letters/],
    [['--name', 'x'.repeat(41)], /at most 40 characters/],
  ])('a bad --name %j exits 2', async (args, message) => {
    const m = await manifests(['--target', 'http://receiver.svc/hook', ...args]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(message);
  });

  test('--runner-image overrides the pinned image; without --k6-operator it is refused', async () => {
    const m = await manifests([
      '--target',
      'http://receiver.svc/hook',
      '--runner-image',
      'registry.local/k6:2.2.0',
      '--parallelism',
      '1',
    ]);
    expect(m.code, m.stderr).toBe(0);
    expect(at(m.parsed['testrun.yaml'], 'spec', 'runner', 'image')).toBe('registry.local/k6:2.2.0');
    const r = await runCli(['load', '--runner-image', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name and --runner-image name the k6-operator's TestRun/);
  });
});
