/**
 * A call's story: the caller arrives and waits in the queue (or, with the center closed and
 * voicemail after hours, leaves a voicemail); an agent answers, or the offer rings out and the
 * caller goes back to the front; the caller's patience may run out first (abandoned, or a
 * voicemail). The agent's leg ends with a hang-up or a blind transfer to a colleague.
 */

import type { Due } from './agenda.js';
import { becomeFree, show } from './agents.js';
import { freeSupervisor } from './call-features.js';
import { isOpen } from './center-calendar.js';
import { hangUp, openChannel, startWrap } from './channels.js';
import { dispatch, enqueue, offer } from './routing.js';
import { type Channel, type Interaction, longestIdle, ms, type Team } from './team.js';

/** A caller arrives: their channel connects and they wait for an agent (or leave a voicemail). */
export function arrive(team: Team, at: number): void {
  team.stats.interactions++;
  const ids = { conversationId: team.rng.ids.uuid(), interactionId: team.rng.ids.uuid() };
  // The first (external) channel of an interaction shares its GUID, as in the Insights Stats example.
  const customer = openChannel(team, ids, { role: 'external' }, ids.interactionId);
  const interaction: Interaction = {
    conversationId: ids.conversationId,
    interactionId: ids.interactionId,
    customer,
    agentLeg: null,
    consult: null,
    monitor: null,
    queued: false,
    queuedAt: at,
    patienceToken: 0,
    legEnd: 0,
    legToken: 0,
    transferring: false,
    done: false,
  };
  // An inbound call's first channel: a zero-length alerting phase, then connected.
  team.notify.channel('alerted', customer.info, at);
  team.notify.channel('connected', customer.info, at);
  if (!isOpen(team.o, at)) {
    // Closed (afterHours: 'voicemail'): straight to voicemail.
    leaveVoicemail(team, interaction, at);
    return;
  }
  enqueue(team, interaction, at, false);
  dispatch(team, at);
}

/** The caller leaves a voicemail. */
function leaveVoicemail(team: Team, interaction: Interaction, at: number): void {
  team.stats.voicemails++;
  const channel = openChannel(team, interaction, { role: 'voicemail' });
  team.notify.channel('alerted', channel.info, at);
  team.notify.channel('connected', channel.info, at);
  const len = ms(team.o.samplers.voicemail.sample(team.rng.calls));
  team.agenda.plan(at + len, { kind: 'voicemailEnds', interaction, channel });
}

/** The voicemail is left: both channels hang up. */
export function voicemailEnds(
  team: Team,
  { at, interaction, channel }: Due<'voicemailEnds'>,
): void {
  hangUp(team, channel, at);
  hangUp(team, interaction.customer, at);
  interaction.done = true;
}

/** A queued caller's patience runs out: they hang up (abandoned) or leave a voicemail. */
export function patienceRunsOut(
  team: Team,
  { at, interaction, patienceToken }: Due<'patienceRunsOut'>,
): void {
  if (!interaction.queued || patienceToken !== interaction.patienceToken) return;
  interaction.queued = false;
  if (interaction.transferring) {
    // Hung up waiting for the colleague a transfer asked for: answered before, not abandoned.
    interaction.transferring = false;
    hangUp(team, interaction.customer, at);
    interaction.done = true;
  } else if (team.rng.calls.chance(team.o.probabilities.voicemail)) {
    leaveVoicemail(team, interaction, at);
  } else {
    team.stats.abandoned++;
    hangUp(team, interaction.customer, at, team.o.reasons.abandoned);
    interaction.done = true;
  }
}

/**
 * An offer rings out unanswered: the agent's channel fails, the caller goes back to the front
 * of the queue, and the agent is set Away for a while.
 */
export function offerRangOut(
  team: Team,
  { at, interaction, channel, agent }: Due<'offerRangOut'>,
): void {
  const o = team.o;
  team.stats.failedOffers++;
  channel.active = false;
  team.notify.channel('connectionfailed', channel.info, at, o.reasons.connectionFailed);
  team.notify.channel('ended', channel.info, at, o.reasons.connectionFailed);
  enqueue(team, interaction, at, true);
  agent.state = 'notReady';
  show(team, agent, team.presences.missedOffer, at);
  const pause = ms(o.samplers.missedOfferPause.sample(team.rng.calls));
  team.agenda.plan(at + pause, { kind: 'missedOfferPauseEnds', agent });
  dispatch(team, at);
}

