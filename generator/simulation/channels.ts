/**
 * The channel lifecycle: a channel opens (alerted), connects, and leaves, either hung up
 * (disconnected then ended, at one instant) or, for an agent, into wrap-up (disconnected then
 * wrapstarted; ended when the wrap is over).
 */

import type { Party } from '../notifications/notification.js';
import type { Channel, Interaction, SimAgent, Team } from './team.js';

/** A new channel of an interaction (`channelId`: the interaction's own, for its first channel). */
export function openChannel(
  team: Team,
  ids: Pick<Interaction, 'conversationId' | 'interactionId'>,
  party: Party,
  channelId?: string,
): Channel {
  return {
    info: {
      conversationId: ids.conversationId,
      interactionId: ids.interactionId,
      channelId: channelId ?? team.rng.ids.uuid(),
      party,
    },
    active: true,
    agent: null,
  };
}

/** A new channel for `agent` on an interaction. */
export function openAgentChannel(team: Team, interaction: Interaction, agent: SimAgent): Channel {
  const channel = openChannel(team, interaction, {
    role: 'agent',
    agentId: agent.agentId,
    userId: agent.userId,
  });
  channel.agent = agent;
  return channel;
}

/** connected -> disconnected + ended (customer, monitor, voicemail) at one instant. */
export function hangUp(team: Team, channel: Channel, at: number, reason?: string): void {
  if (!channel.active) return;
  const why = reason ?? team.o.reasons.ended;
  channel.active = false;
  team.notify.channel('disconnected', channel.info, at, why);
  team.notify.channel('ended', channel.info, at, why);
}

/** An agent channel leaves connected and enters wrap: disconnected + wrapstarted at one instant. */
export function startWrap(team: Team, channel: Channel, at: number): void {
  const agent = channel.agent;
  if (!channel.active || !agent) return;
  channel.active = false;
  team.notify.channel('disconnected', channel.info, at, team.o.reasons.ended);
  team.notify.channel('wrapstarted', channel.info, at);
  agent.state = 'wrap';
  const wrap = team.o.samplers.wrap.sample(team.rng.calls);
  team.agenda.plan(at + Math.round(wrap * 1000), { kind: 'wrapEnds', channel, agent });
}
