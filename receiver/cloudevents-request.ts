/**
 * Reads the events out of a CloudEvents HTTP request, as a VCC webhook receiver does: binary mode
 * when `ce-specversion` is set (attributes in `ce-*` headers, the body is the JSON data), else by
 * content type: structured (`application/cloudevents+json`, or plain `application/json` from
 * hand-made requests) or batch (`application/cloudevents-batch+json`). Pure: the built-in receiver
 * and the mocks' MSW handlers share it, so they answer the same request the same way.
 */

/** How a request carried its events. */
export type ContentMode = 'structured' | 'binary' | 'batch';

/** Why a request's envelope was refused (before any event is validated). */
export interface EnvelopeRejection {
  status: 400 | 415;
  reason: 'bad-json' | 'invalid' | 'content-type';
  detail: string;
}

/** The events a request carried, or why it carries none. */
export type CloudEventsRequest =
  | { ok: true; mode: ContentMode; events: unknown[] }
  | { ok: false; mode: ContentMode | 'unknown'; rejection: EnvelopeRejection };

const STRUCTURED = new Set(['application/cloudevents+json', 'application/json']);
const BATCH = 'application/cloudevents-batch+json';
const BINARY_ATTRIBUTES = ['specversion', 'type', 'id', 'source', 'subject', 'time'] as const;

const refuse = (
  mode: ContentMode | 'unknown',
  status: 400 | 415,
  reason: EnvelopeRejection['reason'],
  detail: string,
): CloudEventsRequest => ({ ok: false, mode, rejection: { status, reason, detail } });

/**
 * Reads a request's events; `header` looks a header up by its lower-case name.
 *
 * @example
 * const r = readCloudEventsRequest((name) => request.headers.get(name) ?? undefined, body);
 * if (!r.ok) return new Response(r.rejection.detail, { status: r.rejection.status });
 */
export function readCloudEventsRequest(
  header: (name: string) => string | undefined,
  body: string,
): CloudEventsRequest {
  const type = (header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (header('ce-specversion') !== undefined) {
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
  }
  if (!STRUCTURED.has(type) && type !== BATCH)
    return refuse(
      'unknown',
      415,
      'content-type',
      `unsupported content type "${type}"; send application/cloudevents+json, as VCC does`,
    );
  const mode: ContentMode = type === BATCH ? 'batch' : 'structured';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse(mode, 400, 'bad-json', 'the body is not JSON');
  }
  if (mode === 'batch')
    return Array.isArray(parsed)
      ? { ok: true, mode, events: parsed }
      : refuse(mode, 400, 'invalid', 'a batch must be a JSON array of events');
  return Array.isArray(parsed)
    ? refuse(mode, 400, 'invalid', `a ${type} body holds one event; send batches as ${BATCH}`)
    : { ok: true, mode, events: [parsed] };
}
