// fire's delivery, three ways, each side by side in one run (the machines are shared and noisy):
//
// 1. The built-in receiver beside a minimal node:http server that answers 204 to every POST: the
//    receiver's cost is the difference (target: built-in >= 0.80 of minimal).
// 2. The sender beside its ceiling, autocannon, at the same minimal server: requests/s of
//    deliver() --max as fire sends (engine 'net') unsigned and signed, and through node:http, as
//    shares of autocannon's with the same connections and body (targets: >= 0.30 unsigned, >= 0.20
//    signed).
// 3. Peak RSS of `vcc-sim fire --max --events FILE` at 50,000 and 500,000 events, against the
//    minimal server (--target) and without --target (the built-in receiver in fire's process)
//    (target: 500,000 <= 1.5x 50,000 on both): delivery streams, memory stays flat.
//
// Each server runs in its own process (the sender in this one, or in the fire process), so the two
// cores are shared the same way on every side; runs alternate A B C A B C … and ratios are of the
// medians. Usage: node bench/fire.bench.mjs [events] [rounds] [rss-events]
// (npm run bench builds dist/ first; FIRE_BENCH_PARTS=1,2,3 picks parts)
import { fork, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EVENTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const RSS_EVENTS = Number(process.argv[4] ?? 500_000);
const PARTS = (process.env.FIRE_BENCH_PARTS ?? '1,2,3').split(',').map(Number);
const SIM = { agents: 400, duration: '3d', seed: 'fire-bench', types: ['channel.*.v0'] };
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';
const CONCURRENCY = 32;
const here = fileURLToPath(new URL('.', import.meta.url));

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
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  /** Starts a server child; `run(url)` measures against it; returns the result and its CPU. */
  const against = async (kind, run) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, FIRE_BENCH_SERVER: kind },
    });
    const { url } = await new Promise((r) => child.once('message', r));
    child.send('start');
    const result = await run(url);
    child.send('stop');
    const { cpuUs } = await new Promise((r) => child.once('message', r));
    await new Promise((r) => child.once('exit', r));
    return { ...result, serverCpuUs: cpuUs };
  };

  const fire = (url, options = {}) =>
    deliver(events, {
      target: url,
      pace: { max: true },
      concurrency: CONCURRENCY,
      ...options,
    }).then((s) => {
      if (s.delivered !== s.events)
        throw new Error(`${s.events - s.delivered} events not delivered`);
      return s;
    });

  if (PARTS.includes(1)) await receiverPart(against, fire, median);
  if (PARTS.includes(2)) await ceilingPart(against, fire, median, events);
  if (PARTS.includes(3)) await memoryPart(against, median);
}

async function receiverPart(against, fire, median) {
  await against('minimal', (url) => fire(url)); // warm-up
  const results = { builtin: [], minimal: [] };
  for (let i = 0; i < ROUNDS; i++)
    for (const kind of ['builtin', 'minimal']) {
      const s = await against(kind, (url) => fire(url));
      results[kind].push({ ...s, serverCpuUsPerEvent: s.serverCpuUs / s.events });
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
    `### 1. the built-in receiver: fire --max, ${EVENTS} events, concurrency ${CONCURRENCY}, median of ${ROUNDS} alternating rounds\n`,
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
    `\nbuilt-in / minimal throughput: ${ratio.toFixed(2)} (target >= 0.80: ${ratio >= 0.8 ? 'met' : 'MISSED'})\n`,
  );
}

async function ceilingPart(against, fire, median, events) {
  const { default: autocannon } = await import('autocannon');
  const body = JSON.stringify(events[0]);
  const ceiling = (url) =>
    new Promise((resolve, reject) => {
      autocannon(
        {
          url,
          method: 'POST',
          connections: CONCURRENCY,
          // A steady 5 s (a fixed amount, ended by its slowest connection, reads 20-40% lower).
          duration: 5,
          body,
          headers: { 'content-type': 'application/cloudevents+json' },
        },
        (err, r) => {
          if (err) reject(err);
          else if (r.non2xx || r.errors)
            reject(new Error(`autocannon: ${r.non2xx} non-2xx, ${r.errors} errors`));
          else resolve({ rps: r.requests.sent / r.duration, requests: r.requests.sent });
        },
      );
    });
  const kinds = {
    autocannon: (url) => ceiling(url),
    unsigned: (url) => fire(url, { engine: 'net' }).then((s) => ({ rps: s.requestsPerSecond })),
    signed: (url) =>
      fire(url, { engine: 'net', secret: SECRET }).then((s) => ({ rps: s.requestsPerSecond })),
    'unsigned, node:http': (url) => fire(url).then((s) => ({ rps: s.requestsPerSecond })),
  };
  await against('minimal', kinds.autocannon); // warm-up
  const rps = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++)
    for (const [kind, run] of Object.entries(kinds))
      rps[kind].push((await against('minimal', run)).rps);
  const m = Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, median(v)]));
  console.log(
    `### 2. the sender against its ceiling: deliver() ${EVENTS} requests, autocannon 5 s, ${CONCURRENCY} connections, the minimal 204 server, median of ${ROUNDS} alternating rounds\n`,
  );
  console.log('| sender | requests/s | share of autocannon | target |');
  console.log('| ------ | ---------- | ------------------- | ------ |');
  console.log(`| autocannon ${body.length}-byte POST | ${Math.round(m.autocannon)} | 1 | |`);
  for (const [kind, target] of [
    ['unsigned', 0.3],
    ['signed', 0.2],
    ['unsigned, node:http', undefined],
  ]) {
    const share = m[kind] / m.autocannon;
    const verdict = target ? `>= ${target}: ${share >= target ? 'met' : 'MISSED'}` : 'for scale';
    console.log(
      `| deliver() --max, ${kind.includes('node:http') ? kind : `${kind}, net (as fire)`} | ${Math.round(m[kind])} | ${share.toFixed(2)} | ${verdict} |`,
    );
  }
  console.log(
    `\nrounds (requests/s): ${JSON.stringify(Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, v.map(Math.round)])))}\n`,
  );
}

