/**
 * Drives a node:http request listener (plain `node:http`, Express, Koa's `app.callback()`) with a
 * fetch `Request` and returns its answer as a `Response`, in process, with no port: so a
 * node-style receiver can be the `receiver` of `vccWebhook()` / `mockVcc()` or be called with a
 * `signedRequest()` directly.
 */
import http, {
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { Socket } from 'node:net';

/** A node:http request listener, as `http.createServer(listener)` takes (an Express app is one). */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Options of {@link nodeHandler}. */
export interface NodeHandlerOptions {
  /** How long the listener may take to end its response, ms; then the call fails. Default 10 000. */
  timeoutMs?: number;
}

type Chunk = string | Uint8Array | undefined | null;

function bytes(chunk: Chunk | (() => void), encoding?: unknown): Buffer | undefined {
  if (chunk == null || typeof chunk === 'function') return undefined;
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return Buffer.from(chunk);
}

function incoming(request: Request, body: Buffer): IncomingMessage {
  // A socket that is never connected: the message reads only what is pushed into it.
  const req = new http.IncomingMessage(new Socket());
  const url = new URL(request.url);
  req.method = request.method;
  req.url = `${url.pathname}${url.search}`;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  request.headers.forEach((value, name) => {
    req.headers[name] = value;
    req.rawHeaders.push(name, value);
  });
  req.headers.host ??= url.host;
  if (body.length > 0 && req.headers['content-length'] === undefined)
    req.headers['content-length'] = String(body.length);
  if (body.length > 0) req.push(body);
  req.push(null);
  return req;
}

/** Lets `writeHead(status, headers)` headers show in `getHeaders()`, where the answer is read. */
function storeHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as OutgoingHttpHeaders))
      if (v !== undefined) res.setHeader(k, v);
  }
}

function answer(res: ServerResponse, chunks: Buffer[]): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
  }
  const status = res.statusCode;
  const noBody = status === 204 || status === 205 || status === 304;
  return new Response(noBody ? null : Buffer.concat(chunks), {
    status,
    statusText: res.statusMessage ?? '',
    headers,
  });
}

/**
 * A fetch-style handler, `(request: Request) => Promise<Response>`, that runs a node:http request
 * listener in process: the listener gets an `IncomingMessage` with the request's method, path,
 * headers and body, and what it writes to its `ServerResponse` (status, headers, body) is the
 * answer. No port is opened.
 *
 * @example
 * const app = express().post('/vcc', express.raw({ type: '*\/*' }), myWebhookRoute);
 * const { handlers, inbox } = vccWebhook({ url, secret, receiver: nodeHandler(app) });
 * const res = await nodeHandler(app)(await signedRequest(wrapStarted(), { url, secret }));
 */
export function nodeHandler(
  listener: NodeRequestListener,
  options: NodeHandlerOptions = {},
): (request: Request) => Promise<Response> {
  if (typeof listener !== 'function') {
    throw new TypeError(
      'nodeHandler: give a request listener, (req, res) => …, or an Express app.',
    );
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (request) => {
    const req = incoming(request, Buffer.from(await request.arrayBuffer()));
    const res = new http.ServerResponse(req);
    return new Promise<Response>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `nodeHandler: the listener did not end its response to ${request.method} ${req.url} within ${timeoutMs} ms (call res.end()).`,
            ),
          ),
        timeoutMs,
      );
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        res.statusCode = status;
        if (typeof rest[0] === 'string') res.statusMessage = rest[0];
        storeHeaders(res, rest[rest.length - 1]);
        return res;
      }) as ServerResponse['writeHead'];
      res.write = ((chunk: Chunk, encoding?: unknown, cb?: () => void) => {
        const b = bytes(chunk, encoding);
        if (b) chunks.push(b);
        (typeof encoding === 'function' ? (encoding as () => void) : cb)?.();
        return true;
      }) as ServerResponse['write'];
      res.end = ((chunk?: Chunk | (() => void), encoding?: unknown, cb?: () => void) => {
        const b = bytes(chunk, encoding);
        if (b) chunks.push(b);
        clearTimeout(timer);
        resolve(answer(res, chunks));
        const done = [chunk, encoding, cb].find((x) => typeof x === 'function') as
          | (() => void)
          | undefined;
        done?.();
        res.emit('finish');
        res.emit('close');
        return res;
      }) as ServerResponse['end'];
      try {
        const result = listener(req, res);
        if (result instanceof Promise)
          result.catch((err: unknown) => {
            clearTimeout(timer);
            reject(err);
          });
      } catch (err) {
        clearTimeout(timer);
        reject(err);
      }
    });
  };
}
