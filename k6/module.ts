/**
 * `vcc-event-sim/k6`: the simulator for your own k6 scripts, in the style of k6's jslibs. One
 * self-contained ES module (`dist/k6/vcc-event-sim.js`, the generator core bundled in; k6's own
 * modules stay imports) that a script imports by path, as k6 resolves imports:
 *
 * ```js
 * import { centerTeams, teamSends, signedParams } from './node_modules/vcc-event-sim/dist/k6/vcc-event-sim.js';
 * ```
 *
 * It simulates a team (the agents behind one queue) of a contact center from options and a seed,
 * walks its sends with their due times (the two notifications of a hang-up together), and builds
 * each request's body and headers (signed with `Vonage-Signature`) exactly as `vcc-sim load`
 * does. Firing, pacing and thresholds stay yours. The worked example: `examples/k6/own-script.js`.
 */
/// <reference types="k6" />
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import { resolveOptions, type SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import { STRUCTURED_CONTENT_TYPE } from '../wire/cloudevents.js';
import { SIGNATURE_HEADER, type SignatureFormat } from '../wire/signature-format.js';
import { k6SecretKey, signBody } from './k6-signature.js';
import { PAIR_TAG_VALUE, TAGS } from './load-config.js';
import { forEachSend, fromIterator } from './send-order.js';
import { shiftedSimulation } from './shifted-simulation.js';

export type { SignatureFormat, SimulationOptions };

/** One notification to POST: its type and the exact body. */
export interface Notice {
  type: string;
  id: string;
  body: string;
}

/** One send: a notification, or the two of an agent hang-up that go out together. */
export interface Send {
  /** When it is due, ms after the team's first possible send (the window's start), at `speed`. */
  atMs: number;
  /** One notification, or two (a hang-up's `disconnected` and `wrapstarted`). */
  notices: Notice[];
}

/** How {@link teamSends} walks a team. */
export interface SendOptions {
  /** Simulated time runs this many times faster: `atMs` is divided by it. Default 1. */
  speed?: number;
  /**
   * Move the simulated window to start here (ms since the epoch, e.g. the iteration's
   * `Date.now()`): timestamps and ids come out re-based, as `vcc-sim load` fires them. Default:
   * the simulated times as they are.
   */
  startAtMs?: number;
}

/**
 * The teams of a simulated center: one k6 iteration each, as `vcc-sim load` fires them.
 *
 * @example
 * const teams = centerTeams({ agents: 12, teamSize: 4, seed: 42 }); // [0, 1, 2]
 */
export function centerTeams(options: SimulationOptions): number[] {
  return resolveOptions(options).teams;
}

/**
 * A team's sends in order, each with its due time: the simulation of that team alone (its own
 * random streams, so the same events as in the whole center), walked as `vcc-sim load` fires it.
 *
 * @example
 * for (const send of teamSends(options, 0, { speed: 600, startAtMs: Date.now() })) {
 *   sleep(Math.max(0, start + send.atMs - Date.now()) / 1000);
 *   for (const n of send.notices) http.post(url, n.body, signedParams(n, { secret }));
 * }
 */
export function teamSends(
  options: SimulationOptions,
  team: number,
  { speed = 1, startAtMs }: SendOptions = {},
): Send[] {
  const resolved = resolveOptions(options);
  const offset = startAtMs === undefined ? 0 : startAtMs - resolved.startMs;
  const one = { ...options, teams: [team] };
  const stream = simulate(
    startAtMs === undefined ? one : shiftedSimulation(one, resolved, offset),
  ).timed();
  const startMs = resolved.startMs + Math.round(offset);
  const out: Send[] = [];
  const notice = (n: { type: string; id: string }): Notice => ({
    type: n.type,
    id: n.id,
    body: serializeNotification(n as never),
  });
  forEachSend(fromIterator(stream), (a, b) => {
    out.push({
      atMs: (a.sendMs - startMs) / speed,
      notices: b ? [notice(a.notification), notice(b.notification)] : [notice(a.notification)],
    });
  });
  return out;
}

/** How {@link signedParams} builds a request. */
export interface RequestOptions {
  /** The base64 subscription secret: sign with `Vonage-Signature` as VCC does. */
  secret?: string | undefined;
  /** `jwt` (the bare JWT, VCC's) or `bearer`. Default `jwt`. */
  signatureFormat?: SignatureFormat;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Extra tags; each request is tagged with its event `type` (and `pair` in a hang-up pair). */
  tags?: Record<string, string>;
  /** Half of a hang-up pair: tagged `pair: true`. */
  pair?: boolean;
}

const keys = new Map<string, ArrayBuffer>();

/**
 * The `http.post` params for a notice, as `vcc-sim load` sends it: structured-mode CloudEvents
 * (`application/cloudevents+json`), the `Vonage-Signature` of its exact body when you give the
 * secret, and the `type` tag (`http_reqs{type:channel.ended.v0}` and the like in thresholds).
 *
 * @example
 * http.post(__ENV.TARGET, n.body, signedParams(n, { secret: __ENV.SECRET }));
 */
export function signedParams(
  n: Notice,
  options: RequestOptions = {},
): { headers: Record<string, string>; tags: Record<string, string> } {
  const headers: Record<string, string> = {
    'content-type': STRUCTURED_CONTENT_TYPE,
    ...options.headers,
  };
  if (options.secret) {
    let key = keys.get(options.secret);
    if (!key) {
      key = k6SecretKey(options.secret);
      keys.set(options.secret, key);
    }
    headers[SIGNATURE_HEADER] = signBody(n.body, key, options.signatureFormat ?? 'jwt');
  }
  const tags: Record<string, string> = { ...options.tags, [TAGS.type]: n.type };
  if (options.pair) tags[TAGS.pair] = PAIR_TAG_VALUE;
  return { headers, tags };
}
