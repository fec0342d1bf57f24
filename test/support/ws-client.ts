import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A frame the client read: its opcode and payload (a close frame's code apart). */
export interface ReadFrame {
  opcode: number;
  text: string;
  /** Close frames: the status code. */
  code?: number;
}

/**
 * The least WebSocket client the tests need (Node 20 has none built in): the handshake, masked
 * text and control frames out, whole frames in, in order.
 */
export class TestWebSocket {
  private buf: Buffer = Buffer.alloc(0);
  private readonly frames: ReadFrame[] = [];
  private waiting: ((f: ReadFrame | undefined) => void) | undefined;
  private ended = false;

  private constructor(private readonly socket: Socket) {}

  /** Connects and completes the handshake; rejects with the status line when it is refused. */
  static open(url: string, early?: Buffer): Promise<TestWebSocket> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(u.port), u.hostname, () => {
        socket.write(
          `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
        // Bytes in the handshake's own packet, before the server's answer (a frame sent at once).
        if (early) socket.write(early);
      });
      const ws = new TestWebSocket(socket);
      let head = '';
      const onHead = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onHead);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(head.split('\r\n')[0]));
          return;
        }
        socket.on('data', (d: Buffer) => ws.read(d));
        socket.on('close', () => ws.end());
        const rest = Buffer.from(head.slice(end + 4), 'latin1');
        if (rest.length) ws.read(rest);
        resolve(ws);
      };
      socket.on('data', onHead);
      socket.on('error', reject);
    });
  }

  /** Sends one masked frame (text by default). */
  send(payload: string | Buffer, opcode = 0x1, masked = true): void {
    this.socket.write(TestWebSocket.frame(payload, opcode, masked));
  }

  /** One client frame's bytes. */
  static frame(payload: string | Buffer, opcode = 0x1, masked = true): Buffer {
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const mask = randomBytes(4);
    const n = body.length;
    const head = Buffer.alloc(n < 126 ? 2 : n < 65_536 ? 4 : 10);
    head[0] = 0x80 | opcode;
    head[1] = (masked ? 0x80 : 0) | (n < 126 ? n : n < 65_536 ? 126 : 127);
    if (n >= 65_536) head.writeBigUInt64BE(BigInt(n), 2);
    else if (n >= 126) head.writeUInt16BE(n, 2);
    const out = Buffer.from(body);
    if (masked) for (let i = 0; i < n; i++) out[i] = (out[i] as number) ^ (mask[i & 3] as number);
    return Buffer.concat(masked ? [head, mask, out] : [head, out]);
  }

  /** The next frame from the server, `undefined` once the connection has ended. */
  next(): Promise<ReadFrame | undefined> {
    const f = this.frames.shift();
    if (f || this.ended) return Promise.resolve(f);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.buf.length < 2) return;
      let n = (this.buf[1] as number) & 0x7f;
      let at = 2;
      if (n === 126) {
        if (this.buf.length < 4) return;
        n = this.buf.readUInt16BE(2);
        at = 4;
      } else if (n === 127) {
        if (this.buf.length < 10) return;
        n = Number(this.buf.readBigUInt64BE(2));
        at = 10;
      }
      if (this.buf.length < at + n) return;
      const opcode = (this.buf[0] as number) & 0x0f;
      const payload = this.buf.subarray(at, at + n);
      const frame: ReadFrame =
        opcode === 0x8
          ? {
              opcode,
              ...(payload.length >= 2 ? { code: payload.readUInt16BE(0) } : {}),
              text: payload.subarray(2).toString(),
            }
          : { opcode, text: payload.toString() };
      this.buf = this.buf.subarray(at + n);
      this.push(frame);
    }
  }

  private push(frame: ReadFrame | undefined): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w(frame);
    else if (frame) this.frames.push(frame);
  }

  private end(): void {
    this.ended = true;
    this.push(undefined);
  }
}
