/**
 * The staffing plan, made the way workforce management plans a real center: from the demand
 * forecast (intraday curve x weekday level) and the mean handle time, the agents each interval
 * needs for the service objective by Erlang A; the day's shifts, breaks and offline activities
 * placed to cover it (`day-plan.ts`). Sizing by headcount finds the demand a queue's agents
 * serve at the objective over a week: each day's plan, grossed up for absence, fits in their
 * working days. Pure arithmetic: no random draws.
 */

import { type DayPlan, PLAN_SLOT_MS, planDay, SLOTS_PER_DAY, shiftsPlanned } from './day-plan.js';
import { erlangAServiceLevels, requiredAgents, type ServiceLevelOf } from './erlang.js';
import { curveAt, curveMax } from './intraday-curve.js';
import type { PlanInput } from './plan-input.js';

export {
  type ActivityKind,
  type AgentDay,
  type DayPlan,
  PLAN_SLOT_MS,
  type PlannedActivity,
  planDay,
} from './day-plan.js';
export { type PlanInput, type PlanSource, planInputFor } from './plan-input.js';

/**
 * No slot is planned under the objective's share or 80%, whichever is lower (the plan's
 * tolerance per interval): at 80/20 each slot meets the objective; at 70/30 each slot is planned
 * to 70%; at 90/30 slots may run at 80% where a busier one gains more from the agent.
 */
export function slotFloor(input: PlanInput): number {
  return Math.min(input.target, 0.8);
}

/** Agents the plan may call on when it sizes a day's need (more than any queue has). */
const UNLIMITED = 100_000;

/** Arrivals per ms at the curve's peak on a day of level 1: the queue's sized demand. */
export type PeakRate = number;

function openSlots(input: PlanInput): [number, number] {
  return [Math.floor(input.openMs / PLAN_SLOT_MS), Math.ceil(input.closeMs / PLAN_SLOT_MS)];
}

/** Forecast arrivals per ms in each slot (0 while closed). */
export function forecastRates(input: PlanInput, peakRate: PeakRate, level: number): number[] {
  const peak = curveMax(input.curve);
  const [first, last] = openSlots(input);
  const rates = new Array<number>(SLOTS_PER_DAY).fill(0);
  for (let i = first; i < last && i < SLOTS_PER_DAY; i++) {
    const mid = i * PLAN_SLOT_MS + PLAN_SLOT_MS / 2;
    rates[i] = (level * peakRate * curveAt(input.curve, mid)) / peak;
  }
  return rates;
}

/**
 * The rates a slot is staffed for: the higher of its forecast and the forecast one mean handle
 * time earlier, whose calls are still in service (the lagged stationary approximation of a
 * falling load: Green, Kolesar & Soares, "Improving the SIPP approach for staffing service
 * systems that have cyclic demands", Operations Research 2001). It matters at the close, where
 * the calls fall and so does the staff, quarter hour by quarter hour.
 */
export function staffedRates(input: PlanInput, peakRate: PeakRate, level: number): number[] {
  const now = forecastRates(input, peakRate, level);
  const peak = curveMax(input.curve);
  const lagMs = input.handleSeconds * 1000;
  return now.map((perMs, i) => {
    if (perMs <= 0) return 0;
    const mid = i * PLAN_SLOT_MS + PLAN_SLOT_MS / 2;
    const earlier = Math.max(mid - lagMs, input.openMs);
    return Math.max(perMs, (level * peakRate * curveAt(input.curve, earlier)) / peak);
  });
}

/**
 * Agents each slot needs on the phones, by Erlang A, to meet the objective over the day, not
 * past it: every slot starts at the fewest agents that keep it at {@link slotFloor}, then agents
 * are added one at a time where they answer the most calls within the threshold, until the
 * day's service level (weighted by each slot's calls) reaches the target.
 */
