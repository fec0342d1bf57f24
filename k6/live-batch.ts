/// <reference types="k6" />
import { sleep } from 'k6';
import type { Firer } from './fire.js';

/**
 * How many sends the live loop simulates ahead, then fires: k6 CPU per request 0.80-0.93 of
 * simulating and firing in turn (bench/k6-live-parts.mjs, 20 VUs; a VU's simulation runs in one
 * stretch, its state stays in the CPU's caches, and the requests go out back to back).
 */
export const LIVE_BATCH = 64;

/**
 * Sends simulated ahead of firing, each with its due time (ms since the epoch): the type and
 * body of one notification, or of both halves of a hang-up pair. Parallel arrays, no object per
 * send. {@link fire} sends them in order, each at its due time, and empties the batch.
 */
export class LiveBatch {
  private readonly dues: number[] = [];
  private readonly types: string[] = [];
  private readonly bodies: string[] = [];
  /** The pair's second half, `undefined` for a single notification. */
  private readonly otherTypes: Array<string | undefined> = [];
  private readonly otherBodies: Array<string | undefined> = [];

  constructor(
    private readonly firer: Firer,
    private readonly size = LIVE_BATCH,
  ) {}

  /** Adds a send; true when the batch is full (fire it). */
  add(
    dueMs: number,
    type: string,
    body: string,
    otherType: string | undefined,
    otherBody: string | undefined,
  ): boolean {
    this.dues.push(dueMs);
    this.types.push(type);
    this.bodies.push(body);
    this.otherTypes.push(otherType);
    this.otherBodies.push(otherBody);
    return this.bodies.length >= this.size;
  }

  /** Fires the batch's sends in order, each when it is due, and empties it. */
  fire(): void {
    const { firer, dues, types, bodies, otherTypes, otherBodies } = this;
    for (let k = 0; k < bodies.length; k++) {
      const wait = (dues[k] as number) - Date.now();
      if (wait > 1) sleep(wait / 1000);
      const type = types[k] as string;
      const otherBody = otherBodies[k];
      if (otherBody === undefined) firer.sharedOne(bodies[k] as string, firer.shared(type, false));
      else
        firer.sharedPair(
          bodies[k] as string,
          firer.shared(type, true),
          otherBody,
          firer.shared(otherTypes[k] as string, true),
        );
    }
    dues.length = 0;
    types.length = 0;
    bodies.length = 0;
    otherTypes.length = 0;
    otherBodies.length = 0;
  }
}
