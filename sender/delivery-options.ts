/**
 * The options of `deliver()`: what they mean, their defaults, and the checks that turn a bad one
 * into a one-line usage error before anything is sent.
 */

import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import { definedOnly, type UndefinedAllowed } from '../generator/optional.js';
import {
  type ChaosProfile,
  DEFAULT_RETRY,
  type Pace,
  type RetryPolicy,
} from '../scenarios/index.js';
import type { ContentMode } from '../wire/cloudevents.js';
import { type SignatureFormat, secretKey } from '../wire/signature.js';
import type { DeliveryProgress, EventOutcome } from './delivery-ledger.js';
import type { ProbeOutcome } from './fault-report.js';
import type { HttpEngine } from './transport.js';

/** How a notification travels: one per POST (structured or binary) or many per POST (batch); the sender's name for {@link ContentMode}. */
export type DeliveryMode = ContentMode;

/** Options of `deliver`. */
export type DeliverOptions = UndefinedAllowed<DeliverOptionFields>;

/** {@link DeliverOptions} as written (each optional one also takes `undefined`: not given). */
interface DeliverOptionFields {
  /** The webhook URL (http or https). */
  target: string;
  mode?: DeliveryMode;
  /** Requests in flight at once. Default 32. */
  concurrency?: number;
  /**
   * How requests are made: `node-http` (the default: Node's client, which MSW's interceptors see)
   * or `net` (a lean HTTP/1.1 client for `http:` targets, as `vcc-sim fire` sends; `https:` still
   * goes through Node's client).
   */
  engine?: HttpEngine;
  /** `speed` replays the timeline that many times faster than real time; `rate` caps requests/s; `max` as fast as accepted (the default). */
  pace?: Pace;
  /** Any of the three; the rest stay the defaults (`DEFAULT_RETRY`). */
  retry?: UndefinedAllowed<Partial<RetryPolicy>>;
  /** Stop retrying an event after this many attempts (default: only the give-up time limits). */
  maxAttempts?: number;
  /** Base64 subscription secret: sign every request. */
  secret?: string;
  signatureFormat?: SignatureFormat;
  /** Extra headers on every request (auth a subscription would send). */
  headers?: Record<string, string>;
  /** Events per request in batch mode. Default 50. */
  batchSize?: number;
  /**
   * Simulated ms per real ms for the retry delays and the give-up limit (`retry.scheduleMs`,
   * `retry.giveUpAfterMs`). Default: the replay speed (`pace.speed`), else 1: real time, like
   * `retry.timeoutMs`. `vcc-sim fire` without a speed passes 600.
   */
  timeScale?: number;
  /** Re-base timestamps to now when replaying with `speed`. Default true. */
  rebase?: boolean;
  /**
   * Stops the run: nothing new is sent; pending retries, and the events never attempted, end as
   * `not-sent`; requests still in flight after `stopGraceMs` are cut off (`not-sent`, error
   * `aborted`).
   */
  signal?: AbortSignal;
  /** How long requests in flight may still finish once the run is stopped, ms. Default 1000. */
  stopGraceMs?: number;
  /** Called every `progressEveryMs` while the run goes on, with how it is going. */
  onProgress?: (progress: DeliveryProgress) => void;
  /** Default 1000. */
  progressEveryMs?: number;
  /**
   * Called once per event with its final outcome, and the event as it was sent (or would have
   * been: re-based like the rest of the run when it re-bases), the bytes a redelivery repeats.
   */
  onOutcome?: (outcome: EventOutcome, event: Notification) => void;
  /** Faults to inject on the way (the chaos scenario): duplicates, reordering, late first deliveries, malformed requests. */
  chaos?: ChaosProfile;
  /** Seed of the chaos draws. Default `chaos`. */
  chaosSeed?: string;
  /** The target's body limit, for the oversized-body malformation. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Called once per chaos request (a duplicate or a malformed request) with how the target answered. */
  onProbe?: (probe: ProbeOutcome) => void;
}

/** The options checked, with their defaults filled in. */
export interface ResolvedDelivery {
  url: URL;
  mode: DeliveryMode;
  concurrency: number;
  engine: HttpEngine;
  pace: Pace;
  retry: RetryPolicy;
  /** Simulated ms per real ms for retry delays and the give-up limit: `timeScale`, the replay speed, or 1. */
  scale: number;
  /** Events per request: `batchSize` in batch mode, else 1. */
  batchSize: number;
  /** The HMAC key from the secret, when requests are signed. */
  key: Uint8Array | undefined;
  signatureFormat: SignatureFormat;
  /** Extra headers, names lower-cased. */
  headers: Record<string, string>;
}

