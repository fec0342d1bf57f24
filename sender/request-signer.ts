/**
 * Signs requests as VCC does (`Vonage-Signature` over the exact body) when the run has the
 * subscription secret, and signs the chaos scenario's malformed requests the broken way each
 * one needs (another key, ten minutes ago, over another body).
 */
import type { MalformedRequest } from '../scenarios/index.js';
import { SIGNATURE_HEADER, type SignatureFormat, signBodySync } from '../wire/signature.js';

/** The key a `bad-signature` request is signed with: not the subscription's. */
const OTHER_KEY = new Uint8Array(32).fill(7);

/**
 * The run's signer.
 *
 * @example
 * if (signer.key) signer.sign(headers, body);
 */
export class RequestSigner {
  constructor(
    /** The HMAC key; undefined: requests go unsigned. */
    readonly key: Uint8Array | undefined,
    private readonly format: SignatureFormat,
  ) {}

  /** Signs `body` into `headers` (when there is a key). */
  sign(headers: Record<string, string>, body: string): void {
    if (this.key) headers[SIGNATURE_HEADER] = signBodySync(body, this.key, { format: this.format });
  }

  /** Signs a malformed request the way its kind is broken (when there is a key). */
  signMalformed(headers: Record<string, string>, req: MalformedRequest): void {
    const key = this.key;
    if (!key) return;
    const format = this.format;
    if (req.signing === 'wrong-key') {
      headers[SIGNATURE_HEADER] = signBodySync(req.body, OTHER_KEY, { format });
    } else if (req.signing === 'expired') {
      const nowSeconds = Math.floor(Date.now() / 1000) - 600;
      headers[SIGNATURE_HEADER] = signBodySync(req.body, key, { format, nowSeconds });
    } else {
      const signed = req.signing === 'tampered' ? (req.signedBody as string) : req.body;
      headers[SIGNATURE_HEADER] = signBodySync(signed, key, { format });
    }
  }
}
