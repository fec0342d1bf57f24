/**
 * The staffing plan, made the way workforce management plans a real center: from the demand
 * forecast (intraday curve x weekday level) and the mean handle time, the agents each interval
 * needs for the service objective by Erlang C; shifts placed to cover that requirement; breaks
 * placed where the plan has the most room. Sizing by headcount finds the demand a team's agents
 * serve at the objective on its busiest day. Pure arithmetic: no random draws.
 */

import { erlangCKpis, requiredAgents } from './erlang.js';
import { curveAt, curveMax } from './intraday-curve.js';

/** The planning interval: 15 minutes, as WFM tools schedule. */
export const PLAN_SLOT_MS = 15 * 60_000;
const SLOTS_PER_DAY = 96;

/** What a team's plan is made from. Times of day are ms after local midnight. */
export interface PlanInput {
  /** The team's headcount. */
  agents: number;
  openMs: number;
  closeMs: number;
  shiftMs: number;
  /** A shorter shift the plan may give agents where a full one would sit idle; 0: none. */
  partTimeMs: number;
  breaks: ReadonlyArray<{ afterMs: number; lengthMs: number }>;
  curve: readonly number[];
  /** Mean handle time of an offered call, seconds. */
  handleSeconds: number;
  /** Service objective: `target` of calls answered within `thresholdSeconds`. */
  target: number;
  thresholdSeconds: number;
}

/**
 * One agent's day: shift start and length, and each planned break's start (`null` where the
 * shift is too short for it), ms after local midnight; `off` when not needed.
 */
export interface AgentDay {
  off: boolean;
  startMs: number;
  lengthMs: number;
  breakStartsMs: Array<number | null>;
}

/** A day's plan for a team. */
export interface DayPlan {
  agents: AgentDay[];
  /** Agents required on the phones per 15-minute slot. */
  required: number[];
  /** Agents on the phones per slot as planned (breaks taken out). */
  planned: number[];
}

/** Arrivals per ms at the curve's peak on a day of level 1: the team's sized demand. */
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

/** Agents each slot needs on the phones for the objective, by Erlang C. */
export function requirement(input: PlanInput, rates: readonly number[]): number[] {
  return rates.map((perMs) =>
    perMs > 0
      ? requiredAgents({
          arrivalRate: perMs * 1000,
          handleTime: input.handleSeconds,
          threshold: input.thresholdSeconds,
          target: input.target,
        })
      : 0,
  );
}

/**
 * Places shifts greedily (each next shift where it covers the most unmet requirement) and then
 * breaks where the plan has the most room. Agents not needed get the day off.
 */
