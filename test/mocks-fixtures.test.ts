import { beforeEach, describe, expect, test } from 'vitest';
import {
  agentAt,
  CHANNEL_EVENTS,
  checkNotification,
  NOTIFICATION_TYPES,
  simulate,
} from '../generator/index.js';
import {
  alerted,
  CHANNEL_FIXTURES,
  connected,
  connectionFailed,
  createFixtures,
  disconnected,
  ended,
  FIXTURE_SEED,
  FIXTURE_TIMESTAMP,
  hangUp,
  held,
  MALFORMATIONS,
  malformed,
  mockVcc,
  notification,
  presenceChanged,
  resetFixtures,
  timeline,
  wrapStarted,
} from '../mocks/index.js';

beforeEach(() => resetFixtures());

test('every notification type has a fixture that is valid against its schema', () => {
  for (const type of NOTIFICATION_TYPES) {
    const n = notification(type);
    expect(n.type).toBe(type);
    const check = checkNotification(n);
    expect(check.ok ? [] : check.errors, type).toEqual([]);
  }
  for (const event of CHANNEL_EVENTS) {
    expect(CHANNEL_FIXTURES[event]().type).toBe(`channel.${event}.v0`);
  }
});

test('wrapStarted({ agentId }) puts that agent on the channel and keeps every other field valid', () => {
  const n = wrapStarted({ agentId: '1544' });
  expect(n.type).toBe('channel.wrapstarted.v0');
  expect(n.data.channel.party).toMatchObject({ role: 'agent', agentId: '1544' });
  expect(n.data.channel.party.userId).toMatch(/^[0-9a-f-]{36}$/);
  expect(wrapStarted({ agentId: '1544' }).data.channel.party.userId).toBe(
    n.data.channel.party.userId,
  );
  expect(n.subject).toBe(n.data.channel.channelId);
  expect(n.data.timestamp).toBe(FIXTURE_TIMESTAMP);
  expect(n.time).toBe('2026-01-05T09:00:00.5000000Z');
  expect(checkNotification(n).ok).toBe(true);
});

test('overrides set the channel, timestamps, id, version and reason', () => {
  const channelId = '6f1c2b7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
  const n = ended({
    channelId,
    timestamp: new Date('2026-03-02T10:00:00Z'),
    time: '2026-03-02T10:00:01.1234567Z',
    id: '2VejGqWZPqHXHVNcfUPUO8IASAp',
    reason: 'transferred',
    version: 'v1',
  });
  expect(n).toMatchObject({
    type: 'channel.ended.v1',
    id: '2VejGqWZPqHXHVNcfUPUO8IASAp',
    subject: channelId,
    time: '2026-03-02T10:00:01.1234567Z',
    data: { timestamp: '2026-03-02T10:00:00.000Z', reason: 'transferred' },
  });
  expect(Object.keys(n.data)).toEqual(['timestamp', 'reason', 'channel']);
  expect(Object.keys(connectionFailed().data)).toEqual(['timestamp', 'channel', 'reason']);
  expect(held({ channelId }).data.channel.interactionId).toBe(n.data.channel.interactionId);
  expect(held({ role: 'external' }).data.channel.party).toEqual({ role: 'external' });
});

test('the default agent is the first agent of the seed-1 world, so the REST mocks know it', () => {
  const first = agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, 0);
  expect(wrapStarted().data.channel.party).toEqual({
    role: 'agent',
    agentId: first.agentId,
    userId: first.userId,
  });
  const third = agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, 2);
  expect(wrapStarted({ agentId: third.agentId }).data.channel.party.userId).toBe(third.userId);
  expect(presenceChanged({ presence: 'lunch' }).data).toMatchObject({
    user: { agentId: first.agentId, userId: first.userId },
    presence: { category: { subcategory: 'lunch' } },
  });
});

