/**
 * What a simulated run's merged stream says, read the slow way: its counts, and its send rate as
 * `vcc-sim report` finds it. What a plan, counted team by team, must agree with.
 */
import { CenterReporter } from '../../generator/analysis/center-report.js';
import type { Notification } from '../../generator/notifications/notification.js';
import type { SimulationOptions } from '../../generator/simulation/options.js';
import { simulate } from '../../generator/simulation/simulate.js';

/**
 * A simulated run's counts the slow way: the merged stream, read whole.
 *
 * @example
 * expect(countPlanned(resolveOptions(options)).planned).toBe(countedBySimulation(options).planned);
 */
export function countedBySimulation(options: SimulationOptions) {
  const perType: Record<string, number> = {};
  const perTeam = new Map<number, number>();
  let planned = 0;
  for (const { notification, team } of simulate(options).timed()) {
    planned++;
    perType[notification.type] = (perType[notification.type] ?? 0) + 1;
    perTeam.set(team, (perTeam.get(team) ?? 0) + 1);
  }
  return { planned, perType, perTeam };
}

/**
 * What `vcc-sim report` says of a stream's send rate: its peak second and mean per second.
 *
 * @example
 * expect(countPlanned(resolved).rate.peakPerSecond).toBe(reportedRate(simulate(options)).peakPerSecond);
 */
export function reportedRate(events: Iterable<Notification>) {
  const reporter = new CenterReporter();
  for (const n of events) reporter.add(n);
  const { notifications: r } = reporter.report();
  return {
    total: r.total,
    peakPerSecond: r.peakSecond?.count ?? 0,
    peakAt: r.peakSecond?.at ?? null,
    meanPerSecond: r.meanPerSecond,
  };
}
