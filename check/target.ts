/**
 * Where probes go: a URL (`node:http`, keep-alive, the deadline enforced) or a node:http request
 * listener run in process through `nodeHandler` (no port). Every send resolves with an
 * {@link Exchange}; nothing throws for a bad answer or none.
 */
import http, { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { nodeHandler } from '../mocks/node-handler.js';
import type { Exchange } from './types.js';

/** One request a probe makes. */
export interface ProbeRequest {
  probe: string;
  sent: string;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

/** What probes are sent to. */
export interface ProbeTarget {
  /** The URL, or `(in-process handler)`. */
  readonly name: string;
  /** The URL when there is one (the capacity ramp needs a real server). */
  readonly url: string | undefined;
  send(req: ProbeRequest): Promise<Exchange>;
  close(): void;
}

/** A node:http request listener (an Express app is one). */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** `no answer within 10 s`, as the evidence words it. */
export function noAnswer(deadlineMs: number): string {
  return `no answer within ${formatSeconds(deadlineMs)}`;
}

/** 10000 -> `10 s`, 1500 -> `1.5 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1))} s`;
}

function headersOf(req: ProbeRequest): Record<string, string> {
  return { 'content-type': req.contentType, ...(req.headers ?? {}) };
}

/**
 * Probes to a URL over keep-alive connections; requests sent at once go on connections of their
 * own. No answer within `deadlineMs` ends the request.
 *
 * @example
 * const t = urlTarget('http://127.0.0.1:8080/webhook', 10_000);
 */
export function urlTarget(url: string, deadlineMs: number): ProbeTarget {
  const u = new URL(url);
  const client = u.protocol === 'https:' ? https : http;
  const agent =
    u.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = (r: ProbeRequest): Promise<Exchange> =>
    new Promise((resolve) => {
      const started = performance.now();
      const base = { probe: r.probe, sent: r.sent };
      let settled = false;
      const done = (x: { status?: number; error?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...base, ...x, ms: Math.round(performance.now() - started) });
      };
      const req = client.request(u, { method: 'POST', agent, headers: headersOf(r) }, (res) => {
        res.on('data', () => {});
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', (err) => done({ error: errorName(err) }));
      });
      const timer = setTimeout(() => {
        done({ error: noAnswer(deadlineMs) });
        req.destroy();
      }, deadlineMs);
      req.on('error', (err) => done({ error: errorName(err) }));
      req.end(r.body);
    });
  return { name: url, url, send, close: () => agent.destroy() };
}

function errorName(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

/**
 * Probes to a node:http request listener in process (as `nodeHandler` drives it), POSTed to
 * `path`: no port, no connection; an answer not ended within `deadlineMs` is no answer.
 *
 * @example
 * const t = handlerTarget(app, 10_000);
 */
export function handlerTarget(
  listener: RequestListener,
  deadlineMs: number,
  path = '/webhook',
): ProbeTarget {
  const fetchLike = nodeHandler(listener, { timeoutMs: deadlineMs });
  const url = new URL(path, 'http://receiver.invalid').href;
  const send = async (r: ProbeRequest): Promise<Exchange> => {
    const started = performance.now();
    const base = { probe: r.probe, sent: r.sent };
    const request = new Request(url, {
      method: 'POST',
      headers: headersOf(r),
      body: r.body,
    });
    try {
      const res = await fetchLike(request);
      await res.arrayBuffer();
      return { ...base, status: res.status, ms: Math.round(performance.now() - started) };
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const error = /did not end its response/.test(message)
        ? noAnswer(deadlineMs)
        : `the handler threw: ${message}`;
      return { ...base, error, ms: Math.round(performance.now() - started) };
    }
  };
  return { name: '(in-process handler)', url: undefined, send, close: () => {} };
}

/**
 * 127.0.0.0/8, ::1 or localhost: where the capacity ramp may load a receiver without
 * `allowRemote`.
 *
 * @example
 * isLoopback(new URL('http://127.0.0.1:3000/')) // true
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
