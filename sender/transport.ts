/**
 * One POST to the webhook, the way VCC makes it: over `node:http(s)` with keep-alive, no answer
 * within the timeout is a failure, redirects are not followed (a 3xx is an answer like any other).
 * Requests go through the module's `request` looked up at call time, so MSW's interceptors see them.
 */
import http, { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import https, { Agent as HttpsAgent } from 'node:https';
import { parseRetryAfter } from './retry-schedule.js';

/** One HTTP exchange's result: a status, or the failure without one. */
export interface Answer {
  status?: number;
  /** `timeout`, `ECONNREFUSED`, `ECONNRESET`, … */
  error?: string;
  /** What a 429's Retry-After asked for, ms. */
  retryAfterMs?: number;
  latencyMs: number;
}

/** Success as VCC counts it: 200-205. */
export const isSuccess = (status: number): boolean => status >= 200 && status <= 205;

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
  private readonly send: typeof http.request;

  constructor(
    private readonly url: URL,
    concurrency: number,
    private readonly timeoutMs: number,
    private readonly onAnswer: (answer: Answer) => void,
  ) {
    const secure = url.protocol === 'https:';
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency })
      : new HttpAgent({ keepAlive: true, maxSockets: concurrency });
    // Looked up on the module object at call time (not a named import), so interceptors that patch
    // `http.request` (MSW's setupServer) see these requests even from an ES module.
    this.send = secure ? https.request : http.request;
  }

  /** Sends one request (adding its content-length) and resolves with the answer; never rejects. */
  post(body: string, headers: Record<string, string>): Promise<Answer> {
    headers['content-length'] = String(Buffer.byteLength(body));
    const t0 = performance.now();
    this.requests++;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const done = (a: Omit<Answer, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        const answer = { ...a, latencyMs: performance.now() - t0 };
        this.onAnswer(answer);
        resolve(answer);
      };
      let req: ReturnType<typeof http.request>;
      try {
        req = this.send(
          this.url,
          { method: 'POST', agent: this.agent, headers, timeout: this.timeoutMs },
          onResponse,
        );
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
            ...(res.statusCode === 429
              ? { retryAfterMs: parseRetryAfter(res.headers['retry-after']) }
              : {}),
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
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
