/**
 * MSW handlers for the VCC REST APIs a receiver's codebase talks to, answered from the same
 * simulated world as the events: the Webhooks API (subscriptions and event types), the User Admin
 * user lookup, the Insights Stats interaction lookup, and the token endpoint. Bearer tokens and
 * scopes are checked as documented: no token 401, wrong scope 403.
 *
 * One module per API (`vcc-api-webhooks.ts`, `vcc-api-users.ts`, `vcc-api-insights.ts`,
 * `vcc-api-auth.ts`); `vccApi()` resolves the options and composes them.
 */

import type { RequestHandler } from 'msw';
import type { UndefinedAllowed } from '../generator/optional.js';
import { RandomStream } from '../generator/simulation/random.js';
import { type SimulatedWorld, simulatedWorld, type WorldOptions } from './simulated-world.js';
import { vccAuth } from './vcc-api-auth.js';
import { insightsApi } from './vcc-api-insights.js';
import { usersApi } from './vcc-api-users.js';
import { type Subscription, webhooksApi } from './vcc-api-webhooks.js';

export type { Subscription };

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

/** Options of {@link vccApi} (each optional one also takes `undefined`: not given). */
export type VccApiOptions = UndefinedAllowed<VccApiOptionFields>;

interface VccApiOptionFields extends WorldOptions {
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

const DEFAULT_PATHS: VccApiPaths = {
  webhooks: '/webhooks',
  users: '/useradmin/users',
  stats: '/stats',
};

const DEFAULT_SCOPES: VccApiScopes = {
  webhooksRead: 'admin:read',
  webhooksWrite: 'admin:write',
  stats: 'stats',
  users: 'users:read',
};

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
    world: givenWorld,
    region = 'emea',
    baseUrl: givenBaseUrl,
    tokenUrl: givenTokenUrl,
    paths: givenPaths,
    requiredScopes,
    tokens,
    scopes: anyTokenScopes,
    requireHttps = false,
    ...worldOptions
  } = options;
  const world = givenWorld ?? simulatedWorld(worldOptions);
  const tokenUrl = givenTokenUrl ?? `https://${region}.cc.vonage.com/Auth/connect/token`;
  const baseUrl = (givenBaseUrl ?? `https://${region}.api.newvoicemedia.com`).replace(/\/$/, '');
  const paths: VccApiPaths = { ...DEFAULT_PATHS, ...givenPaths };
  const scopes: VccApiScopes = { ...DEFAULT_SCOPES, ...requiredScopes };
  // One stream for the whole mock: ids, secrets and tokens are drawn in the order requests come.
  const rng = new RandomStream(world.options.seed, 'vcc-api');
  const { authorize, tokenHandler } = vccAuth({
    tokenUrl,
    tokens,
    defaultScopes: anyTokenScopes ?? [...new Set(Object.values(scopes))],
    rng,
  });
  const webhooks = webhooksApi({
    url: `${baseUrl}${paths.webhooks}`,
    readScope: scopes.webhooksRead,
    writeScope: scopes.webhooksWrite,
    requireHttps,
    authorize,
    rng,
  });
  const users = usersApi({
    url: `${baseUrl}${paths.users}`,
    scope: scopes.users,
    authorize,
    world,
  });
  const insights = insightsApi({
    url: `${baseUrl}${paths.stats}`,
    scope: scopes.stats,
    authorize,
    world,
  });
  return {
    handlers: [...webhooks.handlers, ...users, ...insights, tokenHandler],
    world,
    subscriptions: webhooks.subscriptions,
    baseUrl,
    paths,
  };
}