/**
 * Checks the options and fills in the defaults; a bad option is a `SimError('usage')` that says
 * how to fix it.
 *
 * @example
 * const { url, concurrency } = resolveDeliveryOptions({ target: 'http://127.0.0.1:8080/webhook' });
 */
export function resolveDeliveryOptions(options: DeliverOptions): ResolvedDelivery {
  return resolveOptions(options);
}

/**
 * Checks {@link deliver}'s options without sending anything: the {@link SimError} `deliver`
 * would throw for a bad one (a target that is not http(s), a concurrency of 0, ...), up front.
 *
 * @example
 * checkDeliverOptions({ target: 'ftp://x' }) // throws SimError: Invalid target "ftp://x": ...
 */
export function checkDeliverOptions(options: DeliverOptions): void {
  resolveOptions(options);
}

function resolveOptions(options: DeliverOptions): ResolvedDelivery {
  const url = targetUrl(options.target);
  const mode = options.mode ?? 'structured';
  const concurrency = options.concurrency ?? 32;
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 10_000)) {
    throw new SimError(
      'usage',
      `Invalid concurrency ${concurrency}: give a whole number from 1 to 10000.`,
      { option: 'concurrency', allowed: 'give a whole number of requests from 1 to 10000' },
    );
  }
  const pace = options.pace ?? { max: true };
  if (pace.speed !== undefined && !(pace.speed > 0))
    throw new SimError('usage', `Invalid speed ${pace.speed}: give a number > 0, e.g. 600.`, {
      option: 'speed',
      allowed: 'give a number > 0, e.g. 600 (1 is real time)',
    });
  if (pace.rate !== undefined && !(pace.rate > 0))
    throw new SimError('usage', `Invalid rate ${pace.rate}: give requests per second > 0.`, {
      option: 'rate',
      allowed: 'give notifications per second > 0',
    });
  for (const [name, v, option, unit] of [
    ['max attempts', options.maxAttempts, 'maxAttempts', ''],
    ['batch size', options.batchSize, 'batchSize', ''],
    ['max body', options.maxBodyBytes, 'maxBody', ' of bytes'],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new SimError('usage', `Invalid ${name} ${v}: give a whole number${unit} >= 1.`, {
        option,
        allowed: `give a whole number${unit} >= 1`,
      });
  }
  if (options.timeScale !== undefined && !(options.timeScale > 0))
    throw new SimError(
      'usage',
      `Invalid timeScale ${options.timeScale}: give a number > 0 (1 is real time).`,
    );
  const retry = checkRetry({ ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) });
  const engine = options.engine ?? 'node-http';
  if (engine !== 'node-http' && engine !== 'net')
    throw new SimError('usage', `Invalid engine "${engine}": give "node-http" or "net".`);
  return {
    url,
    mode,
    concurrency,
    engine,
    pace,
    retry,
    // Retry delays and the give-up limit run in real time unless told (timeScale) or replaying (speed).
    scale: options.timeScale ?? pace.speed ?? 1,
    batchSize: mode === 'batch' ? (options.batchSize ?? 50) : 1,
    key: options.secret ? secretKey(options.secret) : undefined,
    signatureFormat: options.signatureFormat ?? 'jwt',
    headers: Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
}

function targetUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new SimError(
      'usage',
      `Invalid target "${target}": give a URL such as http://127.0.0.1:8080/webhook.`,
      { option: 'target', allowed: 'give a URL such as http://127.0.0.1:8080/webhook' },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SimError(
      'usage',
      `Invalid target "${target}": only http and https URLs are supported.`,
      { option: 'target', allowed: 'only http and https URLs are supported' },
    );
  }
  return url;
}

function checkRetry(retry: RetryPolicy): RetryPolicy {
  if (!(Number.isFinite(retry.timeoutMs) && retry.timeoutMs > 0))
    throw new SimError(
      'usage',
      `Invalid timeout ${retry.timeoutMs}: give milliseconds > 0, e.g. 10000.`,
      { option: 'timeout', allowed: 'give milliseconds > 0, e.g. 10000' },
    );
  if (!(Number.isFinite(retry.giveUpAfterMs) && retry.giveUpAfterMs >= 0))
    throw new SimError(
      'usage',
      `Invalid retry.giveUpAfterMs ${retry.giveUpAfterMs}: give milliseconds >= 0.`,
    );
  if (
    !Array.isArray(retry.scheduleMs) ||
    retry.scheduleMs.some((d) => !(Number.isFinite(d) && d >= 0))
  )
    throw new SimError(
      'usage',
      'Invalid retry.scheduleMs: give a list of delays in milliseconds >= 0.',
    );
  return retry;
}
