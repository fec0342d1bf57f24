/**
 * The built-in receiver: a real HTTP server that stands in for a user's VCC webhook receiver.
 * It accepts CloudEvents in structured, binary and batch mode, verifies `Vonage-Signature` when it
 * has the secret, validates every event against the schemas, deduplicates by (source, id), pairs
 * each agent channel's disconnected and wrapstarted, and counts everything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimError } from '../generator/errors.js';
import { HangUpPairs } from '../generator/hang-up-pair.js';
import type { Notification } from '../generator/notification.js';
import { RandomStream } from '../generator/random.js';
import { checkNotification, compileSchemas } from '../generator/schema-validator.js';
import { readCloudEventsRequest } from '../wire/cloudevents.js';
import { LatencyHistogram, type LatencySummary } from '../wire/latency.js';
import { SIGNATURE_HEADER, secretKey, verifySignature } from '../wire/signature.js';

/** How the receiver listens and what it checks. */
export interface ReceiverOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The webhook path. Default `/webhook`; stats at `<path>/stats`. */
  path?: string;
  /** Base64 subscription secret: verify `Vonage-Signature` (401 when it fails). */
  secret?: string;
  /** Largest body accepted, bytes (413 above). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Fault injection for testing senders. */
  faults?: ReceiverFaults;
  /** Requests per minute granted in the webhook handshake (`WebHook-Allowed-Rate`). Default any (`*`). */
  allowedRate?: number;
}

/** Faults the receiver can inject, each per request. */
export interface ReceiverFaults {
  /** Share of requests answered 500 (before reading them). */
  failRate?: number;
  /** Share of requests whose connection is reset without an answer. */
  dropRate?: number;
  /** Delay before every answer, ms. */
  latencyMs?: number;
  /** Answer every request with this status. */
  status?: number;
  /** Seed of the fault draws. */
  seed?: string;
}

/** What the receiver has seen: `GET <path>/stats` returns this JSON. */
export interface ReceiverStats {
  /** HTTP requests to the webhook path. */
  requests: number;
  /** Events in those requests (a batch counts each). */
  received: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Unique valid events. */
  unique: number;
  pairsComplete: number;
  pairsPending: number;
  perType: Record<string, number>;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Rejections by reason. */
  rejected: Record<string, number>;
  faults: { failed: number; dropped: number };
  /** Time the receiver spent handling a request (read to answer), ms. */
  latency: LatencySummary;
}

/** A running receiver. */
export interface RunningReceiver {
  /** The webhook URL, e.g. `http://127.0.0.1:43121/webhook`. */
  readonly url: string;
  readonly server: Server;
  stats(): ReceiverStats;
  /** The ids of unique valid events received, in arrival order (for tests and reports). */
  ids(): string[];
  close(): Promise<void>;
}

const DUPLICATE_HEADER = { 'x-duplicate': 'true' };

