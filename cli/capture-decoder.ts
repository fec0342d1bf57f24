/**
 * Reading a capture (the lines `vcc-sim receive --record` and the mocks' `inbox.toNdjson()`
 * write) as events, for every reader of events files: each POST's events in request order, a
 * batch's as its events, whatever the request was answered (a capture records what the sender
 * sent: a request answered 500 was still sent, and its retry is in the capture too). Exact
 * redeliveries (the same source, id and content) are read once; a request whose body holds no
 * readable events is counted and named, never silently skipped. Pure: the caller reads the file.
 */
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notifications/notification.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import {
  CAPTURE_LINE_PREFIX,
  type CaptureRecord,
  capturedEvents,
  isCaptureRecord,
} from '../wire/capture.js';

/** A 53-bit hash of a text (cyrb53): what tells a redelivery from another event under one id. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Whether a text (a file's first bytes, or its first line) is a capture: it starts with a
 * capture line's mark.
 *
 * @example
 * looksLikeCapture(head) // true for `receive --record`'s file
 */
export function looksLikeCapture(text: string): boolean {
  return text.trimStart().startsWith(CAPTURE_LINE_PREFIX);
}

/**
 * A capture's events in the order they were sent: by their CloudEvents `time` (when VCC sent
 * the notification; a retry keeps it), ties in arrival order. A receiver sees them in another
 * order (requests in parallel, retries late); the stream they were sent as is this one. Events
 * without a readable `time` keep their place at the end, in arrival order.
 *
 * @example
 * sendOrder([{ event: late, line: 1 }, { event: early, line: 2 }]) // early first
 */
export function sendOrder<T extends { event: Notification }>(list: T[]): T[] {
  const keyed = list.map((x, i) => {
    const t = typeof x.event.time === 'string' ? parseUtc(x.event.time) : undefined;
    return { x, i, ms: t ? t.ms : Number.POSITIVE_INFINITY, ticks: t ? t.ticks : 0 };
  });
  keyed.sort((a, b) => a.ms - b.ms || a.ticks - b.ticks || a.i - b.i);
  return keyed.map((k) => k.x);
}

/**
 * The events of a capture's lines, in order, each exact redelivery once; what could not be read,
 * counted for the reader's warning.
 *
 * @example
 * const d = new CaptureDecoder();
 * for (const [i, line] of lines.entries()) for (const e of d.take(JSON.parse(line), i + 1)) use(e);
 * for (const note of d.notes('capture.ndjson')) console.error(note);
 */
export class CaptureDecoder {
  /** Capture lines read. */
  requests = 0;
  /** Events read (redeliveries not included). */
  events = 0;
  /** Exact redeliveries read once. */
  redeliveries = 0;
  /** Requests answered other than 2xx (or not answered) whose events were read all the same. */
  unanswered = 0;
  private unreadable = 0;
  private firstUnreadable: string | undefined;
  private readonly cutLines: Array<{ line: number; last: boolean }> = [];
  private readonly seen = new Map<string, number>();

  /** The events of one capture line (its line number names it in the warning). */
  take(record: CaptureRecord, line: number): Notification[] {
    this.requests++;
    const read = capturedEvents(record);
    if (!read.ok) {
      this.noteUnreadable(line, read.reason);
      return [];
    }
    if (
      read.events.length > 0 &&
      !(record.status !== null && record.status >= 200 && record.status <= 299)
    )
      this.unanswered++;
    const out: Notification[] = [];
    for (const e of read.events) {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) {
        this.noteUnreadable(line, 'an element of its batch is not an event object');
        continue;
      }
      const n = e as { source?: unknown; id?: unknown };
      const key = `${String(n.source)} ${String(n.id)}`;
      const h = hash53(JSON.stringify(e));
      if (this.seen.get(key) === h) {
        this.redeliveries++;
        continue;
      }
      if (!this.seen.has(key)) this.seen.set(key, h);
      this.events++;
      out.push(e as Notification);
    }
    return out;
  }

  /**
   * A line cut short (a write interrupted): left out, with a warning. It is the last line, or, in
   * a capture a receiver went on appending to after a crash, a capture line further up.
   */
  cut(line: number, last: boolean): void {
    this.cutLines.push({ line, last });
  }

  /**
   * Whether a line that is not JSON is a cut capture line to leave out: the file's last line in
   * a capture, or a line anywhere that starts as a capture line does.
   */
  isCut(text: string, last: boolean): boolean {
    return looksLikeCapture(text) || (last && this.requests > 0);
  }

  private noteUnreadable(line: number, reason: string): void {
    this.unreadable++;
    this.firstUnreadable ??= `line ${line}: ${reason.slice(0, 160)}`;
  }

  /** The warnings a reader prints on stderr, prefixed by the file's name. */
  warnings(name: string): string[] {
    const out: string[] = [];
    for (const { line, last } of this.cutLines.slice(0, 3))
      out.push(
        last
          ? `vcc-sim: warning: ${name}:${line}: the last line is cut short (a capture interrupted mid-write); read without it`
          : `vcc-sim: warning: ${name}:${line}: a capture line cut short (a receiver stopped mid-write, then recording on to the file); read without it`,
      );
    if (this.cutLines.length > 3)
      out.push(
        `vcc-sim: warning: ${name}: ${this.cutLines.length - 3} more lines cut short, read without them`,
      );
    if (this.unreadable > 0)
      out.push(
        `vcc-sim: warning: ${name}: ${this.unreadable} captured request${this.unreadable === 1 ? '' : 's'} (or batch elements) held no readable events, left out (the first: ${this.firstUnreadable})`,
      );
    return out;
  }

  /** What was read, one line: requests, events, redeliveries read once. */
  summary(name: string): string {
    return `${name}: a capture of ${this.requests} requests: ${this.events} events (in the order sent, by time)${this.redeliveries > 0 ? `, ${this.redeliveries} redeliveries (same source, id and content) read once` : ''}${this.unanswered > 0 ? `; ${this.unanswered} requests answered other than 2xx read all the same (VCC sent them)` : ''}`;
  }
}

/**
 * A capture's text as NDJSON events, one a line (for `load --events`, whose k6 script fires
 * lines), with the lines the reader prints: its summary and its warnings.
 *
 * @example
 * const { text, summary, warnings } = captureAsNdjson('capture.ndjson', readFileSync(path, 'utf8'));
 */
export function captureAsNdjson(
  name: string,
  capture: string,
): { text: string; summary: string; warnings: string[] } {
  const d = new CaptureDecoder();
  const out: Array<{ event: Notification }> = [];
  const lines = capture.split('\n');
  const lastFull = capture.endsWith('\n') ? lines.length : lines.length - 1;
  lines.forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(l);
    } catch (err) {
      const last = i === lastFull;
      if (d.isCut(l, last)) {
        d.cut(i + 1, last);
        return;
      }
      throw new SimError('usage', `${name}:${i + 1}: not JSON (${(err as Error).message}).`);
    }
    if (!isCaptureRecord(record))
      throw new SimError(
        'usage',
        `${name}:${i + 1}: not a capture line, in a capture (receive --record writes one request a line).`,
      );
    for (const event of d.take(record, i + 1)) out.push({ event });
  });
  const text = sendOrder(out)
    .map((x) => `${JSON.stringify(x.event)}\n`)
    .join('');
  return { text, summary: d.summary(name), warnings: d.warnings(name) };
}
