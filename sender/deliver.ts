/**
 * The delivery engine: sends notifications to a webhook receiver the way VCC does. One
 * notification per POST (`application/cloudevents+json`), signed with `Vonage-Signature` when it
 * has the secret; success is 200-205; anything else, or no answer within the timeout, is retried on
 * a schedule (honouring Retry-After on 429) until it gives up; redirects are not followed. Every
 * event ends in exactly one outcome. Requests go through `node:http`, so MSW can intercept them.
 */
import http, { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import https, { Agent as HttpsAgent } from 'node:https';
import { SimError } from '../generator/errors.js';
import { hangUpPairKey } from '../generator/hang-up-pair.js';
import { encodeKsuid } from '../generator/ksuid.js';
import type { Notification } from '../generator/notification.js';
import { RandomStream } from '../generator/random.js';
import { rebaseNotification } from '../generator/rebase.js';
import type { TimedNotification } from '../generator/team-simulation.js';
import { parseUtc } from '../generator/time-format.js';
import {
  type ChaosProfile,
  DEFAULT_RETRY,
  MALFORMATION_INFO,
  MALFORMATIONS,
  type Malformation,
  malformRequest,
  type Pace,
  type RetryPolicy,
} from '../scenarios/index.js';
import { CONTENT_MODES, type ContentMode } from '../wire/cloudevents.js';
import { LatencyHistogram } from '../wire/latency.js';
import { SIGNATURE_HEADER, type SignatureFormat, secretKey, signBody } from '../wire/signature.js';

/** How a notification travels: one per POST (structured or binary) or many per POST (batch); the sender's name for {@link ContentMode}. */
export type DeliveryMode = ContentMode;

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

/** Options of {@link deliver}. */
export interface DeliverOptions {
  /** The webhook URL (http or https). */
  target: string;
  mode?: DeliveryMode;
  /** Requests in flight at once. Default 32. */
  concurrency?: number;
  /** `speed` replays the timeline that many times faster than real time; `rate` caps requests/s; `max` as fast as accepted (the default). */
  pace?: Pace;
  retry?: RetryPolicy;
  /** Stop retrying an event after this many attempts (default: only the give-up time limits). */
  maxAttempts?: number;
  /** Base64 subscription secret: sign every request. */
  secret?: string;
  signatureFormat?: SignatureFormat;
  /** Extra headers on every request (auth a subscription would send). */
  headers?: Record<string, string>;
  /** Events per request in batch mode. Default 50. */
  batchSize?: number;
  /** Re-base timestamps to now when replaying with `speed`. Default true. */
  rebase?: boolean;
  /** Stops the run: nothing new is sent; pending retries end as `not-sent`. */
  signal?: AbortSignal;
  /** Called once per event with its final outcome. */
  onOutcome?: (outcome: EventOutcome) => void;
  /** Faults to inject on the way (the chaos scenario): duplicates, reordering, late first deliveries, malformed requests. */
  chaos?: ChaosProfile;
  /** Seed of the chaos draws. Default `chaos`. */
  chaosSeed?: string;
  /** The target's body limit, for the oversized-body malformation. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Called once per chaos request (a duplicate or a malformed request) with how the target answered. */
  onProbe?: (probe: ProbeOutcome) => void;
}

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
  latency: { count: number; p50: number; p95: number; p99: number; max: number; mean: number };
  /** Answers by status, plus `timeout` and connection errors by code. */
  answers: Record<string, number>;
  stopped: boolean;
  /** Per injected fault, how the target answered (chaos runs only). */
  faults?: Partial<Record<FaultKind, FaultReport>>;
}

type Source =
  | Iterable<Notification | TimedNotification>
  | AsyncIterable<Notification | TimedNotification>;

