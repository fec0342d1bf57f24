/**
 * The staffing plan and shifts: each local day, the team's shifts and breaks are planned for
 * the day's forecast (agents not needed have the day off) or, with `staffing: 'all'`, every
 * agent works every open hour. Then each agent's shift starts, breaks come and go, and the
 * shift ends.
 */

import type { Due } from './agenda.js';
import { goIdle, show, startBreak } from './agents.js';
import { dayNoise, nextDayStart, weekdayLevel } from './center-calendar.js';
import type { ResolvedOptions } from './options.js';
import { dispatch } from './routing.js';
import {
  type AgentDay,
  type DayPlan,
  planDayOnce,
  planInputKey,
  sizeDemandOnce,
} from './staffing-plan.js';
import type { SimAgent, Team, TeamDemand } from './team.js';

/** The team's demand and what its plan is made from, for `agents` agents. */
export function teamDemand(o: ResolvedOptions, agents: number): TeamDemand {
  const planInput = {
    agents,
    openMs: o.openMs,
    closeMs: o.closeMs,
    shiftMs: o.shiftMs,
    partTimeMs: o.partTimeMs,
    breaks: o.breaks,
    curve: o.curve,
    handleSeconds: o.meanHandleSeconds,
    target: o.serviceLevel.target,
    thresholdSeconds: o.serviceLevel.thresholdSeconds,
  };
  const planKey = planInputKey(planInput);
  const perMsAtPeak =
    o.arrivalsPerAgentHour !== undefined
      ? (o.arrivalsPerAgentHour * agents) / 3_600_000
      : sizeDemandOnce(planInput, Math.max(...o.weekdayLevels), planKey);
  return { planInput, planKey, perMsAtPeak };
}

/** A local day begins: the next day is put on the agenda, this one's shifts are planned. */
export function dayBegins(team: Team, { at, dayStart }: Due<'dayBegins'>): void {
  // The next day's planning goes before this day's shift ends on the agenda, so a shift that
  // carries on at midnight is known before the one ending then logs the agent out.
  const next = nextDayStart(team.o, dayStart);
  if (next < team.o.endMs) team.agenda.plan(next, { kind: 'dayBegins', dayStart: next });
  planDay(team, dayStart, at);
  dispatch(team, at);
}

/** A day's staffing plan for the team at a forecast level (cached: levels repeat weekly). */
function dayPlan(team: Team, level: number): DayPlan {
  const { planInput, perMsAtPeak, planKey } = team.demand;
  return planDayOnce(planInput, perMsAtPeak, level, planKey);
}

/**
 * Schedules a day's shifts and breaks: as planned for the day's forecast, or every agent for
 * every open hour. Start and break times keep a few minutes of human imprecision.
 */
function planDay(team: Team, dayStart: number, now: number): void {
  const o = team.o;
  // Intraday management sees part of the day's deviation coming (a re-forecast in the
  // morning: overtime offered on a busy day, time off on a quiet one).
  const level = weekdayLevel(o, dayStart) * dayNoise(o, dayStart) ** o.intradayReaction;
  const plan = o.staffing === 'planned' ? dayPlan(team, level) : undefined;
  team.agents.forEach((agent, i) => {
    const startJitter = Math.round((team.rng.shifts.next() - 0.5) * 6 * 60_000);
    const breakJitter = o.breaks.map(() => Math.round((team.rng.shifts.next() - 0.5) * 4 * 60_000));
    const day = plan?.agents[i];
    if (day?.off) return;
    const shiftStart = plan ? dayStart + (day?.startMs ?? 0) + startJitter : dayStart + o.openMs;
    const shiftEnd = plan ? shiftStart + (day?.lengthMs ?? o.shiftMs) : dayStart + o.closeMs;
    const breakStarts = plan
      ? breakTimes(day, dayStart, breakJitter)
      : o.breaks.map((b) => shiftStart + b.afterMs);
    if (shiftEnd <= o.startMs || shiftStart >= o.endMs) return;
    planShift(team, agent, { start: shiftStart, end: shiftEnd, breakStarts }, now);
  });
}

