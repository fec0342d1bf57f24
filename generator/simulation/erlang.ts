/**
 * Queueing formulas a workforce planner sizes a contact center with: Erlang C (callers wait
 * forever) and Erlang A (callers abandon after an exponential patience). Pure arithmetic.
 */

/**
 * Erlang C: the probability that a caller waits, with `agents` servers and `traffic` Erlangs
 * (arrival rate x mean handle time). 1 when the agents cannot keep up.
 *
 * @example
 * erlangC(14, 10) // 0.174
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return (agents * b) / (agents - traffic * (1 - b));
}

/** What Erlang C predicts for one staffing level. Times in the unit of `handleTime`. */
export interface ErlangCKpis {
  /** Probability of waiting at all. */
  pWait: number;
  /** Share answered within `threshold`. */
  serviceLevel: number;
  /** Average speed of answer over all callers. */
  asa: number;
  /** Share of the agents' time on calls. */
  occupancy: number;
}

/**
 * Erlang C's service level, ASA and occupancy.
 *
 * @example
 * erlangCKpis({ agents: 14, arrivalRate: 100 / 1800, handleTime: 180, threshold: 20 }).serviceLevel // 0.888
 */
export function erlangCKpis(p: {
  agents: number;
  /** Arrivals per unit of time. */
  arrivalRate: number;
  /** Mean handle time. */
  handleTime: number;
  /** The service-level threshold. */
  threshold: number;
}): ErlangCKpis {
  const traffic = p.arrivalRate * p.handleTime;
  const pWait = erlangC(p.agents, traffic);
  if (pWait >= 1) return { pWait: 1, serviceLevel: 0, asa: Number.POSITIVE_INFINITY, occupancy: 1 };
  const spare = p.agents - traffic;
  return {
    pWait,
    serviceLevel: 1 - pWait * Math.exp((-spare * p.threshold) / p.handleTime),
    asa: (pWait * p.handleTime) / spare,
    occupancy: traffic / p.agents,
  };
}

/**
 * The fewest agents that answer `target` of callers within `threshold` by Erlang C (at least
 * one, and never above `maxOccupancy`).
 *
 * @example
 * requiredAgents({ arrivalRate: 100 / 1800, handleTime: 180, threshold: 20, target: 0.8 }) // 13
 */
export function requiredAgents(p: {
  arrivalRate: number;
  handleTime: number;
  threshold: number;
  target: number;
  maxOccupancy?: number;
}): number {
  const traffic = p.arrivalRate * p.handleTime;
  if (traffic <= 0) return 0;
  const least = Math.max(1, Math.ceil(traffic / (p.maxOccupancy ?? 1)), Math.floor(traffic) + 1);
  // Erlang B by its recursion, one agent at a time: each next staffing level costs O(1).
  let b = 1;
  for (let n = 1; n < 100_000; n++) {
    b = (traffic * b) / (n + traffic * b);
    if (n < least) continue;
    const pWait = (n * b) / (n - traffic * (1 - b));
    const sl = 1 - pWait * Math.exp((-(n - traffic) * p.threshold) / p.handleTime);
    if (sl >= p.target) return n;
  }
  return 100_000;
}

/** What Erlang A predicts: Erlang C with callers who abandon after an exponential patience. */
export interface ErlangAKpis {
  /** Probability of waiting at all. */
  pWait: number;
  /** Share of callers who abandon. */
  abandonment: number;
  /** Mean callers waiting. */
  queue: number;
  /** Share of the agents' time on calls. */
  occupancy: number;
}

/**
 * Erlang A (M/M/n+M), solved as its birth-death chain: `agents` servers, arrival rate, mean
 * handle time and mean patience in one unit of time.
 *
 * @example
 * erlangA({ agents: 10, arrivalRate: 1 / 30, handleTime: 300, patience: 120 }).abandonment
 */
