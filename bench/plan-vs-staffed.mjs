// A simulated day read per interval against its staffing plan: offered, service level,
// never answered, the agents the plan required on the phones, those staffed (Ready), logged in
// and busy, occupancy, the mean queue, and the agents away per presence subcategory (mean agents
// in each over the interval). For finding why an hour misses issue 21's bounds: compare
// `required` with `staffed` and see who was away.
// Usage: node bench/plan-vs-staffed.mjs AGENTS SEED [FROM-HH] [TO-HH] [MINUTES]
//   e.g. node bench/plan-vs-staffed.mjs 25 m2 09 12 15   (OPTS='{"...":...}' adds simulate options)

import { importCore } from './core-bundle.mjs';

const {
  core: { simulate, CenterReporter },
} = await importCore(
  "export { simulate } from './generator/simulation/simulate.js';\n" +
    "export { CenterReporter } from './generator/analysis/center-report.js';\n",
);

const [agents = '25', seed = 'm1', from = '00', to = '24', minutes = '15'] = process.argv.slice(2);
const run = simulate({
  agents: Number(agents),
  seed,
  start: '2026-01-05T00:00:00Z',
  duration: '24h',
  types: ['channel.*.v0', 'agent.presencechanged.v0'],
  ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}),
});
const notes = [...run];
const slotMs = Number(minutes) * 60_000;

/** Mean agents away per interval and subcategory, from the presence events. */
const away = new Map();
const addAway = (sub, a, b) => {
  for (let t = a; t < b; ) {
    const k = Math.floor(t / slotMs);
    const e = Math.min(b, (k + 1) * slotMs);
    const m = away.get(k) ?? {};
    m[sub] = (m[sub] ?? 0) + (e - t) / slotMs;
    away.set(k, m);
    t = e;
  }
};
const current = new Map();
for (const n of notes) {
  if (n.type !== 'agent.presencechanged.v0') continue;
  const at = Date.parse(n.data.timestamp);
  const id = n.data.user.agentId;
  const prev = current.get(id);
  if (prev?.sub) addAway(prev.sub, prev.at, at);
  const c = n.data.presence.category;
  current.set(id, { at, sub: c.type === 'away' ? c.subcategory : null });
}

const reporter = new CenterReporter({ intervalMs: slotMs, plan: run.required });
for (const n of notes) reporter.add(n);
const report = reporter.report();
const f = (x, d = 1) => (x == null ? '-' : x.toFixed(d)).padStart(6);
console.log('start  offered     SL  never    req staffed loggedIn busy  occ  queue  away');
for (const h of report.intervals) {
  const hh = h.localStart.slice(11, 16);
  if (!h.offered || hh < from.padStart(2, '0') || hh >= to.padStart(2, '0')) continue;
  const subs = Object.entries(away.get(Math.floor(Date.parse(h.start) / slotMs)) ?? {})
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
  const never = ((h.offered - h.answered) / h.offered) * 100;
  console.log(
    `${hh} ${String(h.offered).padStart(6)} ${f(h.serviceLevel, 2)} ${f(never)}% ${f(h.required)} ${f(h.staffed)} ${f(h.loggedIn)} ${f(h.busy)} ${f(h.occupancy, 2)} ${f(h.queue)}  ${subs}`,
  );
}
const t = report.totals;
const never = ((t.offered - t.answered) / t.offered) * 100;
console.log(`day    ${String(t.offered).padStart(6)} ${f(t.serviceLevel, 2)} ${f(never)}%`);