interface Pending {
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

const isSuccess = (status: number) => status >= 200 && status <= 205;

function toNotification(x: Notification | TimedNotification): { n: Notification; sendMs: number } {
  if ('notification' in x) return { n: x.notification, sendMs: x.sendMs };
  // An event without a readable time (a hand-made file) has no place on the timeline: NaN, sent unpaced.
  const t = typeof x.time === 'string' ? parseUtc(x.time) : undefined;
  return { n: x, sendMs: t ? t.ms : Number.NaN };
}

function retryAfterMs(res: IncomingMessage): number | undefined {
  const h = res.headers['retry-after'];
  if (!h) return undefined;
  const seconds = Number(h);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(h);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** One HTTP exchange's result. */
interface Answer {
  status?: number;
  error?: string;
  retryAfterMs?: number;
  latencyMs: number;
}

/**
 * Delivers notifications to a receiver and resolves with the totals once every event has its
 * outcome.
 *
 * @example
 * const summary = await deliver(simulate({ agents: 10 }).timed(), { target: 'http://127.0.0.1:8080/webhook', pace: { speed: 600 } });
 * console.log(summary.delivered === summary.events);
 */
export async function deliver(source: Source, options: DeliverOptions): Promise<DeliverySummary> {
  let url: URL;
  try {
    url = new URL(options.target);
  } catch {
    throw new SimError(
      'usage',
      `Invalid target "${options.target}": give a URL such as http://127.0.0.1:8080/webhook.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SimError(
      'usage',
      `Invalid target "${options.target}": only http and https URLs are supported.`,
    );
  }
  const mode = options.mode ?? 'structured';
  const concurrency = options.concurrency ?? 32;
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 10_000)) {
    throw new SimError(
      'usage',
      `Invalid concurrency ${concurrency}: give a whole number from 1 to 10000.`,
    );
  }
  const pace = options.pace ?? { max: true };
  if (pace.speed !== undefined && !(pace.speed > 0))
    throw new SimError('usage', `Invalid speed ${pace.speed}: give a number > 0, e.g. 600.`);
  if (pace.rate !== undefined && !(pace.rate > 0))
    throw new SimError('usage', `Invalid rate ${pace.rate}: give requests per second > 0.`);
  const retry = options.retry ?? DEFAULT_RETRY;
  for (const [name, v] of [
    ['max attempts', options.maxAttempts],
    ['batch size', options.batchSize],
    ['max body', options.maxBodyBytes],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new SimError('usage', `Invalid ${name} ${v}: give a whole number >= 1.`);
  }
  if (!(Number.isFinite(retry.timeoutMs) && retry.timeoutMs > 0))
    throw new SimError(
      'usage',
      `Invalid timeout ${retry.timeoutMs}: give milliseconds > 0, e.g. 10000.`,
    );
  if (!(Number.isFinite(retry.giveUpAfterMs) && retry.giveUpAfterMs >= 0))
    throw new SimError(
      'usage',
      `Invalid retry.giveUpAfterMs ${retry.giveUpAfterMs}: give milliseconds >= 0.`,
    );
  if (
    !Array.isArray(retry.scheduleMs) ||
    retry.scheduleMs.some((d) => !(Number.isFinite(d) && d >= 0))
  )
    throw new SimError(
      'usage',
      'Invalid retry.scheduleMs: give a list of delays in milliseconds >= 0.',
    );
  // Retry delays and the give-up limit are simulated time: compressed by the replay speed (or 600x when not replaying).
  const scale = pace.speed ?? 600;
  const key = options.secret ? secretKey(options.secret) : undefined;
  const batchSize = mode === 'batch' ? (options.batchSize ?? 50) : 1;
  const agent =
    url.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency })
      : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
  // Looked up on the module object at call time (not a named import), so interceptors that patch
  // `http.request` (MSW's setupServer) see these requests even from an ES module.
  const send = url.protocol === 'https:' ? https.request : http.request;
  const extraHeaders = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );

  const latency = new LatencyHistogram();
  const answers: Record<string, number> = {};
  const sum = {
    events: 0,
    delivered: 0,
    rejected: 0,
    gaveUp: 0,
    notSent: 0,
    requests: 0,
    retries: 0,
    retried: 0,
    pairs: 0,
  };
  const started = performance.now();
  const wallStart = Date.now();
  let firstSendMs: number | undefined;
  let tokens = 0;
  let tokensAt = started;
  let inFlight = 0;
  let stopped = false;
  const waiting: Array<() => void> = [];
  const retryTimers = new Set<{ timer: ReturnType<typeof setTimeout>; batch: Pending[] }>();
  let outstanding = 0;
  let allSettled: (() => void) | undefined;

  const settleOne = () => {
    outstanding--;
    if (outstanding === 0 && allSettled) allSettled();
  };

  const chaos = options.chaos;
  const chaosRng = chaos ? new RandomStream(options.chaosSeed ?? 'chaos', 'delivery') : undefined;
  const faults: Partial<Record<FaultKind, FaultReport>> = {};
  const recordFault = (fault: FaultKind, id: string, a: Answer | undefined, probe = true) => {
    const expected =
      fault === 'duplicate' || fault === 'out-of-order' || fault === 'delayed-retry'
        ? '2xx'
        : '4xx';
    const precise =
      expected === '4xx' ? MALFORMATION_INFO[fault as Malformation].expectStatus : undefined;
    faults[fault] ??= {
      sent: 0,
      expected,
      ...(precise ? { precise } : {}),
      answers: {},
      ok: 0,
    };
    const report = faults[fault];
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
    options.onProbe?.({
      fault,
      id,
      expected,
      ...(status !== undefined ? { status } : {}),
      ...(a?.error !== undefined ? { error: a.error } : {}),
      ok,
    });
  };

  const finish = (p: Pending, outcome: OutcomeKind, a?: Answer) => {
    if (p.done) return;
    p.done = true;
    if (outcome === 'delivered') sum.delivered++;
    else if (outcome === 'rejected') sum.rejected++;
    else if (outcome === 'gave-up') sum.gaveUp++;
    else sum.notSent++;
    if (p.attempts > 1) sum.retried++;
    options.onOutcome?.({
      id: p.n.id,
      type: p.n.type,
      outcome,
      attempts: p.attempts,
      ...(a?.status !== undefined ? { status: a.status } : {}),
      ...(a?.error !== undefined ? { error: a.error } : {}),
      ...(a ? { latencyMs: Math.round(a.latencyMs * 100) / 100 } : {}),
      ...(p.fault ? { fault: p.fault } : {}),
    });
    if (p.fault) recordFault(p.fault, p.n.id, a, false);
    if (p.duplicate && outcome === 'delivered' && !stopped) void sendDuplicate(p);
    settleOne();
  };

  const slot = async () => {
    while (inFlight >= concurrency) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
  };
  const freeSlot = () => {
    inFlight--;
    waiting.shift()?.();
  };

  const exchange = async (batch: Pending[]): Promise<Answer> => {
    const events = batch.map((p) => p.n);
    const headers: Record<string, string> = { ...extraHeaders };
    const body = CONTENT_MODES[mode].encode(events, headers);
    if (key)
      headers[SIGNATURE_HEADER] = await signBody(body, key, {
        format: options.signatureFormat ?? 'jwt',
      });
    return post(body, headers);
  };

  const post = (body: string, headers: Record<string, string>): Promise<Answer> => {
    headers['content-length'] = String(Buffer.byteLength(body));
    const t0 = performance.now();
    sum.requests++;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const done = (a: Omit<Answer, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        const ms = performance.now() - t0;
        latency.record(ms);
        const label = a.status !== undefined ? String(a.status) : (a.error as string);
        answers[label] = (answers[label] ?? 0) + 1;
        resolve({ ...a, latencyMs: ms });
      };
      let req: ReturnType<typeof send>;
      try {
        req = send(url, { method: 'POST', agent, headers, timeout: retry.timeoutMs }, onResponse);
      } catch (err) {
        // An invalid header value, say: this request fails; the run goes on.
        done({ error: (err as NodeJS.ErrnoException).code ?? 'request-error' });
        return;
      }
      function onResponse(res: IncomingMessage) {
        res.resume();
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            ...(res.statusCode === 429 ? { retryAfterMs: retryAfterMs(res) } : {}),
          }),
        );
        res.on('error', () => done({ status: res.statusCode ?? 0 }));
      }
      req.on('timeout', () => {
        req.destroy();
        done({ error: 'timeout' });
      });
      req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
      req.end(body);
    });
  };

  /** One chaos request, sent once (never retried): its answer goes to the fault report. */
  const probe = async (
    fault: FaultKind,
    id: string,
    build: () => Promise<[string, Record<string, string>]>,
  ) => {
    outstanding++;
    await slot();
    if (stopped) {
      freeSlot();
      recordFault(fault, id, undefined);
      settleOne();
      return;
    }
    let a: Answer;
    try {
      const [body, headers] = await build();
      a = await post(body, headers);
    } finally {
      freeSlot();
    }
    recordFault(fault, id, a);
    settleOne();
  };

  const sendDuplicate = (p: Pending) =>
    probe('duplicate', p.n.id, async () => {
      const headers: Record<string, string> = { ...extraHeaders };
      const body = CONTENT_MODES.structured.encode([p.n], headers);
      if (key)
        headers[SIGNATURE_HEADER] = await signBody(body, key, {
          format: options.signatureFormat ?? 'jwt',
        });
      return [body, headers];
    });

  // Malformed requests cycle through the kinds that apply (signature faults only when signing).
  const malformations = MALFORMATIONS.filter((m) => key || !MALFORMATION_INFO[m].needsSecret);
  let malformedSent = 0;
  const otherKey = new Uint8Array(32).fill(7);
  const sendMalformed = (n: Notification) => {
    const kind = malformations[malformedSent % malformations.length] as Malformation;
    const variant = Math.floor(malformedSent / malformations.length);
    malformedSent++;
    // A fresh id, so a receiver that wrongly accepts it does not make the real event a duplicate.
    const t = parseUtc(n.time);
    const r = chaosRng as RandomStream;
    const id = t ? encodeKsuid(t.ms, r.uint32(), r.uint32(), r.uint32(), r.uint32()) : `${n.id}x`;
    const req = malformRequest({ ...n, id }, kind, {
      variant,
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    return probe(kind, id, async () => {
      const headers: Record<string, string> = { ...extraHeaders, 'content-type': req.contentType };
      if (key) {
        const format = options.signatureFormat ?? 'jwt';
        const nowSeconds = Math.floor(Date.now() / 1000);
        headers[SIGNATURE_HEADER] =
          req.signing === 'wrong-key'
            ? await signBody(req.body, otherKey, { format })
            : req.signing === 'expired'
              ? await signBody(req.body, key, { format, nowSeconds: nowSeconds - 600 })
              : await signBody(
                  req.signing === 'tampered' ? (req.signedBody as string) : req.body,
                  key,
                  { format },
                );
      }
      return [req.body, headers];
    });
  };

  const attempt = async (batch: Pending[]) => {
    await slot();
    if (stopped) {
      freeSlot();
      for (const p of batch) finish(p, 'not-sent');
      return;
    }
    const now = performance.now();
    if ((batch[0] as Pending).attempts > 0) sum.retries++;
    for (const p of batch) {
      if (p.attempts === 0) p.firstAttemptAt = now;
      p.attempts++;
    }
    let a: Answer;
    try {
      a = await exchange(batch);
    } catch (err) {
      a = { error: (err as NodeJS.ErrnoException).code ?? 'request-error', latencyMs: 0 };
    } finally {
      freeSlot();
    }
    if (a.status !== undefined && isSuccess(a.status)) {
      for (const p of batch) finish(p, 'delivered', a);
      return;
    }
    const head = batch[0] as Pending;
    // Retry n waits scheduleMs[n - 1]: the first retry follows the schedule's first delay (0: at once).
    const index = Math.min(head.attempts - 1, retry.scheduleMs.length - 1);
    let delay = (retry.scheduleMs[index] ?? 0) / scale;
    if (a.retryAfterMs !== undefined) delay = Math.max(delay, a.retryAfterMs);
    const elapsedSim = (performance.now() + delay - head.firstAttemptAt) * scale;
    const outOfAttempts = options.maxAttempts !== undefined && head.attempts >= options.maxAttempts;
    if (outOfAttempts || elapsedSim > retry.giveUpAfterMs || retry.scheduleMs.length === 0) {
      const kind: OutcomeKind =
        a.status !== undefined && a.status >= 400 && a.status < 500 ? 'rejected' : 'gave-up';
      for (const p of batch) finish(p, kind, a);
      return;
    }
    if (stopped) {
      for (const p of batch) finish(p, 'not-sent', a);
      return;
    }
    const entry = {
      timer: setTimeout(() => {
        retryTimers.delete(entry);
        void attempt(batch);
      }, delay),
      batch,
    };
    retryTimers.add(entry);
  };

  const onAbort = () => {
    stopped = true;
    for (const entry of retryTimers) {
      clearTimeout(entry.timer);
      for (const p of entry.batch) finish(p, 'not-sent');
    }
    retryTimers.clear();
    for (const sleeper of sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    sleepers.clear();
    for (const w of waiting.splice(0)) w();
  };

  // Pacing waits end early when the run is stopped.
  const sleepers = new Set<{ timer: ReturnType<typeof setTimeout>; wake: () => void }>();
  const waitUntil = async (realMs: number) => {
    const wait = realMs - performance.now();
    if (wait <= 1 || stopped) return;
    await new Promise<void>((wake) => {
      const sleeper = {
        timer: setTimeout(() => {
          sleepers.delete(sleeper);
          wake();
        }, wait),
        wake,
      };
      sleepers.add(sleeper);
    });
  };

  const paceFor = async (sendMs: number, requests: number) => {
    if (pace.speed !== undefined && !Number.isNaN(sendMs)) {
      firstSendMs ??= sendMs;
      await waitUntil(started + (sendMs - firstSendMs) / pace.speed);
    }
    if (pace.rate !== undefined) {
      // A token bucket of one second's worth.
      // A token bucket of one second's worth (at least the requests asked for at once).
      const cap = Math.max(pace.rate, requests);
      for (;;) {
        const now = performance.now();
        tokens = Math.min(cap, tokens + ((now - tokensAt) / 1000) * pace.rate);
        tokensAt = now;
        if (tokens >= requests || stopped) break;
        await waitUntil(now + ((requests - tokens) / pace.rate) * 1000);
      }
      tokens -= requests;
    }
  };

  const prepare = (x: Notification | TimedNotification): Pending => {
    const { n, sendMs } = toNotification(x);
    let rebased = n;
    try {
      if (pace.speed !== undefined && options.rebase !== false)
        rebased = rebaseNotification(n, wallStart - (firstSendMs ?? sendMs));
    } catch {
      // An event without the fields re-basing needs goes out as it is.
    }
    sum.events++;
    outstanding++;
    return { n: rebased, sendMs, attempts: 0, firstAttemptAt: 0, done: false };
  };

  // Registered once everything the stop touches exists: a signal already aborted stops at once.
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  // Pull events, pace them, and dispatch; a hang-up pair goes out together so the receiver sees it race.
  const iterator =
    Symbol.asyncIterator in (source as object)
      ? (source as AsyncIterable<Notification | TimedNotification>)[Symbol.asyncIterator]()
      : (source as Iterable<Notification | TimedNotification>)[Symbol.iterator]();
  const lookahead: Array<Notification | TimedNotification> = [];
  let exhausted = false;
  const pull = async (): Promise<Notification | TimedNotification | undefined> => {
    if (lookahead.length > 0) return lookahead.shift();
    if (exhausted) return undefined;
    const r = await iterator.next();
    if (r.done) {
      exhausted = true;
      return undefined;
    }
    return r.value;
  };
  const fill = async (size: number) => {
    while (!exhausted && lookahead.length < size) {
      const r = await iterator.next();
      if (r.done) exhausted = true;
      else lookahead.push(r.value);
    }
  };

  // Chaos: events held back for reordering go out after 1-5 later dispatches.
  const held: Array<{ p: Pending; after: number }> = [];
  const releaseHeld = (all: boolean) => {
    for (let i = held.length - 1; i >= 0; i--) {
      const h = held[i] as { p: Pending; after: number };
      if (all || --h.after <= 0) {
        held.splice(i, 1);
        if (stopped) finish(h.p, 'not-sent');
        else void attempt([h.p]);
      }
    }
  };
  const dispatchWithChaos = (p: Pending, c: ChaosProfile, rng: RandomStream) => {
    if (rng.chance(c.malformedRate)) void sendMalformed(p.n);
    if (rng.chance(c.duplicateRate)) p.duplicate = true;
    if (rng.chance(c.outOfOrderRate)) {
      p.fault = 'out-of-order';
      held.push({ p, after: rng.int(1, 5) });
      return;
    }
    if (rng.chance(c.delayedRetryRate)) {
      // The first delivery arrives late, as a retry after a lost first attempt would.
      p.fault = 'delayed-retry';
      const entry = {
        timer: setTimeout(
          () => {
            retryTimers.delete(entry);
            void attempt([p]);
          },
          (retry.scheduleMs[1] ?? 5000) / scale,
        ),
        batch: [p],
      };
      retryTimers.add(entry);
      return;
    }
    void attempt([p]);
  };

  let batch: Pending[] = [];
  let batchSendMs = 0;
  // A source that fails (a bad line in a file) stops the run: what was sent keeps its outcome,
  // the rest ends as not sent, and the error is rethrown once everything has settled.
  let sourceError: unknown;
  let group: Pending[] = [];
  try {
    for (;;) {
      if (stopped) break;
      const x = await pull();
      if (x === undefined) break;
      const { n, sendMs } = toNotification(x);
      if (!Number.isNaN(sendMs)) firstSendMs ??= sendMs;
      group = [prepare(x)];
      const pk = mode === 'batch' ? undefined : hangUpPairKey(n);
      if (pk) {
        await fill(64);
        const i = lookahead.findIndex((y) => hangUpPairKey(toNotification(y).n) === pk);
        if (i >= 0) {
          group.push(prepare(lookahead.splice(i, 1)[0] as Notification | TimedNotification));
          sum.pairs++;
        }
      }
      if (mode === 'batch') {
        if (batch.length === 0) batchSendMs = sendMs;
        batch.push(...group);
        if (batch.length < batchSize) continue;
        await paceFor(batchSendMs, 1);
        void attempt(batch);
        batch = [];
        continue;
      }
      await paceFor(sendMs, group.length);
      if (stopped) {
        for (const p of group) finish(p, 'not-sent');
        break;
      }
      if (chaosRng && chaos) {
        for (const p of group) dispatchWithChaos(p, chaos, chaosRng);
        releaseHeld(false);
      } else for (const p of group) void attempt([p]);
    }
    releaseHeld(true);
    if (batch.length > 0) {
      if (stopped) for (const p of batch) finish(p, 'not-sent');
      else {
        await paceFor(batchSendMs, 1);
        void attempt(batch);
      }
    }
    if (stopped) {
      // The rest of the run is accounted for too: every remaining event ends as not sent.
      for (let x = await pull(); x !== undefined; x = await pull()) finish(prepare(x), 'not-sent');
    }
  } catch (err) {
    sourceError = err;
    onAbort();
    for (const p of group) finish(p, 'not-sent');
    for (const p of batch) finish(p, 'not-sent');
    releaseHeld(true);
  }
  if (outstanding > 0) await new Promise<void>((r) => (allSettled = r));
  options.signal?.removeEventListener('abort', onAbort);
  agent.destroy();
  if (sourceError !== undefined) throw sourceError;
  const durationMs = performance.now() - started;
  return {
    ...sum,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((sum.requests / durationMs) * 1000 * 10) / 10,
    eventsPerSecond: Math.round((sum.events / durationMs) * 1000 * 10) / 10,
    latency: latency.summary(),
    answers,
    stopped,
    ...(chaos ? { faults } : {}),
  };
}
