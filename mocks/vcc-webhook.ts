/**
 * The mocked webhook receiver: MSW request handlers for a receiver URL that read CloudEvents the
 * way a correct VCC receiver does (structured, binary or batch; signature; schemas; size) and
 * record what arrived into an {@link Inbox}.
 */

import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import type { Notification } from '../generator/notifications/notification.js';
import { checkNotification } from '../generator/notifications/schema-validator.js';
import type { UndefinedAllowed } from '../generator/optional.js';
import { type ContentMode, readCloudEventsRequest } from '../wire/cloudevents.js';
import { SIGNATURE_HEADER, secretKey, verifySignature } from '../wire/signature.js';
import { Inbox, type RecordedRequest } from './inbox.js';
import type { SimulatedWorld } from './simulated-world.js';
import { resolveAnswer, type WebhookResponder } from './webhook-answer.js';

/** Options of {@link vccWebhook} (each optional one also takes `undefined`: not given). */
export type VccWebhookOptions = UndefinedAllowed<VccWebhookOptionFields>;

interface VccWebhookOptionFields {
  /** The receiver URL the code under test posts to (an MSW path: `*` and `:params` work). */
  url: string;
  /** Base64 subscription secret: verify `Vonage-Signature` (bare JWT or `Bearer <JWT>`); 401 when it fails. */
  secret?: string;
  /**
   * How accepted requests are answered: a status, `'network-error'`, `{ status, delayMs }`, or a
   * function of the request and attempt number (see `byAttempt`, `inTurn`). Default 200.
   * Requests that fail the checks are answered 400/401/413/415 whatever this says.
   */
  respond?: WebhookResponder;
  /** Largest body accepted, bytes (413 above). Default 1 MiB, as the built-in receiver. */
  maxBodyBytes?: number;
  /**
   * The receiver under test, as a fetch-style function: every request is recorded and then handed
   * to it, and its answer is what the sender gets (so the sender retries on its 5xx). The mock's
   * own checks still run and are kept in the record (`rejection`), but do not answer. Not
   * together with `respond`.
   */
  receiver?: (request: Request) => Response | Promise<Response>;
  /** Record into this inbox instead of a new one (several URLs, one inbox). */
  inbox?: Inbox;
  /**
   * Add every valid notification that arrives to this world before the receiver sees it, so the
   * REST mocks answering from it know the event's agent and interaction (`mockVcc()` does this).
   */
  world?: SimulatedWorld;
}

/** What {@link vccWebhook} returns. */
export interface VccWebhook {
  /** Give these to `setupServer(...handlers)` or `server.use(...handlers)`. */
  handlers: RequestHandler[];
  inbox: Inbox;
}

interface Rejection {
  status: number;
  reason: string;
  detail: string[];
}

interface Parsed {
  mode: ContentMode | 'unknown';
  /** Raw events as parsed (for attempt counting), valid or not. */
  events: Array<Record<string, unknown>>;
  notifications: Notification[];
  rejection?: Rejection;
}

const reject = (status: number, reason: string, ...detail: string[]): Rejection => ({
  status,
  reason,
  detail,
});

/** Reads a request as a VCC receiver would: binary when `ce-specversion` is set, else by content type. */
function parse(headers: Headers, body: string): Parsed {
  const request = readCloudEventsRequest((name) => headers.get(name) ?? undefined, body);
  if (!request.ok) {
    const { status, reason, detail } = request.rejection;
    return {
      mode: request.mode,
      events: [],
      notifications: [],
      rejection: reject(status, reason, detail),
    };
  }
  const { mode, events: raw } = request;
  const events = raw.filter(
    (e): e is Record<string, unknown> => typeof e === 'object' && e !== null && !Array.isArray(e),
  );
  const notifications: Notification[] = [];
  const errors: string[] = [];
  raw.forEach((e, i) => {
    const c = checkNotification(e);
    if (c.ok) notifications.push(c.notification);
    else errors.push(...c.errors.map((m) => (raw.length > 1 ? `event ${i}: ${m}` : m)));
  });
  if (errors.length > 0)
    return { mode, events, notifications: [], rejection: reject(400, 'invalid', ...errors) };
  return { mode, events, notifications };
}

