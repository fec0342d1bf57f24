// fire --max against the built-in receiver, beside the same sender against a minimal node:http
// server that answers 204 to every POST: the receiver's cost is the difference. Each receiver runs
// in its own process (the sender in this one), so the two cores are shared the same way on both
// sides; the runs alternate A B A B … and the ratio is of the medians.
// Usage: node bench/fire.bench.mjs [events] [rounds]   (npm run bench builds dist/ first)
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const EVENTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SIM = { agents: 400, duration: '3d', seed: 'fire-bench', types: ['channel.*.v0'] };

if (process.env.FIRE_BENCH_SERVER) {
  // Child: one receiver, its URL sent to the parent.
  let url;
  let close;
  if (process.env.FIRE_BENCH_SERVER === 'builtin') {
    const { startReceiver } = await import('../dist/receiver/index.js');
    const r = await startReceiver({ port: 0 });
    url = r.url;
    close = () => r.close();
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
    close = () => new Promise((r) => server.close(r));
  }
  let cpu = process.cpuUsage();
  process.send({ url });
  process.on('message', async (m) => {
    if (m === 'start') {
      cpu = process.cpuUsage();
      return;
    }
    const used = process.cpuUsage(cpu);
    await close();
    process.send({ cpuUs: used.user + used.system });
    process.exit(0);
  });
} else {
  const { simulate } = await import('../dist/generator/index.js');
  const { deliver } = await import('../dist/sender/index.js');
  const events = [];
  for (const e of simulate(SIM)) {
    events.push(e);
    if (events.length >= EVENTS) break;
  }

  const runOnce = async (kind) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, FIRE_BENCH_SERVER: kind },
    });
    const { url } = await new Promise((r) => child.once('message', r));
    child.send('start');
    const s = await deliver(events, { target: url, pace: { max: true }, concurrency: 32 });
    child.send('stop');
    const { cpuUs } = await new Promise((r) => child.once('message', r));
    s.serverCpuUsPerEvent = cpuUs / s.events;
    await new Promise((r) => child.once('exit', r));
    if (s.delivered !== s.events)
      throw new Error(`${kind}: ${s.events - s.delivered} events not delivered`);
    return s;
  };

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  await runOnce('minimal'); // warm-up
  const results = { builtin: [], minimal: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const kind of ['builtin', 'minimal']) results[kind].push(await runOnce(kind));
  }
  const row = (kind) => {
    const rs = results[kind];
    return {
      eps: median(rs.map((s) => s.eventsPerSecond)),
      p50: median(rs.map((s) => s.latency.p50)),
      p99: median(rs.map((s) => s.latency.p99)),
      cpu: median(rs.map((s) => s.serverCpuUsPerEvent)),
    };
  };
  const b = row('builtin');
  const m = row('minimal');
  console.log(
    `fire --max, ${EVENTS} events, concurrency 32, median of ${ROUNDS} alternating rounds`,
  );
  console.log('| target | events/s | latency p50 ms | latency p99 ms | server CPU us/event |');
  console.log('| ------ | -------- | -------------- | -------------- | ------------------- |');
  console.log(
    `| built-in receiver | ${Math.round(b.eps)} | ${b.p50} | ${b.p99} | ${b.cpu.toFixed(0)} |`,
  );
  console.log(
    `| minimal 204 server | ${Math.round(m.eps)} | ${m.p50} | ${m.p99} | ${m.cpu.toFixed(0)} |`,
  );
  const ratio = b.eps / m.eps;
  console.log(
    `built-in / minimal throughput: ${ratio.toFixed(2)} (target >= 0.80: ${ratio >= 0.8 ? 'met' : 'MISSED'})`,
  );
}
