// fire's memory without --target (issue 24): the built-in receiver in fire's own process holds a
// bounded window of ids, so a run's memory does not grow with its events (the peak RSS itself is
// measured by `npm run bench -- fire`, part 3, not here).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ndjson, runCli, scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-fire-memory-');

test('fire without --target remembers at most 20,000 ids at its built-in receiver, and still checks every event', async () => {
  const file = join(tmp, 'two-days.ndjson');
  const text = ndjson({ agents: 100, duration: '2d', seed: 'fire-memory' });
  const events = text.split('\n').filter(Boolean).length;
  expect(events).toBeGreaterThan(20_000);
  writeFileSync(file, text);
  const r = await runCli(['fire', '--events', file, '--max', '--quiet', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.summary.delivered).toBe(events);
  expect(out.receiver).toMatchObject({ unique: events, duplicates: 0, remembered: 20_000 });
  expect(out.check).toMatchObject({ missing: 0, pairsPending: 0, ok: true });
});
