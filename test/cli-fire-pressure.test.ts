import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BIN, ROOT, runCli, scratchDir } from './helpers.js';
import { runHere } from './support/run-here.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

const tmp = scratchDir('vcc-sim-fire-pressure-');

/** A loopback server whose requests go to `handle` once their body is read. */
async function misbehaving(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  let requests = 0;
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      handle(req, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

/** Headers at once, then a byte every 200 ms, forever: an answer that never completes. */
const trickle = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200);
  const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('.')), 200);
};

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
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

const ledgerLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; outcome: string; error?: string });

async function smokeEvents(): Promise<number> {
  const r = await runHere(['generate', '--scenario', 'smoke']);
  return r.stdout.trim().split('\n').length;
}

test('SIGTERM ends a run stuck on a trickling receiver: summary, a complete ledger, exit 130', async () => {
  const t = await misbehaving(trickle);
  const ledger = join(tmp, 'stuck.ndjson');
  // A deadline of ten minutes: only stopping can end these attempts.
  const run = start([
    'fire',
    '--target',
    t.url,
    '--max',
    '--timeout',
    '600000',
    '--ledger',
    ledger,
    '--json',
  ]);
  try {
    await until(() => t.requests() >= 8);
    run.child.kill('SIGTERM');
    const code = await run.closed;
    expect(code).toBe(130);
    const s = JSON.parse(run.out.stdout).summary;
    expect(s).toMatchObject({ stopped: true, delivered: 0 });
    const events = await smokeEvents();
    expect(s.events).toBe(events);
    const lines = ledgerLines(ledger);
    expect(lines).toHaveLength(events);
    expect(new Set(lines.map((l) => l.id)).size).toBe(events);
    // The eight cut off in flight, the rest never attempted.
    expect(lines.filter((l) => l.error === 'aborted')).toHaveLength(8);
    expect(lines.every((l) => l.outcome === 'not-sent')).toBe(true);
    expect(run.out.stderr).toMatch(/SIGTERM: stopping/);
  } finally {
    run.child.kill('SIGKILL');
    await t.close();
  }
});

