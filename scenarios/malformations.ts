/**
 * Malformed notifications and requests: what a correct VCC webhook receiver must reject with 4xx.
 * The chaos scenario sends them; the mocks' fixtures build them. Pure: the signing is described
 * here and done by the sender.
 */
import { encodeKsuid } from '../generator/notifications/ksuid.js';
import type { Notification } from '../generator/notifications/notification.js';
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import type { RandomStream } from '../generator/simulation/random.js';

/** The malformations, in report order. */
export const MALFORMATIONS = [
  'missing-field',
  'wrong-type',
  'bad-json',
  'wrong-content-type',
  'oversized-body',
  'bad-signature',
  'expired-signature',
  'changed-after-signing',
] as const;

/** One kind of malformed request. */
export type Malformation = (typeof MALFORMATIONS)[number];

/** What a malformation is and how a correct receiver answers it. */
export interface MalformationInfo {
  description: string;
  /** The answer a correct receiver gives (any 4xx is a rejection; this one is the precise one). */
  expectStatus: 400 | 401 | 413 | 415;
  /** Only meaningful when the receiver verifies signatures (a secret is set). */
  needsSecret: boolean;
}

/** Every malformation with its description and expected answer. */
export const MALFORMATION_INFO: Readonly<Record<Malformation, MalformationInfo>> = {
  'missing-field': {
    description: 'a required envelope or data field is missing',
    expectStatus: 400,
    needsSecret: false,
  },
  'wrong-type': {
    description: 'a field has the wrong JSON type (a number for a string, a string for an object)',
    expectStatus: 400,
    needsSecret: false,
  },
  'bad-json': {
    description: 'the body is not JSON (cut short)',
    expectStatus: 400,
    needsSecret: false,
  },
  'wrong-content-type': {
    description: 'a valid body sent as text/plain',
    expectStatus: 415,
    needsSecret: false,
  },
  'oversized-body': {
    description: "a valid notification padded past the receiver's body limit",
    expectStatus: 413,
    needsSecret: false,
  },
  'bad-signature': {
    description: 'Vonage-Signature signed with another secret',
    expectStatus: 401,
    needsSecret: true,
  },
  'expired-signature': {
    description: 'Vonage-Signature whose 5-minute expiry has passed',
    expectStatus: 401,
    needsSecret: true,
  },
  'changed-after-signing': {
    description: 'the body was changed after it was signed (payload_hash no longer matches)',
    expectStatus: 401,
    needsSecret: true,
  },
};

/** How the sender signs a malformed request. */
export type MalformedSigning = 'valid' | 'wrong-key' | 'expired' | 'tampered';

/** A malformed request, ready to send. */
export interface MalformedRequest {
  kind: Malformation;
  /** The exact body to send. */
  body: string;
  contentType: string;
  /** `valid`: sign `body`; `wrong-key`: sign with another secret; `expired`: sign as of 10 minutes ago; `tampered`: sign `signedBody`, send `body`. */
  signing: MalformedSigning;
  /** The body the signature covers when `signing` is `tampered`. */
  signedBody?: string;
  expectStatus: number;
}

/** Envelope fields a receiver needs, removed in turn by `missing-field`. */
const REQUIRED_PATHS = [
  ['id'],
  ['type'],
  ['source'],
  ['time'],
  ['specversion'],
  ['data'],
  ['subject'],
  ['data', 'timestamp'],
] as const;

/** Fields given a wrong JSON type in turn by `wrong-type`. */
const WRONG_TYPES: ReadonlyArray<readonly [readonly string[], unknown]> = [
  [['time'], 1767607200000],
  [['specversion'], 1],
  [['data'], 'channel'],
  [['id'], 42],
  [['data', 'timestamp'], true],
];

type Json = Record<string, unknown>;

function withPath(obj: Json, path: readonly string[], value: unknown, remove: boolean): Json {
  const copy: Json = { ...obj };
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (remove) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  copy[head] = withPath((obj[head] ?? {}) as Json, rest, value, remove);
  return copy;
}

/**
 * A notification with one field removed (`missing-field`) or given a wrong type (`wrong-type`);
 * `variant` picks which field (any whole number; it wraps).
 *
 * @example
 * malformedNotification(n, 'missing-field', 0) // n without `id`
 */
