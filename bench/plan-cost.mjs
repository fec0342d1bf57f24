import { importCore } from './core-bundle.mjs';

const {
  core: { simulate, getScenario },
} = await importCore(
  "export { simulate } from './generator/simulation/simulate.js';\n" +
    "export { getScenario } from './scenarios/index.js';\n",
);
const names = process.argv.slice(2);
for (const name of names.length ? names : ['shift-end', 'steady', 'peak-hour']) {
  const t0 = performance.now();
  let n = 0;
  let first = 0;
  for (const _ of simulate(getScenario(name).simulation).timed()) {
    if (n === 0) first = performance.now() - t0;
    n++;
  }
  console.log(
    `${name}: first event ${Math.round(first)} ms, ${n} events in ${Math.round(performance.now() - t0)} ms`,
  );
}
