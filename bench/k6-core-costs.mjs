// Where k6's time goes in the live mode: the parts of the simulation core timed one by one in one
// k6 VU (k6's JavaScript runtime, Sobek, which has no profiler of its own), per call, beside the
// whole: the simulation's next notification, and the live loop without HTTP (simulate, pair the
// hang-ups, serialize), as `--no-pregenerate` runs it. Also how many random draws a notification
// takes. Run by hand (not part of `npm run bench`): the figures explain the k6 bench's live ratio.
// Usage: node bench/k6-core-costs.mjs [rounds]   (the fastest round of each part is printed)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureK6 } from '../scripts/ensure-k6.mjs';
import { K6_BUNDLE } from './k6-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.argv[2] ?? 5);
const k6 = ensureK6({ root });
const dir = mkdtempSync(join(tmpdir(), 'vcc-sim-k6-costs-'));
// The k6 bench's center (bench/k6.bench.mjs): teams of 12, every type, team 0.
const center = {
  agents: 240,
  teamSize: 12,
  start: '2026-01-05T08:00:00Z',
  duration: '30d',
  types: ['*'],
  seed: 'bench',
};

const script = join(dir, 'costs.js');
await build({
  stdin: {
    contents: `
import { drawKsuid, encodeKsuid } from './generator/notifications/ksuid.ts';
import { formatTime } from './generator/notifications/time-format.ts';
import { serializeNotification } from './generator/notifications/notification-builders.ts';
import { RandomStream } from './generator/simulation/random.ts';
import { resolveOptions } from './generator/simulation/options.ts';
import { TeamSimulation } from './generator/simulation/team-simulation.ts';
import { forEachSend } from './k6/send-order.ts';
export const options = { vus: 1, iterations: 1 };
const o = resolveOptions({ ...${JSON.stringify(center)}, teams: [0] });
const best = {};
function time(name, n, f) {
  const t0 = Date.now();
  f(n);
  const us = ((Date.now() - t0) * 1000) / n;
  if (!(best[name] <= us)) best[name] = us;
}
export default function () {
  let s = 0;
  const rng = new RandomStream('x', 1);
  const sample = new TeamSimulation(o, 0);
  const ns = [];
  for (let i = 0; i < 2000; i++) ns.push(sample.next().notification);
  // Draws per notification, counted over the team's first 20,000 notifications: next() is each
  // stream's own closure, so it is counted by wrapping each stream's as the team makes them.
  const counts = { next: 0, uint32: 0, normal: 0 };
  const originals = {};
  for (const m of ['uint32', 'normal']) {
    const orig = (originals[m] = RandomStream.prototype[m]);
    RandomStream.prototype[m] = function (...a) { counts[m]++; return orig.apply(this, a); };
  }
  const byPrototype = Object.prototype.hasOwnProperty.call(RandomStream.prototype, 'next');
  const counted = new TeamSimulation(o, 0);
  const wrapped = new Set();
  const wrap = (x, depth) => {
    if (!x || typeof x !== 'object' || depth > 4 || wrapped.has(x)) return;
    wrapped.add(x);
    if (x instanceof RandomStream) {
      const own = x.next;
      Object.defineProperty(x, 'next', { value: () => { counts.next++; return own(); } });
      return;
    }
    for (const v of Object.values(x)) wrap(v, depth + 1);
  };
  if (!byPrototype) wrap(counted, 0);
  else {
    const orig = (originals.next = RandomStream.prototype.next);
    RandomStream.prototype.next = function () { counts.next++; return orig.call(this); };
  }
  for (let i = 0; i < 20000; i++) counted.next();
  for (const m of Object.keys(originals)) RandomStream.prototype[m] = originals[m];
  for (let round = 0; round < ${ROUNDS}; round++) {
    time('an empty loop turn', 200000, (n) => { for (let i = 0; i < n; i++) s += i; });
    time('rng.next() (a float)', 100000, (n) => { for (let i = 0; i < n; i++) s += rng.next(); });
    time('rng.uint32()', 100000, (n) => { for (let i = 0; i < n; i++) s += rng.uint32(); });
    time('rng.normal() (two draws, log, sqrt, cos)', 50000, (n) => { for (let i = 0; i < n; i++) s += rng.normal(); });
    time('drawKsuid (8 draws, base62 straight)', 30000, (n) => { for (let i = 0; i < n; i++) s += drawKsuid(1.78e12 + i * 1000, rng).length; });
    time('encodeKsuid (160-bit base62)', 30000, (n) => { for (let i = 0; i < n; i++) s += encodeKsuid(1.78e12 + i * 1000, i * 7919, 0x9e3779b9, 0xdeadbeef, i).length; });
    time('formatTime (7 fractional digits)', 100000, (n) => { for (let i = 0; i < n; i++) s += formatTime(1.78e12 + i * 7, i % 10000).length; });
    time('serializeNotification', 30000, (n) => { for (let i = 0; i < n; i++) s += serializeNotification(ns[i % 2000]).length; });
    time('an object literal of 8 keys', 100000, (n) => { for (let i = 0; i < n; i++) { const x = { a: 1, b: i, c: 'x', d: 'y', e: 'z', f: s, g: 'w', h: ns }; s += x.b; } });
    const sim = new TeamSimulation(o, 0);
    time('the simulation: next notification', 20000, (n) => { for (let i = 0; i < n; i++) s += sim.next().sendMs & 1; });
    const live = new TeamSimulation(o, 0);
    time('the live loop without HTTP, per notification', 20000, (n) => {
      let i = 0;
      const src = { next: () => (i++ < n ? live.next() : undefined) };
      forEachSend(src, (t, other) => { s += serializeNotification(t.notification).length; if (other) s += serializeNotification(other.notification).length; });
    });
  }
  for (const [name, us] of Object.entries(best)) console.log('COST ' + name + '=' + us.toFixed(2));
  for (const [m, c] of Object.entries(counts)) console.log('DRAWS ' + m + '=' + (c / 20000).toFixed(2));
  if (s === -1) console.log(s);
}`,
    resolveDir: root,
    loader: 'js',
  },
  ...K6_BUNDLE,
  outfile: script,
});
try {
  const r = spawnSync(
    k6.path,
    ['run', '--quiet', '--no-color', '--summary-mode=disabled', script],
    {
      encoding: 'utf8',
      env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', K6_NO_USAGE_REPORT: 'true' },
    },
  );
  const out = `${r.stdout}${r.stderr}`;
  const rows = [...out.matchAll(/COST ([^=]+)=([\d.]+)/g)];
  if (rows.length === 0) throw new Error(`k6 printed no costs: ${out.slice(-2000)}`);
  console.log(
    `k6 v${k6.version}, 1 VU, the fastest of ${ROUNDS} rounds, us of k6 wall time per call`,
  );
  console.log('| part | us per call |');
  console.log('| --- | --- |');
  for (const [, name, us] of rows) console.log(`| ${name} | ${us} |`);
  const draws = [...out.matchAll(/DRAWS ([^=]+)=([\d.]+)/g)];
  console.log(
    `random draws per notification (team 0, its first 20,000): ${draws.map(([, m, c]) => `${m}() ${c}`).join(', ')} (normal() draws two next())`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
