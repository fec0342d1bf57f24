/**
 * What `fire` says while it runs, on stderr: a live progress line in a terminal (redrawn every
 * second), a periodic line otherwise, nothing with `--quiet`; and, whatever the output, a warning
 * naming the error and the URL once every attempt has been failing for a few seconds (`--fail-fast`
 * stops the run there).
 */

import { humanDuration } from '../generator/duration.js';
import type { DeliveryProgress } from '../sender/index.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** How long every attempt must have failed before the warning, ms. */
export const FAILING_WARN_MS = 3000;

/**
 * How long a target must have refused every connection, with nothing delivered, before `fire`
 * gives the run up, ms: a target down from the start is a wrong URL or a receiver not started,
 * and retrying 500,000 events for their 24 simulated hours each would take hours.
 */
export const DOWN_GIVE_UP_MS = 10_000;

/** Failures that mean nothing answers at the URL (not a slow or refusing receiver). */
const CANNOT_CONNECT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** How `fire` reports progress. */
export interface FireProgressOptions {
  target: string;
  /** Events the run will send, when known (for the time left). */
  planned: number | undefined;
  /** A paced run's schedule, real seconds: the time left follows it (none with `--max`). */
  plannedSeconds?: number | undefined;
  /** How long an event is retried before it gives up, real seconds. */
  retryWindowSeconds?: number | undefined;
  /** No progress lines (warnings still go out). */
  quiet: boolean;
  /** Stderr is a terminal: one live line. */
  tty: boolean;
  /** The periodic line's interval when not a terminal, ms. */
  everyMs: number;
  /** Stop the run at the warning. */
  failFast: boolean;
  /** Called when `--fail-fast` stops the run. */
  onFailFast: () => void;
  /** Where the lines go. */
  write: (text: string) => void;
}

/**
 * Hears `deliver()`'s progress and says what matters.
 *
 * @example
 * const progress = new FireProgress({ target, planned, quiet: false, tty: true, everyMs: 10_000, failFast: false, onFailFast: stop, write: (t) => process.stderr.write(t) });
 * await deliver(source, { target, onProgress: progress.update });
 * progress.done();
 */
export class FireProgress {
  /** `--fail-fast` stopped the run. */
  failedFast = false;
  /** The target refused every connection from the start: the run was given up. */
  targetDown = false;
  private warned = false;
  private lastPrintAt = 0;
  private last: { at: number; requests: number } = { at: 0, requests: 0 };
  private rate = 0;
  private live = false;

  constructor(private readonly o: FireProgressOptions) {}

  /** One snapshot (every second). */
  readonly update = (p: DeliveryProgress): void => {
    const o = this.o;
    const dt = p.elapsedMs - this.last.at;
    if (dt > 0) {
      const now = ((p.requests - this.last.requests) / dt) * 1000;
      this.rate = this.last.at === 0 ? now : 0.5 * this.rate + 0.5 * now;
    }
    this.last = { at: p.elapsedMs, requests: p.requests };
    this.checkFailing(p);
    if (o.quiet) return;
    if (o.tty) {
      o.write(`\r\x1b[2K${this.line(p)}`);
      this.live = true;
    } else if (p.elapsedMs - this.lastPrintAt >= o.everyMs) {
      this.lastPrintAt = p.elapsedMs;
      o.write(`${this.line(p)}\n`);
    }
  };

  /** The run is over: the live line goes. */
  done(): void {
    this.clear();
  }

  /** The progress line. */
  line(p: DeliveryProgress): string {
    const failed = p.rejected + p.gaveUp;
    const finished = p.delivered + failed + p.notSent;
    const text = `vcc-sim fire: ${fmt(p.events)} events taken, ${fmt(p.delivered)} accepted, ${fmt(failed)} failed, ${fmt(p.retrying)} retrying, ${fmt(p.inFlight)} in flight; ${fmt(this.rate)} requests/s; ${humanDuration(p.elapsedMs)}`;
    return text + this.timeLeft(p, finished);
  }

  /**
   * What is left: once every event is out and the rest wait on their retries, that; on a paced
   * run, the schedule's time left (its first seconds may hold few events); else the time the pace
   * so far needs for the rest.
   */
  private timeLeft(p: DeliveryProgress, finished: number): string {
    const { planned, plannedSeconds, retryWindowSeconds } = this.o;
    if (planned === undefined || finished >= planned) return '';
    if (p.events >= planned && p.inFlight === 0 && p.retrying > 0)
      return `, ${fmt(p.retrying)} waiting to retry${retryWindowSeconds !== undefined ? ` (each gives up within ${humanDuration(retryWindowSeconds * 1000)})` : ''}`;
    if (plannedSeconds !== undefined) {
      const left = plannedSeconds - p.elapsedMs / 1000;
      return left >= 1 ? `, ~${humanDuration(left * 1000)} left` : '';
    }
    const eventsPerMs = finished / p.elapsedMs;
    return eventsPerMs > 0 ? `, ~${humanDuration((planned - finished) / eventsPerMs)} left` : '';
  }

  private clear(): void {
    if (this.live) this.o.write('\r\x1b[2K');
    this.live = false;
  }

  /** Warns once per streak of failures; `--fail-fast` stops the run there. */
  private checkFailing(p: DeliveryProgress): void {
    if (p.failingForMs === undefined) {
      this.warned = false;
      return;
    }
    this.checkDown(p, p.failingForMs);
    if (this.warned || p.failingForMs < FAILING_WARN_MS || p.failedAttempts === 0) return;
    this.warned = true;
    const o = this.o;
    const since =
      p.succeededAttempts === 0 ? 'every attempt has failed' : 'every attempt has failed again';
    const next = o.failFast
      ? 'stopping (--fail-fast)'
      : 'events are retried until they give up (--fail-fast stops at this warning)';
    this.clear();
    o.write(
      `vcc-sim fire: warning: ${since} for ${humanDuration(p.failingForMs)}: ${p.lastFailure} at ${o.target} (${fmt(p.failedAttempts)} failed attempts, ${fmt(p.delivered)} delivered); ${next}\n`,
    );
    if (o.failFast && !this.failedFast) {
      this.failedFast = true;
      o.onFailFast();
    }
  }

  /** Nothing has ever connected for {@link DOWN_GIVE_UP_MS}: the run is given up, once. */
  private checkDown(p: DeliveryProgress, failingForMs: number): void {
    if (this.targetDown || this.failedFast) return;
    if (p.succeededAttempts !== 0 || p.delivered !== 0 || failingForMs < DOWN_GIVE_UP_MS) return;
    if (!CANNOT_CONNECT.has(p.lastFailure ?? '')) return;
    this.targetDown = true;
    this.clear();
    this.o.write(
      `vcc-sim fire: cannot connect to ${this.o.target} (${p.lastFailure}) for ${humanDuration(failingForMs)}, nothing delivered: is the receiver running? Giving up; every event not delivered ends as not sent\n`,
    );
    this.o.onFailFast();
  }
}
