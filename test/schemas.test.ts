import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test, vi } from 'vitest';
import { NOTIFICATION_TYPES } from '../generator/notifications/event-types.js';
import type {
  ChannelData,
  ChannelInfo,
  Notification,
  Party,
  PresenceData,
} from '../generator/notifications/notification.js';
import { parseType } from '../generator/notifications/notification.js';
import {
  buildChannelNotification,
  buildPresenceNotification,
  serializeNotification,
  streamSerializer,
} from '../generator/notifications/notification-builders.js';
import { checkNotification } from '../generator/notifications/schema-validator.js';
import { schemaFor } from '../generator/notifications/schemas.js';
import { simulate } from '../generator/simulation/simulate.js';

const channel: ChannelInfo = {
  conversationId: '3e71f453-116a-3abc-7769-bc678ef6e080',
  interactionId: '1371f451-116a-4abc-8869-bc678ef67070',
  channelId: '740109c1-12d5-430f-9543-131fe5c4edcb',
  party: { role: 'agent', agentId: '1544', userId: 'ef71f453-556a-3abc-7769-bc678ef6e090' },
};

function sample(type: (typeof NOTIFICATION_TYPES)[number]): Notification {
  const p = parseType(type)!;
  if (p.entity === 'agent') {
    return buildPresenceNotification({
      version: p.version,
      id: '2VejGqWZPqHXHVNcfUPUO8IASAp',
      time: '2023-09-20T09:49:06.6134321Z',
      timestamp: '2023-09-20T09:49:05.9464952Z',
      presence: {
        presenceId: 'a1b2c3d4-1111-4222-8333-944455556666',
        category: { type: 'ready', description: 'Ready', subcategory: 'readyOutbound' },
        description: 'Ready (Outbound)',
      },
      agentId: '1',
      userId: 'ef71f453-556a-3abc-7769-bc678ef6e090',
    });
  }
  return buildChannelNotification({
    event: p.event,
    version: p.version,
    id: '2VejGqWZPqHXHVNcfUPUO8IASAp',
    time: '2022-08-30T14:34:36.6134321Z',
    timestamp: '2022-08-30T14:34:36.088Z',
    channel,
    reason: 'released',
  });
}

interface SchemaShape {
  required: string[];
  properties: Record<string, unknown> & {
    data: {
      properties: Record<string, unknown> & {
        channel: {
          properties: Record<string, unknown> & { party: { properties: Record<string, unknown> } };
        };
      };
    };
  };
}

