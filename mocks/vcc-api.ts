/**
 * MSW handlers for the VCC REST APIs a receiver's codebase talks to, answered from the same
 * simulated world as the events: the Webhooks API (subscriptions and event types), the User Admin
 * user lookup, the Insights Stats interaction lookup, and the token endpoint. Bearer tokens and
 * scopes are checked as documented: no token 401, wrong scope 403.
 */
import { HttpResponse, http, type JsonBodyType, type RequestHandler } from 'msw';
import { NOTIFICATION_TYPES } from '../generator/event-types.js';
import { encodeKsuid } from '../generator/ksuid.js';
import { RandomStream } from '../generator/random.js';
import { allSchemas } from '../generator/schemas.js';
import { parseUtc } from '../generator/time-format.js';
import { selectTypes } from '../generator/type-filter.js';
import {
  type SimulatedWorld,
  simulatedWorld,
  type WorldInteraction,
  type WorldOptions,
  type WorldUser,
} from './simulated-world.js';

/** A VCC region: the API host is `https://{region}.api.newvoicemedia.com`. */
export type VccRegion = 'emea' | 'nam' | 'apac';

/** The API paths, relative to the API base URL. */
export interface VccApiPaths {
  /** Documented: `/webhooks` (`/subscriptions`, `/event-types` under it). */
  webhooks: string;
  /** Documented as `/useradmin/users`. */
  users: string;
  /** Insights Stats: `/stats` (`/interactions/{guid}` under it). */
  stats: string;
}

/** The scope each API needs. */
export interface VccApiScopes {
  /** GET on the Webhooks API. Documented: `admin:read`. */
  webhooksRead: string;
  /** POST/PATCH/DELETE on the Webhooks API. Documented: `admin:write`. */
  webhooksWrite: string;
  /** Insights Stats. Documented: `stats`. */
  stats: string;
  /** User Admin reads. Not documented: our choice `users:read`. */
  users: string;
}

/** Options of {@link vccApi}. */
export interface VccApiOptions extends WorldOptions {
  /** The world to answer from. Default: `simulatedWorld()` of the other options (seed, scenario, agents, …). */
  world?: SimulatedWorld;
  /** Default `emea`. */
  region?: VccRegion;
  /** API base URL. Default `https://{region}.api.newvoicemedia.com`. */
  baseUrl?: string;
  /** Token endpoint. Default `https://{region}.cc.vonage.com/Auth/connect/token`. */
  tokenUrl?: string;
  paths?: Partial<VccApiPaths>;
  requiredScopes?: Partial<VccApiScopes>;
  /**
   * Known tokens and their scopes. When given, any other bearer token is invalid (401
   * `invalid_token`). When not, any bearer token is accepted with `scopes`.
   */
  tokens?: Record<string, string[]>;
  /** Scopes of any bearer token when `tokens` is not given. Default: every scope. */
  scopes?: string[];
  /** Only accept https subscription URLs (the v1 docs and the portal require it). Default false (v0 allows http). */
  requireHttps?: boolean;
}

/** A webhook subscription as the Webhooks API returns it (the secret only on create). */
export interface Subscription {
  subscriptionId: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
}

/** What {@link vccApi} returns. */
export interface VccApi {
  handlers: RequestHandler[];
  world: SimulatedWorld;
  /** The subscriptions created through the mock, by id, with their secrets (for signing tests). */
  subscriptions: Map<string, Subscription & { secret: string }>;
  /** Base URL the handlers answer on, e.g. `https://emea.api.newvoicemedia.com`. */
  baseUrl: string;
  paths: VccApiPaths;
}

const CACHE_CONTROL = 'max-age=5, must-revalidate, private';

const DESCRIPTIONS: Record<string, string> = {
  alerted: 'A channel starts alerting (ringing).',
  connected: 'Alerting ends and the party is connected.',
  connectionfailed: 'Alerting ends without connecting (rejected, busy, no answer).',
  held: 'A connected channel is put on hold.',
  retrieved: 'A held channel returns to connected.',
  parked: 'The agent sets a connected interaction aside.',
  unparked: 'A parked channel returns to connected.',
  interrupted: 'A less urgent interaction is interrupted by a more urgent one.',
  resumed: 'An interrupted channel continues.',
  disconnected: 'The connected phase ends.',
  wrapstarted: 'An agent channel enters wrap.',
  ended: 'No further activity on the channel.',
  presencechanged: "An agent's presence changed.",
};

