/**
 * Signed webhook requests for testing a receiver's handler directly, with no sender and no
 * server: the body, content headers and `Vonage-Signature` VCC would send (what Stripe's
 * `generateTestHeaderString` is to Stripe webhooks).
 */
import type { Notification } from '../generator/notifications/notification.js';
import { CONTENT_MODES, type ContentMode } from '../wire/cloudevents.js';
import type { SignatureFormat } from '../wire/signature.js';
import { SIGNATURE_HEADER, secretKey, signBody } from '../wire/signature.js';

/** Options of {@link signedHeaders} and {@link signedRequest}. */
export interface SignedRequestOptions {
  /** The subscription secret (base64) the receiver verifies with. */
  secret: string;
  /**
   * `structured` (default: one event, `application/cloudevents+json`), `binary` (one event,
   * `ce-*` headers, the body is `data`) or `batch` (every event, `application/cloudevents-batch+json`).
   */
  mode?: ContentMode;
  /** `jwt` (default: the bare JWT, as VCC sends it) or `bearer` (`Bearer <JWT>`). */
  format?: SignatureFormat;
  /** Signing time, seconds since the epoch (default now): an old one gives an expired signature. */
  nowSeconds?: number;
}

/** The parts of a signed webhook request: for supertest (`.set(headers).send(body)`) and the like. */
export interface SignedParts {
  /** `content-type`, the `ce-*` attributes in binary mode, and `vonage-signature`. */
  headers: Record<string, string>;
  /** The exact bytes that were signed: send them unchanged. */
  body: string;
}

function eventsOf(events: Notification | readonly Notification[], mode: ContentMode) {
  const list = Array.isArray(events) ? events : [events as Notification];
  if (list.length === 0) throw new TypeError('signedRequest: give at least one notification.');
  if (list.length > 1 && mode !== 'batch') {
    throw new TypeError(
      `signedRequest: ${list.length} notifications need mode: 'batch'; ${mode} mode carries one.`,
    );
  }
  return list;
}

/**
 * The headers and body of a validly signed webhook request carrying `events`, as VCC sends it.
 *
 * @example
 * const { headers, body } = await signedHeaders(wrapStarted(), { secret });
 * await request(app).post('/vcc').set(headers).send(body).expect(204); // supertest
 */
export async function signedHeaders(
  events: Notification | readonly Notification[],
  options: SignedRequestOptions,
): Promise<SignedParts> {
  if (typeof options?.secret !== 'string' || options.secret === '') {
    throw new TypeError('signedHeaders: give the subscription secret: { secret }.');
  }
  const mode = options.mode ?? 'structured';
  if (!(mode in CONTENT_MODES)) {
    throw new TypeError(`signedHeaders: mode is structured, binary or batch, not "${mode}".`);
  }
  const headers: Record<string, string> = {};
  const body = CONTENT_MODES[mode].encode(eventsOf(events, mode), headers);
  headers[SIGNATURE_HEADER] = await signBody(body, secretKey(options.secret), {
    ...(options.format ? { format: options.format } : {}),
    ...(options.nowSeconds !== undefined ? { nowSeconds: options.nowSeconds } : {}),
  });
  return { headers, body };
}

/**
 * A validly signed `POST` `Request` carrying `events` (a fixture, a hang-up pair, a timeline):
 * hand it to a fetch-style handler, or to a node:http / Express handler through `nodeHandler()`.
 *
 * @example
 * const res = await handle(await signedRequest(wrapStarted(), { url, secret }));
 * const batch = await signedRequest(hangUp(), { url, secret, mode: 'batch' });
 */
export async function signedRequest(
  events: Notification | readonly Notification[],
  options: SignedRequestOptions & { url: string },
): Promise<Request> {
  const { headers, body } = await signedHeaders(events, options);
  return new Request(options.url, { method: 'POST', headers, body });
}
