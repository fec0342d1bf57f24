/**
 * The `Vonage-Signature` header, as VCC signs notifications: a JWT (HS256) keyed with the
 * base64-DECODED subscription secret, whose claim `payload_hash` is the hex SHA-256 of the exact
 * request body; issued now, expiring 5 minutes later.
 *
 * Header `{"alg":"HS256","typ":"JWT"}`; claims `{"payload_hash": <hex>, "iat": <s>, "exp": <iat + 300>}`.
 * Sent as the bare JWT by default (VCC's example receiver verifies the header value directly) or as
 * `Bearer <JWT>` (one documentation page words it so). Receivers should accept both.
 *
 * The one Node import of `wire/`: `node:crypto` gives the synchronous native SHA-256 that
 * `payloadHash` returns and the HMAC that signs (a JavaScript SHA-256 costs twice as much on every
 * signed request, and WebCrypto, which jose signs through, is asynchronous: signing through it cost
 * the sender a third of its requests per second). Verification goes through jose. k6 signs with
 * k6/crypto instead (`k6/k6-signature.ts`).
 */
import { createHash, createHmac, webcrypto } from 'node:crypto';
import { jwtVerify } from 'jose';
import { SimError } from '../generator/errors.js';
import {
  SIGNATURE_JWT_HEADER,
  SIGNATURE_LIFETIME_S,
  type SignatureFormat,
  signatureHeaderValue,
  signatureToken,
} from './signature-format.js';

export type { SignatureFormat } from './signature-format.js';
export {
  SIGNATURE_HEADER,
  SIGNATURE_JWT_HEADER,
  SIGNATURE_LIFETIME_S,
  signatureHeaderValue,
  signatureToken,
} from './signature-format.js';

// jose imports a raw key into WebCrypto on every call; importing once per key saves a quarter of
// the cost of each signature and verification.
const imported = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();
function cryptoKey(key: Uint8Array): Promise<webcrypto.CryptoKey> {
  let k = imported.get(key);
  if (!k) {
    k = webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]) as Promise<webcrypto.CryptoKey>;
    imported.set(key, k);
  }
  return k;
}

/**
 * Decodes a base64 subscription secret into the HMAC key; a secret that is not base64 is an error.
 *
 * @example
 * secretKey('c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==') // Uint8Array(28)
 */
export function secretKey(secret: string): Uint8Array {
  const trimmed = secret.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || trimmed.length < 4) {
    throw new SimError(
      'usage',
      'The secret must be base64 (as VCC shows it when a subscription is created), e.g. "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==".',
      {
        option: 'secret',
        allowed:
          'a secret is base64 (as VCC shows it when a subscription is created), e.g. "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ=="',
      },
    );
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length === 0)
    throw new SimError('usage', 'The secret decodes to no bytes; give a base64 secret.');
  return new Uint8Array(key);
}

/** Hex SHA-256 of a body. */
export function payloadHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The JWT's protected header, base64url: the same on every signature. */
const JWT_HEADER_B64 = Buffer.from(JSON.stringify(SIGNATURE_JWT_HEADER)).toString('base64url');

/**
 * Signs a body, synchronously: returns the header value. An HS256 JWT (the same bytes jose's
 * `SignJWT` makes) with `payload_hash`, `iat` and `exp`.
 *
 * @example
 * const value = signBodySync(body, secretKey(secret)); // 'eyJhbGciOiJIUzI1NiIs...'
 */
export function signBodySync(
  body: string | Uint8Array,
  key: Uint8Array,
  options: { format?: SignatureFormat; nowSeconds?: number } = {},
): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const claims = `{"payload_hash":"${payloadHash(body)}","iat":${iat},"exp":${iat + SIGNATURE_LIFETIME_S}}`;
  const signingInput = `${JWT_HEADER_B64}.${Buffer.from(claims).toString('base64url')}`;
  const signature = createHmac('sha256', key).update(signingInput).digest('base64url');
  return signatureHeaderValue(`${signingInput}.${signature}`, options.format);
}

/**
 * Signs a body: returns the header value ({@link signBodySync}, as a promise).
 *
 * @example
 * const value = await signBody(body, secretKey(secret)); // 'eyJhbGciOiJIUzI1NiIs...'
 */
export async function signBody(
  body: string | Uint8Array,
  key: Uint8Array,
  options: { format?: SignatureFormat; nowSeconds?: number } = {},
): Promise<string> {
  return signBodySync(body, key, options);
}

/** Why a signature failed, or ok. */
export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** How far a signer's clock may be off by default when checking a signature's times, seconds. */
export const SIGNATURE_LEEWAY_S = 60;

/**
 * Verifies a `Vonage-Signature` header value (bare JWT or `Bearer <JWT>`) against the raw body
 * (the header first, unlike Stripe's and Svix's order: a body given first throws a TypeError; for
 * their order and a parsed, typed notification, `constructNotification(body, header, secret)`):
 * HS256 only, the body's hash, not expired, and living no longer than VCC's tokens (5 minutes
 * from `iat` to `exp`, `iat` not ahead of now), each time within `leewaySeconds` (default 60).
 *
 * @example
 * const r = await verifySignature(req.headers['vonage-signature'], rawBody, secretKey(secret));
 */
export async function verifySignature(
  header: string | undefined,
  body: string | Uint8Array,
  key: Uint8Array,
  options: { leewaySeconds?: number; nowSeconds?: number } = {},
): Promise<SignatureCheck> {
  // The order is the reverse of Stripe's and Svix's (body first): a body given as the header is a
  // caller's swap, not a bad signature. (A branded header type would catch it at compile time but
  // make every honest call cast the framework's plain string.)
  if (typeof header === 'string' && /^\s*[[{]/.test(header))
    throw new TypeError(
      'verifySignature(header, body, key): the first argument looks like a JSON body; give the Vonage-Signature header first, then the raw body (constructNotification(body, header, secret) takes the body first).',
    );
  if (!header) return { ok: false, reason: 'missing Vonage-Signature header' };
  const token = signatureToken(header);
  const leeway = options.leewaySeconds ?? SIGNATURE_LEEWAY_S;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  try {
    const { payload } = await jwtVerify(token, await cryptoKey(key), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      clockTolerance: leeway,
      currentDate: new Date(now * 1000),
    });
    const lifetime = lifetimeProblem(payload.exp as number, payload.iat, now, leeway);
    if (lifetime) return { ok: false, reason: lifetime };
    if (payload['payload_hash'] !== payloadHash(body))
      return { ok: false, reason: 'payload_hash does not match the body' };
    return { ok: true };
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      ok: false,
      reason:
        code === 'ERR_JWT_EXPIRED'
          ? 'signature expired'
          : `bad signature (${code ?? (err as Error).message})`,
    };
  }
}

/** Why a token's times are not a VCC token's (5 minutes from issue), or undefined. */
function lifetimeProblem(
  exp: number,
  iat: unknown,
  now: number,
  leeway: number,
): string | undefined {
  const most = SIGNATURE_LIFETIME_S + leeway;
  if (typeof iat === 'number') {
    if (iat > now + leeway) return `signature issued ${iat - now} s in the future (iat)`;
    if (exp - iat > most)
      return `signature lives ${exp - iat} s (exp - iat); VCC's live ${SIGNATURE_LIFETIME_S} s`;
    return undefined;
  }
  return exp - now > most
    ? `signature expires ${exp - now} s from now; VCC's live ${SIGNATURE_LIFETIME_S} s`
    : undefined;
}
