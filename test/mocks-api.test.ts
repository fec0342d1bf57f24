import { expect, test } from 'vitest';
import { allSchemas, NOTIFICATION_TYPES } from '../generator/index.js';
import {
  hangUp,
  simulatedWorld,
  timeline,
  vccApi,
  vccWebhook,
  wrapStarted,
} from '../mocks/index.js';
import { deliver } from '../sender/index.js';
import { useMswServer } from './support/msw.js';

const API = 'https://emea.api.newvoicemedia.com';
const server = useMswServer();

const auth = (token = 'test-token') => ({ authorization: `Bearer ${token}` });

async function call(
  path: string,
  init: { method?: string; token?: string | null; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.newvoicemedia.v1+json',
    'content-type': 'application/json',
    ...(init.token === null ? {} : auth(init.token)),
  };
  const res = await fetch(`${API}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

test('the agent of a wrap event is found by the user lookup, with the same agentDisplayId', async () => {
  const options = { seed: 7, agents: 3, duration: '30m' };
  server.use(...vccApi(options).handlers);
  const wraps = timeline(options).filter((n) => n.type === 'channel.wrapstarted.v0');
  expect(wraps.length).toBeGreaterThan(0);
  for (const w of wraps) {
    if (w.source !== '/channel') continue;
    const { userId, agentId } = w.data.channel.party;
    const r = await call(`/useradmin/users/${userId}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      userId,
      userAccountConfiguration: { agentConfiguration: { agentDisplayId: agentId } },
    });
    const byAgent = await call(`/useradmin/users?agentDisplayId=${agentId}`);
    expect((byAgent.body['items'] as Array<{ userId: string }>)[0]?.userId).toBe(userId);
  }
});

test('the events of a fired scenario name interactions and channels the stats lookup knows', async () => {
  const hook = vccWebhook({ url: 'https://hooks.example.test/vcc' });
  server.use(...hook.handlers, ...vccApi({ scenario: 'smoke' }).handlers);
  await deliver(timeline({ scenario: 'smoke' }), { target: 'https://hooks.example.test/vcc' });
  const wrap = hook.inbox.ofType('channel.wrapstarted.v0')[0];
  expect(wrap).toBeDefined();
  const { interactionId, channelId, party } = wrap!.data.channel;
  const r = await call(`/stats/interactions/${interactionId}`, {});
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    guid: interactionId,
    conversationGuid: wrap!.data.channel.conversationId,
  });
  const channels = r.body['channels'] as Array<{
    guid: string;
    party: { id: string | null; role: string };
    events: Array<{ type: string; offset: number; duration: number }>;
  }>;
  const mine = channels.find((c) => c.guid === channelId);
  expect(mine?.party).toMatchObject({ id: party.agentId, role: 'Agent' });
  expect(mine?.events.map((e) => e.type)).toContain('Wrap');
  const wrapSegment = mine?.events.find((e) => e.type === 'Wrap');
  expect(wrapSegment?.offset).toBe(
    Date.parse(wrap!.data.timestamp) - Date.parse(r.body['start'] as string),
  );
  expect((await call('/stats/interactions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
});

test('no bearer token is 401 invalid_request; a token without the scope is 403 insufficient_scope', async () => {
  server.use(...vccApi({ scopes: ['admin:read'] }).handlers);
  const none = await call('/webhooks/subscriptions', { token: null });
  expect(none.status).toBe(401);
  expect(none.body).toMatchObject({ error: 'invalid_request' });
  expect(none.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
  expect((await call('/webhooks/subscriptions')).status).toBe(200);
  const write = await call('/webhooks/subscriptions', {
    method: 'POST',
    body: { name: 'mine', url: 'https://x.test/h', events: ['channel.*'] },
  });
  expect(write.status).toBe(403);
  expect(write.body).toMatchObject({ error: 'insufficient_scope' });
  expect((await call(`/stats/interactions/x`)).status).toBe(403);
  expect((await call(`/useradmin/users/x`)).status).toBe(403);
});

test('with known tokens, an unknown token is 401 invalid_token; issued tokens carry their scopes', async () => {
  server.use(...vccApi({ tokens: { reader: ['admin:read'] } }).handlers);
  expect((await call('/webhooks/event-types', { token: 'reader' })).status).toBe(200);
  const bad = await call('/webhooks/event-types', { token: 'stolen' });
  expect(bad.status).toBe(401);
  expect(bad.body).toMatchObject({ error: 'invalid_token' });
  const res = await fetch('https://emea.cc.vonage.com/Auth/connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=stats',
  });
  const token = (await res.json()) as {
    access_token: string;
    token_type: string;
    expires_in: number;
  };
  expect(token).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
  expect((await call('/stats/interactions/x', { token: token.access_token })).status).toBe(404);
  expect((await call('/webhooks/event-types', { token: token.access_token })).status).toBe(403);
});

test('a token from the token endpoint has only the scopes it asked for', async () => {
  server.use(...vccApi().handlers);
  const res = await fetch('https://emea.cc.vonage.com/Auth/connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=admin:read',
  });
  const { access_token: token, scope } = (await res.json()) as {
    access_token: string;
    scope: string;
  };
  expect(scope).toBe('admin:read');
  expect((await call('/webhooks/subscriptions', { token })).status).toBe(200);
  expect((await call('/stats/interactions/x', { token })).status).toBe(403);
  const wrongGrant = await fetch('https://emea.cc.vonage.com/Auth/connect/token', {
    method: 'POST',
    body: 'grant_type=password',
  });
  expect(wrongGrant.status).toBe(400);
});

