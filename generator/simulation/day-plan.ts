/**
 * A day's plan for one queue, made as a workforce-management tool makes it: shifts of several
 * lengths placed where each covers the most unmet requirement (grossed up for the time agents
 * spend away), breaks and lunch placed near their nominal times where the plan has the most
 * room, offline activities (meetings, coaching, training) where it has the most room all day,
 * then every slot still short repaired with another shift while agents are left, and shifts the
 * day does not need given back. Pure arithmetic on 15-minute slots: no random draws.
 */

/** The planning interval: 15 minutes, as WFM tools schedule. */
export const PLAN_SLOT_MS = 15 * 60_000;
export const SLOTS_PER_DAY = 96;

/**
 * What an agent does off the phones during a shift, each shown with its own presence: the
 * plan's activities, and personal time and system issues (a few minutes away, unplanned).
 */
export type ActivityKind =
  | 'break'
  | 'lunch'
  | 'meeting'
  | 'training'
  | 'coaching'
  | 'personal'
  | 'systemIssue';

/** An activity of the plan: a break at a nominal time into the shift, or an offline one. */
export interface BreakRule {
  afterMs: number;
  lengthMs: number;
  kind: 'break' | 'lunch';
}

/** An offline activity each agent has `perWeek` times a week, placed where demand is lowest. */
export interface OfflineRule {
  kind: 'meeting' | 'training' | 'coaching';
  lengthMs: number;
  perWeek: number;
  /** Held on a day short of agents; else real-time management may call it off (`absenceCover`). */
  essential?: boolean;
}

/** What a day's plan is made from (the part that does not depend on the forecast). */
export interface ShiftRules {
  /** Agents who can be given a shift today. */
  agents: number;
  openMs: number;
  closeMs: number;
  /** Shift lengths the plan may give, longest first. */
  shiftLengthsMs: readonly number[];
  breaks: readonly BreakRule[];
  offline: readonly OfflineRule[];
  /** Working days a week of a full-time agent (offline activities are spread over them). */
  daysPerWeek: number;
}

/** A planned activity: its kind, start (ms after local midnight) and length. */
export interface PlannedActivity {
  kind: ActivityKind;
  startMs: number;
  lengthMs: number;
  /** Offline work in time the phones do not need: real-time management drops it when callers wait. */
  optional?: boolean;
}

/** One agent's day: shift start and length (ms after local midnight) and its activities. */
export interface AgentDay {
  off: boolean;
  startMs: number;
  lengthMs: number;
  activities: PlannedActivity[];
}

/** A day's plan for a queue. */
export interface DayPlan {
  /** The shifts of the day, one per agent given one; the agents after them have the day off. */
  agents: AgentDay[];
  /** Agents required on the phones per 15-minute slot. */
  required: number[];
  /** Agents on the phones per slot as planned (activities taken out). */
  planned: number[];
}

/** A shift being planned, in slots. */
interface Slotted {
  start: number;
  end: number;
  /** [start slot, length in slots, kind, optional] of each activity. */
  away: Array<[number, number, ActivityKind, boolean?]>;
}

function slots(ms: number): number {
  return Math.max(1, Math.round(ms / PLAN_SLOT_MS));
}

/** The share of a full shift agents spend away: its breaks and the offline activities. */
export function awayShare(rules: ShiftRules): number {
  const full = rules.shiftLengthsMs[0] ?? 1;
  const breaks = rules.breaks.reduce((s, b) => s + b.lengthMs, 0);
  const offline = rules.offline.reduce(
    (s, o) => s + (o.lengthMs * o.perWeek) / rules.daysPerWeek,
    0,
  );
  return Math.min(0.6, (breaks + offline) / full);
}

/**
 * Plans a day: shifts, breaks and offline activities for at most `rules.agents` agents, so that
 * every slot has `required` agents on the phones where the agents allow. `weekday` (0-6) turns
 * the rota of who has which offline activity today.
 */
export function planDay(rules: ShiftRules, required: readonly number[], weekday: number): DayPlan {
  const { shifts, planned } = placeShifts(rules, required, weekday);
  const agents: AgentDay[] = shifts.map((s) => ({
    off: false,
    startMs: s.start * PLAN_SLOT_MS,
    lengthMs: (s.end - s.start) * PLAN_SLOT_MS,
    activities: s.away
      .map(([at, len, kind, optional]) => ({
        kind,
        startMs: at * PLAN_SLOT_MS,
        lengthMs: len * PLAN_SLOT_MS,
        ...(optional ? { optional } : {}),
      }))
      .sort((a, b) => a.startMs - b.startMs),
  }));
  return { agents, required: [...required], planned };
}

/** How many shifts {@link planDay} places (the agents the day uses), without the plan itself. */
export function shiftsPlanned(
  rules: ShiftRules,
  required: readonly number[],
  weekday: number,
): number {
  return placeShifts(rules, required, weekday).shifts.length;
}

