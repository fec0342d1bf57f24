/**
 * The arrival process: callers arrive as a non-homogeneous Poisson process whose rate follows
 * the intraday curve times the day's level and each hour's unforecast variation (drawn by
 * Lewis-Shedler thinning, one day at a time); emails arrive at a steady rate while the center is
 * open.
 */

import type { Due } from './agenda.js';
import { arrive } from './calls.js';
import {
  clockShift,
  hourNoise,
  isOpen,
  levelOfDay,
  localDayStart,
  nextDayStart,
} from './center-calendar.js';
import { curveAt, curveMax } from './intraday-curve.js';
import { dispatch } from './routing.js';
import type { Team } from './team.js';

/**
 * A team's callers, arriving one after another: each arrival plans the next.
 *
 * @example
 * const arrivals = new ArrivalProcess(team);
 * arrivals.planNext(team.o.startMs);
 */
export class ArrivalProcess {
  private day = Number.NaN;
  private lambdaMax = 0;
  private dayLevel = 0;
  private hours: number[] = [];
  private readonly curvePeak: number;

  constructor(private readonly team: Team) {
    this.curvePeak = curveMax(team.o.curve);
  }

  /** A caller arrives; the next is planned. */
  callArrives({ at }: Due<'callArrives'>): void {
    arrive(this.team, at);
    this.planNext(at);
  }

  /** Plans the first arrival after `from` (none past the window's end). */
  planNext(from: number): void {
    const o = this.team.o;
    const rng = this.team.rng.arrivals;
    let t = from;
    while (t < o.endMs) {
      const day = localDayStart(o, t);
      if (day !== this.day) this.startDay(day);
      const dayEnd = nextDayStart(o, day);
      if (this.lambdaMax <= 0) {
        t = dayEnd;
        continue;
      }
      t += rng.exponential(1 / this.lambdaMax);
      if (t >= dayEnd) {
        t = dayEnd;
        continue;
      }
      if (t >= o.endMs) return;
      if (rng.next() * this.lambdaMax <= this.rateAt(t)) {
        this.team.agenda.plan(Math.floor(t), { kind: 'callArrives' });
        return;
      }
    }
  }

  /** A new local day: its level (forecast, deviation, demand over forecast) and peak rate. */
  private startDay(day: number): void {
    const o = this.team.o;
    this.day = day;
    this.dayLevel = levelOfDay(o, day) * o.demandOverForecast;
    this.hours = hourNoise(o, day);
    this.lambdaMax = this.dayLevel * this.team.demand.perMsAtPeak * Math.max(...this.hours);
  }

  /** The arrival rate at `ms`, per ms. */
  private rateAt(ms: number): number {
    const o = this.team.o;
    if (o.afterHours === 'closed' && !isOpen(o, ms)) return 0;
    const hour = Math.floor((ms - this.day) / 3_600_000);
    return (
      (this.dayLevel *
        (this.hours[hour] ?? 1) *
        this.team.demand.perMsAtPeak *
        curveAt(o.curve, ms, clockShift(o, this.day))) /
      this.curvePeak
    );
  }
}

/** Emails arrive while the center is open, at `emails.perAgentHour` for each of the queue's agents. */
export function planNextEmail(team: Team, from: number): void {
  const o = team.o;
  const emails = o.emails;
  if (!emails) return;
  const perMs = (emails.perAgentHour * team.agents.length) / 3_600_000;
  if (!(perMs > 0)) return;
  let t = from;
  for (let guard = 0; guard < 1000; guard++) {
    t += team.rng.emails.exponential(1 / perMs);
    if (t >= o.endMs) return;
    if (isOpen(o, t)) {
      team.agenda.plan(Math.floor(t), { kind: 'emailArrives' });
      return;
    }
    // Closed: the next arrival counts from the next opening.
    const day = localDayStart(o, t);
    t = t - day < o.openMs ? day + o.openMs : nextDayStart(o, day) + o.openMs;
  }
}

/** An email arrives in the backlog; the next is planned and a free agent may pick it up. */
export function emailArrives(team: Team, { at }: Due<'emailArrives'>): void {
  team.emailBacklog++;
  planNextEmail(team, at);
  dispatch(team, at);
}
