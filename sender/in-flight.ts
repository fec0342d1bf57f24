/** The cap on requests in flight at once: a slot per request, waited for in arrival order. */
export class InFlight {
  private count = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Every slot is taken, or someone already waits for one. */
  get full(): boolean {
    return this.count + this.waiting.length >= this.limit;
  }

  /**
   * Resolves once a slot is free, and takes it.
   *
   * @example
   * await slots.acquire();
   * try { await send(); } finally { slots.release(); }
   */
  async acquire(): Promise<void> {
    while (this.count >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.count++;
  }

  /** Frees a slot: the longest waiter gets it. */
  release(): void {
    this.count--;
    this.waiting.shift()?.();
  }

  /** Wakes every waiter (the run is stopping: each looks again). */
  wakeAll(): void {
    for (const w of this.waiting.splice(0)) w();
  }
}
