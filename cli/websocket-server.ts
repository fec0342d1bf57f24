import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The server side of a WebSocket (RFC 6455), as much as the live feed needs: the handshake, text
 * messages each way (unfragmented from the client: k6 sends short ones), ping, and the closing
 * handshake. No extensions, no subprotocols. Frames from the client must be masked (6455 5.1).
 */
export interface WebSocketConnection {
  /** Sends one text message. */
  send(text: string): void;
  /** Sends a close frame (`code`, a `reason` cut to the 123 bytes a frame allows) and ends. */
  close(code?: number, reason?: string): void;
}

export interface WebSocketHandlers {
  message(text: string): void;
  /** The connection is gone (closed by either side, or broken). */
  closed?(): void;
}

/** RFC 6455 section 1.3: the GUID the key is hashed with. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The most a client message may hold: the feed's are a few bytes. */
const MAX_CLIENT_MESSAGE = 64 * 1024;
const TOO_LARGE = 'message too large';

/**
 * Completes a WebSocket handshake on an HTTP server's `upgrade` event and reads its messages;
 * `null` (the socket answered 400 and ended) when the request is not a WebSocket handshake.
 *
 * @example
 * server.on('upgrade', (req, socket, head) => {
 *   const ws = acceptWebSocket(req, socket, { message: (m) => ws?.send(m) }, head);
 * });
 */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  handlers: WebSocketHandlers,
  head: Buffer = Buffer.alloc(0),
): WebSocketConnection | null {
  const key = req.headers['sec-websocket-key'];
  if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return null;
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let open = true;
  const connection: WebSocketConnection = {
    send: (text) => {
      if (!open) return;
      // The header, then the text as the socket encodes it: no copy of a block into a frame.
      socket.cork();
      socket.write(frameHead(0x1, Buffer.byteLength(text, 'utf8')));
      socket.write(text, 'utf8');
      socket.uncork();
    },
    close: (code = 1000, reason = '') => {
      if (!open) return;
      open = false;
      const body = Buffer.alloc(2 + Math.min(Buffer.byteLength(reason), 123));
      body.writeUInt16BE(code, 0);
      body.write(reason, 2, body.length - 2, 'utf8');
      socket.end(frame(0x8, body));
    },
  };
  // What came after the handshake in its packet (a client may send a frame at once) comes first.
  let pending: Buffer = head;
  const onData = (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    // Once closed (by either side), nothing more is read.
    while (open) {
      const read = readFrame(pending);
      if (read === undefined) break;
      if (typeof read === 'string') {
        connection.close(read === TOO_LARGE ? 1009 : 1002, read);
        return;
      }
      pending = pending.subarray(read.length);
      if (read.opcode === 0x8) {
        // The closing handshake: the client's status code echoed (1000 when it gave none).
        connection.close(read.payload.length >= 2 ? read.payload.readUInt16BE(0) : 1000);
        return;
      }
      if (read.opcode === 0x9) {
        if (open) socket.write(frame(0xa, read.payload));
      } else if (read.opcode === 0x1) handlers.message(read.payload.toString('utf8'));
      else if (read.opcode !== 0xa) {
        connection.close(1003, 'only text messages, unfragmented');
        return;
      }
    }
  };
  socket.on('data', onData);
  // Read once the caller holds the connection (a message handler may answer on it).
  if (head.length > 0) process.nextTick(() => onData(Buffer.alloc(0)));
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    open = false;
    handlers.closed?.();
  });
  return connection;
}

/** A frame the server sends: final, unmasked, with the payload's length in 7, 16 or 64 bits. */
function frame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHead(opcode, payload.length), payload]);
}

/** The header of a frame the server sends, for a payload of `n` bytes. */
function frameHead(opcode: number, n: number): Buffer {
  const head = Buffer.alloc(n < 126 ? 2 : n < 65536 ? 4 : 10);
  head[0] = 0x80 | opcode;
  if (n < 126) head[1] = n;
  else if (n < 65536) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return head;
}

/**
 * The first whole frame in `buf` (`undefined`: not all of it has come yet), or why it is refused
 * (a string): unmasked, fragmented, or larger than a client message may be.
 */
function readFrame(
  buf: Buffer,
): { opcode: number; payload: Buffer; length: number } | string | undefined {
  if (buf.length < 2) return undefined;
  const b0 = buf[0] as number;
  const b1 = buf[1] as number;
  if ((b0 & 0x80) === 0 || (b0 & 0x0f) === 0) return 'fragmented messages are not read';
  if ((b1 & 0x80) === 0) return 'a client frame must be masked';
  let n = b1 & 0x7f;
  let at = 2;
  if (n === 126) {
    if (buf.length < 4) return undefined;
    n = buf.readUInt16BE(2);
    at = 4;
  } else if (n === 127) {
    if (buf.length < 10) return undefined;
    const big = buf.readBigUInt64BE(2);
    n = big > BigInt(MAX_CLIENT_MESSAGE) ? MAX_CLIENT_MESSAGE + 1 : Number(big);
    at = 10;
  }
  if (n > MAX_CLIENT_MESSAGE) return TOO_LARGE;
  if (buf.length < at + 4 + n) return undefined;
  const mask = buf.subarray(at, at + 4);
  const payload = Buffer.from(buf.subarray(at + 4, at + 4 + n));
  for (let i = 0; i < n; i++) payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return { opcode: b0 & 0x0f, payload, length: at + 4 + n };
}