export function malformedNotification(
  n: Notification,
  kind: 'missing-field' | 'wrong-type',
  variant = 0,
): Json {
  const obj = JSON.parse(serializeNotification(n)) as Json;
  if (kind === 'missing-field') {
    const path = REQUIRED_PATHS[variant % REQUIRED_PATHS.length] as readonly string[];
    return withPath(obj, path, undefined, true);
  }
  const [path, value] = WRONG_TYPES[variant % WRONG_TYPES.length] as readonly [
    readonly string[],
    unknown,
  ];
  return withPath(obj, path, value, false);
}

/**
 * The malformed request of `kind` made from a valid notification. Give it an id of its own so a
 * receiver that wrongly accepts it does not make the real event look like a duplicate.
 *
 * @example
 * const r = malformRequest(n, 'oversized-body', { maxBodyBytes: 1024 * 1024 });
 * r.body.length // 1048577
 */
export function malformRequest(
  n: Notification,
  kind: Malformation,
  options: { variant?: number; maxBodyBytes?: number } = {},
): MalformedRequest {
  const variant = options.variant ?? 0;
  const body = serializeNotification(n);
  const expectStatus = MALFORMATION_INFO[kind].expectStatus;
  const base = { kind, contentType: 'application/cloudevents+json', expectStatus } as const;
  switch (kind) {
    case 'missing-field':
    case 'wrong-type':
      return {
        ...base,
        body: JSON.stringify(malformedNotification(n, kind, variant)),
        signing: 'valid',
      };
    case 'bad-json':
      return { ...base, body: body.slice(0, Math.floor(body.length / 2)), signing: 'valid' };
    case 'wrong-content-type':
      return { ...base, body, contentType: 'text/plain', signing: 'valid' };
    case 'oversized-body': {
      const limit = options.maxBodyBytes ?? 1024 * 1024;
      // Trailing whitespace keeps it valid JSON: only its size is wrong.
      return {
        ...base,
        body: body + ' '.repeat(Math.max(1, limit + 1 - body.length)),
        signing: 'valid',
      };
    }
    case 'bad-signature':
      return { ...base, body, signing: 'wrong-key' };
    case 'expired-signature':
      return { ...base, body, signing: 'expired' };
    case 'changed-after-signing': {
      // The agent id changed after signing: still valid JSON and schema, only the hash is wrong.
      const changed = body.replace(/"agentId":"(\d*)"/, (_m, id: string) => `"agentId":"${id}9"`);
      return {
        ...base,
        body: changed === body ? body.replace(/"time":"/, '"time":" ') : changed,
        signing: 'tampered',
        signedBody: body,
      };
    }
  }
}

/** One malformed request of a chaos run, with the fresh id it carries. */
export interface NextMalformed {
  kind: Malformation;
  id: string;
  req: MalformedRequest;
}

/**
 * The malformations a chaos run sends, each in turn (those that need a secret only when the run
 * signs), each round a new variant, each request with a fresh id drawn from the run's seeded
 * stream, so a receiver that wrongly accepts one does not make the real event a duplicate. `fire`
 * and the k6 scripts send the same sequence for the same seed.
 *
 * @example
 * const cycle = new MalformationCycle(rng, { signs: true });
 * const { kind, req } = cycle.next(notification); // 'missing-field' first
 */
export class MalformationCycle {
  private readonly kinds: Malformation[];
  private sent = 0;

  constructor(
    private readonly rng: RandomStream,
    private readonly options: { signs: boolean; maxBodyBytes?: number | undefined },
  ) {
    this.kinds = MALFORMATIONS.filter((m) => options.signs || !MALFORMATION_INFO[m].needsSecret);
  }

  /** The next malformed copy of `n`. */
  next(n: Notification): NextMalformed {
    const kind = this.kinds[this.sent % this.kinds.length] as Malformation;
    const variant = Math.floor(this.sent / this.kinds.length);
    this.sent++;
    const t = parseUtc(n.time);
    const r = this.rng;
    const id = t ? encodeKsuid(t.ms, r.uint32(), r.uint32(), r.uint32(), r.uint32()) : `${n.id}x`;
    const maxBodyBytes = this.options.maxBodyBytes;
    const req = malformRequest({ ...n, id } as Notification, kind, {
      variant,
      ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    });
    return { kind, id, req };
  }
}
