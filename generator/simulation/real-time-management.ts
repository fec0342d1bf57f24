/**
 * Real-time management: what a center's intraday analysts do while the interval's service
 * falls under the objective. Breaks, offline work and personal time falling due are put off for
 * a while (`becomeFree` in `agents.ts`); and agents already in offline work (a meeting,
 * coaching, a training session) are called back to the phones, one for each caller who waits
 * past the threshold while the interval so far is under the objective. A planned session
 * interrupted so is resumed for the time it had left once the agent is free and the interval is
 * back over the objective (offline work waits while it is under, for up to an hour, then is
 * called off for the day; a break or lunch falling due first goes first, and the session is
 * called off); optional e-learning is dropped. Breaks and lunch are never cut short. With nobody
 * left in offline work, a supervisor not monitoring a call logs in and takes calls
 * (`supervisorsTakeCalls`), stays while the interval runs under the objective, and logs out once
 * free after it (`supervisorFree` in `agents.ts`).
 */

import type { Due } from './agenda.js';
import { displaces, goIdle, OFFLINE_WORK, show, supervisorLeaves } from './agents.js';
import { localDayNumber, localDayStart } from './center-calendar.js';
import type { ResolvedOptions } from './options.js';
import { intervalStart, lateOverObjective } from './routing.js';
import type { SimAgent, Team } from './team.js';
import { weekdayOf } from './weekly-roster.js';

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
  if (!lateOverObjective(team)) return;
  const agent = team.agents.find(inOfflineWork);
  if (!agent?.away) {
    supervisorJoins(team, at);
    return;
  }
  const { kind, optional, endsAt } = agent.away;
  agent.breakToken++; // its planned end no longer applies
  agent.away = null;
  // The rest of the session waits to be resumed, unless a break or lunch fell due meanwhile.
  const rest = { lengthMs: endsAt - at, kind };
  if (!optional && rest.lengthMs >= LEAST_RESUMED_MS && displaces(rest, agent.pendingBreak))
    agent.pendingBreak = { ...rest, dueAt: at };
  show(team, agent, team.presences.ready, at, true);
  goIdle(team, agent, at);
}

/**
 * A supervisor free of monitoring logs in and takes the callers waiting (planned staffing only:
 * `staffing: 'all'` is the plain queue of the Erlang tests).
 */
function supervisorJoins(team: Team, at: number): void {
  if (!team.o.supervisorsTakeCalls || team.o.staffing !== 'planned') return;
  const weekday = weekdayOf(localDayNumber(team.o, localDayStart(team.o, at)));
  const supervisor = team.supervisors.find((s) => !s.busy && s.onDuty[weekday]);
  if (!supervisor) return;
  supervisor.busy = true;
  const agent = supervisor.agent;
  team.onCalls.push(agent);
  goIdle(team, agent, at);
  if (agent.state === 'idle') supervisorLeaves(team, agent, at);
}

function inOfflineWork(agent: SimAgent): boolean {
  return agent.state === 'break' && agent.away !== null && OFFLINE_WORK.has(agent.away.kind);
}

/**
 * The weekdays (0 = Sunday) supervisor `group` of a queue is on duty: the `daysPerWeek` busiest
 * by the weekday levels, ties taken in turn from a day that moves with the supervisor, so that a
 * center open every day still has supervisors on duty each day and none works more days than an
 * agent.
 *
 * @example
 * dutyDays({ weekdayLevels: [0, 1, 0.87, 0.85, 0.84, 0.82, 0.4], daysPerWeek: 5 }, 0)
 * // Monday to Friday: [false, true, true, true, true, true, false]
 */
export function dutyDays(
  o: Pick<ResolvedOptions, 'weekdayLevels' | 'daysPerWeek'>,
  group: number,
): boolean[] {
  const turn = (d: number) => (((d - 1 - group) % 7) + 7) % 7;
  const level = (d: number) => o.weekdayLevels[d] ?? 0;
  const order = [0, 1, 2, 3, 4, 5, 6].sort((a, b) => level(b) - level(a) || turn(a) - turn(b));
  const on = new Array<boolean>(7).fill(false);
  for (const d of order.slice(0, o.daysPerWeek)) on[d] = true;
  return on;
}
