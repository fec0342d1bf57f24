/**
 * The delivery ledger: one line per event with its one final outcome, the run's counts, the
 * answers by status and their latency, and the summary `deliver()` resolves with. It also knows
 * when the run is over: once every event (and every chaos request) has settled.
 */
import type { Notification } from '../generator/notification.js';
import { LatencyHistogram, type LatencySummary } from '../wire/latency.js';
import type { FaultKind, FaultReport } from './chaos.js';
import type { Answer } from './transport.js';

/** The one final outcome of an event. */
export type OutcomeKind = 'delivered' | 'rejected' | 'gave-up' | 'not-sent';

/** What happened to one event: a ledger line. */
export interface EventOutcome {
  id: string;
  type: string;
  outcome: OutcomeKind;
  /** Requests made for it. */
  attempts: number;
  /** The last answer's status, when there was one. */
  status?: number;
  /** The last failure without a status: `timeout`, `ECONNREFUSED`, `ECONNRESET`, … */
  error?: string;
  /** Latency of the last attempt, ms. */
  latencyMs?: number;
  /** The chaos fault this event carried (`out-of-order`, `delayed-retry`). */
  fault?: FaultKind;
}

/** The run's totals; `delivered + rejected + gaveUp + notSent === events`, always. */
export interface DeliverySummary {
  events: number;
  delivered: number;
  rejected: number;
  gaveUp: number;
  notSent: number;
  /** HTTP requests made, retries included. */
  requests: number;
  /** Requests that were retries. */
  retries: number;
  /** Events that needed more than one attempt. */
  retried: number;
  /** Hang-up pairs (an agent channel's disconnected + wrapstarted) sent together. */
  pairs: number;
  durationMs: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latency: LatencySummary;
  /** Answers by status, plus `timeout` and connection errors by code. */
  answers: Record<string, number>;
  stopped: boolean;
  /** Per injected fault, how the target answered (chaos runs only). */
  faults?: Partial<Record<FaultKind, FaultReport>>;
}

/** An event on its way: its attempts so far, until it has its outcome. */
export interface Pending {
  n: Notification;
  sendMs: number;
  attempts: number;
  firstAttemptAt: number;
  done: boolean;
  /** The fault this event carries (reordering, late first delivery), reported with its final answer. */
  fault?: FaultKind;
  /** Deliver it a second time once delivered. */
  duplicate?: boolean;
}

/**
 * Counts a run's events, requests and answers.
 *
 * @example
 * const ledger = new DeliveryLedger(onOutcome);
 * ledger.open(); // an event enters the run …
 * if (ledger.close(p, 'delivered', answer)) ledger.settle(); // … and leaves it
 * await ledger.settled();
 */
export class DeliveryLedger {
  readonly counts = {
    events: 0,
    delivered: 0,
    rejected: 0,
    gaveUp: 0,
    notSent: 0,
    retries: 0,
    retried: 0,
    pairs: 0,
  };
  private readonly latency = new LatencyHistogram();
  private readonly answers: Record<string, number> = {};
  private outstanding = 0;
  private allSettled: (() => void) | undefined;

  constructor(private readonly onOutcome: ((outcome: EventOutcome) => void) | undefined) {}

  /** Records an answer (the transport's hook). */
  readonly recordAnswer = (a: Answer): void => {
    this.latency.record(a.latencyMs);
    const label = a.status !== undefined ? String(a.status) : (a.error as string);
    this.answers[label] = (this.answers[label] ?? 0) + 1;
  };

  /** Something enters the run that must settle before it ends (an event, or a chaos request). */
  open(): void {
    this.outstanding++;
  }

  /** Something has settled. */
  settle(): void {
    this.outstanding--;
    if (this.outstanding === 0 && this.allSettled) this.allSettled();
  }

  /** Resolves once everything opened has settled. */
  settled(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise<void>((r) => {
      this.allSettled = r;
    });
  }

  /** Writes an event's outcome (once: false when it already had one). */
  close(p: Pending, outcome: OutcomeKind, a?: Answer): boolean {
    if (p.done) return false;
    p.done = true;
    const c = this.counts;
    if (outcome === 'delivered') c.delivered++;
    else if (outcome === 'rejected') c.rejected++;
    else if (outcome === 'gave-up') c.gaveUp++;
    else c.notSent++;
    if (p.attempts > 1) c.retried++;
    this.onOutcome?.({
      id: p.n.id,
      type: p.n.type,
      outcome,
      attempts: p.attempts,
      ...(a?.status !== undefined ? { status: a.status } : {}),
      ...(a?.error !== undefined ? { error: a.error } : {}),
      ...(a ? { latencyMs: Math.round(a.latencyMs * 100) / 100 } : {}),
      ...(p.fault ? { fault: p.fault } : {}),
    });
    return true;
  }

  /** The run's totals. */
  summary(
    requests: number,
    durationMs: number,
    stopped: boolean,
    faults: DeliverySummary['faults'],
  ): DeliverySummary {
    const c = this.counts;
    return {
      events: c.events,
      delivered: c.delivered,
      rejected: c.rejected,
      gaveUp: c.gaveUp,
      notSent: c.notSent,
      requests,
      retries: c.retries,
      retried: c.retried,
      pairs: c.pairs,
      durationMs: Math.round(durationMs),
      requestsPerSecond: Math.round((requests / durationMs) * 1000 * 10) / 10,
      eventsPerSecond: Math.round((c.events / durationMs) * 1000 * 10) / 10,
      latency: this.latency.summary(),
      answers: this.answers,
      stopped,
      ...(faults ? { faults } : {}),
    };
  }
}
