/**
 * The CloudEvents HTTP binding as VCC uses it: how notifications travel in a POST and how a
 * webhook receiver reads them back. One binding per content mode, encode beside decode (as the
 * CloudEvents SDK pairs them):
 * - structured (`application/cloudevents+json`, one event as the body; VCC's way, and plain
 *   `application/json` from hand-made requests is read the same);
 * - binary (attributes in `ce-*` headers, the body is the JSON data);
 * - batch (`application/cloudevents-batch+json`, a JSON array of events).
 *
 * Pure: the sender, the built-in receiver, the mocks' MSW handlers and k6 share it, so a request is
 * written and answered the same way everywhere.
 */
import type { Notification } from '../generator/notifications/notification.js';

/**
 * How a request carries its notifications: one per POST (structured or binary) or many (batch).
 *
 * @example
 * const mode: ContentMode = 'structured'; // VCC's way
 */
export type ContentMode = 'structured' | 'binary' | 'batch';

/**
 * The content type of a structured request: one CloudEvent as JSON.
 *
 * @example
 * headers['content-type'] = STRUCTURED_CONTENT_TYPE;
 */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/**
 * The content type of a batch request: a JSON array of CloudEvents.
 *
 * @example
 * if (type === BATCH_CONTENT_TYPE) events = JSON.parse(body);
 */
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

/** Why a request's envelope was refused (before any event is validated). */
export interface EnvelopeRejection {
  status: 400 | 415;
  reason: 'bad-json' | 'invalid' | 'content-type';
  detail: string;
}

/** The events a request carried, or why it carries none (`unknown`: no mode fits its content type). */
export type CloudEventsRequest =
  | { ok: true; mode: ContentMode; events: unknown[] }
  | { ok: false; mode: ContentMode | 'unknown'; rejection: EnvelopeRejection };

/** Looks a request header up by its lower-case name. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * One content mode: how it writes notifications into a request, and how it reads them back.
 *
 * @example
 * const headers: Record<string, string> = {};
 * const body = CONTENT_MODES.binary.encode([notification], headers); // headers['ce-type'], …
 */
export interface ContentModeBinding {
  readonly mode: ContentMode;
  /**
   * Writes the request's content headers into `headers` and returns its body. Structured and
   * binary carry one notification (the first); batch carries them all.
   */
  encode(events: readonly Notification[], headers: Record<string, string>): string;
  /** Reads a request of this mode; `type` is its media type (lower case, no parameters). */
  decode(type: string, header: HeaderLookup, body: string): CloudEventsRequest;
}

const STRUCTURED_TYPES = new Set([STRUCTURED_CONTENT_TYPE, 'application/json']);
const BINARY_ATTRIBUTES = ['specversion', 'type', 'id', 'source', 'subject', 'time'] as const;

const refuse = (
  mode: ContentMode | 'unknown',
  status: 400 | 415,
  reason: EnvelopeRejection['reason'],
  detail: string,
): CloudEventsRequest => ({ ok: false, mode, rejection: { status, reason, detail } });

const structured: ContentModeBinding = {
  mode: 'structured',
  encode(events, headers) {
    headers['content-type'] = STRUCTURED_CONTENT_TYPE;
    return JSON.stringify(events[0]);
  },
  decode(type, _header, body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse('structured', 400, 'bad-json', 'the body is not JSON');
    }
    return Array.isArray(parsed)
      ? refuse(
          'structured',
          400,
          'invalid',
          `a ${type} body holds one event; send batches as ${BATCH_CONTENT_TYPE}`,
        )
      : { ok: true, mode: 'structured', events: [parsed] };
  },
};

const binary: ContentModeBinding = {
  mode: 'binary',
  encode(events, headers) {
    const n = events[0] as Notification;
    headers['content-type'] = n.datacontenttype ?? 'application/json';
    // Attributes the event lacks are left out (a replayed file may hold incomplete events).
    for (const name of BINARY_ATTRIBUTES) {
      const value = n[name];
      if (typeof value === 'string') headers[`ce-${name}`] = value;
    }
    return JSON.stringify(n.data) ?? '';
  },
  decode(type, header, body) {
    if (type !== 'application/json')
      return refuse(
        'binary',
        415,
        'content-type',
        `unsupported data content type "${type}" in binary mode; send application/json`,
      );
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return refuse('binary', 400, 'bad-json', 'the body is not JSON');
    }
    const event: Record<string, unknown> = {};
    for (const name of BINARY_ATTRIBUTES) event[name] = header(`ce-${name}`);
    event['datacontenttype'] = type;
    event['data'] = data;
    return { ok: true, mode: 'binary', events: [event] };
  },
};

const batch: ContentModeBinding = {
  mode: 'batch',
  encode(events, headers) {
    headers['content-type'] = BATCH_CONTENT_TYPE;
    return JSON.stringify(events);
  },
  decode(_type, _header, body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse('batch', 400, 'bad-json', 'the body is not JSON');
    }
    return Array.isArray(parsed)
      ? { ok: true, mode: 'batch', events: parsed }
      : refuse('batch', 400, 'invalid', 'a batch must be a JSON array of events');
  },
};

/**
 * The binding of each content mode.
 *
 * @example
 * const headers = { ...extraHeaders };
 * const body = CONTENT_MODES[mode].encode(events, headers);
 */
export const CONTENT_MODES: Readonly<Record<ContentMode, ContentModeBinding>> = {
  structured,
  binary,
  batch,
};

/**
 * Reads a request's events, as a VCC webhook receiver does: binary mode when `ce-specversion` is
 * set, else by content type (structured or batch); any other content type is refused (415).
 *
 * @example
 * const r = readCloudEventsRequest((name) => request.headers.get(name) ?? undefined, body);
 * if (!r.ok) return new Response(r.rejection.detail, { status: r.rejection.status });
 */
export function readCloudEventsRequest(header: HeaderLookup, body: string): CloudEventsRequest {
  const type = (header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (header('ce-specversion') !== undefined) return binary.decode(type, header, body);
  if (type === BATCH_CONTENT_TYPE) return batch.decode(type, header, body);
  if (STRUCTURED_TYPES.has(type)) return structured.decode(type, header, body);
  return refuse(
    'unknown',
    415,
    'content-type',
    `unsupported content type "${type}"; send application/cloudevents+json, as VCC does`,
  );
}
