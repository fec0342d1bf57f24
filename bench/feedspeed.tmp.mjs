import { importCore } from './core-bundle.mjs';

const {
  core: { TeamBlocks, resolveOptions, getScenario },
} = await importCore(
  "export { TeamBlocks } from './k6/team-blocks.js';\nexport { resolveOptions } from './generator/simulation/options.js';\nexport { getScenario } from './scenarios/index.js';\n",
);
const sim = {
  ...getScenario('smoke').simulation,
  agents: 240,
  teamSize: 12,
  start: '2026-01-05T08:00:00Z',
  duration: '4h',
  types: ['*'],
  seed: 'bench',
};
const resolved = resolveOptions(sim);
let t0 = performance.now();
new TeamBlocks(sim, resolved, 0, 0).next();
console.log('first block incl. sizing', (performance.now() - t0).toFixed(0), 'ms');
for (let round = 0; round < 3; round++) {
  t0 = performance.now();
  let sends = 0,
    blocks = 0,
    bytes = 0;
  for (let team = 0; team < 20; team++) {
    const tb = new TeamBlocks(sim, resolved, team, 12345 + round);
    for (let b = tb.next(); b !== undefined; b = tb.next()) {
      blocks++;
      bytes += b.length;
      sends += b.split('\n').length - 1;
    }
  }
  const ms = performance.now() - t0;
  console.log({
    blocks,
    sends,
    MB: bytes / 1e6,
    ms: ms.toFixed(0),
    usPerNotification: ((ms * 1000) / sends).toFixed(2),
  });
}
{
  const t0 = performance.now();
  let sends = 0;
  const tbs = [...Array(20).keys()].map((team) => new TeamBlocks(sim, resolved, team, 99999));
  let live = tbs.length;
  while (live > 0) {
    live = 0;
    for (const tb of tbs) {
      const b = tb.next();
      if (b !== undefined) {
        live++;
        sends += b.split('\n').length - 1;
        const buf = Buffer.from(b);
      }
    }
  }
  const ms = performance.now() - t0;
  console.log('interleaved', {
    sends,
    ms: ms.toFixed(0),
    usPerNotification: ((ms * 1000) / sends).toFixed(2),
  });
}
