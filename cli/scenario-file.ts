import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SimError } from '../generator/errors.js';
import {
  DEFAULT_SCENARIO,
  type DeliveryProfile,
  getScenario,
  type LoadProfile,
  type Scenario,
} from '../scenarios/index.js';

const isFile = (name: string) =>
  /[/\\]/.test(name) || ['.json', '.js', '.mjs'].includes(extname(name));

/**
 * A scenario by name, or from a file a user wrote (`.json`, or an ES module whose default export is
 * a scenario, as `vcc-sim scenarios show NAME` prints it). Fields a file leaves out come from the
 * default scenario. A file in the shape before the one top-level `speed` (its speed stated as
 * `delivery.pace.speed` and `load.speed`) is read too.
 *
 * @example
 * const scenario = await loadScenario('./my-scenario.mjs'); // or loadScenario('peak-hour')
 */
export async function loadScenario(name: string | undefined): Promise<Scenario> {
  if (!name) return getScenario(DEFAULT_SCENARIO);
  if (!isFile(name)) return getScenario(name);
  const path = resolve(name);
  if (!existsSync(path)) throw new SimError('input', `Scenario file ${name} does not exist.`);
  let value: unknown;
  try {
    value =
      extname(path) === '.json'
        ? JSON.parse(await readFile(path, 'utf8'))
        : ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (err) {
    throw new SimError(
      'input',
      `Cannot load scenario ${name}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SimError(
      'input',
      `Scenario ${name} must be an object (a module's default export, or JSON).`,
    );
  const s = value as Partial<Scenario>;
  for (const key of ['simulation', 'delivery', 'thresholds', 'load'] as const) {
    if (s[key] !== undefined && (typeof s[key] !== 'object' || s[key] === null))
      throw new SimError('input', `Scenario ${name}: "${key}" must be an object.`);
  }
  const base = getScenario(DEFAULT_SCENARIO);
  const { pace: _pace, ...delivery } = (s.delivery ?? {}) as Partial<DeliveryProfile> & {
    pace?: unknown;
  };
  const { speed: _speed, ...load } = (s.load ?? {}) as Partial<LoadProfile> & { speed?: unknown };
  return {
    ...base,
    ...s,
    name: typeof s.name === 'string' ? s.name : name,
    speed: scenarioSpeed(name, value as Record<string, unknown>) ?? base.speed,
    simulation: { ...base.simulation, ...s.simulation },
    delivery: {
      ...base.delivery,
      ...delivery,
      retry: { ...base.delivery.retry, ...delivery.retry },
    },
    thresholds: s.thresholds ?? base.thresholds,
    load: { ...base.load, ...load },
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
    if (typeof v !== 'number' || !(v > 0))
      throw new SimError(
        'input',
        `Scenario ${name}: "${key}" must be a number above 0 (simulated time per real time), e.g. 600.`,
      );
  if (new Set(stated.map(([, v]) => v)).size > 1)
    throw new SimError(
      'input',
      `Scenario ${name} states its speed more than once (${stated.map(([k, v]) => `${k} ${v}`).join(', ')}): keep one top-level "speed" for both fire and load.`,
    );
  return stated[0]?.[1] as number | undefined;
}
