/**
 * The delivery engine: sends notifications to a webhook receiver the way VCC does. One
 * notification per POST (`application/cloudevents+json`), signed with `Vonage-Signature` when it
 * has the secret; success is 200-205; anything else, or no answer within the timeout, is retried on
 * a schedule (honouring Retry-After on 429) until it gives up; redirects are not followed. Every
 * event ends in exactly one outcome. Requests go through `node:http`, so MSW can intercept them.
 *
 * `deliver()` is the orchestration; each concern is a module of its own: the options
 * (`delivery-options.ts`), the look-ahead and hang-up pairing (`send-queue.ts`), pacing
 * (`pacer.ts`), requests in flight (`in-flight.ts`), sending and retrying (`dispatcher.ts`,
 * `transport.ts`, `retry-schedule.ts`, `request-signer.ts`), faults (`chaos.ts`) and the outcomes
 * (`delivery-ledger.ts`).
 */
import { rebaseNotification } from '../generator/notifications/rebase.js';
import { Chaos } from './chaos.js';
import { DeliveryLedger, type DeliverySummary, type Pending } from './delivery-ledger.js';
import {
  type DeliverOptions,
  type ResolvedDelivery,
  resolveDeliveryOptions,
} from './delivery-options.js';
import { Dispatcher } from './dispatcher.js';
import { InFlight } from './in-flight.js';
import { Pacer } from './pacer.js';
import { RequestSigner } from './request-signer.js';
import { RetrySchedule } from './retry-schedule.js';
import { type Queued, SendQueue, type Source } from './send-queue.js';
import { Transport } from './transport.js';

export type {
  DeliveryProgress,
  DeliverySummary,
  EventOutcome,
  OutcomeKind,
} from './delivery-ledger.js';
export type { DeliverOptions, DeliveryMode } from './delivery-options.js';
export type { FaultKind, FaultReport, ProbeOutcome } from './fault-report.js';
export type { HttpEngine } from './transport.js';

/**
 * Delivers notifications to a receiver and resolves with the totals once every event has its
 * outcome.
 *
 * @example
 * const summary = await deliver(simulate({ agents: 10 }).timed(), { target: 'http://127.0.0.1:8080/webhook', pace: { speed: 600 } });
 * console.log(summary.delivered === summary.events);
 */
export async function deliver(source: Source, options: DeliverOptions): Promise<DeliverySummary> {
  const o = resolveDeliveryOptions(options);
  const ledger = new DeliveryLedger(options.onOutcome);
  const transport = new Transport(
    o.url,
    o.concurrency,
    o.retry.timeoutMs,
    ledger.recordAnswer,
    o.engine,
  );
  const started = performance.now();
  const wallStart = Date.now();
  const pacer = new Pacer(o.pace, started);
  const inFlight = new InFlight(o.concurrency);
  const chaos = options.chaos
    ? new Chaos(options.chaos, options.chaosSeed ?? 'chaos', {
        signs: o.key !== undefined,
        maxBodyBytes: options.maxBodyBytes,
        onProbe: options.onProbe,
      })
    : undefined;
  const dispatcher = new Dispatcher({
    mode: o.mode,
    headers: o.headers,
    transport,
    inFlight,
    signer: new RequestSigner(o.key, o.signatureFormat),
    ledger,
    schedule: new RetrySchedule(o.retry, o.scale, options.maxAttempts),
    chaos,
    maxOpen: Math.max(MAX_OPEN, o.batchSize * (o.concurrency + 2)),
  });
  // Stopping: nothing new goes out, waits end now, and what is still in flight after the grace
  // period is cut off.
  let cutOff: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (dispatcher.stopped) return;
    dispatcher.stop();
    pacer.stop();
    inFlight.wakeAll();
    cutOff = setTimeout(() => transport.abortAll(), options.stopGraceMs ?? 1000);
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const onProgress = options.onProgress;
  const report = () =>
    onProgress?.(
      ledger.progress(
        performance.now() - started,
        transport.requests,
        transport.inFlight,
        dispatcher.retrying,
      ),
    );
  const ticker = onProgress ? setInterval(report, options.progressEveryMs ?? 1000) : undefined;

  const rebase = o.pace.speed !== undefined && options.rebase !== false;
  const prepare = (q: Queued): Pending => {
    let n = q.n;
    try {
      // Once stopped, the rest is re-based by the run's offset too (when it has one: something
      // was due), so a redelivery of what was not sent fits the timeline of what was.
      const firstSendMs = pacer.firstSendMs ?? (dispatcher.stopped ? undefined : q.sendMs);
      if (rebase && firstSendMs !== undefined) n = rebaseNotification(n, wallStart - firstSendMs);
    } catch {
      // An event without the fields re-basing needs goes out as it is.
    }
    const index = ledger.counts.events++;
    ledger.enter();
    return { n, index, dueAt: 0, sendMs: q.sendMs, attempts: 0, firstAttemptAt: 0, done: false };
  };
  let sourceError: unknown;
  try {
    await run(new SendQueue(source), { o, pacer, dispatcher, chaos, ledger, prepare });
  } catch (err) {
    sourceError = err;
    stop();
  }
  await ledger.settled();
  clearTimeout(cutOff);
  clearInterval(ticker);
  report();
  options.signal?.removeEventListener('abort', stop);
  transport.close();
  if (sourceError !== undefined) throw sourceError;
  const durationMs = performance.now() - started;
  const paced = !o.pace.max && (o.pace.speed !== undefined || o.pace.rate !== undefined);
  return ledger.summary(
    transport.requests,
    durationMs,
    dispatcher.stopped,
    chaos?.report.faults,
    paced ? pacer.behindMs : undefined,
  );
}

