/**
 * The weekly roster: which of a queue's agents work on each day of a week (Monday to Sunday),
 * each on at most `daysPerWeek` days, so that each day has the agents its plan needs. Days off
 * go where the week needs fewest agents; the order agents are rostered in turns week by week,
 * so a week with fewer shifts than the agents' days gives the spare days off to other agents
 * each week. Pure arithmetic.
 */

/** Weekdays in the order the roster fills them, the busiest of a typical week first. */
const FILL_ORDER = [1, 2, 3, 4, 5, 6, 0];

/**
 * Who works when: `works[agent][weekday]` (Sunday 0), for `need[weekday]` agents wanted each
 * day (more than `agents` is capped), each agent working at most `daysPerWeek` days.
 *
 * @example
 * weekRoster([0, 6, 6, 6, 6, 6, 2], 7, 5, 0).map((days) => days.filter(Boolean).length) // [5, 5, 5, 5, 5, 5, 2]
 */
export function weekRoster(
  need: readonly number[],
  agents: number,
  daysPerWeek: number,
  turn: number,
): boolean[][] {
  const remaining = need.map((n) => Math.min(Math.max(0, n), agents));
  const works = Array.from({ length: agents }, () => new Array<boolean>(7).fill(false));
  for (let j = 0; j < agents; j++) {
    const days = works[(j + turn) % agents] as boolean[];
    const order = [...FILL_ORDER].sort(
      (a, b) => (remaining[b] as number) - (remaining[a] as number),
    );
    for (const d of order.slice(0, daysPerWeek)) {
      if ((remaining[d] as number) <= 0) continue;
      remaining[d] = (remaining[d] as number) - 1;
      days[d] = true;
    }
  }
  return works;
}

/** The Monday-based week of a local day (days since the epoch; the epoch was a Thursday). */
export function weekOf(localDay: number): number {
  return Math.floor((localDay + 3) / 7);
}

/** The weekday (Sunday 0) of a local day (days since the epoch). */
export function weekdayOf(localDay: number): number {
  return (((localDay + 4) % 7) + 7) % 7;
}
