/**
 * Real-time management: what a center's intraday analysts do while the interval's service
 * falls under the objective. Breaks, offline work and personal time falling due are put off for
 * a while (`becomeFree` in `agents.ts`); and agents already in offline work (a meeting,
 * coaching, a training session) are called back to the phones, one for each caller who waits
 * past the threshold while the interval so far is under the objective. A planned session
 * called off is resumed for the time it had left once the agent is free and the queue is back
 * in time (or after the longest put-off); optional e-learning is dropped. Breaks and lunch are
 * never cut short.
 */

import type { Due } from './agenda.js';
import { goIdle, show } from './agents.js';
import type { ActivityKind } from './day-plan.js';
import { intervalStart } from './routing.js';
import type { SimAgent, Team } from './team.js';

/** The activities an agent is called back from: offline work, not breaks, lunch or personal time. */
const RECALLED: ReadonlySet<ActivityKind> = new Set(['meeting', 'coaching', 'training']);

/** A session with less than this left is not resumed. */
const LEAST_RESUMED_MS = 5 * 60_000;

/**
 * A queued caller has waited the objective's threshold: counted late in the interval, and if
 * the interval's service level so far is under the objective, one agent in offline work (the
 * first found) is called back to the phones and takes calls at once.
 */
export function waitPassesThreshold(
  team: Team,
  { at, interaction, patienceToken }: Due<'waitPassesThreshold'>,
): void {
  if (!interaction.queued || interaction.patienceToken !== patienceToken) return;
  const interval = team.interval;
  const thresholdMs = team.o.serviceLevel.thresholdSeconds * 1000;
  if (intervalStart(team, at - thresholdMs) !== interval.slot) return;
  interval.late++;
  if (interval.late <= (1 - team.o.serviceLevel.target) * interval.offered) return;
  const agent = team.agents.find(inOfflineWork);
  if (!agent?.away) return;
  const { kind, optional, endsAt } = agent.away;
  agent.breakToken++; // its planned end no longer applies
  agent.away = null;
  if (!optional && endsAt - at >= LEAST_RESUMED_MS)
    agent.pendingBreak = { lengthMs: endsAt - at, kind, dueAt: at };
  show(team, agent, team.presences.ready, at, true);
  goIdle(team, agent, at);
}

function inOfflineWork(agent: SimAgent): boolean {
  return agent.state === 'break' && agent.away !== null && RECALLED.has(agent.away.kind);
}
