// k6 running our simulated-live script (dist/k6/live.js: one team per VU, simulated and fired as
// fast as the target answers) beside plain k6 posting one constant body (bench/k6-constant.js),
// same VUs and duration, against the same loopback server answering 204; and the same script with
// --pregenerate (each team simulated in k6's init context, fired from a SharedArray; over a busy
// 8-hour window, 20 teams: about 224,000 events, 10,400 to 11,800 a team, so that no VU runs out
// within 10 s at plain k6's rate). Rounds alternate
// plain/ours/pregenerated so all see the same machine; reported: requests/s ratio to plain
// (target >= 0.90) and k6's peak RSS per VU, ours minus plain (target <= 5 MB).
// Usage: node bench/k6.bench.mjs [vus] [seconds] [rounds]   (npm run bench builds dist/ first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureK6 } from '../scripts/ensure-k6.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const VUS = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 10);
const ROUNDS = Number(process.argv[4] ?? 2);
const CORES = availableParallelism();

const k6 = ensureK6({ root });
const { simulate, serializeNotification } = await import('../dist/generator/index.js');
const dir = mkdtempSync(join(tmpdir(), 'vcc-sim-k6-bench-'));

// The common target: the smallest server that reads the body and answers 204.
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const target = `http://127.0.0.1:${server.address().port}/webhook`;

// Our script: VUS teams of 12 over 30 days, every type, speed so high nothing waits.
const simulation = { agents: VUS * 12, teamSize: 12, duration: '30d', types: ['*'], seed: 'bench' };
// Pre-generated: a busy window that holds about as many events as a run takes (all in memory).
const pregeneratedSimulation = {
  ...simulation,
  start: '2026-01-05T08:00:00Z',
  duration: '8h',
};
const types = [
  ...new Set([...simulate({ ...simulation, duration: '1d', teams: [0] })].map((n) => n.type)),
];
const body = serializeNotification(
  [...simulate({ ...simulation, duration: '1d', teams: [0] })].find(
    (n) => n.type === 'channel.wrapstarted.v0',
  ),
);
const bodyFile = join(dir, 'body.json');
writeFileSync(bodyFile, body);

function peakRss(pid, sample) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    sample.max = Math.max(sample.max, kb * 1024);
  } catch {
    // the process has ended
  }
}

let runs = 0;
function runK6(script, env, summary = join(dir, `summary-${runs++}.json`)) {
  return new Promise((resolve, reject) => {
    const child = spawn(k6.path, ['run', '--quiet', '--no-color', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ...env,
        SUMMARY_FILE: summary,
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
        K6_NO_USAGE_REPORT: 'true',
      },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const rss = { max: 0 };
    const timer = setInterval(() => peakRss(child.pid, rss), 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`k6 exited with ${code}: ${stderr.slice(-2000)}`));
      const data = JSON.parse(readFileSync(summary, 'utf8'));
      const reqs = data.metrics.http_reqs.values.count;
      const failed = data.metrics.http_req_failed?.values.passes ?? 0;
      resolve({
        rps: reqs / (data.state.testRunDurationMs / 1000),
        reqs,
        failed,
        rss: rss.max,
      });
    });
  });
}

const plain = () =>
  runK6(join(root, 'bench', 'k6-constant.js'), {
    TARGET: target,
    BODY_FILE: bodyFile,
    VUS: String(VUS),
    DURATION: `${SECONDS}s`,
  });
const ours = (pregenerate = false) => {
  const summaryFile = join(dir, `summary-${runs++}.json`);
  const config = {
    mode: 'live',
    target,
    scenario: 'bench',
    simulation: pregenerate ? pregeneratedSimulation : simulation,
    ...(pregenerate ? { pregenerate: true, runStartMs: Date.now() } : {}),
    speed: 1e9,
    vus: VUS,
    maxDuration: `${SECONDS}s`,
    gracefulStop: '0s',
    signatureFormat: 'jwt',
    headers: {},
    thresholds: {},
    types,
    summaryFile,
  };
  return runK6(
    join(root, 'dist', 'k6', 'live.js'),
    { VCC_SIM_CONFIG: JSON.stringify(config) },
    summaryFile,
  );
};

