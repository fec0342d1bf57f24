// The model's KPI bands measured as an analyst would (issue 21's "done when"): whole days and
// weeks simulated on seeds the tests never use, read back by the in-process report per hour and
// per day, with the shrinkage computed here from the presence events (time away of time logged
// in; with the plan's absences, of time scheduled).
// Usage: node bench/model-kpis.mjs [days|weeks|all] [seeds...]   (bundles the core with esbuild)

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCore } from './core-bundle.mjs';

const {
  core: { simulate, CenterReporter },
  dir,
} = await importCore(
  "export { simulate } from './generator/simulation/simulate.js';\n" +
    "export { CenterReporter } from './generator/analysis/center-report.js';\n",
);
writeFileSync(join(dir, 'done'), '');

const [what = 'all', ...seedArgs] = process.argv.slice(2);
const seeds = seedArgs.length ? seedArgs : ['k1', 'k2', 'k3'];
const pct = (x) =>
  x === null || x === undefined ? '   -  ' : `${(x * 100).toFixed(1)}%`.padStart(6);

/** A run read by the report (hourly intervals) and the shrinkage from its presence events. */
export function measure(options) {
  const run = simulate({ types: ['channel.*.v0', 'agent.presencechanged.v0'], ...options });
  const reporter = new CenterReporter({ intervalMs: 3_600_000 });
  const loggedIn = new Map(); // agentId -> { since, away }
  let onMs = 0;
  let awayMs = 0;
  const bySub = {};
  const days = new Map(); // local day -> offered
  const workdays = new Map(); // agentId -> Set(day)
  for (const n of run) {
    reporter.add(n);
    if (n.type === 'agent.presencechanged.v0') {
      const at = Date.parse(n.data.timestamp);
      const id = n.data.user.agentId;
      const cat = n.data.presence.category;
      const prev = loggedIn.get(id);
      if (prev) {
        onMs += at - prev.since;
        if (prev.away) {
          awayMs += at - prev.since;
          bySub[prev.sub] = (bySub[prev.sub] ?? 0) + at - prev.since;
        }
      }
      if (cat.type === 'loggedOut') loggedIn.delete(id);
      else {
        loggedIn.set(id, { since: at, away: cat.type === 'away', sub: cat.subcategory });
        const day = n.data.timestamp.slice(0, 10);
        if (!workdays.has(id)) workdays.set(id, new Set());
        workdays.get(id).add(day);
      }
    } else if (n.type === 'channel.connected.v0' && n.data.channel.party.role === 'external') {
      const day = n.data.timestamp.slice(0, 10);
      days.set(day, (days.get(day) ?? 0) + 0);
    }
  }
  const report = reporter.report();
  const absentMs = run.stats.absentMs ?? 0;
  return {
    report,
    stats: run.stats,
    shrinkVisible: onMs > 0 ? awayMs / onMs : null,
    shrinkTotal: onMs + absentMs > 0 ? (awayMs + absentMs) / (onMs + absentMs) : null,
    bySub: Object.fromEntries(Object.entries(bySub).map(([k, v]) => [k, v / onMs])),
    workdays,
  };
}

function dayRow(label, m) {
  const t = m.report.totals;
  const never = t.offered ? (t.offered - t.answered) / t.offered : null;
  const hours = m.report.intervals.filter((h) => h.offered >= 20);
  const worstSl = Math.min(...hours.map((h) => h.serviceLevel ?? 1));
  const worstNever = Math.max(...hours.map((h) => (h.offered - h.answered) / h.offered));
  console.log(
    `${label.padEnd(22)} ${String(t.offered).padStart(6)} ${pct(t.serviceLevel)} ${pct(never)} ${pct(t.occupancy)} ${pct(m.shrinkVisible)} ${pct(m.shrinkTotal)}  ${pct(worstSl)} ${pct(worstNever)}  ${String(Math.round(t.asa ?? 0)).padStart(3)}s`,
  );
  return {
    sl: t.serviceLevel,
    never,
    occ: t.occupancy,
    worstSl,
    worstNever,
    shrink: m.shrinkTotal,
  };
}

if (what === 'days' || what === 'all') {
  console.log(
    `${'day'.padEnd(22)} offered   SL20  never    occ shrinkV shrinkT  worstH-SL worstH-never ASA`,
  );
  for (const agents of (process.env.SIZES ?? '10,25,100,500').split(',').map(Number)) {
    for (const seed of seeds) {
      const m = measure({
        agents,
        seed,
        start: '2026-01-05T00:00:00Z',
        duration: '24h',
        ...(process.env.OPTS ? JSON.parse(process.env.OPTS) : {}),
      });
      dayRow(`${agents} agents ${seed}`, m);
      if (process.env.SUBS)
        console.log(
          '   ',
          Object.entries(m.bySub)
            .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
            .join(', '),
          'absent',
          m.stats.absences,
        );
    }
  }
}

if (what === 'weeks' || what === 'all') {
  for (const seed of seeds) {
    const run = simulate({
      agents: 50,
      seed,
      start: '2026-01-05T00:00:00Z',
      duration: '7d',
      types: ['channel.connected.v0', 'agent.presencechanged.v0'],
    });
    const perDay = new Map();
    const workdays = new Map();
    for (const n of run) {
      const day = n.data.timestamp.slice(0, 10);
      if (n.type === 'channel.connected.v0' && n.data.channel.party.role === 'external')
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (n.type === 'agent.presencechanged.v0' && n.data.presence.category.type !== 'loggedOut') {
        const id = n.data.user.agentId;
        if (!workdays.has(id)) workdays.set(id, new Set());
        workdays.get(id).add(day);
      }
    }
    const busiest = [...perDay].sort((a, b) => b[1] - a[1])[0];
    const most = Math.max(...[...workdays.values()].map((s) => s.size));
    console.log(
      `week ${seed}: calls/day ${[...perDay.values()].join(' ')}; busiest ${busiest[0]}${busiest[0] === '2026-01-05' ? ' (Monday)' : ''}; most days worked ${most}`,
    );
  }
}
