/**
 * The shrinkage options: offline activities, unplanned absence, late starts, personal time and
 * system issues, and the working days a week (the sources of each default: docs/simulation.md).
 */

import { parseDuration } from '../duration.js';
import { SimError } from '../errors.js';
import { wholeNumber } from './option-checks.js';
import type { OfflineActivity, Shrinkage, SimulationOptions } from './option-types.js';

/**
 * Default offline activities a week per agent: a 30-minute team meeting, a 30-minute coaching
 * session and two 90-minute training sessions (5% of a 40-hour week in meetings and coaching,
 * 7.5% in training; see docs/simulation.md for the sources).
 */
const DEFAULT_OFFLINE: OfflineActivity[] = [
  { kind: 'meeting', length: '30m', perWeek: 1 },
  { kind: 'coaching', length: '30m', perWeek: 1 },
  { kind: 'training', length: '90m', perWeek: 2 },
];

/** Offline activities, unplanned absence and late starts, time away unplanned, days a week. */
export function resolveShrinkage(options: SimulationOptions): Shrinkage {
  const daysPerWeek = wholeNumber(options.daysPerWeek ?? 5, 'days per week', 1, 7, 'daysPerWeek');
  const offline = (options.offline ?? DEFAULT_OFFLINE).map((a) => {
    if (!['meeting', 'training', 'coaching'].includes(a.kind))
      throw new SimError(
        'config',
        `Invalid offline activity kind ${JSON.stringify(a.kind)}: use "meeting", "training" or "coaching".`,
        { option: 'offline', allowed: 'use "meeting", "training" or "coaching"' },
      );
    if (!(typeof a.perWeek === 'number' && a.perWeek >= 0 && a.perWeek <= 7))
      throw new SimError(
        'config',
        `Invalid offline ${a.kind} perWeek ${JSON.stringify(a.perWeek)}: give a number from 0 to 7.`,
        { option: 'offline', allowed: 'give perWeek from 0 to 7' },
      );
    if (a.essential !== undefined && typeof a.essential !== 'boolean')
      throw new SimError(
        'config',
        `Invalid offline ${a.kind} essential ${JSON.stringify(a.essential)}: give true or false.`,
        { option: 'offline', allowed: 'give essential true or false' },
      );
    return {
      kind: a.kind,
      lengthMs: parseDuration(a.length, `${a.kind} length`),
      perWeek: a.perWeek,
      ...(a.essential ? { essential: true } : {}),
    };
  });
  return {
    offline,
    absence: inRange(options.absence ?? 0.05, 'absence', 0.5, 'a share', '0.05'),
    lateStart: inRange(options.lateStart ?? 0.25, 'lateStart', 1, 'a share', '0.25'),
    daysPerWeek,
    personalTimePerHour: inRange(
      options.personalTimePerHour ?? 1,
      'personalTimePerHour',
      10,
      'a number',
      '0.6',
    ),
    systemIssuesPerHour: inRange(
      options.systemIssuesPerHour ?? 0.3,
      'systemIssuesPerHour',
      10,
      'a number',
      '0.2',
    ),
  };
}

/** A number from 0 to `max`, or a config error naming the option. */
function inRange(value: unknown, option: string, max: number, what: string, eg: string): number {
  if (typeof value === 'number' && value >= 0 && value <= max) return value;
  const allowed = `give ${what} from 0 to ${max}, e.g. ${eg}`;
  throw new SimError('config', `Invalid ${option} ${JSON.stringify(value)}: ${allowed}.`, {
    option,
    allowed,
  });
}
