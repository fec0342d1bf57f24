import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SimError } from '../generator/errors.js';
import { DEFAULT_SCENARIO, getScenario } from '../scenarios/catalog.js';
import type { Scenario } from '../scenarios/scenario.js';

const isFile = (name: string) =>
  /[/\\]/.test(name) || ['.json', '.js', '.mjs'].includes(extname(name));

/**
 * A scenario by name, or from a file a user wrote (`.json`, or an ES module whose default export is
 * a scenario, as `vcc-sim scenarios show NAME` prints it). Fields a file leaves out come from the
 * default scenario.
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
  return {
    ...base,
    ...s,
    name: typeof s.name === 'string' ? s.name : name,
    simulation: { ...base.simulation, ...s.simulation },
    delivery: {
      ...base.delivery,
      ...s.delivery,
      retry: { ...base.delivery.retry, ...s.delivery?.retry },
    },
    thresholds: s.thresholds ?? base.thresholds,
    load: { ...base.load, ...s.load },
  };
}
