/**
 * Replay (`vcc-sim load --events FILE`): the file's NDJSON lines, loaded once into a SharedArray
 * of flat strings, each fired as is by one iteration of an arrival-rate executor: a constant
 * `rate`, or stages that follow the file's own timeline. Iteration numbers are unique across
 * execution segments, so split instances fire disjoint lines.
 */
/// <reference types="k6" />
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import { parseDuration } from '../generator/duration.js';
import { commonOptions, Firer, loadConfig, summaryOutputs } from './fire.js';
import { lineType } from './load-config.js';
import type { K6SummaryData } from './summary.js';

const config = loadConfig();
const file = config.events;
if (!file) throw new Error('Replay needs config.events: the NDJSON file to fire.');

const lines = new SharedArray('events', () =>
  open(file)
    .split('\n')
    .filter((l) => l.trim() !== ''),
);

const vus = Math.max(1, config.vus);
const count = config.count ?? lines.length;

export const options = {
  ...commonOptions(config),
  scenarios: {
    replay: config.rate
      ? {
          executor: 'constant-arrival-rate',
          rate: config.rate,
          timeUnit: '1s',
          // --max-duration caps a replay too (the stages of a timeline come cut by the planner).
          duration: `${Math.min(Math.ceil(count / config.rate) + 1, parseDuration(config.maxDuration) / 1000)}s`,
          preAllocatedVUs: vus,
          maxVUs: vus * 4,
          gracefulStop: config.gracefulStop ?? '2s',
        }
      : {
          executor: 'ramping-arrival-rate',
          startRate: config.stages?.[0]?.target ?? 1,
          timeUnit: '1s',
          stages: config.stages ?? [{ target: 1, duration: `${count + 1}s` }],
          preAllocatedVUs: vus,
          maxVUs: vus * 4,
          gracefulStop: config.gracefulStop ?? '2s',
        },
  },
};

const firer = new Firer(config);

export default function replay(): void {
  const line = lines[exec.scenario.iterationInTest];
  if (line === undefined) return;
  firer.one({ type: lineType(line), body: line });
}

export function handleSummary(data: K6SummaryData): Record<string, string> | undefined {
  return summaryOutputs(config, data);
}
