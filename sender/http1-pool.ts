/**
 * A lean HTTP/1.1 client for plain `http:` targets, straight over `node:net`: kept-alive
 * connections, one request at a time on each, every request written in one piece, and a small
 * reader of the answer (status, the headers the sender needs, a body by length, chunked, or until
 * the connection closes). `fire` sends through it: `node:http`'s client cost the sender two thirds
 * of the requests per second a bare load generator makes. It is not what MSW intercepts, so
 * `deliver()` uses it only when asked (`engine: 'net'`).
 */
import { connect, type Socket } from 'node:net';

/** An answer as the pool reads it, or the failure without one. */
export interface Http1Result {
  status?: number;
  /** The Retry-After header, as sent. */
  retryAfter?: string;
  /** `ECONNREFUSED`, `ECONNRESET`, `bad-response`, … */
  error?: string;
}

/** A header value Node would refuse: it could split the request (CR, LF) or holds a control character. */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Kept-alive connections to one host and port; the caller caps how many requests run at once.
 *
 * @example
 * const pool = new Http1Pool('127.0.0.1', 8080, '/webhook');
 * const cancel = pool.request({ 'content-type': 'application/json' }, body, (r) => console.log(r.status));
 */
export class Http1Pool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly head: string;

  constructor(
    private readonly host: string,
    private readonly port: number,
    path: string,
  ) {
    this.head = `POST ${path} HTTP/1.1\r\nhost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\n`;
  }

  /** Sends one request; `done` hears its result once (unless cancelled). Returns the cancel. */
  request(
    headers: Record<string, string>,
    body: string,
    done: (r: Http1Result) => void,
  ): () => void {
    let text = this.head;
    for (const name in headers) {
      const value = headers[name] as string;
      if (INVALID_HEADER_VALUE.test(value)) {
        done({ error: 'ERR_INVALID_CHAR' });
        return () => {};
      }
      text += `${name}: ${value}\r\n`;
    }
    text += `\r\n${body}`;
    const c = this.idle.pop() ?? this.open();
    c.send(text, done);
    return () => c.destroy();
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.all) c.destroy();
    this.idle.length = 0;
  }

  private open(): Connection {
    const c = new Connection(connect({ host: this.host, port: this.port, noDelay: true }), {
      idle: (x) => this.idle.push(x),
      gone: (x) => {
        this.all.delete(x);
        const i = this.idle.indexOf(x);
        if (i >= 0) this.idle.splice(i, 1);
      },
    });
    this.all.add(c);
    return c;
  }
}

type State = 'head' | 'length' | 'chunked' | 'close';

/** One kept-alive connection and the reader of its answers. */
class Connection {
  private done: ((r: Http1Result) => void) | undefined;
  /** What has arrived and is not read yet (latin1: one char a byte). */
  private buf = '';
  private state: State = 'head';
  private status = 0;
  private retryAfter: string | undefined;
  private keepAlive = true;
  /** Body bytes still to come (`length`), or of the current chunk (`chunked`, -1: at a size line). */
  private remaining = 0;

  constructor(
    private readonly socket: Socket,
    private readonly pool: { idle(c: Connection): void; gone(c: Connection): void },
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(err.code ?? 'ECONNRESET'));
    // The server closed its side: an idle connection leaves the pool at once.
    socket.on('end', () => {
      if (!this.done) this.pool.gone(this);
    });
    socket.on('close', () => {
      if (this.done && this.state === 'close' && this.status > 0) this.complete();
      else this.fail('ECONNRESET');
      this.pool.gone(this);
    });
  }

  send(text: string, done: (r: Http1Result) => void): void {
    this.done = done;
    this.buf = '';
    this.state = 'head';
    this.status = 0;
    this.retryAfter = undefined;
    this.socket.write(text);
  }

  destroy(): void {
    this.done = undefined;
    this.socket.destroy();
  }

  private fail(error: string): void {
    const done = this.done;
    this.done = undefined;
    done?.({ error });
    this.socket.destroy();
  }

  private complete(): void {
    const done = this.done;
    this.done = undefined;
    if (!this.keepAlive || this.buf.length > 0) this.socket.destroy();
    else this.pool.idle(this);
    done?.({
      status: this.status,
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
    });
  }

  private onData(chunk: Buffer): void {
    if (!this.done) {
      // Bytes nobody asked for: the connection cannot be trusted with another request.
      this.socket.destroy();
      return;
    }
    if (this.state === 'length' && this.buf === '') {
      // The common case: a body by length, counted and dropped.
      this.remaining -= chunk.length;
      if (this.remaining <= 0) {
        if (this.remaining < 0) this.keepAlive = false;
        this.complete();
      }
      return;
    }
    this.buf += chunk.toString('latin1');
    this.read();
  }

  private read(): void {
    for (;;) {
      if (this.state === 'head') {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buf.length > 64 * 1024) this.fail('bad-response');
          return;
        }
        const head = this.buf.slice(0, end);
        this.buf = this.buf.slice(end + 4);
        if (!this.readHead(head)) return;
        continue;
      }
      if (this.state === 'length') {
        this.remaining -= this.buf.length;
        this.buf = '';
        if (this.remaining <= 0) {
          if (this.remaining < 0) this.keepAlive = false;
          this.complete();
        }
        return;
      }
      if (this.state === 'close') {
        this.buf = '';
        return;
      }
      if (!this.readChunk()) return;
    }
  }

  /** Reads the status line and headers; false when the reading is over (done or failed). */
  private readHead(head: string): boolean {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!m) {
      this.fail('bad-response');
      return false;
    }
    const status = Number(m[2]);
    if (status >= 100 && status < 200) return true; // 100 Continue and the like: the answer follows
    this.status = status;
    this.keepAlive = m[1] === '1';
    let length: number | undefined;
    let chunked = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (name === 'connection') this.keepAlive = value.toLowerCase().includes('keep-alive');
      else if (name === 'retry-after') this.retryAfter = value;
    }
    if (status === 204 || status === 304) {
      this.complete();
      return false;
    }
    if (chunked) {
      this.state = 'chunked';
      this.remaining = -1;
      return true;
    }
    if (length !== undefined) {
      if (!(Number.isInteger(length) && length >= 0)) {
        this.fail('bad-response');
        return false;
      }
      this.state = 'length';
      this.remaining = length;
      if (length === 0 && this.buf === '') {
        this.complete();
        return false;
      }
      return true;
    }
    // No length: the body runs until the connection closes.
    this.state = 'close';
    this.keepAlive = false;
    return true;
  }

  /** Reads one chunk (or the last one and the trailers); false when more bytes are needed or it is done. */
  private readChunk(): boolean {
    if (this.remaining < 0) {
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) return false;
      const size = Number.parseInt(this.buf.slice(0, eol), 16);
      if (!Number.isFinite(size) || size < 0) {
        this.fail('bad-response');
        return false;
      }
      if (size === 0) {
        // The last chunk: trailers (if any) end with an empty line.
        const end = this.buf.indexOf('\r\n\r\n', eol);
        const bare = this.buf.startsWith('\r\n', eol + 2);
        if (!bare && end < 0) return false;
        this.buf = this.buf.slice(bare ? eol + 4 : end + 4);
        this.complete();
        return false;
      }
      this.buf = this.buf.slice(eol + 2);
      this.remaining = size + 2; // the chunk and its CRLF
    }
    if (this.buf.length < this.remaining) {
      this.remaining -= this.buf.length;
      this.buf = '';
      return false;
    }
    this.buf = this.buf.slice(this.remaining);
    this.remaining = -1;
    return true;
  }
}
