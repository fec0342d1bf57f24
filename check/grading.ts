/**
 * What every check shares: the context it runs in, how an answer is graded against VCC's
 * contract (200-205 within the deadline), and how verdicts combine.
 */
import type { SignatureFormat } from '../wire/signature-format.js';
import { NOT_SENT } from './guard.js';
import type { ProbeTarget } from './target.js';
import type { Signing } from './tokens.js';
import type { CheckId, CheckResult, Exchange, Verdict } from './types.js';

/** VCC's delivery deadline: no answer within 10 s is a failure, and retried. */
export const VCC_DEADLINE_MS = 10_000;

/** What a check runs with. */
export interface CheckContext {
  target: ProbeTarget;
  /** The HMAC key from `--secret`, when given. */
  key: Uint8Array | undefined;
  deadlineMs: number;
  /** `--p99`: the answers' p99 must stay under this, ms. */
  p99Ms: number | undefined;
  /**
   * How every signed probe and forgery writes `Vonage-Signature`: the form the receiver takes
   * (found first, or `--signature-format`), the bare JWT when it takes both or neither.
   */
  format: SignatureFormat;
  /** The key and that form, for `notificationRequest()`. */
  signing: Signing;
}

/** True for a success as VCC counts it: 200-205, within the deadline. */
export function accepted(x: Exchange, deadlineMs: number): boolean {
  return x.status !== undefined && x.status >= 200 && x.status <= 205 && x.ms < deadlineMs;
}

/** The answer in a few words: `204 in 3 ms`, `no answer within 10 s`. */
export function answerText(x: Exchange): string {
  return x.status !== undefined ? `${x.status} in ${x.ms} ms` : (x.error ?? 'no answer');
}

/** True when the request found no connection (ECONNREFUSED, ECONNRESET, …): not the deadline. */
export function connectionFailed(x: Exchange): boolean {
  return x.status === undefined && /^E[A-Z]+$/.test(x.error ?? '');
}

/**
 * `15 of 15 could not connect (ECONNREFUSED): did the receiver crash on an earlier probe?`, or
 * undefined when every request connected.
 */
export function couldNotConnect(evidence: readonly Exchange[]): string | undefined {
  const failed = evidence.filter(connectionFailed);
  if (failed.length === 0) return undefined;
  const codes = [...new Set(failed.map((x) => x.error))].join(', ');
  return `${failed.length} of ${evidence.length} could not connect (${codes}): did the receiver crash on an earlier probe?`;
}

const RANK: Record<Verdict, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/** The worst of some verdicts (`pass` when there are none). */
export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}

/** An answer's kind: its status, or the error (`no answer within 10 s`, `ECONNRESET`). */
const kindOf = (x: Exchange) =>
  x.status !== undefined ? String(x.status) : (x.error ?? 'no answer');

/**
 * The refusals, status first: `13 of 13 got 401; first: channel.alerted.v0 in 3 ms`, or with
 * several answers `3 of 13 not accepted (409 x2, 500 x1); first: …`. The probe is named once (its
 * `sent` only when it says more than the probe's name).
 */
export function refusals(bad: readonly Exchange[], total: number): string {
  const kinds = new Map<string, number>();
  for (const x of bad) kinds.set(kindOf(x), (kinds.get(kindOf(x)) ?? 0) + 1);
  const head =
    kinds.size === 1
      ? `${bad.length} of ${total} got ${[...kinds.keys()][0]}`
      : `${bad.length} of ${total} not accepted (${[...kinds].map(([k, n]) => `${k} x${n}`).join(', ')})`;
  const first = bad[0] as Exchange;
  const sent = first.sent.startsWith(first.probe) ? '' : ` (${first.sent})`;
  const took = first.status !== undefined ? ` in ${first.ms} ms` : '';
  return `${head}; first: ${first.probe}${sent}${took}`;
}

/** A check whose every exchange must be accepted: pass, or fail naming the first that was not. */
export function allAccepted(
  id: CheckId,
  evidence: Exchange[],
  ctx: CheckContext,
  passLine: string,
): CheckResult {
  for (const x of evidence) x.verdict = accepted(x, ctx.deadlineMs) ? 'pass' : 'fail';
  const failed = evidence.filter((x) => x.verdict === 'fail');
  if (failed.length === 0) return { id, verdict: 'pass', summary: passLine, evidence };
  // Held back after timeouts: counted in the summary's "N more not sent" instead.
  const held = failed.filter((x) => x.error === NOT_SENT).length;
  const bad = failed.filter((x) => x.error !== NOT_SENT);
  const unreachable = bad.every(connectionFailed) ? couldNotConnect(evidence) : undefined;
  if (unreachable) return { id, verdict: 'fail', summary: unreachable, evidence };
  // Refused as unsigned: the receiver verifies, and the check was not given the secret.
  const hint =
    !ctx.key && bad.every((x) => x.status === 401 || x.status === 403)
      ? ' (sent unsigned: give the secret, --secret, if the receiver verifies signatures)'
      : '';
  return {
    id,
    verdict: 'fail',
    summary: `${refusals(bad, evidence.length - held)}; VCC retries anything but 200-205 within ${ctx.deadlineMs / 1000} s${hint}`,
    evidence,
  };
}

/** The p-th percentile (0-100) of some values, nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
