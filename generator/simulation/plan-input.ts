/**
 * What a queue's staffing plan is made from: the forecast's shape, the handle time, patience and
 * time away, the objective and the rules for shifts, read from the resolved options.
 */

import { PLAN_SLOT_MS, type ShiftRules } from './day-plan.js';
import type { ResolvedOptions, Workday } from './option-types.js';

/** What a queue's plan is made from. Times of day are ms after local midnight. */
export interface PlanInput extends ShiftRules {
  curve: readonly number[];
  /** Mean handle time of an offered call, seconds. */
  handleSeconds: number;
  /** Mean patience of a waiting caller, seconds (Erlang A's abandonment). */
  patienceSeconds: number;
  /** Share of staffed time agents are away unplanned (personal time): the plan allows for it. */
  unplannedAway: number;
  /** Service objective: `target` of calls answered within `thresholdSeconds`. */
  target: number;
  thresholdSeconds: number;
  /** Share of rostered shifts lost to unplanned absence (sick days, no-shows). */
  absence: number;
  /** Forecast level of each weekday, Sunday first: what the week's roster is made for. */
  weekdayLevels: readonly number[];
  /**
   * How much busier than its forecast a day may turn out (the re-forecast's headroom): the
   * busiest day's roster must be able to staff that too.
   */
  busyDayMargin: number;
}

/**
 * The share of a shift on the phones, where unplanned time away falls (the plan's allowance):
 * 8 hours less an hour of breaks and lunch, about 10% in offline work and 5% unplanned away.
 */
export const ON_PHONES = 0.72;

/** What a plan reads from the options: the workday, the demand and the objective. */
export type PlanSource = Workday &
  Pick<
    ResolvedOptions,
    'curve' | 'weekdayLevels' | 'meanHandleSeconds' | 'serviceLevel' | 'dailyLevelSd' | 'samplers'
  >;

/**
 * A queue's plan input for `agents` agents. Shifts are full (`shiftMs`), part-time
 * (`partTimeMs`) or halfway between, on the quarter hour.
 */
export function planInputFor(o: PlanSource, agents: number): PlanInput {
  const full = o.shiftMs;
  const part = o.partTimeMs;
  const lengths =
    part > 0 && part < full
      ? [full, Math.round((full + part) / 2 / PLAN_SLOT_MS) * PLAN_SLOT_MS, part]
      : [full];
  return {
    agents,
    openMs: o.openMs,
    closeMs: o.closeMs,
    shiftLengthsMs: [...new Set(lengths)],
    breaks: o.breaks,
    offline: o.offline,
    daysPerWeek: o.daysPerWeek,
    curve: o.curve,
    handleSeconds: o.meanHandleSeconds,
    patienceSeconds: o.samplers.patience.mean,
    // Personal time and system issues come at their rates over the whole shift, but only while
    // the agent is on the phones (those falling due while away are dropped). With the defaults,
    // 5.0% of staffed time.
    unplannedAway: Math.min(
      0.5,
      (ON_PHONES *
        (o.personalTimePerHour * o.samplers.personalTime.mean +
          o.systemIssuesPerHour * o.samplers.systemIssue.mean)) /
        3600,
    ),
    target: o.serviceLevel.target,
    thresholdSeconds: o.serviceLevel.thresholdSeconds,
    absence: o.absence,
    weekdayLevels: o.weekdayLevels,
    busyDayMargin: 2 * o.dailyLevelSd,
  };
}
