import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import { isCaptureRecord } from '../wire/capture.js';
import { CaptureDecoder, sendOrder } from './capture-decoder.js';
import { info, warn } from './log.js';

function isEvent(x: unknown): x is Notification {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A check of each event: a problem's description, or undefined when it is fine. */
type EventCheck = (event: Notification) => string | undefined;

/** How a read reports beside its events. */
export interface ReadOptions {
  /**
   * Filled, for each batch yielded, with the line of each of its events (a capture's events all
   * carry their request's line): for readers that name lines (`validate`).
   */
  lines?: number[];
  /** Print a capture's summary and warnings on stderr (default true; off for a second read). */
  notes?: boolean;
}

/**
 * Reads a stream file (NDJSON, a JSON array or a CloudEvents batch) as notifications, in file
 * order. Every line must parse: a bad one is an error naming the line, never skipped. A capture
 * (`vcc-sim receive --record`) is detected and read as the events its requests carried (see
 * `capture-decoder.ts`); its last line, when cut short, is left out with a warning.
 */
export async function* readEvents(
  file: string,
  check?: EventCheck,
  options?: ReadOptions,
): AsyncGenerator<Notification> {
  for await (const batch of readEventBatches(file, check, options)) for (const e of batch) yield e;
}

/**
 * {@link readEvents} a batch at a time (the events of one chunk read, in file order), for readers
 * that go through millions of events: one await per chunk instead of per event. A bad line fails
 * the read after the batch of the events before it.
 */
export async function* readEventBatches(
  file: string,
  check?: EventCheck,
  options?: ReadOptions,
): AsyncGenerator<Notification[]> {
  const stat = statSync(file);
  if (stat.isDirectory())
    throw new SimError('input', `${file} is a directory; give an events file.`);
  // A pipe or a device (a FIFO, /dev/stdin) is read once, as a stream (a read there can wait and
  // cannot seek); a regular file is sniffed from its first 4 KiB and then read from the start.
  const piped = stat.isFile() ? undefined : await sniffStream(createReadStream(file));
  let head = piped?.head ?? '';
  if (!piped) {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', start: 0, end: 4095 }))
      head += chunk as string;
  }
  if (head.trimStart().startsWith('[')) {
    let events: unknown;
    try {
      events = JSON.parse(piped ? await piped.all() : readFileSync(file, 'utf8'));
    } catch (err) {
      throw new SimError('input', `Malformed JSON in ${file}: ${(err as Error).message}`);
    }
    if (!Array.isArray(events))
      throw new SimError('input', `${file} holds JSON that is not an array of events.`);
    const batch: Notification[] = [];
    let failure: SimError | undefined;
    if (options?.lines) options.lines.length = 0;
    for (const [i, e] of events.entries()) {
      failure = isEvent(e)
        ? problem(e, `${file}: element ${i + 1}`, check)
        : new SimError('input', `${file}: element ${i + 1} is not an event object.`);
      if (failure) break;
      batch.push(e);
      options?.lines?.push(i + 1);
    }
    if (batch.length > 0) yield batch;
    if (failure) throw failure;
    return;
  }
  yield* ndjsonBatches(piped ? piped.chunks() : fileChunks(file), file, check, options);
}

/**
 * A stream's first chunks, up to its first non-blank character, kept for whoever reads the rest:
 * `chunks()` gives them back followed by the remainder, `all()` the whole text.
 */
async function sniffStream(stream: AsyncIterable<Buffer>) {
  const iterator = stream[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let head = '';
  while (!head.trim()) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += next.value.toString('utf8');
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  const all = async () => {
    const parts: Buffer[] = [];
    for await (const c of chunks()) parts.push(c);
    return Buffer.concat(parts).toString('utf8');
  };
  return { head, chunks, all };
}

/**
 * A file's bytes, 64 KiB at a time, read synchronously: no wait on the thread pool between chunks
 * (a file in the page cache reads faster than it parses). Each chunk is valid until the next.
 */
function* fileChunks(file: string): Generator<Buffer> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 16);
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The error of an event that fails `check`, if it does. */
function problem(e: Notification, where: string, check: EventCheck | undefined) {
  const p = check?.(e);
  return p ? new SimError('input', `${where}: not a valid notification (${p}).`) : undefined;
}

/** Held events a batch of 4096 at a time, with their lines in `lines`. */
function* heldBatches(
  held: ReadonlyArray<{ event: Notification; line: number }>,
  lines: number[] | undefined,
): Generator<Notification[]> {
  for (let i = 0; i < held.length; i += 4096) {
    const part = held.slice(i, i + 4096);
    if (lines) {
      lines.length = 0;
      for (const h of part) lines.push(h.line);
    }
    yield part.map((h) => h.event);
  }
}

/**
 * NDJSON events from chunks of UTF-8 bytes or text (a file's or stdin's), a batch per chunk. Lines
 * end as node:readline ends them (`\n`, `\r\n`, or a lone `\r`), so errors name the same line
 * numbers; blank lines are skipped. `name` prefixes errors: `name:line: not JSON (...)`.
 *
 * @example
 * for await (const batch of ndjsonBatches(process.stdin, 'stdin'))
 *   for (const e of batch) reporter.add(e);
 */
export async function* ndjsonBatches(
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  name: string,
  check?: EventCheck,
  options?: ReadOptions,
): AsyncGenerator<Notification[]> {
  let line = 0;
  let rest = '';
  let batch: Notification[] = [];
  let failure: SimError | undefined;
  const lines = options?.lines;
  if (lines) lines.length = 0;
  const capture = new CaptureDecoder();
  // A capture's events are held and given in the order they were sent (see sendOrder).
  const held: Array<{ event: Notification; line: number }> = [];
  const add = (e: Notification) => {
    const f = problem(e, `${name}:${line}`, check);
    if (f) failure = f;
    else if (capture.requests > 0) held.push({ event: e, line });
    else {
      batch.push(e);
      lines?.push(line);
    }
  };
  const take = (text: string, last = false) => {
    line++;
    // Most lines are events: the first character settles that the line is not blank.
    if (text.length === 0 || (text.charCodeAt(0) !== 123 /* { */ && !text.trim())) return;
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch (err) {
      // A capture line cut short (the receiver killed mid-write) is left out, said so.
      if (capture.isCut(text, last)) capture.cut(line, last);
      else
        failure = new SimError('input', `${name}:${line}: not JSON (${(err as Error).message}).`);
      return;
    }
    if (isCaptureRecord(e)) {
      for (const n of capture.take(e, line)) {
        add(n);
        if (failure) return;
      }
    } else if (!isEvent(e))
      failure = new SimError('input', `${name}:${line}: not an event object.`);
    else add(e as Notification);
  };
  const utf8 = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : utf8.write(chunk));
    if (text.includes('\r')) {
      // A `\r` last may be the first half of a `\r\n`: it waits for the next chunk.
      const held = text.endsWith('\r') ? 1 : 0;
      const lines = text.slice(0, text.length - held).split(/\r\n|\n|\r/);
      rest = (lines.pop() as string) + (held ? '\r' : '');
      for (const l of lines) {
        take(l);
        if (failure) break;
      }
    } else {
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        take(text.slice(from, nl));
        from = nl + 1;
        if (failure) break;
      }
      rest = text.slice(from);
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
      if (lines) lines.length = 0;
    }
    if (failure) throw failure;
  }
  rest += utf8.end();
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest.length > 0) take(rest, true);
  if (batch.length > 0) yield batch;
  if (failure) throw failure;
  yield* heldBatches(sendOrder(held), lines);
  if (capture.requests > 0 && options?.notes !== false) {
    info(capture.summary(name));
    for (const w of capture.warnings(name)) warn(w);
  }
}