test('an agent hang-up yields a disconnected and a wrapstarted with the same timestamp', () => {
  const [d, w] = hangUp({ agentId: '1544', timestamp: '2026-01-05T11:22:33.444Z' });
  expect(d.type).toBe('channel.disconnected.v0');
  expect(w.type).toBe('channel.wrapstarted.v0');
  expect(d.data.timestamp).toBe('2026-01-05T11:22:33.444Z');
  expect(w.data.timestamp).toBe(d.data.timestamp);
  expect(w.data.channel).toEqual(d.data.channel);
  expect(w.id).not.toBe(d.id);
  expect(checkNotification(d).ok && checkNotification(w).ok).toBe(true);
});

test('fixtures are reproducible after resetFixtures, and fresh between calls', () => {
  const a = [wrapStarted(), wrapStarted()];
  resetFixtures();
  const b = [wrapStarted(), wrapStarted()];
  expect(b).toEqual(a);
  expect(a[0]?.id).not.toBe(a[1]?.id);
  expect(a[0]?.subject).not.toBe(a[1]?.subject);
});

test('createFixtures() has a seed and a sequence of its own, apart from the module builders', () => {
  const before = [wrapStarted(), ...hangUp()];
  resetFixtures();
  const a = createFixtures({ seed: 42 });
  const first = [
    a.wrapStarted(),
    ...a.hangUp(),
    a.presenceChanged(),
    a.notification('channel.held.v1'),
  ];
  // The module's sequence is untouched by the factory's calls.
  expect([wrapStarted(), ...hangUp()]).toEqual(before);
  // Same seed, same sequence; another seed, other ids and channels; reset() starts again.
  expect(
    [createFixtures({ seed: '42' }).wrapStarted(), ...createFixtures({ seed: 42 }).hangUp()][0],
  ).toEqual(first[0]);
  const b = createFixtures({ seed: 43 });
  const other = b.wrapStarted();
  expect(other.id).not.toBe(first[0]?.id);
  expect(other.subject).not.toBe(first[0]?.subject);
  a.reset();
  expect(a.wrapStarted()).toEqual(first[0]);
  // Without a seed, the module's defaults: the same fixtures as a fresh module sequence.
  resetFixtures();
  expect(createFixtures().ended({ agentId: '1544' })).toEqual(ended({ agentId: '1544' }));
  // The pair keeps its rules; every fixture is valid.
  expect(first[1]?.data.timestamp).toBe(first[2]?.data.timestamp);
  for (const n of first) expect(checkNotification(n).ok, n.type).toBe(true);
  expect(() => createFixtures({ seed: '' })).toThrow(/seed is empty/);
});

test('an option given as undefined is not given: the defaults stay', () => {
  expect(timeline({ agents: undefined, duration: undefined, seed: 2 })).toEqual(
    timeline({ seed: 2 }),
  );
  resetFixtures();
  const a = wrapStarted({ agentId: undefined, timestamp: undefined });
  resetFixtures();
  expect(a).toEqual(wrapStarted());
});

test('timeline() is the seeded simulation: same options, same events', () => {
  const t = timeline({ seed: 7, agents: 3, duration: '30m' });
  expect(t.length).toBeGreaterThan(0);
  expect(t).toEqual([
    ...simulate({ seed: 7, agents: 3, duration: '30m', types: ['channel.*.v0', 'agent.*.v0'] }),
  ]);
  expect(timeline({ seed: 8, agents: 3, duration: '30m' })).not.toEqual(t);
});

test('timeline() and mockVcc().timeline() with their defaults give a real stream in every seed', () => {
  expect(mockVcc({ url: 'https://hooks.example.test/vcc' }).timeline()).toEqual(timeline());
  let withPresence = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const t = timeline({ seed });
    const types = new Set<string>(t.map((n) => n.type));
    expect(
      t.filter((n) => n.type === 'channel.wrapstarted.v0').length,
      `seed ${seed}`,
    ).toBeGreaterThanOrEqual(3);
    for (const type of ['channel.connected.v0', 'channel.ended.v0'])
      expect(types.has(type), `seed ${seed}: ${type}`).toBe(true);
    if (types.has('agent.presencechanged.v0')) withPresence++;
    expect(mockVcc({ url: 'https://hooks.example.test/vcc', seed }).timeline()).toEqual(t);
  }
  // Five agents' hour holds a presence change (a break, a shift's edge) on most seeds, not all:
  // 2-12 of them per seed, none on about one seed in twelve.
  expect(withPresence).toBeGreaterThanOrEqual(7);
});