/** The agent answered: plan the leg (holds, parking, conference, monitoring, transfer or hang-up). */
export function offerAnswered(
  team: Team,
  { at, interaction, channel, agent, firstLeg }: Due<'offerAnswered'>,
): void {
  const o = team.o;
  const rng = team.rng.calls;
  agent.state = 'talking';
  interaction.agentLeg = channel;
  team.notify.channel('connected', channel.info, at);
  if (firstLeg) team.stats.answered++;
  let talk = ms(o.samplers.talk.sample(rng) * (firstLeg ? 1 : 0.6));
  if (firstLeg) talk += planHoldOrPark(team, interaction, channel, at, talk);
  const p = o.probabilities;
  if (firstLeg && rng.chance(p.conference)) {
    const cs = at + Math.round(talk * (0.3 + 0.3 * rng.next()));
    if (cs + o.ringTimeoutMs + 2000 < at + talk)
      team.agenda.plan(cs, { kind: 'conferenceStarts', interaction });
  }
  if (rng.chance(p.monitor)) {
    const start = at + Math.round(talk * (0.1 + 0.4 * rng.next()));
    team.agenda.plan(start, { kind: 'monitorStarts', interaction });
  }
  const transfer = firstLeg && rng.chance(p.transfer);
  interaction.legEnd = at + talk;
  agent.talkingOn = { interaction, channel };
  team.agenda.plan(at + talk, {
    kind: 'legEnds',
    interaction,
    channel,
    transfer,
    legToken: ++interaction.legToken,
  });
}

/** A first leg may put the customer on hold once or, if not, park the call: returns the time it adds. */
function planHoldOrPark(
  team: Team,
  interaction: Interaction,
  channel: Channel,
  at: number,
  talk: number,
): number {
  const o = team.o;
  const rng = team.rng.calls;
  const p = o.probabilities;
  if (rng.chance(p.hold)) {
    const start = at + Math.round(talk * (0.2 + 0.4 * rng.next()));
    const length = ms(o.samplers.hold.sample(rng));
    const customer = interaction.customer;
    team.agenda.plan(start, { kind: 'holdStarts', channel: customer, endsAt: start + length });
    return length;
  }
  if (rng.chance(Math.min(1, p.park / (1 - p.hold)))) {
    // Parked calls are drawn among those not held, so parking keeps its configured rate.
    const start = at + Math.round(talk * (0.2 + 0.4 * rng.next()));
    const length = ms(o.samplers.park.sample(rng));
    team.agenda.plan(start, { kind: 'parkStarts', interaction, channel, endsAt: start + length });
    return length;
  }
  return 0;
}

/**
 * The agent's leg ends as planned (unless a burst ended it earlier): a blind transfer hands the
 * caller to a colleague, through the queue when nobody is free; a hang-up ends every channel
 * still connected at the same instant.
 */
export function legEnds(
  team: Team,
  { at, interaction, channel, transfer, legToken }: Due<'legEnds'>,
): void {
  if (legToken !== interaction.legToken || !channel.active) return;
  if (channel.agent) channel.agent.talkingOn = null;
  startWrap(team, channel, at);
  if (transfer) {
    interaction.transferring = true;
    const colleague = longestIdle(team);
    if (colleague) offer(team, interaction, colleague, at, false);
    else {
      enqueue(team, interaction, at, true);
      dispatch(team, at);
    }
    return;
  }
  const consult = interaction.consult;
  const ringing = consult?.active === true && consult.agent?.state === 'alerting';
  if (consult && !ringing) startWrap(team, consult, at);
  if (interaction.monitor?.active) {
    hangUp(team, interaction.monitor, at);
    freeSupervisor(team, interaction.monitor);
  }
  hangUp(team, interaction.customer, at);
  interaction.done = true;
  // A colleague still ringing (a hang-up burst cut the leg short): their offer fails, no wrap.
  if (consult && ringing) consultFails(team, consult, at);
}

/** A consult offer whose call ended before the colleague answered: failed, the colleague free. */
function consultFails(team: Team, channel: Channel, at: number): void {
  const reason = team.o.reasons.connectionFailed;
  channel.active = false;
  team.notify.channel('connectionfailed', channel.info, at, reason);
  team.notify.channel('ended', channel.info, at, reason);
  if (channel.agent) becomeFree(team, channel.agent, at);
}
