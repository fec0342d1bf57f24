/**
 * Typed fixture builders for tests: one notification of any type with overrides, an agent
 * hang-up as a consistent pair, a short seeded timeline. Valid against the schemas unless a test
 * asks for a broken one (see `malformed`).
 *
 * Defaults come from the same simulated world `vccApi()` answers from by default (seed `1`): the
 * default agent is that world's first agent, so looking it up through the user admin mock finds it.
 */

import {
  type ChannelEventName,
  EVENTS_WITH_REASON,
  type EventVersion,
  type NotificationType,
} from '../generator/notifications/event-types.js';
import { encodeKsuid } from '../generator/notifications/ksuid.js';
import type {
  ChannelNotification,
  DisconnectedNotification,
  EndedNotification,
  Notification,
  Party,
  PartyRole,
  Presence,
  PresenceNotification,
  WrapStartedNotification,
} from '../generator/notifications/notification.js';
import { parseType } from '../generator/notifications/notification.js';
import {
  buildChannelNotification,
  buildPresenceNotification,
} from '../generator/notifications/notification-builders.js';
import { formatTime, formatTimestamp, parseUtc } from '../generator/notifications/time-format.js';
import { definedOnly, type UndefinedAllowed } from '../generator/optional.js';
import { DEFAULT_REASONS } from '../generator/simulation/options.js';
import { RandomStream } from '../generator/simulation/random.js';
import { agentAt, type PresenceCatalog, presenceCatalog } from '../generator/simulation/roster.js';
import { simulate } from '../generator/simulation/simulate.js';
import { getScenario } from '../scenarios/index.js';
import type { NotificationOf } from './inbox.js';
import { WORLD_DEFAULTS, type WorldOptions } from './simulated-world.js';

/**
 * The seed of the world fixtures take their default agent from (`simulate`'s default).
 *
 * @example
 * simulatedWorld({ seed: FIXTURE_SEED }).userByAgentId(wrapStarted().data.channel.party.agentId!)
 */
export const FIXTURE_SEED = '1';
/**
 * The default phase start of a fixture.
 *
 * @example
 * wrapStarted().data.timestamp === FIXTURE_TIMESTAMP // true
 */
export const FIXTURE_TIMESTAMP = '2026-01-05T09:00:00.000Z';
/** How long after the phase start a fixture is sent (its `time`), ms. */
const SEND_DELAY_MS = 500;

/** Overrides of a channel notification fixture; anything left out gets a consistent default. */
export type ChannelFixture = UndefinedAllowed<ChannelFixtureFields>;

/** {@link ChannelFixture} as written. */
interface ChannelFixtureFields {
  /** The agent's display id (numeric string). Default: the first agent of the seed-`1` world. */
  agentId?: string;
  /** The agent's user GUID. Default: that agent's (the world's, or one derived from `agentId`). */
  userId?: string;
  /** Default `agent`; `external` and `voicemail` parties carry no agentId/userId. */
  role?: PartyRole;
  /** The whole party, as is (wins over `role`, `agentId`, `userId`). */
  party?: Party;
  /** Default: a fresh GUID per call. */
  channelId?: string;
  /** Default: derived from the channelId, so fixtures of one channel share their interaction. */
  interactionId?: string;
  /** Default: derived from the interactionId. */
  conversationId?: string;
  /** Phase start (`data.timestamp`): ISO string, Date or epoch ms. Default `2026-01-05T09:00:00.000Z`. */
  timestamp?: string | Date | number;
  /** Send time (`time`). Default: 500 ms after the timestamp, 7 fractional digits. */
  time?: string | Date | number;
  /** The KSUID. Default: a fresh one minted at `time`. */
  id?: string;
  /** `data.reason` on connectionfailed and ended (default `"released"`), optional on disconnected. */
  reason?: string;
  /** Default `v0`. */
  version?: EventVersion;
}

/** Overrides of an `agent.presencechanged` fixture. */
export type PresenceFixture = UndefinedAllowed<PresenceFixtureFields>;

/** {@link PresenceFixture} as written. */
interface PresenceFixtureFields {
  agentId?: string;
  userId?: string;
  /** A presence of the seed-`1` center by name, or a whole presence. Default `ready`. */
  presence?: keyof PresenceCatalog | Presence;
  timestamp?: string | Date | number;
  time?: string | Date | number;
  id?: string;
  version?: EventVersion;
}