async function memoryPart(against, median) {
  const { simulate, serializeNotification } = await import('../dist/generator/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'fire-bench-'));
  const write = async (file, n) => {
    const out = createWriteStream(file);
    let i = 0;
    for (const e of simulate({ ...SIM, duration: '30d' })) {
      if (!out.write(`${serializeNotification(e)}\n`))
        await new Promise((r) => out.once('drain', r));
      if (++i >= n) break;
    }
    out.end();
    await new Promise((r) => out.once('close', r));
    return i;
  };
  const small = Math.round(RSS_EVENTS / 10);
  const files = { [small]: join(dir, 'small.ndjson'), [RSS_EVENTS]: join(dir, 'large.ndjson') };
  const counts = {};
  for (const [n, file] of Object.entries(files)) counts[n] = await write(file, Number(n));
  const bin = join(here, '..', 'bin', 'vcc-sim');
  // `url` undefined: no --target, fire's own built-in receiver in the same process.
  const fireProcess = (file) => (url) =>
    new Promise((resolve, reject) => {
      const rssFile = join(dir, 'rss');
      const child = spawn(
        process.execPath,
        [
          '--import',
          join(here, 'max-rss.mjs'),
          bin,
          'fire',
          '--events',
          file,
          '--max',
          ...(url ? ['--target', url] : []),
          '--quiet',
          '--json',
        ],
        { env: { ...process.env, MAX_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('close', (code) => {
        // Without --target fire also checks hang-up pairs at its receiver: a file cut at N events
        // may end on half a pair (exit 1). Every event delivered and received is all this needs.
        const j = stdout ? JSON.parse(stdout) : undefined;
        const whole =
          j && j.summary.delivered === j.summary.events && (j.check?.missing ?? 0) === 0;
        if (code !== 0 && !(code === 1 && !url && whole))
          return reject(new Error(`fire exited ${code}`));
        const s = j.summary;
        resolve({
          rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
          eps: s.eventsPerSecond,
          events: s.events,
        });
      });
    });
  const sides = ['--target (the minimal server)', 'no --target (the built-in receiver)'];
  const rss = Object.fromEntries(sides.map((k) => [k, { [small]: [], [RSS_EVENTS]: [] }]));
  const eps = Object.fromEntries(sides.map((k) => [k, { [small]: [], [RSS_EVENTS]: [] }]));
  const rounds = Math.max(1, Math.min(ROUNDS, 2));
  for (let i = 0; i < rounds; i++)
    for (const side of sides)
      for (const [n, file] of Object.entries(files)) {
        const r =
          side === sides[0]
            ? await against('minimal', fireProcess(file))
            : await fireProcess(file)(undefined);
        if (r.events !== counts[n]) throw new Error(`fired ${r.events} of ${counts[n]}`);
        rss[side][n].push(r.rssMb);
        eps[side][n].push(r.eps);
      }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `### 3. memory: peak RSS of vcc-sim fire --max --events FILE, with --target at the minimal server and without (the built-in receiver in the process), median of ${rounds} alternating rounds\n`,
  );
  console.log('| target | events | peak RSS MB | events/s |');
  console.log('| ------ | ------ | ----------- | -------- |');
  for (const side of sides)
    for (const n of [small, RSS_EVENTS])
      console.log(
        `| ${side} | ${counts[n]} | ${median(rss[side][n]).toFixed(0)} | ${Math.round(median(eps[side][n]))} |`,
      );
  console.log('');
  for (const side of sides) {
    const a = median(rss[side][small]);
    const b = median(rss[side][RSS_EVENTS]);
    console.log(
      `${side}: peak RSS ${counts[RSS_EVENTS]} / ${counts[small]}: ${(b / a).toFixed(2)}x (target <= 1.5x: ${b / a <= 1.5 ? 'met' : 'MISSED'})`,
    );
  }
  console.log('');
}
