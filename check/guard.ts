/**
 * A check's probes stop after two of them went unanswered: the rest would each wait the whole
 * deadline for a receiver that is not answering (20 pairs in a row: minutes). What was not sent
 * is in the evidence as not sent, and counted in the summary.
 */
import { noAnswer, type ProbeTarget } from './target.js';
import type { Exchange } from './types.js';

/** Unanswered probes in one check before the rest of it is not sent. */
export const MAX_MISSES = 2;

/** The error of a probe not sent. */
export const NOT_SENT = `not sent after ${MAX_MISSES} timeouts`;

/** A target for one check, and what it held back. */
export interface GuardedTarget {
  target: ProbeTarget;
  /** Probes not sent after {@link MAX_MISSES} went unanswered. */
  notSent(): number;
}

/**
 * `target` for one check: after {@link MAX_MISSES} probes got no answer within the deadline, later
 * probes resolve at once with {@link NOT_SENT} (those already in flight still finish).
 *
 * @example
 * const { target: t, notSent } = guardTimeouts(target, 10_000);
 */
export function guardTimeouts(target: ProbeTarget, deadlineMs: number): GuardedTarget {
  const missed = noAnswer(deadlineMs);
  let misses = 0;
  let held = 0;
  const send = async (r: Parameters<ProbeTarget['send']>[0]): Promise<Exchange> => {
    if (misses >= MAX_MISSES) {
      held++;
      return { probe: r.probe, sent: r.sent, error: NOT_SENT, ms: 0 };
    }
    const x = await target.send(r);
    if (x.status === undefined && x.error === missed) misses++;
    return x;
  };
  return {
    target: { name: target.name, url: target.url, send, close: () => {} },
    notSent: () => held,
  };
}
