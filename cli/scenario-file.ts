import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SimError } from '../generator/errors.js';
import { editDistance } from '../generator/notifications/type-filter.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import {
  DEFAULT_RETRY,
  DEFAULT_SCENARIO,
  type DeliveryProfile,
  getScenario,
  type LoadProfile,
  type RetryPolicy,
  type Scenario,
} from '../scenarios/index.js';
import { unwrapScenarioSummary } from './json-summary.js';

const isFile = (name: string) =>
  /[/\\]/.test(name) || ['.json', '.js', '.mjs'].includes(extname(name));

/**
 * What a scenario file's missing fields take: the library's defaults, never another scenario's.
 * The simulation's come from `resolveOptions`, the delivery's are the sender's (32 in flight,
 * structured, the default retry schedule); with no `speed` a file runs in real time, with no
 * `thresholds` k6 judges none, and with no `load.maxDuration` `vcc-sim load` asks for
 * `--max-duration`.
 */
export const SCENARIO_FILE_DEFAULTS = {
  summary: '',
  description: '',
  speed: 1,
  delivery: { concurrency: 32, mode: 'structured', retry: DEFAULT_RETRY } as DeliveryProfile,
  thresholds: {},
} as const;

/**
 * A scenario by name, or from a file a user wrote (`.json`, or an ES module whose default export is
 * a scenario, as `vcc-sim scenarios show NAME` prints it). A file is a whole scenario: its fields
 * replace the default scenario's (they are not merged with `smoke`), and fields it leaves out take
 * the library's defaults ({@link SCENARIO_FILE_DEFAULTS}). A file in the shape before the one
 * top-level `speed` (its speed stated as `delivery.pace.speed` and `load.speed`) is read too.
 *
 * @example
 * const scenario = await loadScenario('./my-scenario.mjs'); // or loadScenario('peak-hour')
 */