// Where the time goes: the simulation alone (no HTTP) in one k6 VU, k6's JavaScript runtime.
async function simulationAlone() {
  const { build } = await import('esbuild');
  const script = join(dir, 'simulation-alone.js');
  await build({
    stdin: {
      contents: `import { simulate } from './generator/index.ts';
export const options = { vus: 1, iterations: 1 };
export default function () {
  const t0 = Date.now();
  let n = 0;
  for (const t of simulate(${JSON.stringify({ ...simulation, teams: [0] })}).timed()) {
    if ((++n & 255) === 0 && Date.now() - t0 > 3000) break;
  }
  console.log('EVENTS_PER_S=' + n / ((Date.now() - t0) / 1000));
}`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    outfile: script,
    logLevel: 'warning',
  });
  return new Promise((resolve, reject) => {
    const child = spawn(
      k6.path,
      ['run', '--quiet', '--no-color', '--summary-mode=disabled', script],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', K6_NO_USAGE_REPORT: 'true' },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => {
      resolve(Number(/EVENTS_PER_S=([\d.]+)/.exec(out)?.[1] ?? 0));
    });
  });
}

const results = { plain: [], ours: [], pregenerated: [] };
let aloneEventsPerS = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    results.plain.push(await plain());
    results.ours.push(await ours());
    results.pregenerated.push(await ours(true));
  }
  aloneEventsPerS = await simulationAlone();
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (b) => (b / 1e6).toFixed(1);
const p = {
  rps: median(results.plain.map((r) => r.rps)),
  rss: median(results.plain.map((r) => r.rss)),
};
const stats = (rs) => ({
  rps: median(rs.map((r) => r.rps)),
  rss: median(rs.map((r) => r.rss)),
});
const variants = [
  ['plain (one constant body)', results.plain, p],
  ['ours (dist/k6/live.js)', results.ours, stats(results.ours)],
  ['ours --pregenerate', results.pregenerated, stats(results.pregenerated)],
];
console.log(
  `k6 v${k6.version}, ${VUS} VUs, ${SECONDS}s a run, ${ROUNDS} rounds (medians), target: node:http answering 204 on 127.0.0.1${process.env.GOGC ? `, GOGC=${process.env.GOGC}` : ''}`,
);
console.log(
  '| k6 script | requests/s | ours/plain | peak RSS | RSS per VU - plain | failed requests |',
);
console.log(
  '| --------- | ---------- | ---------- | -------- | ------------------ | --------------- |',
);
for (const [name, rs, m] of variants) {
  const ratio = m.rps / p.rps;
  const perVu = (m.rss - p.rss) / VUS;
  console.log(
    `| ${name} | ${Math.round(m.rps).toLocaleString('en')} (${rs.map((r) => Math.round(r.rps)).join(', ')}) | ${ratio.toFixed(2)} | ${mb(m.rss)} MB | ${(perVu / 1e6).toFixed(2)} MB | ${rs.reduce((n, r) => n + r.failed, 0)} |`,
  );
}
for (const [name, rs, m] of variants.slice(1)) {
  // Each round beside its own plain run: the machine is shared, so its speed drifts between rounds.
  const paired = rs.map((r, i) => r.rps / results.plain[i].rps);
  console.log(
    `${name}: ours/plain round by round ${paired.map((x) => x.toFixed(2)).join(', ')} (median ${median(paired).toFixed(2)})`,
  );
  const ratio = m.rps / p.rps;
  const perVu = (m.rss - p.rss) / VUS;
  console.log(
    `${name}: requests/s ours/plain ${ratio.toFixed(2)} (target >= 0.90: ${ratio >= 0.9 ? 'met' : 'MISSED'}), RSS per VU ours - plain ${(perVu / 1e6).toFixed(2)} MB (target <= 5 MB: ${perVu <= 5e6 ? 'met' : 'MISSED'})`,
  );
}
console.log(
  `simulation alone in one k6 VU (no HTTP): ${Math.round(aloneEventsPerS).toLocaleString('en')} events/s = ${(1e6 / aloneEventsPerS).toFixed(0)} us of k6 CPU per event; a plain k6 request costs about ${((1e6 * CORES) / p.rps).toFixed(0)} us of the ${CORES} cores (k6 and the target together)`,
);
