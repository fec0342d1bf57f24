/**
 * Signs a body in k6 exactly as the Node side does (wire/signature.ts): an HS256 JWT keyed
 * with the base64-DECODED subscription secret, claims `payload_hash` (hex SHA-256 of the exact
 * body), `iat` and `exp = iat + 300`, written bare or as `Bearer <jwt>`. Built with k6/crypto,
 * which runs natively and synchronously in every VU; the contract comes from wire.
 */
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import {
  SIGNATURE_JWT_HEADER,
  SIGNATURE_LIFETIME_S,
  type SignatureFormat,
  signatureHeaderValue,
} from '../wire/signature-format.js';

const HEADER = encoding.b64encode(JSON.stringify(SIGNATURE_JWT_HEADER), 'rawurl');

/** The HMAC key from a base64 (standard or URL-safe, padded or not) secret. */
export function k6SecretKey(secret: string): ArrayBuffer {
  let s = secret.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  while (s.length % 4 !== 0) s += '=';
  return encoding.b64decode(s, 'std');
}

/**
 * The `Vonage-Signature` header value for a body.
 *
 * @example
 * const value = signBody(body, k6SecretKey(secret), 'jwt');
 */
export function signBody(
  body: string,
  key: ArrayBuffer,
  format: SignatureFormat,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const claims = `{"payload_hash":"${crypto.sha256(body, 'hex')}","iat":${nowSeconds},"exp":${nowSeconds + SIGNATURE_LIFETIME_S}}`;
  const input = `${HEADER}.${encoding.b64encode(claims, 'rawurl')}`;
  const jwt = `${input}.${crypto.hmac('sha256', key, input, 'base64rawurl')}`;
  return signatureHeaderValue(jwt, format);
}