export function erlangA(p: {
  agents: number;
  arrivalRate: number;
  handleTime: number;
  patience: number;
}): ErlangAKpis {
  const mu = 1 / p.handleTime;
  const theta = 1 / p.patience;
  // Unnormalised stationary probabilities, in logs to stay finite for big centers.
  const logs: number[] = [0];
  let k = 0;
  for (;;) {
    const death = Math.min(k + 1, p.agents) * mu + Math.max(0, k + 1 - p.agents) * theta;
    const next = (logs[k] as number) + Math.log(p.arrivalRate / death);
    logs.push(next);
    k++;
    if (k > p.agents && next < (logs[p.agents] as number) - 40) break;
    if (k > 1_000_000) break;
  }
  const top = Math.max(...logs);
  const probs = logs.map((l) => Math.exp(l - top));
  const total = probs.reduce((a, b) => a + b, 0);
  let pWait = 0;
  let queue = 0;
  let busy = 0;
  probs.forEach((q, i) => {
    const pi = q / total;
    if (i >= p.agents) pWait += pi;
    queue += Math.max(0, i - p.agents) * pi;
    busy += Math.min(i, p.agents) * pi;
  });
  return {
    pWait,
    abandonment: (theta * queue) / p.arrivalRate,
    queue,
    occupancy: busy / p.agents,
  };
}

/**
 * The service level by Erlang A (M/M/n+M): the share of offered callers answered within
 * `threshold`, callers who abandon counted as not answered. A caller who finds every agent busy
 * waits at a place in the queue; each place ahead clears as an agent frees up or a caller
 * ahead abandons, while the caller's own patience runs (uniformization of that pure-death
 * chain, all places at once). Same units of time throughout.
 *
 * @example
 * erlangAServiceLevel({ agents: 14, arrivalRate: 110 / 3600, handleTime: 348, patience: 100, threshold: 20 }) // about 0.90
 */
export function erlangAServiceLevel(p: ErlangAQuery): number {
  return erlangAServiceLevels(p)(p.agents, p.arrivalRate);
}

/** What {@link erlangAServiceLevel} reads. */
export interface ErlangAQuery extends ErlangAShape {
  agents: number;
  /** Arrivals per unit of time. */
  arrivalRate: number;
}

/** A queue's shape: what Erlang A's service level depends on besides its agents and arrivals. */
export interface ErlangAShape {
  handleTime: number;
  patience: number;
  threshold: number;
}

/** Erlang A's service level as a function of agents and arrival rate, for one queue shape. */
export type ServiceLevelOf = (agents: number, arrivalRate: number) => number;

/**
 * {@link erlangAServiceLevel} for one queue shape: what depends on the shape alone (each place's
 * chance of an answer within the threshold, per number of agents) is computed once and kept, so
 * a plan that asks for many rates and staffing levels pays O(agents + queue) per question.
 */
export function erlangAServiceLevels(shape: ErlangAShape): ServiceLevelOf {
  const key = `${shape.handleTime} ${shape.patience} ${shape.threshold}`;
  let levels = shapes.get(key);
  if (levels === undefined) {
    if (shapes.size >= SHAPE_LIMIT) shapes.clear();
    levels = serviceLevelsOf(shape);
    shapes.set(key, levels);
  }
  return levels;
}

/** The shapes seen (a run has a few: one per queue kind); cleared when full. */
const shapes = new Map<string, ServiceLevelOf>();
const SHAPE_LIMIT = 256;

function serviceLevelsOf(shape: ErlangAShape): ServiceLevelOf {
  const mu = 1 / shape.handleTime;
  const theta = 1 / shape.patience;
  // served[n][j]: with n agents, the chance a caller at place j (1 = next) is answered in time.
  const served: Array<Float64Array | undefined> = [];
  // Callers who abandon within the threshold on average (patience <= threshold) clear the queue
  // ahead so fast that no place is out of reach: the places needed are then the queue's own.
  const bounded = theta * shape.threshold < 1;
  return (n, lambda) => {
    if (lambda <= 0) return 1;
    if (n <= 0) return 0;
    const need = bounded ? 0 : queueLength(n, lambda, mu, theta);
    let row = served[n];
    if (row === undefined || row.length - 1 < need) {
      const places = bounded
        ? reachOf(n * mu, theta, shape.threshold)
        : Math.max(need, 2 * ((row?.length ?? 1) - 1));
      row = answeredWithin(n * mu, theta, places, shape.threshold);
      served[n] = row;
    }
    return serviceLevel(n, lambda, mu, theta, row);
  };
}

