/**
 * Parsers and checks of single option values: a clock time, a whole number, a probability, a
 * service objective, a window start. Each throws a {@link SimError} naming the option.
 */

import { SimError } from '../errors.js';

export function clockTime(text: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) {
    throw new SimError('config', `Invalid ${what} "${text}": use HH:MM, e.g. "08:00".`, {
      option: 'hours',
      allowed: `the ${what} ${text} is not a time of day: use HH:MM-HH:MM, e.g. "08:00-18:00"`,
    });
  }
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

export function wholeNumber(
  value: unknown,
  what: string,
  min: number,
  max: number,
  option?: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const allowed = `give a whole number from ${min} to ${max}`;
    throw new SimError(
      'usage',
      `Invalid ${what} ${JSON.stringify(value)}: ${allowed}.`,
      option ? { option, allowed } : undefined,
    );
  }
  return value;
}

export function probability(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new SimError(
      'config',
      `Invalid probability ${what} ${JSON.stringify(value)}: give a number from 0 to 1.`,
    );
  }
  return value;
}

/**
 * Parses a service objective, `'80/20'` (80% answered within 20 s) or its object form.
 *
 * @example
 * parseServiceLevel('90/30') // { target: 0.9, thresholdSeconds: 30 }
 */
export function parseServiceLevel(value: string | { target: number; thresholdSeconds: number }): {
  target: number;
  thresholdSeconds: number;
} {
  const parsed =
    typeof value === 'string'
      ? (() => {
          const m = /^(\d{1,2}(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
          return m ? { target: Number(m[1]) / 100, thresholdSeconds: Number(m[2]) } : undefined;
        })()
      : value;
  if (
    !parsed ||
    !(parsed.target > 0 && parsed.target < 1) ||
    !(parsed.thresholdSeconds > 0 && parsed.thresholdSeconds <= 3600)
  ) {
    throw new SimError(
      'usage',
      `Invalid service level ${JSON.stringify(value)}: give PERCENT/SECONDS, e.g. "80/20" (80% answered within 20 s).`,
      {
        option: 'serviceLevel',
        allowed:
          'give PERCENT/SECONDS, a percent from 1 to 99 and up to 3600 s, e.g. "80/20" (80% answered within 20 s)',
      },
    );
  }
  return parsed;
}

/**
 * Parses a window start: an ISO 8601 timestamp with an explicit zone, a `Date`, or ms since epoch.
 *
 * @example
 * parseStart('2026-01-05T08:00:00Z') // 1767600000000
 */
export function parseStart(value: string | number | Date, what = 'start'): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
          ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
          : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SimError(
      'usage',
      `Invalid ${what} ${JSON.stringify(String(value))}: use an ISO 8601 time with a zone, e.g. "2026-01-05T08:00:00Z".`,
      { option: what, allowed: 'use an ISO 8601 time with a zone, e.g. "2026-01-05T08:00:00Z"' },
    );
  }
  if (ms < 14e11 || ms > 6e12) {
    throw new SimError(
      'usage',
      `The ${what} ${new Date(ms).toISOString()} is outside the range KSUIDs can carry (2014..2150).`,
      { option: what, allowed: 'give a time between 2014 and 2150 (what KSUIDs can carry)' },
    );
  }
  return Math.floor(ms);
}
