// The first deliver() through the mocks in a fresh process: the webhook mock checks each event
// against its schema, and the schemas compile on first use. Now one type's schema compiles on its
// first check; before, the first check compiled all 26. Both are measured side by side in fresh
// processes, alternating: "one type" is deliver() as it is, "all 26" first checks a value of each
// type (which compiles every schema: the old first check's work), inside the same timed span. Reports the median of each and ratios.
// Usage: node bench/first-deliver.bench.mjs [runs]   (npm run bench -- first-deliver)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 9);
const child = process.argv[2] === '--child' ? process.argv[3] : undefined;

if (child) {
  const { checkNotification, NOTIFICATION_TYPES } = await import('../dist/generator/index.js');
  const { mockVcc, hangUp } = await import('../dist/mocks/index.js');
  const { deliver } = await import('../dist/sender/index.js');
  const URL = 'https://hooks.example.test/vcc';
  const vcc = mockVcc({ url: URL });
  vcc.listen();
  const events = hangUp();
  const t0 = performance.now();
  if (child === 'all') for (const type of NOTIFICATION_TYPES) checkNotification({ type });
  const s = await deliver(events, { target: URL });
  const ms = performance.now() - t0;
  vcc.close();
  if (s.delivered !== 2 || vcc.inbox.count() !== 2) throw new Error('not delivered');
  process.stdout.write(`${ms}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const times = { one: [], all: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const mode of i % 2 ? ['all', 'one'] : ['one', 'all']) {
      const r = spawnSync(process.execPath, [self, '--child', mode], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      times[mode].push(Number(r.stdout.trim()));
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const range = (a) => `${Math.min(...a).toFixed(0)}-${Math.max(...a).toFixed(0)}`;
  const one = median(times.one);
  const all = median(times.all);
  console.log(
    `first deliver() of a hang-up pair through mockVcc, fresh process, ${RUNS} runs each:`,
  );
  console.log(
    `  one type compiled (now):  median ${one.toFixed(1)} ms (range ${range(times.one)})`,
  );
  console.log(
    `  all 26 compiled (before): median ${all.toFixed(1)} ms (range ${range(times.all)})`,
  );
  console.log(`  now / before: ${(one / all).toFixed(2)}`);
}
