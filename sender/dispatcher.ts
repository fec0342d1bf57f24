/**
 * Sends events within the in-flight cap and routes each answer: success ends the event as
 * delivered, anything else retries it on the schedule until it gives up; chaos requests (duplicates,
 * malformed requests) go once and are reported as faults. Stopping ends whatever waits as not sent.
 */
import { CONTENT_MODES, type ContentMode } from '../wire/cloudevents.js';
import { type Answer, isSuccess } from './answer.js';
import type { Chaos, ChaosSends, MalformedProbe } from './chaos.js';
import { LATE_FIRST_DELIVERY_MS } from './chaos.js';
import type { DeliveryLedger, OutcomeKind, Pending } from './delivery-ledger.js';
import type { FaultKind } from './fault-report.js';
import type { InFlight } from './in-flight.js';
import type { RequestSigner } from './request-signer.js';
import { type RetrySchedule, RetryTimers } from './retry-schedule.js';
import type { Transport } from './transport.js';

/** What a dispatcher works with. */
export interface DispatcherParts {
  mode: ContentMode;
  /** Extra headers on every request. */
  headers: Record<string, string>;
  transport: Transport;
  inFlight: InFlight;
  signer: RequestSigner;
  ledger: DeliveryLedger;
  schedule: RetrySchedule;
  chaos: Chaos | undefined;
  /** Events (and chaos requests) open at once, retries waiting included: the source waits beyond. */
  maxOpen: number;
}

/**
 * Sends a run's requests.
 *
 * @example
 * const dispatcher = new Dispatcher(parts);
 * dispatcher.send([pending]); // one request; its outcome goes to the ledger
 */
export class Dispatcher implements ChaosSends {
  /** The run was stopped: nothing new goes out. */
  stopped = false;
  private readonly timers = new RetryTimers<Pending>();
  private waker: (() => void) | undefined;

  constructor(private readonly parts: DispatcherParts) {}

  /** Requests waiting on their retry timer now. */
  get retrying(): number {
    return this.timers.size;
  }

  /**
   * Resolves once a new event may enter the run: a request slot is free (no one waits for one)
   * and fewer than `maxOpen` events are open. This is the backpressure that keeps a run's memory
   * flat: the source is read only as fast as the target takes its events.
   */
  async room(): Promise<void> {
    const { inFlight, ledger, maxOpen } = this.parts;
    while (!this.stopped && (inFlight.full || ledger.open >= maxOpen))
      await new Promise<void>((r) => {
        this.waker = r;
      });
  }

  /** Wakes `room()` to look again. */
  private wake(): void {
    const w = this.waker;
    this.waker = undefined;
    w?.();
  }

  /** Sends events as one request now (retried until they have their outcome). */
  attempt(batch: Pending[]): void {
    void this.send(batch);
  }

  /** Sends an event's first delivery late, as a retry after a lost first attempt would arrive. */
  late(p: Pending): void {
    this.timers.later([p], LATE_FIRST_DELIVERY_MS, () => this.attempt([p]));
  }

  /** Sends a malformed request once; the answer goes to the fault report. */
  malformed({ kind, id, req }: MalformedProbe): void {
    void this.probe(kind, id, async () => {
      const headers: Record<string, string> = {
        ...this.parts.headers,
        'content-type': req.contentType,
      };
      this.parts.signer.signMalformed(headers, req);
      return [req.body, headers];
    });
  }

  /** Ends an event as not sent. */
  drop(p: Pending): void {
    this.finish(p, 'not-sent');
  }

  /** Writes an event's outcome (once), then sends its chaos duplicate if it has one. */
  finish(p: Pending, outcome: OutcomeKind, a?: Answer): void {
    const { ledger, chaos } = this.parts;
    if (!ledger.close(p, outcome, a)) return;
    if (chaos?.onOutcome(p, outcome, a) && !this.stopped) void this.duplicate(p);
    ledger.settle();
    this.wake();
  }

  /** Stops the run: retries waiting on their timer end as not sent. */
  stop(): void {
    this.stopped = true;
    for (const batch of this.timers.cancelAll()) for (const p of batch) this.finish(p, 'not-sent');
    this.wake();
  }

  private async send(batch: Pending[]): Promise<void> {
    const { inFlight, ledger, schedule } = this.parts;
    await inFlight.acquire();
    if (this.stopped) {
      inFlight.release();
      for (const p of batch) this.finish(p, 'not-sent');
      return;
    }
    const now = performance.now();
    if ((batch[0] as Pending).attempts > 0) ledger.counts.retries++;
    for (const p of batch) {
      if (p.attempts === 0) {
        p.firstAttemptAt = now;
        this.parts.chaos?.firstAttempt(p, now);
      }
      p.attempts++;
    }
    let a: Answer;
    try {
      a = await this.exchange(batch);
    } catch (err) {
      a = { error: (err as NodeJS.ErrnoException).code ?? 'request-error', latencyMs: 0 };
    } finally {
      inFlight.release();
      this.wake();
    }
    if (a.status !== undefined && isSuccess(a.status)) {
      for (const p of batch) this.finish(p, 'delivered', a);
      return;
    }
    if (a.error === 'aborted') {
      // Cut off by stopping the run: whether it arrived is unknown, it was not delivered.
      for (const p of batch) this.finish(p, 'not-sent', a);
      return;
    }
    const next = schedule.after(batch[0] as Pending, a);
    if (typeof next === 'string') {
      for (const p of batch) this.finish(p, next, a);
      return;
    }
    if (this.stopped) {
      for (const p of batch) this.finish(p, 'not-sent', a);
      return;
    }
    this.timers.later(batch, next, () => this.attempt(batch));
  }

  /** One request for the events, in the run's content mode, signed. */
  private async exchange(batch: Pending[]): Promise<Answer> {
    const { mode, signer, transport } = this.parts;
    const headers: Record<string, string> = { ...this.parts.headers };
    const body = CONTENT_MODES[mode].encode(
      batch.map((p) => p.n),
      headers,
    );
    if (signer.key) signer.sign(headers, body);
    return transport.post(body, headers);
  }

  /** An event delivered a second time (same id): a correct receiver answers 2xx again. */
  private duplicate(p: Pending): Promise<void> {
    return this.probe('duplicate', p.n.id, async () => {
      const headers: Record<string, string> = { ...this.parts.headers };
      const body = CONTENT_MODES.structured.encode([p.n], headers);
      this.parts.signer.sign(headers, body);
      return [body, headers];
    });
  }

  /** One chaos request, sent once (never retried): its answer goes to the fault report. */
  private async probe(
    fault: FaultKind,
    id: string,
    build: () => Promise<[string, Record<string, string>]>,
  ): Promise<void> {
    const { inFlight, ledger, transport } = this.parts;
    const chaos = this.parts.chaos as Chaos;
    ledger.enter();
    await inFlight.acquire();
    if (this.stopped) {
      inFlight.release();
      chaos.report.record(fault, id, undefined);
      ledger.settle();
      return;
    }
    let a: Answer;
    try {
      const [body, headers] = await build();
      a = await transport.post(body, headers);
    } finally {
      inFlight.release();
    }
    chaos.report.record(fault, id, a);
    ledger.settle();
    this.wake();
  }
}
