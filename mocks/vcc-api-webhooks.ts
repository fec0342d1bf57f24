/**
 * The Webhooks API mock: subscriptions (create, list, get, update, delete) and the event types
 * (with our JSON Schemas), validated and answered as VCC documents them (errors `{ message }`).
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { NOTIFICATION_TYPES } from '../generator/notifications/event-types.js';
import { encodeKsuid } from '../generator/notifications/ksuid.js';
import { allSchemas } from '../generator/notifications/schemas.js';
import { selectTypes } from '../generator/notifications/type-filter.js';
import type { RandomStream } from '../generator/simulation/random.js';
import type { Authorize } from './vcc-api-auth.js';
import { apiJson, apiProblem, readJsonObject } from './vcc-api-responses.js';

/** A webhook subscription as the Webhooks API returns it (the secret only on create). */
export interface Subscription {
  subscriptionId: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
}

/** A subscription as the mock keeps it: with its secret. */
export type StoredSubscription = Subscription & { secret: string };

/** Options of {@link webhooksApi}. */
export interface WebhooksApiOptions {
  /** The Webhooks API's URL, e.g. `https://emea.api.newvoicemedia.com/webhooks`. */
  url: string;
  /** The scope GET needs. */
  readScope: string;
  /** The scope POST, PATCH and DELETE need. */
  writeScope: string;
  /** Only accept https subscription URLs. */
  requireHttps: boolean;
  authorize: Authorize;
  /** Draws subscription ids and secrets (shared with the other APIs of the mock, in request order). */
  rng: RandomStream;
}

/** The Webhooks API's handlers and the subscriptions created through them. */
export interface WebhooksApi {
  handlers: RequestHandler[];
  subscriptions: Map<string, StoredSubscription>;
}

const EVENT_DESCRIPTIONS: Record<string, string> = {
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

const SUBSCRIPTION_FIELDS = ['name', 'url', 'events', 'enabled', 'secret'] as const;

function publicView(s: StoredSubscription): Subscription {
  return {
    subscriptionId: s.subscriptionId,
    name: s.name,
    url: s.url,
    events: s.events,
    enabled: s.enabled,
  };
}

function invalidName(
  name: unknown,
  subscriptions: Map<string, StoredSubscription>,
  selfId: string | undefined,
): string | undefined {
  if (typeof name !== 'string' || name.length < 3 || name.length > 128)
    return '"name" must be a string of 3 to 128 characters.';
  for (const s of subscriptions.values())
    if (s.subscriptionId !== selfId && s.name.toLowerCase() === name.toLowerCase())
      return `A subscription named "${name}" already exists; names are unique per account.`;
  return undefined;
}

function invalidUrl(url: unknown, requireHttps: boolean): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  const allowed = requireHttps ? ['https:'] : ['http:', 'https:'];
  if (!parsed || !allowed.includes(parsed.protocol))
    return `"url" must be a fully-qualified ${requireHttps ? 'https' : 'http or https'} URL.`;
  return undefined;
}

function invalidEvents(events: unknown): string | undefined {
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string'))
    return '"events" must be a non-empty array of event type names, e.g. ["channel.wrapstarted.v0"].';
  try {
    selectTypes(events as string[]);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/**
 * Checks the fields of a subscription to create (`selfId` undefined) or update; returns the
 * first problem's message, or `undefined` when the body is valid.
 */
function invalidSubscription(
  body: Record<string, unknown>,
  subscriptions: Map<string, StoredSubscription>,
  requireHttps: boolean,
  update?: { selfId: string },
): string | undefined {
  const { name, url, events, enabled, secret } = body;
  if (!update) {
    for (const field of ['name', 'url', 'events'])
      if (body[field] === undefined) return `"${field}" is required.`;
  }
  return (
    (name !== undefined ? invalidName(name, subscriptions, update?.selfId) : undefined) ??
    (url !== undefined ? invalidUrl(url, requireHttps) : undefined) ??
    (events !== undefined ? invalidEvents(events) : undefined) ??
    (enabled !== undefined && typeof enabled !== 'boolean'
      ? '"enabled" must be true or false.'
      : undefined) ??
    (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret))
      ? '"secret" must be a base64 string (32 bytes or more recommended).'
      : undefined)
  );
}

