/**
 * The CLI as a new user meets it on the first day (issue 24): the receiver's port under --quiet,
 * trigger's variables, empty values and unknown flags, a folder where a file belongs, and a run
 * stopped or starved while it reads its events file. Usage errors and the files the runs read are
 * made in this process (`runHere`, the first usage error also as a process); the runs as processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startReceiver } from '../receiver/index.js';
import { BIN, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere, sameAsProcess } from './support/run-here.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-real-use-');

function start(args: string[], env: Record<string, string> = {}) {
  const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['VCC_SIM_TARGET', 'VCC_SIM_SECRET', 'VCC_SIM_SEED', 'VCC_SIM_SCENARIO'])
    delete clean[name];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, ...env } });
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

test('receive --port 0 --quiet still says where it listens (one line), nothing else', async () => {
  const run = start(['receive', '--port', '0', '--quiet']);
  try {
    await until(() => /listening on http:\/\/127\.0\.0\.1:\d+\/webhook/.test(run.out.stderr));
    const url = /listening on (\S+)/.exec(run.out.stderr)?.[1] as string;
    expect((await fetch(`${url}/stats`)).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(0);
    expect(run.out.stderr.trim().split('\n')).toHaveLength(1);
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('trigger takes VCC_SIM_TARGET and VCC_SIM_SECRET as fire does: signed, to that target', async () => {
  const r = await startReceiver({ secret: SECRET });
  try {
    const t = await runCli(['trigger', 'hang-up'], undefined, {
      VCC_SIM_TARGET: r.url,
      VCC_SIM_SECRET: SECRET,
    });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(`-> ${r.url}`);
    expect(t.stdout).toMatch(/, signed/);
    expect(r.stats()).toMatchObject({ valid: 2, unique: 2, pairsComplete: 1 });
  } finally {
    await r.close();
  }
});

test.each([
  [['generate', '--seed', ''], '--seed ""'],
  [['generate', '--seed='], '--seed ""'],
  [['generate', '--duration', '1h', '--out', ''], '--out ""'],
  [['fire', '--target', ''], '--target ""'],
  [['generate', '--types', ''], '--types ""'],
])('an empty value %j is a one-line error naming the flag, exit 2', async (args, named) => {
  const r =
    args[1] === '--seed' && args[2] === '' ? await sameAsProcess(args) : await runHere(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`vcc-sim: ${named}: empty; give a value (or leave the flag out).\n`);
});

test.each([
  [['generate', '--agentz', '5'], 'vcc-sim: unknown flag --agentz; did you mean --agents?\n'],
  [
    ['fire', '--taget', 'http://127.0.0.1:9/'],
    'vcc-sim: unknown flag --taget; did you mean --target?\n',
  ],
  [['generate', '-z'], 'vcc-sim: unknown flag -z. Run "vcc-sim generate --help" for the flags.\n'],
  [
    ['generate', '--agentz', '5', '--colour'],
    'vcc-sim: unknown flags --agentz (did you mean --agents?), --colour. Run "vcc-sim generate --help" for the flags.\n',
  ],
])('an unknown flag %j is named with its dashes and the nearest flag', async (args, line) => {
  const r = await runHere(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(line);
});

test('--scenario FOLDER is a one-line error naming the folder, not a path inside the package', async () => {
  const r = await runHere(['generate', '--scenario', 'test/']);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    'vcc-sim: --scenario "test/": a folder; give a scenario file (.js, .mjs, .json) or a name "vcc-sim scenarios" lists.\n',
  );
});

test('generate --out FOLDER fails before writing, naming the folder, and leaves no .partial', async () => {
  const dir = join(tmp, 'out-folder');
  mkdirSync(dir);
  const r = await runHere(['generate', '--duration', '1h', '--out', dir]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`vcc-sim: --out "${dir}": a folder; give a file name, e.g. day.ndjson.\n`);
  expect(existsSync(`${dir}.partial`)).toBe(false);
  expect(readdirSync(dir)).toEqual([]);
});

test('Ctrl-C while fire checks its events file: the summary, every event not sent, a full ledger, exit 130', async () => {
  // A file big enough that its check is still running when the signal comes.
  const file = join(tmp, 'big.ndjson');
  const g = await runHere(['generate', '--agents', '200', '--duration', '3d', '--out', file]);
  expect(g.code, g.stderr).toBe(0);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  const ledger = join(tmp, 'checking-ledger.ndjson');
  const run = start(['fire', '--events', file, '--max', '--json', '--ledger', ledger]);
  try {
    await until(() => /checking/.test(run.out.stderr));
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
    const j = JSON.parse(run.out.stdout);
    expect(j).toMatchObject({ command: 'fire', exitCode: 130 });
    expect(j.summary.stopped).toBe(true);
    expect(j.summary.events).toBe(lines);
    expect(j.summary.notSent).toBe(lines);
    expect(readFileSync(ledger, 'utf8').split('\n').filter(Boolean)).toHaveLength(lines);
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('fire at a target nobody listens on gives up after 10 s: one line naming the URL, every event accounted, exit 1', async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const file = join(tmp, 'down.ndjson');
  writeFileSync(file, (await runHere(['generate', '--duration', '1h'])).stdout);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
  const url = `http://127.0.0.1:${port}/hook`;
  const r = await runCli(['fire', '--events', file, '--max', '--target', url, '--json']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`cannot connect to ${url} (ECONNREFUSED) for `);
  expect(r.stderr).toMatch(/for [\d.]+ s, nothing delivered: is the receiver running\? Giving up/);
  const s = JSON.parse(r.stdout).summary;
  expect(s.events).toBe(lines);
  expect(s.delivered).toBe(0);
  // Given up, not retried to the end of each event's window.
  expect(s.notSent).toBeGreaterThan(0);
  expect(s.gaveUp + s.notSent).toBe(lines);
});

test('an events file that changes under a run ends it with the summary and a ledger of every event read, exit 1', async () => {
  const file = join(tmp, 'changing.ndjson');
  const g = await runHere(['generate', '--agents', '60', '--duration', '8h', '--out', file]);
  expect(g.code, g.stderr).toBe(0);
  const original = readFileSync(file, 'utf8');
  const ledger = join(tmp, 'changing-ledger.ndjson');
  const run = start([
    ...['fire', '--events', file, '--rate', '100', '--json'],
    ...['--ledger', ledger, '--progress-interval', '0.2'],
  ]);
  try {
    await until(() => /[1-9][\d,]* accepted/.test(run.out.stderr));
    // The same length, no longer events: what is still to be read does not parse.
    writeFileSync(file, original.replace(/[^\n]/g, 'x'));
    expect(await run.closed).toBe(1);
    expect(run.out.stderr).toMatch(/changing\.ndjson changed while it was sent \(.*not JSON/);
    const j = JSON.parse(run.out.stdout);
    expect(j).toMatchObject({ command: 'fire', ok: false, exitCode: 1 });
    const s = j.summary;
    expect(s.events).toBeGreaterThan(0);
    expect(s.events).toBeLessThan(original.split('\n').filter(Boolean).length);
    expect(s.delivered + s.rejected + s.gaveUp + s.notSent).toBe(s.events);
    expect(readFileSync(ledger, 'utf8').split('\n').filter(Boolean)).toHaveLength(s.events);
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('Tab completes scenario names after --scenario, event types after --types and for trigger', async () => {
  const complete = async (...words: string[]) => {
    const r = await runCli(['--get-yargs-completions', 'vcc-sim', ...words]);
    return r.stdout.trim().split('\n');
  };
  expect(await complete('generate', '--scenario', '')).toEqual(
    expect.arrayContaining(['smoke', 'steady', 'chaos']),
  );
  expect(await complete('fire', '--scenario', 'ste')).toEqual(['steady']);
  expect(await complete('generate', '--types', 'channel.wrap')).toEqual([
    'channel.wrapstarted.v0',
    'channel.wrapstarted.v1',
  ]);
  expect(await complete('trigger', 'wrap')).toEqual(['wrapstarted']);
  expect(await complete('trigger', 'ha')).toEqual(['hang-up']);
  // Elsewhere the flags, as before.
  expect(await complete('generate', '--ag')).toContain('--agents');
});
