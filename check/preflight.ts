/**
 * What the suite finds out before its checks: which `Vonage-Signature` form the receiver takes
 * (so every later probe is refused or taken for what it tests, not for the header's form).
 */
import type { SignatureFormat } from '../wire/signature-format.js';
import { accepted } from './grading.js';
import { oneNotification } from './material.js';
import type { ProbeTarget } from './target.js';
import { notificationRequest } from './tokens.js';

/**
 * The form to sign with: the bare JWT when the receiver takes it (VCC's example sends it) or
 * takes neither; `Bearer <JWT>` when it takes only that. Both are sent at once.
 *
 * @example
 * const format = await signatureForm(target, key, 10_000); // 'jwt' | 'bearer'
 */
export async function signatureForm(
  target: ProbeTarget,
  key: Uint8Array,
  deadlineMs: number,
): Promise<SignatureFormat> {
  const [bare, bearer] = await Promise.all(
    (['jwt', 'bearer'] as const).map((format) =>
      target.send(notificationRequest(oneNotification(), `form-${format}`, { key, format })),
    ),
  );
  if (bare && accepted(bare, deadlineMs)) return 'jwt';
  return bearer && accepted(bearer, deadlineMs) ? 'bearer' : 'jwt';
}