/** Events open at once (in flight, waiting to retry, held by chaos), at least: beyond, the source waits. */
const MAX_OPEN = 10_000;

interface RunParts {
  o: ResolvedDelivery;
  pacer: Pacer;
  dispatcher: Dispatcher;
  chaos: Chaos | undefined;
  ledger: DeliveryLedger;
  prepare: (q: Queued) => Pending;
}

/**
 * Pulls events as they become due and there is room for them, paces them, and dispatches them; a
 * hang-up pair goes out together so the receiver sees it race (batches are not paired). Once the
 * run is stopped, the rest of the source ends as not sent, event by event. A source that fails (a
 * bad line in a file) stops the run: what was sent keeps its outcome, what was taken and not sent
 * ends as not sent, and the error is rethrown.
 */
async function run(queue: SendQueue, parts: RunParts): Promise<void> {
  const { o, pacer, dispatcher, chaos, ledger, prepare } = parts;
  const notSent = (ps: Pending[]) => {
    for (const p of ps) dispatcher.finish(p, 'not-sent');
  };
  const batching = o.mode === 'batch';
  let batch: Pending[] = [];
  let batchSendMs = 0;
  let group: Pending[] = [];
  try {
    for (;;) {
      await dispatcher.room();
      const q = dispatcher.stopped ? undefined : await queue.next();
      if (q === undefined) break;
      pacer.anchor(q.sendMs);
      group = [prepare(q)];
      const partner = batching ? undefined : await queue.partnerOf(q);
      if (partner) {
        group.push(prepare(partner));
        ledger.counts.pairs++;
      }
      if (batching) {
        if (batch.length === 0) batchSendMs = q.sendMs;
        batch.push(...group);
        group = [];
        if (batch.length >= o.batchSize) {
          await pacer.paceFor(batchSendMs, 1);
          if (dispatcher.stopped) break;
          dispatcher.attempt(batch);
          batch = [];
        }
        continue;
      }
      await pacer.paceFor(q.sendMs, group.length);
      if (dispatcher.stopped) break;
      if (chaos) {
        const now = performance.now();
        for (const p of group) {
          p.dueAt = now;
          chaos.dispatch(p, dispatcher);
        }
        chaos.release(false, dispatcher.stopped, dispatcher);
      } else for (const p of group) dispatcher.attempt([p]);
      group = [];
    }
    chaos?.release(true, dispatcher.stopped, dispatcher);
    if (batch.length > 0 && !dispatcher.stopped) {
      await pacer.paceFor(batchSendMs, 1);
      if (!dispatcher.stopped) {
        dispatcher.attempt(batch);
        batch = [];
      }
    }
  } finally {
    notSent(group);
    notSent(batch);
    chaos?.release(true, true, dispatcher);
  }
  // The rest of the run is accounted for too: every remaining event ends as not sent (yielding
  // now and then, so a second Ctrl-C is heard while a long source drains).
  if (!dispatcher.stopped) return;
  let n = 0;
  for (let q = await queue.next(); q; q = await queue.next()) {
    notSent([prepare(q)]);
    if (++n % 1000 === 0) await new Promise<void>((r) => setImmediate(r));
  }
}
