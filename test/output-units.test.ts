// Units across the CLI's outputs (issue 24: "units mixed (ms, s, '2m') across outputs"). Text: a
// number and its unit with a space between them (`2.8 s`, `45 ms`), how long something took or
// has left through the one formatter, `humanDuration`; flag values keep the flag syntax (`2m`).
// This scans the sources for a number glued to a time unit in a template (`${x}s`), so a new
// output written the old way fails here; each place that writes one on purpose is listed, with why.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { humanDuration } from '../generator/duration.js';
import { ROOT } from './helpers.js';

/** Source folders whose code writes what users read (outputs, messages, reports). */
const SOURCES = [
  'cli',
  'check',
  'generator',
  'k6',
  'mocks',
  'receiver',
  'scenarios',
  'sender',
  'wire',
];

/** An interpolation followed at once by a time unit: `${seconds}s`, `${n.toFixed(1)}ms`. */
const GLUED = /\}(ms|s|sec|min|m|h|d)(?![\w$-])/g;

/** The places that glue a unit on purpose: the value is read back by a parser, not by people. */
const ON_PURPOSE: Record<string, string> = {
  'cli/load-plan.ts: duration: `${left}s`': "a k6 stage's duration, in k6's own syntax",
  'cli/replay-file.ts: duration: `${width}s`': "a k6 stage's duration, in k6's own syntax",
  'cli/replay-file.ts: drain) + 1)}s`': "a k6 stage's duration, in k6's own syntax",
  'k6/replay.ts: / 1000)}s`': "a k6 executor's duration, in k6's own syntax",
  'k6/replay.ts: `${count + 1}s`': "a k6 stage's duration, in k6's own syntax",
  'k6/shifted-simulation.ts: ${Math.abs(utcOffsetMs)}ms`':
    'a utcOffset option, read by parseDuration',
  'generator/fitting/scenario-mapping.ts: `${ms / HOUR}h`':
    "a fitted scenario's duration, as --duration takes it",
  'generator/fitting/scenario-mapping.ts: / MINUTE)}m`':
    "a fitted scenario's duration, as --duration takes it",
  'cli/fit-output.ts: / HOUR}h`': "a fixed-offset zone's name (UTC+2h), as --utc-offset takes it",
  'generator/simulation/roster-names.ts: toUpperCase())}s`': 'a plural (team names), not a unit',
};

function sources(): string[] {
  return SOURCES.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
      .map((f) => relative(ROOT, join(ROOT, dir, f))),
  );
}

test('no output glues a number to its time unit: a space between them, or humanDuration', () => {
  const found: string[] = [];
  const used = new Set<string>();
  for (const file of sources()) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const m of line.matchAll(GLUED)) {
        const purposes = Object.keys(ON_PURPOSE).filter(
          (k) => k.startsWith(`${file}: `) && line.includes(k.slice(file.length + 2)),
        );
        for (const p of purposes) used.add(p);
        if (purposes.length > 0) continue;
        found.push(`${file}:${i + 1}: ${line.trim()} (unit "${m[1]}")`);
      }
    });
  }
  expect(found).toEqual([]);
  // Every exception still names a place that exists: none is left behind when its code goes.
  expect(Object.keys(ON_PURPOSE).filter((k) => !used.has(k))).toEqual([]);
});

test('humanDuration: ms under a second, tenths of seconds under a minute, then two units', () => {
  expect(
    [0, 12.4, 999.4, 1000, 2830, 12_000, 59_940, 59_960, 125_000, 3_599_000].map(humanDuration),
  ).toEqual([
    '0 ms',
    '12 ms',
    '999 ms',
    '1 s',
    '2.8 s',
    '12 s',
    '59.9 s',
    '1 min',
    '2 min 5 s',
    '59 min 59 s',
  ]);
  expect(
    [3_600_000, 7_170_000, 4_800_000, 95_379_000, 86_400_000, 183_600_000].map(humanDuration),
  ).toEqual(['1 h', '1 h 59 min', '1 h 20 min', '1 d 2 h', '1 d', '2 d 3 h']);
});
