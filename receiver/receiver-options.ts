/**
 * The options of the built-in receiver: where it listens, what it checks, the faults it injects,
 * with their defaults and the checks that make a bad one a one-line usage error.
 */
import { SimError } from '../generator/errors.js';
import type { CapturedRequest } from '../wire/capture.js';
import { SIGNATURE_LEEWAY_S, secretKey } from '../wire/signature.js';

/** The ids remembered for deduplication by default ({@link ReceiverOptions.idWindow}). */
export const DEFAULT_ID_WINDOW = 100_000;

/** How the receiver listens and what it checks. */
export interface ReceiverOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The webhook path. Default `/webhook`; stats at `<path>/stats`. */
  path?: string;
  /** Base64 subscription secret: verify `Vonage-Signature` (401 when it fails). An empty one is an error. */
  secret?: string;
  /**
   * How far the signer's clock may be off when checking a signature's times, seconds: expired,
   * issued ahead of now, or living longer than VCC's 5 minutes. Default 60.
   */
  signatureLeewaySeconds?: number;
  /** Largest body accepted, bytes (413 above). Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * How many of the latest unique events' ids are remembered to answer redeliveries as
   * duplicates: memory stays bounded however long the receiver runs, and a redelivery of an older
   * event is taken as new. Default 100,000 (about 10 MB).
   */
  idWindow?: number;
  /** Fault injection for testing senders. */
  faults?: ReceiverFaults;
  /** Requests per minute granted in the webhook handshake (`WebHook-Allowed-Rate`). Default any (`*`). */
  allowedRate?: number;
  /** Called once per POST answered, with what it carried and the answer (a log, a live view). */
  onRequest?: (request: AnsweredRequest) => void;
  /**
   * Called once per request of any kind (`vcc-sim receive --record`): as it arrived, its body
   * byte-exact (up to `maxBodyBytes`), the status answered; `captureLine()` writes it as a line.
   */
  onCapture?: (request: CapturedRequest) => void;
}

/** A notification request the receiver answered, for {@link ReceiverOptions.onRequest}. */
export interface AnsweredRequest {
  /** When it was answered, ISO 8601. */
  at: string;
  status: number;
  /** Why it was refused (`signature`, `invalid`, `too-large`, `injected-failure`, ...). */
  reason?: string;
  /** The notifications it carried, as far as they could be read. */
  events: Array<{ type: string; id: string; subject?: string }>;
  /** The signature checked out (`true`), failed (`false`), or was not checked (no secret). */
  verified?: boolean;
  /** Answered in, ms (injected latency included). */
  latencyMs: number;
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

/** The options checked, with their defaults filled in. */
export interface ResolvedReceiver {
  host: string;
  port: number;
  path: string;
  statsPath: string;
  /** The HMAC key from the secret, when signatures are verified. */
  key: Uint8Array | undefined;
  leewaySeconds: number;
  maxBody: number;
  idWindow: number;
  faults: ReceiverFaults;
  allowedRate: number | undefined;
  onRequest: ((request: AnsweredRequest) => void) | undefined;
  onCapture: ((request: CapturedRequest) => void) | undefined;
}

/**
 * Checks the options and fills in the defaults.
 *
 * @example
 * resolveReceiverOptions({ path: 'hook/' }).statsPath // '/hook/stats'
 */
export function resolveReceiverOptions(options: ReceiverOptions): ResolvedReceiver {
  const path = normalisePath(options.path ?? '/webhook');
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new SimError(
      'usage',
      `Invalid port ${options.port}: give a whole number from 0 to 65535.`,
      { option: 'port', allowed: 'give a whole number from 0 to 65535 (0: a free one)' },
    );
  if (options.secret !== undefined && options.secret.trim() === '')
    throw new SimError(
      'usage',
      'Invalid secret: it is empty. Give the base64 subscription secret, or none to accept unsigned requests.',
    );
  const key = options.secret !== undefined ? secretKey(options.secret) : undefined;
  const leewaySeconds = options.signatureLeewaySeconds ?? SIGNATURE_LEEWAY_S;
  if (!(Number.isFinite(leewaySeconds) && leewaySeconds >= 0))
    throw new SimError(
      'usage',
      `Invalid signature leeway ${leewaySeconds}: give seconds >= 0, e.g. 60.`,
      { option: 'leeway', allowed: 'give seconds >= 0, e.g. 60' },
    );
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const idWindow = options.idWindow ?? DEFAULT_ID_WINDOW;
  if (!(Number.isInteger(idWindow) && idWindow >= 1))
    throw new SimError(
      'usage',
      `Invalid id window ${idWindow}: give a whole number of ids >= 1, e.g. 100000.`,
      { option: 'idWindow', allowed: 'give a whole number of ids >= 1, e.g. 100000' },
    );
  const faults = options.faults ?? {};
  checkFaults(faults, maxBody);
  return {
    host: options.host ?? '127.0.0.1',
    port,
    path,
    statsPath: path === '/' ? '/stats' : `${path}/stats`,
    key,
    leewaySeconds,
    maxBody,
    idWindow,
    faults,
    allowedRate: options.allowedRate,
    onRequest: options.onRequest,
    onCapture: options.onCapture,
  };
}

function checkFaults(faults: ReceiverFaults, maxBody: number): void {
  for (const [name, v, option] of [
    ['fail rate', faults.failRate, 'failRate'],
    ['drop rate', faults.dropRate, 'dropRate'],
  ] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1))
      throw new SimError('usage', `Invalid ${name} ${v}: give a share from 0 to 1.`, {
        option,
        allowed: 'give a share from 0 to 1, e.g. 0.2',
      });
  }
  if (
    faults.latencyMs !== undefined &&
    !(Number.isFinite(faults.latencyMs) && faults.latencyMs >= 0)
  )
    throw new SimError('usage', `Invalid latency ${faults.latencyMs}: give milliseconds >= 0.`, {
      option: 'latency',
      allowed: 'give milliseconds >= 0',
    });
  if (!(Number.isInteger(maxBody) && maxBody >= 1))
    throw new SimError('usage', `Invalid max body ${maxBody}: give a whole number of bytes >= 1.`, {
      option: 'maxBody',
      allowed: 'give a whole number of bytes >= 1',
    });
  if (
    faults.status !== undefined &&
    !(Number.isInteger(faults.status) && faults.status >= 200 && faults.status <= 599)
  ) {
    // A 1xx is not a final answer: a client would wait for the one that never comes.
    throw new SimError(
      'usage',
      `Invalid status ${faults.status}: give an HTTP status from 200 to 599 (a 1xx is not a final answer).`,
      {
        option: 'status',
        allowed: 'give an HTTP status from 200 to 599 (a 1xx is not a final answer)',
      },
    );
  }
}

function normalisePath(p: string): string {
  if (!/^[\w\-./~%!$&'()*+,;=:@]*$/.test(p))
    throw new SimError(
      'usage',
      `Invalid path ${JSON.stringify(p)}: give a URL path, e.g. /webhook.`,
      {
        option: 'path',
        allowed: 'give a URL path (no spaces, ? or #), e.g. /webhook',
      },
    );
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}
