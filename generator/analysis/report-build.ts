/**
 * A report from its ledger: the intervals (cut on the report's clock), the totals (counts summed
 * over the intervals; agent time over the window, to the minute, whatever the interval length),
 * and the tail after the window.
 */
import type { ZoneClock } from '../time-zone.js';
import { type Bucket, emptyBucket, kpis } from './report-intervals.js';
import { type ReportLedger, TIME_FIELDS } from './report-ledger.js';
import type { AbsentShift, CenterKpis, PlanSlot, ReportTail } from './report-types.js';

const MINUTE = 60_000;

/** What a report is built from besides its ledger. */
export interface BuildInput {
  ledger: ReportLedger;
  clock: ZoneClock | undefined;
  seenTypes: ReadonlySet<string>;
  /** The stream's first and last event (data.timestamp). */
  firstMs: number;
  lastMs: number;
  /** The last caller's arrival, -1 for none. */
  lastArrivalMs: number;
  window: { startMs: number; endMs: number } | undefined;
  plan: readonly PlanSlot[] | undefined;
  absences: readonly AbsentShift[] | undefined;
}

/** The built parts of a report. */
export interface BuiltReport {
  window: { start: string; end: string; localStart: string; localEnd: string; given: boolean };
  totals: CenterKpis;
  intervals: CenterKpis[];
  tail: ReportTail | null;
}

/** `ms` on the report's clock, ISO 8601 with its offset. */
export function localIso(clock: ZoneClock | undefined, ms: number): string {
  return clock ? clock.iso(ms) : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Mean agents the plan requires over [from, to), null without a plan. */
function required(plan: readonly PlanSlot[] | undefined, from: number, to: number): number | null {
  if (!plan || to <= from) return null;
  let agentMs = 0;
  for (const s of plan) {
    const overlap = Math.min(s.endMs, to) - Math.max(s.startMs, from);
    if (overlap > 0) agentMs += s.agents * overlap;
  }
  return agentMs / (to - from);
}

/** Agent time of shifts lost to absence within [from, to), 0 when unknown. */
function absentMs(absences: readonly AbsentShift[] | undefined, from: number, to: number): number {
  let ms = 0;
  for (const a of absences ?? [])
    ms += Math.max(0, Math.min(a.endMs, to) - Math.max(a.startMs, from));
  return ms;
}

/** The window the totals' agent time covers: as given, or first event to the last arrival's minute. */
function windowOf(input: BuildInput): { startMs: number; endMs: number; given: boolean } {
  if (input.window) return { ...input.window, given: true };
  if (!Number.isFinite(input.firstMs)) return { startMs: 0, endMs: 0, given: false };
  const startMs = Math.floor(input.firstMs / MINUTE) * MINUTE;
  const last = input.lastArrivalMs >= 0 ? input.lastArrivalMs : input.lastMs;
  return {
    startMs,
    endMs: Math.max(startMs + MINUTE, Math.floor(last / MINUTE + 1) * MINUTE),
    given: false,
  };
}

/** The intervals, the totals and the tail. */
export function buildReport(input: BuildInput): BuiltReport {
  const { ledger, clock, seenTypes } = input;
  const grid = ledger.grid;
  const keys = [...ledger.buckets.keys()].sort((a, b) => a - b);
  const intervals: CenterKpis[] = [];
  const total = emptyBucket();
  if (keys.length > 0) {
    for (let k = keys[0] as number; k <= (keys[keys.length - 1] as number); k++) {
      const b = ledger.buckets.get(k) ?? emptyBucket();
      for (const f of Object.keys(total) as Array<keyof Bucket>) total[f] += b[f];
      const startMs = grid.startOf(k);
      const endMs = grid.startOf(k + 1);
      // A local hour a DST change skips has no length: no row.
      if (endMs <= startMs) continue;
      const frame = {
        startMs,
        localStart: localIso(clock, startMs),
        spanMs: endMs - startMs,
        required: required(input.plan, startMs, endMs),
        absentMs: absentMs(input.absences, startMs, endMs),
      };
      intervals.push(kpis(b, frame, seenTypes));
    }
  }
  const w = windowOf(input);
  const inWindow = ledger.timesBetween(w.startMs, w.endMs);
  for (const f of TIME_FIELDS) total[f] = inWindow[f];
  const totals = kpis(
    total,
    {
      startMs: w.startMs,
      localStart: localIso(clock, w.startMs),
      spanMs: w.endMs - w.startMs,
      required: required(input.plan, w.startMs, w.endMs),
      absentMs: absentMs(input.absences, w.startMs, w.endMs),
    },
    seenTypes,
  );
  return {
    window: {
      start: new Date(w.startMs).toISOString(),
      end: new Date(w.endMs).toISOString(),
      localStart: localIso(clock, w.startMs),
      localEnd: localIso(clock, w.endMs),
      given: w.given,
    },
    totals,
    intervals,
    tail: tailOf(input, w.endMs),
  };
}

/** The agent time after the window, to the stream's last event. */
function tailOf(input: BuildInput, windowEnd: number): ReportTail | null {
  const end = Math.ceil(input.lastMs / MINUTE) * MINUTE;
  if (!(end > windowEnd)) return null;
  const t = input.ledger.timesBetween(windowEnd, end);
  const k = kpis(
    { ...emptyBucket(), ...t },
    { startMs: windowEnd, localStart: '', spanMs: end - windowEnd, required: null, absentMs: 0 },
    input.seenTypes,
  );
  return {
    start: new Date(windowEnd).toISOString(),
    end: new Date(end).toISOString(),
    localEnd: localIso(input.clock, end),
    staffed: k.staffed,
    busy: k.busy,
    occupancy: k.occupancy,
    occupancyExWrap: k.occupancyExWrap,
  };
}
