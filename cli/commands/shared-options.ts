import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { SimError } from '../../generator/errors.js';
import type { SimulationOptions } from '../../generator/simulation/options.js';
import { flagError } from '../flag-checks.js';

/** The simulation flags `generate`, `fire` and `load` share. */
export function simulationFlags<T>(y: Argv<T>) {
  return y
    .option('agents', { type: 'number', describe: 'Agents taking calls', defaultDescription: '20' })
    .option('start', {
      type: 'string',
      describe: 'Window start, ISO 8601 UTC',
      defaultDescription: '2026-01-05T08:00:00Z',
    })
    .option('duration', {
      type: 'string',
      describe: 'Window length, e.g. 8h, 30m, 7d',
      defaultDescription: '8h',
    })
    .option('end', { type: 'string', describe: 'Window end, ISO 8601 UTC (instead of --duration)' })
    .option('seed', {
      type: 'string',
      describe: 'Seed: same seed and options, same bytes',
      defaultDescription: '1',
    })
    .option('types', {
      type: 'string',
      array: true,
      describe: 'Subscribed event types: names and wildcards, space- or comma-separated',
      defaultDescription: 'channel.disconnected.v0 channel.wrapstarted.v0',
    })
    .option('team-size', {
      type: 'number',
      describe: 'Agents per team; each team is its own ACD queue (skill group)',
      defaultDescription: '64',
    })
    .option('hours', {
      type: 'string',
      describe: "Opening hours in the center's time, HH:MM-HH:MM; calls arrive only while open",
      defaultDescription: '08:00-18:00',
    })
    .option('utc-offset', {
      type: 'string',
      describe: "The center's offset from UTC, e.g. -5h or 5h30m",
      defaultDescription: '0',
    })
    .option('time-zone', {
      type: 'string',
      describe:
        "The center's IANA time zone, DST included, e.g. America/New_York (not with --utc-offset)",
    })
    .option('calls-per-hour', {
      type: 'number',
      describe:
        'Size by demand: calls per hour at the peak; the staff follows (instead of --agents)',
    })
    .option('service-level', {
      type: 'string',
      describe: 'The objective the staffing plan aims for, PERCENT/SECONDS',
      defaultDescription: '80/20',
    })
    .option('staffing', {
      choices: ['planned', 'all'] as const,
      describe: 'planned: shifts follow the forecast (WFM); all: every agent every open hour',
      defaultDescription: 'planned',
    })
    .option('after-hours', {
      choices: ['closed', 'voicemail'] as const,
      describe: 'A call while closed: no interaction (closed message) or straight to voicemail',
      defaultDescription: 'closed',
    })
    .option('teams', {
      type: 'string',
      describe: 'Only these team indexes, e.g. 0,2-3 (sharding)',
    });
}

/** Parses `0,2-4` into [0, 2, 3, 4]. */
export function parseTeamList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw flagError('teams', text, 'use team indexes and ranges, e.g. "0,2-3"');
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a)
      throw flagError('teams', text, `the range ${a}-${b} runs backwards: write it ${b}-${a}`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

/** Parses `--hours 08:00-18:00`. */
export function parseHours(text: string): { open: string; close: string } {
  const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!m) throw flagError('hours', text, 'use HH:MM-HH:MM, e.g. "08:00-18:00"');
  return { open: m[1] as string, close: m[2] as string };
}

/** Splits `--types a,b --types c` into ['a', 'b', 'c']. */
export function typeList(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => v.split(/[,\s]+/)).filter(Boolean);
}

/** The shared simulation flags, as yargs gives them (camel-cased). */
export interface SimulationFlags {
  agents?: number | undefined;
  start?: string | undefined;
  duration?: string | undefined;
  end?: string | undefined;
  seed?: string | undefined;
  types?: string[] | undefined;
  teamSize?: number | undefined;
  teams?: string | undefined;
  hours?: string | undefined;
  utcOffset?: string | undefined;
  timeZone?: string | undefined;
  serviceLevel?: string | undefined;
  callsPerHour?: number | undefined;
  staffing?: 'planned' | 'all' | undefined;
  afterHours?: 'closed' | 'voicemail' | undefined;
}

