/**
 * The receiver's one call, shaped like Stripe's `constructEvent(body, header, secret)` and Svix's
 * `verify(body, headers)`: the raw body first, the `Vonage-Signature` header, the base64 secret as
 * the subscription gives it; back comes the typed notification, or a typed error says why not.
 */
import type { Notification } from '../generator/notifications/notification.js';
import { checkNotification } from '../generator/notifications/schema-validator.js';
import { secretKey, verifySignature } from './signature.js';

/** Why {@link constructNotification} refused a request. */
export type NotificationErrorCode =
  | 'missing-signature'
  | 'bad-signature'
  | 'bad-json'
  | 'invalid-notification'
  | 'batch';

/**
 * What {@link constructNotification} throws: `code` says why (a receiver answers 401 to the
 * signature codes, 400 to the others), the message says what was wrong.
 *
 * @example
 * catch (e) { if (e instanceof NotificationError) res.status(e.status).end(e.message); }
 */
export class NotificationError extends Error {
  override readonly name = 'NotificationError';
  readonly code: NotificationErrorCode;
  /** The status a receiver answers with: 401 for the signature, 400 for the body. */
  readonly status: 400 | 401;
  constructor(code: NotificationErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = code === 'missing-signature' || code === 'bad-signature' ? 401 : 400;
  }
}

/** Options of {@link constructNotification}. */
export interface ConstructOptions {
  /** How far the signer's clock may be off, seconds. Default 60. */
  leewaySeconds?: number | undefined;
  /** "Now" for the signature's times, seconds since the epoch. Default: the clock. */
  nowSeconds?: number | undefined;
}

/**
 * Verifies a structured-mode request as VCC sends it and returns its notification, typed:
 * the `Vonage-Signature` over the raw body (as read: verify before parsing), then the JSON, then
 * the notification's schema. Throws {@link NotificationError} otherwise. A batch body (a JSON
 * array) is {@link constructNotifications}' business.
 *
 * @example
 * app.post('/vcc', express.raw({ type: '*\/*' }), async (req, res) => {
 *   try {
 *     const n = await constructNotification(req.body, req.headers['vonage-signature'], SECRET);
 *     if (n.type === 'channel.wrapstarted.v0') board.add(n.data.channel.party.agentId);
 *     res.sendStatus(204);
 *   } catch (e) {
 *     if (e instanceof NotificationError) res.status(e.status).send(e.message);
 *     else throw e;
 *   }
 * });
 */
export async function constructNotification(
  body: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: ConstructOptions = {},
): Promise<Notification> {
  const value = await verifiedJson(body, header, secret, options, 'constructNotification');
  if (Array.isArray(value))
    throw new NotificationError(
      'batch',
      'The body is a batch (a JSON array of notifications): use constructNotifications().',
    );
  return checked(value, '');
}

/**
 * {@link constructNotification} for a body that may be a batch
 * (`application/cloudevents-batch+json`): every notification, typed, or a
 * {@link NotificationError} naming the first one that is not valid.
 *
 * @example
 * const events = await constructNotifications(rawBody, req.headers['vonage-signature'], SECRET);
 */
export async function constructNotifications(
  body: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: ConstructOptions = {},
): Promise<Notification[]> {
  const value = await verifiedJson(body, header, secret, options, 'constructNotifications');
  if (!Array.isArray(value)) return [checked(value, '')];
  return value.map((v, i) => checked(v, ` (batch item ${i})`));
}

async function verifiedJson(
  body: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  options: ConstructOptions,
  caller: string,
): Promise<unknown> {
  if (typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new TypeError(
      `${caller}(body, header, secret): body is the raw request body (a string or bytes, as read, before any JSON parsing), not ${body === null ? 'null' : typeof body}.`,
    );
  if (typeof secret !== 'string' || secret === '')
    throw new TypeError(
      `${caller}(body, header, secret): give the subscription's base64 secret as a string.`,
    );
  const value = Array.isArray(header) ? header[0] : (header as string | null | undefined);
  if (!value) throw new NotificationError('missing-signature', 'No Vonage-Signature header.');
  const check = await verifySignature(value, body, secretKey(secret), {
    ...(options.leewaySeconds !== undefined ? { leewaySeconds: options.leewaySeconds } : {}),
    ...(options.nowSeconds !== undefined ? { nowSeconds: options.nowSeconds } : {}),
  });
  if (!check.ok) throw new NotificationError('bad-signature', `Vonage-Signature: ${check.reason}.`);
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new NotificationError('bad-json', `The body is not JSON: ${(err as Error).message}.`);
  }
}

function checked(value: unknown, where: string): Notification {
  const r = checkNotification(value);
  if (!r.ok)
    throw new NotificationError(
      'invalid-notification',
      `Not a valid notification${where}: ${r.errors.join('; ')}.`,
    );
  return r.notification;
}
