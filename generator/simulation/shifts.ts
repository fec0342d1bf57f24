/**
 * The staffing plan and shifts: each local day, the team's shifts and breaks are planned for
 * the day's forecast (agents not needed have the day off) or, with `staffing: 'all'`, every
 * agent works every open hour. Then each agent's shift starts, breaks come and go, and the
 * shift ends.
 */

import type { BreakPlanned, Due } from './agenda.js';
import { becomeFree, calledOff, displaces, goIdle, minor, show, startBreak } from './agents.js';
import { dayNoise, localDayNumber, nextDayStart, weekdayLevel } from './center-calendar.js';
import type { ResolvedOptions } from './options.js';
import { ON_PHONES } from './plan-input.js';
import { dispatch } from './routing.js';
import {
  type DayPlan,
  PLAN_SLOT_MS,
  planDayOnce,
  planInputFor,
  planInputKey,
  sizeDemandOnce,
  weekNeed,
} from './staffing-plan.js';
import type { SimAgent, Team, TeamDemand } from './team.js';
import { weekdayOf, weekOf, weekRoster } from './weekly-roster.js';

/** The team's demand and what its plan is made from, for `agents` agents. */
export function teamDemand(o: ResolvedOptions, agents: number): TeamDemand {
  const planInput = planInputFor(o, agents);
  const planKey = planInputKey(planInput);
  const perMsAtPeak =
    o.arrivalsPerAgentHour !== undefined
      ? (o.arrivalsPerAgentHour * agents) / 3_600_000
      : sizeDemandOnce(planInput, planKey);
  return { planInput, planKey, perMsAtPeak };
}

/** A local day begins: the next day is put on the agenda, this one's shifts are planned. */
export function dayBegins(team: Team, { at, dayStart }: Due<'dayBegins'>): void {
  // The next day's planning goes before this day's shift ends on the agenda, so a shift that
  // carries on at midnight is known before the one ending then logs the agent out.
  const next = nextDayStart(team.o, dayStart);
  if (next < team.o.endMs) team.agenda.plan(next, { kind: 'dayBegins', dayStart: next });
  if (team.o.staffing === 'planned') planDay(team, dayStart, at);
  else staffAll(team, dayStart, at);
  dispatch(team, at);
}

/**
 * Which of the team's agents are rostered on the local day `localDay` (days since the epoch):
 * the week's roster, made once a week for its forecast.
 */
function rostered(team: Team, localDay: number): SimAgent[] {
  const week = weekOf(localDay);
  if (team.roster?.week !== week) {
    const { planInput, perMsAtPeak } = team.demand;
    const need = weekNeed(planInput, perMsAtPeak);
    const works = weekRoster(need, team.agents.length, team.o.daysPerWeek, week * 7);
    team.roster = { week, works };
  }
  const weekday = weekdayOf(localDay);
  const works = team.roster.works;
  return team.agents.filter((_, i) => works[i]?.[weekday] === true);
}

/**
 * Schedules a day's shifts and activities as planned for the day's forecast, among the agents
 * rostered that day. An agent absent today (sick, or not showing) never logs in: the agents
 * rostered without a shift take the shifts of those absent, and when too few came in for the
 * day's shifts, intraday management plans the day again for those who did (the shifts placed
 * where they matter most, offline activities dropped where nobody is spare). Start times keep a
 * few minutes of human imprecision; nobody leaves before the planned end.
 */