/** When a planned agent's breaks start (null: a break the shift does not have). */
function breakTimes(
  day: AgentDay | undefined,
  dayStart: number,
  jitter: number[],
): Array<number | null> {
  return (day?.breakStartsMs ?? []).map((b, k) =>
    b === null ? null : dayStart + b + (jitter[k] as number),
  );
}

/** Puts one agent's shift and its breaks on the agenda (or in force, when already under way). */
function planShift(
  team: Team,
  agent: SimAgent,
  shift: { start: number; end: number; breakStarts: Array<number | null> },
  now: number,
): void {
  const o = team.o;
  const token = ++team.shiftSeq;
  if (shift.start <= now && agent.state !== 'off') {
    // Still on from the shift before (a 24-hour center): this shift carries on from it.
    agent.shiftToken = token;
    agent.shiftEndsAt = shift.end;
    agent.pendingLogout = false;
  } else if (shift.start >= o.startMs) {
    // A shift that starts minutes before the day it belongs to is planned starts now.
    const at = Math.max(shift.start, now);
    team.agenda.plan(at, { kind: 'shiftStarts', agent, shift: token, endsAt: shift.end });
  } else {
    agent.state = 'idle';
    agent.idleSince = shift.start;
    agent.shiftToken = token;
    agent.shiftEndsAt = shift.end;
    agent.readyShown = true;
  }
  shift.breakStarts.forEach((at, k) => {
    const b = o.breaks[k];
    if (!b || at === null) return;
    if (at >= o.startMs && at < o.endMs && at + b.lengthMs < shift.end) {
      team.agenda.plan(at, { kind: 'breakStarts', agent, shift: token, plan: b });
    } else if (at < o.startMs && at + b.lengthMs > o.startMs && agent.state === 'idle') {
      // On this break when the window opens: no presence change to report until it ends.
      agent.state = 'break';
      agent.breakToken++;
      team.agenda.plan(at + b.lengthMs, {
        kind: 'breakEnds',
        agent,
        breakToken: agent.breakToken,
      });
    }
  });
  if (shift.end < o.endMs) team.agenda.plan(shift.end, { kind: 'shiftEnds', agent, shift: token });
}

/** An agent's shift starts: shown Ready and taking calls (or carrying on from the shift before). */
export function shiftStarts(team: Team, { at, agent, shift, endsAt }: Due<'shiftStarts'>): void {
  agent.shiftToken = shift;
  agent.shiftEndsAt = endsAt;
  agent.pendingLogout = false;
  if (agent.state !== 'off') return; // still on from the shift before: carries on
  agent.breakToken++;
  show(team, agent, team.presences.ready, at, true);
  goIdle(team, agent, at);
}

/** A planned break is due: taken now if the agent is idle, else as soon as they are free. */
export function breakStarts(team: Team, { at, agent, shift, plan }: Due<'breakStarts'>): void {
  if (shift !== agent.shiftToken) return;
  if (agent.state === 'idle') startBreak(team, agent, at, plan.lengthMs, plan.kind);
  else if (agent.state !== 'off' && agent.state !== 'break')
    agent.pendingBreak = { lengthMs: plan.lengthMs, kind: plan.kind };
}

/** An agent's break ends: shown Ready and taking calls again. */
export function breakEnds(team: Team, { at, agent, breakToken }: Due<'breakEnds'>): void {
  if (agent.state !== 'break' || breakToken !== agent.breakToken) return;
  show(team, agent, team.presences.ready, at, true);
  goIdle(team, agent, at);
}

/** An agent's shift ends: logged out now if free (idle or on a break), else once free. */
export function shiftEnds(team: Team, { at, agent, shift }: Due<'shiftEnds'>): void {
  if (shift !== agent.shiftToken) return;
  if (agent.state === 'idle' || agent.state === 'break') {
    agent.state = 'off';
    agent.breakToken++;
    agent.pendingBreak = null;
    show(team, agent, team.presences.loggedOut, at);
  } else if (agent.state !== 'off') {
    agent.pendingLogout = true;
  }
}
