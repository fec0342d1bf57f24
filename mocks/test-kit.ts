/**
 * One call to set a test file up: `mockVcc()` gives the webhook handlers and inbox, the VCC REST
 * API handlers and the one simulated world both answer from, an MSW server that fails on
 * unhandled requests under msw 2 and msw 3 alike, one `reset()` for after each test, and
 * per-test overrides that do not repeat the setup.
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import type { Notification } from '../generator/notifications/notification.js';
import { type TimelineOptions, timeline } from './fixtures.js';
import type { Inbox } from './inbox.js';
import { type SignedRequestOptions, signedRequest } from './signed-request.js';
import type { SimulatedWorld, WorldOptions } from './simulated-world.js';
import { type VccApi, type VccApiOptions, vccApi } from './vcc-api.js';
import { type VccWebhookOptions, vccWebhook } from './vcc-webhook.js';
import type { WebhookResponder } from './webhook-answer.js';

/** Options of {@link mockVcc}: the webhook's, the REST APIs' and the world's in one object. */
export interface MockVccOptions
  extends Omit<VccWebhookOptions, 'inbox' | 'world'>,
    Omit<VccApiOptions, 'world'> {
  /** What to do with a request no handler answers: `'error'` (default), `'warn'` or `'bypass'`. */
  onUnhandled?: 'error' | 'warn' | 'bypass';
}

/** A per-test change of how the webhook answers: the mock answers (`respond`) or your receiver does. */
export type WebhookOverride =
  | { respond: WebhookResponder; receiver?: never }
  | { receiver: NonNullable<VccWebhookOptions['receiver']>; respond?: never };

/**
 * The options for `server.listen()` that make an unhandled request fail (or warn), understood by
 * msw 2 (`onUnhandledRequest`) and msw 3 (`onUnhandledFrame`, which replaced it) alike.
 */
export interface UnhandledOptions {
  onUnhandledRequest: 'error' | 'warn' | 'bypass';
  onUnhandledFrame: 'error' | 'warn' | 'bypass';
}

/** What {@link mockVcc} returns. */
export interface MockVcc {
  /** The webhook handlers, then the REST API handlers: for your own `setupServer(...)`. */
  handlers: RequestHandler[];
  inbox: Inbox;
  /** The one world: `timeline()`, the REST APIs and every notification that arrived. */
  world: SimulatedWorld;
  api: VccApi;
  url: string;
  /** The MSW server of `handlers`, made on first use (use your own with `handlers` instead). */
  readonly server: ReturnType<typeof setupServer>;
  /** For your own server: `server.listen(vcc.listenOptions)` fails on unhandled requests, msw 2 or 3. */
  listenOptions: UnhandledOptions;
  /** `server.listen(listenOptions)`: in `beforeAll`. */
  listen(): void;
  /**
   * Undoes the per-test changes: handler overrides (`use()`, `server.use()`) and the inbox.
   * Fixture ids keep counting, so a receiver that remembers ids across tests still sees new
   * events (`resetFixtures()` in `beforeEach` when you want ids that repeat run to run).
   */
  reset(): void;
  /** `server.close()`: in `afterAll`. */
  close(): void;
  /** For this test only, the webhook answers otherwise (same URL, secret and inbox). */
  use(override: WebhookOverride): void;
  /** The webhook handlers with an override, for your own `server.use(...)`. */
  webhook(override: WebhookOverride): RequestHandler[];
  /** A seeded stream of the world's own simulation (its seed, agents, duration, scenario). */
  timeline(overrides?: Partial<TimelineOptions>): Notification[];
  /** A signed request to the webhook URL with the kit's secret; the world learns its events. */
  signedRequest(
    events: Notification | readonly Notification[],
    options?: Omit<SignedRequestOptions, 'secret'> & { secret?: string },
  ): Promise<Request>;
}

const WEBHOOK_KEYS = ['url', 'secret', 'respond', 'receiver', 'maxBodyBytes'] as const;

/**
 * Mock VCC for a test file in one call: the webhook URL your code receives at, the REST APIs it
 * calls, and one simulated world behind both (every notification that arrives is added to it, so
 * a lookup of its agent or interaction succeeds).
 *
 * @example
 * const vcc = mockVcc({ url: URL, secret: SECRET, receiver: board.handle, seed: 7, agents: 3 });
 * beforeAll(() => vcc.listen());   // unhandled requests fail, msw 2 or 3
 * afterEach(() => vcc.reset());    // per-test overrides and the inbox
 * afterAll(() => vcc.close());
 *
 * test('a 503 is retried', async () => {
 *   vcc.use({ respond: byAttempt(503, 200) });
 *   await deliver(vcc.timeline(), { target: URL, secret: SECRET });
 * });
 */
export function mockVcc(options: MockVccOptions): MockVcc {
  const { onUnhandled = 'error', ...rest } = options ?? ({} as MockVccOptions);
  const webhookOptions: VccWebhookOptions = { url: rest.url };
  const apiOptions: VccApiOptions = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    if ((WEBHOOK_KEYS as readonly string[]).includes(k))
      (webhookOptions as unknown as Record<string, unknown>)[k] = v;
    else (apiOptions as Record<string, unknown>)[k] = v;
  }
  const api = vccApi(apiOptions);
  const world = api.world;
  const webhook = vccWebhook({ ...webhookOptions, world });
  const inbox = webhook.inbox;
  const handlers = [...webhook.handlers, ...api.handlers];
  const listenOptions: UnhandledOptions = {
    onUnhandledRequest: onUnhandled,
    onUnhandledFrame: onUnhandled,
  };
  let server: ReturnType<typeof setupServer> | undefined;
  const theServer = () => {
    server ??= setupServer(...handlers);
    return server;
  };
  const withOverride = (override: WebhookOverride): RequestHandler[] => {
    const { respond: _r, receiver: _s, ...base } = webhookOptions;
    return vccWebhook({ ...base, ...override, inbox, world }).handlers;
  };
  const worldOptions = pickWorldOptions(apiOptions);
  return {
    handlers,
    inbox,
    world,
    api,
    url: rest.url,
    get server() {
      return theServer();
    },
    listenOptions,
    listen: () => theServer().listen(listenOptions),
    reset() {
      server?.resetHandlers();
      inbox.clear();
    },
    close: () => server?.close(),
    use: (override) => theServer().use(...withOverride(override)),
    webhook: withOverride,
    timeline: (overrides = {}) => timeline({ ...worldOptions, ...overrides }),
    async signedRequest(events, o = {}) {
      const secret = o.secret ?? webhookOptions.secret;
      if (!secret)
        throw new TypeError('mockVcc.signedRequest: give mockVcc a secret, or { secret }.');
      world.add(...(Array.isArray(events) ? events : [events as Notification]));
      return signedRequest(events, { ...o, secret, url: rest.url });
    },
  };
}

/** The simulation options of the world (what `timeline()` must share with it). */
function pickWorldOptions(o: VccApiOptions): WorldOptions {
  const {
    region: _region,
    baseUrl: _baseUrl,
    tokenUrl: _tokenUrl,
    paths: _paths,
    requiredScopes: _requiredScopes,
    tokens: _tokens,
    scopes: _scopes,
    requireHttps: _requireHttps,
    world: _world,
    ...world
  } = o;
  return world;
}