function planDay(team: Team, dayStart: number, now: number): void {
  const o = team.o;
  const localDay = localDayNumber(o, dayStart);
  // Intraday management sees part of the day's deviation coming (a re-forecast in the
  // morning: overtime offered on a busy day, time off on a quiet one).
  const level = weekdayLevel(o, dayStart) * dayNoise(o, dayStart) ** o.intradayReaction;
  const weekday = weekdayOf(localDay);
  const working = rostered(team, localDay);
  let plan = dayPlan(team, working.length, level, weekday);
  if (team.onRequired) tellRequired(team, dayStart, plan.required);
  const absent = working.map(() => team.rng.absence.next() < o.absence);
  working.forEach((_, k) => {
    const day = plan.agents[k];
    if (!absent[k] || !day || day.off) return;
    // Counted for the part of the shift inside the run's window, as the time logged in is.
    const startMs = Math.max(dayStart + day.startMs, o.startMs);
    const endMs = Math.min(dayStart + day.startMs + day.lengthMs, o.endMs);
    if (endMs <= startMs) return;
    team.stats.absences++;
    team.stats.absentMs += endMs - startMs;
    team.onAbsent?.({ startMs, endMs });
  });
  const present = working.filter((_, k) => !absent[k]);
  team.absenceCover = 0;
  if (present.length < plan.agents.length) {
    // Fewer came in than the day's shifts: planned again for them, and the time the shifts lost
    // would have spent on the phones recovered from offline work (real-time management calls
    // sessions off while the interval runs under the objective: `calledOff`).
    const short = dayPlan(team, present.length, level, weekday);
    team.absenceCover = ON_PHONES * (shiftTime(plan) - shiftTime(short));
    plan = short;
  }
  const rng = team.rng.shifts;
  present.forEach((agent, k) => {
    const day = plan.agents[k];
    if (!day || day.off) return;
    // A few minutes either way; agents opening the center log in up to 5 minutes early.
    const early = day.startMs <= o.openMs;
    const startJitter = Math.round((early ? -rng.next() * 5 : (rng.next() - 0.5) * 6) * 60_000);
    const endJitter = Math.round(rng.next() * 3 * 60_000);
    const planned = dayStart + day.startMs + startJitter;
    const end = planned + day.lengthMs - Math.min(0, startJitter) + endJitter;
    const start = planned + lateBy(team, agent, planned, end);
    const activities = day.activities.map((a) => ({
      at: dayStart + a.startMs + Math.round((rng.next() - 0.5) * 4 * 60_000),
      plan: a.optional
        ? { lengthMs: a.lengthMs, kind: a.kind, optional: true }
        : { lengthMs: a.lengthMs, kind: a.kind },
    }));
    if (end <= o.startMs || start >= o.endMs) return;
    activities.push(
      ...awayUnplanned(team, start, end, o.personalTimePerHour, 'personal'),
      ...awayUnplanned(team, start, end, o.systemIssuesPerHour, 'systemIssue'),
    );
    planShift(team, agent, { start, end, activities }, now);
  });
}

/** The scheduled time of a day's shifts, ms. */
function shiftTime(plan: DayPlan): number {
  return plan.agents.reduce((ms, day) => ms + (day.off ? 0 : day.lengthMs), 0);
}

/** Tells the run the agents the day's plan requires, slot by slot within the window. */
function tellRequired(team: Team, dayStart: number, required: readonly number[]): void {
  const o = team.o;
  required.forEach((agents, i) => {
    const startMs = dayStart + i * PLAN_SLOT_MS;
    const endMs = startMs + PLAN_SLOT_MS;
    if (agents > 0 && endMs > o.startMs && startMs < o.endMs)
      team.onRequired?.({ startMs, endMs, agents });
  });
}

/**
 * How late an agent logs in (0 for most shifts: `lateStart` of them start late, by
 * `distributions.lateStart`; none for an agent still on from the shift before, a 24-hour
 * center's): the time lost is counted with the absences, as scheduled time not available, and
 * the agent still leaves at the shift's end. An activity planned before the late log-in is not
 * held.
 */
function lateBy(team: Team, agent: SimAgent, start: number, end: number): number {
  const o = team.o;
  if (agent.state !== 'off' && agent.shiftEndsAt >= start) return 0;
  if (!(o.lateStart > 0) || team.rng.absence.next() >= o.lateStart) return 0;
  const lateMs = Math.min(
    Math.round(o.samplers.lateStart.sample(team.rng.absence) * 1000),
    Math.floor((end - start) / 2),
  );
  const from = Math.max(start, o.startMs);
  const to = Math.min(start + lateMs, o.endMs);
  if (to > from) {
    team.stats.lateStarts++;
    team.stats.absentMs += to - from;
    team.onAbsent?.({ startMs: from, endMs: to });
  }
  return lateMs;
}

