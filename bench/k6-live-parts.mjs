// Where k6's CPU goes per request in the live mode (`--no-pregenerate`), with the same VUs and
// garbage collector as the k6 bench: one k6 process per part, each VU a team of the bench's center
// and N of its notifications, each part doing a little more than the one before:
//   sim      the team's simulation alone;
//   loop     + the send order (hang-up pairs) and the bodies (the stream serialiser);
//   http     + the requests, each send fired as soon as it is simulated (the live loop before
//            LiveBatch);
//   batched  the same requests, simulated 64 sends ahead then fired (k6/live-batch.ts, as
//            k6/live.ts does);
//   fire     the same requests made in the init context and only fired (what pre-generation
//            leaves);
//   plain    a constant 7-byte body with the same params, as many requests.
// k6's CPU (user + system, /proc) is read from the test's start to its end (the VUs' init, where
// the queue's sizing and `fire`'s bodies are made, is left out). Run by hand; PARTS=sim,http
// picks parts, BATCH=16 another batch, KEEP_SCRIPT=1 keeps the k6 script.
// Usage: node bench/k6-live-parts.mjs [vus] [notifications per VU] [rounds]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureK6 } from '../scripts/ensure-k6.mjs';
import { K6_BUNDLE, startNoopTarget } from './k6-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const VUS = Number(process.argv[2] ?? 20);
const N = Number(process.argv[3] ?? 2000);
const ROUNDS = Number(process.argv[4] ?? 2);
const PARTS = (process.env.PARTS ?? 'sim,loop,http,batched,fire,plain').split(',');
const k6 = ensureK6({ root });
const dir = mkdtempSync(join(tmpdir(), 'vcc-sim-k6-parts-'));
const keep = process.env.KEEP_SCRIPT === '1'; // leaves the k6 script in the folder printed
const center = {
  agents: VUS * 12,
  teamSize: 12,
  start: '2026-01-05T08:00:00Z',
  duration: '4h',
  types: ['*'],
  seed: 'bench',
};

const { server, target } = await startNoopTarget();