/**
 * Starts the receiver and resolves once it listens.
 *
 * @example
 * const receiver = await startReceiver({ secret });
 * // POST notifications to receiver.url …
 * console.log(receiver.stats().pairsComplete);
 * await receiver.close();
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<RunningReceiver> {
  const path = normalisePath(options.path ?? '/webhook');
  const statsPath = path === '/' ? '/stats' : `${path}/stats`;
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new SimError(
      'usage',
      `Invalid port ${options.port}: give a whole number from 0 to 65535.`,
    );
  const key = options.secret ? secretKey(options.secret) : undefined;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const faults = options.faults ?? {};
  for (const [name, v] of [
    ['fail rate', faults.failRate],
    ['drop rate', faults.dropRate],
  ] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1))
      throw new SimError('usage', `Invalid ${name} ${v}: give a share from 0 to 1.`);
  }
  if (
    faults.latencyMs !== undefined &&
    !(Number.isFinite(faults.latencyMs) && faults.latencyMs >= 0)
  )
    throw new SimError('usage', `Invalid latency ${faults.latencyMs}: give milliseconds >= 0.`);
  if (!(Number.isInteger(maxBody) && maxBody >= 1))
    throw new SimError('usage', `Invalid max body ${maxBody}: give a whole number of bytes >= 1.`);
  if (
    faults.status !== undefined &&
    !(Number.isInteger(faults.status) && faults.status >= 100 && faults.status <= 599)
  ) {
    throw new SimError(
      'usage',
      `Invalid status ${faults.status}: give an HTTP status from 100 to 599.`,
    );
  }
  // Compile the validators before listening: the first request pays nothing extra.
  compileSchemas();
  const faultRng = new RandomStream(faults.seed ?? 'receiver', 'faults');
  const latency = new LatencyHistogram();
  const seen = new Set<string>();
  const ids: string[] = [];
  const hangUps = new HangUpPairs();
  const s = {
    requests: 0,
    received: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    unique: 0,
    pairsComplete: 0,
    perType: {} as Record<string, number>,
    statuses: {} as Record<string, number>,
    rejected: {} as Record<string, number>,
    faults: { failed: 0, dropped: 0 },
  };

  const stats = (): ReceiverStats => ({
    ...s,
    pairsPending: hangUps.pending,
    perType: { ...s.perType },
    statuses: { ...s.statuses },
    rejected: { ...s.rejected },
    faults: { ...s.faults },
    latency: latency.summary(),
  });

  /** Answers with a JSON body, or with none for 204 (then `body` is the headers, if any). */
  const answer = (res: ServerResponse, status: number, body: unknown, started: number) => {
    const send = () => {
      s.statuses[status] = (s.statuses[status] ?? 0) + 1;
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
      latency.record(performance.now() - started);
    };
    if (faults.latencyMs) setTimeout(send, faults.latencyMs);
    else send();
  };

  const reject = (
    res: ServerResponse,
    status: number,
    reason: string,
    detail: unknown,
    started: number,
  ) => {
    s.rejected[reason] = (s.rejected[reason] ?? 0) + 1;
    answer(res, status, { error: reason, detail }, started);
  };

  const accept = (n: Notification): boolean => {
    const key = `${n.source} ${n.id}`;
    if (seen.has(key)) {
      s.duplicates++;
      return false;
    }
    seen.add(key);
    ids.push(n.id);
    s.unique++;
    s.perType[n.type] = (s.perType[n.type] ?? 0) + 1;
    const pair = hangUps.add(n);
    if (pair === 'complete') s.pairsComplete++;
    else if (pair === 'timestamps-differ')
      s.rejected['pair-timestamps-differ'] = (s.rejected['pair-timestamps-differ'] ?? 0) + 1;
    return true;
  };

  /** Verifies the signature (when there is a secret), then handles the events. */
  const handle = (req: IncomingMessage, res: ServerResponse, started: number, raw: Buffer) => {
    const fail = (err: unknown) => reject(res, 500, 'receiver-error', String(err), started);
    if (!key) {
      // Synchronous when there is nothing to verify: no promise per request.
      try {
        handleEvents(req, res, started, raw);
      } catch (err) {
        fail(err);
      }
      return;
    }
    const sig = req.headers[SIGNATURE_HEADER];
    verifySignature(Array.isArray(sig) ? sig[0] : sig, raw, key)
      .then((check) =>
        check.ok
          ? handleEvents(req, res, started, raw)
          : reject(res, 401, 'signature', check.reason, started),
      )
      .catch(fail);
  };

  const handleEvents = (
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    raw: Buffer,
  ) => {
    const request = readCloudEventsRequest((name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    }, raw.toString('utf8'));
    if (!request.ok) {
      const { status, reason, detail } = request.rejection;
      return reject(res, status, reason, detail, started);
    }
    const events = request.events;
    s.received += events.length;
    const checks = events.map((e) => checkNotification(e));
    const bad = checks.flatMap((c, i) => (c.ok ? [] : [{ index: i, errors: c.errors }]));
    if (bad.length > 0) {
      s.invalid += bad.length;
      s.valid += events.length - bad.length;
      return reject(res, 400, 'invalid', bad, started);
    }
    s.valid += events.length;
    let fresh = 0;
    for (const c of checks) if (c.ok && accept(c.notification)) fresh++;
    if (events.length === 1) {
      // One event (VCC's way): 204 and no body, so the answer is one write; a duplicate says so in a header.
      answer(res, 204, fresh === 1 ? undefined : DUPLICATE_HEADER, started);
      return;
    }
    answer(res, 200, { accepted: events.length, duplicates: events.length - fresh }, started);
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    if (req.method === 'GET' && pathname === statsPath) {
      const text = JSON.stringify(stats());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
      return;
    }
    if (pathname !== path) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not-found', detail: `POST notifications to ${path}` }));
      return;
    }
    if (req.method === 'OPTIONS') {
      // The CloudEvents webhook validation handshake: grant the origin, any rate.
      const origin = req.headers['webhook-request-origin'];
      res.writeHead(200, {
        'webhook-allowed-origin': String(origin ?? '*'),
        'webhook-allowed-rate':
          options.allowedRate !== undefined ? String(options.allowedRate) : '*',
        allow: 'POST, OPTIONS',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST, OPTIONS', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'method', detail: 'POST notifications' }));
      return;
    }
    s.requests++;
    if (faults.dropRate && faultRng.chance(faults.dropRate)) {
      s.faults.dropped++;
      req.socket.destroy();
      return;
    }
    if (faults.failRate && faultRng.chance(faults.failRate)) {
      s.faults.failed++;
      req.resume();
      answer(res, 500, { error: 'injected-failure' }, started);
      return;
    }
    if (faults.status !== undefined) {
      req.resume();
      answer(res, faults.status, { error: 'injected-status' }, started);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      req.resume();
      reject(res, 413, 'too-large', `body over ${maxBody} bytes`, started);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) {
        reject(res, 413, 'too-large', `body over ${maxBody} bytes`, started);
        return;
      }
      handle(
        req,
        res,
        started,
        chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
      );
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    const host = options.host ?? '127.0.0.1';
    const why: Record<string, string> = {
      EADDRINUSE: `Port ${port} on ${host} is in use; pick another with --port, or 0 for a free one.`,
      EACCES: `Not allowed to listen on port ${port} of ${host}; pick a port above 1023, or 0 for a free one.`,
      ENOTFOUND: `Unknown host "${host}"; listen on 127.0.0.1 (the default) or another local address.`,
      EADDRNOTAVAIL: `${host} is not an address of this machine; listen on 127.0.0.1 (the default).`,
    };
    server.once('error', (err: NodeJS.ErrnoException) => {
      const line = err.code ? why[err.code] : undefined;
      reject(line ? new SimError('usage', line) : err);
    });
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}${path}`,
    server,
    stats,
    ids: () => [...ids],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function normalisePath(p: string): string {
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}
