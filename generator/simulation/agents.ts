/**
 * The agent lifecycle: an agent is shown Ready and takes calls, wraps up after each, takes a
 * break or logs out when one is due and they are free, and finishes the queue for a while when
 * the shift ends with callers still waiting.
 */

import type { Presence } from '../notifications/notification.js';
import type { BreakPlanned, Due } from './agenda.js';
import { type ActivityKind, PLAN_SLOT_MS } from './day-plan.js';
import { resumeEmail } from './emails.js';
import { dispatch, intervalStart, underObjective } from './routing.js';
import type { SimAgent, Team } from './team.js';

/** How long past its shift's end an agent keeps answering callers who are still waiting. */
const OVERTIME_MS = 30 * 60_000;

/** Shows an agent's presence change (`available`: it makes the agent available), remembering whether it is Ready. */
export function show(
  team: Team,
  agent: SimAgent,
  presence: Presence,
  at: number,
  available = false,
): void {
  agent.readyShown = presence === team.presences.ready;
  team.notify.presence(agent, presence, at, available);
}

/** The agent takes calls again (shown Ready first if the last presence was another). */
export function goIdle(team: Team, agent: SimAgent, at: number): void {
  if (!agent.readyShown) show(team, agent, team.presences.ready, at, true);
  agent.state = 'idle';
  agent.idleSince = at;
  dispatch(team, at);
  // A caller first; then back to the email a call interrupted, if any.
  if (agent.state === 'idle' && agent.email) resumeEmail(team, agent, at);
}

/** The agent is free (after a wrap or a pause): what is due next, a logout, a break, or calls. */
export function becomeFree(team: Team, agent: SimAgent, at: number): void {
  if (agent.supervisor) {
    supervisorFree(team, agent, at);
    return;
  }
  if (agent.email) {
    // An email a call interrupted is finished before a break or the end of the shift.
    goIdle(team, agent, at);
    return;
  }
  if (agent.pendingLogout && at - agent.shiftEndsAt < OVERTIME_MS && team.queue.hasWaiting()) {
    // Callers still waiting when the shift is over: serve them first, for a while.
    goIdle(team, agent, at);
    return;
  }
  if (agent.pendingLogout) {
    logOut(team, agent, at);
    return;
  }
  if (agent.pendingBreak?.optional && team.queue.hasWaiting()) {
    // Offline work in time the plan thought spare: callers are waiting, so it is not done.
    agent.pendingBreak = null;
  }
  if (agent.pendingBreak && calledOff(team, agent.pendingBreak, at)) agent.pendingBreak = null;
  if (agent.pendingBreak && !putOff(team, agent.pendingBreak, at)) {
    const b = agent.pendingBreak;
    agent.pendingBreak = null;
    startBreak(team, agent, at, b.lengthMs, b.kind, b.optional);
    return;
  }
  goIdle(team, agent, at);
}

/**
 * A supervisor taking calls is free: takes the next caller waiting; with none, stays on the
 * phones while the interval runs under the objective (until its end: `supervisorCheck`), else
 * logs out, free to monitor again.
 */
export function supervisorFree(team: Team, agent: SimAgent, at: number): void {
  const under = underObjective(team, at);
  if (team.queue.hasWaiting() || under) {
    goIdle(team, agent, at);
    if (agent.state !== 'idle') return;
    if (under) {
      team.agenda.plan(intervalStart(team, at) + PLAN_SLOT_MS, { kind: 'supervisorCheck', agent });
      return;
    }
  }
  supervisorLeaves(team, agent, at);
}

/** The interval a supervisor stayed on for is over: logged out if idle (else once free). */
export function supervisorCheck(team: Team, { at, agent }: Due<'supervisorCheck'>): void {
  if (agent.state === 'idle') supervisorLeaves(team, agent, at);
}

/** A supervisor taking calls logs out, free to monitor again. */
export function supervisorLeaves(team: Team, agent: SimAgent, at: number): void {
  agent.state = 'off';
  show(team, agent, team.presences.loggedOut, at);
  team.onCalls.splice(team.onCalls.indexOf(agent), 1);
  for (const s of team.supervisors) if (s.agent === agent) s.busy = false;
}

/**
 * How long real-time management may put off an activity that falls due while callers wait past
 * the objective's threshold: a break or lunch by up to 15 minutes, an offline activity or
 * personal time by up to 30 (offline work longer while the interval runs under the objective:
 * `putOff`), a system issue not at all (the intraday practice of holding breaks and offline work
 * when the queue is in the red, then releasing it).
 */