export function requirement(input: PlanInput, rates: readonly number[]): number[] {
  const levels = serviceLevelsFor(input);
  const sl = (agents: number, perMs: number) => slotServiceLevel(input, agents, perMs, levels);
  // The fewest agents for `target`, searched from Erlang C's (which ignores abandonment).
  const slot = (perMs: number, target: number) => {
    let n = requiredAgents({
      arrivalRate: perMs * 1000,
      handleTime: input.handleSeconds,
      threshold: input.thresholdSeconds,
      target,
    });
    if (sl(n, perMs) >= target) {
      while (n > 1 && sl(n - 1, perMs) >= target) n--;
    } else {
      while (n < UNLIMITED && sl(n, perMs) < target) n++;
    }
    return n;
  };
  const need = rates.map((perMs) => (perMs > 0 ? slot(perMs, slotFloor(input)) : 0));
  const level = need.map((n, i) => (n > 0 ? sl(n, rates[i] as number) : 0));
  const gain = need.map((n, i) =>
    n > 0 ? sl(n + 1, rates[i] as number) - (level[i] as number) : 0,
  );
  const calls = rates.reduce((a, b) => a + b, 0);
  let answered = rates.reduce((a, perMs, i) => a + perMs * (level[i] as number), 0);
  while (calls > 0 && answered / calls < input.target) {
    let best = -1;
    let bestGain = 0;
    rates.forEach((perMs, i) => {
      const g = perMs * (gain[i] as number);
      if (g > bestGain) {
        bestGain = g;
        best = i;
      }
    });
    if (best < 0) break;
    const perMs = rates[best] as number;
    need[best] = (need[best] as number) + 1;
    answered += bestGain;
    level[best] = (level[best] as number) + (gain[best] as number);
    gain[best] = sl((need[best] as number) + 1, perMs) - (level[best] as number);
  }
  return need;
}

/**
 * The service level `agents` planned on the phones give a slot of `perMs` arrivals: Erlang A
 * (callers abandon after the mean patience) on the agents left after unplanned time away
 * (between two whole numbers of agents, interpolated).
 */
export function slotServiceLevel(
  input: PlanInput,
  agents: number,
  perMs: number,
  levels = serviceLevelsFor(input),
): number {
  const rate = perMs * 1000;
  const on = agents * (1 - input.unplannedAway);
  const low = Math.floor(on);
  const share = on - low;
  const base = levels(low, rate);
  return share > 0 ? base + share * (levels(low + 1, rate) - base) : base;
}

/** Erlang A's service level for the queue's handle time, patience and threshold (seconds). */
function serviceLevelsFor(input: PlanInput): ServiceLevelOf {
  return erlangAServiceLevels({
    handleTime: input.handleSeconds,
    patience: input.patienceSeconds,
    threshold: input.thresholdSeconds,
  });
}

/**
 * The service level a plan is predicted to give over the day (Erlang A per slot, weighted by
 * the slot's calls); 0 when any slot is planned under `floor`.
 */
export function predictedServiceLevel(
  input: PlanInput,
  plan: DayPlan,
  rates: readonly number[],
  floor = slotFloor(input),
  staffedOnly = false,
): number {
  let calls = 0;
  let answered = 0;
  let worst = 1;
  const levels = serviceLevelsFor(input);
  rates.forEach((perMs, i) => {
    if (perMs <= 0 || (staffedOnly && !((plan.planned[i] as number) > 0))) return;
    const level = slotServiceLevel(input, plan.planned[i] as number, perMs, levels);
    calls += perMs;
    answered += perMs * level;
    worst = Math.min(worst, level);
  });
  if (worst < floor) return 0;
  return calls > 0 ? answered / calls : 1;
}

/**
 * Agents to roster on each weekday (Sunday first) for a peak rate: each day's plan at its
 * forecast level with as many agents as it wants, grossed up for the absence expected.
 */
export function weekNeed(
  input: PlanInput,
  peakRate: PeakRate,
  // The plans take as many agents as they want: the queue's own headcount is not in the key.
  key = planInputKey({ ...input, agents: 0 }),
): number[] {
  return input.weekdayLevels.map((level, weekday) => dayNeed(input, peakRate, level, weekday, key));
}

/**
 * Agents to roster for a day at `level`: the shifts its plan uses with as many agents as it
 * wants, grossed up for absence. Memoised as a number: sizing asks for it at every rate it tries,
 * and keeping those plans whole cost more memory (and collection) than they saved.
 */
function dayNeed(
  input: PlanInput,
  peakRate: PeakRate,
  level: number,
  weekday: number,
  key: string,
): number {
  if (level <= 0) return 0;
  return remember(neededMemo, `${key}|${peakRate}|${level}|${weekday}`, () => {
    const rates = staffedRates(input, peakRate, level);
    const shifts = shiftsPlanned(
      { ...input, agents: UNLIMITED },
      requirement(input, rates),
      weekday,
    );
    return Math.ceil(shifts / (1 - input.absence));
  });
}

/**
 * The demand `input.agents` agents serve at the objective: the highest peak rate whose week
 * they can roster (the week fits in `daysPerWeek` days each, and no day needs more than all of
 * them even `busyDayMargin` busier than forecast), every day's plan meeting the objective with
 * no slot under the floor. Bisection.
 */
