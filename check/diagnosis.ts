/**
 * When every probe got the same refusal, the checks' lines all say the same thing; one line says
 * why instead: sent unsigned to a receiver that verifies, a secret that is not the subscription's,
 * or the content type VCC sends refused.
 */
import { NOT_SENT } from './guard.js';
import type { CheckResult } from './types.js';

/**
 * The one diagnosis line, or undefined when the answers differ (or one did not come). The bad
 * bodies of `bad-input` and the forgeries of `signature-required` are left out.
 *
 * @example
 * diagnose(report.checks, false) // 'every probe got 415: it refuses application/cloudevents+json, which VCC sends'
 */
export function diagnose(checks: readonly CheckResult[], signed: boolean): string | undefined {
  // bad-input's bad bodies may be refused for being bad (413, 400) before anything else, and
  // signature-required's forgeries must be refused: neither says what the receiver makes of VCC's.
  const probes = checks.flatMap((c) =>
    c.evidence.filter(
      (x) =>
        x.error !== NOT_SENT &&
        (c.id === 'bad-input'
          ? x.probe.startsWith('valid after')
          : c.id !== 'signature-required' || x.probe.startsWith('signed-')),
    ),
  );
  if (probes.length === 0 || probes.some((x) => x.status === undefined)) return undefined;
  const statuses = new Set(probes.map((x) => x.status as number));
  const only = (...allowed: number[]) => [...statuses].every((s) => allowed.includes(s));
  if (only(415))
    return 'every probe got 415: it refuses application/cloudevents+json, which VCC sends';
  if (only(401, 403))
    return signed
      ? 'every probe got 401 or 403, signed too: is --secret the subscription secret the receiver verifies with?'
      : 'every probe got 401 or 403, sent unsigned: does it verify signatures? give --secret';
  return undefined;
}
