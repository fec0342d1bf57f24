/**
 * One call to set a test file up: `mockVcc()` gives the webhook handlers and inbox, the VCC REST
 * API handlers and the one simulated world both answer from, an MSW server that fails on
 * unhandled requests under msw 2 and msw 3 alike, one `reset()` for after each test, and
 * per-test overrides that do not repeat the setup.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { http, passthrough, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import type { Notification } from '../generator/notifications/notification.js';
import type { UndefinedAllowed } from '../generator/optional.js';
import { type TimelineOptions, timeline } from './fixtures.js';
import { Inbox } from './inbox.js';
import { type SignedRequestOptions, signedRequest } from './signed-request.js';
import type { SimulatedWorld, WorldOptions } from './simulated-world.js';
import { type VccApi, type VccApiOptions, vccApi } from './vcc-api.js';
import { type VccWebhookOptions, vccWebhook } from './vcc-webhook.js';
import type { WebhookResponder } from './webhook-answer.js';

/**
 * Options of {@link mockVcc}: the webhook's, the REST APIs' and the world's in one object (each
 * optional one also takes `undefined`: not given).
 */
export type MockVccOptions = UndefinedAllowed<MockVccOptionFields>;

interface MockVccOptionFields
  extends Omit<VccWebhookOptions, 'inbox' | 'world'>,
    Omit<VccApiOptions, 'world'> {
  /**
   * What to do with a request no handler answers: `'error'` (default), `'warn'` or `'bypass'`, or a
   * function of the request that says which, e.g. to let a test's own loopback server through
   * (supertest): `(request) => new URL(request.url).hostname === '127.0.0.1' ? 'bypass' : 'error'`.
   * The function is a last handler in `handlers` (after the webhook's and the APIs'): what it lets
   * through is passed through, what it warns about is passed through with a warning, and the rest
   * is left unhandled, which fails under msw 2 and msw 3 (a WebSocket no handler answers fails).
   */
  onUnhandled?: UnhandledStrategy | ((request: Request) => UnhandledStrategy) | undefined;
}

/** What MSW does with a request no handler answers. */
export type UnhandledStrategy = 'error' | 'warn' | 'bypass';

/** A per-test change of how the webhook answers: the mock answers (`respond`) or your receiver does. */
export type WebhookOverride =
  | { respond: WebhookResponder; receiver?: never }
  | { receiver: NonNullable<VccWebhookOptions['receiver']>; respond?: never };

/**
 * The options for `server.listen()` that make an unhandled request fail (or warn), understood by
 * msw 2 (`onUnhandledRequest`) and msw 3 (`onUnhandledFrame`, which replaced it) alike.
 */
export interface UnhandledOptions {
  onUnhandledRequest: UnhandledStrategy;
  onUnhandledFrame: UnhandledStrategy;
}

/** What {@link mockVcc} returns. */
export interface MockVcc {
  /** The webhook handlers, then the REST API handlers: for your own `setupServer(...)`. */
  handlers: RequestHandler[];
  /** What arrived at the webhook: inside {@link MockVcc.boundary}, that boundary's own inbox. */
  readonly inbox: Inbox;
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
  /**
   * Wraps a test function so it gets an inbox of its own (and `use()`/`server.use()` overrides of
   * its own, by msw's `server.boundary()`): concurrent tests do not see each other's requests.
   * Inside, `vcc.inbox` is the boundary's inbox.
   *
   * @example
   * test.concurrent('a 503 is retried', vcc.boundary(async () => {
   *   vcc.use({ respond: byAttempt(503, 200) });
   *   await deliver([wrapStarted()], { target: URL, secret: SECRET });
   *   expect(vcc.inbox.requests).toHaveLength(2); // this test's requests only
   * }));
   */
  boundary<Args extends unknown[], R>(fn: (...args: Args) => R): (...args: Args) => R;
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
  // A function: what it lets through passes a last handler; the rest is unhandled, so an error.
  const strategy = typeof onUnhandled === 'string' ? onUnhandled : 'error';
  const listenOptions: UnhandledOptions = {
    onUnhandledRequest: strategy,
    onUnhandledFrame: strategy,
  };
  if (typeof onUnhandled === 'function') handlers.push(unhandledFilter(onUnhandled));
  // Inside a boundary(): that boundary's inbox.
  const scope = new AsyncLocalStorage<Inbox>();
  const currentInbox = () => scope.getStore() ?? inbox;
  let server: ReturnType<typeof setupServer> | undefined;
  const theServer = () => {
    server ??= setupServer(...handlers);
    return server;
  };
  const withOverride = (override: WebhookOverride): RequestHandler[] => {
    const { respond: _r, receiver: _s, ...base } = webhookOptions;
    return vccWebhook({ ...base, ...override, inbox: currentInbox(), world }).handlers;
  };
  const worldOptions = pickWorldOptions(apiOptions);
  return {
    handlers,
    get inbox() {
      return currentInbox();
    },
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
      currentInbox().clear();
    },
    close: () => server?.close(),
    use: (override) => theServer().use(...withOverride(override)),
    webhook: withOverride,
    boundary(fn) {
      const srv = theServer();
      return srv.boundary((...args: Parameters<typeof fn>) => {
        const own = new Inbox();
        return scope.run(own, () => {
          srv.use(...vccWebhook({ ...webhookOptions, inbox: own, world }).handlers);
          return fn(...args);
        });
      });
    },
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

/**
 * The last handler when `onUnhandled` is a function: it matches (msw's custom predicate) only
 * what the function lets through, and passes it through (with MSW's warning for `'warn'`); what
 * the function says `'error'` to matches nothing, so it is unhandled and fails under the
 * `'error'` strategy in msw 2 and msw 3 alike. (Their callback forms of `onUnhandledRequest` and
 * `onUnhandledFrame` only print: the request would still go to the network.)
 */
function unhandledFilter(decide: (request: Request) => UnhandledStrategy): RequestHandler {
  const decided = new WeakMap<Request, UnhandledStrategy>();
  const strategyOf = (request: Request): UnhandledStrategy => {
    let strategy = decided.get(request);
    if (strategy === undefined) {
      strategy = decide(request);
      if (strategy !== 'error' && strategy !== 'warn' && strategy !== 'bypass')
        throw new TypeError(
          `mockVcc: onUnhandled returned ${JSON.stringify(strategy)} for ${request.method} ${request.url}; return 'error', 'warn' or 'bypass'.`,
        );
      decided.set(request, strategy);
    }
    return strategy;
  };
  return http.all(
    ({ request }) => strategyOf(request) !== 'error',
    ({ request }) => {
      if (strategyOf(request) === 'warn')
        console.warn(
          `[MSW] Warning: intercepted a request without a matching request handler: ${request.method} ${request.url} (let through by mockVcc's onUnhandled)`,
        );
      return passthrough();
    },
  );
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