/** A fixture sequence: the seed of its ids and channels, and how many fixtures it has built. */
interface FixtureState {
  seed: string;
  calls: number;
}

/** The sequence of the module's own builders (`wrapStarted()`, …); `createFixtures()` makes others. */
const shared: FixtureState = { seed: FIXTURE_SEED, calls: 0 };
let catalog: PresenceCatalog | undefined;

/**
 * Starts the fixtures' id sequence again, so a test that builds the same fixtures in the same
 * order gets the same ids whatever ran before it.
 *
 * @example
 * beforeEach(() => resetFixtures());
 */
export function resetFixtures(): void {
  shared.calls = 0;
}

function instant(value: string | Date | number, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new TypeError(`fixture: invalid ${what} ${value}; give whole epoch milliseconds.`);
    return value;
  }
  if (value instanceof Date) return value.getTime();
  const t = parseUtc(value);
  if (!t)
    throw new TypeError(
      `fixture: invalid ${what} "${value}"; give ISO 8601 UTC such as "2026-01-05T09:00:00.000Z", a Date or epoch ms.`,
    );
  return t.ms;
}

/** `time` as VCC writes it: ISO 8601 UTC with exactly 7 fractional digits. */
function toTimeString(value: string | Date | number): string {
  const ms = instant(value, 'time');
  if (typeof value !== 'string') return formatTime(ms, 0);
  const fraction = /\.(\d+)Z$/.exec(value)?.[1] ?? '';
  return `${value.slice(0, 19)}.${fraction.padEnd(7, '0').slice(0, 7)}Z`;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Throws a one-line error naming the VCC rule an override breaks. */
function rule(what: string, detail: string): never {
  throw new TypeError(
    `fixture: ${what}: ${detail}. For a deliberately broken notification use malformed(kind, base) (see MALFORMATIONS).`,
  );
}

function checkAgentIds(agentId: string | undefined, userId: string | undefined): void {
  if (agentId !== undefined && !/^\d+$/.test(agentId))
    rule(
      `agentId "${agentId}"`,
      `VCC's agentId is the agent's display id, a numeric string such as "1544"`,
    );
  if (userId !== undefined && !GUID.test(userId))
    rule(`userId "${userId}"`, 'a userId is a GUID, as the User Admin API gives it');
}

/** The rules of VCC a channel fixture's overrides must keep. */
function checkChannelRules(event: ChannelEventName, o: ChannelFixture, party: Party): void {
  checkAgentIds(party.agentId, party.userId);
  const staff = party.role === 'agent' || party.role === 'monitor';
  if (staff && (party.agentId === undefined || party.userId === undefined))
    rule(`a ${party.role} party`, 'an agent or monitor party carries both agentId and userId');
  if (!o.party && !staff && (o.agentId !== undefined || o.userId !== undefined))
    rule(
      `role "${party.role}" with agentId/userId`,
      `an ${party.role} party is no agent, so it carries no agentId or userId`,
    );
  if (event === 'wrapstarted' && party.role !== 'agent')
    rule(
      `channel.wrapstarted on a ${party.role} channel`,
      'only agent channels enter wrap (customer, monitor and voicemail channels go connected -> disconnected + ended)',
    );
  if (o.reason !== undefined) {
    if (!EVENTS_WITH_REASON.has(event) && event !== 'disconnected')
      rule(
        `reason on channel.${event}`,
        'data.reason is carried by connectionfailed and ended (and optionally disconnected) only',
      );
    if (o.reason === '')
      rule('an empty reason', 'data.reason, when present, is a non-empty string');
  }
  for (const key of ['channelId', 'interactionId', 'conversationId'] as const) {
    const v = o[key];
    if (v !== undefined && !GUID.test(v)) rule(`${key} "${v}"`, `a ${key} is a GUID`);
  }
}

/** The agent ids of the default world resolve to its users; any other agentId gets a stable GUID of its own. */
function userFor(agentId: string): string {
  const first = agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, 0);
  const index = Number(agentId) - Number(first.agentId);
  if (Number.isInteger(index) && index >= 0 && index < 10_000)
    return agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, index).userId;
  return new RandomStream(FIXTURE_SEED, 'fixture-user', agentId).uuid();
}

