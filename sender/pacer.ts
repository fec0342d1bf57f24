/**
 * Pacing: `speed` holds each send until its place on the timeline (compressed that many times),
 * `rate` caps requests per second with a token bucket, `max` sends as fast as accepted. Every wait
 * ends at once when the run is stopped (Ctrl-C).
 */
import type { Pace } from '../scenarios/index.js';

interface Sleeper {
  timer: ReturnType<typeof setTimeout>;
  wake: () => void;
}

/**
 * Paces the sends of one run.
 *
 * @example
 * const pacer = new Pacer({ speed: 600 }, performance.now());
 * await pacer.paceFor(sendMs, 1); // returns when the send is due
 */
export class Pacer {
  /** The send time (simulated ms) of the run's first timed event: the timeline's origin. */
  firstSendMs: number | undefined;
  /**
   * How far behind its due time a send went out, at most, real ms: a target slower than the pace
   * (or too few requests in flight) holds sends back. 0 when every send went out on time.
   */
  behindMs = 0;
  private paced = 0;
  private stopped = false;
  private tokens = 0;
  private tokensAt: number;
  private readonly sleepers = new Set<Sleeper>();

  constructor(
    private readonly pace: Pace,
    private readonly started: number,
  ) {
    this.tokensAt = started;
  }

  /** Takes the first timed event's send time as the timeline's origin (NaN: an untimed event). */
  anchor(sendMs: number): void {
    if (!Number.isNaN(sendMs)) this.firstSendMs ??= sendMs;
  }

  /** Waits until a send at `sendMs` is due and `requests` requests fit the rate. */
  async paceFor(sendMs: number, requests: number): Promise<void> {
    const pace = this.pace;
    if (pace.speed !== undefined && !Number.isNaN(sendMs)) {
      this.firstSendMs ??= sendMs;
      const due = this.started + (sendMs - this.firstSendMs) / pace.speed;
      await this.waitUntil(due);
      this.late(due);
    }
    if (pace.rate !== undefined) {
      // A token bucket of one second's worth (at least the requests asked for at once).
      const cap = Math.max(pace.rate, requests);
      for (;;) {
        const now = performance.now();
        this.tokens = Math.min(cap, this.tokens + ((now - this.tokensAt) / 1000) * pace.rate);
        this.tokensAt = now;
        if (this.tokens >= requests || this.stopped) break;
        await this.waitUntil(now + ((requests - this.tokens) / pace.rate) * 1000);
      }
      this.tokens -= requests;
      // The n-th request is due n / rate seconds in, at the latest.
      this.paced += requests;
      this.late(this.started + (this.paced / pace.rate) * 1000);
    }
  }

  /** Notes how late a send due at `due` goes out now (not once stopped: the rest is cut). */
  private late(due: number): void {
    if (this.stopped) return;
    const late = performance.now() - due;
    if (late > this.behindMs) this.behindMs = late;
  }

  /** Ends every wait now, and every later one at once. */
  stop(): void {
    this.stopped = true;
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.sleepers.clear();
  }

  private async waitUntil(realMs: number): Promise<void> {
    const wait = realMs - performance.now();
    if (wait <= 1 || this.stopped) return;
    await new Promise<void>((wake) => {
      const sleeper: Sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          wake();
        }, wait),
        wake,
      };
      this.sleepers.add(sleeper);
    });
  }
}
