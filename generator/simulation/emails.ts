/**
 * Emails (non-live work) between calls: an idle agent with no caller waiting picks up the
 * oldest email of the backlog; a call offered when nobody is idle interrupts an email, which
 * goes on after the call and its wrap.
 */

import type { Due } from './agenda.js';
import { openChannel, startWrap } from './channels.js';
import { longestIdle, ms, type SimAgent, type Team } from './team.js';

/** Idle agents with no caller waiting pick up the oldest emails. */
export function pickUpEmails(team: Team, at: number): void {
  const emails = team.o.emails;
  if (!emails) return;
  while (team.emailBacklog > 0) {
    const agent = longestIdle(team, true);
    if (!agent) return;
    team.emailBacklog--;
    team.stats.emails++;
    const rng = team.rng.emails;
    const ids = { conversationId: rng.uuid(), interactionId: rng.uuid() };
    const party = { role: 'agent', agentId: agent.agentId, userId: agent.userId } as const;
    const channel = openChannel(team, ids, party, rng.uuid());
    channel.agent = agent;
    const handle = ms(emails.handle.sample(rng));
    agent.state = 'email';
    agent.email = { channel, endsAt: at + handle, remainingMs: handle, token: 0 };
    team.notify.channel('alerted', channel.info, at);
    team.notify.channel('connected', channel.info, at);
    team.agenda.plan(at + handle, { kind: 'emailDone', agent, emailToken: 0 });
  }
}

/** The agent whose email has the most work left, to interrupt for a call when nobody is idle. */
export function interruptible(team: Team): SimAgent | undefined {
  let best: SimAgent | undefined;
  for (const a of team.agents) {
    if (a.state === 'email' && a.email && (!best || a.email.endsAt > (best.email?.endsAt ?? 0)))
      best = a;
  }
  return best;
}

/** A call interrupts the agent's email: it waits, interrupted, until the call and wrap are over. */
export function interruptEmail(team: Team, agent: SimAgent, at: number): void {
  const email = agent.email;
  if (!email) return;
  email.remainingMs = Math.max(1, email.endsAt - at);
  email.token++;
  team.notify.channel('interrupted', email.channel.info, at);
}

/** Back to the email a call interrupted: resumed where it was left. */
export function resumeEmail(team: Team, agent: SimAgent, at: number): void {
  const email = agent.email;
  if (!email) return;
  agent.state = 'email';
  email.endsAt = at + email.remainingMs;
  email.token++;
  team.notify.channel('resumed', email.channel.info, at);
  team.agenda.plan(email.endsAt, { kind: 'emailDone', agent, emailToken: email.token });
}

/** The agent finishes an email: its channel leaves connected and enters wrap, as after a call. */
export function emailDone(team: Team, { at, agent, emailToken }: Due<'emailDone'>): void {
  const email = agent.email;
  if (!email || agent.state !== 'email' || emailToken !== email.token) return;
  agent.email = null;
  startWrap(team, email.channel, at);
}
