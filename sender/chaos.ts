/**
 * The chaos scenario's faults, injected on the way to the receiver: duplicates (an event delivered
 * twice), reordering (held back until 1-5 later sends), late first deliveries (a second late, as
 * after a lost first attempt), and malformed requests a correct receiver must refuse; a reordered or
 * late event counts only when it went out so. Their answers go to the fault report
 * (`fault-report.ts`). The draws are seeded: a run's faults are reproducible.
 */
import { RandomStream } from '../generator/simulation/random.js';
import { type ChaosProfile, MalformationCycle, type NextMalformed } from '../scenarios/index.js';
import type { Answer } from './answer.js';
import type { OutcomeKind, Pending } from './delivery-ledger.js';
import { FaultReports, type ProbeOutcome } from './fault-report.js';

/**
 * How late a late first delivery goes out, real ms after it was due: what a lost first attempt
 * costs an event, stated in real time so it is late whatever the replay speed (the schedule's 5 s
 * compressed 120 times would be 42 ms, less than requests in flight take). It is counted
 * `delayed-retry` only when its first attempt did go out at least this late.
 */
export const LATE_FIRST_DELIVERY_MS = 1000;

/** A malformed request to send once, with the fresh id it carries. */
export type MalformedProbe = NextMalformed;

/** How chaos sends what it decides. */
export interface ChaosSends {
  /** Sends events now. */
  attempt(batch: Pending[]): void;
  /** Sends an event's first delivery late. */
  late(p: Pending): void;
  /** Sends a malformed request once. */
  malformed(probe: MalformedProbe): void;
  /** Ends an event unsent (the run stopped while it was held back). */
  drop(p: Pending): void;
}

/**
 * The faults of one run.
 *
 * @example
 * const chaos = new Chaos(profile, 'chaos', { signs: true });
 * for (const p of group) chaos.dispatch(p, sends);
 * chaos.release(false, stopped, sends);
 */
export class Chaos {
  /** How the target answered each kind of fault. */
  readonly report: FaultReports;
  private readonly rng: RandomStream;
  /** Malformed requests cycle through the kinds that apply (signature faults only when signing). */
  private readonly malformations: MalformationCycle;
  /** Events held back for reordering, each until `after` more dispatches. */
  private readonly held: Array<{ p: Pending; after: number }> = [];
  /** The highest source index whose first attempt has gone out (-1: none yet). */
  private latestSent = -1;

  constructor(
    private readonly profile: ChaosProfile,
    seed: string,
    options: {
      signs: boolean;
      maxBodyBytes?: number | undefined;
      onProbe?: ((probe: ProbeOutcome) => void) | undefined;
    },
  ) {
    this.rng = new RandomStream(seed, 'delivery');
    this.malformations = new MalformationCycle(this.rng, options);
    this.report = new FaultReports(options.onProbe);
  }

  /** Draws one event's faults (in a fixed order: the draws are seeded) and sends it accordingly. */
  dispatch(p: Pending, sends: ChaosSends): void {
    const c = this.profile;
    const rng = this.rng;
    if (rng.chance(c.malformedRate)) sends.malformed(this.malformations.next(p.n));
    if (rng.chance(c.duplicateRate)) p.duplicate = true;
    if (rng.chance(c.outOfOrderRate)) {
      p.fault = 'out-of-order';
      this.held.push({ p, after: rng.int(1, 5) });
      return;
    }
    if (rng.chance(c.delayedRetryRate)) {
      // The first delivery arrives late, as a retry after a lost first attempt would.
      p.fault = 'delayed-retry';
      sends.late(p);
      return;
    }
    sends.attempt([p]);
  }

  /** Sends the held events that are due after one more dispatch (`all`: every one). */
  release(all: boolean, stopped: boolean, sends: ChaosSends): void {
    const held = this.held;
    for (let i = held.length - 1; i >= 0; i--) {
      const h = held[i] as { p: Pending; after: number };
      if (all || --h.after <= 0) {
        held.splice(i, 1);
        if (stopped) sends.drop(h.p);
        else sends.attempt([h.p]);
      }
    }
  }

  /**
   * An event's first attempt goes out: its fault stands only if it happened. A reordered event
   * counts as `out-of-order` when a later event (in the source's order) went out before it; a late
   * one as `delayed-retry` when it went out at least {@link LATE_FIRST_DELIVERY_MS} after it was due.
   */
  firstAttempt(p: Pending, now: number): void {
    if (p.fault === 'out-of-order' && this.latestSent < p.index) delete p.fault;
    else if (p.fault === 'delayed-retry' && now - p.dueAt < LATE_FIRST_DELIVERY_MS) delete p.fault;
    if (p.index > this.latestSent) this.latestSent = p.index;
  }

  /** An event's outcome: reports its fault; true when it is to be delivered a second time. */
  onOutcome(p: Pending, outcome: OutcomeKind, a: Answer | undefined): boolean {
    if (p.fault) this.report.record(p.fault, p.n.id, a, false);
    return p.duplicate === true && outcome === 'delivered';
  }
}