function envelope(
  state: FixtureState,
  o: {
    timestamp?: string | Date | number | undefined;
    time?: string | Date | number | undefined;
    id?: string | undefined;
  },
) {
  const call = state.calls++;
  const rng = new RandomStream(state.seed, 'fixture', call);
  const tsMs = instant(o.timestamp ?? FIXTURE_TIMESTAMP, 'timestamp');
  const time =
    o.time !== undefined ? toTimeString(o.time) : formatTime(tsMs + SEND_DELAY_MS, call % 10_000);
  const timeMs = instant(time, 'time');
  const id = o.id ?? encodeKsuid(timeMs, rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32());
  return { rng, tsMs, time, id };
}

function partyOf(o: ChannelFixture): Party {
  if (o.party) return o.party;
  const role = o.role ?? 'agent';
  if (role !== 'agent' && role !== 'monitor') return { role };
  const agentId = o.agentId ?? agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, 0).agentId;
  return { role, agentId, userId: o.userId ?? userFor(agentId) };
}

/**
 * One channel notification of any event, valid against its schema.
 *
 * @example
 * channelEvent('held', { channelId, timestamp: '2026-01-05T09:01:00.000Z' });
 */
export function channelEvent<E extends ChannelEventName, V extends EventVersion = 'v0'>(
  event: E,
  overrides: ChannelFixture & { version?: V | undefined } = {},
): ChannelNotification<`channel.${E}.${V}`> {
  return channelEventIn(shared, event, overrides);
}

function channelEventIn<E extends ChannelEventName, V extends EventVersion = 'v0'>(
  state: FixtureState,
  event: E,
  overrides: ChannelFixture & { version?: V | undefined } = {},
): ChannelNotification<`channel.${E}.${V}`> {
  const { rng, tsMs, time, id } = envelope(state, overrides);
  const channelId = overrides.channelId ?? rng.uuid();
  const interactionId =
    overrides.interactionId ??
    new RandomStream(FIXTURE_SEED, 'fixture-interaction', channelId).uuid();
  const conversationId =
    overrides.conversationId ??
    new RandomStream(FIXTURE_SEED, 'fixture-conversation', interactionId).uuid();
  const party = partyOf(overrides);
  checkChannelRules(event, overrides, party);
  const reason =
    overrides.reason ??
    (event === 'ended'
      ? DEFAULT_REASONS.ended
      : event === 'connectionfailed'
        ? DEFAULT_REASONS.connectionFailed
        : undefined);
  return buildChannelNotification({
    event,
    version: overrides.version ?? 'v0',
    id,
    time,
    timestamp: formatTimestamp(tsMs),
    channel: { conversationId, interactionId, channelId, party },
    reason,
  }) as ChannelNotification<`channel.${E}.${V}`>;
}

/**
 * One notification of any type by its name, with overrides.
 *
 * @example
 * notification('channel.wrapstarted.v1', { agentId: '1544' });
 * notification('agent.presencechanged.v0', { presence: 'lunch' });
 */
export function notification<T extends NotificationType>(
  type: T,
  overrides: ChannelFixture & PresenceFixture = {},
): NotificationOf<T> {
  return notificationIn(shared, type, overrides);
}

function notificationIn<T extends NotificationType>(
  state: FixtureState,
  type: T,
  overrides: ChannelFixture & PresenceFixture,
): NotificationOf<T> {
  const parsed = parseType(type);
  if (!parsed)
    throw new TypeError(
      `notification: unknown type "${type}"; types look like "channel.wrapstarted.v0" or "agent.presencechanged.v0".`,
    );
  const { presence, ...rest } = overrides;
  if (parsed.entity === 'agent')
    return presenceChangedIn(state, {
      ...rest,
      ...(presence ? { presence } : {}),
      version: parsed.version,
    }) as NotificationOf<T>;
  return channelEventIn(state, parsed.event, {
    ...rest,
    version: parsed.version,
  }) as unknown as NotificationOf<T>;
}

type Built<E extends ChannelEventName> = ChannelNotification<`channel.${E}.${EventVersion}`>;

/** @example alerted({ agentId: '1544' }) — alerting (ringing) starts. */
export const alerted = (o: ChannelFixture = {}): Built<'alerted'> => channelEvent('alerted', o);
/** @example connected({ channelId }) — the party answered. */
export const connected = (o: ChannelFixture = {}): Built<'connected'> =>
  channelEvent('connected', o);
/** @example connectionFailed({ reason: 'released' }) — alerting ended without connecting. */
export const connectionFailed = (o: ChannelFixture = {}): Built<'connectionfailed'> =>
  channelEvent('connectionfailed', o);
