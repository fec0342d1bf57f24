// The mocks' throughput: notifications per second fired by the sender (`deliver`, the code
// `vcc-sim fire` uses) through MSW's setupServer into a vccWebhook inbox, in one process, beside
// the same sender posting to the built-in receiver on loopback. Same events, same sender options;
// each path runs in its own process (as a test suite would: only MSW, or only real sockets), warms
// up, then reports the median of 3 rounds.
// MSW's own per-request cost is measured too (a bare handler), so the share of the inbox shows.
// Usage: node --expose-gc bench/mocks.bench.mjs [events]   (npm run bench builds dist/ first)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { simulate } from '../dist/generator/index.js';
import { vccWebhook } from '../dist/mocks/index.js';
import { startReceiver } from '../dist/receiver/index.js';
import { deliver } from '../dist/sender/index.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 4_000);
const ROUNDS = 3;
const WARMUP = 3;
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';
const TARGET = 2_000;

const events = [];
for (const n of simulate({ agents: 200, duration: '8h', seed: 'bench', types: ['*'] })) {
  events.push(n);
  if (events.length >= N) break;
}

/**
 * Events per second of wall time, and per second of this process's CPU time (user + system):
 * the second is what one dedicated core would do, and moves less when other jobs share the
 * machine. For the loopback path the receiver runs in this process too, so both count everything.
 */
function rates(t0, c0) {
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  return { wall: events.length / wall, cpu: events.length / cpu };
}

/** One delivery of every event through `handlers` under MSW; returns notifications/s. */
async function viaMsw(handlers, inbox, delivery) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = await deliver(events, { target: URL, ...delivery });
    const r = rates(t0, c0);
    if (s.delivered !== events.length || (inbox && inbox.count() !== events.length))
      throw new Error(`MSW path lost events: delivered ${s.delivered}, inbox ${inbox?.count()}`);
    return r;
  } finally {
    server.close();
  }
}

/** The same into the built-in receiver on loopback. */
async function viaLoopback(delivery) {
  const receiver = await startReceiver(delivery.secret ? { secret: delivery.secret } : {});
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = await deliver(events, { target: receiver.url, ...delivery });
    const r = rates(t0, c0);
    if (s.delivered !== events.length || receiver.stats().unique !== events.length)
      throw new Error(`loopback path lost events: delivered ${s.delivered}`);
    return r;
  } finally {
    await receiver.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString('en');
const both = (runs) => ({
  wall: median(runs.map((r) => r.wall)),
  cpu: median(runs.map((r) => r.cpu)),
});

const URL = 'http://receiver.test/webhook';
// MSW's own cost: a handler that answers 200 without reading the request.
const ceiling = [http.post(URL, () => new HttpResponse(null, { status: 200 }))];
const CASES = {
  structured: {},
  'structured, signed': { secret: SECRET },
  'batch of 50': { mode: 'batch' },
};
const PATHS = {
  ceiling: (delivery) => viaMsw(ceiling, undefined, delivery),
  inbox: (delivery) => {
    const { handlers, inbox } = vccWebhook({
      url: URL,
      ...(delivery.secret ? { secret: delivery.secret } : {}),
    });
    return viaMsw(handlers, inbox, delivery);
  },
  loopback: (delivery) => viaLoopback(delivery),
};

/** In a child process: one path, one case; warm up, then the median of the rounds. */
async function child(path, name) {
  const delivery = CASES[name];
  for (let w = 0; w < WARMUP; w++) await PATHS[path](delivery);
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await PATHS[path](delivery));
  process.stdout.write(JSON.stringify(both(runs)));
}

function measure(path, name) {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), String(N), '--child', path, name],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${path} / ${name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (args.includes('--child')) {
  const i = args.indexOf('--child');
  await child(args[i + 1], args[i + 2]);
} else {
  console.log(
    `${N.toLocaleString('en')} notifications (every type) fired by deliver() (concurrency 32, max pace); each path in its own process: ${WARMUP} warm-up runs, then the median of ${ROUNDS}`,
  );
  console.log("ev/s of wall time (ev/s of the process's CPU time)\n");
  console.log(
    '| delivery | MSW ceiling (bare handler) | MSW -> vccWebhook inbox | loopback receiver | inbox / ceiling | inbox / loopback |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  let structured;
  for (const name of Object.keys(CASES)) {
    const b = measure('ceiling', name);
    const m = measure('inbox', name);
    const l = measure('loopback', name);
    if (name === 'structured') structured = m;
    const cell = (x) => `${fmt(x.wall)} (${fmt(x.cpu)})`;
    console.log(
      `| ${name} | ${cell(b)} | **${cell(m)}** | ${cell(l)} | ${(m.wall / b.wall).toFixed(2)} (${(m.cpu / b.cpu).toFixed(2)}) | ${(m.wall / l.wall).toFixed(2)} (${(m.cpu / l.cpu).toFixed(2)}) |`,
    );
  }
  console.log(
    `\nMSW -> inbox, structured (one notification per request, as VCC sends): ${fmt(structured.wall)} ev/s wall, ${fmt(structured.cpu)} per CPU-second (target >= ${fmt(TARGET)}: ${structured.wall >= TARGET ? 'met' : 'NOT met'})`,
  );
}