describe('the schemas', () => {
  test('the seed document example is valid channel.wrapstarted.v0 (tabs and all)', () => {
    const seed = {
      specversion: '1.0',
      type: 'channel.wrapstarted.v0',
      id: '2VejGqWZPqHXHVNcfUPUO8IASAp',
      source: '/channel',
      subject: '740109c1-12d5-430f-9543-131fe5c4edcb',
      time: '2022-08-30T14:34:36.6134321Z',
      datacontenttype: 'application/json',
      data: { timestamp: '2022-08-30T14:34:36.088Z', channel },
    };
    expect(checkNotification(seed)).toMatchObject({ ok: true });
    expect(serializeNotification(sample('channel.wrapstarted.v0'))).toBe(JSON.stringify(seed));
  });

  test('every type has a strict draft 2020-12 schema that accepts its builder output', () => {
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
    for (const type of NOTIFICATION_TYPES) {
      const validate = ajv.compile(schemaFor(type));
      expect(validate(sample(type)), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  test('reason is placed as documented: after channel on connectionfailed, before it on ended', () => {
    expect(Object.keys(sample('channel.connectionfailed.v0').data)).toEqual([
      'timestamp',
      'channel',
      'reason',
    ]);
    expect(Object.keys(sample('channel.ended.v1').data)).toEqual([
      'timestamp',
      'reason',
      'channel',
    ]);
    expect(Object.keys(sample('channel.wrapstarted.v0').data)).toEqual(['timestamp', 'channel']);
  });

  test('broken notifications are rejected with the field named', () => {
    const base = sample('channel.wrapstarted.v0') as unknown as { data: ChannelData } & Record<
      string,
      unknown
    >;
    const cases: Array<[string, (n: typeof base) => void, RegExp]> = [
      ['missing id', (n) => delete n['id'], /"id"/],
      ['a non-KSUID id', (n) => (n['id'] = 'abc'), /id: must match/],
      ['a wrong source', (n) => (n['source'] = '/agent'), /source/],
      [
        'a number timestamp',
        (n) => ((n.data as unknown as Record<string, unknown>)['timestamp'] = 5),
        /data.timestamp: must be string/,
      ],
      ['an agent without agentId', (n) => delete n.data.channel.party.agentId, /"agentId"/],
      [
        'an unknown role',
        (n) => ((n.data.channel.party as { role: string }).role = 'robot'),
        /role/,
      ],
      [
        'an extra data field',
        (n) => ((n.data as unknown as Record<string, unknown>)['extra'] = 1),
        /"extra"/,
      ],
      ['a zone offset time', (n) => (n['time'] = '2022-08-30T14:34:36+01:00'), /time: must match/],
    ];
    for (const [name, breakIt, expected] of cases) {
      const n = JSON.parse(JSON.stringify(base));
      breakIt(n);
      const r = checkNotification(n);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.errors.join('; '), name).toMatch(expected);
    }
    expect(checkNotification({ type: 'channel.nope.v0' })).toEqual({
      ok: false,
      errors: ['unknown type "channel.nope.v0"'],
    });
    expect(checkNotification([1])).toMatchObject({ ok: false });
  });

  test('the TypeScript types and the schemas name the same fields', () => {
    const dataKeys = { timestamp: true, reason: true, channel: true } satisfies Record<
      keyof ChannelData,
      true
    >;
    const channelKeys = {
      conversationId: true,
      interactionId: true,
      channelId: true,
      party: true,
    } satisfies Record<keyof ChannelInfo, true>;
    const partyKeys = { role: true, agentId: true, userId: true } satisfies Record<
      keyof Party,
      true
    >;
    const presenceKeys = { timestamp: true, presence: true, user: true } satisfies Record<
      keyof PresenceData,
      true
    >;
    const envelope = sample('channel.ended.v0');
    const s = schemaFor('channel.ended.v0') as unknown as SchemaShape;
    expect(Object.keys(s.properties).sort()).toEqual(Object.keys(envelope).sort());
    expect(s.required.sort()).toEqual(Object.keys(envelope).sort());
    expect(Object.keys(s.properties.data.properties).sort()).toEqual(Object.keys(dataKeys).sort());
    expect(Object.keys(s.properties.data.properties.channel.properties).sort()).toEqual(
      Object.keys(channelKeys).sort(),
    );
    expect(
      Object.keys(s.properties.data.properties.channel.properties.party.properties).sort(),
    ).toEqual(Object.keys(partyKeys).sort());
    const p = schemaFor('agent.presencechanged.v0') as unknown as SchemaShape;
    expect(Object.keys(p.properties.data.properties).sort()).toEqual(
      Object.keys(presenceKeys).sort(),
    );
  });

  test('the fast serialiser writes exactly what JSON.stringify writes, for every simulated type', () => {
    const seen = new Set<string>();
    // The stream's serialiser, its channel and presence members written once, writes the same.
    const serializeStream = streamSerializer();
    for (const n of simulate({
      seed: 'ser',
      agents: 12,
      duration: '2h',
      types: ['*'],
      disconnectedReason: true,
      probabilities: { park: 0.2, monitor: 0.3 },
    })) {
      seen.add(n.type);
      const fast = serializeNotification(n);
      if (fast !== JSON.stringify(n)) throw new Error(`${n.type}: ${fast} != ${JSON.stringify(n)}`);
      if (serializeStream(n) !== fast)
        throw new Error(`${n.type}: the stream's serialiser differs`);
    }
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });
});

test('the first check compiles its own type only; compileSchemas() compiles the rest', async () => {
  // A fresh copy of the validator module: nothing compiled yet, whatever ran before in this worker.
  vi.resetModules();
  const fresh = await import('../generator/notifications/schema-validator.js');
  const compile = vi.spyOn(Ajv2020.prototype, 'compile');
  try {
    // Ten agents: under issue 21's staggered shifts two agents log in after 10:00 and a
    // two-hour day from 08:00 holds no event at all.
    const [first] = simulate({ agents: 10, duration: '2h', types: ['channel.wrapstarted.v0'] });
    expect(first?.type).toBe('channel.wrapstarted.v0');
    expect(fresh.checkNotification(first).ok).toBe(true);
    expect(compile).toHaveBeenCalledTimes(1);
    expect(fresh.checkNotification(first).ok).toBe(true);
    expect(fresh.checkNotification({ type: 'channel.nope.v0' }).ok).toBe(false);
    expect(compile).toHaveBeenCalledTimes(1);
    fresh.compileSchemas();
    expect(compile).toHaveBeenCalledTimes(NOTIFICATION_TYPES.length);
  } finally {
    compile.mockRestore();
  }
});