/** @example held({ role: 'external' }) — hold starts. */
export const held = (o: ChannelFixture = {}): Built<'held'> => channelEvent('held', o);
/** @example retrieved({ role: 'external' }) — hold ends. */
export const retrieved = (o: ChannelFixture = {}): Built<'retrieved'> =>
  channelEvent('retrieved', o);
/** @example parked({ channelId }) — the agent sets the interaction aside. */
export const parked = (o: ChannelFixture = {}): Built<'parked'> => channelEvent('parked', o);
/** @example unparked({ channelId }) — the agent takes it back. */
export const unparked = (o: ChannelFixture = {}): Built<'unparked'> => channelEvent('unparked', o);
/** @example interrupted({ channelId }) — a more urgent interaction interrupts this one. */
export const interrupted = (o: ChannelFixture = {}): Built<'interrupted'> =>
  channelEvent('interrupted', o);
/** @example resumed({ channelId }) — the interrupted interaction continues. */
export const resumed = (o: ChannelFixture = {}): Built<'resumed'> => channelEvent('resumed', o);
/** @example disconnected({ agentId: '1544' }) — the connected phase ends. */
export const disconnected = (o: ChannelFixture = {}): DisconnectedNotification =>
  channelEvent('disconnected', o);
/** @example wrapStarted({ agentId: '1544' }) — an agent channel enters wrap. */
export const wrapStarted = (o: ChannelFixture = {}): WrapStartedNotification =>
  channelEvent('wrapstarted', o);
/** @example ended({ reason: 'released' }) — no further activity on the channel. */
export const ended = (o: ChannelFixture = {}): EndedNotification => channelEvent('ended', o);

/**
 * An `agent.presencechanged` notification.
 *
 * @example
 * presenceChanged({ agentId: '1544', presence: 'break' });
 */
export function presenceChanged(o: PresenceFixture = {}): PresenceNotification {
  return presenceChangedIn(shared, o);
}

function presenceChangedIn(state: FixtureState, o: PresenceFixture): PresenceNotification {
  checkAgentIds(o.agentId, o.userId);
  const { tsMs, time, id } = envelope(state, o);
  const agentId = o.agentId ?? agentAt({ seed: FIXTURE_SEED, teamSize: 12 }, 0).agentId;
  catalog ??= presenceCatalog(FIXTURE_SEED);
  const presence =
    o.presence === undefined
      ? catalog.ready
      : typeof o.presence === 'string'
        ? catalog[o.presence]
        : o.presence;
  if (!presence)
    throw new TypeError(
      `presenceChanged: unknown presence "${String(o.presence)}"; use ready, break, lunch or loggedOut, or give a presence object.`,
    );
  return buildPresenceNotification({
    version: o.version ?? 'v0',
    id,
    time,
    timestamp: formatTime(tsMs, 0),
    presence,
    agentId,
    userId: o.userId ?? userFor(agentId),
  });
}

/**
 * An agent hang-up: the agent channel's `channel.disconnected` and `channel.wrapstarted`, one
 * channel, one identical `data.timestamp`, each with its own id (as VCC sends them).
 *
 * @example
 * const [disconnect, wrap] = hangUp({ agentId: '1544' });
 * disconnect.data.timestamp === wrap.data.timestamp; // true
 */
export function hangUp(
  o: Omit<ChannelFixture, 'id' | 'time' | 'role' | 'party'> = {},
): [DisconnectedNotification, WrapStartedNotification] {
  return hangUpIn(shared, o);
}

function hangUpIn(
  state: FixtureState,
  o: Omit<ChannelFixture, 'id' | 'time' | 'role' | 'party'>,
): [DisconnectedNotification, WrapStartedNotification] {
  const first: DisconnectedNotification = channelEventIn(state, 'disconnected', {
    ...o,
    role: 'agent',
  });
  const ch = first.data.channel;
  const second: WrapStartedNotification = channelEventIn(state, 'wrapstarted', {
    ...o,
    role: 'agent',
    channelId: ch.channelId,
    interactionId: ch.interactionId,
    conversationId: ch.conversationId,
    agentId: ch.party.agentId as string,
    userId: ch.party.userId as string,
    timestamp: first.data.timestamp,
  });
  return [first, second];
}

/**
 * Options of {@link timeline}: any simulation option, or a named scenario's simulation with
 * overrides. Defaults: 5 agents, 1 hour from the simulation's default start, seed 1, every v0 type
 * (`['channel.*.v0', 'agent.*.v0']`: a receiver's whole life cycle, `ended` included, where
 * `vcc-sim generate` and the k6 module default to the hang-up pair a load test fires).
 */
