/**
 * What happens during a call: hold and retrieve, park and unpark, a colleague consulted in a
 * conference, the supervisor monitoring, and a hang-up burst (many agents hanging up within a
 * short span, e.g. at a shift change).
 */

import type { Due } from './agenda.js';
import { hangUp, openAgentChannel, openChannel, startWrap } from './channels.js';
import type { Channel, SimAgent } from './entities.js';
import { longestIdle, ms, type Team } from './team.js';

/** How often a planned conference looks again for a free colleague. */
const CONFERENCE_RETRY_MS = 15_000;

/** The agent puts the customer on hold. */
export function holdStarts(team: Team, { at, channel, endsAt }: Due<'holdStarts'>): void {
  if (!channel.active) return;
  team.notify.channel('held', channel.info, at);
  team.agenda.plan(endsAt, { kind: 'holdEnds', channel });
}

/** The customer is taken off hold. */
export function holdEnds(team: Team, { at, channel }: Due<'holdEnds'>): void {
  if (channel.active) team.notify.channel('retrieved', channel.info, at);
}

/** The agent parks the call: both channels are parked. */
export function parkStarts(
  team: Team,
  { at, interaction, channel, endsAt }: Due<'parkStarts'>,
): void {
  if (!channel.active || !interaction.customer.active) return;
  team.notify.channel('parked', channel.info, at);
  team.notify.channel('parked', interaction.customer.info, at);
  team.agenda.plan(endsAt, { kind: 'parkEnds', interaction, channel });
}

/** The call is taken out of the park. */
export function parkEnds(team: Team, { at, interaction, channel }: Due<'parkEnds'>): void {
  if (channel.active) team.notify.channel('unparked', channel.info, at);
  if (interaction.customer.active) team.notify.channel('unparked', interaction.customer.info, at);
}

/** The agent asks the colleague idle the longest into a conference (or looks again shortly). */
export function conferenceStarts(team: Team, { at, interaction }: Due<'conferenceStarts'>): void {
  const o = team.o;
  const colleague = longestIdle(team);
  if (interaction.done) return;
  if (!colleague) {
    // Nobody free yet: look again shortly, while the leg has time for a conference left.
    const retry = at + CONFERENCE_RETRY_MS;
    if (retry + o.ringTimeoutMs + 2000 < interaction.legEnd)
      team.agenda.plan(retry, { kind: 'conferenceStarts', interaction });
    return;
  }
  team.stats.conferences++;
  colleague.state = 'alerting';
  const channel = openAgentChannel(team, interaction, colleague);
  interaction.consult = channel;
  team.notify.channel('alerted', channel.info, at);
  const ring = Math.min(ms(o.samplers.ring.sample(team.rng.calls)), o.ringTimeoutMs - 1);
  team.agenda.plan(at + ring, { kind: 'consultAnswers', interaction, channel, agent: colleague });
}

/**
 * The colleague answers and stays for part of the leg; unless the leg ended while it rang (a
 * hang-up burst cuts a leg short): the colleague's channel is then already over, and wrapping up.
 */
export function consultAnswers(
  team: Team,
  { at, interaction, channel, agent }: Due<'consultAnswers'>,
): void {
  if (!channel.active) return;
  agent.state = 'talking';
  team.notify.channel('connected', channel.info, at);
  const leave = Math.min(
    at + ms(team.o.samplers.conference.sample(team.rng.calls)),
    interaction.legEnd - 1000,
  );
  team.agenda.plan(Math.max(leave, at + 1), { kind: 'consultLeaves', channel });
}

/** The colleague leaves the conference and wraps up. */
export function consultLeaves(team: Team, { at, channel }: Due<'consultLeaves'>): void {
  if (channel.active) startWrap(team, channel, at);
}

/** The supervisor, if free, joins the call silently for a while. */
export function monitorStarts(team: Team, { at, interaction }: Due<'monitorStarts'>): void {
  const agent = interaction.agentLeg?.agent;
  if (!agent || interaction.done) return;
  const supervisor = supervisorOfAgent(team, agent);
  if (supervisor.busy) return;
  supervisor.busy = true;
  const channel = openChannel(team, interaction, {
    role: 'monitor',
    agentId: supervisor.agentId,
    userId: supervisor.userId,
  });
  interaction.monitor = channel;
  // A monitor joins silently: a zero-length alerting phase, then connected.
  team.notify.channel('alerted', channel.info, at);
  team.notify.channel('connected', channel.info, at);
  const len = ms(team.o.samplers.monitor.sample(team.rng.calls));
  team.agenda.plan(at + len, { kind: 'monitorLeaves', channel });
}

/** The supervisor stops monitoring. */
export function monitorLeaves(team: Team, { at, channel }: Due<'monitorLeaves'>): void {
  if (!channel.active) return;
  hangUp(team, channel, at);
  freeSupervisor(team, channel);
}

/** The supervisor of the agent's team within the queue (`supervisorSpan` agents each). */
function supervisorOfAgent(team: Team, agent: SimAgent): Team['supervisors'][number] {
  const first = team.agents[0]?.index ?? 0;
  const group = Math.floor((agent.index - first) / team.o.supervisorSpan);
  return team.supervisors[
    Math.min(group, team.supervisors.length - 1)
  ] as Team['supervisors'][number];
}

/** The supervisor whose monitor channel this is is free again. */
export function freeSupervisor(team: Team, channel: Channel): void {
  for (const s of team.supervisors) if (s.agentId === channel.info.party.agentId) s.busy = false;
}

/** Each agent on a call hangs up with probability `share` within `withinMs`: a burst of pairs. */
export function hangUpBurst(team: Team, { at, share, withinMs }: Due<'hangUpBurst'>): void {
  const rng = team.rng.calls;
  for (const agent of team.onCalls.length > 0 ? [...team.agents, ...team.onCalls] : team.agents) {
    const on = agent.talkingOn;
    if (agent.state !== 'talking' || !on || on.interaction.done || on.interaction.legEnd <= at)
      continue;
    if (!rng.chance(share)) continue;
    const end = at + Math.floor(rng.next() * withinMs);
    if (end >= on.interaction.legEnd) continue;
    on.interaction.legEnd = end;
    team.agenda.plan(end, {
      kind: 'legEnds',
      interaction: on.interaction,
      channel: on.channel,
      transfer: false,
      legToken: ++on.interaction.legToken,
    });
  }
}
