/**
 * How the built-in receiver answers a request: the stats at `<path>/stats`, the CloudEvents
 * webhook handshake (OPTIONS), and POSTs of notifications: injected faults first, then the size
 * limit, the signature, the envelope (structured, binary or batch) and every event's schema.
 * One event is answered 204 with no body (VCC's way); a batch 200 with how many of its events
 * were new (`accepted`) and how many already seen (`duplicates`); an empty batch is refused (400).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Notification } from '../generator/notifications/notification.js';
import {
  checkNotification,
  isKnownType,
  type SchemaCheck,
} from '../generator/notifications/schema-validator.js';
import { RandomStream } from '../generator/simulation/random.js';
import { readCloudEventsRequest } from '../wire/cloudevents.js';
import { SIGNATURE_HEADER, verifySignature } from '../wire/signature.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import type { AnsweredRequest, ResolvedReceiver } from './receiver-options.js';
import type { ReceiverTally } from './receiver-stats.js';

const DUPLICATE_HEADER = { 'x-duplicate': 'true' };

/**
 * How much of a refused body is read and dropped before the connection is cut: at least this, and
 * twice the body limit when that is larger (an over-the-limit body is usually just over it).
 */
const DRAIN_MIN_BYTES = 16 * 1024 * 1024;
/** How long a refused body may keep coming before the connection is cut. */
const DRAIN_MAX_MS = 5_000;

/**
 * After an early 413 the sender is often still writing its body. Closing at once would reset the
 * connection under it (the kernel answers unread data with RST) and the sender would see a
 * "connection reset" instead of the 413. So the rest of the body is read and dropped, as servers
 * do before reusing a connection, and the connection stays open for the next request; past
 * `maxBytes` or `DRAIN_MAX_MS` it is cut.
 */
function drainRefusedBody(req: IncomingMessage, maxBytes: number): void {
  const socket = req.socket;
  let drained = 0;
  const cut = setTimeout(() => socket.destroy(), DRAIN_MAX_MS);
  cut.unref();
  const stop = () => clearTimeout(cut);
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > maxBytes) socket.destroy();
  });
  // Once answered, the request hears nothing of its socket: the socket says when it is gone.
  socket.once('close', stop);
  req.once('end', () => {
    stop();
    socket.off('close', stop);
  });
  req.resume();
}

/** ajv's message for a field the schema does not list (`data.x: must NOT have additional properties "x"`). */
const UNKNOWN_FIELD = /: must NOT have additional properties "/;

/**
 * Checks an event as a receiver should when VCC adds to its contract: an event of a type the
 * schemas do not know, with the CloudEvents attributes a receiver needs (`specversion` 1.0, `id`,
 * `source`, `type`), is taken in, and so is a known event whose only fault is a field the schema
 * does not list. VCC retries anything but 200-205 for 24 hours, so refusing what it adds tomorrow
 * would build a retry storm (`vcc-sim check`'s forward-compatible check).
 */
function forwardCompatibleCheck(e: unknown): SchemaCheck {
  const c = checkNotification(e);
  if (c.ok || typeof e !== 'object' || e === null) return c;
  const n = e as { specversion?: unknown; id?: unknown; source?: unknown; type?: unknown };
  const envelope =
    n.specversion === '1.0' &&
    typeof n.id === 'string' &&
    n.id !== '' &&
    typeof n.source === 'string' &&
    typeof n.type === 'string';
  if (!envelope) return c;
  const unknownType = !isKnownType(n.type as string);
  if (unknownType || c.errors.every((line) => UNKNOWN_FIELD.test(line)))
    return { ok: true, notification: e as Notification };
  return c;
}

/**
 * Answers the receiver's requests; `handle` is the server's request listener.
 *
 * @example
 * const server = createServer(new WebhookHandler(resolved, tally).handle);
 */
export class WebhookHandler {
  private readonly faultRng: RandomStream;
  /** What each request carried, for `onRequest` (kept only when there is one). */
  private readonly notes = new WeakMap<
    ServerResponse,
    Pick<AnsweredRequest, 'events' | 'verified'>
  >();

  constructor(
    private readonly o: ResolvedReceiver,
    private readonly tally: ReceiverTally,
  ) {
    this.faultRng = new RandomStream(o.faults.seed ?? 'receiver', 'faults');
  }

  /** Routes one request. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    if (req.method === 'GET' && pathname === this.o.statsPath) {
      const text = JSON.stringify(this.tally.stats());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
      return;
    }
    if (pathname !== this.o.path) {
      // Counted and heard like any refusal: a sender posting to a wrong path sees why in the log.
      this.tally.counts.requests++;
      req.resume();
      this.reject(res, 404, 'not-found', `POST notifications to ${this.o.path}`, started);
      return;
    }
    if (req.method === 'OPTIONS') {
      this.handshake(req, res);
      return;
    }
    if (req.method !== 'POST') {
      this.tally.counts.requests++;
      req.resume();
      res.setHeader('allow', 'POST, OPTIONS');
      this.reject(res, 405, 'method', 'POST notifications', started);
      return;
    }
    this.tally.counts.requests++;
    if (this.injectFault(req, res, started)) return;
    this.readBody(req, res, started);
  };

  /** The CloudEvents webhook validation handshake: grant the origin, and the configured rate. */
  private handshake(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers['webhook-request-origin'];
    const rate = this.o.allowedRate;
    res.writeHead(200, {
      'webhook-allowed-origin': String(origin ?? '*'),
      'webhook-allowed-rate': rate !== undefined ? String(rate) : '*',
      allow: 'POST, OPTIONS',
    });
    res.end();
  }

