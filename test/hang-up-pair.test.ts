import { expect, test } from 'vitest';
import {
  HangUpPairs,
  hangUpHalf,
  hangUpPairKey,
  hangUpPairVerdict,
} from '../generator/notifications/hang-up-pair.js';
import type { ChannelNotification, Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';

const events: Notification[] = [
  ...simulate({ agents: 6, duration: '2h', seed: 'hang-up-pair', types: ['channel.*'] }),
];
const halves = events.filter((n) => hangUpHalf(n) !== undefined) as ChannelNotification[];

test('every agent hang-up of a simulated day is two notifications with one pair key', () => {
  expect(halves.length).toBeGreaterThan(10);
  const byKey = new Map<string, string[]>();
  for (const n of halves) {
    const key = hangUpPairKey(n) as string;
    byKey.set(key, [...(byKey.get(key) ?? []), hangUpHalf(n) as string]);
  }
  for (const [key, list] of byKey)
    expect([key, list.sort()]).toEqual([key, ['disconnected', 'wrapstarted']]);
});

test('a customer channel disconnecting, or any other notification, has no pair key', () => {
  const customer = events.find(
    (n) => n.type === 'channel.disconnected.v0' && n.data.channel.party.role !== 'agent',
  );
  expect(customer).toBeDefined();
  expect(hangUpPairKey(customer as Notification)).toBeUndefined();
  expect(
    events.filter((n) => !n.type.match(/disconnected|wrapstarted/)).map(hangUpPairKey),
  ).toEqual(events.filter((n) => !n.type.match(/disconnected|wrapstarted/)).map(() => undefined));
});

test('an event without data (a hand-made file) is no half of a hang-up', () => {
  const bare = { source: '/channel', type: 'channel.disconnected.v0' } as unknown as Notification;
  expect(hangUpHalf(bare)).toBeUndefined();
  expect(hangUpPairKey(bare)).toBeUndefined();
});

test('the verdict names the missing half, or whether the two are one instant', () => {
  expect(hangUpPairVerdict(undefined, undefined)).toBeUndefined();
  expect(hangUpPairVerdict(5, undefined)).toBe('no-wrapstarted');
  expect(hangUpPairVerdict(undefined, 5)).toBe('no-disconnected');
  expect(hangUpPairVerdict(5, 6)).toBe('timestamps-differ');
  expect(hangUpPairVerdict('2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z')).toBe(
    'complete',
  );
});

test('pairs match in either arrival order, and a pair whose timestamps differ is told apart', () => {
  const d = halves.find((n) => hangUpHalf(n) === 'disconnected') as ChannelNotification;
  const w = halves.find(
    (n) => hangUpHalf(n) === 'wrapstarted' && hangUpPairKey(n) === hangUpPairKey(d),
  ) as ChannelNotification;
  const pairs = new HangUpPairs();
  expect(pairs.add(w)).toBe('pending');
  expect(pairs.pending).toBe(1);
  expect(pairs.add(d)).toBe('complete');
  expect(pairs.pending).toBe(0);
  const late = { ...w, data: { ...w.data, timestamp: '2099-01-01T00:00:00.000Z' } } as Notification;
  expect(pairs.add(d)).toBe('pending');
  expect(pairs.add(late)).toBe('timestamps-differ');
  const alerted = events.find((n) => n.type === 'channel.alerted.v0') as Notification;
  expect(pairs.add(alerted)).toBeUndefined();
});
