// What planning costs: each built-in scenario's first event from a cold `simulate()` (the staffing
// plan is made before it), and the whole run, in ms; one process, the core bundled with esbuild.
// Run by hand in two trees to compare them. Usage: node bench/plan-cost.mjs [scenario...]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(mkdtempSync(join(tmpdir(), 'plan-cost-')), 'core.mjs');
await build({
  stdin: {
    contents:
      "export { simulate } from './generator/simulation/simulate.js';\n" +
      "export { getScenario } from './scenarios/index.js';\n",
    resolveDir: root,
    sourcefile: 'entry.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'error',
});
const { simulate, getScenario } = await import(pathToFileURL(out).href);
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
