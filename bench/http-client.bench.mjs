// The HTTP/1.1 client under `fire`'s engine 'net' (sender/http1-pool.ts, on node:net) beside
// undici's Pool, side by side in one run: the same POSTs (a signed-size notification body, the
// same headers) to a minimal node:http server answering 204 in its own process, 32 at once,
// keep-alive, rounds alternating A B A B … (the order flipped each round). Reports requests/s per
// round, medians and the pool/undici ratio of each round, and this process's CPU per request.
// Usage: node bench/http-client.bench.mjs [requests] [rounds]   (npm run bench -- http-client)
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Pool } from 'undici';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = 32;
const here = fileURLToPath(new URL('.', import.meta.url));

if (process.env.HTTP_CLIENT_BENCH_SERVER) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 204;
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
  process.on('message', () => server.close(() => process.exit(0)));
} else {
  // sender/http1-pool.ts is internal (not in dist's entries): bundled here from the source.
  const out = mkdtempSync(join(tmpdir(), 'http-client-bench-'));
  await build({
    entryPoints: [join(here, '../sender/http1-pool.ts')],
    outfile: join(out, 'http1-pool.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  const { Http1Pool } = await import(pathToFileURL(join(out, 'http1-pool.mjs')).href);
  rmSync(out, { recursive: true, force: true });

  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, HTTP_CLIENT_BENCH_SERVER: '1' },
  });
  const port = await new Promise((resolve) => child.once('message', resolve));
  const body = JSON.stringify({
    specversion: '1.0',
    type: 'channel.wrapstarted.v0',
    source: '/channel',
    id: '2hV8dX8Zb3wq0c5QmK1x9Yk7Lz',
    time: '2026-01-05T09:00:00.5000000Z',
    subject: '30a60061-0e76-4aa1-84c5-449804bfcfb7',
    data: { timestamp: '2026-01-05T09:00:00.000Z', channel: { padding: 'x'.repeat(600) } },
  });
  const headers = {
    'content-type': 'application/cloudevents+json',
    'content-length': String(Buffer.byteLength(body)),
    'vonage-signature': `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${'e'.repeat(180)}.${'s'.repeat(43)}`,
  };

  /** Sends REQUESTS through `one` with CONCURRENCY in flight; returns req/s and CPU µs/request. */
  async function drive(one) {
    let sent = 0;
    let failed = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < REQUESTS) {
          sent++;
          if ((await one()) !== 204) failed++;
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (failed) throw new Error(`${failed} requests failed`);
    return { rate: REQUESTS / s, cpuUs: (c.user + c.system) / REQUESTS };
  }

  const clients = {
    'http1-pool': () => {
      const pool = new Http1Pool('127.0.0.1', port, '/vcc');
      return {
        one: () => new Promise((resolve) => pool.request(headers, body, (r) => resolve(r.status))),
        close: async () => pool.close(),
      };
    },
    'undici Pool': () => {
      const pool = new Pool(`http://127.0.0.1:${port}`, {
        connections: CONCURRENCY,
        pipelining: 1,
      });
      return {
        one: async () => {
          const r = await pool.request({ path: '/vcc', method: 'POST', headers, body });
          await r.body.dump();
          return r.statusCode;
        },
        close: () => pool.close(),
      };
    },
  };

  const results = { 'http1-pool': [], 'undici Pool': [] };
  // A warm-up of each, not counted.
  for (const make of Object.values(clients)) {
    const c = make();
    await drive(c.one);
    await c.close();
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['undici Pool', 'http1-pool'] : ['http1-pool', 'undici Pool'];
    for (const name of order) {
      const c = clients[name]();
      results[name].push(await drive(c.one));
      await c.close();
    }
  }
  child.send('stop');

  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`${REQUESTS} POSTs per round, ${CONCURRENCY} at once, ${ROUNDS} rounds, req/s:`);
  for (const [name, r] of Object.entries(results))
    console.log(
      `  ${name.padEnd(12)} ${r.map((x) => fmt(x.rate)).join(', ')}  median ${fmt(median(r.map((x) => x.rate)))}, CPU ${median(r.map((x) => x.cpuUs)).toFixed(1)} µs/request`,
    );
  const ratios = results['http1-pool'].map((x, i) => x.rate / results['undici Pool'][i].rate);
  console.log(
    `  http1-pool / undici per round: ${ratios.map((x) => x.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`,
  );
}
