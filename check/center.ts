/**
 * What the simulation says about real centers, computed once per process: the shift-end
 * scenario's peak second (the `deadline` check's burst) and the peak-hour scenario's stream with
 * its notifications per agent at the peak second and over the busiest 15 minutes (the capacity in
 * agents).
 */
import { type Notification, simulate } from '../generator/index.js';
import { getScenario } from '../scenarios/index.js';

/** Notifications per second of one agent, at a center's peak second and over its busiest 15 minutes. */
export interface PerAgentRates {
  /** The reference scenario and its size. */
  scenario: string;
  agents: number;
  peakSecond: number;
  busiest15m: number;
}

function secondsOf(stream: Iterable<{ sendMs: number; notification: Notification }>) {
  const bySecond = new Map<number, Notification[]>();
  for (const t of stream) {
    const s = Math.floor(t.sendMs / 1000);
    const list = bySecond.get(s);
    if (list) list.push(t.notification);
    else bySecond.set(s, [t.notification]);
  }
  return bySecond;
}

let burst: Notification[] | undefined;

/** The shift-end scenario's peak second: its notifications, in send order. */
export function shiftEndPeakSecond(): Notification[] {
  if (!burst) {
    let peak: Notification[] = [];
    for (const list of secondsOf(simulate(getScenario('shift-end').simulation).timed()).values())
      if (list.length > peak.length) peak = list;
    burst = peak;
  }
  return burst;
}

let reference: { stream: Notification[]; rates: PerAgentRates } | undefined;

/** The peak-hour scenario's notifications (a real center's mix) and its rates per agent. */
export function peakHourCenter(): { stream: Notification[]; rates: PerAgentRates } {
  if (reference) return reference;
  const run = simulate(getScenario('peak-hour').simulation);
  const bySecond = secondsOf(run.timed());
  const seconds = [...bySecond.keys()].sort((a, b) => a - b);
  const counts = new Map(seconds.map((s) => [s, (bySecond.get(s) as Notification[]).length]));
  let peak = 0;
  let window = 0;
  let busiest = 0;
  for (const s of seconds) {
    const c = counts.get(s) as number;
    peak = Math.max(peak, c);
    window += c;
    // Drop the seconds that left the 15-minute window ending at s.
    const leaving = counts.get(s - 900);
    if (leaving !== undefined) window -= leaving;
    busiest = Math.max(busiest, window);
  }
  const agents = run.stats.agents;
  reference = {
    stream: seconds.flatMap((s) => bySecond.get(s) as Notification[]),
    rates: {
      scenario: 'peak-hour',
      agents,
      peakSecond: peak / agents,
      busiest15m: busiest / 900 / agents,
    },
  };
  return reference;
}
