// vcc-sim check, side by side in one run (the machines are shared and noisy):
//
// 1. The default suite's wall time against the built-in receiver (signed) beside the same suite
//    against a minimal node:http server that answers 204 to every POST: the suite's own time is
//    the minimal side, the receiver's share the difference (target: the default suite under 30 s
//    against a healthy local receiver).
// 2. The capacity check against the built-in receiver with its default time (60 s): the rate it
//    sustained, what limited it, and that rate beside the sender's own ceiling measured in the
//    same run.
// 3. What drives the capacity ramp: the Node sender (deliver(), as the ramp sends: engine 'net',
//    256 in flight, one attempt) beside plain k6 (bench/k6-constant.js, 256 VUs: as many in flight) posting the same
//    notification body to the same minimal server, 5 s each, rounds alternating: requests/s.
//
// Each receiver runs in its own process, the check in this one. Rounds alternate built-in,
// minimal. Usage: node bench/check.bench.mjs [rounds] (npm run bench builds dist/ first;
// CHECK_BENCH_PARTS=1,2,3 picks parts)
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.argv[2] ?? 3);
const PARTS = (process.env.CHECK_BENCH_PARTS ?? '1,2,3').split(',').map(Number);
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';

if (process.env.CHECK_BENCH_SERVER) {
  // Child: one receiver, its URL sent to the parent; stops when the parent says so.
  let url;
  if (process.env.CHECK_BENCH_SERVER === 'builtin') {
    const { startReceiver } = await import('../dist/receiver/index.js');
    url = (await startReceiver({ port: 0, secret: SECRET })).url;
  } else {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${server.address().port}/webhook`;
  }
  process.send({ url });
  process.on('message', () => process.exit(0));
} else {
  const { checkReceiver } = await import('../dist/check/index.js');
  const start = (kind) =>
    new Promise((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), [], {
        env: { ...process.env, CHECK_BENCH_SERVER: kind },
      });
      child.once('message', (m) => resolve({ url: m.url, stop: () => child.send('stop') }));
    });
  const builtin = await start('builtin');
  const minimal = await start('minimal');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (PARTS.includes(1)) {
    const times = { builtin: [], minimal: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, r] of [
        ['builtin', builtin],
        ['minimal', minimal],
      ]) {
        const t0 = performance.now();
        const report = await checkReceiver({ target: r.url, secret: SECRET });
        times[name].push(performance.now() - t0);
        if (name === 'builtin' && report.failed.length > 0)
          console.log(`built-in receiver failed: ${report.failed.join(', ')}`);
      }
    }
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `default suite, ${ROUNDS} rounds: built-in ${times.builtin.map(s).join(', ')}; minimal ${times.minimal.map(s).join(', ')}`,
    );
    console.log(
      `medians: built-in ${s(median(times.builtin))}, minimal ${s(median(times.minimal))}: ${(median(times.builtin) / median(times.minimal)).toFixed(2)}x (target: under 30 s)`,
    );
  }
  if (PARTS.includes(2)) {
    const t0 = performance.now();
    const report = await checkReceiver({ target: builtin.url, secret: SECRET, only: ['capacity'] });
    const c = report.capacity;
    console.log(
      `capacity of the built-in receiver (signed, default 60 s): ${c.sustainedPerSecond}/s, limited by ${c.limitedBy}; the sender's ceiling ${c.senderPerSecond}/s: ${(c.sustainedPerSecond / c.senderPerSecond).toFixed(2)} of it; ${c.agents.peakSecond} agents at the peak second, ${c.agents.busiest15m} over the busiest 15 minutes; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log(
      `steps: ${c.steps.map((x) => `${x.rate}->${x.achieved}${x.good ? '' : ` (${x.why})`}`).join(', ')}`,
    );
  }
  if (PARTS.includes(3)) await drivers(minimal.url, median);
  builtin.stop();
  minimal.stop();
}

/** Part 3: the Node sender and plain k6, requests/s to the same server. */
async function drivers(url, median) {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { ensureK6 } = await import('../scripts/ensure-k6.mjs');
  const { simulate, serializeNotification } = await import('../dist/generator/index.js');
  const { deliver } = await import('../dist/sender/index.js');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const k6 = ensureK6({ root });
  const dir = mkdtempSync(join(tmpdir(), 'vcc-check-bench-'));
  const events = [...simulate({ agents: 200, duration: '2h', seed: 'check-bench' })];
  const body = join(dir, 'body.json');
  writeFileSync(body, serializeNotification(events[0]));
  const SECONDS = 5;
  const node = async () => {
    const endAt = performance.now() + SECONDS * 1000;
    function* source() {
      for (let i = 0; performance.now() < endAt; i++) yield events[i % events.length];
    }
    const s = await deliver(source(), {
      target: url,
      engine: 'net',
      concurrency: 256,
      maxAttempts: 1,
    });
    return s.requests / (s.durationMs / 1000);
  };
  const plainK6 = () =>
    new Promise((resolve, reject) => {
      const summary = join(dir, 'summary.json');
      const child = spawn(
        k6.path,
        ['run', '--quiet', '--no-color', join(root, 'bench', 'k6-constant.js')],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          // A session of its own, as `vcc-sim load` runs k6 (Linux's autogroup: see bench/k6.bench.mjs).
          detached: true,
          env: {
            ...process.env,
            TARGET: url,
            BODY_FILE: body,
            VUS: '256',
            DURATION: `${SECONDS}s`,
            SUMMARY_FILE: summary,
          },
        },
      );
      child.on('error', reject);
      child.on('close', () =>
        resolve(JSON.parse(readFileSync(summary, 'utf8')).metrics.http_reqs.values.rate),
      );
    });
  const rates = { node: [], k6: [] };
  for (let round = 0; round < 2; round++) {
    rates.node.push(await node());
    rates.k6.push(await plainK6());
  }
  rmSync(dir, { recursive: true, force: true });
  const r = (xs) => xs.map((x) => Math.round(x)).join(', ');
  console.log(
    `drivers, ${SECONDS} s each: Node sender ${r(rates.node)} req/s; plain k6 ${r(rates.k6)} req/s; Node / k6 medians ${(median(rates.node) / median(rates.k6)).toFixed(2)}`,
  );
}
