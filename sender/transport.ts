/**
 * One POST to the webhook, the way VCC makes it: over `node:http(s)` with keep-alive, no complete
 * answer within the deadline is a failure (`timeout`: connecting, the headers and the body all
 * count, so a receiver that trickles its answer cannot hold an attempt past it), redirects are not
 * followed (a 3xx is an answer like any other).
 * Requests go through the module's `request` looked up at call time, so MSW's interceptors see them.
 */
import http, { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import https, { Agent as HttpsAgent } from 'node:https';
import { type Answer, parseRetryAfter } from './answer.js';
import { Http1Pool, type Http1Result } from './http1-pool.js';

/**
 * How requests are made: `node-http` (Node's client, which MSW's interceptors see) or `net` (a lean
 * HTTP/1.1 client over `node:net`, for `http:` targets; about twice the requests per second).
 */
export type HttpEngine = 'node-http' | 'net';

/**
 * POSTs bodies to one URL; `onAnswer` hears every answer (with its latency) as it comes.
 *
 * @example
 * const transport = new Transport(new URL(target), 32, 10_000, () => {});
 * const answer = await transport.post(body, { 'content-type': 'application/cloudevents+json' });
 */
export class Transport {
  /** Requests made so far. */
  requests = 0;
  private readonly agent: HttpAgent;
  /** The request options but the headers, worked out once from the URL. */
  private readonly target: http.RequestOptions;
  /** The lean client, when the engine is `net` and the target plain http. */
  private readonly pool: Http1Pool | undefined;
  /** The requests in flight, each with the way to end it now. */
  private readonly open = new Set<() => void>();
  private readonly send: typeof http.request;

  constructor(
    url: URL,
    concurrency: number,
    private readonly timeoutMs: number,
    private readonly onAnswer: (answer: Answer) => void,
    engine: HttpEngine = 'node-http',
  ) {
    const secure = url.protocol === 'https:';
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency })
      : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
    // Looked up on the module object at call time (not a named import), so interceptors that patch
    // `http.request` (MSW's setupServer) see these requests even from an ES module.
    this.send = secure ? https.request : http.request;
    this.pool =
      engine === 'net' && !secure && !url.username && !url.password
        ? new Http1Pool(
            url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
            Number(url.port || 80),
            `${url.pathname}${url.search}`,
          )
        : undefined;
    this.target = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: this.agent,
      ...(url.username || url.password
        ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
        : {}),
    };
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Sends one request (adding its content-length) and resolves with the answer; never rejects. */
  post(body: string, headers: Record<string, string>): Promise<Answer> {
    headers['content-length'] = String(Buffer.byteLength(body));
    const t0 = performance.now();
    this.requests++;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      let cancel: (() => void) | undefined;
      const abort = (error: string) => {
        cancel?.();
        done({ error });
      };
      const deadline = setTimeout(abort, this.timeoutMs, 'timeout');
      const end = () => abort('aborted');
      this.open.add(end);
      const done = (a: Omit<Answer, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        this.open.delete(end);
        const answer = { ...a, latencyMs: performance.now() - t0 };
        this.onAnswer(answer);
        resolve(answer);
      };
      if (this.pool) cancel = this.pool.request(headers, body, (r) => done(fromResult(r)));
      else cancel = this.viaNodeHttp(body, headers, done);
    });
  }

  /** One request through `node:http(s)`; returns the way to end it. */
  private viaNodeHttp(
    body: string,
    headers: Record<string, string>,
    done: (a: Omit<Answer, 'latencyMs'>) => void,
  ): () => void {
    let req: ReturnType<typeof http.request>;
    try {
      req = this.send({ ...this.target, headers }, onResponse);
    } catch (err) {
      // An invalid header value, say: this request fails; the run goes on.
      done({ error: (err as NodeJS.ErrnoException).code ?? 'request-error' });
      return () => {};
    }
    function onResponse(res: IncomingMessage) {
      res.resume();
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          ...(res.statusCode === 429 || res.statusCode === 503
            ? { retryAfterMs: parseRetryAfter(res.headers['retry-after']) }
            : {}),
        }),
      );
      res.on('error', () => done({ status: res.statusCode ?? 0 }));
    }
    req.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end(body);
    return () => req.destroy();
  }

  /** Ends every request in flight now: each resolves with the error `aborted`. */
  abortAll(): void {
    for (const end of [...this.open]) end();
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
    this.pool?.close();
  }
}

/** The lean client's result as an answer (Retry-After read on 429 and 503). */
function fromResult(r: Http1Result): Omit<Answer, 'latencyMs'> {
  if (r.status === undefined) return { error: r.error ?? 'request-error' };
  return {
    status: r.status,
    ...(r.status === 429 || r.status === 503
      ? { retryAfterMs: parseRetryAfter(r.retryAfter) }
      : {}),
  };
}
