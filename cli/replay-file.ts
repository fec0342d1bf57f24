/**
 * A replay's events file as `vcc-sim load` plans it: NDJSON (or a JSON array or batch, made NDJSON),
 * every line a CloudEvent with a type, its events counted (per type, distinct, their send rate) and
 * the ramping-arrival-rate stages that follow its timeline. A bad line is a one-line usage error
 * naming it. Pure: the caller reads the file.
 */
import { SimError } from '../generator/errors.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import { lineType, type RateStage } from '../k6/index.js';
import { captureAsNdjson, looksLikeCapture } from './capture-decoder.js';
import { type PlannedRate, SendRate, TICKS_PER_MS } from './planned-events.js';
import { scaleNdjson } from './scale.js';

const usage = (message: string) => new SimError('usage', message);

/**
 * An events file as NDJSON: as it is, or, for a JSON array or a CloudEvents batch (what
 * `vcc-sim generate --format json|batch` writes), one event a line in the array's order.
 */
export function asNdjson(path: string, text: string): string {
  if (!text.trimStart().startsWith('[')) return text;
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch (err) {
    throw usage(`Malformed JSON in ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(events)) throw usage(`${path} holds JSON that is not an array of events.`);
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** A replay file, read: its NDJSON text, its events counted, and (without a rate) its stages. */
export interface EventsFile {
  text: string;
  /** Its text is not the file's (a JSON array, a batch or a capture, made NDJSON). */
  converted: boolean;
  /** What the reader says on stderr (a capture's summary and warnings). */
  notes: string[];
  count: number;
  /** Distinct (source, id). */
  distinct: number;
  perType: Record<string, number>;
  rate: PlannedRate;
  /** The stages that follow its timeline; undefined when a `--rate` paces the replay. */
  stages: RateStage[] | undefined;
}

/**
 * Reads a replay file's text: its lines, types and the stages that follow its timeline at `speed`
 * (none when `rate` paces it; then its events need no time).
 *
 * @example
 * readEventsFile('run.ndjson', text, 600, undefined).count
 * readEventsFile('capture.ndjson', text, 60, undefined, 3).count // three copies of its events
 */
export function readEventsFile(
  path: string,
  raw: string,
  speed: number,
  rate: number | undefined,
  scale?: number,
): EventsFile {
  const capture = looksLikeCapture(raw) ? captureAsNdjson(path, raw) : undefined;
  const events = capture ? capture.text : asNdjson(path, raw);
  // `--scale N`: N copies of each event, each copy with ids of its own.
  const text = scale ? scaleNdjson(events, scale, path) : events;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw usage(`The events file "${path}" holds no events.`);
  const perType: Record<string, number> = {};
  const ids = new Set<string>();
  const times: number[] = [];
  const sendRate = new SendRate();
  lines.forEach((line, i) => {
    let event: { type?: unknown; time?: unknown; source?: unknown; id?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      throw usage(
        `${path}:${i + 1}: not JSON; give NDJSON (one event a line), a JSON array or a batch (vcc-sim generate).`,
      );
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
      throw usage(`${path}:${i + 1}: not a CloudEvent (no "type"); give one event a line.`);
    const type = lineType(line);
    perType[type] = (perType[type] ?? 0) + 1;
    ids.add(`${String(event.source)} ${String(event.id)}`);
    const t = typeof event.time === 'string' ? parseUtc(event.time) : undefined;
    if (!rate && !t)
      throw usage(
        `${path}:${i + 1}: no valid "time", so the file's timeline cannot be followed; give --rate.`,
      );
    if (t) {
      times.push(t.ms);
      sendRate.add(t.ms + t.ticks / TICKS_PER_MS);
    }
  });
  return {
    text,
    converted: text !== raw,
    notes: capture ? [capture.summary, ...capture.warnings] : [],
    count: lines.length,
    distinct: ids.size,
    perType,
    rate: sendRate.result(),
    stages: rate ? undefined : timelineStages(times, speed),
  };
}

/**
 * Ramping-arrival-rate stages that follow the events' send times, `speed` times faster: up to 120
 * buckets, each at its own rate, then a last stage that fires whatever the ramps left.
 *
 * @example
 * timelineStages([0, 1000, 2000], 1) // [{ target: 1, duration: '1s' }, ..., the drain]
 */
export function timelineStages(times: readonly number[], speed: number): RateStage[] {
  const sorted = [...times].sort((a, b) => a - b);
  const first = sorted[0] as number;
  const spanS = ((sorted[sorted.length - 1] as number) - first) / 1000 / speed;
  const width = Math.max(1, Math.ceil(spanS / 120));
  const buckets = new Array<number>(Math.floor(spanS / width) + 1).fill(0);
  for (const t of sorted) {
    const b = Math.floor((t - first) / 1000 / speed / width);
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  const stages: RateStage[] = [];
  let planned = 0;
  let previous = Math.ceil((buckets[0] ?? 0) / width);
  for (const c of buckets) {
    const target = Math.ceil(c / width);
    stages.push({ target, duration: `${width}s` });
    planned += ((previous + target) / 2) * width;
    previous = target;
  }
  const rest = sorted.length - Math.floor(planned);
  const drain = Math.max(1, ...stages.map((s) => s.target));
  stages.push({
    target: drain,
    duration: `${Math.max(1, Math.ceil(Math.max(0, rest) / drain) + 1)}s`,
  });
  return stages;
}