/** The places of the queue {@link serviceLevel} sums over (0 for one no caller is answered in). */
function queueLength(n: number, lambda: number, mu: number, theta: number): number {
  let term = 1;
  let tail = 0;
  for (let j = 1; j < 10_000_000; j++) {
    const death = n * mu + j * theta;
    term *= lambda / death;
    tail += term;
    if (death > lambda && term <= 1e-17 * tail) return j;
    if (tail > 1e280) return 0;
  }
  return 0;
}

/**
 * Erlang A's service level from Erlang B: with B = B(n, λ/μ) and P_j the product over i = 1..j of
 * λ / (nμ + iθ) (P_0 = 1), the chance an arrival finds k < n callers is (1 - B) / (1 + B·T) and
 * finds n + j - 1 (so waits at place j) is B·P_{j-1} / (1 + B·T), where T = Σ_{j≥1} P_j.
 */
function serviceLevel(
  n: number,
  lambda: number,
  mu: number,
  theta: number,
  served: Float64Array,
): number {
  const traffic = lambda / mu;
  let b = 1;
  for (let k = 1; k <= n; k++) b = (traffic * b) / (k + traffic * b);
  const service = n * mu;
  const reach = served.length - 1;
  let term = 1; // P_{j-1}
  let tail = 0; // Σ P_j so far
  let answered = 0; // Σ P_{j-1} served[j] so far
  for (let j = 1; j < 10_000_000; j++) {
    if (j <= reach) answered += term * (served[j] as number);
    const death = service + j * theta;
    term *= lambda / death;
    tail += term;
    // Past the queue's mode the terms fall at least geometrically: stop when they no longer count.
    if (death > lambda && term <= 1e-17 * tail) break;
    // An overloaded queue whose terms outgrow a double: by then no caller is answered in time.
    if (tail > 1e280) return 0;
  }
  return (1 - b + b * answered) / (1 + b * tail);
}

/**
 * Places so far back that the queue cannot clear them within `t` count for nothing (finite when
 * θ·t < 1: the callers ahead do not all abandon within `t`).
 */
function reachOf(service: number, theta: number, t: number): number {
  let reach = 1;
  for (;;) {
    const mean = (service + reach * theta) * t;
    if (reach > mean + 8 * Math.sqrt(mean) + 8) return reach;
    reach++;
  }
}

/** For each place 1..places, the chance of being answered within `t` (uniformization). */
function answeredWithin(service: number, theta: number, places: number, t: number): Float64Array {
  const rate = service + places * theta + theta;
  const mean = rate * t;
  let g = new Float64Array(places + 1); // answered within m steps, from place j
  let next = new Float64Array(places + 1);
  const out = new Float64Array(places + 1);
  // Poisson weights in logs: e^-mean underflows for a big queue (mean over about 745).
  let logWeight = -mean;
  const steps = Math.ceil(mean + 10 * Math.sqrt(mean + 1) + 10);
  for (let m = 0; m <= steps; m++) {
    const weight = Math.exp(logWeight);
    for (let j = 1; j <= places; j++) out[j] = (out[j] as number) + weight * (g[j] as number);
    for (let j = 1; j <= places; j++) {
      const advance = service + (j - 1) * theta;
      const ahead = j === 1 ? 1 : (g[j - 1] as number);
      next[j] = (advance / rate) * ahead + (1 - (advance + theta) / rate) * (g[j] as number);
    }
    [g, next] = [next, g];
    logWeight += Math.log(mean / (m + 1));
  }
  return out;
}
