/**
 * The chaos scenario's faults fired from k6 (`vcc-sim load --scenario chaos`), as `fire` injects
 * them: duplicates (a send fired twice, same ids), reordering (held back until 1-5 later sends),
 * late first deliveries (held back a second of real time, as a retry after a lost first attempt
 * arrives), and the named malformations a correct receiver must refuse with 4xx, each with a fresh
 * id. The draws are seeded per team: a run's faults are reproducible. Every request carrying a
 * fault is tagged `fault:<kind>`; the summary reads how the target answered each kind.
 */
/// <reference types="k6" />
import { sleep } from 'k6';
import type { Notification } from '../generator/notifications/notification.js';
import { RandomStream } from '../generator/simulation/random.js';
import { type ChaosProfile, MalformationCycle } from '../scenarios/index.js';
import type { Firer, Outgoing } from './fire.js';

/** A late first delivery arrives this long (real time) after it was due. */
export const LATE_DELIVERY_MS = 1000;

/** One send: a notification, or the two of a hang-up pair. */
export interface ChaosSend {
  first: Outgoing;
  second?: Outgoing | undefined;
  /** The first notification, for a malformed copy. */
  notification: Notification;
}

/**
 * One team's chaos, in a k6 iteration.
 *
 * @example
 * const chaos = new TeamChaos(profile, seed, team, firer, { signs: true });
 * forEachSend(stream, (a, b) => chaos.send({ first, second, notification: a.notification }));
 * chaos.finish();
 */
export class TeamChaos {
  private readonly rng: RandomStream;
  private readonly malformations: MalformationCycle;
  private readonly held: Array<{ send: ChaosSend; after: number; duplicate: boolean }> = [];
  private readonly late: Array<{ send: ChaosSend; dueMs: number; duplicate: boolean }> = [];

  constructor(
    private readonly profile: ChaosProfile,
    seed: string,
    team: number,
    private readonly firer: Firer,
    options: { signs: boolean; maxBodyBytes?: number },
  ) {
    this.rng = new RandomStream(seed, 'k6-chaos', team);
    this.malformations = new MalformationCycle(this.rng, options);
  }

  /** Draws a send's faults (in a fixed order: the draws are seeded) and fires it accordingly. */
  send(s: ChaosSend): void {
    this.fireLate(false);
    const c = this.profile;
    const rng = this.rng;
    if (rng.chance(c.malformedRate)) this.malformed(s.notification);
    const duplicate = rng.chance(c.duplicateRate);
    if (rng.chance(c.outOfOrderRate)) {
      this.held.push({ send: s, after: rng.int(1, 5), duplicate });
      return;
    }
    if (rng.chance(c.delayedRetryRate)) {
      this.late.push({ send: s, dueMs: Date.now() + LATE_DELIVERY_MS, duplicate });
      return;
    }
    this.fire(s, undefined, duplicate);
    this.release(false);
  }

  /** The end of the team's stream: the held and late sends go out. */
  finish(): void {
    this.release(true);
    this.fireLate(true);
  }

  private fire(s: ChaosSend, fault: 'out-of-order' | 'delayed-retry' | undefined, dup: boolean) {
    if (s.second) this.firer.pair(s.first, s.second, fault);
    else this.firer.one(s.first, fault);
    if (!dup) return;
    if (s.second) this.firer.pair(s.first, s.second, 'duplicate');
    else this.firer.one(s.first, 'duplicate');
  }

  private release(all: boolean): void {
    const held = this.held;
    for (let i = 0; i < held.length; ) {
      const h = held[i] as { send: ChaosSend; after: number; duplicate: boolean };
      if (all || --h.after <= 0) {
        held.splice(i, 1);
        this.fire(h.send, 'out-of-order', h.duplicate);
      } else i++;
    }
  }

  private fireLate(all: boolean): void {
    while (this.late.length > 0) {
      const l = this.late[0] as { send: ChaosSend; dueMs: number; duplicate: boolean };
      const wait = l.dueMs - Date.now();
      if (wait > 0 && !all) return;
      if (wait > 1) sleep(wait / 1000);
      this.late.shift();
      this.fire(l.send, 'delayed-retry', l.duplicate);
    }
  }

  private malformed(n: Notification): void {
    this.firer.malformed(this.malformations.next(n).req);
  }
}
