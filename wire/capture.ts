/**
 * A capture: the requests a webhook receiver was sent, one JSON line each, as they arrived (the
 * format `vcc-sim receive --record FILE` and the mocks' `inbox.toNdjson()` write, and every reader
 * of events takes). A line holds the arrival time, the method, the path, the headers (signature
 * included), the body byte-exact and the status answered:
 *
 * ```json
 * {"capture":1,"at":"2026-01-05T09:00:00.120Z","method":"POST","path":"/webhook","headers":{"content-type":"application/cloudevents+json"},"body":"{\"specversion\":\"1.0\",...}","status":204}
 * ```
 *
 * A body that is valid UTF-8 is kept as a string; any other is base64 with `"bodyEncoding":"base64"`.
 * A request not answered (its connection reset) has `"status":null`; a body cut short (a sender
 * that went away, or one over the receiver's limit, kept only up to it) has `"bodyTruncated":true`
 * and its full length in `bodyBytes`. Pure: the built-in receiver, the mocks and the CLI share it.
 */
import { readCloudEventsRequest } from './cloudevents.js';

/** The version mark every capture line starts with: `{"capture":1,`. */
export const CAPTURE_VERSION = 1;

/** What a capture line starts with, for a reader that sniffs a file's first bytes. */
export const CAPTURE_LINE_PREFIX = `{"capture":${CAPTURE_VERSION},`;

/** One request as it arrived, for {@link captureLine}. */
export interface CapturedRequest {
  /** When it arrived, ISO 8601 UTC. */
  at: string;
  method: string;
  /** The path as requested, query included. */
  path: string;
  /** Header names lower case, values as received. */
  headers: Record<string, string | string[] | undefined>;
  /** The body: its bytes, or its text when the sender's text is all there is (the mocks). */
  body: Uint8Array | string;
  /** The status answered; `null` when none was (the connection was reset). */
  status: number | null;
  /** The body's full length in bytes when `body` holds only its start. */
  truncatedFrom?: number;
}

/** A capture line, parsed. */
export interface CaptureRecord {
  capture: typeof CAPTURE_VERSION;
  at: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
  bodyEncoding?: 'base64';
  bodyTruncated?: true;
  bodyBytes?: number;
  status: number | null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const looseUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A request as one capture line, newline included: the one writer of the format.
 *
 * @example
 * appendFileSync('capture.ndjson', captureLine({ at, method: 'POST', path: '/webhook', headers, body, status: 204 }));
 */
export function captureLine(r: CapturedRequest): string {
  let body: string;
  let base64 = false;
  if (typeof r.body === 'string') body = r.body;
  else {
    try {
      body = strictUtf8.decode(r.body);
    } catch {
      body = toBase64(r.body);
      base64 = true;
    }
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = v;
  const record: CaptureRecord = {
    capture: CAPTURE_VERSION,
    at: r.at,
    method: r.method,
    path: r.path,
    headers,
    body,
    ...(base64 ? { bodyEncoding: 'base64' as const } : {}),
    ...(r.truncatedFrom !== undefined
      ? { bodyTruncated: true as const, bodyBytes: r.truncatedFrom }
      : {}),
    status: r.status,
  };
  return `${JSON.stringify(record)}\n`;
}

/**
 * Whether a parsed JSON value is a capture line (and not an event: events have no `capture`).
 *
 * @example
 * isCaptureRecord(JSON.parse(line)) // true for a line of `receive --record`
 */
export function isCaptureRecord(x: unknown): x is CaptureRecord {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Partial<CaptureRecord>;
  return (
    r.capture === CAPTURE_VERSION &&
    typeof r.method === 'string' &&
    typeof r.body === 'string' &&
    typeof r.headers === 'object' &&
    r.headers !== null
  );
}

/**
 * A capture line's body as text (a base64 body decoded, then read as UTF-8 where it can be).
 *
 * @example
 * captureBodyText(record) // '{"specversion":"1.0",...}'
 */
export function captureBodyText(r: CaptureRecord): string {
  return r.bodyEncoding === 'base64' ? looseUtf8.decode(fromBase64(r.body)) : r.body;
}

/**
 * A capture line's body as bytes, exactly as it arrived.
 *
 * @example
 * verifySignature(record.headers['vonage-signature'], captureBodyBytes(record), key)
 */
export function captureBodyBytes(r: CaptureRecord): Uint8Array {
  return r.bodyEncoding === 'base64' ? fromBase64(r.body) : new TextEncoder().encode(r.body);
}

/** What a captured request carried: its events, none (not a POST), or why they cannot be read. */
export type CapturedEvents = { ok: true; events: unknown[] } | { ok: false; reason: string };

/**
 * The events a captured request carried, read as a receiver reads them (structured, binary or
 * batch), whatever it was answered: a capture records what the sender sent. A request that is not
 * a POST carries none; a body cut short or not CloudEvents is `ok: false` with the reason.
 *
 * @example
 * const r = capturedEvents(record); if (r.ok) for (const e of r.events) reporter.add(e);
 */
export function capturedEvents(r: CaptureRecord): CapturedEvents {
  if (r.method.toUpperCase() !== 'POST') return { ok: true, events: [] };
  if (r.bodyTruncated)
    return { ok: false, reason: `its body was cut at ${r.body.length} of ${r.bodyBytes} bytes` };
  const request = readCloudEventsRequest((name) => {
    const v = r.headers[name];
    return Array.isArray(v) ? v[0] : v;
  }, captureBodyText(r));
  if (!request.ok)
    return { ok: false, reason: `${request.rejection.reason}: ${request.rejection.detail}` };
  return { ok: true, events: request.events };
}
