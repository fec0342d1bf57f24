/**
 * The simulated world the REST mocks answer from: the users (agents and supervisors) of a seeded
 * center and the interactions and channels its notifications describe. Built from the same
 * simulation as the events, so an id in an event is found by the API mocks.
 */

import type { ChannelEventName } from '../generator/notifications/event-types.js';
import type { Notification, Party } from '../generator/notifications/notification.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import { definedOnly, type UndefinedAllowed } from '../generator/optional.js';
import {
  type ResolvedOptions,
  resolveOptions,
  type SimulationOptions,
} from '../generator/simulation/options.js';
import { buildRoster, type RosterEntry } from '../generator/simulation/roster-names.js';
import { simulate } from '../generator/simulation/simulate.js';
import { getScenario } from '../scenarios/index.js';

/** A user of the world: the ids the events carry, plus names (the same as `vcc-sim generate --roster`). */
export type WorldUser = RosterEntry;

/** One phase change of a channel, as its notification told it. */
export interface WorldChannelEvent {
  event: ChannelEventName;
  /** `data.timestamp`. */
  timestamp: string;
  reason?: string;
}

/** A channel as its notifications describe it. */
export interface WorldChannel {
  channelId: string;
  party: Party;
  events: WorldChannelEvent[];
}

/** An interaction as its channels' notifications describe it. */
export interface WorldInteraction {
  interactionId: string;
  conversationId: string;
  channels: Map<string, WorldChannel>;
}

/**
 * The size of the world (and of `timeline()`) when neither options nor a scenario say: 5 agents
 * for 1 hour from the simulation's default start (the center's opening), enough for a stream with
 * calls, holds, hang-ups and presence changes in every seed (2 agents gave one presence change).
 */
export const WORLD_DEFAULTS: Readonly<{ agents: number; duration: string }> = {
  agents: 5,
  duration: '1h',
};

/**
 * How to build a world: simulation options (defaults as `timeline()`: 5 agents, 1 hour, seed 1),
 * or a named scenario's simulation with overrides.
 */
export type WorldOptions = UndefinedAllowed<WorldOptionFields>;

/** {@link WorldOptions} as written. */
interface WorldOptionFields extends SimulationOptions {
  /** Start from a named scenario's simulation (`smoke`, `steady`, …); other options override it. */
  scenario?: string;
}

/**
 * A simulated center's users and interactions. The simulation runs (every type) the first time
 * interactions are asked for; `add()` takes in notifications from elsewhere (fixtures), so the
 * mocks know their agents and interactions too.
 *
 * @example
 * const world = simulatedWorld({ seed: 7, agents: 3, duration: '30m' });
 * world.userByAgentId('4301')?.userId;
 * world.interaction(wrap.data.channel.interactionId)?.channels.size;
 */
export class SimulatedWorld {
  readonly options: ResolvedOptions;
  private readonly users = new Map<string, WorldUser>();
  private readonly byAgentId = new Map<string, WorldUser>();
  private readonly interactions = new Map<string, WorldInteraction>();
  private simulated = false;

  constructor(options: WorldOptions = {}) {
    const { scenario, ...rest } = definedOnly(options);
    // Without a scenario, the same short defaults as `timeline()`, so both describe one world.
    const base = scenario ? getScenario(scenario).simulation : WORLD_DEFAULTS;
    this.options = resolveOptions({ ...base, ...rest, types: ['*'] });
    for (const u of buildRoster(this.options)) this.addUser(u);
  }

  private addUser(u: WorldUser): void {
    this.users.set(u.userId, u);
    this.byAgentId.set(u.agentId, u);
  }

  private ensureSimulated(): void {
    if (this.simulated) return;
    this.simulated = true;
    for (const n of simulate(this.options)) this.absorb(n);
  }

  private absorb(n: Notification): void {
    if (n.source === '/agent') {
      this.ensureUser(n.data.user.agentId, n.data.user.userId);
      return;
    }
    const { channel, timestamp, reason } = n.data;
    const p = channel.party;
    if (p.agentId !== undefined && p.userId !== undefined) this.ensureUser(p.agentId, p.userId);
    let i = this.interactions.get(channel.interactionId);
    if (!i) {
      i = {
        interactionId: channel.interactionId,
        conversationId: channel.conversationId,
        channels: new Map(),
      };
      this.interactions.set(channel.interactionId, i);
    }
    let c = i.channels.get(channel.channelId);
    if (!c) {
      c = { channelId: channel.channelId, party: p, events: [] };
      i.channels.set(channel.channelId, c);
    }
    const event = n.type.split('.')[1] as ChannelEventName;
    // A .v0 and a .v1 of one phase are one phase.
    if (c.events.some((e) => e.event === event && e.timestamp === timestamp)) return;
    c.events.push({ event, timestamp, ...(reason !== undefined ? { reason } : {}) });
    c.events.sort((a, b) => (parseUtc(a.timestamp)?.ms ?? 0) - (parseUtc(b.timestamp)?.ms ?? 0));
  }

  private ensureUser(agentId: string, userId: string): void {
    if (this.users.has(userId)) return;
    const username = `agent.${agentId}`;
    this.addUser({
      agentId,
      userId,
      role: 'agent',
      team: -1,
      teamName: 'Added',
      name: `Agent ${agentId}`,
      username,
      email: `${username}@example.com`,
    });
  }

  /**
   * Takes in notifications (e.g. fixtures a test fires), so their agents and interactions are
   * found too. Returns the world.
   *
   * @example
   * const world = simulatedWorld().add(...hangUp({ agentId: '1544' }));
   */
  add(...notifications: Notification[]): this {
    for (const n of notifications) this.absorb(n);
    return this;
  }

  /**
   * Every user: supervisors first, then agents, then users added from notifications.
   *
   * @example
   * world.allUsers().filter((u) => u.role === 'agent').length; // the simulation's agent count
   */
  allUsers(): WorldUser[] {
    return [...this.users.values()];
  }

  /**
   * The user with this GUID.
   *
   * @example
   * world.user(wrap.data.channel.party.userId!)?.name;
   */
  user(userId: string): WorldUser | undefined {
    return this.users.get(userId);
  }

  /**
   * The user whose agent display id is `agentId`.
   *
   * @example
   * world.userByAgentId('1544')?.userId;
   */
  userByAgentId(agentId: string): WorldUser | undefined {
    return this.byAgentId.get(agentId);
  }

  /**
   * The interaction with this GUID (runs the simulation on first use).
   *
   * @example
   * world.interaction(wrap.data.channel.interactionId)?.channels.get(wrap.subject)?.events;
   */
  interaction(interactionId: string): WorldInteraction | undefined {
    if (!this.interactions.has(interactionId)) this.ensureSimulated();
    return this.interactions.get(interactionId);
  }

  /**
   * Every interaction (runs the simulation on first use).
   *
   * @example
   * world.allInteractions().length;
   */
  allInteractions(): WorldInteraction[] {
    this.ensureSimulated();
    return [...this.interactions.values()];
  }
}

/**
 * The world of a seeded simulation: pass the same options as the events' simulation (or the
 * scenario name) and every agent, user and interaction the events name is in it.
 *
 * @example
 * const world = simulatedWorld({ scenario: 'smoke' });
 * const api = vccApi({ world });
 */
export function simulatedWorld(options: WorldOptions = {}): SimulatedWorld {
  return new SimulatedWorld(options);
}