test('malformed() builds every named malformation from a fixture, with the status a receiver answers', () => {
  for (const kind of MALFORMATIONS) {
    const m = malformed(kind);
    expect(m.kind).toBe(kind);
    expect([400, 401, 413, 415]).toContain(m.expectStatus);
  }
  const missing = malformed('missing-field', wrapStarted({ agentId: '1544' }));
  expect(JSON.parse(missing.body)).not.toHaveProperty('id');
  expect(() => malformed('nonsense' as never)).toThrow(
    /unknown malformation "nonsense"; use one of/,
  );
});

test('a bad fixture input fails with a message that says what to give', () => {
  expect(() => wrapStarted({ timestamp: 'yesterday' })).toThrow(
    /invalid timestamp "yesterday"; give ISO 8601 UTC/,
  );
  expect(() => notification('channel.wrapended.v0' as never)).toThrow(/unknown type/);
  expect(() => wrapStarted({ timestamp: Date.UTC(2026, 0, 5) + 0.5 })).toThrow(
    /invalid timestamp 1767571200000.5; give whole epoch milliseconds/,
  );
});

describe("fixtures keep VCC's rules unless asked to break them", () => {
  test.each([
    [
      'a wrap on a customer channel',
      () => wrapStarted({ role: 'external' }),
      /only agent channels enter wrap/,
    ],
    [
      'a wrap on a monitor channel',
      () => wrapStarted({ role: 'monitor' }),
      /only agent channels enter wrap/,
    ],
    ['a non-numeric agentId', () => held({ agentId: 'alice' }), /numeric string such as "1544"/],
    ['a presence of a non-numeric agentId', () => presenceChanged({ agentId: 'a1' }), /numeric/],
    ['a userId that is no GUID', () => connected({ userId: 'u-1' }), /userId is a GUID/],
    [
      'a reason on held (it would be dropped)',
      () => held({ reason: 'busy' }),
      /reason on channel\.held.*connectionfailed and ended/,
    ],
    ['an empty reason', () => ended({ reason: '' }), /non-empty/],
    [
      'an agentId on a customer party',
      () => alerted({ role: 'external', agentId: '1544' }),
      /no agentId/,
    ],
    ['a channelId that is no GUID', () => held({ channelId: 'ch-1' }), /channelId is a GUID/],
  ])('%s is a one-line error naming the rule', (_what, build, message) => {
    expect(build).toThrow(message);
    expect(build).toThrow(/malformed\(kind, base\)/);
    try {
      build();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });

  test('the rules leave the documented cases alone; time is normalised to 7 digits', () => {
    expect(disconnected({ reason: 'released' }).data.reason).toBe('released');
    expect(connectionFailed({ reason: 'busy' }).data.reason).toBe('busy');
    expect(held({ role: 'external' }).data.channel.party).toEqual({ role: 'external' });
    expect(wrapStarted({ time: '2026-01-05T09:00:01Z' }).time).toBe('2026-01-05T09:00:01.0000000Z');
    expect(wrapStarted({ time: '2026-01-05T09:00:01.5Z' }).time).toBe(
      '2026-01-05T09:00:01.5000000Z',
    );
    expect(wrapStarted({ time: '2026-01-05T09:00:01.6134321Z' }).time).toBe(
      '2026-01-05T09:00:01.6134321Z',
    );
    expect(() => wrapStarted({ time: 'yesterday' })).toThrow(/invalid time "yesterday"/);
    // A broken event is still one call away, by name.
    expect(malformed('wrong-type', wrapStarted()).expectStatus).toBe(400);
  });
});
