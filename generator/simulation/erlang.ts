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
  // A plan's queue keeps its handle time, patience and threshold: one small map for those, then
  // numbers as keys (exact, and no text made per call).
  const shape = `${p.handleTime} ${p.patience} ${p.threshold}`;
  let byRate = serviceLevels.get(shape);
  if (byRate === undefined) {
    if (serviceLevels.size >= MEMO_LIMIT) serviceLevels.clear();
    byRate = new Map();
    serviceLevels.set(shape, byRate);
  }
  let byAgents = byRate.get(p.arrivalRate);
  if (byAgents === undefined) {
    if (byRate.size >= MEMO_LIMIT) byRate.clear();
    byAgents = new Map();
    byRate.set(p.arrivalRate, byAgents);
  }
  let level = byAgents.get(p.agents);
  if (level === undefined) {
    level = computeServiceLevel(p);
    byAgents.set(p.agents, level);
  }
  return level;
}

/** What {@link erlangAServiceLevel} reads. */
interface ErlangAQuery {
  agents: number;
  arrivalRate: number;
  handleTime: number;
  patience: number;
  threshold: number;
}

/**
 * Results already computed, by their exact inputs: a day's plan asks
 * for the same slot at the same agents many times (the search for each slot's fewest agents, the
 * gain of one more, the day's prediction), and each costs a stationary distribution and a
 * uniformization. Pure results; cleared when full, so memory stays bounded.
 */
const serviceLevels = new Map<string, Map<number, Map<number, number>>>();
const answeredMemo = new Map<string, readonly number[]>();
const MEMO_LIMIT = 100_000;

function computeServiceLevel(p: ErlangAQuery): number {
  const n = p.agents;
  if (p.arrivalRate <= 0) return 1;
  if (n <= 0) return 0;
  const mu = 1 / p.handleTime;
  const theta = 1 / p.patience;
  const states = stationaryStates(n, p.arrivalRate, mu, theta);
  let level = 0;
  for (let k = 0; k < n && k < states.length; k++) level += states[k] as number;
  // Places so far back that the queue cannot clear them within the threshold count for nothing.
  let reach = 1;
  for (;;) {
    const mean = (n * mu + reach * theta) * p.threshold;
    if (reach > mean + 8 * Math.sqrt(mean) + 8) break;
    reach++;
  }
  const places = Math.min(states.length - n, reach);
  if (places <= 0) return level;
  // served[j]: the chance a caller at place j (1 = next) is answered within the threshold.
  const served = answeredWithinOnce(n * mu, theta, places, p.threshold);
  for (let j = 1; j <= places; j++) level += (states[n + j - 1] as number) * (served[j] as number);
  return level;
}

/** Erlang A's stationary distribution over callers in the system, normalised (long tail cut). */
function stationaryStates(n: number, lambda: number, mu: number, theta: number): number[] {
  const logs: number[] = [0];
  for (let k = 0; k < 1_000_000; k++) {
    const death = Math.min(k + 1, n) * mu + Math.max(0, k + 1 - n) * theta;
    const next = (logs[k] as number) + Math.log(lambda / death);
    logs.push(next);
    if (k + 1 > n && next < (logs[n] as number) - 30) break;
  }
  // The same operations in the same order as max, map and reduce: loops, no spread or copies.
  let top = Number.NEGATIVE_INFINITY;
  for (const l of logs) if (l > top) top = l;
  let total = 0;
  for (let k = 0; k < logs.length; k++) {
    const q = Math.exp((logs[k] as number) - top);
    logs[k] = q;
    total += q;
  }
  for (let k = 0; k < logs.length; k++) logs[k] = (logs[k] as number) / total;
  return logs;
}

/** {@link answeredWithin}, computed once per exact input (it does not depend on the arrivals). */
function answeredWithinOnce(
  service: number,
  theta: number,
  places: number,
  t: number,
): readonly number[] {
  const key = `${service} ${theta} ${places} ${t}`;
  let served = answeredMemo.get(key);
  if (served === undefined) {
    if (answeredMemo.size >= MEMO_LIMIT) answeredMemo.clear();
    served = answeredWithin(service, theta, places, t);
    answeredMemo.set(key, served);
  }
  return served;
}

/** For each place 1..places, the chance of being answered within `t` (uniformization). */
function answeredWithin(service: number, theta: number, places: number, t: number): number[] {
  const rate = service + places * theta + theta;
  const mean = rate * t;
  let g = new Array<number>(places + 1).fill(0); // answered within m steps, from place j
  const out = new Array<number>(places + 1).fill(0);
  let weight = Math.exp(-mean);
  const steps = Math.ceil(mean + 10 * Math.sqrt(mean + 1) + 10);
  for (let m = 0; m <= steps; m++) {
    for (let j = 1; j <= places; j++) out[j] = (out[j] as number) + weight * (g[j] as number);
    const next = new Array<number>(places + 1).fill(0);
    for (let j = 1; j <= places; j++) {
      const advance = service + (j - 1) * theta;
      const ahead = j === 1 ? 1 : (g[j - 1] as number);
      next[j] = (advance / rate) * ahead + (1 - (advance + theta) / rate) * (g[j] as number);
    }
    g = next;
    weight *= mean / (m + 1);
  }
  return out;
}