export function planDay(input: PlanInput, required: readonly number[]): DayPlan {
  const [first, last] = openSlots(input);
  const shiftSlots = Math.min(Math.round(input.shiftMs / PLAN_SLOT_MS), last - first);
  const breakShare = input.breaks.reduce((s, b) => s + b.lengthMs, 0) / input.shiftMs;
  // Shifts cover the requirement grossed up for the breaks their agents will take.
  const gross = required.map((r) => (r > 0 ? Math.ceil(r / (1 - Math.min(breakShare, 0.5))) : 0));
  const staffed = new Array<number>(SLOTS_PER_DAY).fill(0);
  const agents: AgentDay[] = [];
  const partSlots = Math.min(Math.round(input.partTimeMs / PLAN_SLOT_MS), shiftSlots);
  for (let a = 0; a < input.agents; a++) {
    let best = -1;
    let bestLength = shiftSlots;
    let bestGain = 0;
    for (const length of [shiftSlots]) {
      for (let s = first; s + length <= last; s++) {
        let gain = 0;
        for (let i = s; i < s + length; i++) {
          const short = (gross[i] as number) - (staffed[i] as number);
          if (short > 0) gain += short >= 1 ? 1 + Math.min(short, 4) / 100 : short;
        }
        if (gain > bestGain + 1e-9) {
          bestGain = gain;
          best = s;
          bestLength = length;
        }
      }
    }
    if (best < 0) {
      agents.push({ off: true, startMs: 0, lengthMs: 0, breakStartsMs: [] });
      continue;
    }
    for (let i = best; i < best + bestLength; i++) staffed[i] = (staffed[i] as number) + 1;
    agents.push({
      off: false,
      startMs: best * PLAN_SLOT_MS,
      lengthMs: bestLength * PLAN_SLOT_MS,
      breakStartsMs: [],
    });
  }
  const planned = staffed.slice();
  // Breaks: each where the plan has the most agents to spare, within an hour of its nominal time.
  for (const b of input.breaks) {
    const len = Math.max(1, Math.round(b.lengthMs / PLAN_SLOT_MS));
    for (const agent of agents) {
      if (agent.off) continue;
      const shiftStart = agent.startMs / PLAN_SLOT_MS;
      const shiftEnd = shiftStart + agent.lengthMs / PLAN_SLOT_MS;
      const nominal = shiftStart + Math.round(b.afterMs / PLAN_SLOT_MS);
      let best = -1;
      let bestRoom = Number.NEGATIVE_INFINITY;
      for (let d = 0; d <= 4; d++) {
        for (const s of d === 0 ? [nominal] : [nominal - d, nominal + d]) {
          if (s <= shiftStart || s + len >= shiftEnd) continue;
          const taken = agent.breakStartsMs.filter((x): x is number => x !== null);
          if (taken.length > 0) {
            const prev = (taken[taken.length - 1] as number) / PLAN_SLOT_MS;
            if (s < prev + 4) continue; // an hour at least between breaks
          }
          let room = Number.POSITIVE_INFINITY;
          for (let i = s; i < s + len; i++)
            room = Math.min(room, (planned[i] as number) - (required[i] as number));
          if (room > bestRoom) {
            bestRoom = room;
            best = s;
          }
        }
      }
      if (best < 0) {
        agent.breakStartsMs.push(null);
        continue;
      }
      for (let i = best; i < best + len; i++) planned[i] = (planned[i] as number) - 1;
      agent.breakStartsMs.push(best * PLAN_SLOT_MS);
    }
  }
  if (partSlots > 0 && partSlots < shiftSlots)
    trimToPartTime(agents, planned, required, input.breaks, partSlots);
  return { agents, required: [...required], planned };
}

/**
 * Shortens full shifts to part-time ones where the hours given up are covered without them (on
 * the phones, breaks taken out): the plan keeps every slot's requirement met and pays for fewer
 * idle hours. The breaks of the hours given up go with them.
 */
function trimToPartTime(
  agents: AgentDay[],
  planned: number[],
  required: readonly number[],
  breaks: PlanInput['breaks'],
  partSlots: number,
): void {
  for (let a = agents.length - 1; a >= 0; a--) {
    const agent = agents[a] as AgentDay;
    if (agent.off) continue;
    const start = agent.startMs / PLAN_SLOT_MS;
    const end = start + agent.lengthMs / PLAN_SLOT_MS;
    const cut = end - start - partSlots;
    if (cut <= 0) continue;
    const onBreak = (i: number) =>
      agent.breakStartsMs.some((b, k) => {
        if (b === null) return false;
        const from = b / PLAN_SLOT_MS;
        return (
          i >= from && i < from + Math.max(1, Math.round((breaks[k]?.lengthMs ?? 0) / PLAN_SLOT_MS))
        );
      });
    const spare = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const onPhone = onBreak(i) ? 0 : 1;
        if ((planned[i] as number) - onPhone < (required[i] as number)) return false;
      }
      return true;
    };
    const dropFrom = spare(start, start + cut) ? start : spare(end - cut, end) ? end - cut : -1;
    if (dropFrom < 0) continue;
    for (let i = dropFrom; i < dropFrom + cut; i++)
      if (!onBreak(i)) planned[i] = (planned[i] as number) - 1;
    agent.breakStartsMs = agent.breakStartsMs.map((b) => {
      if (b === null) return null;
      const from = b / PLAN_SLOT_MS;
      return from >= dropFrom && from < dropFrom + cut ? null : b;
    });
    agent.startMs = (dropFrom === start ? start + cut : start) * PLAN_SLOT_MS;
    agent.lengthMs = partSlots * PLAN_SLOT_MS;
  }
}

/** How far a plan falls short: agent-slots missing on the phones, over the day. */
export function shortfall(plan: DayPlan): number {
  let short = 0;
  plan.planned.forEach((p, i) => {
    short += Math.max(0, (plan.required[i] as number) - p);
  });
  return short;
}

