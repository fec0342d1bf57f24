/**
 * When every probe got the same refusal, the checks' lines all say the same thing; one line says
 * why instead: sent unsigned to a receiver that verifies, a secret that is not the subscription's,
 * or the content type VCC sends refused.
 */
import type { CheckResult } from './types.js';

/**
 * The one diagnosis line, or undefined when the answers differ (or none came). The bad bodies of
 * `bad-input` are left out: a receiver may refuse them for being bad first.
 *
 * @example
 * diagnose(report.checks, false) // 'every probe got 415: it refuses application/cloudevents+json, which VCC sends'
 */
export function diagnose(checks: readonly CheckResult[], signed: boolean): string | undefined {
  // bad-input's bad bodies may be refused for being bad (413, 400) before anything else.
  const probes = checks.flatMap((c) =>
    c.id === 'bad-input' ? c.evidence.filter((x) => x.probe.startsWith('valid after')) : c.evidence,
  );
  const statuses = new Set(probes.flatMap((x) => (x.status !== undefined ? [x.status] : [])));
  if (statuses.size === 0) return undefined;
  const only = (...allowed: number[]) => [...statuses].every((s) => allowed.includes(s));
  if (only(415))
    return 'every probe got 415: it refuses application/cloudevents+json, which VCC sends';
  if (only(401, 403))
    return signed
      ? 'every probe got 401 or 403, signed too: is --secret the subscription secret the receiver verifies with?'
      : 'every probe got 401 or 403, sent unsigned: does it verify signatures? give --secret';
  return undefined;
}
