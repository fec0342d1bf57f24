// The output samples in the docs are the current output: `report`'s table (docs/cli.md) and the
// plan line (docs/cli.md) exactly, as they are deterministic; in the samples of runs (`fire` at
// the steady scenario in docs/delivery.md, `load`'s smoke run in docs/load-testing.md) every count
// is the planner's for that scenario (timings and latencies are a run's own and stay as shown).
// When one fails, run the documented command and paste its output into the sample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { countPlanned, planLine } from '../cli/planned-events.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { getScenario } from '../scenarios/index.js';
import { ROOT, runCli } from './helpers.js';

/** The ```text block of `file` that contains `marker`. */
function sample(file: string, marker: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  for (const block of text.matchAll(/```text\n([\s\S]*?)```/g))
    if ((block[1] as string).includes(marker)) return block[1] as string;
  throw new Error(`${file} has no \`\`\`text sample containing "${marker}"`);
}

const int = (s: string) => Number(s.replaceAll(',', ''));

/** Every number in `text` matched by `re` (its first group), as numbers. */
function numbers(text: string, re: RegExp): number[] {
  return [...text.matchAll(re)].map((m) => int(m[1] as string));
}

function planned(scenario: string) {
  return countPlanned(resolveOptions(getScenario(scenario).simulation));
}

describe('docs/cli.md', () => {
  test("report's sample is what the documented command prints", async () => {
    const gen = await runCli([
      'generate',
      '--agents',
      '50',
      '--duration',
      '1d',
      '--start',
      '2026-01-05T00:00:00Z',
      '--types',
      'channel.*.v0',
      'agent.*.v0',
    ]);
    expect(gen.code).toBe(0);
    const report = await runCli(['report', '--interval', '1h'], gen.stdout);
    expect(report.code).toBe(0);
    expect(sample('docs/cli.md', 'service level')).toBe(report.stdout);
  }, 120_000);

  test('the plan line is the steady scenario at speed 600', () => {
    const counts = planned('steady');
    const line = planLine(counts.planned, counts.rate, { speed: 600 });
    expect(sample('docs/cli.md', 'plan: ')).toBe(line);
  });
});

test("docs/delivery.md: fire's steady sample counts the steady scenario's events and pairs", () => {
  const counts = planned('steady');
  const events = counts.planned;
  const pairs = counts.perType['channel.wrapstarted.v0'] ?? 0;
  const text = sample('docs/delivery.md', 'scenario steady');
  expect(numbers(text, /fired ([\d,]+) events/g)).toEqual([events]);
  expect(numbers(text, /([\d,]+) delivered/g)).toEqual([events]);
  expect(numbers(text, /\b([\d,]+) requests \(/g)).toEqual([events]);
  expect(numbers(text, /receiver: ([\d,]+) requests/g)).toEqual([events]);
  expect(numbers(text, /204 x([\d,]+)/g)).toEqual([events]);
  expect(numbers(text, /([\d,]+) hang-up pairs/g)).toEqual([pairs]);
  expect(numbers(text, /pairs: ([\d,]+) complete/g)).toEqual([pairs]);
  expect(numbers(text, /([\d,]+) pairs complete/g)).toEqual([pairs]);
});

test("docs/load-testing.md: load's smoke sample counts the smoke scenario's events by type", () => {
  const counts = planned('smoke');
  const events = counts.planned;
  const pairs = counts.perType['channel.wrapstarted.v0'] ?? 0;
  const text = sample('docs/load-testing.md', 'k6 fired');
  const perType = Object.fromEntries(
    [...text.matchAll(/^ {4}([a-z]+\.[a-z]+\.v\d) +([\d,]+) sent/gm)].map((m) => [
      m[1],
      int(m[2] as string),
    ]),
  );
  expect(perType).toEqual(
    Object.fromEntries(Object.entries(counts.perType).sort(([a], [b]) => a.localeCompare(b))),
  );
  expect(numbers(text, /k6 fired ([\d,]+) events/g)).toEqual([events]);
  expect(numbers(text, /([\d,]+) hang-up pairs together/g)).toEqual([pairs]);
  expect(numbers(text, /204 x([\d,]+)/g)).toEqual([events, events]);
  expect(numbers(text, /^ {2}([\d,]+) requests, /gm)).toEqual([events]);
  expect(numbers(text, /receiver: ([\d,]+) requests/g)).toEqual([events]);
  expect(numbers(text, /pairs: ([\d,]+) complete/g)).toEqual([pairs]);
  expect(numbers(text, /all ([\d,]+) planned events/g)).toEqual([events]);
});

test("docs/delivery.md: the redelivery sample accounts for every event of the smoke run's ledger", () => {
  // The documented first run fires the default scenario, smoke: its ledger has a line per event.
  const events = planned('smoke').planned;
  const text = sample('docs/delivery.md', 'redelivered from');
  const [fired, before] = numbers(text, /([\d,]+) (?:fired|delivered before)/g);
  expect(numbers(text, /([\d,]+) events in the ledger/g)).toEqual([events]);
  expect((fired ?? 0) + (before ?? 0)).toBe(events);
  expect(numbers(text, /fired ([\d,]+) events/g)).toEqual([fired]);
  expect(numbers(text, /: ([\d,]+) delivered,/g)).toEqual([fired]);
  expect(numbers(text, /\b([\d,]+) requests \(/g)).toEqual([fired]);
  expect(numbers(text, /204 x([\d,]+)/g)).toEqual([fired]);
});
