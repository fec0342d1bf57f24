/**
 * The Insights Stats API mock: an interaction by GUID, in the Stats shape, built from the
 * notifications of its channels in the simulated world.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { parseUtc } from '../generator/notifications/time-format.js';
import type { SimulatedWorld, WorldChannel, WorldInteraction } from './simulated-world.js';
import type { Authorize } from './vcc-api-auth.js';

/** Options of {@link insightsApi}. */
export interface InsightsApiOptions {
  /** The Insights Stats URL, e.g. `https://emea.api.newvoicemedia.com/stats`. */
  url: string;
  /** The scope the lookup needs. */
  scope: string;
  authorize: Authorize;
  world: SimulatedWorld;
}

/** Insights Stats names of the phases (capitalised, as the Stats API writes them). */
const STATS_EVENT: Record<string, string | undefined> = {
  alerted: 'Ringing',
  connected: 'Connected',
  retrieved: 'Connected',
  unparked: 'Connected',
  resumed: 'Connected',
  held: 'Hold',
  parked: 'Parked',
  interrupted: 'Interrupted',
  connectionfailed: 'Unexpected',
  wrapstarted: 'Wrap',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ms = (iso: string) => parseUtc(iso)?.ms ?? 0;

/** When the phase that began at `from` ended: the next disconnected/ended after it. */
function endOf(
  events: Array<{ event: string; timestamp: string }>,
  from: string,
): number | undefined {
  const t = ms(from);
  const e = events.find(
    (x) =>
      ms(x.timestamp) >= t &&
      (x.event === 'disconnected' || x.event === 'ended') &&
      x.timestamp !== from,
  );
  return e ? ms(e.timestamp) : undefined;
}

/** A channel in the Insights Stats shape; offsets from the interaction's `start`. */
function statsChannel(c: WorldChannel, start: number) {
  const first = ms(c.events[0]?.timestamp ?? '');
  const last = ms(c.events[c.events.length - 1]?.timestamp ?? '');
  const endedEvent = c.events.find((e) => e.event === 'ended' || e.event === 'connectionfailed');
  const segments = c.events
    .filter((e) => STATS_EVENT[e.event] !== undefined)
    .map((e, k, all) => {
      const at = ms(e.timestamp);
      const next = all[k + 1];
      const until = next ? ms(next.timestamp) : (endOf(c.events, e.timestamp) ?? last);
      return { type: STATS_EVENT[e.event], offset: at - start, duration: until - at };
    });
  return {
    guid: c.channelId,
    offset: first - start,
    duration: last - first,
    endReason: endedEvent?.reason ? capitalise(endedEvent.reason) : null,
    party: {
      id: c.party.agentId ?? null,
      userId: c.party.userId ?? null,
      role: capitalise(c.party.role),
    },
    events: segments,
  };
}

/** An interaction in the Insights Stats shape, built from its channels' notifications. */
function statsInteraction(i: WorldInteraction) {
  const channels = [...i.channels.values()];
  const times = channels.flatMap((c) => c.events.map((e) => ms(e.timestamp)));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const ended = channels.every((c) => c.events.some((e) => e.event === 'ended'));
  return {
    guid: i.interactionId,
    conversationGuid: i.conversationId,
    medium: 'Phone',
    direction: 'Inbound',
    status: ended ? 'Completed' : 'InProgress',
    start: new Date(start).toISOString(),
    duration: ended ? end - start : null,
    channels: channels.map((c) => statsChannel(c, start)).sort((a, b) => a.offset - b.offset),
  };
}

/** The documented longest window of the interactions list: 31 days. */
const MAX_WINDOW_MS = 31 * 24 * 3600 * 1000;
const INCLUDES = ['Started', 'StartedOrEnded', 'Processed'] as const;

/**
 * `GET /stats/interactions?start&end&include`: the interactions that started in the window
 * (`Started`, the default), started or ended in it (`StartedOrEnded`), or ended in it
 * (`Processed`: our reading, an interaction is processed once it is over), by start time.
 */
function listInteractions(world: SimulatedWorld, query: URLSearchParams): Response {
  const bad = (message: string) => HttpResponse.json({ message }, { status: 400 });
  const start = parseUtc(query.get('start') ?? '')?.ms;
  const end = parseUtc(query.get('end') ?? '')?.ms;
  if (start === undefined || end === undefined)
    return bad('start and end are required: ISO 8601 UTC, e.g. start=2026-01-05T00:00:00Z.');
  if (!(end > start)) return bad('end must be after start.');
  if (end - start > MAX_WINDOW_MS)
    return bad('The window between start and end is at most 31 days.');
  const include = query.get('include') ?? 'Started';
  if (!(INCLUDES as readonly string[]).includes(include))
    return bad(`include is one of ${INCLUDES.join(', ')}.`);
  const within = (t: number | null) => t !== null && t >= start && t < end;
  const items = world
    .allInteractions()
    .map(statsInteraction)
    .filter((i) => {
      const from = ms(i.start);
      const to = i.duration === null ? null : from + i.duration;
      if (include === 'Started') return within(from);
      if (include === 'Processed') return within(to);
      return within(from) || within(to);
    })
    .sort((a, b) => ms(a.start) - ms(b.start) || a.guid.localeCompare(b.guid));
  return HttpResponse.json({ items, upTo: new Date(end).toISOString() });
}

/**
 * MSW handlers for `GET /stats/interactions/{guid}` and the list, `GET /stats/interactions?start&end&include`.
 *
 * @example
 * server.use(...insightsApi({ url: `${baseUrl}/stats`, scope: 'stats', authorize, world }));
 */
export function insightsApi(options: InsightsApiOptions): RequestHandler[] {
  const { url, scope, authorize, world } = options;
  return [
    http.get(`${url}/interactions`, ({ request }) => {
      const auth = authorize(request, scope);
      if (!auth.ok) return auth.response;
      return listInteractions(world, new URL(request.url).searchParams);
    }),
    http.get(`${url}/interactions/:guid`, ({ request, params }) => {
      const auth = authorize(request, scope);
      if (!auth.ok) return auth.response;
      const interaction = world.interaction(String(params['guid']));
      // Without the cache-control header the Webhooks and User Admin answers carry.
      return interaction
        ? HttpResponse.json(statsInteraction(interaction))
        : HttpResponse.json(
            { message: `No interaction "${String(params['guid'])}".` },
            { status: 404 },
          );
    }),
  ];
}
