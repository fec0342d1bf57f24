/**
 * The team's ACD queue: callers in arrival order (a caller sent back by a missed offer or a
 * transfer goes to the front). A caller who leaves (abandons, or is offered) stays in the array,
 * marked not queued, until the front passes them.
 */

import type { Interaction } from './entities.js';

export class CallQueue {
  private readonly items: Interaction[] = [];
  private head = 0;

  /** Puts a caller in the queue, at the back or (`front`) at the front. */
  add(interaction: Interaction, front: boolean, at: number): void {
    interaction.queued = true;
    interaction.queuedAt = at;
    if (front && this.head > 0) this.items[--this.head] = interaction;
    else if (front) this.items.unshift(interaction);
    else this.items.push(interaction);
  }

  /** The caller waiting longest (dropping those who left), or `undefined`. */
  first(): Interaction | undefined {
    while (this.head < this.items.length) {
      const interaction = this.items[this.head] as Interaction;
      if (interaction.queued) return interaction;
      this.head++;
    }
    return undefined;
  }

  /** Takes the first caller off the queue (after {@link first} returned it). */
  takeFirst(): void {
    this.head++;
  }

  /** Whether any caller is waiting. */
  hasWaiting(): boolean {
    for (let i = this.head; i < this.items.length; i++)
      if ((this.items[i] as Interaction).queued) return true;
    return false;
  }

  /** Served and abandoned callers leave the front: drop them so memory stays flat. */
  compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}
