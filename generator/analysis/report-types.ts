/**
 * The shapes of a center report: the KPIs of an interval (or the whole stream), the
 * notification rates, and the report with its intervals and histograms.
 */
import type { OpenInteraction } from './open-interactions.js';

/** KPIs of one interval, or of the whole stream. Times in seconds; shares as fractions. */
export interface CenterKpis {
  /** Interval start, ISO 8601 UTC (the whole stream: its first event). */
  start: string;
  /** Inbound interactions that arrived (an external channel connected), by arrival time. */
  offered: number;
  /** Offered interactions an agent answered. */
  answered: number;
  /** Offered interactions whose caller hung up before an answer. */
  abandoned: number;
  /** Offered interactions that ended in voicemail before an answer. */
  voicemail: number;
  /** Answered within the threshold, as a fraction of offered (`null` when none was offered). */
  serviceLevel: number | null;
  /** Average speed of answer: mean seconds from arrival to the first agent's answer. */
  asa: number | null;
  /** Average handle time per answered interaction: talk + hold + wrap, seconds. */
  aht: number | null;
  /** Mean talk (connected, less hold), hold and wrap seconds per answered interaction. */
  talk: number | null;
  hold: number | null;
  wrap: number | null;
  /** Share of staffed time agents spent on interactions, wrap included. */
  occupancy: number | null;
  /** The same without wrap (alerting and connected only). */
  occupancyExWrap: number | null;
  /** Mean agents staffed (logged in and not on a break) over the interval. */
  staffed: number | null;
  /** Mean agents busy on an interaction (alerting, connected or in wrap). */
  busy: number | null;
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

/** The whole report. */
export interface CenterReport {
  /** Interval length, seconds. */
  intervalSeconds: number;
  /** Service-level threshold, seconds. */
  slThresholdSeconds: number;
  totals: CenterKpis;
  intervals: CenterKpis[];
  notifications: NotificationRates;
  /** Handle-time and answer-wait histograms (10 s and 5 s bins), for charts. */
  histograms: { handleSeconds: number[]; waitSeconds: number[] };
  /** KPIs the stream's types cannot give, with the types they need. */
  unavailable: string[];
  /** Events the report could not place (unknown types, bad timestamps). */
  skipped: number;
}

/** Options of {@link CenterReporter}. */
export interface CenterReportOptions {
  /** Interval length in ms. Default 15 minutes. */
  intervalMs?: number;
  /** Service-level threshold in ms. Default 20 s. */
  slThresholdMs?: number;
  /**
   * Called with each interaction once it is over (its caller and every agent leg ended), as the
   * report accounts for it: what `vcc-sim fit` estimates a center from.
   */
  onInteraction?: (interaction: OpenInteraction) => void;
}
