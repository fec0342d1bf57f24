/**
 * Option resolution for the center's headcount and demand: the agents (given, or sized from
 * `callsPerHour` by the staffing plan), the demand per agent, the teams, and the service
 * objective the plan staffs for.
 */

import { SimError } from '../errors.js';
import { parseServiceLevel, wholeNumber } from './option-checks.js';
import type { ResolvedOptions, SimulationOptions } from './option-types.js';
import { type PlanInput, type PlanSource, planInputFor, sizeDemandOnce } from './staffing-plan.js';

export type Headcount = Pick<
  ResolvedOptions,
  'agents' | 'teamCount' | 'teams' | 'arrivalsPerAgentHour' | 'serviceLevel'
>;

/** The center's size and demand, its teams, and the service objective the plan staffs for. */
export function resolveHeadcount(
  options: SimulationOptions,
  teamSize: number,
  workday: Omit<
    PlanSource,
    'curve' | 'weekdayLevels' | 'meanHandleSeconds' | 'serviceLevel' | 'samplers'
  >,
  forecast: Pick<ResolvedOptions, 'curve' | 'weekdayLevels'>,
  calls: Pick<ResolvedOptions, 'meanHandleSeconds' | 'samplers'>,
): Headcount {
  const occupancy = options.occupancy;
  if (occupancy !== undefined && !(occupancy > 0 && occupancy <= 1.5))
    throw new SimError('config', `Invalid occupancy ${occupancy}: give a number in (0, 1.5].`);
  const serviceLevel = parseServiceLevel(options.serviceLevel ?? '80/20');
  const { agents, arrivalsPerAgentHour } = sizeCenter(options, occupancy, calls.meanHandleSeconds, {
    teamSize,
    planFor: (teamAgents) =>
      planInputFor({ ...workday, ...forecast, ...calls, serviceLevel }, teamAgents),
  });
  const teamCount = Math.ceil(agents / teamSize);
  const teams = selectTeams(options.teams, teamCount);
  if (
    arrivalsPerAgentHour !== undefined &&
    !(arrivalsPerAgentHour >= 0 && arrivalsPerAgentHour < 100_000)
  ) {
    throw new SimError('config', `Invalid arrivalsPerAgentHour ${arrivalsPerAgentHour}.`);
  }
  return { agents, teamCount, teams, arrivalsPerAgentHour, serviceLevel };
}

/** The teams to simulate: all, or the (sorted, distinct) indexes given. */
function selectTeams(given: readonly number[] | undefined, teamCount: number): number[] {
  if (given?.length === 0)
    throw new SimError('usage', 'No teams selected: give at least one team index.', {
      option: 'teams',
      allowed: 'select at least one team, e.g. "0,2-3"',
    });
  if (!given) return Array.from({ length: teamCount }, (_, i) => i);
  return [...new Set(given)]
    .map((t) => {
      if (Number.isInteger(t) && t >= 0 && t < teamCount) return t;
      throw new SimError(
        'usage',
        `Invalid team index ${t}: give a whole number from 0 to ${teamCount - 1}.`,
        {
          option: 'teams',
          allowed: `team ${t} does not exist: the center has ${teamCount} team${teamCount === 1 ? '' : 's'}, indexes 0 to ${teamCount - 1}`,
        },
      );
    })
    .sort((a, b) => a - b);
}

/**
 * The center's headcount and demand: `callsPerHour` sizes the staff (the fewest agents whose
 * queues serve that many calls at the curve's peak on the busiest weekday at the service
 * objective) unless `agents` is given too; otherwise the agents are given (default 20) and the
 * demand is `arrivalsPerAgentHour`, `occupancy`, or left to the plan (`undefined`).
 */
function sizeCenter(
  options: SimulationOptions,
  occupancy: number | undefined,
  meanHandleSeconds: number,
  plan: { teamSize: number; planFor: (agents: number) => PlanInput },
): { agents: number; arrivalsPerAgentHour: number | undefined } {
  const cph = options.callsPerHour;
  if (cph === undefined) {
    return {
      agents: wholeNumber(options.agents ?? 20, 'agent count', 1, 100_000, 'agents'),
      arrivalsPerAgentHour:
        options.arrivalsPerAgentHour ??
        (occupancy === undefined ? undefined : (occupancy * 3600) / meanHandleSeconds),
    };
  }
  if (!(typeof cph === 'number' && cph > 0 && cph <= 1_000_000))
    throw new SimError(
      'usage',
      `Invalid calls per hour ${JSON.stringify(cph)}: give a number above 0, e.g. 300.`,
      {
        option: 'callsPerHour',
        allowed: 'give a number of calls above 0 and up to 1,000,000, e.g. 300',
      },
    );
  if (options.arrivalsPerAgentHour !== undefined || occupancy !== undefined)
    throw new SimError(
      'config',
      'Give the demand one way: callsPerHour, occupancy or arrivalsPerAgentHour, not several.',
    );
  const agents =
    options.agents !== undefined
      ? wholeNumber(options.agents, 'agent count', 1, 100_000, 'agents')
      : staffFor(cph, plan);
  return { agents, arrivalsPerAgentHour: cph / agents };
}

function staffFor(
  callsPerHour: number,
  plan: { teamSize: number; planFor: (agents: number) => PlanInput },
): number {
  try {
    return agentsForDemand(callsPerHour / 3_600_000, plan.teamSize, plan.planFor);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new SimError(
      'config',
      `${callsPerHour} calls per hour need more than 100,000 agents: give a smaller demand.`,
      {
        option: 'callsPerHour',
        allowed: 'that needs more than 100,000 agents: give a smaller demand',
      },
    );
  }
}

/**
 * The fewest agents whose queues (of at most `teamSize`, split evenly) serve `perMs` arrivals at
 * the curve's peak on the busiest weekday at the objective, week after week. A {@link RangeError} past 100,000.
 */
function agentsForDemand(
  perMs: number,
  teamSize: number,
  planFor: (agents: number) => PlanInput,
): number {
  const capacity = (agents: number): number => {
    const teams = Math.ceil(agents / teamSize);
    const small = Math.floor(agents / teams);
    const larger = agents - small * teams; // teams with one agent more
    let total = 0;
    for (const [size, count] of [
      [small, teams - larger],
      [small + 1, larger],
    ] as const) {
      if (count > 0) total += count * sizeDemandOnce(planFor(size));
    }
    return total;
  };
  let hi = 1;
  while (capacity(hi) < perMs) {
    if (hi >= 100_000) throw new RangeError('more than 100,000 agents needed');
    hi = Math.min(100_000, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (capacity(mid) >= perMs) hi = mid;
    else lo = mid;
  }
  return capacity(lo) >= perMs && lo > 0 ? lo : hi;
}