const script = join(dir, 'parts.js');
await build({
  stdin: {
    contents: `
import http from 'k6/http';
import { check } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import { streamSerializer } from './generator/notifications/notification-builders.ts';
import { resolveOptions } from './generator/simulation/options.ts';
import { memoisedPlans, rememberPlans } from './generator/simulation/staffing-plan.ts';
import { TeamSimulation } from './generator/simulation/team-simulation.ts';
import { forEachSend } from './k6/send-order.ts';
const PART = __ENV.PART;
const N = Number(__ENV.N);
const BATCH = Number(__ENV.BATCH ?? 64);
const o = resolveOptions(${JSON.stringify(center)});
export const options = {
  scenarios: { parts: { executor: 'shared-iterations', vus: ${VUS}, iterations: ${VUS}, maxDuration: '10m' } },
  discardResponseBodies: true,
};
const memos = new SharedArray('plans', () => { new TeamSimulation(o, 0).next(); return [JSON.stringify(memoisedPlans())]; });
rememberPlans(JSON.parse(memos[0]));
const base = { 'content-type': 'application/cloudevents+json' };
const byType = new Map();
const params = (type, pair) => {
  let t = byType.get(type);
  if (!t) { t = [{ headers: base, tags: { type } }, { headers: base, tags: { type, pair: 'true' } }]; byType.set(type, t); }
  return pair ? t[1] : t[0];
};
const PASS = { ok: () => true };
const FAIL = { ok: () => false };
const verify = (res) => check(res, res.status >= 200 && res.status < 300 ? PASS : FAIL);
const constant = '{"a":1}';
// 'fire': the same team's requests, simulated and serialized in the init context (per VU), fired.
const fired = [];
if (PART === 'fire' && __VU > 0) {
  const sim = new TeamSimulation(o, (__VU - 1) % ${VUS});
  const serializeNotification = streamSerializer();
  let left = N;
  forEachSend({ next: () => (left-- > 0 ? sim.next() : undefined) }, (t, other) => {
    fired.push([t.notification.type, serializeNotification(t.notification), other && other.notification.type, other && serializeNotification(other.notification)]);
  });
}
export default function () {
  const team = exec.scenario.iterationInTest;
  if (PART === 'plain') {
    for (let i = 0; i < N; i++) verify(http.post('${target}', constant, params('x', false)));
    return;
  }
  if (PART === 'fire') {
    for (const [ta, a, tb, b] of fired) {
      if (b === undefined) verify(http.post('${target}', a, params(ta, false)));
      else {
        const res = http.batch([['POST', '${target}', a, params(ta, true)], ['POST', '${target}', b, params(tb, true)]]);
        verify(res[0]);
        verify(res[1]);
      }
    }
    return;
  }
  const sim = new TeamSimulation(o, team);
  let left = N;
  const src = { next: () => (left-- > 0 ? sim.next() : undefined) };
  if (PART === 'sim') { while (src.next()); return; }
  let s = 0;
  const serializeNotification = streamSerializer();
  if (PART === 'batched') {
    // The sends simulated and serialized BATCH at a time, then fired.
    const types = [];
    const bodies = [];
    const fireAll = () => {
      for (let k = 0; k < bodies.length; k++) {
        const b = bodies[k];
        if (typeof b === 'string') verify(http.post('${target}', b, params(types[k], false)));
        else {
          const res = http.batch([['POST', '${target}', b[0], params(types[k][0], true)], ['POST', '${target}', b[1], params(types[k][1], true)]]);
          verify(res[0]);
          verify(res[1]);
        }
      }
      types.length = 0;
      bodies.length = 0;
    };
    forEachSend(src, (t, other) => {
      const n = t.notification;
      if (other === undefined) {
        types.push(n.type);
        bodies.push(serializeNotification(n));
      } else {
        types.push([n.type, other.notification.type]);
        bodies.push([serializeNotification(n), serializeNotification(other.notification)]);
      }
      if (bodies.length >= BATCH) fireAll();
    });
    fireAll();
    return;
  }
  forEachSend(src, (t, other) => {
    const n = t.notification;
    if (PART === 'loop') {
      s += serializeNotification(n).length;
      if (other) s += serializeNotification(other.notification).length;
    } else if (other === undefined) {
      verify(http.post('${target}', serializeNotification(n), params(n.type, false)));
    } else {
      const m = other.notification;
      const res = http.batch([
        ['POST', '${target}', serializeNotification(n), params(n.type, true)],
        ['POST', '${target}', serializeNotification(m), params(m.type, true)],
      ]);
      verify(res[0]);
      verify(res[1]);
    }
  });
  if (s === -1) console.log(s);
}
export function handleSummary(data) { return { [__ENV.SUMMARY]: JSON.stringify(data) }; }
`,
    resolveDir: root,
    loader: 'js',
  },
  ...K6_BUNDLE,
  outfile: script,
});

function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

function run(part) {
  const summary = join(dir, `${part}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(k6.path, ['run', '--quiet', '--no-color', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      env: {
        ...process.env,
        PART: part,
        N: String(N),
        SUMMARY: summary,
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
        K6_NO_USAGE_REPORT: 'true',
      },
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const samples = [];
    const timer = setInterval(() => {
      const c = cpuMs(child.pid);
      if (c !== undefined) samples.push([Date.now(), c]);
    }, 50);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`k6 ${part} exited ${code}: ${err.slice(-1500)}`));
      const data = JSON.parse(readFileSync(summary, 'utf8'));
      const startedAt = samples[samples.length - 1][0] - data.state.testRunDurationMs;
      const atStart = samples.find(([t]) => t >= startedAt) ?? samples[0];
      const atEnd = samples[samples.length - 1];
      const reqs = data.metrics.http_reqs?.values.count ?? 0;
      resolve({ cpuMs: atEnd[1] - atStart[1], wallMs: data.state.testRunDurationMs, reqs });
    });
  });
}

const rows = {};
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const part of PARTS) {
      rows[part] ??= [];
      rows[part].push(await run(part));
    }
} finally {
  server.close();
  if (keep) console.log(`script kept: ${script}`);
  else rmSync(dir, { recursive: true, force: true });
}
console.log(
  `k6 v${k6.version}, ${VUS} VUs, ${N} notifications a VU (plain: ${N} requests a VU), ${ROUNDS} rounds`,
);
console.log('| part | k6 CPU us per notification (rounds) | requests |');
console.log('| --- | --- | --- |');
for (const [part, rs] of Object.entries(rows))
  console.log(
    `| ${part} | ${rs.map((r) => ((r.cpuMs * 1000) / (VUS * N)).toFixed(1)).join(', ')} | ${rs.map((r) => r.reqs).join(', ')} |`,
  );
