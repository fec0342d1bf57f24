/**
 * How the receiver answered one attempt: a status or a failure without one, its latency, and what
 * a 429's or 503's Retry-After asked for. The transport makes answers; the retry schedule, the
 * ledger and chaos's fault report read them.
 */

/** One HTTP exchange's result: a status, or the failure without one. */
export interface Answer {
  status?: number;
  /** `timeout`, `ECONNREFUSED`, `ECONNRESET`, … */
  error?: string;
  /** What a 429's or 503's Retry-After asked for, ms. */
  retryAfterMs?: number | undefined;
  latencyMs: number;
}

/**
 * Success as VCC counts it: 200-205.
 *
 * @example
 * isSuccess(204) // true
 */
export const isSuccess = (status: number): boolean => status >= 200 && status <= 205;

/**
 * A Retry-After header as ms to wait: seconds, or an HTTP date; undefined when absent or unreadable.
 *
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
