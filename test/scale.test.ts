/**
 * `--scale N`'s copies (`cli/scale.ts`): each copy a stream of its own (valid, its own ids,
 * consistent within it), every id unique across the copies, the timeline kept, the KPIs N-fold.
 */
import { describe, expect, test } from 'vitest';
import { checkScale, ScaledCopies, scaleNdjson } from '../cli/scale.js';
import { CenterReporter } from '../generator/analysis/center-report.js';
import { checkStream } from '../generator/analysis/stream-checker.js';
import type { Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';

const events = [...simulate({ agents: 10, duration: '3h', seed: 'scale', types: ['*'] })];

function ids(list: readonly Notification[]): string[] {
  const out: string[] = [];
  for (const e of list) {
    out.push(e.id);
    if (e.source === '/channel') {
      const c = e.data.channel;
      out.push(c.channelId, c.conversationId, c.interactionId);
    }
  }
  return out;
}

describe('three copies', () => {
  const copies = new ScaledCopies(3);
  const all = events.flatMap((e) => copies.of(e));
  const copy = (k: number) => all.filter((_, i) => i % 3 === k);

  test('every event three times, in time order, every event id unique', () => {
    expect(all).toHaveLength(events.length * 3);
    expect(all.map((e) => e.time)).toEqual(events.flatMap((e) => [e.time, e.time, e.time]));
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  test('each copy is a valid stream of its own ids, its KPIs the original’s', () => {
    const report = (list: readonly Notification[]) => {
      const r = new CenterReporter();
      for (const e of list) r.add(e);
      return r.report();
    };
    const original = report(events);
    const seen = new Set(ids(events));
    for (let k = 0; k < 3; k++) {
      expect(checkStream(copy(k)).violations).toEqual([]);
      expect(report(copy(k))).toEqual(original);
      const mine = new Set(ids(copy(k)));
      expect([...mine].filter((id) => seen.has(id))).toEqual([]);
      for (const id of mine) seen.add(id);
    }
  });

  test('the whole is N times the traffic on the same timeline', () => {
    const r = new CenterReporter();
    for (const e of all) r.add(e);
    const t = r.report();
    const one = new CenterReporter();
    for (const e of events) one.add(e);
    const o = one.report();
    expect(t.totals.offered).toBe(3 * (o.totals.offered as number));
    expect(t.totals.answered).toBe(3 * (o.totals.answered as number));
    expect(t.totals.aht).toBeCloseTo(o.totals.aht as number, 9);
    expect(t.notifications.total).toBe(3 * o.notifications.total);
  });

  test('agents: three times the agents, each copy its own', () => {
    const agents = (list: readonly Notification[]) =>
      new Set(
        list.flatMap((e) =>
          e.source === '/agent' ? [e.data.user.agentId] : [e.data.channel.party.agentId ?? ''],
        ),
      );
    const n = agents(events).size;
    expect(agents(all).size).toBe(3 * n - 2); // '' (no agent) is shared, once per copy
  });
});

test('NDJSON scaled as fire scales events; a bad line named; --scale checked', () => {
  const text = events
    .slice(0, 50)
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');
  const copies = new ScaledCopies(2);
  expect(scaleNdjson(text, 2, 'f')).toBe(
    events
      .slice(0, 50)
      .flatMap((e) => copies.of(e))
      .map((e) => `${JSON.stringify(e)}\n`)
      .join(''),
  );
  expect(() => scaleNdjson(`${text}{oops\n`, 2, 'f.ndjson')).toThrow(/f\.ndjson:51: not JSON/);
  // Past the longest string Node holds (here a small limit): the flag and the size, not a RangeError.
  expect(() => scaleNdjson(text, 20, 'f.ndjson', text.length * 10)).toThrow(
    /^--scale 20: f\.ndjson 20 times over is about [\d,]+ MB, more than load can hand k6 \(\d+ MB\); give fewer copies, or fire --events f\.ndjson --scale 20, which streams them\.$/,
  );
  expect(() => checkScale(0, 'f')).toThrow(/--scale 0: give a whole number of copies from 1/);
  expect(() => checkScale(2.5, 'f')).toThrow(/--scale 2.5/);
  expect(() => checkScale(2, undefined)).toThrow(/give --events FILE too/);
  expect(checkScale(undefined, undefined)).toBeUndefined();
});