export async function loadScenario(name: string | undefined): Promise<Scenario> {
  if (!name) return getScenario(DEFAULT_SCENARIO);
  if (!isFile(name)) return getScenario(name);
  const path = resolve(name);
  if (!existsSync(path))
    throw new SimError('input', `Scenario file ${name} does not exist.`, {
      option: 'scenario',
      allowed: 'no such scenario file',
    });
  if (statSync(path).isDirectory())
    throw new SimError('input', `Scenario ${name} is a folder: give a scenario file.`, {
      option: 'scenario',
      allowed:
        'a folder; give a scenario file (.js, .mjs, .json) or a name "vcc-sim scenarios" lists',
    });
  let value: unknown;
  try {
    value =
      extname(path) === '.json'
        ? unwrapScenarioSummary(JSON.parse(await readFile(path, 'utf8')))
        : ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (err) {
    throw new SimError(
      'input',
      // Without the place inside this package it was imported from: the user's file is the news.
      `Cannot load scenario ${name}: ${(err as Error).message.split('\n')[0]?.replace(/ imported from \S+$/, '')}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SimError(
      'input',
      `Scenario ${name} must be an object (a module's default export, or JSON).`,
    );
  const s = value as Partial<Scenario>;
  for (const key of ['simulation', 'delivery', 'thresholds', 'load'] as const) {
    if (
      s[key] !== undefined &&
      (typeof s[key] !== 'object' || s[key] === null || Array.isArray(s[key]))
    )
      throw new SimError('input', `Scenario ${name}: "${key}" must be an object.`);
  }
  checkKeys(name, value as Record<string, unknown>);
  if (s.thresholds !== undefined) checkThresholds(name, s.thresholds);
  const d = SCENARIO_FILE_DEFAULTS;
  const { pace: _pace, ...delivery } = (s.delivery ?? {}) as Partial<DeliveryProfile> & {
    pace?: unknown;
  };
  const { speed: _speed, ...load } = (s.load ?? {}) as Partial<LoadProfile> & { speed?: unknown };
  return {
    ...s,
    name: typeof s.name === 'string' ? s.name : name,
    summary: typeof s.summary === 'string' ? s.summary : d.summary,
    description: typeof s.description === 'string' ? s.description : d.description,
    speed: scenarioSpeed(name, value as Record<string, unknown>) ?? d.speed,
    simulation: { ...s.simulation },
    delivery: {
      ...d.delivery,
      ...delivery,
      retry: { ...d.delivery.retry, ...delivery.retry },
    },
    thresholds: s.thresholds ?? { ...d.thresholds },
    // A missing maxDuration has no library default: `vcc-sim load` asks for --max-duration.
    load: load as LoadProfile,
  };
}

/**
 * The one speed a scenario file states: `speed`, or in the shape before it, `delivery.pace.speed`
 * and `load.speed` (accepted when they agree). Undefined when it states none.
 */
function scenarioSpeed(name: string, file: Record<string, unknown>): number | undefined {
  const pace = (file['delivery'] as { pace?: unknown } | undefined)?.pace;
  if (pace !== undefined) {
    const p = pace as { speed?: unknown; rate?: unknown; max?: unknown } | null;
    if (typeof p !== 'object' || p === null || p.rate !== undefined || p.max !== undefined)
      throw new SimError(
        'input',
        `Scenario ${name}: "delivery.pace" is gone: give the scenario one "speed" (e.g. speed: 600) and cap the rate with "vcc-sim fire --rate N" or fire as fast as accepted with "--max".`,
      );
  }
  const stated = [
    ['speed', file['speed']],
    ['delivery.pace.speed', (pace as { speed?: unknown } | undefined)?.speed],
    ['load.speed', (file['load'] as { speed?: unknown } | undefined)?.speed],
  ].filter(([, v]) => v !== undefined) as Array<[string, unknown]>;
  for (const [key, v] of stated)
    if (typeof v !== 'number' || !(v > 0 && v <= MAX_SPEED))
      throw new SimError(
        'input',
        `Scenario ${name}: "${key}" must be a number above 0 and at most 1e9 (simulated time per real time), e.g. 600.`,
      );
  if (new Set(stated.map(([, v]) => v)).size > 1)
    throw new SimError(
      'input',
      `Scenario ${name} states its speed more than once (${stated.map(([k, v]) => `${k} ${v}`).join(', ')}): keep one top-level "speed" for both fire and load.`,
    );
  return stated[0]?.[1] as number | undefined;
}

/** The fastest speed `fire` and `load` keep (`load --speed` refuses more too). */
const MAX_SPEED = 1e9;

/**
 * Every key a scenario file may hold, by where it is. The simulation's are typed against
 * `SimulationOptions`: a new option that is not listed here fails the type check, so no file key
 * the generator reads is ever refused.
 */
const SIMULATION_KEYS = Object.keys({
  seed: 1,
  start: 1,
  duration: 1,
  end: 1,
  agents: 1,
  teamSize: 1,
  teams: 1,
  types: 1,
  hours: 1,
  utcOffset: 1,
  timeZone: 1,
  timeZoneOffsets: 1,
  shift: 1,
  curve: 1,
  staffing: 1,
  serviceLevel: 1,
  afterHours: 1,
  occupancy: 1,
  arrivalsPerAgentHour: 1,
  callsPerHour: 1,
  weekdayLevels: 1,
  dailyLevelSd: 1,
  demandOverForecast: 1,
  intradayReaction: 1,
  ringTimeout: 1,
  distributions: 1,
  probabilities: 1,
  reasons: 1,
  disconnectedReason: 1,
  emails: 1,
  burst: 1,
  supervisorSpan: 1,
  supervisorsTakeCalls: 1,
  offline: 1,
  absence: 1,
  daysPerWeek: 1,
  personalTimePerHour: 1,
  systemIssuesPerHour: 1,
  lateStart: 1,
  intradayNoiseSd: 1,
} satisfies Record<keyof SimulationOptions, 1>);

const KEYS: Record<string, readonly string[]> = {
  '': ['name', 'summary', 'description', 'speed', 'simulation', 'delivery', 'thresholds', 'load'],
  simulation: SIMULATION_KEYS,
  // `pace` and `load.speed`: the shape before the one top-level speed (read by scenarioSpeed).
  delivery: ['concurrency', 'mode', 'retry', 'chaos', 'pace'],
  'delivery.retry': Object.keys({
    scheduleMs: 1,
    giveUpAfterMs: 1,
    timeoutMs: 1,
  } satisfies Record<keyof RetryPolicy, 1>),
  'delivery.chaos': ['duplicateRate', 'outOfOrderRate', 'delayedRetryRate', 'malformedRate'],
  load: ['maxDuration', 'speed'],
};

/**
 * Refuses a key the scenario does not read (`agentz: 5` would run the default 20 agents), naming
 * it and the nearest known key.
 */
function checkKeys(name: string, file: Record<string, unknown>): void {
  for (const [where, known] of Object.entries(KEYS)) {
    const at =
      where === ''
        ? file
        : where
            .split('.')
            .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], file);
    if (typeof at !== 'object' || at === null || Array.isArray(at)) continue;
    for (const key of Object.keys(at)) {
      if (known.includes(key)) continue;
      const near = known
        .map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
        .sort((a, b) => a.d - b.d)[0];
      const path = where === '' ? key : `${where}.${key}`;
      const hint =
        near && near.d <= Math.max(2, Math.floor(key.length / 3))
          ? `did you mean "${near.k}"?`
          : `keys there: ${known.join(', ')}.`;
      throw new SimError('input', `Scenario ${name}: "${path}" is not a scenario key; ${hint}`);
    }
  }
}

/**
 * k6's shape for thresholds: by metric, a list of expressions (or of `{ threshold, abortOnFail,
 * delayAbortEval }`). A string would reach k6 read character by character.
 */
function checkThresholds(name: string, thresholds: unknown): void {
  for (const [metric, list] of Object.entries(thresholds as Record<string, unknown>)) {
    const ok =
      Array.isArray(list) &&
      list.every(
        (t) =>
          typeof t === 'string' ||
          (typeof t === 'object' &&
            t !== null &&
            typeof (t as { threshold?: unknown }).threshold === 'string'),
      );
    if (!ok)
      throw new SimError(
        'input',
        `Scenario ${name}: "thresholds.${metric}" must be a list of k6 expressions, e.g. ${metric}: ['rate<0.01'] (or objects { threshold, abortOnFail }).`,
      );
  }
}
