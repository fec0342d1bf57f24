import type { SimulationOptions } from '../generator/simulation/options.js';

/**
 * How the sender paces deliveries (`vcc-sim fire`'s `--speed`, `--rate` and `--max`; a scenario
 * states only its {@link Scenario.speed}).
 */
export interface Pace {
  /** Replay the timeline this many times faster than real time (1 = real time). */
  speed?: number;
  /** Cap on requests per second. */
  rate?: number;
  /** As fast as the target accepts. */
  max?: boolean;
}

/**
 * Redelivery of failed notifications. VCC retries for up to 24 h (schedule undocumented); the
 * default is a common webhook schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h) in
 * simulated time, compressed by the speed.
 */
export interface RetryPolicy {
  /** Delays before each retry, in ms of simulated time; the last repeats until `giveUpAfterMs`. */
  scheduleMs: number[];
  /** Stop retrying this long (simulated) after the first attempt. Default 24 h. */
  giveUpAfterMs: number;
  /** No answer within this many ms (real time) is a failure. Default 10 000. */
  timeoutMs: number;
}

/** Faults the chaos scenario injects on the way to the receiver. */
export interface ChaosProfile {
  /** Share of notifications delivered twice (same id). */
  duplicateRate: number;
  /** Share of notifications held back and delivered after later ones. */
  outOfOrderRate: number;
  /** Share of notifications first delivered late, as a retry would be. */
  delayedRetryRate: number;
  /** Share of extra, malformed requests a correct receiver must reject with 4xx. */
  malformedRate: number;
}

/** A delivery profile for `vcc-sim fire`: concurrency, content mode, retries and faults. */
export interface DeliveryProfile {
  concurrency: number;
  mode: 'structured' | 'binary' | 'batch';
  retry: RetryPolicy;
  chaos?: ChaosProfile;
}

/**
 * k6 thresholds by metric name, in k6's own syntax (e.g. `{ http_req_failed: ['rate<0.01'] }`),
 * applied by `vcc-sim load` (k6 judges them; `fire` judges delivery by outcomes instead).
 */
export type Thresholds = Record<string, string[]>;

/** k6 load settings for `vcc-sim load`. */
export interface LoadProfile {
  /** Stop the k6 run after this long (real time), e.g. `'2m'`. */
  maxDuration: string;
}

/**
 * A named scenario: a simulated center plus how its notifications are delivered and judged.
 * Copy one from `vcc-sim scenarios show NAME` to write your own.
 *
 * @example
 * const mine: Scenario = { ...getScenario('steady'), name: 'mine', simulation: { agents: 80 } };
 */
export interface Scenario {
  name: string;
  /** One line for `vcc-sim scenarios`. */
  summary: string;
  /** What it models and what it is for. */
  description: string;
  /**
   * Simulated time runs this many times faster than real time, when `fire` delivers the scenario
   * and when `load` fires it through k6 (`--speed` overrides it).
   */
  speed: number;
  simulation: SimulationOptions;
  delivery: DeliveryProfile;
  thresholds: Thresholds;
  load: LoadProfile;
}
