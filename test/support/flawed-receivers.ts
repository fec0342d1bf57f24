/**
 * Small webhook receivers written the way users write them: plain node:http listeners that read
 * the body, verify `Vonage-Signature`, parse the JSON, refuse what lacks the CloudEvents
 * attributes, remember ids, and answer 204. Each flaw changes one habit; `none` is the receiver
 * done right. `vcc-sim check` must name exactly the flaw of each (test/check-receivers.test.ts,
 * test/cli-check.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { shiftEndPeakSecond } from '../../check/center.js';
import { payloadHash, secretKey, verifySignature } from '../../sender/index.js';

/** The flaws, each one habit gone wrong. */
export type Flaw =
  | 'none'
  /** Stores each id once and answers 409 to a second delivery. */
  | 'not-idempotent'
  /** Checks the type against the list of today's v0 types and answers 400 to any other. */
  | 'rejects-unknown-types'
  /** Never looks at Vonage-Signature. */
  | 'never-verifies'
  /** JSON.parse in an async handler; the error is logged and the request never answered. */
  | 'hangs-on-bad-json'
  /** Writes each notification to a store that takes one write at a time (`writeMs` each) before answering. */
  | 'slow-under-burst'
  /** Verifies Vonage-Signature only as `Bearer <JWT>`: the bare JWT (what VCC's example sends) gets 401. */
  | 'bearer-only'
  /** A pool of 4 (each write holds one 20 ms): a fifth request at once gets 503 "pool exhausted". */
  | 'pool-exhausted'
  /**
   * Verifies with jose's defaults (`jwtVerify` with `algorithms: ['HS256']`, then `payload_hash`):
   * correct, but jose takes an `iat` in the future unless given `maxTokenAge`.
   */
  | 'jose-defaults'
  /** Answers 503 past `perSecond` requests in any one second (a sliding window). */
  | 'rate-limited';

/** Options of {@link flawedReceiver}. */
export interface FlawOptions {
  secret: string;
  /** `slow-under-burst`: ms per write. Default {@link slowWriteMs} of VCC's 10 s. */
  writeMs?: number;
  /** `rate-limited`: requests per second. Default 200. */
  perSecond?: number;
  /** Where a flawed receiver logs what it swallowed. */
  log?: (line: string) => void;
}

const V0_TYPES = new Set(
  [
    'alerted',
    'connected',
    'connectionfailed',
    'held',
    'retrieved',
    'parked',
    'unparked',
    'interrupted',
    'resumed',
    'disconnected',
    'wrapstarted',
    'ended',
  ].map((e) => `channel.${e}.v0`),
);
V0_TYPES.add('agent.presencechanged.v0');

const MAX_BODY = 64 * 1024;

/**
 * The `slow-under-burst` write time that makes it miss `deadlineMs` by a fifth: the `deadline`
 * check's whole burst (the shift-end scenario's peak second, its size the model's) written one at
 * a time ends at 1.2 x `deadlineMs`. Taken from the burst, not fixed: a model that makes the burst
 * smaller (issue 21's: 12 instead of 15) must not turn this receiver into one that keeps up.
 */
export function slowWriteMs(deadlineMs: number): number {
  return Math.ceil((1.2 * deadlineMs) / shiftEndPeakSecond().length);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
  });
}

function send(res: ServerResponse, status: number, error?: string): void {
  if (error === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
}

type Event = { specversion?: unknown; id?: unknown; source?: unknown; type?: unknown };

/**
 * A receiver with one flaw (or none), as a node:http request listener.
 *
 * @example
 * http.createServer(flawedReceiver('not-idempotent', { secret })).listen(0);
 */
export function flawedReceiver(flaw: Flaw, o: FlawOptions) {
  const key = secretKey(o.secret);
  const seen = new Set<string>();
  let store = Promise.resolve();
  // rate-limited: when the requests of the last second were taken (a sliding window: a
  // window per calendar second let a step that straddles two of them through at up to twice the
  // limit, and the capacity test read 274/s against 200 when a step's phase fell so).
  const taken: number[] = [];
  let oldest = 0;
  let pool = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (flaw === 'rate-limited') {
      const now = performance.now();
      while (oldest < taken.length && (taken[oldest] as number) <= now - 1000) oldest++;
      if (oldest > 4096) {
        taken.splice(0, oldest);
        oldest = 0;
      }
      if (taken.length - oldest >= (o.perSecond ?? 200)) {
        req.resume();
        return send(res, 503, 'busy');
      }
      taken.push(now);
    }
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, 'too large');
    const sig = req.headers['vonage-signature'];
    if (flaw === 'bearer-only' && !String(sig ?? '').startsWith('Bearer '))
      return send(res, 401, 'expected Bearer <JWT>');
    if (flaw === 'jose-defaults') {
      const token = String(sig ?? '').replace(/^Bearer /, '');
      const ok = await jwtVerify(token, key, { algorithms: ['HS256'] }).then(
        (v) => v.payload['payload_hash'] === payloadHash(raw),
        () => false,
      );
      if (!ok) return send(res, 401, 'bad signature');
    } else if (flaw !== 'never-verifies') {
      const check = await verifySignature(req.headers['vonage-signature'] as string, raw, key);
      if (!check.ok) return send(res, 401, check.reason);
    }
    if (flaw === 'hangs-on-bad-json') {
      const event = JSON.parse(raw.toString('utf8')) as Event;
      if (typeof event.type !== 'string') return send(res, 400, 'no type');
    }
    let event: Event;
    try {
      event = JSON.parse(raw.toString('utf8')) as Event;
    } catch {
      return send(res, 400, 'bad json');
    }
    if (typeof event !== 'object' || event === null) return send(res, 400, 'not an object');
    if (
      event.specversion !== '1.0' ||
      typeof event.id !== 'string' ||
      typeof event.source !== 'string' ||
      typeof event.type !== 'string'
    )
      return send(res, 400, 'missing CloudEvents attributes');
    if (flaw === 'rejects-unknown-types' && !V0_TYPES.has(event.type))
      return send(res, 400, `unknown type ${event.type}`);
    const id = `${event.source} ${event.id}`;
    if (seen.has(id) && flaw === 'not-idempotent') return send(res, 409, 'duplicate');
    seen.add(id);
    if (flaw === 'pool-exhausted') {
      if (pool >= 4) return send(res, 503, 'pool exhausted');
      pool++;
      await new Promise((r) => setTimeout(r, 20));
      pool--;
    }
    if (flaw === 'slow-under-burst') {
      store = store.then(() => new Promise((r) => setTimeout(r, o.writeMs ?? slowWriteMs(10_000))));
      await store;
    }
    send(res, 204);
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    // The usual async handler: a throw is logged, and (the flaw) nothing answers the request.
    handle(req, res).catch((err: unknown) => o.log?.(`receiver error: ${String(err)}`));
  };
}