function placeShifts(
  rules: ShiftRules,
  required: readonly number[],
  weekday: number,
): { shifts: Slotted[]; planned: number[] } {
  const first = Math.floor(rules.openMs / PLAN_SLOT_MS);
  const last = Math.ceil(rules.closeMs / PLAN_SLOT_MS);
  const lengths = [...new Set(rules.shiftLengthsMs.map(slots))]
    .filter((l) => l <= last - first)
    .sort((a, b) => b - a);
  if (lengths.length === 0) lengths.push(last - first);
  const grossUp = 1 - awayShare(rules);
  const gross = required.map((r) => Math.round(r / grossUp));
  const staffed = new Array<number>(SLOTS_PER_DAY).fill(0);
  const planned = new Array<number>(SLOTS_PER_DAY).fill(0);
  const shifts: Slotted[] = [];
  const ctx = { rules, required, planned, first, last, lengths, sum: new Array<number>(last + 1) };
  // 1. Shifts where they cover the most of the grossed-up requirement.
  while (shifts.length < rules.agents) {
    const best = bestShift(ctx, gross, staffed, 0.5);
    if (!best) break;
    for (let i = best.start; i < best.end; i++) staffed[i] = (staffed[i] as number) + 1;
    shifts.push(best);
  }
  for (let i = 0; i < SLOTS_PER_DAY; i++) planned[i] = staffed[i] as number;
  // 2. Breaks, one break of every shift at a time so that they stagger.
  rules.breaks.forEach((b) => {
    for (const s of shifts) placeBreak(ctx, s, b);
  });
  // 3. Offline activities, by a rota turned by the weekday.
  placeOffline(ctx, shifts, weekday);
  // 4. Slots still short: another shift while agents are left.
  repair(ctx, shifts);
  // 5. Shifts the day does not need, given back; the agents they free repair what is left.
  giveBack(ctx, shifts);
  shorten(ctx, shifts);
  repair(ctx, shifts);
  // 6. Time the phones do not need, given to offline work.
  useSurplus(ctx, shifts);
  return { shifts, planned };
}

type Ctx = {
  rules: ShiftRules;
  required: readonly number[];
  planned: number[];
  first: number;
  last: number;
  lengths: number[];
  /** {@link bestShift}'s running sums, one buffer for the day. */
  sum: number[];
};

/**
 * The shift (length and start) covering the most of `need - have`, less `waste` per slot it
 * covers that needs nobody more; undefined when none gains.
 */
function bestShift(
  ctx: Ctx,
  need: readonly number[],
  have: readonly number[],
  waste: number,
): Slotted | undefined {
  // What covering each slot is worth, summed up once so that each candidate costs O(1).
  const sum = ctx.sum;
  sum[ctx.first] = 0;
  for (let i = ctx.first; i < ctx.last; i++) {
    const short = (need[i] as number) - (have[i] as number);
    // The biggest gaps first: a slot short of many agents is worth more than one short of one.
    const worth = short > 0 ? short : -waste;
    sum[i + 1] = (sum[i] as number) + worth;
  }
  let bestStart = -1;
  let bestLength = 0;
  let bestScore = 1e-9;
  for (const length of ctx.lengths) {
    for (let s = ctx.first; s + length <= ctx.last; s++) {
      const score = (sum[s + length] as number) - (sum[s] as number);
      if (score > bestScore + 1e-9) {
        bestScore = score;
        bestStart = s;
        bestLength = length;
      }
    }
  }
  return bestStart < 0 ? undefined : { start: bestStart, end: bestStart + bestLength, away: [] };
}

/** The least room (planned over required) over `len` slots from `s`. */
function room(ctx: Ctx, s: number, len: number): number {
  let r = Number.POSITIVE_INFINITY;
  for (let i = s; i < s + len; i++)
    r = Math.min(r, (ctx.planned[i] as number) - (ctx.required[i] as number));
  return r;
}

function overlaps(shift: Slotted, s: number, len: number, gap: number): boolean {
  return shift.away.some(([a, l]) => s < a + l + gap && a < s + len + gap);
}

/**
 * The start of `len` slots inside `shift` where the plan has the most room (the first such start,
 * or with `quietest` the one where the requirement is lowest),
 * never in the first hour after the open nor touching the shift's own time away: offline work and
 * e-learning are placed so. `best` is -1 when nothing fits.
 */
function roomiestInShift(
  ctx: Ctx,
  shift: Slotted,
  len: number,
  quietest = false,
): { best: number; bestRoom: number } {
  let best = -1;
  let bestRoom = Number.NEGATIVE_INFINITY;
  let bestNeed = Number.POSITIVE_INFINITY;
  for (let s = Math.max(shift.start + 1, ctx.first + 4); s + len < shift.end; s++) {
    if (overlaps(shift, s, len, 1)) continue;
    const r = room(ctx, s, len);
    const need = ctx.required[s] as number;
    if (r > bestRoom || (quietest && r === bestRoom && need < bestNeed)) {
      bestRoom = r;
      best = s;
      bestNeed = need;
    }
  }
  return { best, bestRoom };
}

function takeAway(
  ctx: Ctx,
  shift: Slotted,
  s: number,
  len: number,
  kind: ActivityKind,
  optional = false,
): void {
  for (let i = s; i < s + len; i++) ctx.planned[i] = (ctx.planned[i] as number) - 1;
  shift.away.push(optional ? [s, len, kind, true] : [s, len, kind]);
}