function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * MSW handlers for a VCC webhook receiver URL, and the typed inbox they record into. The handlers
 * check each request as a correct receiver does (signature when `secret` is given: 401; content
 * type: 415; JSON: 400; every event against its JSON Schema: 400; size: 413), then answer as
 * `respond` says. Works with `setupServer` from `msw/node`, so it intercepts `fetch`, `node:http`
 * and the package's own sender (`deliver`, `vcc-sim fire`).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { vccWebhook } from 'vcc-event-sim/mocks';
 *
 * const { handlers, inbox } = vccWebhook({ url: 'https://hooks.example.test/vcc' });
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * // … code under test posts notifications …
 * expect(inbox.count('channel.wrapstarted.v0')).toBe(1);
 */
export function vccWebhook(options: VccWebhookOptions): VccWebhook {
  const settings = checkOptions(options);
  const post = http.post(options.url, ({ request }) => answerPost(request, settings));
  // The CloudEvents webhook validation handshake, as the built-in receiver answers it.
  const handshake = http.options(options.url, ({ request }) => answerHandshake(request));
  return { handlers: [post, handshake], inbox: settings.inbox };
}

/** The options of {@link vccWebhook}, checked, with their defaults. */
interface WebhookSettings {
  inbox: Inbox;
  key: Uint8Array | undefined;
  maxBody: number;
  receiver: VccWebhookOptions['receiver'];
  respond: WebhookResponder;
  world: SimulatedWorld | undefined;
}

/** Checks the options (a TypeError saying how to fix) and fills in the defaults. */
function checkOptions(options: VccWebhookOptions): WebhookSettings {
  if (typeof options?.url !== 'string' || options.url === '') {
    throw new TypeError(
      "vccWebhook: give the receiver URL the code under test posts to, e.g. vccWebhook({ url: 'https://hooks.example.test/vcc' }).",
    );
  }
  const receiver = options.receiver;
  if (receiver && options.respond !== undefined) {
    throw new TypeError(
      'vccWebhook: give either `receiver` (your receiver answers) or `respond` (the mock answers), not both.',
    );
  }
  const respond = options.respond ?? 200;
  if (typeof respond !== 'function') resolveAnswer(respond); // fail fast on a bad fixed answer
  return {
    inbox: options.inbox ?? new Inbox(),
    key: options.secret ? secretKey(options.secret) : undefined,
    maxBody: options.maxBodyBytes ?? 1024 * 1024,
    receiver,
    respond,
    world: options.world,
  };
}

/** A POST as received: the request, its body, what it carried, and the mock's verdict on it. */
interface Received {
  request: Request;
  body: string;
  /** What every record of it starts with. */
  base: Pick<RecordedRequest, 'at' | 'method' | 'url' | 'headers' | 'body'>;
  parsed: Parsed;
  /** Its first event's attempt number (0: no readable event). */
  attempt: number;
  /** Why a correct receiver refuses it, if it does. */
  verdict: Rejection | undefined;
}

/**
 * One POST: checked as a correct receiver does, its notifications added to the world, then
 * answered by the receiver under test, refused, or answered as `respond` says.
 */
async function answerPost(request: Request, s: WebhookSettings): Promise<Response> {
  const received = await receive(request, s);
  const { parsed } = received;
  if (s.world && parsed.notifications.length > 0) s.world.add(...parsed.notifications);
  if (s.receiver) return forward(received, s.receiver, s.inbox);
  if (received.verdict) return refuse(received, received.verdict, s.inbox);
  return answerAsTold(received, s);
}

/**
 * Reads a POST the way a correct receiver does: its size (413), its CloudEvents and their schemas
 * (415, 400), its attempt number, and its signature when there is a secret (401).
 */