/** The simulation options the shared flags describe; unset flags keep the scenario's or defaults. */
export function simulationOptionsFromFlags(
  argv: SimulationFlags,
  base: SimulationOptions = {},
): SimulationOptions {
  const o: SimulationOptions = { ...base };
  if (argv.agents !== undefined) o.agents = argv.agents;
  if (argv.start !== undefined) o.start = argv.start;
  if (argv.duration !== undefined || argv.end !== undefined) {
    delete o.duration;
    delete o.end;
  }
  if (argv.duration !== undefined) o.duration = argv.duration;
  if (argv.end !== undefined) o.end = argv.end;
  if (argv.seed !== undefined) o.seed = argv.seed;
  const types = typeList(argv.types);
  if (types) o.types = types;
  if (argv.teamSize !== undefined) o.teamSize = argv.teamSize;
  if (argv.teams !== undefined) o.teams = parseTeamList(argv.teams);
  if (argv.hours !== undefined) o.hours = parseHours(argv.hours);
  if (argv.utcOffset !== undefined && argv.timeZone !== undefined)
    throw new SimError(
      'usage',
      'Give --time-zone or --utc-offset, not both: the center keeps one clock.',
    );
  // A flag's clock replaces the scenario's, whichever kind it is.
  if (argv.utcOffset !== undefined) {
    o.utcOffset = argv.utcOffset;
    delete o.timeZone;
    delete o.timeZoneOffsets;
  }
  if (argv.timeZone !== undefined) {
    o.timeZone = argv.timeZone;
    delete o.timeZoneOffsets;
    delete o.utcOffset;
  }
  if (argv.serviceLevel !== undefined) o.serviceLevel = argv.serviceLevel;
  if (argv.callsPerHour !== undefined) {
    // Demand given: the staff follows, unless --agents names it too.
    o.callsPerHour = argv.callsPerHour;
    delete o.occupancy;
    delete o.arrivalsPerAgentHour;
    if (argv.agents === undefined) delete o.agents;
  }
  if (argv.staffing !== undefined) o.staffing = argv.staffing;
  if (argv.afterHours !== undefined) o.afterHours = argv.afterHours;
  return o;
}

/**
 * Parses `--header 'Name: value'` flags (and `--bearer TOKEN`) into lower-cased request headers;
 * a malformed one is a one-line usage error.
 */
export function parseHeaders(
  values: readonly string[] | undefined,
  bearer?: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of values ?? []) {
    const i = h.indexOf(':');
    const name = h.slice(0, i).trim();
    if (i <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new SimError('usage', `Invalid --header "${h}": write it as 'Name: value'.`);
    const value = h.slice(i + 1).trim();
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value))
      throw new SimError(
        'usage',
        `Invalid --header "${name}": its value holds a control character.`,
      );
    headers[name.toLowerCase()] = value;
  }
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return headers;
}

/** The environment variable a subscription secret can come from (out of sight of `ps`). */
export const SECRET_ENV = 'VCC_SIM_SECRET';

/**
 * `--secret` and `--secret-file`, for the commands that sign or verify (`fire`, `receive`,
 * `load`); `what` says which, e.g. "sign every request with Vonage-Signature".
 */
export function secretFlags<T>(y: Argv<T>, what: string) {
  return y
    .option('secret', {
      type: 'string',
      describe: `Base64 subscription secret: ${what} (visible in ps: prefer --secret-file or ${SECRET_ENV})`,
      defaultDescription: `$${SECRET_ENV} when set`,
    })
    .option('secret-file', {
      type: 'string',
      describe: 'Read the base64 subscription secret from this file (its first line)',
    })
    .conflicts('secret', 'secret-file');
}

/**
 * The subscription secret: `--secret`, else `--secret-file`, else the environment variable
 * `VCC_SIM_SECRET`; undefined when none is given. An empty one is a usage error, never a silent
 * unsigned (or unverified) run: `--secret "$SECRET"` with `$SECRET` unset is a mistake.
 *
 * @example
 * const secret = resolveSecret(argv); // undefined: unsigned
 */
export function resolveSecret(
  argv: { secret?: string | undefined; secretFile?: string | undefined },
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const fix = `give the base64 subscription secret, --secret-file FILE, or set ${SECRET_ENV}`;
  if (argv.secret !== undefined) {
    if (argv.secret.trim() === '')
      throw new SimError(
        'usage',
        `Invalid --secret: it is empty (is the variable you passed unset?); ${fix}.`,
      );
    return argv.secret;
  }
  if (argv.secretFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(argv.secretFile, 'utf8');
    } catch (err) {
      throw new SimError(
        'usage',
        `Cannot read --secret-file ${argv.secretFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      );
    }
    const secret = (text.split(/\r?\n/)[0] ?? '').trim();
    if (secret === '')
      throw new SimError('usage', `Invalid --secret-file ${argv.secretFile}: it is empty; ${fix}.`);
    return secret;
  }
  const fromEnv = env[SECRET_ENV];
  if (fromEnv === undefined) return undefined;
  if (fromEnv.trim() === '')
    throw new SimError('usage', `Invalid ${SECRET_ENV}: it is set but empty; ${fix}, or unset it.`);
  return fromEnv.trim();
}
