import type { Presence } from '../notifications/notification.js';
import type { ResolvedOptions } from './options.js';
import { RandomStream } from './random.js';

/**
 * A simulated agent: stable ids drawn from the seed, one stream per agent.
 *
 * @example
 * const agent: Agent = agentAt({ seed: '7', teamSize: 12 }, 0);
 */
export interface Agent {
  /** 0-based index in the center. */
  index: number;
  /** The agent's display id in VCC: a numeric string. */
  agentId: string;
  /** The user's GUID. */
  userId: string;
  /** 0-based team index. */
  team: number;
}

/**
 * A team's supervisor: the monitor party on monitored interactions.
 *
 * @example
 * const supervisor: Supervisor = supervisorOf({ seed: '7' }, 0);
 */
export type Supervisor = Omit<Agent, 'index'>;

/** The numeric base of agent ids in this center, drawn once from the seed. */
function agentIdBase(seed: string): number {
  return new RandomStream(seed, 'center', 'agent-ids').int(10, 89) * 100;
}

/**
 * The agent at `index`: the same ids whatever the agent count, so adding agents keeps the others.
 *
 * @example
 * agentAt({ seed: '7', teamSize: 12 }, 0) // { index: 0, agentId: '5601', userId: 'cc0d454e-…', team: 0 }
 */
export function agentAt(
  options: Pick<ResolvedOptions, 'seed' | 'teamSize'> & { agents?: number },
  index: number,
): Agent {
  const rng = new RandomStream(options.seed, 'agent', index);
  return {
    index,
    agentId: String(agentIdBase(options.seed) + 1 + index),
    userId: rng.uuid(),
    team:
      options.agents === undefined
        ? Math.floor(index / options.teamSize)
        : teamOf(options.agents, options.teamSize, index),
  };
}

/**
 * The team (queue) of agent `index`: agents split into as few teams of at most `teamSize` as
 * hold them, as even as they go (60 agents in teams of up to 25: 20, 20 and 20).
 */
function teamOf(agents: number, teamSize: number, index: number): number {
  const teams = Math.ceil(agents / teamSize);
  return Math.floor((index * teams) / agents);
}

/** The first agent index of `team` (the end of the one before). */
function firstOfTeam(agents: number, teamSize: number, team: number): number {
  const teams = Math.ceil(agents / teamSize);
  return Math.ceil((team * agents) / teams);
}

/**
 * The agents of one team.
 *
 * @example
 * teamAgents({ seed: '7', teamSize: 12, agents: 20 }, 1).length // 10: agents 10-19
 */
export function teamAgents(
  options: Pick<ResolvedOptions, 'seed' | 'teamSize' | 'agents'>,
  team: number,
): Agent[] {
  const first = firstOfTeam(options.agents, options.teamSize, team);
  const last = Math.min(options.agents, firstOfTeam(options.agents, options.teamSize, team + 1));
  const out: Agent[] = [];
  for (let i = first; i < last; i++) out.push(agentAt(options, i));
  return out;
}

/**
 * The supervisor of a queue's `group`-th team of agents (`supervisorSpan` agents each; group 0
 * leads the first). Supervisor agent ids come from a range far above the agents'.
 *
 * @example
 * supervisorOf({ seed: '7' }, 0).agentId // '95601'
 */
export function supervisorOf(
  options: Pick<ResolvedOptions, 'seed'>,
  team: number,
  group = 0,
): Supervisor {
  const rng = new RandomStream(options.seed, 'supervisor', team, ...(group > 0 ? [group] : []));
  return {
    agentId: String(agentIdBase(options.seed) + 90_001 + team + group * 100_000),
    userId: rng.uuid(),
    team,
  };
}

/**
 * The presences agents show, with ids stable for a seed (presence definitions of the center).
 *
 * @example
 * const { ready, lunch }: PresenceCatalog = presenceCatalog('7');
 */
export interface PresenceCatalog {
  ready: Presence;
  break: Presence;
  lunch: Presence;
  loggedOut: Presence;
  missedOffer: Presence;
  meeting: Presence;
  training: Presence;
  coaching: Presence;
  personal: Presence;
  systemIssue: Presence;
}

/**
 * The center's presence definitions. The shape follows the documented `agent.presencechanged`
 * example (`ready`/`Ready`/`readyInbound`); the other categories are our choice.
 *
 * @example
 * presenceCatalog('7').lunch.category // { type: 'away', description: 'Away', subcategory: 'lunch' }
 */
export function presenceCatalog(seed: string): PresenceCatalog {
  const rng = new RandomStream(seed, 'center', 'presences');
  const make = (
    type: string,
    description: string,
    subcategory: string,
    label: string,
  ): Presence => ({
    presenceId: rng.uuid(),
    category: { type, description, subcategory },
    description: label,
  });
  return {
    ready: make('ready', 'Ready', 'readyInbound', 'Ready (Inbound)'),
    break: make('away', 'Away', 'break', 'Break'),
    lunch: make('away', 'Away', 'lunch', 'Lunch'),
    loggedOut: make('loggedOut', 'Logged out', 'loggedOut', 'Logged out'),
    // After an offer rang out: away for a while (our choice; VCC's WFM states include "Failed").
    missedOffer: make('away', 'Away', 'missedCall', 'Missed call'),
    // Offline activities (shrinkage the plan schedules): away, each with its own subcategory.
    meeting: make('away', 'Away', 'meeting', 'Team meeting'),
    training: make('away', 'Away', 'training', 'Training'),
    coaching: make('away', 'Away', 'coaching', 'Coaching'),
    // Unplanned time away: a comfort break; a system issue (made last: the ids before it stay).
    personal: make('away', 'Away', 'personal', 'Personal time'),
    systemIssue: make('away', 'Away', 'systemIssue', 'System issue'),
  };
}