/** Insights Stats names of the phases (capitalised, as the Stats API writes them). */
const STATS_EVENT: Record<string, string | undefined> = {
  alerted: 'Ringing',
  connected: 'Connected',
  retrieved: 'Connected',
  unparked: 'Connected',
  resumed: 'Connected',
  held: 'Hold',
  parked: 'Parked',
  interrupted: 'Interrupted',
  connectionfailed: 'Unexpected',
  wrapstarted: 'Wrap',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ms = (iso: string) => parseUtc(iso)?.ms ?? 0;

type Auth = { ok: true } | { ok: false; response: Response };

/**
 * MSW handlers for the VCC REST APIs, answering from a simulated world: the same seed (or
 * scenario, or world) as the events, so the agent of a wrap event is found by the user lookup and
 * its interaction by the stats lookup.
 *
 * - Webhooks API: `POST/GET /webhooks/subscriptions`, `GET/PATCH/DELETE /webhooks/subscriptions/{id}`,
 *   `GET /webhooks/event-types` (our JSON Schemas); errors `{ message }` with 400/404.
 * - User Admin: `GET /useradmin/users/{userId}`, `GET /useradmin/users?agentDisplayId=…`.
 * - Insights Stats: `GET /stats/interactions/{guid}`.
 * - Token: `POST https://{region}.cc.vonage.com/Auth/connect/token` (client credentials).
 * - No bearer token: 401 `invalid_request`; unknown token (with `tokens`): 401 `invalid_token`;
 *   missing scope: 403 `insufficient_scope`.
 *
 * @example
 * const api = vccApi({ seed: 7, agents: 3, duration: '30m', scopes: ['admin:read'] });
 * server.use(...api.handlers);
 * const res = await fetch(`${api.baseUrl}/useradmin/users/${wrap.data.channel.party.userId}`, {
 *   headers: { authorization: 'Bearer test' },
 * }); // 403: the token lacks users:read
 */
export function vccApi(options: VccApiOptions = {}): VccApi {
  const {
    world: given,
    region = 'emea',
    baseUrl: baseOption,
    tokenUrl: tokenOption,
    paths: pathOptions,
    requiredScopes,
    tokens: tokenOption2,
    scopes: anyTokenScopes,
    requireHttps = false,
    ...worldOptions
  } = options;
  const world = given ?? simulatedWorld(worldOptions);
  const baseUrl = (baseOption ?? `https://${region}.api.newvoicemedia.com`).replace(/\/$/, '');
  const tokenUrl = tokenOption ?? `https://${region}.cc.vonage.com/Auth/connect/token`;
  const paths: VccApiPaths = {
    webhooks: '/webhooks',
    users: '/useradmin/users',
    stats: '/stats',
    ...pathOptions,
  };
  const scopes: VccApiScopes = {
    webhooksRead: 'admin:read',
    webhooksWrite: 'admin:write',
    stats: 'stats',
    users: 'users:read',
    ...requiredScopes,
  };
  const allScopes = [...new Set(Object.values(scopes))];
  const tokens = tokenOption2 ? new Map(Object.entries(tokenOption2)) : undefined;
  /** Tokens the token endpoint issued, with the scopes they were issued for. */
  const issued = new Map<string, string[]>();
  const rng = new RandomStream(world.options.seed, 'vcc-api');
  const subscriptions = new Map<string, Subscription & { secret: string }>();

  const authorize = (request: Request, scope: string): Auth => {
    const header = request.headers.get('authorization') ?? '';
    const m = /^bearer\s+(\S+)$/i.exec(header.trim());
    const challenge = (error: string, description: string, status: number): Auth => ({
      ok: false,
      response: HttpResponse.json(
        { error, error_description: description },
        {
          status,
          headers: {
            'www-authenticate': `Bearer error="${error}", error_description="${description}"${status === 403 ? `, scope="${scope}"` : ''}`,
          },
        },
      ),
    });
    if (!m)
      return challenge(
        'invalid_request',
        'The request has no bearer token: send "Authorization: Bearer <token>" (get one from /Auth/connect/token).',
        401,
      );
    const token = m[1] as string;
    const granted =
      issued.get(token) ?? (tokens ? tokens.get(token) : (anyTokenScopes ?? allScopes));
    if (!granted) return challenge('invalid_token', 'The access token is not valid.', 401);
    if (!granted.includes(scope))
      return challenge(
        'insufficient_scope',
        `The access token lacks the "${scope}" scope this request needs.`,
        403,
      );
    return { ok: true };
  };

  const json = (body: JsonBodyType, status = 200) =>
    HttpResponse.json(body, { status, headers: { 'cache-control': CACHE_CONTROL } });
  const problem = (status: number, message: string) => json({ message }, status);

  const readJson = async (request: Request): Promise<Record<string, unknown> | undefined> => {
    try {
      const v = (await request.json()) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };

  /** Checks subscription fields; returns an error message or undefined. */
  const invalid = (
    body: Record<string, unknown>,
    creating: boolean,
    selfId?: string,
  ): string | undefined => {
    const { name, url, events, enabled, secret } = body;
    if (creating) {
      for (const field of ['name', 'url', 'events'])
        if (body[field] === undefined) return `"${field}" is required.`;
    }
    if (name !== undefined) {
      if (typeof name !== 'string' || name.length < 3 || name.length > 128)
        return '"name" must be a string of 3 to 128 characters.';
      for (const s of subscriptions.values())
        if (s.subscriptionId !== selfId && s.name.toLowerCase() === name.toLowerCase())
          return `A subscription named "${name}" already exists; names are unique per account.`;
    }
    if (url !== undefined) {
      let u: URL | undefined;
      try {
        u = typeof url === 'string' ? new URL(url) : undefined;
      } catch {
        u = undefined;
      }
      const allowed = requireHttps ? ['https:'] : ['http:', 'https:'];
      if (!u || !allowed.includes(u.protocol))
        return `"url" must be a fully-qualified ${requireHttps ? 'https' : 'http or https'} URL.`;
    }
    if (events !== undefined) {
      if (
        !Array.isArray(events) ||
        events.length === 0 ||
        !events.every((e) => typeof e === 'string')
      )
        return '"events" must be a non-empty array of event type names, e.g. ["channel.wrapstarted.v0"].';
      try {
        selectTypes(events as string[]);
      } catch (e) {
        return (e as Error).message;
      }
    }
    if (enabled !== undefined && typeof enabled !== 'boolean')
      return '"enabled" must be true or false.';
    if (
      secret !== undefined &&
      (typeof secret !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret))
    )
      return '"secret" must be a base64 string (32 bytes or more recommended).';
    return undefined;
  };

  const publicView = (s: Subscription & { secret: string }): Subscription => ({
    subscriptionId: s.subscriptionId,
    name: s.name,
    url: s.url,
    events: s.events,
    enabled: s.enabled,
  });

  const newSecret = () => {
    const bytes = new Uint8Array(32);
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  };

  const W = `${baseUrl}${paths.webhooks}`;
  const webhooks: RequestHandler[] = [
    http.get(`${W}/event-types`, ({ request }) => {
      const a = authorize(request, scopes.webhooksRead);
      if (!a.ok) return a.response;
      const schemas = allSchemas();
      return json({
        eventTypes: NOTIFICATION_TYPES.map((name) => ({
          name,
          description: DESCRIPTIONS[name.split('.')[1] as string] ?? '',
          jsonSchema: schemas[name],
        })),
      });
    }),
    http.get(`${W}/subscriptions`, ({ request }) => {
      const a = authorize(request, scopes.webhooksRead);
      if (!a.ok) return a.response;
      return json({ subscriptions: [...subscriptions.values()].map(publicView) });
    }),
    http.post(`${W}/subscriptions`, async ({ request }) => {
      const a = authorize(request, scopes.webhooksWrite);
      if (!a.ok) return a.response;
      const body = await readJson(request);
      if (!body) return problem(400, 'The request body must be a JSON object.');
      const error = invalid(body, true);
      if (error) return problem(400, error);
      const subscriptionId = encodeKsuid(
        Date.now(),
        rng.uint32(),
        rng.uint32(),
        rng.uint32(),
        rng.uint32(),
      );
      const s = {
        subscriptionId,
        name: body['name'] as string,
        url: body['url'] as string,
        events: body['events'] as string[],
        enabled: (body['enabled'] as boolean | undefined) ?? true,
        secret: (body['secret'] as string | undefined) ?? newSecret(),
      };
      subscriptions.set(subscriptionId, s);
      return json({ ...publicView(s), secret: s.secret });
    }),
    http.get(`${W}/subscriptions/:id`, ({ request, params }) => {
      const a = authorize(request, scopes.webhooksRead);
      if (!a.ok) return a.response;
      const s = subscriptions.get(String(params['id']));
      return s ? json(publicView(s)) : problem(404, `No subscription "${String(params['id'])}".`);
    }),
    http.patch(`${W}/subscriptions/:id`, async ({ request, params }) => {
      const a = authorize(request, scopes.webhooksWrite);
      if (!a.ok) return a.response;
      const s = subscriptions.get(String(params['id']));
      if (!s) return problem(404, `No subscription "${String(params['id'])}".`);
      const body = await readJson(request);
      if (!body) return problem(400, 'The request body must be a JSON object.');
      const error = invalid(body, false, s.subscriptionId);
      if (error) return problem(400, error);
      for (const k of ['name', 'url', 'events', 'enabled', 'secret'] as const)
        if (body[k] !== undefined) (s as unknown as Record<string, unknown>)[k] = body[k];
      return json(publicView(s));
    }),
    http.delete(`${W}/subscriptions/:id`, ({ request, params }) => {
      const a = authorize(request, scopes.webhooksWrite);
      if (!a.ok) return a.response;
      return subscriptions.delete(String(params['id']))
        ? new HttpResponse(null, { status: 204 })
        : problem(404, `No subscription "${String(params['id'])}".`);
    }),
  ];

  const userView = (u: WorldUser) => ({
    userId: u.userId,
    username: u.username,
    name: u.name,
    email: u.email,
    lastLoginTime: null,
    active: true,
    locked: false,
    userAccountConfiguration: {
      role: u.role === 'supervisor' ? 'Supervisor' : 'Agent',
      actAsAgent: true,
      agentConfiguration: { agentDisplayId: u.agentId },
    },
  });

  const U = `${baseUrl}${paths.users}`;
  const users: RequestHandler[] = [
    http.get(U, ({ request }) => {
      const a = authorize(request, scopes.users);
      if (!a.ok) return a.response;
      const agentDisplayId = new URL(request.url).searchParams.get('agentDisplayId');
      const found =
        agentDisplayId === null
          ? world.allUsers()
          : [world.userByAgentId(agentDisplayId)].filter((u): u is WorldUser => !!u);
      return json({ items: found.map(userView), totalCount: found.length });
    }),
    http.get(`${U}/:userId`, ({ request, params }) => {
      const a = authorize(request, scopes.users);
      if (!a.ok) return a.response;
      const u = world.user(String(params['userId']));
      return u ? json(userView(u)) : problem(404, `No user "${String(params['userId'])}".`);
    }),
  ];

  const S = `${baseUrl}${paths.stats}`;
  const stats: RequestHandler[] = [
    http.get(`${S}/interactions/:guid`, ({ request, params }) => {
      const a = authorize(request, scopes.stats);
      if (!a.ok) return a.response;
      const i = world.interaction(String(params['guid']));
      return i
        ? HttpResponse.json(statsInteraction(i))
        : HttpResponse.json(
            { message: `No interaction "${String(params['guid'])}".` },
            { status: 404 },
          );
    }),
  ];

  const token = http.post(tokenUrl, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials')
      return HttpResponse.json(
        {
          error: 'unsupported_grant_type',
          error_description: 'Use grant_type=client_credentials.',
        },
        { status: 400 },
      );
    const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const granted = asked.length > 0 ? asked : (anyTokenScopes ?? allScopes);
    const accessToken = `mock-${rng.uuid()}`;
    issued.set(accessToken, granted);
    return HttpResponse.json({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 7200,
      scope: granted.join(' '),
    });
  });

  return {
    handlers: [...webhooks, ...users, ...stats, token],
    world,
    subscriptions,
    baseUrl,
    paths,
  };
}

