/**
 * `deadline`: under a realistic burst (the shift-end scenario's peak second, every notification
 * of it at once, both halves of each hang-up together), the answers' p99 stays under VCC's 10 s
 * and under `--p99` when given.
 */

import { shiftEndPeakSecond } from './center.js';
import {
  accepted,
  answerText,
  type CheckContext,
  connectionFailed,
  couldNotConnect,
  percentile,
} from './grading.js';
import { freshen } from './material.js';
import { formatSeconds } from './target.js';
import { notificationRequest } from './tokens.js';
import type { CheckResult } from './types.js';

/** `deadline`. */
export async function deadline(ctx: CheckContext): Promise<CheckResult> {
  const map = new Map<string, string>();
  const burst = shiftEndPeakSecond().map((n) => freshen(n, map));
  const evidence = await Promise.all(
    burst.map((n, i) => ctx.target.send(notificationRequest(n, `burst #${i + 1}`, ctx.signing))),
  );
  const what = `${burst.length} notifications at once (shift-end's peak second)`;
  const unreachable = couldNotConnect(evidence);
  if (unreachable) {
    for (const x of evidence) x.verdict = connectionFailed(x) ? 'fail' : 'pass';
    return { id: 'deadline', verdict: 'fail', summary: `${what}: ${unreachable}`, evidence };
  }
  // No answer counts as the deadline itself (at least).
  const times = evidence.map((x) =>
    x.status === undefined ? Math.max(x.ms, ctx.deadlineMs) : x.ms,
  );
  const p99 = percentile(times, 99);
  for (const [i, x] of evidence.entries())
    x.verdict = (times[i] as number) < ctx.deadlineMs ? 'pass' : 'fail';
  const limit = Math.min(ctx.deadlineMs, ctx.p99Ms ?? Number.POSITIVE_INFINITY);
  const refused = evidence.filter((x) => !accepted(x, ctx.deadlineMs));
  // A 5xx at the peak is retried by VCC into the next peak: a retry storm, so any one fails.
  const errors = evidence.filter((x) => x.status !== undefined && x.status >= 500);
  for (const x of errors) x.verdict = 'fail';
  if (errors.length > 0 && p99 < limit)
    return {
      id: 'deadline',
      verdict: 'fail',
      summary: `${what}: ${errors.length} of ${burst.length} got ${answerText(errors[0] as (typeof evidence)[number])} (a 5xx at the peak is retried by VCC into the next one: a retry storm); p99 ${p99} ms`,
      evidence,
    };
  if (p99 >= limit) {
    const bound =
      ctx.p99Ms !== undefined && ctx.p99Ms < ctx.deadlineMs
        ? `--p99 ${ctx.p99Ms} ms`
        : `VCC's ${formatSeconds(ctx.deadlineMs)}`;
    const slowest = evidence.reduce((a, b) => (b.ms > a.ms ? b : a));
    return {
      id: 'deadline',
      verdict: 'fail',
      summary: `${what}: p99 ${p99} ms, over ${bound} (slowest: ${answerText(slowest)})`,
      evidence,
    };
  }
  if (refused.length > 0)
    return {
      id: 'deadline',
      verdict: 'warn',
      summary: `${what}: p99 ${p99} ms, but ${refused.length} answered ${answerText(refused[0] as (typeof evidence)[number])}`,
      evidence,
    };
  return { id: 'deadline', verdict: 'pass', summary: `${what}: p99 ${p99} ms, all 2xx`, evidence };
}
