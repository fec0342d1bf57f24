/**
 * The CloudEvents webhook validation handshake (CloudEvents "HTTP 1.1 Web Hooks for Event
 * Delivery", section 4): an OPTIONS request with `WebHook-Request-Origin` (and optionally
 * `WebHook-Request-Rate`, requests per minute); the receiver grants delivery by echoing the origin
 * (or `*`) in `WebHook-Allowed-Origin`, and may cap the rate with `WebHook-Allowed-Rate`.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What the receiver granted. */
export interface HandshakeResult {
  /** The receiver allowed this origin to deliver. */
  granted: boolean;
  /** The status of the OPTIONS answer, or the connection error. */
  status?: number;
  error?: string;
  allowedOrigin?: string;
  /** Requests per minute the receiver allows; `'*'` for any, `undefined` when it did not say. */
  allowedRate?: number | '*';
}

/**
 * Runs the validation handshake against a webhook URL.
 *
 * @example
 * const h = await handshake('http://127.0.0.1:8080/webhook', { origin: 'vcc-event-sim' });
 * if (!h.granted) throw new Error('receiver refused delivery');
 */
export function handshake(
  target: string,
  options: {
    origin: string;
    requestRate?: number;
    headers?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<HandshakeResult> {
  const url = new URL(target);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = {
    ...options.headers,
    'webhook-request-origin': options.origin,
  };
  if (options.requestRate !== undefined)
    headers['webhook-request-rate'] = String(Math.ceil(options.requestRate));
  return new Promise((resolve) => {
    const req = send(
      url,
      { method: 'OPTIONS', headers, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const allowedOrigin = res.headers['webhook-allowed-origin'];
        const rateHeader = res.headers['webhook-allowed-rate'];
        const origin = Array.isArray(allowedOrigin) ? allowedOrigin[0] : allowedOrigin;
        const rateText = Array.isArray(rateHeader) ? rateHeader[0] : rateHeader;
        const rate =
          rateText === undefined ? undefined : rateText.trim() === '*' ? '*' : Number(rateText);
        resolve({
          granted: status >= 200 && status < 300 && (origin === '*' || origin === options.origin),
          status,
          ...(origin !== undefined ? { allowedOrigin: origin } : {}),
          ...(rate !== undefined && (rate === '*' || (Number.isFinite(rate) && rate > 0))
            ? { allowedRate: rate }
            : {}),
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ granted: false, error: 'timeout' });
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ granted: false, error: err.code ?? err.message }),
    );
    req.end();
  });
}