const PUT_OFF_MS: Record<ActivityKind, number> = {
  break: 15 * 60_000,
  lunch: 15 * 60_000,
  meeting: 30 * 60_000,
  coaching: 30 * 60_000,
  training: 30 * 60_000,
  personal: 30 * 60_000,
  systemIssue: 0, // a tool that fails is not put off
};

/**
 * Whether an activity due is put off for now: a caller has waited past the threshold, and it may
 * still wait; offline work also waits while the interval runs under the objective (its agents
 * would be called back from it: `waitPassesThreshold`), for up to an hour (`calledOff`).
 */
function putOff(team: Team, due: { kind: ActivityKind; dueAt: number }, at: number): boolean {
  if (OFFLINE_WORK.has(due.kind) && underObjective(team, at)) return true;
  if (at - due.dueAt >= PUT_OFF_MS[due.kind]) return false;
  const first = team.queue.first();
  return first !== undefined && at - first.queuedAt >= team.o.serviceLevel.thresholdSeconds * 1000;
}

/** Offline work: what agents are called back from, and what waits while the interval is in the red. */
export const OFFLINE_WORK: ReadonlySet<ActivityKind> = new Set(['meeting', 'coaching', 'training']);

/** How long offline work may wait while the intervals run under the objective: then it is called off. */
const OFFLINE_HOLD_MS = 60 * 60_000;

/**
 * Whether offline work due while the interval runs under the objective is called off for the
 * day: on a day short of agents at once, until the time lost to absence is recovered
 * (`coversAbsence`); else once it has waited an hour.
 */
export function calledOff(team: Team, due: BreakPlanned & { dueAt: number }, at: number): boolean {
  if (!OFFLINE_WORK.has(due.kind) || !underObjective(team, at)) return false;
  return coversAbsence(team, due) || at - due.dueAt >= OFFLINE_HOLD_MS;
}

/**
 * Whether a session goes to cover the day's absence (`team.absenceCover`: the time on the phones
 * of the shifts lost beyond the roster's spare agents): not optional e-learning, nor an activity
 * of a kind marked `essential` (every rule of it is held then).
 */
function coversAbsence(team: Team, due: BreakPlanned): boolean {
  if (!(team.absenceCover > 0) || due.optional) return false;
  if (team.o.offline.some((rule) => rule.kind === due.kind && rule.essential === true))
    return false;
  team.absenceCover -= due.lengthMs;
  return true;
}

/** Time away the plan does not schedule (personal time, a system issue) or may skip (e-learning). */
export function minor(b: BreakPlanned): boolean {
  return b.kind === 'personal' || b.kind === 'systemIssue' || b.optional === true;
}

/**
 * Whether an activity due takes the place of the one waiting (if any): anything planned takes
 * the place of minor time away, and a break or lunch that of offline work (called off for the
 * day: a break cannot wait for it); no other planned activity displaces another.
 */
export function displaces(due: BreakPlanned, waiting: BreakPlanned | null): boolean {
  if (waiting === null) return true;
  if (minor(due)) return false;
  return minor(waiting) || (OFFLINE_WORK.has(waiting.kind) && !OFFLINE_WORK.has(due.kind));
}

/** The agent, free after the shift's end, logs out. */
function logOut(team: Team, agent: SimAgent, at: number): void {
  agent.pendingLogout = false;
  agent.pendingBreak = null;
  agent.state = 'off';
  show(team, agent, team.presences.loggedOut, at);
}

/**
 * The agent goes Away for a break, lunch or offline activity planned at `lengthMs`, and is back
 * when it is over, often a little later (`distributions.breakOverrun`).
 */
export function startBreak(
  team: Team,
  agent: SimAgent,
  at: number,
  lengthMs: number,
  kind: ActivityKind,
  optional = false,
): void {
  agent.state = 'break';
  agent.breakToken++;
  agent.away = { kind, optional, endsAt: at + lengthMs };
  show(team, agent, team.presences[kind], at);
  const overrun =
    kind === 'personal' || kind === 'systemIssue'
      ? 0
      : Math.round(team.o.samplers.breakOverrun.sample(team.rng.shifts) * 1000);
  team.agenda.plan(at + lengthMs + overrun, {
    kind: 'breakEnds',
    agent,
    breakToken: agent.breakToken,
  });
}

/** The wrap-up is over: the agent's channel ends and the agent is free. */
export function wrapEnds(team: Team, { at, channel, agent }: Due<'wrapEnds'>): void {
  team.notify.channel('ended', channel.info, at, team.o.reasons.ended);
  becomeFree(team, agent, at);
}

/** The Away pause after a missed offer is over. */
export function missedOfferPauseEnds(team: Team, { at, agent }: Due<'missedOfferPauseEnds'>): void {
  if (agent.state !== 'notReady') return;
  becomeFree(team, agent, at);
}