/** An interaction in the Insights Stats shape, built from its channels' notifications. */
function statsInteraction(i: WorldInteraction) {
  const channels = [...i.channels.values()];
  const times = channels.flatMap((c) => c.events.map((e) => ms(e.timestamp)));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const ended = channels.every((c) => c.events.some((e) => e.event === 'ended'));
  return {
    guid: i.interactionId,
    conversationGuid: i.conversationId,
    medium: 'Phone',
    direction: 'Inbound',
    status: ended ? 'Completed' : 'InProgress',
    start: new Date(start).toISOString(),
    duration: ended ? end - start : null,
    channels: channels
      .map((c) => {
        const first = ms(c.events[0]?.timestamp ?? '');
        const last = ms(c.events[c.events.length - 1]?.timestamp ?? '');
        const endedEvent = c.events.find(
          (e) => e.event === 'ended' || e.event === 'connectionfailed',
        );
        const segments = c.events
          .filter((e) => STATS_EVENT[e.event] !== undefined)
          .map((e, k, all) => {
            const at = ms(e.timestamp);
            const next = all[k + 1];
            const until = next ? ms(next.timestamp) : (endOf(c.events, e.timestamp) ?? last);
            return { type: STATS_EVENT[e.event], offset: at - start, duration: until - at };
          });
        return {
          guid: c.channelId,
          offset: first - start,
          duration: last - first,
          endReason: endedEvent?.reason ? capitalise(endedEvent.reason) : null,
          party: {
            id: c.party.agentId ?? null,
            userId: c.party.userId ?? null,
            role: capitalise(c.party.role),
          },
          events: segments,
        };
      })
      .sort((a, b) => a.offset - b.offset),
  };
}

/** When the phase that began at `from` ended: the next disconnected/ended after it. */
function endOf(
  events: Array<{ event: string; timestamp: string }>,
  from: string,
): number | undefined {
  const t = ms(from);
  const e = events.find(
    (x) =>
      ms(x.timestamp) >= t &&
      (x.event === 'disconnected' || x.event === 'ended') &&
      x.timestamp !== from,
  );
  return e ? ms(e.timestamp) : undefined;
}
