// The mocks' throughput: notifications per second fired by the sender (`deliver`, the code
// `vcc-sim fire` uses) through MSW's setupServer into a vccWebhook inbox, in one process, beside
// the same sender posting to the built-in receiver on loopback. Same events, same sender options,
// measured alternately (3 rounds, median), so the ratio holds on a noisy machine.
// MSW's own per-request cost is measured too (a bare handler), so the share of the inbox shows.
// Usage: node --expose-gc bench/mocks.bench.mjs [events]   (npm run bench builds dist/ first)
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { simulate } from '../dist/generator/index.js';
import { vccWebhook } from '../dist/mocks/index.js';
import { startReceiver } from '../dist/receiver/index.js';
import { deliver } from '../dist/sender/index.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 4_000);
const ROUNDS = 3;
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';
const TARGET = 2_000;

const events = [];
for (const n of simulate({ agents: 200, duration: '8h', seed: 'bench', types: ['*'] })) {
  events.push(n);
  if (events.length >= N) break;
}

/** One delivery of every event through `handlers` under MSW; returns notifications/s. */
async function viaMsw(handlers, inbox, delivery) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const t0 = performance.now();
    const s = await deliver(events, { target: URL, ...delivery });
    const seconds = (performance.now() - t0) / 1000;
    if (s.delivered !== events.length || (inbox && inbox.count() !== events.length))
      throw new Error(`MSW path lost events: delivered ${s.delivered}, inbox ${inbox?.count()}`);
    return events.length / seconds;
  } finally {
    server.close();
  }
}

/** The same into the built-in receiver on loopback. */
async function viaLoopback(delivery) {
  const receiver = await startReceiver(delivery.secret ? { secret: delivery.secret } : {});
  try {
    const t0 = performance.now();
    const s = await deliver(events, { target: receiver.url, ...delivery });
    const seconds = (performance.now() - t0) / 1000;
    if (s.delivered !== events.length || receiver.stats().unique !== events.length)
      throw new Error(`loopback path lost events: delivered ${s.delivered}`);
    return events.length / seconds;
  } finally {
    await receiver.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString('en');

const URL = 'http://receiver.test/webhook';
// MSW's own cost: a handler that answers 200 without reading the request.
const ceiling = [http.post(URL, () => new HttpResponse(null, { status: 200 }))];
const CASES = [
  { name: 'structured', delivery: {} },
  { name: 'structured, signed', delivery: { secret: SECRET } },
  { name: 'batch of 50', delivery: { mode: 'batch' } },
];

console.log(
  `${N.toLocaleString('en')} notifications (every type) fired by deliver() (concurrency 32, max pace); ${ROUNDS} rounds, median; ev/s`,
);
console.log(
  '\n| delivery | MSW ceiling (bare handler) | MSW -> vccWebhook inbox | loopback receiver | inbox / ceiling | inbox / loopback |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
let worstStructured = Number.POSITIVE_INFINITY;
for (const c of CASES) {
  const hook = () => {
    const { handlers, inbox } = vccWebhook({
      url: URL,
      ...(c.delivery.secret ? { secret: c.delivery.secret } : {}),
    });
    return [handlers, inbox];
  };
  // Warm-up: JIT, the schema validators, MSW's interceptors.
  await viaMsw(...hook(), c.delivery);
  await viaLoopback(c.delivery);
  const bare = [];
  const msw = [];
  const loop = [];
  for (let r = 0; r < ROUNDS; r++) {
    globalThis.gc?.();
    bare.push(await viaMsw(ceiling, undefined, c.delivery));
    globalThis.gc?.();
    msw.push(await viaMsw(...hook(), c.delivery));
    globalThis.gc?.();
    loop.push(await viaLoopback(c.delivery));
  }
  const [b, m, l] = [median(bare), median(msw), median(loop)];
  if (c.delivery.mode !== 'batch') worstStructured = Math.min(worstStructured, m);
  console.log(
    `| ${c.name} | ${fmt(b)} | **${fmt(m)}** | ${fmt(l)} | ${(m / b).toFixed(2)} | ${(m / l).toFixed(2)} |`,
  );
}
console.log(
  `\nLowest MSW -> inbox, one notification per request: ${fmt(worstStructured)} ev/s (target >= ${fmt(TARGET)}: ${worstStructured >= TARGET ? 'met' : 'NOT met'})`,
);