async function receive(request: Request, s: WebhookSettings): Promise<Received> {
  const at = new Date().toISOString();
  const body = await request.text();
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const base = { at, method: request.method, url: request.url, headers, body };
  const size = body.length * 3 <= s.maxBody ? body.length : byteLength(body);
  const tooLarge =
    size > s.maxBody
      ? reject(413, 'too-large', `the body is ${size} bytes; the limit is ${s.maxBody}`)
      : undefined;
  const parsed: Parsed = tooLarge
    ? { mode: 'unknown', events: [], notifications: [] }
    : parse(request.headers, body);
  const attempt = parsed.events.length > 0 ? s.inbox.noteSend(parsed.events) : 0;
  let verdict = tooLarge;
  if (!verdict && s.key) {
    const check = await verifySignature(
      request.headers.get(SIGNATURE_HEADER) ?? undefined,
      body,
      s.key,
    );
    if (!check.ok) verdict = reject(401, 'signature', check.reason);
  }
  verdict ??= parsed.rejection;
  return { request, body, base, parsed, attempt, verdict };
}

/**
 * Hands the request to the receiver under test, whose answer the sender gets; the mock's verdict is
 * kept in the record.
 */
async function forward(
  { request, body, base, parsed, attempt, verdict }: Received,
  receiver: NonNullable<VccWebhookOptions['receiver']>,
  inbox: Inbox,
): Promise<Response> {
  const forwarded = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
  });
  let res: Response;
  try {
    res = await receiver(forwarded);
  } catch (err) {
    inbox.record({
      ...base,
      mode: parsed.mode,
      notifications: [],
      attempt,
      ...(verdict ? { rejection: verdict } : {}),
      receiverError: err instanceof Error ? err.message : String(err),
      answer: { kind: 'status', status: 500, delayMs: 0 },
    });
    throw err;
  }
  inbox.record({
    ...base,
    mode: parsed.mode,
    notifications: verdict ? [] : parsed.notifications,
    attempt,
    ...(verdict ? { rejection: verdict } : {}),
    answer: { kind: 'status', status: res.status, delayMs: 0 },
  });
  return res;
}

/** Refuses a request as a correct receiver does, with the reason and detail in a JSON body. */
function refuse({ base, parsed, attempt }: Received, r: Rejection, inbox: Inbox): Response {
  inbox.record({
    ...base,
    mode: parsed.mode,
    notifications: [],
    attempt,
    rejection: r,
    answer: { kind: 'status', status: r.status, delayMs: 0 },
  });
  return HttpResponse.json({ error: r.reason, detail: r.detail }, { status: r.status });
}

/** Answers an accepted request as `respond` says: a status (after its delay) or a network error. */
async function answerAsTold(
  { request, body, base, parsed, attempt }: Received,
  { respond, inbox }: WebhookSettings,
): Promise<Response> {
  const chosen =
    typeof respond === 'function'
      ? await respond({
          request,
          body,
          mode: parsed.mode,
          notifications: parsed.notifications,
          attempt,
          index: inbox.requests.length,
        })
      : respond;
  const a = resolveAnswer(chosen);
  if (a.delayMs > 0) await delay(a.delayMs);
  const recorded: Omit<RecordedRequest, 'index'> = {
    ...base,
    mode: parsed.mode,
    notifications: parsed.notifications,
    attempt,
    answer: a.networkError
      ? { kind: 'network-error', delayMs: a.delayMs }
      : { kind: 'status', status: a.status, delayMs: a.delayMs },
  };
  inbox.record(recorded);
  if (a.networkError) return HttpResponse.error();
  if (a.status === 204 || a.status === 205 || a.status === 304)
    return new HttpResponse(null, { status: a.status, headers: a.headers });
  const ok = a.status >= 200 && a.status <= 205;
  return HttpResponse.json(
    ok
      ? { accepted: parsed.notifications.length }
      : { error: 'answered', detail: `the mock was told to answer ${a.status}` },
    { status: a.status, headers: a.headers },
  );
}

/** The validation handshake's answer: the origin allowed, any rate, POST and OPTIONS. */
function answerHandshake(request: Request): Response {
  return new HttpResponse(null, {
    status: 200,
    headers: {
      'webhook-allowed-origin': request.headers.get('webhook-request-origin') ?? '*',
      'webhook-allowed-rate': '*',
      allow: 'POST, OPTIONS',
    },
  });
}