  /** Drops, fails or answers the request as the faults say; true when it did. */
  private injectFault(req: IncomingMessage, res: ServerResponse, started: number): boolean {
    const faults = this.o.faults;
    const counts = this.tally.counts;
    if (faults.dropRate && this.faultRng.chance(faults.dropRate)) {
      counts.faults.dropped++;
      req.socket.destroy();
      return true;
    }
    if (faults.failRate && this.faultRng.chance(faults.failRate)) {
      counts.faults.failed++;
      req.resume();
      this.answer(res, 500, { error: 'injected-failure' }, started, 'injected-failure');
      return true;
    }
    if (faults.status !== undefined) {
      req.resume();
      this.answer(res, faults.status, { error: 'injected-status' }, started, 'injected-status');
      return true;
    }
    return false;
  }

  /** Reads the body up to the size limit (413 above), then handles it. */
  private readBody(req: IncomingMessage, res: ServerResponse, started: number): void {
    const maxBody = this.o.maxBody;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      drainRefusedBody(req, Math.max(DRAIN_MIN_BYTES, 2 * maxBody));
      this.reject(res, 413, 'too-large', `body over ${maxBody} bytes`, started);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) {
        chunks.push(c);
        return;
      }
      // Answered as soon as the limit is passed, chunked bodies included: the rest is not kept.
      tooLarge = true;
      chunks.length = 0;
      req.off('data', onData);
      drainRefusedBody(req, Math.max(DRAIN_MIN_BYTES, 2 * maxBody));
      this.reject(res, 413, 'too-large', `body over ${maxBody} bytes`, started);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (tooLarge) return;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      this.verify(req, res, started, raw);
    });
  }

  /** Verifies the signature (when there is a secret), then handles the events. */
  private verify(req: IncomingMessage, res: ServerResponse, started: number, raw: Buffer): void {
    const fail = (err: unknown) => this.reject(res, 500, 'receiver-error', String(err), started);
    const key = this.o.key;
    if (!key) {
      // Synchronous when there is nothing to verify: no promise per request.
      try {
        this.handleEvents(req, res, started, raw);
      } catch (err) {
        fail(err);
      }
      return;
    }
    const sig = req.headers[SIGNATURE_HEADER];
    verifySignature(Array.isArray(sig) ? sig[0] : sig, raw, key, {
      leewaySeconds: this.o.leewaySeconds,
    })
      .then((check) => {
        if (this.o.onRequest) this.note(res).verified = check.ok;
        if (check.ok) this.handleEvents(req, res, started, raw);
        else this.reject(res, 401, 'signature', check.reason, started);
      })
      .catch(fail);
  }

  /** Reads the envelope, validates every event, counts them, and answers. */
  private handleEvents(
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    raw: Buffer,
  ): void {
    if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
      this.reject(
        res,
        400,
        'too-deep',
        `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
        started,
      );
      return;
    }
    const request = readCloudEventsRequest((name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    }, raw.toString('utf8'));
    if (!request.ok) {
      const { status, reason, detail } = request.rejection;
      this.reject(res, status, reason, detail, started);
      return;
    }
    const counts = this.tally.counts;
    const events = request.events;
    if (this.o.onRequest)
      this.note(res).events = events.map((e) => {
        const n = (e ?? {}) as { type?: unknown; id?: unknown; subject?: unknown };
        return {
          type: String(n.type),
          id: String(n.id),
          ...(typeof n.subject === 'string' ? { subject: n.subject } : {}),
        };
      });
    if (events.length === 0) {
      this.reject(res, 400, 'empty-batch', 'a batch holds at least one event', started);
      return;
    }
    counts.received += events.length;
    const checks = events.map(forwardCompatibleCheck);
    const bad = checks.flatMap((c, i) => (c.ok ? [] : [{ index: i, errors: c.errors }]));
    if (bad.length > 0) {
      // The whole request is refused: its good events are not taken in, nor counted valid.
      counts.invalid += bad.length;
      this.reject(res, 400, 'invalid', bad, started);
      return;
    }
    counts.valid += events.length;
    let fresh = 0;
    for (const c of checks) if (c.ok && this.tally.accept(c.notification)) fresh++;
    if (events.length === 1) {
      // One event (VCC's way): 204 and no body, so the answer is one write; a duplicate says so in a header.
      this.answer(res, 204, fresh === 1 ? undefined : DUPLICATE_HEADER, started);
      return;
    }
    // A batch: the events taken in, and those already seen (before, or earlier in the batch).
    this.answer(res, 200, { accepted: fresh, duplicates: events.length - fresh }, started);
  }

  private reject(
    res: ServerResponse,
    status: number,
    reason: string,
    detail: unknown,
    started: number,
  ): void {
    this.tally.rejectedFor(reason);
    this.answer(res, status, { error: reason, detail }, started, reason);
  }

  private note(res: ServerResponse): Pick<AnsweredRequest, 'events' | 'verified'> {
    let n = this.notes.get(res);
    if (!n) {
      n = { events: [] };
      this.notes.set(res, n);
    }
    return n;
  }

  /** Answers with a JSON body, or with none for 204 (then `body` is the headers, if any). */
  private answer(
    res: ServerResponse,
    status: number,
    body: unknown,
    started: number,
    reason?: string,
  ): void {
    const send = () => {
      if (status === 204) {
        res.writeHead(204, body as Record<string, string> | undefined);
        res.end();
      } else {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      }
      this.tally.answered(status, started);
      if (this.o.onRequest) {
        const n = this.notes.get(res);
        this.o.onRequest({
          at: new Date().toISOString(),
          status,
          ...(reason !== undefined ? { reason } : {}),
          events: n?.events ?? [],
          ...(n?.verified !== undefined ? { verified: n.verified } : {}),
          latencyMs: performance.now() - started,
        });
      }
    };
    if (this.o.faults.latencyMs) setTimeout(send, this.o.faults.latencyMs);
    else send();
  }
}
