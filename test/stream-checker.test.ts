import KSUID from 'ksuid';
import { describe, expect, test } from 'vitest';
import { checkStream } from '../generator/analysis/stream-checker.js';
import type { ChannelNotification, Notification } from '../generator/notifications/notification.js';
import { simulate } from '../generator/simulation/simulate.js';

const ksuidTime = (id: string) => KSUID.parse(id).date.getTime();

function stream(): Notification[] {
  return [
    ...simulate({
      seed: 'checker',
      agents: 6,
      duration: '1h',
      start: '2026-01-05T10:00:00Z',
      types: ['*'],
    }),
  ];
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function rules(all: unknown[]): string[] {
  return [...new Set(checkStream(all, { ksuidTime }).violations.map((v) => v.rule))].sort();
}

function firstAgentWrap(all: Notification[]): ChannelNotification {
  return all.find((n) => n.type === 'channel.wrapstarted.v0') as ChannelNotification;
}

describe('the stream checker', () => {
  test('passes an untouched stream', () => {
    expect(rules(stream())).toEqual([]);
  });

  test('flags a wrapstarted whose timestamp differs from its disconnected', () => {
    const all = stream().map(clone);
    const w = firstAgentWrap(all);
    w.data.timestamp = new Date(Date.parse(w.data.timestamp) + 1).toISOString();
    w.time = new Date(Date.parse(w.data.timestamp) + 5000).toISOString().replace('Z', '0000Z');
    expect(rules(all)).toContain('pair');
  });

  test('flags a disconnected without its wrapstarted', () => {
    const all = stream();
    const w = firstAgentWrap(all);
    expect(
      rules(all.filter((n) => !(n.type === 'channel.wrapstarted.v0' && n.subject === w.subject))),
    ).toEqual(['pair']);
  });

  test('flags a wrap that never ends', () => {
    const all = stream();
    const w = firstAgentWrap(all);
    expect(
      rules(all.filter((n) => !(n.type === 'channel.ended.v0' && n.subject === w.subject))),
    ).toEqual(['wrap-ended']);
  });

  test('flags events out of lifecycle order', () => {
    const all = stream().map(clone);
    const alerted = all.find(
      (n) => n.type === 'channel.alerted.v0' && n.data.channel.party.role === 'agent',
    ) as ChannelNotification;
    alerted.data.timestamp = '2026-01-05T23:00:00.000Z';
    expect(rules(all)).toContain('lifecycle');
  });

  test('flags an agent on two interactions at once', () => {
    const all = stream().map(clone) as ChannelNotification[];
    const agents = all.filter(
      (n) => n.source === '/channel' && n.data.channel.party.role === 'agent',
    );
    const a = agents[0]!.data.channel.party;
    const other = agents.find((n) => n.data.channel.party.agentId !== a.agentId)!;
    for (const n of agents) {
      if (n.data.channel.party.agentId === other.data.channel.party.agentId)
        n.data.channel.party = { ...a };
    }
    expect(rules(all)).toContain('agent-overlap');
  });

  test('flags an agentId that appears with two userIds', () => {
    const all = stream().map(clone);
    const w = firstAgentWrap(all);
    w.data.channel.party.userId = '00000000-0000-4000-8000-000000000000';
    expect(rules(all)).toEqual(expect.arrayContaining(['agent-user']));
  });

  test('flags schema errors, bad ids, subjects and times, and counts exact redeliveries as duplicates', () => {
    const all = stream().map(clone);
    const [a, b, c, d, e] = all as ChannelNotification[];
    delete (a as Partial<ChannelNotification>).datacontenttype;
    b!.id = `${b!.id.slice(0, 26)}!`;
    c!.subject = '11111111-1111-4111-8111-111111111111';
    d!.time = '2020-01-01T00:00:00.0000000Z';
    const dup = clone(e!);
    const r = checkStream([...all, dup], { ksuidTime });
    expect([...new Set(r.violations.map((v) => v.rule))].sort()).toEqual([
      'id-time',
      'schema',
      'subject',
      'time-order',
    ]);
    expect(r.summary.duplicates).toBe(1);
    const changed = { ...clone(e!), time: e!.time.replace(/\d{4}Z$/, '9999Z') };
    expect(rules([...stream(), changed])).toContain('id-unique');
  });

  test('checks a stream of only the default pair for pairs without needing other types', () => {
    const pairs = [
      ...simulate({ seed: 'checker', agents: 6, duration: '1h', start: '2026-01-05T10:00:00Z' }),
    ];
    const r = checkStream(pairs, { ksuidTime });
    expect(r.violations).toEqual([]);
    expect(r.summary.pairs).toBe(pairs.filter((n) => n.type === 'channel.wrapstarted.v0').length);
  });
});
