import { SimError } from '../generator/errors.js';
import { editDistance } from '../generator/notifications/type-filter.js';
import { FLAT_CURVE, PEAK_HOUR_CURVE } from '../generator/simulation/intraday-curve.js';
import type { DeliveryProfile, RetryPolicy, Scenario } from './scenario.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The default retry policy: a common webhook schedule, 24 h, 10 s timeout. */
export const DEFAULT_RETRY: RetryPolicy = {
  scheduleMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR],
  giveUpAfterMs: 24 * HOUR,
  timeoutMs: 10 * SECOND,
};

const delivery = (over: Partial<DeliveryProfile> = {}): DeliveryProfile => ({
  concurrency: 32,
  mode: 'structured',
  retry: DEFAULT_RETRY,
  ...over,
});

const thresholds = (p95: number) => ({
  http_req_failed: ['rate<0.01'],
  http_req_duration: [`p(95)<${p95}`],
  dropped_iterations: ['count<1'],
  checks: ['rate>0.99'],
});

const ALL_V0 = ['channel.*.v0', 'agent.presencechanged.v0'];

/** The built-in scenarios, by name. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'smoke',
    summary: 'A few agents for ten minutes: checks a receiver end to end in seconds',
    description:
      'Four agents in one team over 10 minutes of a busy morning, blending calls with emails (a call interrupts an email, which resumes after it), every v0 event type. Fired at 60x it takes about ten seconds. Use it to see that a receiver answers at all before a real load.',
    speed: 60,
    simulation: {
      agents: 4,
      duration: '10m',
      start: '2026-01-05T10:00:00Z',
      types: ALL_V0,
      occupancy: 0.95,
      emails: { perAgentHour: 12 },
    },
    delivery: delivery({ concurrency: 8 }),
    thresholds: thresholds(500),
    load: { maxDuration: '1m' },
  },
  {
    name: 'steady',
    summary: 'A flat mid-size day: 60 agents, 10 hours, even demand',
    description:
      'Sixty agents in three queues of 20 over a whole 10-hour day (08:00-18:00) with a flat intraday curve and no weekday effect: a steady stream of disconnected/wrapstarted pairs. Fired at 600x the day takes a minute.',
    speed: 600,
    simulation: {
      agents: 60,
      teamSize: 20,
      duration: '10h',
      curve: FLAT_CURVE,
      hours: { open: '08:00', close: '18:00' },
      dailyLevelSd: 0,
    },
    delivery: delivery(),
    thresholds: thresholds(300),
    load: { maxDuration: '3m' },
  },
  {
    name: 'peak-hour',
    summary: 'A morning with a sharp 09:00-10:00 peak: 120 agents, 4 hours',
    description:
      'One hundred and twenty agents in two queues from 08:00 to 12:00 on a curve that triples demand between 09:00 and 10:00, and 15% more calls than the staffing plan was made for: queues build, some callers abandon, agents run back to back. Tests a receiver at its busiest hour.',
    speed: 600,
    simulation: {
      agents: 120,
      duration: '4h',
      curve: PEAK_HOUR_CURVE,
      demandOverForecast: 1.15,
      dailyLevelSd: 0,
    },
    delivery: delivery({ concurrency: 64 }),
    thresholds: thresholds(500),
    load: { maxDuration: '3m' },
  },
  {
    name: 'shift-end',
    summary: 'Most agents hang up and wrap within one minute: a burst of simultaneous pairs',
    description:
      'Two hundred agents in four queues on a busy morning; 45 minutes in, 90% of those on a call hang up within one minute (a shift change), so over a hundred disconnected/wrapstarted pairs arrive within a minute. Tests a receiver under a burst.',
    speed: 60,
    simulation: {
      agents: 200,
      duration: '1h',
      start: '2026-01-05T10:00:00Z',
      burst: { at: '45m', within: '1m', share: 0.9 },
      dailyLevelSd: 0,
    },
    delivery: delivery({ concurrency: 128 }),
    thresholds: thresholds(1000),
    load: { maxDuration: '3m' },
  },
  {
    name: 'soak',
    summary: 'Long and flat: 100 agents over 7 days, for leaks and drift',
    description:
      'One hundred agents in two queues over a week of flat demand, every day alike (each agent works 5 of the 7 days). Run it for a long time at a modest speed to find memory growth, connection leaks or slow drift in a receiver.',
    speed: 3600,
    simulation: {
      agents: 100,
      duration: '7d',
      curve: FLAT_CURVE,
      weekdayLevels: [1, 1, 1, 1, 1, 1, 1],
      dailyLevelSd: 0,
    },
    delivery: delivery(),
    thresholds: thresholds(300),
    load: { maxDuration: '10m' },
  },
  {
    name: 'chaos',
    summary:
      'Production delivery and worse: duplicates, reordering, late retries, malformed requests',
    description:
      'A smoke-sized center whose delivery duplicates 10% of notifications, reorders 10%, delays 5% as late retries, and adds 10% malformed requests (missing fields, wrong types, bad JSON, wrong content type, oversized body, bad or expired signature, body changed after signing) that a correct receiver rejects with 4xx. The summary reports how the target answered each fault.',
    speed: 120,
    // 16 agents: with issue 21's model (shrinkage, the 15-min slot plan) 8 agents over 20 minutes
    // made 85 events, so ~8 malformed requests at 10%, too few to send each of the 8 kinds once;
    // 16 make ~180 events, each kind about twice.
    simulation: { agents: 16, duration: '20m', start: '2026-01-05T10:00:00Z', types: ALL_V0 },
    delivery: delivery({
      concurrency: 16,
      chaos: {
        duplicateRate: 0.1,
        outOfOrderRate: 0.1,
        delayedRetryRate: 0.05,
        malformedRate: 0.1,
      },
    }),
    thresholds: { checks: ['rate>0.99'] },
    load: { maxDuration: '2m' },
  },
];

/** The scenario `vcc-sim load` and `fire` use when none is named. */
export const DEFAULT_SCENARIO = 'smoke';

/**
 * Looks a scenario up by name; an unknown name is an error that suggests the closest.
 *
 * @example
 * getScenario('peak-hour').simulation.agents // 120
 */
export function getScenario(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (found) return found;
  const near = SCENARIOS.map((s) => ({ s, d: editDistance(name, s.name) })).sort(
    (a, b) => a.d - b.d,
  )[0];
  const hint = near && near.d <= 3 ? `; did you mean "${near.s.name}"?` : '.';
  throw new SimError(
    'unknown-scenario',
    `Unknown scenario "${name}". Run "vcc-sim scenarios" to list them${hint}`,
    {
      option: 'scenario',
      allowed: `not a scenario: give a name "vcc-sim scenarios" lists${hint === '.' ? '' : hint.replace(/^; /, ' (').replace(/\?$/, '?)')} or a scenario file (.js, .mjs, .json)`,
    },
  );
}
