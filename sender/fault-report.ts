/**
 * The fault report: how the target answered each kind of fault chaos injected (duplicates,
 * reordering, late first deliveries, malformed requests), counted by answer, with each malformed
 * request reported as a probe as its answer comes. Chaos decides the faults; the dispatcher hands
 * their answers here; the ledger's summary carries the report.
 */
import { MALFORMATION_INFO, type Malformation } from '../scenarios/index.js';
import { type Answer, isSuccess } from './answer.js';

/** The kinds of injected fault, as the summary reports them. */
export type FaultKind = 'duplicate' | 'out-of-order' | 'delayed-retry' | Malformation;

/** How the target answered one injected fault: a ledger line of its own. */
export interface ProbeOutcome {
  fault: FaultKind;
  /** The id the request carried (malformed requests get fresh ids). */
  id: string;
  /** What a correct receiver answers: `2xx`, or `4xx` for malformed requests. */
  expected: '2xx' | '4xx';
  status?: number;
  error?: string;
  /** The answer was what a correct receiver gives. */
  ok: boolean;
}

/** How the target answered each kind of injected fault. */
export interface FaultReport {
  /** Requests (or, for reordering and late deliveries, events) carrying this fault. */
  sent: number;
  expected: '2xx' | '4xx';
  /** The precise answer a correct receiver gives, where there is one (e.g. 401 for a bad signature). */
  precise?: number;
  /** Answers by status, or error code. */
  answers: Record<string, number>;
  /** Answers that matched `expected`. */
  ok: number;
}

/**
 * Counts how the target answered a run's faults, by kind.
 *
 * @example
 * const report = new FaultReports((probe) => console.log(probe));
 * report.record('bad-json', id, { status: 400, latencyMs: 2 });
 * report.faults['bad-json'] // { sent: 1, expected: '4xx', precise: 400, answers: { 400: 1 }, ok: 1 }
 */
export class FaultReports {
  readonly faults: Partial<Record<FaultKind, FaultReport>> = {};

  constructor(private readonly onProbe: ((probe: ProbeOutcome) => void) | undefined) {}

  /**
   * Counts how the target answered a fault (undefined: it was never sent), and reports it as a
   * probe unless `probe` is false (a reordered or late event reports with its own outcome).
   */
  record(fault: FaultKind, id: string, a: Answer | undefined, probe = true): void {
    const expected =
      fault === 'duplicate' || fault === 'out-of-order' || fault === 'delayed-retry'
        ? '2xx'
        : '4xx';
    const precise =
      expected === '4xx' ? MALFORMATION_INFO[fault as Malformation].expectStatus : undefined;
    this.faults[fault] ??= {
      sent: 0,
      expected,
      ...(precise ? { precise } : {}),
      answers: {},
      ok: 0,
    };
    const report = this.faults[fault];
    report.sent++;
    const label =
      a === undefined
        ? 'not-sent'
        : a.status !== undefined
          ? String(a.status)
          : (a.error ?? 'error');
    report.answers[label] = (report.answers[label] ?? 0) + 1;
    const status = a?.status;
    const ok =
      status !== undefined &&
      (expected === '2xx' ? isSuccess(status) : status >= 400 && status < 500);
    if (ok) report.ok++;
    if (!probe) return;
    this.onProbe?.({
      fault,
      id,
      expected,
      ...(status !== undefined ? { status } : {}),
      ...(a?.error !== undefined ? { error: a.error } : {}),
      ok,
    });
  }
}
