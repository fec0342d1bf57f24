/**
 * The `Vonage-Signature` contract, platform-free: the header's name, the JWT's protected header and
 * lifetime, and how the token is written into the header. The Node signer (`signature.ts`) and the
 * k6 signer (`k6/k6-signature.ts`, k6/crypto) both build on it.
 */

/**
 * How the JWT is written into the header: bare (`jwt`, the default) or `Bearer <JWT>`.
 *
 * @example
 * signBody(body, key, { format: 'bearer' satisfies SignatureFormat });
 */
export type SignatureFormat = 'jwt' | 'bearer';

/**
 * The header VCC signs with (lower case, as Node and k6 read headers).
 *
 * @example
 * const value = req.headers[SIGNATURE_HEADER];
 */
export const SIGNATURE_HEADER = 'vonage-signature';

/**
 * Seconds a signature stays valid: `exp = iat + SIGNATURE_LIFETIME_S`.
 *
 * @example
 * const exp = iat + SIGNATURE_LIFETIME_S;
 */
export const SIGNATURE_LIFETIME_S = 300;

/**
 * The JWT's protected header.
 *
 * @example
 * new SignJWT(claims).setProtectedHeader(SIGNATURE_JWT_HEADER);
 */
export const SIGNATURE_JWT_HEADER = { alg: 'HS256', typ: 'JWT' } as const;

/**
 * The header value for a signed JWT, in a format.
 *
 * @example
 * signatureHeaderValue(jwt, 'bearer') // 'Bearer eyJhbGciOiJIUzI1NiIs...'
 */
export function signatureHeaderValue(jwt: string, format: SignatureFormat | undefined): string {
  return format === 'bearer' ? `Bearer ${jwt}` : jwt;
}

/**
 * The JWT in a header value, bare or `Bearer <JWT>`.
 *
 * @example
 * signatureToken('Bearer eyJhbGci...') // 'eyJhbGci...'
 */
export function signatureToken(header: string): string {
  return header.replace(/^Bearer\s+/i, '').trim();
}
