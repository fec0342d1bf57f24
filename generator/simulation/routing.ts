/**
 * Routing: callers wait in the team's queue and are offered, longest waiting first, to the
 * agent idle the longest (or, when nobody is idle, to the agent whose email has the most work
 * left, interrupting it). An offer rings until the agent answers or the ring timeout passes.
 */

import { localDayStart } from './center-calendar.js';
import { openAgentChannel } from './channels.js';
import { PLAN_SLOT_MS } from './day-plan.js';
import { interruptEmail, interruptible, pickUpEmails } from './emails.js';
import { type Interaction, longestIdle, type SimAgent, type Team } from './team.js';

/** Offers waiting callers to free agents, then gives agents still idle an email. */
export function dispatch(team: Team, at: number): void {
  const queue = team.queue;
  for (let interaction = queue.first(); interaction; interaction = queue.first()) {
    let agent = longestIdle(team);
    if (!agent) {
      agent = interruptible(team);
      if (!agent) break;
      interruptEmail(team, agent, at);
    }
    queue.takeFirst();
    interaction.queued = false;
    interaction.patienceToken++;
    offer(team, interaction, agent, at, !interaction.transferring);
  }
  if (team.emailBacklog > 0) pickUpEmails(team, at);
  queue.compact();
}

/** A caller joins the queue (at the front when sent back), with their patience running. */
export function enqueue(team: Team, interaction: Interaction, at: number, front: boolean): void {
  team.queue.add(interaction, front, at);
  if (!front) countOffered(team, at);
  const patience = team.o.samplers.patience.sample(team.rng.calls);
  team.agenda.plan(at + Math.round(patience * 1000), {
    kind: 'patienceRunsOut',
    interaction,
    patienceToken: interaction.patienceToken,
  });
  team.agenda.plan(at + team.o.serviceLevel.thresholdSeconds * 1000, {
    kind: 'waitPassesThreshold',
    interaction,
    patienceToken: interaction.patienceToken,
  });
}

/**
 * Offers a caller to an agent: the agent's channel alerts, and rings until answered or, when
 * `mayFail` and the draw says so, until the ring timeout.
 */
export function offer(
  team: Team,
  interaction: Interaction,
  agent: SimAgent,
  at: number,
  mayFail: boolean,
): void {
  const o = team.o;
  const rng = team.rng.calls;
  if (interaction.transferring) {
    interaction.transferring = false;
    team.stats.transfers++;
  }
  agent.state = 'alerting';
  const channel = openAgentChannel(team, interaction, agent);
  team.notify.channel('alerted', channel.info, at);
  const fails = mayFail && rng.chance(o.probabilities.noAnswer);
  const ring = Math.min(Math.round(o.samplers.ring.sample(rng) * 1000), o.ringTimeoutMs - 1);
  if (fails) {
    team.agenda.plan(at + o.ringTimeoutMs, { kind: 'offerRangOut', interaction, channel, agent });
  } else {
    team.agenda.plan(at + ring, {
      kind: 'offerAnswered',
      interaction,
      channel,
      agent,
      firstLeg: mayFail,
    });
  }
}

/** Counts a caller offered in the current 15-minute interval (see {@link Team.interval}). */
function countOffered(team: Team, at: number): void {
  const slot = intervalStart(team, at);
  const interval = team.interval;
  if (interval.slot !== slot) {
    interval.slot = slot;
    interval.offered = 0;
    interval.late = 0;
  }
  interval.offered++;
}

/**
 * Whether the current 15-minute interval runs under the objective so far, as a real-time
 * dashboard shows it: more of its callers waited past the threshold than the objective allows.
 */
export function underObjective(team: Team, at: number): boolean {
  return team.interval.slot === intervalStart(team, at) && lateOverObjective(team);
}

/** Whether more of the current interval's callers waited past the threshold than the objective allows. */
export function lateOverObjective(team: Team): boolean {
  const interval = team.interval;
  return interval.late > (1 - team.o.serviceLevel.target) * interval.offered;
}

/** The start of the plan's 15-minute interval that `at` falls in, on the center's local clock. */
export function intervalStart(team: Team, at: number): number {
  const dayStart = localDayStart(team.o, at);
  return dayStart + Math.floor((at - dayStart) / PLAN_SLOT_MS) * PLAN_SLOT_MS;
}
