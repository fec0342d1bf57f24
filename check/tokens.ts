/**
 * `Vonage-Signature` values, right and forged: VCC's own (HS256 over the base64-decoded secret,
 * `payload_hash` of the body, 5 minutes from `iat` to `exp`) and the forgeries a receiver must
 * refuse (another key, expired, another body's hash, `alg: none`, an asymmetric `alg` over the
 * secret) or should (issued in the future, HS384/HS512).
 */
import { createHmac } from 'node:crypto';
import { type Notification, serializeNotification } from '../generator/index.js';
import { payloadHash, SIGNATURE_LIFETIME_S, signBodySync } from '../wire/signature.js';
import type { SignatureFormat } from '../wire/signature-format.js';
import type { ProbeRequest } from './target.js';

/** The JWT `alg`s the probes use. */
export type ProbeAlg = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256' | 'none';

/** How to make a token. */
export interface TokenSpec {
  alg: ProbeAlg;
  key: Uint8Array;
  /** Issued this many seconds from now (negative: in the past). Default 0. */
  issuedIn?: number;
  /** Hash this body instead of the one sent. */
  hashOf?: string;
}

const HMAC_OF: Record<ProbeAlg, string> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  // Key confusion: an asymmetric alg in the header, the secret used as an HMAC key.
  RS256: 'sha256',
  ES256: 'sha256',
  none: '',
};

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * A JWT over `body` as `spec` says (VCC's claims: `payload_hash`, `iat`, `exp = iat + 300`).
 *
 * @example
 * craftToken(body, { alg: 'HS512', key }) // 'eyJhbGciOiJIUzUxMiIs...'
 */
export function craftToken(body: string, spec: TokenSpec): string {
  const iat = Math.floor(Date.now() / 1000) + (spec.issuedIn ?? 0);
  const header = b64url(JSON.stringify({ alg: spec.alg, typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      payload_hash: payloadHash(spec.hashOf ?? body),
      iat,
      exp: iat + SIGNATURE_LIFETIME_S,
    }),
  );
  const input = `${header}.${claims}`;
  if (spec.alg === 'none') return `${input}.`;
  const sig = createHmac(HMAC_OF[spec.alg], spec.key).update(input).digest('base64url');
  return `${input}.${sig}`;
}

/** What a notification request carries besides its body. */
export interface Signing {
  key: Uint8Array | undefined;
  format?: SignatureFormat;
}

/**
 * A notification as VCC sends it: structured JSON, signed when there is a key.
 *
 * @example
 * const req = notificationRequest(n, 'duplicate #2', { key });
 */
export function notificationRequest(
  n: Notification,
  probe: string,
  signing: Signing,
  sent?: string,
): ProbeRequest {
  const body = serializeNotification(n);
  return signedBody(body, probe, signing, sent ?? `${n.type} ${n.id}`);
}

/** A body sent as `application/cloudevents+json`, signed right when there is a key. */
export function signedBody(
  body: string,
  probe: string,
  signing: Signing,
  sent: string,
  contentType = 'application/cloudevents+json',
): ProbeRequest {
  const headers: Record<string, string> = {};
  if (signing.key)
    headers['vonage-signature'] = signBodySync(body, signing.key, {
      format: signing.format ?? 'jwt',
    });
  return { probe, sent, body, contentType, headers };
}
