/**
 * The shapes of a center report: the KPIs of an interval (or the whole stream), the
 * notification rates, and the report with its intervals and histograms.
 */
import type { OpenInteraction } from './open-interactions.js';

/**
 * KPIs of one interval, or of the whole stream. Times in seconds; shares as fractions; `null`
 * where the stream cannot tell (its types lack what the figure needs, or nothing to divide by).
 */
export interface CenterKpis {
  /** Interval start, ISO 8601 UTC (the totals: the window's start). */
  start: string;
  /** The same instant on the report's clock, ISO 8601 with its offset (`2026-03-08T08:00:00-04:00`). */
  localStart: string;
  /** Inbound interactions that arrived (an external channel connected), by arrival time. */
  offered: number | null;
  /** Offered interactions an agent answered. */
  answered: number | null;
  /** Offered interactions whose caller hung up before an answer. */
  abandoned: number | null;
  /** Offered interactions that ended in voicemail before an answer. */
  voicemail: number | null;
  /** Answered within the threshold, as a fraction of offered (`null` when none was offered). */
  serviceLevel: number | null;
  /** Average speed of answer: mean seconds from arrival to the first agent's answer. */
  asa: number | null;
  /**
   * Average handle time per answered interaction: talk + hold + wrap of all its agent legs
   * (a transferred call counts both agents' time once), seconds.
   */
  aht: number | null;
  /**
   * Average handle time per handled contact, as an ACD counts it: the same time divided by the
   * agent legs that were answered (a transferred call is two contacts), seconds.
   */
  ahtPerContact: number | null;
  /** Handled contacts: agent legs answered (offered interactions only). */
  contacts: number | null;
  /** Mean talk (connected, less hold), hold and wrap seconds per answered interaction. */
  talk: number | null;
  hold: number | null;
  wrap: number | null;
  /** Share of available agent time spent on interactions, wrap included. */
  occupancy: number | null;
  /** The same without wrap (alerting and connected only). */
  occupancyExWrap: number | null;
  /** Mean agents available for contacts (logged in, in a ready presence), busy or not. */
  staffed: number | null;
  /** Mean agents logged in, available or not (a break, a meeting, a missed call's pause). */
  loggedIn: number | null;
  /** Share of logged-in agent time in a presence other than ready: not available for contacts. */
  shrinkage: number | null;
  /** Mean agents busy on an interaction (alerting, connected or in wrap). */
  busy: number | null;
  /** Mean agents the staffing plan required on the phones, when the report was given the plan. */
  required: number | null;
  /** Mean callers waiting for an agent. */
  queue: number | null;
  transfers: number;
  conferences: number;
  /** Offers that rang out (connectionfailed). */
  failedOffers: number;
  /** Notifications sent in the interval (by `time`). */
  notifications: number;
}

/** Notifications per second and per minute, by type, with the peaks. */
export interface NotificationRates {
  total: number;
  byType: Record<string, number>;
  /** The busiest second by send time and how many were sent in it. */
  peakSecond: { at: string; count: number } | null;
  peakMinute: { at: string; count: number } | null;
  /** Mean notifications per second over the stream's span. */
  meanPerSecond: number;
}

/** Agent time after the window: calls in progress finishing, agents logging out. */
export interface ReportTail {
  start: string;
  end: string;
  /** `end` on the report's clock. */
  localEnd: string;
  staffed: number | null;
  busy: number | null;
  occupancy: number | null;
  occupancyExWrap: number | null;
}

/** The whole report. */
export interface CenterReport {
  /** Interval length, seconds. */
  intervalSeconds: number;
  /** Service-level threshold, seconds. */
  slThresholdSeconds: number;
  /** The service-level objective the intervals are read against (0.8 for 80/20). */
  slTarget: number;
  /** The clock the intervals are cut on and `localStart` is read in: an IANA zone, or `UTC`. */
  timeZone: string;
  /**
   * The window the totals' time figures (occupancy, staffed, busy, queue, shrinkage) cover: as
   * given, or from the first event to the minute after the last arrival (`given: false`).
   */
  window: { start: string; end: string; localStart: string; localEnd: string; given: boolean };
  totals: CenterKpis;
  intervals: CenterKpis[];
  /** The time after the window, apart from the totals (null when the stream ends with it). */
  tail: ReportTail | null;
  notifications: NotificationRates;
  /** Handle-time and answer-wait histograms (10 s and 5 s bins), for charts. */
  histograms: { handleSeconds: number[]; waitSeconds: number[] };
  /** KPIs the stream's types cannot give, with the types they need. */
  unavailable: string[];
  /** Events the report could not place (unknown types, bad timestamps). */
  skipped: number;
  /** Events of an interaction that had ended more than 5 minutes (stream time) before: not counted. */
  late: number;
}

/** One slot of a staffing plan: agents required on the phones from `startMs` to `endMs`. */
export interface PlanSlot {
  startMs: number;
  endMs: number;
  agents: number;
}

/** A shift lost to absence: scheduled from `startMs` to `endMs`, never logged in. */
export interface AbsentShift {
  startMs: number;
  endMs: number;
}

/** Options of {@link CenterReporter}. */
export interface CenterReportOptions {
  /** Interval length in ms. Default 15 minutes. */
  intervalMs?: number;
  /** Service-level threshold in ms. Default 20 s. */
  slThresholdMs?: number;
  /** The service-level objective, a fraction: the chart's objective line. Default 0.8. */
  slTarget?: number;
  /** The center's IANA time zone, or its fixed offset from UTC in ms: intervals follow its clock. Default UTC. */
  timeZone?: string | number;
  /** The simulated window, when known: the totals' time figures cover it, the rest is the tail. */
  window?: { startMs: number; endMs: number };
  /** The staffing plan, when known (the generator's own run): the `required` figures. */
  plan?: readonly PlanSlot[];
  /**
   * Shifts lost to absence, when known (the generator's own run): counted in `shrinkage` as
   * scheduled time not available for contacts. A stream cannot show them.
   */
  absences?: readonly AbsentShift[];
  /**
   * Called with each interaction once it is accounted for (over, and its grace for stragglers
   * passed, or the stream ended: {@link CenterReporter.end}): what `vcc-sim fit` estimates a
   * center from.
   */
  onInteraction?: (interaction: OpenInteraction) => void;
}