/**
 * The service level a plan is predicted to give over the day (Erlang C per slot, weighted by
 * the slot's calls). Workforce management plans to the day's objective, not every interval's.
 */
export function predictedServiceLevel(
  input: PlanInput,
  plan: DayPlan,
  rates: readonly number[],
): number {
  let calls = 0;
  let answered = 0;
  let worst = 1;
  rates.forEach((perMs, i) => {
    if (perMs <= 0) return;
    const kpis = erlangCKpis({
      agents: plan.planned[i] as number,
      arrivalRate: perMs * 1000,
      handleTime: input.handleSeconds,
      threshold: input.thresholdSeconds,
    });
    calls += perMs;
    answered += perMs * kpis.serviceLevel;
    worst = Math.min(worst, kpis.serviceLevel);
  });
  // No interval may collapse either: one under half the objective fails the day's plan.
  if (worst < input.target * 0.4) return 0;
  return calls > 0 ? answered / calls : 1;
}

/**
 * The demand `input.agents` agents serve at the objective on a day of level `level`: the
 * highest peak rate whose plan meets the service objective over the day (bisection: the
 * predicted service level falls as the rate grows).
 */
export function sizeDemand(input: PlanInput, level: number): PeakRate {
  if (input.agents <= 0 || level <= 0) return 0;
  const fits = (rate: number) => {
    const rates = forecastRates(input, rate, level);
    const plan = planDay(input, requirement(input, rates));
    return predictedServiceLevel(input, plan, rates) >= input.target;
  };
  // Upper bound: every agent on the phones at full occupancy at the peak.
  let hi = (input.agents / (input.handleSeconds * 1000)) * 1.05;
  let lo = 0;
  if (fits(hi)) return hi;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Plans are pure functions of their inputs and teams of one size share them: both are memoised
 * (bounded), so a center of many equal teams, or a k6 VU that simulates team after team, sizes
 * and plans once.
 */
const MEMO_LIMIT = 4096;
const sizedMemo = new Map<string, PeakRate>();
const planMemo = new Map<string, DayPlan>();

function remember<T>(memo: Map<string, T>, key: string, make: () => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}

/** The key of a plan input, for {@link sizeDemandOnce} and {@link planDayOnce}. */
export function planInputKey(input: PlanInput): string {
  return JSON.stringify(input);
}

/** {@link sizeDemand}, memoised by input and level. */
export function sizeDemandOnce(
  input: PlanInput,
  level: number,
  key = planInputKey(input),
): PeakRate {
  return remember(sizedMemo, `${key}|${level}`, () => sizeDemand(input, level));
}

/** The day's plan for a peak rate and a level ({@link planDay} of the requirement), memoised. */
export function planDayOnce(
  input: PlanInput,
  peakRate: PeakRate,
  level: number,
  key = planInputKey(input),
): DayPlan {
  return remember(planMemo, `${key}|${peakRate}|${level}`, () =>
    planDay(input, requirement(input, forecastRates(input, peakRate, level))),
  );
}

/**
 * The fewest agents whose queues (of at most `teamSize`, split evenly) serve `perMs` arrivals at
 * the curve's peak on a day of `level` at the objective. A {@link RangeError} past 100,000.
 */
export function agentsForDemand(
  perMs: number,
  teamSize: number,
  planFor: (agents: number) => PlanInput,
  level: number,
): number {
  const capacity = (agents: number): number => {
    const teams = Math.ceil(agents / teamSize);
    const small = Math.floor(agents / teams);
    const larger = agents - small * teams; // teams with one agent more
    let total = 0;
    for (const [size, count] of [
      [small, teams - larger],
      [small + 1, larger],
    ] as const) {
      if (count > 0) total += count * sizeDemandOnce(planFor(size), level);
    }
    return total;
  };
  let hi = 1;
  while (capacity(hi) < perMs) {
    if (hi >= 100_000) throw new RangeError('more than 100,000 agents needed');
    hi = Math.min(100_000, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (capacity(mid) >= perMs) hi = mid;
    else lo = mid;
  }
  return capacity(lo) >= perMs && lo > 0 ? lo : hi;
}