export type TimelineOptions = WorldOptions;

/**
 * A short seeded stream from the simulation, in send order: the same events `vcc-sim generate`
 * writes for the same options, and the same world `vccApi(options)` answers from.
 *
 * @example
 * const events = timeline({ seed: 7, agents: 3, duration: '30m' });
 * const smoke = timeline({ scenario: 'smoke' });
 * await deliver(events, { target: url });
 */
export function timeline(options: TimelineOptions = {}): Notification[] {
  const { scenario, ...rest } = definedOnly(options);
  const base = scenario
    ? getScenario(scenario).simulation
    : { ...WORLD_DEFAULTS, types: ['channel.*.v0', 'agent.*.v0'] };
  return [...simulate({ ...base, ...rest })];
}

/**
 * Every channel event's fixture builder by event name (for tables of tests).
 *
 * @example
 * for (const [event, build] of Object.entries(CHANNEL_FIXTURES)) await post(build({ channelId }));
 */
export const CHANNEL_FIXTURES: Readonly<
  Record<ChannelEventName, (o?: ChannelFixture) => ChannelNotification>
> = {
  alerted,
  connected,
  connectionfailed: connectionFailed,
  held,
  retrieved,
  parked,
  unparked,
  interrupted,
  resumed,
  disconnected,
  wrapstarted: wrapStarted,
  ended,
};

/**
 * Fixture builders with a sequence of their own: what the module's builders give, from their own
 * seed and counter, so tests running at once (or in any order) do not share ids.
 */
export interface Fixtures {
  /** The seed of this sequence's ids and channels. */
  readonly seed: string;
  channelEvent: typeof channelEvent;
  notification: typeof notification;
  presenceChanged: typeof presenceChanged;
  hangUp: typeof hangUp;
  alerted: typeof alerted;
  connected: typeof connected;
  connectionFailed: typeof connectionFailed;
  held: typeof held;
  retrieved: typeof retrieved;
  parked: typeof parked;
  unparked: typeof unparked;
  interrupted: typeof interrupted;
  resumed: typeof resumed;
  disconnected: typeof disconnected;
  wrapStarted: typeof wrapStarted;
  ended: typeof ended;
  /** Starts this sequence again (the same ids, in the same order). */
  reset(): void;
}

/** Options of {@link createFixtures}. */
export interface FixturesOptions {
  /** The seed of the sequence's ids and channels (string or number). Default `FIXTURE_SEED`. */
  seed?: string | number | undefined;
}

/**
 * A fixture factory with its own seed and sequence, as faker's `new Faker({ seed })` is a faker of
 * its own: the same builders and defaults as the module's (the seed-1 world's agents), ids and
 * channels from this seed, counted from this factory's first call.
 *
 * @example
 * test.concurrent('a hang-up', async () => {
 *   const f = createFixtures({ seed: 42 });
 *   const [disconnect, wrap] = f.hangUp({ agentId: '1544' });
 * });
 */
export function createFixtures(options: FixturesOptions = {}): Fixtures {
  const seed = String(options.seed ?? FIXTURE_SEED);
  if (seed === '')
    throw new TypeError('createFixtures: the seed is empty; give a string or a number.');
  const state: FixtureState = { seed, calls: 0 };
  const channel =
    <E extends ChannelEventName>(event: E) =>
    (o: ChannelFixture = {}) =>
      channelEventIn(state, event, o) as Built<E>;
  return {
    seed,
    channelEvent: (event, overrides = {}) => channelEventIn(state, event, overrides),
    notification: (type, overrides = {}) => notificationIn(state, type, overrides),
    presenceChanged: (o = {}) => presenceChangedIn(state, o),
    hangUp: (o = {}) => hangUpIn(state, o),
    alerted: channel('alerted'),
    connected: channel('connected'),
    connectionFailed: channel('connectionfailed'),
    held: channel('held'),
    retrieved: channel('retrieved'),
    parked: channel('parked'),
    unparked: channel('unparked'),
    interrupted: channel('interrupted'),
    resumed: channel('resumed'),
    disconnected: channel('disconnected') as typeof disconnected,
    wrapStarted: channel('wrapstarted') as typeof wrapStarted,
    ended: channel('ended') as typeof ended,
    reset() {
      state.calls = 0;
    },
  };
}
