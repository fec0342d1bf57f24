/**
 * Whether a live `vcc-sim load` run pre-generates its events in the k6 instances (simulated in the
 * init context, then fired) or simulates while firing, and which teams each pre-generating
 * instance is given.
 */
import { PREGENERATE_AUTO_MAX_EVENTS, PREGENERATE_AUTO_RATE } from '../k6/index.js';

/**
 * Pre-generated live runs on N instances: instance `i` gets every N-th team from the i-th, and
 * runs them without an execution segment. A pre-generating instance simulates its teams in the
 * init context, before k6 hands out iterations, so it must be told its teams: k6 keeps which
 * iterations a segment gets to itself.
 *
 * @example
 * pregeneratedTeams([0, 1, 2, 3, 4], 2) // [[0, 2, 4], [1, 3]]
 */
export function pregeneratedTeams(teams: readonly number[], n: number): number[][] {
  return Array.from({ length: n }, (_, i) => teams.filter((_, j) => j % n === i));
}

/** Whether a live run pre-generates, and why, for the run's first line. */
export interface PregenerateChoice {
  pregenerate: boolean;
  why: string;
}

/**
 * Decides whether a live run pre-generates: as the flag says, or, without it, when the run asks each
 * k6 instance for at least `PREGENERATE_AUTO_RATE` events/s on average (simulating while firing
 * would then take CPU from the requests and can fall behind the schedule) and each instance holds
 * at most `PREGENERATE_AUTO_MAX_EVENTS`. Never on the k6-operator, whose runners cannot be given
 * their teams.
 *
 * @example
 * choosePregenerate({ flag: undefined, operator: false, planned: 9e5, mostHeld: 3e5, runSeconds: 60, instances: 3 })
 * // { pregenerate: true, why: 'pre-generated: 5,000 events/s asked of each k6 instance' }
 */
export function choosePregenerate(run: {
  flag: boolean | undefined;
  operator: boolean;
  planned: number;
  mostHeld: number;
  runSeconds: number;
  instances: number;
}): PregenerateChoice {
  if (run.flag !== undefined)
    return { pregenerate: run.flag, why: run.flag ? 'pre-generated' : 'simulated while firing' };
  if (run.operator) return { pregenerate: false, why: 'simulated while firing' };
  const rate = run.planned / run.instances / Math.max(run.runSeconds, 1e-3);
  const asked = `${Math.round(rate).toLocaleString('en')} events/s asked of each k6 instance`;
  if (rate < PREGENERATE_AUTO_RATE)
    return { pregenerate: false, why: `simulated while firing: ${asked}` };
  if (run.mostHeld > PREGENERATE_AUTO_MAX_EVENTS)
    return {
      pregenerate: false,
      why: `simulated while firing: ${asked}, but ${run.mostHeld.toLocaleString('en')} events per instance are too many to pre-generate (--segments splits them)`,
    };
  return { pregenerate: true, why: `pre-generated: ${asked}` };
}
