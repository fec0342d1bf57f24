// Issue 21's hour bound (every open hour with 20+ calls at SL20 >= 0.60 and <= 10% unanswered)
// checked against queueing theory, outside the simulator: one hour of a 25-agent center's busy
// hours (85 calls) at the model's default handle time and patience, in an M/M/c+G queue (Poisson
// arrivals, exponential handling, the model's lognormal patience, FIFO) with c agents on the
// phones all hour, a 30-minute warm-up, and the model's hour-to-hour noise (lognormal sd 5%).
// For each c: the hour's SL and unanswered share over many hours, and the share of hours over
// the bound. With exponential patience the same queue is Erlang A, which the first lines check it
// against (the package's own erlangA). Seeded: the same output each run.
// Usage: node bench/hour-bound.mjs [calls-per-hour] [hours]
import { importCore } from './core-bundle.mjs';

const {
  core: { erlangA, erlangAServiceLevel, resolveOptions, RandomStream },
} = await importCore(
  "export { erlangA, erlangAServiceLevel } from './generator/simulation/erlang.js';\n" +
    "export { resolveOptions } from './generator/simulation/options.js';\n" +
    "export { RandomStream } from './generator/simulation/random.js';\n",
);

const callsPerHour = Number(process.argv[2] ?? 85);
const hours = Number(process.argv[3] ?? 40_000);
const o = resolveOptions({ agents: 25 });
const handle = o.meanHandleSeconds;
const patience = o.samplers.patience;
const THRESHOLD = 20;
const WARM_UP = 1800;
const HOUR_NOISE_SD = 0.05;

function hourOf(rng, agents, patienceDraw, noiseSd) {
  const random = () => 1 - rng.next(); // in (0, 1]: a logarithm's argument
  const level = Math.exp(noiseSd * rng.normal() - noiseSd ** 2 / 2);
  const perSecond = (callsPerHour * level) / 3600;
  const freeAt = new Array(agents).fill(0);
  let t = 0;
  let offered = 0;
  let inTime = 0;
  let lost = 0;
  for (;;) {
    t += -Math.log(random()) / perSecond;
    if (t > WARM_UP + 3600) break;
    let k = 0;
    for (let i = 1; i < agents; i++) if (freeAt[i] < freeAt[k]) k = i;
    const answerAt = Math.max(t, freeAt[k]);
    const counted = t >= WARM_UP;
    if (counted) offered++;
    if (answerAt - t > patienceDraw(rng)) {
      if (counted) lost++;
      continue;
    }
    freeAt[k] = answerAt - Math.log(random()) * handle;
    if (counted && answerAt - t <= THRESHOLD) inTime++;
  }
  return offered === 0
    ? { offered, sl: 1, unanswered: 0 }
    : { offered, sl: inTime / offered, unanswered: lost / offered };
}

/** The model's own patience draw (lognormal mean 100 s, sd 150 s, 2 s to 30 min by default). */
const modelPatience = (rng) => patience.sample(rng);
/** Exponential patience of the same mean: the queue Erlang A solves. */
const exponentialPatience = (rng) => -Math.log(1 - rng.next()) * patience.mean;

function measure(agents, patienceDraw, noiseSd, n = hours) {
  const rng = new RandomStream('hour-bound', agents, noiseSd, n);
  let offered = 0;
  let inTime = 0;
  let lost = 0;
  let over = 0;
  for (let i = 0; i < n; i++) {
    const h = hourOf(rng, agents, patienceDraw, noiseSd);
    offered += h.offered;
    inTime += h.sl * h.offered;
    lost += h.unanswered * h.offered;
    if (h.offered >= 20 && (h.sl < 0.6 || h.unanswered > 0.1)) over++;
  }
  const unanswered = lost / offered;
  return {
    sl: inTime / offered,
    unanswered,
    occupancy: (((callsPerHour * handle) / 3600) * (1 - unanswered)) / agents,
    over: over / n,
  };
}

const pct = (x, d = 1) => `${(x * 100).toFixed(d)}%`;
console.log(
  `${callsPerHour} calls an hour, handle ${handle.toFixed(0)} s (the model's mean), patience the model's (mean ${patience.mean} s); ${hours.toLocaleString('en-US')} hours each`,
);
console.log(
  '\nthe simulation against Erlang A (exponential patience of the same mean, no hour noise):',
);
for (const c of [10, 11, 12]) {
  const sim = measure(c, exponentialPatience, 0, 4000);
  const q = {
    agents: c,
    arrivalRate: callsPerHour / 3600,
    handleTime: handle,
    patience: patience.mean,
  };
  console.log(
    `  c=${c}: SL ${sim.sl.toFixed(3)} (Erlang A ${erlangAServiceLevel({ ...q, threshold: THRESHOLD }).toFixed(3)}), unanswered ${pct(sim.unanswered)} (Erlang A ${pct(erlangA(q).abandonment)})`,
  );
}
console.log("\nagents on the phones all hour, the model's lognormal patience, hour noise sd 5%:");
console.log('   c  SL20   unanswered  occupancy  hours over the bound');
for (let c = 9; c <= 15; c++) {
  const m = measure(c, modelPatience, HOUR_NOISE_SD);
  console.log(
    `  ${String(c).padStart(2)}  ${m.sl.toFixed(3)}  ${pct(m.unanswered).padStart(9)}  ${m.occupancy.toFixed(2).padStart(9)}  ${pct(m.over, 2).padStart(8)}`,
  );
}
