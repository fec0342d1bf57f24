// The pure parts of the k6 scripts, in Node: re-basing, hang-up pairs, thresholds, summaries.
import { expect, test } from 'vitest';
import { choosePregenerate, pregeneratedTeams } from '../cli/pregeneration.js';
import { hangUpPairKey } from '../generator/notifications/hang-up-pair.js';
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import { rebaseNotification } from '../generator/notifications/rebase.js';
import { resolveOptions, type SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import { lineType, thresholdsFor } from '../k6/load-config.js';
import { BLOCK_SENDS, BlockWriter, decodeBlock } from '../k6/pregenerated-sends.js';
import { forEachSend, fromIterator } from '../k6/send-order.js';
import { shiftedSimulation } from '../k6/shifted-simulation.js';
import { fmt, readSummary } from '../k6/summary.js';
import { TeamBlocks, teamStream } from '../k6/team-blocks.js';

test.each([
  [{ agents: 30, duration: '1d', types: ['*'], seed: 3 }, 28_123_456_789],
  [{ agents: 14, duration: '3d', types: ['*'], seed: 4, utcOffset: '-5h' }, 1_234_567],
  [
    {
      agents: 12,
      start: '2026-01-05T10:00:00Z',
      end: '2026-01-05T12:00:00Z',
      types: ['*'],
      burst: { at: '45m', within: '1m' },
    },
    99_999_999_999.4,
  ],
] as Array<[SimulationOptions, number]>)(
  'simulating the window moved later gives, byte for byte, the stream re-based notification by notification (%j, %d ms)',
  (options, offset) => {
    const rebased = [...simulate(options)].map((n) =>
      serializeNotification(rebaseNotification(n, Math.round(offset))),
    );
    const shifted = [...simulate(shiftedSimulation(options, resolveOptions(options), offset))].map(
      serializeNotification,
    );
    expect(rebased.length).toBeGreaterThan(100);
    expect(shifted).toEqual(rebased);
  },
);

test('an agent hang-up is one pair: disconnected and wrapstarted share a key, nothing else does', () => {
  const keys = new Map<string, string[]>();
  for (const n of simulate({ agents: 12, duration: '2h', types: ['*'], seed: 9 })) {
    const k = hangUpPairKey(n);
    if (k) keys.set(k, [...(keys.get(k) ?? []), n.type]);
  }
  expect(keys.size).toBeGreaterThan(10);
  for (const types of keys.values())
    expect(types.sort()).toEqual([
      expect.stringMatching(/^channel\.disconnected\./),
      expect.stringMatching(/^channel\.wrapstarted\./),
    ]);
});

test('thresholds keep the scenario’s and name a submetric per type and per status', () => {
  const t = thresholdsFor({ http_req_failed: ['rate<0.01'] }, ['channel.ended.v0']);
  expect(t['http_req_failed']).toEqual(['rate<0.01']);
  expect(t['http_reqs{type:channel.ended.v0}']).toEqual(['count>=0']);
  expect(t['http_req_failed{type:channel.ended.v0}']).toEqual(['rate>=0']);
  expect(t['http_req_duration{type:channel.ended.v0}']).toEqual(['max>=0']);
  expect(t['http_reqs{status:500}']).toEqual(['count>=0']);
  expect(t['http_reqs{pair:true}']).toEqual(['count>=0']);
});

test('a line’s type is read without parsing in our order, and by parsing otherwise', () => {
  expect(lineType('{"specversion":"1.0","type":"channel.ended.v0","id":"x"}')).toBe(
    'channel.ended.v0',
  );
  expect(lineType('{"data":{"type":"nested"},"type":"agent.presencechanged.v0"}')).toBe(
    'agent.presencechanged.v0',
  );
  expect(lineType('not json')).toBe('unknown');
});

test('summary numbers are grouped by thousands without toLocaleString (k6 has none)', () => {
  expect([0, 999, 1000, 1234567, -12345, 12.5, 1234.567].map(fmt)).toEqual([
    '0',
    '999',
    '1,000',
    '1,234,567',
    '-12,345',
    '12.5',
    '1,234.57',
  ]);
});

test('the totals come from k6’s own HTTP metrics and their tagged submetrics', () => {
  const count = (n: number) => ({ values: { count: n } });
  const totals = readSummary(
    {
      metrics: {
        http_reqs: count(10),
        http_req_failed: { values: { rate: 0.3, passes: 3, fails: 7 } },
        http_req_duration: { values: { 'p(50)': 1, 'p(95)': 2.345, 'p(99)': 3, max: 4 } },
        'http_reqs{type:channel.ended.v0}': count(6),
        'http_req_failed{type:channel.ended.v0}': { values: { rate: 0.5, passes: 3, fails: 3 } },
        'http_req_duration{type:channel.ended.v0}': { values: { 'p(95)': 2.5 } },
        'http_reqs{type:channel.held.v0}': count(0),
        'http_reqs{pair:true}': count(4),
        'http_reqs{status:204}': count(7),
        'http_reqs{status:500}': count(2),
      },
      state: { testRunDurationMs: 2000 },
    },
    ['channel.ended.v0', 'channel.held.v0'],
  );
  expect(totals).toMatchObject({
    sent: 10,
    failed: 3,
    pairs: 2,
    perType: { 'channel.ended.v0': { sent: 6, failed: 3, p95: 2.5 } },
    answers: { '204': 7, '500': 2, other: 1 },
    latency: { p50: 1, p95: 2.35, p99: 3, max: 4 },
    requests: 10,
    requestsPerSecond: 5,
  });
  expect(Object.keys(totals.perType)).toEqual(['channel.ended.v0']);
});

test.each([3, 17, 'pairs'])(
  'a team’s sends are its stream, each notification once, the two halves of a hang-up together (seed %j)',
  (seed) => {
    const options = { agents: 12, teamSize: 12, duration: '6h', types: ['*'], seed };
    const stream = [...simulate(options)].map(serializeNotification);
    const sent: string[] = [];
    const firsts: string[] = [];
    const seconds = new Set<string>();
    forEachSend(fromIterator(simulate(options).timed()), (a, b) => {
      firsts.push(serializeNotification(a.notification));
      sent.push(serializeNotification(a.notification));
      if (b) {
        expect(hangUpPairKey(b.notification)).toBe(hangUpPairKey(a.notification));
        expect(b.sendMs).toBeGreaterThanOrEqual(a.sendMs);
        seconds.add(serializeNotification(b.notification));
        sent.push(serializeNotification(b.notification));
      }
    });
    expect(seconds.size).toBeGreaterThan(10);
    expect([...sent].sort()).toEqual([...stream].sort());
    // In stream order, but for the second halves of pairs, fired with their first.
    expect(firsts).toEqual(stream.filter((x) => !seconds.has(x)));
  },
);

test.each([5, 512])(
  'a team’s blocks (pre-generation, the live feed), %i sends each, are the live loop’s sends re-based, in its order',
  (blockSends) => {
    const options: SimulationOptions = {
      agents: 12,
      teamSize: 6,
      duration: '3h',
      types: ['*'],
      seed: 'blocks',
    };
    const resolved = resolveOptions(options);
    const offset = 86_400_000 * 3 + 1234.4;
    const startMs = resolved.startMs + Math.round(offset);
    const expected: string[] = [];
    forEachSend(teamStream(options, resolved, 1, offset), (a, b) => {
      const rel = a.sendMs - startMs;
      expected.push(
        `${rel} ${b ? 2 : 1} ${a.notification.type} ${serializeNotification(a.notification)}`,
      );
      if (b)
        expected.push(`${rel} 1 ${b.notification.type} ${serializeNotification(b.notification)}`);
    });
    const got: string[] = [];
    const blocks = new TeamBlocks(options, resolved, 1, offset, blockSends);
    let count = 0;
    let short = false;
    for (let text = blocks.next(); text !== undefined; text = blocks.next()) {
      count++;
      const { relMs, kinds, typeIndex, types, bodies } = decodeBlock(text);
      // Every block but the last is full (one send over when a pair's first half ends it).
      expect(short).toBe(false);
      short = bodies.length < blockSends;
      expect(kinds.endsWith('2')).toBe(false);
      for (const [k, body] of bodies.entries())
        got.push(`${relMs[k]} ${kinds[k]} ${types[typeIndex.charCodeAt(k) - 48]} ${body}`);
    }
    expect(blocks.next()).toBeUndefined();
    expect(count).toBeGreaterThan(blockSends === 5 ? 100 : 0);
    expect(got).toEqual(expected);
  },
);

/** Every block a writer holds, the sends left as the last. */
function allBlocks(w: BlockWriter): string[] {
  const blocks: string[] = [];
  for (let b = w.take(true); b !== undefined; b = w.take(true)) blocks.push(b);
  return blocks;
}

test('blocks of pre-generated sends read back in order, a pair never split between two blocks', () => {
  const w = new BlockWriter();
  const written: Array<[number, string, string, boolean]> = [];
  for (let i = 0; i < BLOCK_SENDS * 3 + 7; i++) {
    // A pair whose first half would end a block: the block takes the second half too.
    const pairFirst = i % 7 === 3 || i === BLOCK_SENDS - 1;
    // Bodies with tabs, spaces and escapes: only a raw newline is out (JSON never has one).
    written.push([i * 10, `t.${i % 3}.v0`, `{"n":${i},"s":"a\tb c\\"}`, pairFirst]);
    if (pairFirst) written.push([i * 10, 'channel.wrapstarted.v0', `{"pair":${i}}`, false]);
  }
  for (const [ms, type, body, first] of written) w.add(ms, type, body, first);
  const blocks = allBlocks(w);
  expect(blocks.length).toBeGreaterThan(3);
  for (const b of blocks) {
    const [header, ...bodies] = b.split('\n');
    const kinds = header?.split('\t')[1] ?? '';
    expect(bodies.length).toBe(kinds.length);
    expect(bodies.length).toBeLessThanOrEqual(BLOCK_SENDS + 1);
    expect(kinds.endsWith('2')).toBe(false);
  }
  const read: Array<[number, string, string, boolean]> = [];
  for (const text of blocks) {
    const { relMs, kinds, typeIndex, types, bodies } = decodeBlock(text);
    for (let k = 0; k < bodies.length; k++) {
      const type = types[typeIndex.charCodeAt(k) - 48] as string;
      read.push([relMs[k] as number, type, bodies[k] as string, kinds[k] === '2']);
    }
  }
  expect(read).toEqual(written);
  expect(allBlocks(new BlockWriter())).toEqual([]);
});

test.each([
  // [flag, operator, planned, most held, run seconds, instances] -> pre-generates
  [undefined, false, 600, 600, 2, 1, false], // 300 events/s: simulated while firing
  [undefined, false, 600, 600, 0.012, 1, true], // 50,000 events/s
  [undefined, false, 3_000_000, 1_000_000, 60, 3, false], // fast, but too many to hold
  [undefined, false, 3_000_000, 250_000, 60, 12, true],
  [undefined, true, 600, 600, 0.012, 4, false], // never on the k6-operator by itself
  [true, false, 600, 600, 1000, 1, true],
  [false, false, 600, 600, 0.012, 1, false],
] as const)(
  '--pregenerate %s (operator %s, %d planned, %d held, %d s, %d instances): pre-generates %s',
  (flag, operator, planned, mostHeld, runSeconds, instances, expected) => {
    const c = choosePregenerate({ flag, operator, planned, mostHeld, runSeconds, instances });
    expect(c.pregenerate).toBe(expected);
    expect(c.why).toMatch(expected ? /^pre-generated/ : /^simulated while firing/);
  },
);

test('pre-generating instances share the teams out, each team once', () => {
  expect(pregeneratedTeams([0, 1, 2, 3, 4], 2)).toEqual([
    [0, 2, 4],
    [1, 3],
  ]);
  expect(pregeneratedTeams([0, 1, 2], 3)).toEqual([[0], [1], [2]]);
});