/**
 * When an agent goes Away unplanned during a shift (a Poisson process of `perHour`), and for how
 * long: personal time, or a system issue.
 */
function awayUnplanned(
  team: Team,
  start: number,
  end: number,
  perHour: number,
  kind: 'personal' | 'systemIssue',
): Array<{ at: number; plan: BreakPlanned }> {
  const out: Array<{ at: number; plan: BreakPlanned }> = [];
  if (!(perHour > 0)) return out;
  const rng = team.rng.shifts;
  const sampler = team.o.samplers[kind === 'personal' ? 'personalTime' : 'systemIssue'];
  for (let t = start + rng.exponential(3_600_000 / perHour); t < end; ) {
    const lengthMs = Math.round(sampler.sample(rng) * 1000);
    out.push({ at: Math.round(t), plan: { lengthMs, kind } });
    t += lengthMs + rng.exponential(3_600_000 / perHour);
  }
  return out;
}

/** Every agent for every open hour, with the breaks at their nominal times (`staffing: 'all'`). */
function staffAll(team: Team, dayStart: number, now: number): void {
  const o = team.o;
  const start = dayStart + o.openMs;
  const end = dayStart + o.closeMs;
  if (end <= o.startMs || start >= o.endMs) return;
  for (const agent of team.agents) {
    const activities = o.breaks.map((b) => ({ at: start + b.afterMs, plan: b }));
    planShift(team, agent, { start, end, activities }, now);
  }
}

/** A day's staffing plan for the team's rostered agents at a forecast level (cached). */
function dayPlan(team: Team, agents: number, level: number, weekday: number): DayPlan {
  const { planInput, perMsAtPeak, planKey } = team.demand;
  return planDayOnce({ ...planInput, agents }, perMsAtPeak, level, weekday, `${planKey}|${agents}`);
}

/** Puts one agent's shift and its breaks on the agenda (or in force, when already under way). */
function planShift(
  team: Team,
  agent: SimAgent,
  shift: { start: number; end: number; activities: Array<{ at: number; plan: BreakPlanned }> },
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
  for (const { at, plan } of shift.activities) {
    if (at >= o.startMs && at < o.endMs && at + plan.lengthMs < shift.end) {
      team.agenda.plan(at, { kind: 'breakStarts', agent, shift: token, plan });
    } else if (at < o.startMs && at + plan.lengthMs > o.startMs && agent.state === 'idle') {
      // Away when the window opens: no presence change to report until it ends.
      agent.state = 'break';
      agent.breakToken++;
      team.agenda.plan(at + plan.lengthMs, {
        kind: 'breakEnds',
        agent,
        breakToken: agent.breakToken,
      });
    }
  }
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

/**
 * A planned break is due: taken now if the agent is idle, else as soon as they are free (after
 * the call in hand, or back from a break that was put off into its time). One activity waits at
 * a time (`displaces`): a planned one is never displaced by personal time or optional e-learning
 * falling due meanwhile (those are dropped, as they are while the agent is away); a break or
 * lunch displaces offline work waiting, no other planned activity another.
 */
export function breakStarts(team: Team, { at, agent, shift, plan }: Due<'breakStarts'>): void {
  if (shift !== agent.shiftToken || calledOff(team, { ...plan, dueAt: at }, at)) return;
  if (agent.state === 'idle') startBreak(team, agent, at, plan.lengthMs, plan.kind, plan.optional);
  else if (agent.state === 'break' && minor(plan)) return;
  else if (agent.state !== 'off' && displaces(plan, agent.pendingBreak))
    agent.pendingBreak = { ...plan, dueAt: at };
}

/** An agent's break ends: shown Ready and taking calls again. */
export function breakEnds(team: Team, { at, agent, breakToken }: Due<'breakEnds'>): void {
  if (agent.state !== 'break' || breakToken !== agent.breakToken) return;
  if (agent.pendingBreak && minor(agent.pendingBreak)) agent.pendingBreak = null;
  if (agent.pendingBreak) {
    // An activity fell due while the agent was away (a break put off into its time): next.
    agent.readyShown = false;
    becomeFree(team, agent, at);
    return;
  }
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