test('event-types serves every type with its JSON Schema', async () => {
  server.use(...vccApi().handlers);
  const r = await call('/webhooks/event-types');
  const types = r.body['eventTypes'] as Array<{
    name: string;
    description: string;
    jsonSchema: unknown;
  }>;
  expect(types.map((t) => t.name)).toEqual([...NOTIFICATION_TYPES]);
  const schemas = allSchemas();
  for (const t of types) {
    expect(t.jsonSchema).toEqual(schemas[t.name as keyof typeof schemas]);
    expect(t.description).not.toBe('');
  }
  expect(r.headers.get('cache-control')).toBe('max-age=5, must-revalidate, private');
});

test('subscriptions: create returns the secret once; list, get, update and delete; documented errors', async () => {
  const api = vccApi();
  server.use(...api.handlers);
  const created = await call('/webhooks/subscriptions', {
    method: 'POST',
    body: {
      name: 'wrap-feed',
      url: 'https://hooks.example.test/vcc',
      events: ['channel.wrapstarted.v0'],
    },
  });
  expect(created.status).toBe(200);
  const id = created.body['subscriptionId'] as string;
  expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
  expect(created.body).toMatchObject({ name: 'wrap-feed', enabled: true });
  expect(atob(created.body['secret'] as string)).toHaveLength(32);
  expect(api.subscriptions.get(id)?.secret).toBe(created.body['secret']);

  const list = await call('/webhooks/subscriptions');
  expect(list.body).toEqual({
    subscriptions: [
      {
        subscriptionId: id,
        name: 'wrap-feed',
        url: 'https://hooks.example.test/vcc',
        events: ['channel.wrapstarted.v0'],
        enabled: true,
      },
    ],
  });
  expect((await call(`/webhooks/subscriptions/${id}`)).body).not.toHaveProperty('secret');

  const patched = await call(`/webhooks/subscriptions/${id}`, {
    method: 'PATCH',
    body: { enabled: false, events: ['channel.*.v0'] },
  });
  expect(patched.body).toMatchObject({
    name: 'wrap-feed',
    enabled: false,
    events: ['channel.*.v0'],
  });

  const dup = await call('/webhooks/subscriptions', {
    method: 'POST',
    body: { name: 'WRAP-feed', url: 'https://a.test/', events: ['channel.*'] },
  });
  expect(dup.status).toBe(400);
  expect(dup.body['message']).toMatch(/already exists/);
  const badType = await call('/webhooks/subscriptions', {
    method: 'POST',
    body: { name: 'typo', url: 'https://a.test/', events: ['channel.wrapstart.v0'] },
  });
  expect(badType.status).toBe(400);
  expect(badType.body['message']).toMatch(/did you mean "channel.wrapstarted.v0"/);
  for (const body of [
    { url: 'https://a.test/', events: ['channel.*'] },
    { name: 'ok-name', url: 'not a url', events: ['channel.*'] },
    { name: 'ok-name', url: 'https://a.test/', events: [] },
    { name: 'ok-name', url: 'https://a.test/', events: ['channel.*'], secret: 'not base64!' },
  ])
    expect((await call('/webhooks/subscriptions', { method: 'POST', body })).status).toBe(400);
  expect((await call('/webhooks/subscriptions/nope')).status).toBe(404);
  expect((await call('/webhooks/subscriptions/nope', { method: 'PATCH', body: {} })).status).toBe(
    404,
  );
  expect((await call(`/webhooks/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await call(`/webhooks/subscriptions/${id}`)).status).toBe(404);
});

test('requireHttps refuses http subscription URLs; region and paths are options', async () => {
  const api = vccApi({
    region: 'nam',
    requireHttps: true,
    paths: { users: '/useradmin/v4/users' },
  });
  expect(api.baseUrl).toBe('https://nam.api.newvoicemedia.com');
  server.use(...api.handlers);
  const res = await fetch(`${api.baseUrl}/webhooks/subscriptions`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'plain', url: 'http://a.test/', events: ['channel.*'] }),
  });
  expect(res.status).toBe(400);
  const user = simulatedWorld().allUsers()[0]!;
  const u = await fetch(`${api.baseUrl}/useradmin/v4/users/${user.userId}`, { headers: auth() });
  expect(u.status).toBe(200);
});

test('fixtures added to the world are found too; the default fixture agent needs no adding', async () => {
  const [d] = hangUp({ agentId: '1544' });
  const world = simulatedWorld().add(d);
  server.use(...vccApi({ world }).handlers);
  const added = await call(`/useradmin/users/${d.data.channel.party.userId}`);
  expect(added.body).toMatchObject({
    userAccountConfiguration: { agentConfiguration: { agentDisplayId: '1544' } },
  });
  const stats = await call(`/stats/interactions/${d.data.channel.interactionId}`);
  expect(stats.status).toBe(200);
  const w = wrapStarted();
  const found = await call(`/useradmin/users/${w.data.channel.party.userId}`);
  expect(found.status).toBe(200);
});

test('the Stats interactions list: by window and include, every item also found by its guid', async () => {
  const options = { seed: 5, agents: 3, duration: '1h' };
  server.use(...vccApi(options).handlers);
  const events = timeline(options);
  const starts = new Map<string, number>();
  for (const n of events) {
    if (n.source !== '/channel') continue;
    const t = Date.parse(n.data.timestamp);
    const id = n.data.channel.interactionId;
    starts.set(id, Math.min(starts.get(id) ?? t, t));
  }
  const first = Math.min(...starts.values());
  const half = new Date(first + 30 * 60_000).toISOString();
  const day = (ms: number) => new Date(ms).toISOString();
  const list = async (query: string) => call(`/stats/interactions?${query}`);

  const all = await list(`start=${day(first - 3600_000)}&end=${day(first + 86_400_000)}`);
  expect(all.status).toBe(200);
  const items = all.body['items'] as Array<{
    guid: string;
    start: string;
    duration: number | null;
  }>;
  expect(new Set(items.map((i) => i.guid))).toEqual(new Set(starts.keys()));
  expect(all.body['upTo']).toBe(day(first + 86_400_000));

  const early = (await list(`start=${day(first)}&end=${half}`)).body['items'] as typeof items;
  const expected = [...starts].filter(([, t]) => t < Date.parse(half)).map(([id]) => id);
  expect(early.map((i) => i.guid).sort()).toEqual(expected.sort());
  const either = (await list(`start=${day(first)}&end=${half}&include=StartedOrEnded`)).body[
    'items'
  ] as typeof items;
  expect(either.length).toBeGreaterThanOrEqual(early.length);
  const processed = (await list(`start=${day(first)}&end=${half}&include=Processed`)).body[
    'items'
  ] as typeof items;
  for (const i of processed)
    expect(Date.parse(i.start) + (i.duration ?? 0)).toBeLessThan(Date.parse(half));
  const one = items[0] as (typeof items)[number];
  expect((await call(`/stats/interactions/${one.guid}`)).body).toEqual(one);

  const month = 32 * 86_400_000;
  for (const [query, message] of [
    ['end=2026-01-05T00:00:00Z', /start and end are required/],
    [`start=${day(first)}&end=${day(first + month)}`, /at most 31 days/],
    [`start=${day(first)}&end=${day(first)}`, /end must be after start/],
    [`start=${day(first)}&end=${half}&include=Everything`, /include is one of/],
  ] as const) {
    const r = await list(query);
    expect([r.status, r.body['message']]).toEqual([400, expect.stringMatching(message)]);
  }
  expect(
    (await call(`/stats/interactions?start=${day(first)}&end=${half}`, { token: null })).status,
  ).toBe(401);
});