/** A fresh 32-byte secret, base64. */
function newSecret(rng: RandomStream): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const notFound = (id: unknown) => apiProblem(404, `No subscription "${String(id)}".`);
const NOT_AN_OBJECT = 'The request body must be a JSON object.';

/**
 * MSW handlers for the Webhooks API: `GET /event-types`, `POST/GET /subscriptions`,
 * `GET/PATCH/DELETE /subscriptions/{id}`.
 *
 * @example
 * const { handlers, subscriptions } = webhooksApi({ url, readScope, writeScope, requireHttps: false, authorize, rng });
 */
export function webhooksApi(options: WebhooksApiOptions): WebhooksApi {
  const { url, readScope, writeScope, requireHttps, authorize, rng } = options;
  const subscriptions = new Map<string, StoredSubscription>();

  const handlers: RequestHandler[] = [
    http.get(`${url}/event-types`, ({ request }) => {
      const auth = authorize(request, readScope);
      if (!auth.ok) return auth.response;
      const schemas = allSchemas();
      return apiJson({
        eventTypes: NOTIFICATION_TYPES.map((name) => ({
          name,
          description: EVENT_DESCRIPTIONS[name.split('.')[1] as string] ?? '',
          jsonSchema: schemas[name],
        })),
      });
    }),
    http.get(`${url}/subscriptions`, ({ request }) => {
      const auth = authorize(request, readScope);
      if (!auth.ok) return auth.response;
      return apiJson({ subscriptions: [...subscriptions.values()].map(publicView) });
    }),
    http.post(`${url}/subscriptions`, async ({ request }) => {
      const auth = authorize(request, writeScope);
      if (!auth.ok) return auth.response;
      const body = await readJsonObject(request);
      if (!body) return apiProblem(400, NOT_AN_OBJECT);
      const error = invalidSubscription(body, subscriptions, requireHttps);
      if (error) return apiProblem(400, error);
      const subscriptionId = encodeKsuid(
        Date.now(),
        rng.uint32(),
        rng.uint32(),
        rng.uint32(),
        rng.uint32(),
      );
      const created: StoredSubscription = {
        subscriptionId,
        name: body['name'] as string,
        url: body['url'] as string,
        events: body['events'] as string[],
        enabled: (body['enabled'] as boolean | undefined) ?? true,
        secret: (body['secret'] as string | undefined) ?? newSecret(rng),
      };
      subscriptions.set(subscriptionId, created);
      return apiJson({ ...publicView(created), secret: created.secret });
    }),
    http.get(`${url}/subscriptions/:id`, ({ request, params }) => {
      const auth = authorize(request, readScope);
      if (!auth.ok) return auth.response;
      const found = subscriptions.get(String(params['id']));
      return found ? apiJson(publicView(found)) : notFound(params['id']);
    }),
    http.patch(`${url}/subscriptions/:id`, async ({ request, params }) => {
      const auth = authorize(request, writeScope);
      if (!auth.ok) return auth.response;
      const found = subscriptions.get(String(params['id']));
      if (!found) return notFound(params['id']);
      const body = await readJsonObject(request);
      if (!body) return apiProblem(400, NOT_AN_OBJECT);
      const error = invalidSubscription(body, subscriptions, requireHttps, {
        selfId: found.subscriptionId,
      });
      if (error) return apiProblem(400, error);
      for (const field of SUBSCRIPTION_FIELDS)
        if (body[field] !== undefined)
          (found as unknown as Record<string, unknown>)[field] = body[field];
      return apiJson(publicView(found));
    }),
    http.delete(`${url}/subscriptions/:id`, ({ request, params }) => {
      const auth = authorize(request, writeScope);
      if (!auth.ok) return auth.response;
      return subscriptions.delete(String(params['id']))
        ? new HttpResponse(null, { status: 204 })
        : notFound(params['id']);
    }),
  ];
  return { handlers, subscriptions };
}
