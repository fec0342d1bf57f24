/**
 * What `vcc-sim check` and `checkReceiver()` report: the checks by id, each with a verdict and
 * the exchanges behind it, and the receiver's capacity when it was measured.
 */

/**
 * The checks, in the order they run. Stable: scripts select them with `--only`/`--skip` and read
 * them from `--json` and JUnit.
 *
 * @example
 * CHECK_IDS.includes('duplicates') // true
 */
export const CHECK_IDS = [
  'accepts-every-type',
  'signature-required',
  'duplicates',
  'out-of-order',
  'pair-race',
  'forward-compatible',
  'bad-input',
  'deadline',
  'capacity',
] as const;

/**
 * One check's id.
 *
 * @example
 * const id: CheckId = 'pair-race';
 */
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * `pass`, `fail`, `warn` (works, but not as VCC expects), or `skip` (with the reason).
 *
 * @example
 * const v: Verdict = 'warn';
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * One request a check sent and what came back.
 *
 * @example
 * const e: Exchange = { probe: 'unsigned', sent: 'channel.held.v0, no Vonage-Signature', status: 401, ms: 3 };
 */
export interface Exchange {
  /** The probe's name within its check, e.g. `wrong-key`. */
  probe: string;
  /** What was sent, in a few words. */
  sent: string;
  /** The answer's status, when there was one. */
  status?: number;
  /** No status: `no answer within 10 s`, `ECONNRESET`, `the handler threw: ...`. */
  error?: string;
  /** From the request's start to the end of its answer, ms. */
  ms: number;
  /** What to change when this exchange did not pass, e.g. jose's `maxTokenAge: '5m'`. */
  hint?: string;
  /** This exchange's own verdict, when the check grades exchanges one by one. */
  verdict?: Verdict;
}

/**
 * One check's outcome.
 *
 * @example
 * const r: CheckResult = { id: 'duplicates', verdict: 'pass', summary: '5 copies of one notification: 2xx each', evidence: [] };
 */
export interface CheckResult {
  id: CheckId;
  verdict: Verdict;
  /** One line: why this verdict. */
  summary: string;
  evidence: Exchange[];
  /** How long the check took, ms. */
  durationMs?: number;
}

/**
 * One step of the capacity ramp.
 *
 * @example
 * const s: CapacityStep = { rate: 400, achieved: 398, sent: 800, ok: 800, notOk: 0, late: 0, p99Ms: 4, good: true };
 */
export interface CapacityStep {
  /** Notifications per second asked of the sender. */
  rate: number;
  /** Notifications per second it delivered. */
  achieved: number;
  sent: number;
  /** Answered 200-205 within the deadline. */
  ok: number;
  /** Answered otherwise, or not at all. */
  notOk: number;
  /** Answers after the deadline (or none). */
  late: number;
  p99Ms: number;
  /** The receiver kept up at this rate. */
  good: boolean;
  /** Why not, when not. */
  why?: string;
}

/**
 * The receiver's capacity: the highest rate it sustained, what stopped the ramp, and the contact
 * center that rate covers.
 *
 * @example
 * const c: CapacityResult = { sustainedPerSecond: 850, limitedBy: 'receiver', senderPerSecond: 4200, agents: { peakSecond: 11000, busiest15m: 30000 }, steps: [] };
 */
export interface CapacityResult {
  /** The highest notification rate the receiver kept up with, per second. */
  sustainedPerSecond: number;
  /**
   * `receiver`: it stopped keeping up; `sender`: the ramp reached the sender's own ceiling first;
   * `time`: the ramp's time ran out first (the rate is a lower bound).
   */
  limitedBy: 'receiver' | 'sender' | 'time';
  /** The sender's ceiling on this machine, measured first in the same run, notifications/s. */
  senderPerSecond: number;
  /** The largest center (agents) whose peak second, and whose busiest 15 minutes, this rate covers. */
  agents: { peakSecond: number; busiest15m: number };
  steps: CapacityStep[];
}

/**
 * A whole run.
 *
 * @example
 * const report = await checkReceiver({ handler: app });
 * report.failed // [] when the receiver is ready
 */
export interface CheckReport {
  /** The URL checked, or `(in-process handler)`. */
  target: string;
  checks: CheckResult[];
  /** Ids of the checks that failed. */
  failed: CheckId[];
  /** Ids of the checks that warned. */
  warned: CheckId[];
  capacity?: CapacityResult;
  /** One line when every probe got the same refusal: why (e.g. `does it verify signatures? give --secret`). */
  diagnosis?: string;
  durationMs: number;
}