/** A break within an hour of its nominal time, where the plan has the most room; none if it does not fit. */
function placeBreak(ctx: Ctx, shift: Slotted, b: BreakRule): void {
  const len = slots(b.lengthMs);
  const nominal = shift.start + Math.round(b.afterMs / PLAN_SLOT_MS);
  if (nominal + len >= shift.end) return; // a shorter shift has no such break
  let best = -1;
  let bestRoom = Number.NEGATIVE_INFINITY;
  // The nominal start, then an hour either side of it, nearest first (earlier before later).
  for (let k = 0; k <= 8; k++) {
    const s = nominal + (k % 2 === 1 ? -(k + 1) / 2 : k / 2);
    if (s <= shift.start || s + len >= shift.end || overlaps(shift, s, len, 3)) continue;
    const r = room(ctx, s, len);
    if (r > bestRoom) {
      bestRoom = r;
      best = s;
    }
  }
  if (best >= 0) takeAway(ctx, shift, best, len, b.kind);
}

/**
 * Offline activities: each rule's `perWeek / daysPerWeek` share of today's shifts (a rota turned
 * by the weekday, so each agent has theirs on other days) gets it where the plan has the most
 * room, if an agent is spare there.
 */
function placeOffline(ctx: Ctx, shifts: Slotted[], weekday: number): void {
  const n = shifts.length;
  if (n === 0) return;
  ctx.rules.offline.forEach((o, k) => {
    const len = slots(o.lengthMs);
    const count = Math.round(
      (n * Math.min(o.perWeek, ctx.rules.daysPerWeek)) / ctx.rules.daysPerWeek,
    );
    const from = Math.floor(((weekday * 3 + k * 5) * n) / 7) % n;
    for (let j = 0; j < count; j++) {
      const shift = shifts[(from + j) % n] as Slotted;
      // Only where an agent is spare throughout: on a day without room the activity is not held.
      // Of the places with as much room, the quietest.
      const { best, bestRoom } = roomiestInShift(ctx, shift, len, true);
      if (best >= 0 && bestRoom >= 1) takeAway(ctx, shift, best, len, o.kind);
    }
  });
}

/** Adds shifts (with their breaks) where slots are short of the requirement, while agents are left. */
function repair(ctx: Ctx, shifts: Slotted[]): void {
  while (shifts.length < ctx.rules.agents) {
    const best = bestShift(ctx, ctx.required, ctx.planned, 0.05);
    if (!best) return;
    for (let i = best.start; i < best.end; i++) ctx.planned[i] = (ctx.planned[i] as number) + 1;
    for (const b of ctx.rules.breaks) placeBreak(ctx, best, b);
    shifts.push(best);
  }
}

/**
 * Offline work in the time the phones do not need, as a WFM tool fills an over-staffed
 * interval: each shift, at most once a day, gets a 30-minute training session (e-learning)
 * where two agents are spare throughout, so that one still is. It is optional: dropped when
 * callers are waiting as it falls due.
 */
function useSurplus(ctx: Ctx, shifts: Slotted[]): void {
  const len = 2;
  for (const shift of shifts) {
    const { best, bestRoom } = roomiestInShift(ctx, shift, len);
    if (best >= 0 && bestRoom >= 2) takeAway(ctx, shift, best, len, 'training', true);
  }
}

/** Gives back shifts whose every slot on the phones is spare (latest placed first). */
function giveBack(ctx: Ctx, shifts: Slotted[]): void {
  for (let k = shifts.length - 1; k >= 0; k--) {
    const s = shifts[k] as Slotted;
    let spare = true;
    for (let i = s.start; i < s.end && spare; i++) {
      if (overlaps(s, i, 1, 0)) continue;
      if ((ctx.planned[i] as number) - 1 < (ctx.required[i] as number)) spare = false;
    }
    if (!spare) continue;
    for (let i = s.start; i < s.end; i++)
      if (!overlaps(s, i, 1, 0)) ctx.planned[i] = (ctx.planned[i] as number) - 1;
    shifts.splice(k, 1);
  }
}

/**
 * Shortens shifts to a shorter length the plan allows where the hours cut off (at the start or
 * the end, with no activity in them) are spare on the phones.
 */
function shorten(ctx: Ctx, shifts: Slotted[]): void {
  for (const s of shifts) {
    for (const length of ctx.lengths) {
      const cut = s.end - s.start - length;
      if (cut <= 0) continue;
      const spare = (from: number) => {
        if (overlaps(s, from, cut, 0)) return false;
        for (let i = from; i < from + cut; i++)
          if ((ctx.planned[i] as number) - 1 < (ctx.required[i] as number)) return false;
        return true;
      };
      const from = spare(s.start) ? s.start : spare(s.end - cut) ? s.end - cut : -1;
      if (from < 0) continue;
      for (let i = from; i < from + cut; i++) ctx.planned[i] = (ctx.planned[i] as number) - 1;
      if (from === s.start) s.start += cut;
      else s.end -= cut;
      break;
    }
  }
}