export function sizeDemand(input: PlanInput): PeakRate {
  if (input.agents <= 0 || !input.weekdayLevels.some((l) => l > 0)) return 0;
  const key = planInputKey({ ...input, agents: 0 });
  const busiest = Math.max(...input.weekdayLevels);
  const weekday = input.weekdayLevels.indexOf(busiest);
  const weekFits = (rate: number) => {
    // The busiest day, as busy as the margin allows (the other days need fewer still): one
    // plan, so asked first.
    const margin = busiest * (1 + input.busyDayMargin);
    if (dayNeed(input, rate, margin, weekday, key) > input.agents) return false;
    // The week's agent-days, day by day until they run out.
    let total = 0;
    for (const [day, level] of input.weekdayLevels.entries()) {
      total += dayNeed(input, rate, level, day, key);
      if (total > input.agents * input.daysPerWeek) return false;
    }
    return true;
  };
  // Upper bound: every agent on the phones at full occupancy at the peak.
  const hi = (input.agents / (input.handleSeconds * 1000)) * 1.05;
  const week = weekFits(hi * 1e-3) ? bisect(weekFits, hi) : 0;
  // The demand all the agents serve on the busiest day, all of them on (over the day: a queue
  // this small may leave an hour uncovered).
  const dayFits = (rate: number, staffedOnly = false) => {
    const rates = forecastRates(input, rate, busiest);
    const plan = planDay(input, requirement(input, staffedRates(input, rate, busiest)), weekday);
    return predictedServiceLevel(input, plan, rates, 0, staffedOnly) >= input.target;
  };
  // Agents too few to staff every open hour even on one day (one agent, an 8-hour shift, 10
  // open hours) meet the objective at no demand over the day: they are sized over the hours
  // they staff, and the calls of the others go unanswered, as in such a center.
  const day = bisect(dayFits, hi) || bisect((rate) => dayFits(rate, true), hi);
  if (week >= day / 2) return week;
  // Too few agents to cover the week's open hours (a small queue needs a few agents at every
  // hour whatever its calls): the busiest day's demand, scaled to the agent-days they have.
  const need = weekNeed(input, day, key).reduce((a, b) => a + b, 0);
  return Math.max(week, day * Math.min(1, (input.agents * input.daysPerWeek) / need));
}

/** The highest rate in [0, hi] that `fits` (which holds below some rate and fails above it). */
function bisect(fits: (rate: number) => boolean, hi: number): number {
  if (fits(hi)) return hi;
  let lo = 0;
  let top = hi;
  for (let i = 0; i < 14; i++) {
    const mid = (lo + top) / 2;
    if (fits(mid)) lo = mid;
    else top = mid;
  }
  return lo;
}

/**
 * Sizes, day plans and the shifts a day needs are pure functions of their inputs, and queues of
 * one size share them: all three are memoised (bounded), so a center of many equal queues, or a
 * k6 VU that simulates queue after queue, sizes and plans once.
 */
const MEMO_LIMIT = 4096;
const sizedMemo = new Map<string, PeakRate>();
const planMemo = new Map<string, DayPlan>();
const neededMemo = new Map<string, number>();

function remember<T>(memo: Map<string, T>, key: string, make: () => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}

/** What the memos hold: sizes, day plans and the shifts a day needs, by key. */
export interface PlanMemos {
  sized: Array<[string, PeakRate]>;
  plans: Array<[string, DayPlan]>;
  needed: Array<[string, number]>;
}

/** The sizes, day plans and shift counts memoised so far (a k6 instance makes them for its VUs). */
export function memoisedPlans(): PlanMemos {
  return { sized: [...sizedMemo], plans: [...planMemo], needed: [...neededMemo] };
}

/** Takes what {@link memoisedPlans} gave elsewhere (pure functions of their keys). */
export function rememberPlans(memos: PlanMemos): void {
  for (const [key, rate] of memos.sized) remember(sizedMemo, key, () => rate);
  for (const [key, plan] of memos.plans) remember(planMemo, key, () => plan);
  for (const [key, used] of memos.needed) remember(neededMemo, key, () => used);
}

/** The key of a plan input, for {@link sizeDemandOnce} and {@link planDayOnce}. */
export function planInputKey(input: PlanInput): string {
  return JSON.stringify(input);
}

/** {@link sizeDemand}, memoised by input. */
export function sizeDemandOnce(input: PlanInput, key = planInputKey(input)): PeakRate {
  return remember(sizedMemo, key, () => sizeDemand(input));
}

/** The day's plan for a peak rate, a level and a weekday ({@link planDay} of the requirement), memoised. */
export function planDayOnce(
  input: PlanInput,
  peakRate: PeakRate,
  level: number,
  weekday: number,
  key = planInputKey(input),
): DayPlan {
  return remember(planMemo, `${key}|${peakRate}|${level}|${weekday}`, () =>
    planDay(input, requirement(input, staffedRates(input, peakRate, level)), weekday),
  );
}
