/**
 * The receiver's recording of requests (`vcc-sim receive --record FILE`): every request as it
 * arrived, its body byte-exact, and the status it was answered, handed over once both the body has
 * ended and the answer is given (or the connection is gone). A request read to its end is handed
 * over as its answer starts, before any byte of the answer is sent: a sender that saw a 2xx has it
 * recorded. Around the request listener, so what the receiver answers and counts does not change.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { CapturedRequest } from '../wire/capture.js';

/**
 * Wraps a request listener so that `onCapture` gets every request: arrival time, method, path,
 * headers, the body (at most `maxBytes` of it kept; the rest counted) and the status answered
 * (`null` when the connection went without an answer).
 *
 * @example
 * createServer(capturing(handler.handle, 1 << 20, (r) => writeSync(fd, captureLine(r))));
 */
export function capturing(
  listener: RequestListener,
  maxBytes: number,
  onCapture: (request: CapturedRequest) => void,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const at = new Date().toISOString();
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let bodyDone = false;
    let answerDone = false;
    let status: number | null = null;
    let sent = false;
    const finish = () => {
      if (sent || !bodyDone || !answerDone) return;
      sent = true;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const cut = !req.complete || total > kept;
      onCapture({
        at,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        status,
        ...(cut
          ? { truncatedFrom: Math.max(total, Number(req.headers['content-length'] ?? 0)) }
          : {}),
      });
    };
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (kept >= maxBytes) return;
      const part = kept + c.length > maxBytes ? c.subarray(0, maxBytes - kept) : c;
      chunks.push(part);
      kept += part.length;
    });
    const bodyEnded = () => {
      bodyDone = true;
      finish();
    };
    req.once('end', bodyEnded);
    req.once('close', bodyEnded);
    // Recorded as the answer is given, before its bytes go out.
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof end>) => {
      if (!answerDone) {
        answerDone = true;
        status = res.statusCode;
        finish();
      }
      return end(...args);
    }) as typeof res.end;
    // The connection went without an answer (a reset): recorded with no status.
    res.once('close', () => {
      if (answerDone) return;
      answerDone = true;
      finish();
    });
    listener(req, res);
  };
}
