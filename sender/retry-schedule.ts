/**
 * Redelivery: retry n waits the schedule's delay n (the last repeats), in simulated time
 * compressed by the replay speed; a 429's or 503's Retry-After (real time) can only lengthen it,
 * and never past the give-up window (asked beyond it, the last attempt goes at the window's end);
 * an event gives up once it is out of attempts or its next attempt would fall past the window,
 * `rejected` when its last answer was a 4xx that is final.
 */
import type { RetryPolicy } from '../scenarios/index.js';
import type { Answer } from './answer.js';
import type { OutcomeKind } from './delivery-ledger.js';

/**
 * How an event ends when it is not retried again: `rejected` when the receiver refused it for good
 * (a 4xx other than 408 Request Timeout and 429 Too Many Requests, which ask to come back later),
 * else `gave-up`.
 *
 * @example
 * finalOutcome({ status: 429, latencyMs: 1 }) // 'gave-up'
 */
export function finalOutcome(a: Answer): OutcomeKind {
  const s = a.status;
  return s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 429 ? 'rejected' : 'gave-up';
}

/**
 * Real ms before the give-up window's end that count as its end. A timer set for the window's end
 * may fire a fraction of a ms before it by `performance.now()` (timers keep whole ms): the attempt
 * it sends is the window's last, and its failure gives up rather than retry in the sliver left.
 */
const WINDOW_END_SLACK_MS = 1;

/** When an event's next attempt goes out, or that it gives up. */
export class RetrySchedule {
  constructor(
    private readonly retry: RetryPolicy,
    /** Simulated ms per real ms. */
    private readonly scale: number,
    private readonly maxAttempts: number | undefined,
  ) {}

  /**
   * After a failed attempt: the real ms to wait before the next, or how the event ends.
   *
   * @example
   * const next = schedule.after(head, answer);
   * if (typeof next === 'string') finish(next); else setTimeout(retry, next);
   */
  after(head: { attempts: number; firstAttemptAt: number }, a: Answer): number | OutcomeKind {
    const { scheduleMs, giveUpAfterMs } = this.retry;
    const ends = finalOutcome(a);
    const outOfAttempts = this.maxAttempts !== undefined && head.attempts >= this.maxAttempts;
    if (outOfAttempts || scheduleMs.length === 0) return ends;
    // Retry n waits scheduleMs[n - 1]: the first retry follows the schedule's first delay (0: at once).
    const index = Math.min(head.attempts - 1, scheduleMs.length - 1);
    const delay = (scheduleMs[index] ?? 0) / this.scale;
    const now = performance.now();
    // The give-up window, in real ms from the first attempt.
    const windowEnd = head.firstAttemptAt + giveUpAfterMs / this.scale;
    if (now + delay > windowEnd || now >= windowEnd - WINDOW_END_SLACK_MS) return ends;
    if (a.retryAfterMs === undefined || a.retryAfterMs <= delay) return delay;
    // Retry-After lengthens the wait, within the window: asked past its end, the last attempt
    // goes at the end.
    return Math.min(a.retryAfterMs, windowEnd - now);
  }
}

/**
 * Attempts waiting on a timer; stopping the run cancels them all and hands their events back.
 *
 * @example
 * timers.later(batch, delayMs, () => attempt(batch));
 * for (const batch of timers.cancelAll()) for (const p of batch) finish(p, 'not-sent');
 */
export class RetryTimers<T> {
  private readonly entries = new Set<{ timer: ReturnType<typeof setTimeout>; batch: T[] }>();

  /** Attempts waiting now. */
  get size(): number {
    return this.entries.size;
  }

  /** Runs `run` after `delayMs`, unless cancelled first. */
  later(batch: T[], delayMs: number, run: () => void): void {
    const entry = {
      timer: setTimeout(() => {
        this.entries.delete(entry);
        run();
      }, delayMs),
      batch,
    };
    this.entries.add(entry);
  }

  /** Cancels every waiting attempt; returns their batches. */
  cancelAll(): T[][] {
    const batches: T[][] = [];
    for (const entry of this.entries) {
      clearTimeout(entry.timer);
      batches.push(entry.batch);
    }
    this.entries.clear();
    return batches;
  }
}
