/**
 * Broken requests for tests: the same named malformations the chaos scenario sends
 * (`scenarios/malformations.ts`), built from a fixture and signed as each one needs.
 */
import type { Notification } from '../generator/notifications/notification.js';
import {
  MALFORMATION_INFO,
  type Malformation,
  type MalformedRequest,
  malformRequest,
} from '../scenarios/index.js';
import { SIGNATURE_HEADER, secretKey, signBody } from '../wire/signature.js';
import { wrapStarted } from './fixtures.js';

/** A secret nobody subscribes with: what `bad-signature` signs with. */
const OTHER_SECRET = 'bm90LXRoZS1zdWJzY3JpcHRpb24tc2VjcmV0LWF0LWFsbCE=';

/** Options of {@link malformed}. */
export interface MalformedOptions {
  /** Which field `missing-field` / `wrong-type` breaks (any whole number; it wraps). */
  variant?: number;
  /** The receiver's body limit, for `oversized-body`. Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * A malformed request of a named kind, made from `base` (default: a fresh `wrapStarted()`), with
 * the status a correct receiver answers (`expectStatus`). Not yet signed: see `malformedRequest`.
 *
 * @example
 * const m = malformed('missing-field'); // m.body lacks "id"; m.expectStatus === 400
 */
export function malformed(
  kind: Malformation,
  base: Notification = wrapStarted(),
  options: MalformedOptions = {},
): MalformedRequest {
  if (!(kind in MALFORMATION_INFO)) {
    throw new TypeError(
      `malformed: unknown malformation "${String(kind)}"; use one of ${Object.keys(MALFORMATION_INFO).join(', ')}.`,
    );
  }
  return malformRequest(base, kind, options);
}

/** Options of {@link malformedRequest}. */
export interface MalformedRequestOptions extends MalformedOptions {
  /** Where to send it (the mocked receiver's URL). */
  url: string;
  /** The subscription secret the receiver verifies with; sign with it (or, per kind, break it). */
  secret?: string;
  /** The notification to break. Default: a fresh `wrapStarted()`. */
  base?: Notification;
}

/**
 * A `Request` ready for `fetch`, carrying the malformation of `kind`, signed as that kind needs
 * (`bad-signature` with another secret, `expired-signature` ten minutes ago,
 * `changed-after-signing` over the original body; the others correctly when `secret` is given).
 *
 * @example
 * const res = await fetch(await malformedRequest('bad-json', { url, secret }));
 * res.status; // 400
 */
export async function malformedRequest(
  kind: Malformation,
  options: MalformedRequestOptions,
): Promise<Request> {
  const m = malformed(kind, options.base ?? wrapStarted(), options);
  const headers: Record<string, string> = { 'content-type': m.contentType };
  const now = Math.floor(Date.now() / 1000);
  const secret = options.secret ?? OTHER_SECRET;
  if (m.signing === 'wrong-key')
    headers[SIGNATURE_HEADER] = await signBody(m.body, secretKey(OTHER_SECRET));
  else if (m.signing === 'expired')
    headers[SIGNATURE_HEADER] = await signBody(m.body, secretKey(secret), {
      nowSeconds: now - 600,
    });
  else if (m.signing === 'tampered')
    headers[SIGNATURE_HEADER] = await signBody(m.signedBody ?? m.body, secretKey(secret));
  else if (options.secret) headers[SIGNATURE_HEADER] = await signBody(m.body, secretKey(secret));
  return new Request(options.url, { method: 'POST', headers, body: m.body });
}