test('a trickling receiver cannot hold an attempt past --timeout: each attempt times out and is retried', async () => {
  const t = await misbehaving(trickle);
  try {
    const r = await runCli([
      'fire',
      '--target',
      t.url,
      '--agents',
      '1',
      '--max',
      '--timeout',
      '300',
      '--max-attempts',
      '2',
      '--json',
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout).summary;
    expect(s.gaveUp).toBe(s.events);
    expect(s.answers).toEqual({ timeout: 2 * s.events });
  } finally {
    await t.close();
  }
});

test('a second signal flushes the ledger and quits at once, exit 130', async () => {
  const t = await misbehaving(trickle);
  const ledger = join(tmp, 'twice.ndjson');
  const run = start([
    'fire',
    '--target',
    t.url,
    '--max',
    '--timeout',
    '600000',
    '--ledger',
    ledger,
  ]);
  try {
    await until(() => t.requests() >= 8);
    run.child.kill('SIGINT');
    await until(() => /SIGINT: stopping/.test(run.out.stderr));
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
    const said = /SIGINT again: quit; the ledger has (\d+) lines/.exec(run.out.stderr);
    const lines = ledgerLines(ledger);
    expect(lines).toHaveLength(Number(said?.[1]));
    for (const l of lines) expect(l.outcome).toBe('not-sent');
  } finally {
    run.child.kill('SIGKILL');
    await t.close();
  }
});

test('a target that refuses every attempt: a warning naming the error and the URL, and --fail-fast stops there (exit 1)', async () => {
  const t = await misbehaving(() => {});
  const url = t.url;
  await t.close();
  const r = await runCli(['fire', '--target', url, '--max', '--fail-fast', '--json']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /warning: every attempt has failed for [\d.]+ s: ECONNREFUSED at http:\/\/127\.0\.0\.1:\d+\/hook /,
  );
  expect(r.stderr).toContain(`ECONNREFUSED at ${url} (`);
  expect(r.stderr).toMatch(/stopping \(--fail-fast\)/);
  const s = JSON.parse(r.stdout).summary;
  expect(s.delivered + s.rejected + s.gaveUp + s.notSent).toBe(s.events);
  expect(s.events).toBe(await smokeEvents());
});

test('progress: a periodic line on stderr when it is not a terminal; none with --quiet', async () => {
  const slow = (_req: IncomingMessage, res: ServerResponse) =>
    setTimeout(() => res.writeHead(204).end(), 40);
  const t = await misbehaving(slow);
  try {
    const args = ['fire', '--target', t.url, '--rate', '40', '--progress-interval', '0.5'];
    const loud = await runCli(args);
    expect(loud.code).toBe(0);
    const lines = loud.stderr.split('\n').filter((l) => l.startsWith('vcc-sim fire: '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(
      /^vcc-sim fire: [\d,]+ events taken, [\d,]+ accepted, 0 failed, \d+ retrying, \d+ in flight; [\d,]+ requests\/s; [\d.]+ (ms|s)/,
    );
    const quiet = await runCli([...args, '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  } finally {
    await t.close();
  }
});

test('the secret comes from --secret, --secret-file or VCC_SIM_SECRET; an empty one is refused (exit 2)', async () => {
  const signatures: (string | undefined)[] = [];
  const t = await misbehaving((req, res) => {
    signatures.push(req.headers['vonage-signature'] as string | undefined);
    res.writeHead(204).end();
  });
  const file = join(tmp, 'secret.txt');
  writeFileSync(file, `${SECRET}\n`);
  const base = ['fire', '--target', t.url, '--agents', '1', '--max', '--quiet'];
  const ran: ChildProcess[] = [];
  try {
    for (const [args, env] of [
      [['--secret-file', file], {}],
      [[], { VCC_SIM_SECRET: SECRET }],
    ] as const) {
      signatures.length = 0;
      const run = start([...base, ...args], env);
      ran.push(run.child);
      expect(await run.closed).toBe(0);
      expect(signatures.length).toBeGreaterThan(0);
      expect(signatures.every((s) => typeof s === 'string' && s.split('.').length === 3)).toBe(
        true,
      );
    }
    for (const [args, env, message] of [
      [['--secret', ''], {}, /Invalid --secret: it is empty/],
      [['--secret-file', join(tmp, 'none.txt')], {}, /Cannot read --secret-file .*none\.txt/],
      [[], { VCC_SIM_SECRET: '' }, /Invalid VCC_SIM_SECRET: it is set but empty/],
    ] as const) {
      const run = start([...base, ...args], env);
      ran.push(run.child);
      expect(await run.closed).toBe(2);
      expect(run.out.stderr).toMatch(message);
      expect(run.out.stderr.trim().split('\n')).toHaveLength(1);
    }
  } finally {
    for (const c of ran) c.kill('SIGKILL');
    await t.close();
  }
});

test("fire --help shows the defaults that apply: the scenario's", async () => {
  const r = await runCli(['fire', '--help']);
  expect(r.stdout).toMatch(/--agents .*default: the scenario's \(smoke: 4\)/);
  expect(r.stdout).toMatch(/--concurrency .*default: the scenario's \(smoke: 8\)/);
  expect(r.stdout).not.toMatch(/default: 20\]/);
});

test('receive: the start line says whether it verifies signatures; an empty --secret is refused (exit 2)', async () => {
  for (const [env, says] of [
    [{ VCC_SIM_SECRET: SECRET }, /listening on \S+ \(verifying signatures \(leeway 60 s\)/],
    [{}, /listening on \S+ \(NOT verifying signatures: no --secret/],
  ] as const) {
    const run = start(['receive', '--port', '0'], env);
    try {
      await until(() => /listening on \S+ /.test(run.out.stderr));
      expect(run.out.stderr).toMatch(says);
      // Ctrl-C is listened for before the line is printed (a signal sent on seeing it had come
      // first and killed the process on a loaded machine): the receiver answers, then Ctrl-C.
      const url = /listening on (\S+) /.exec(run.out.stderr)?.[1] as string;
      expect((await fetch(`${url}/stats`)).status).toBe(200);
      run.child.kill('SIGINT');
      expect(await run.closed).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }
  const empty = await runCli(['receive', '--port', '0', '--secret', '']);
  expect(empty.code).toBe(2);
  expect(empty.stderr).toMatch(/Invalid --secret: it is empty/);
});
