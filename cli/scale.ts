/**
 * `--scale N` of `fire --events` and `load --events`: a stream replayed N times over on its own
 * timeline, each copy with ids of its own, consistent within it (its channel, conversation,
 * interaction, user and agent ids new, its KSUIDs re-minted on their own timestamps), so a
 * receiver sees N times the events, every id unique, at N times the rate of each moment: "our
 * busiest Monday, three times over". The presence catalog (presenceId) is the center's, shared.
 */

import { constants } from 'node:buffer';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import { IdMapper, isGuid } from './id-mapper.js';

/** The most copies `--scale` makes. */
export const MAX_SCALE = 1000;

/**
 * Checks `--scale` (a whole number from 1 to {@link MAX_SCALE}, with an events file).
 *
 * @example
 * checkScale(3, 'day.ndjson') // 3
 */
export function checkScale(
  scale: number | undefined,
  events: string | undefined,
): number | undefined {
  if (scale === undefined) return undefined;
  if (!(Number.isInteger(scale) && scale >= 1 && scale <= MAX_SCALE))
    throw new SimError(
      'usage',
      `--scale ${JSON.stringify(scale)}: give a whole number of copies from 1 to ${MAX_SCALE}.`,
    );
  if (events === undefined)
    throw new SimError(
      'usage',
      '--scale copies a file: give --events FILE too (a simulation scales with --agents).',
    );
  return scale;
}

/**
 * The copies of each event, copy by copy: the same `time`, the ids of its copy.
 *
 * @example
 * const copies = new ScaledCopies(3);
 * for (const e of events) for (const c of copies.of(e)) send(c);
 */
export class ScaledCopies {
  private readonly mappers: IdMapper[];

  constructor(readonly n: number) {
    const agents = new Set<string>();
    this.mappers = Array.from(
      { length: n },
      (_, k) => new IdMapper(`vcc-sim --scale copy ${k + 1}`, 0, agents),
    );
  }

  /** The N copies of one event, in copy order. */
  of(e: Notification): Notification[] {
    return this.mappers.map((m) => rewrite(e, m, '') as Notification);
  }
}

/** A value with the ids of one copy: the event's `id` (at the top), agentIds, subjects, GUIDs. */
function rewrite(v: unknown, m: IdMapper, key: string, top = false): unknown {
  if (typeof v === 'string') {
    if (top && key === 'id') return m.ksuid(v);
    if (key === 'presenceId') return v;
    if (key === 'agentId' || key === 'subject' || isGuid(v)) return m.opaque(v);
    return v;
  }
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => rewrite(x, m, key));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = rewrite(x, m, k, key === '');
  return out;
}

/**
 * A stream's events, N copies of each in turn (`fire --events --scale N`).
 *
 * @example
 * deliver(scaled(readEvents(file), 3), options)
 */
export async function* scaled(
  source: AsyncIterable<Notification>,
  n: number,
): AsyncGenerator<Notification> {
  const copies = new ScaledCopies(n);
  for await (const e of source) yield* copies.of(e);
}

/**
 * NDJSON events, N copies of each line in turn (`load --events --scale N`); a line that is not an
 * event is a usage error naming it (`name:line`).
 *
 * @example
 * scaleNdjson(text, 2, 'day.ndjson').split('\n').length // twice the lines
 */
export function scaleNdjson(
  text: string,
  n: number,
  name: string,
  maxChars: number = constants.MAX_STRING_LENGTH,
): string {
  // load hands k6 the copies as one text: past the longest string Node can hold, say so first
  // (it was an "Invalid string length" after minutes of copying).
  const tooLarge = () =>
    new SimError(
      'usage',
      `--scale ${n}: ${name} ${n} times over is about ${Math.round((text.length * n) / 1e6).toLocaleString('en')} MB, more than load can hand k6 (${Math.floor(maxChars / 1e6)} MB); give fewer copies, or fire --events ${name} --scale ${n}, which streams them.`,
    );
  if (text.length * n > maxChars) throw tooLarge();
  const copies = new ScaledCopies(n);
  const out: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (err) {
      throw new SimError('usage', `${name}:${i + 1}: not JSON (${(err as Error).message}).`);
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      throw new SimError('usage', `${name}:${i + 1}: not an event object.`);
    for (const c of copies.of(event as Notification)) out.push(`${JSON.stringify(c)}\n`);
  }
  try {
    return out.join('');
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge();
    throw err;
  }
}
