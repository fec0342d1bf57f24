/**
 * The delivery ledger: one line per event with its one final outcome, the run's counts, the
 * answers by status and their latency, and the summary `deliver()` resolves with. It also knows
 * when the run is over: once every event (and every chaos request) has settled.
 */
import type { Notification } from '../generator/notifications/notification.js';
import { LatencyHistogram, type LatencySummary } from '../wire/latency.js';
import { type Answer, isSuccess } from './answer.js';
import type { FaultKind, FaultReport } from './fault-report.js';

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
  /**
   * A paced run (`speed` or `rate`; none with `max`): whether every send went out on time, within
   * {@link SCHEDULE_SLACK_MS}, and how far behind its due time the latest one was (real ms). A
   * target slower than the pace, or too few requests in flight, holds the sends back.
   */
  schedule?: { kept: boolean; behindMs: number };
  /** Per injected fault, how the target answered (chaos runs only). */
  faults?: Partial<Record<FaultKind, FaultReport>>;
}

/** How far behind its due time a send may go out with the schedule still kept, real ms. */
export const SCHEDULE_SLACK_MS = 1000;

/**
 * How a run is going, as `onProgress` hears it every second: what has entered the run, what has
 * its outcome, what is on its way, and whether the target is failing every attempt.
 */
export interface DeliveryProgress {
  /** Real ms since the run started. */
  elapsedMs: number;
  /** Events taken from the source so far. */
  events: number;
  delivered: number;
  rejected: number;
  gaveUp: number;
  notSent: number;
  /** HTTP requests made so far (answered or not). */
  requests: number;
  /** Requests waiting for their answer now. */
  inFlight: number;
  /** Requests waiting on their retry timer now. */
  retrying: number;
  /** Attempts that failed (no 200-205), so far. */
  failedAttempts: number;
  /** Attempts that succeeded, so far. */
  succeededAttempts: number;
  /**
   * Real ms since every attempt started failing (the last success, or the first attempt); absent
   * when the last answer was a success.
   */
  failingForMs?: number;
  /** What the last failed attempt got: its status (`503`) or error (`ECONNREFUSED`, `timeout`). */
  lastFailure?: string;
}

/** An event on its way: its attempts so far, until it has its outcome. */
export interface Pending {
  n: Notification;
  /** Its place in the source's order (from 0). */
  index: number;
  /** When it was due to go out, performance.now() (0 until dispatched). */
  dueAt: number;
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
 * ledger.enter(); // an event enters the run …
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
  /** Attempts by result, and since when (performance.now()) every answer has been a failure. */
  readonly attempts = { failed: 0, succeeded: 0, failingSince: undefined as number | undefined };
  lastFailure: string | undefined;

  constructor(
    private readonly onOutcome: ((outcome: EventOutcome, event: Notification) => void) | undefined,
  ) {}

  /** Records an answer (the transport's hook). */
  readonly recordAnswer = (a: Answer): void => {
    this.latency.record(a.latencyMs);
    const label = a.status !== undefined ? String(a.status) : (a.error as string);
    this.answers[label] = (this.answers[label] ?? 0) + 1;
    const at = this.attempts;
    if (a.status !== undefined && isSuccess(a.status)) {
      at.succeeded++;
      at.failingSince = undefined;
    } else if (a.error !== 'aborted') {
      at.failed++;
      at.failingSince ??= performance.now() - a.latencyMs;
      this.lastFailure = label;
    }
  };

  /** Events (and chaos requests) that entered the run and have not settled yet. */
  get open(): number {
    return this.outstanding;
  }

  /** Something enters the run that must settle before it ends (an event, or a chaos request). */
  enter(): void {
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
    this.onOutcome?.(
      {
        id: p.n.id,
        type: p.n.type,
        outcome,
        attempts: p.attempts,
        ...(a?.status !== undefined ? { status: a.status } : {}),
        ...(a?.error !== undefined ? { error: a.error } : {}),
        ...(a ? { latencyMs: Math.round(a.latencyMs * 100) / 100 } : {}),
        ...(p.fault ? { fault: p.fault } : {}),
      },
      p.n,
    );
    return true;
  }

  /** How the run is going now. */
  progress(
    elapsedMs: number,
    requests: number,
    inFlight: number,
    retrying: number,
  ): DeliveryProgress {
    const c = this.counts;
    const at = this.attempts;
    return {
      elapsedMs,
      events: c.events,
      delivered: c.delivered,
      rejected: c.rejected,
      gaveUp: c.gaveUp,
      notSent: c.notSent,
      requests,
      inFlight,
      retrying,
      failedAttempts: at.failed,
      succeededAttempts: at.succeeded,
      ...(at.failingSince !== undefined
        ? { failingForMs: performance.now() - at.failingSince }
        : {}),
      ...(this.lastFailure !== undefined ? { lastFailure: this.lastFailure } : {}),
    };
  }

  /** The run's totals. */
  summary(
    requests: number,
    durationMs: number,
    stopped: boolean,
    faults: DeliverySummary['faults'],
    behindMs?: number,
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
      ...(behindMs !== undefined
        ? { schedule: { kept: behindMs <= SCHEDULE_SLACK_MS, behindMs: Math.round(behindMs) } }
        : {}),
      ...(faults ? { faults } : {}),
    };
  }
}
