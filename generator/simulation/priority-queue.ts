/**
 * A binary min-heap ordered by a comparison function; the merge of time-ordered streams is built
 * on it.
 */
export class PriorityQueue<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!this.less(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    this.siftDown(last);
    return top;
  }

  /** Replaces the smallest item with `item` (a pop and a push in one sift). */
  replaceTop(item: T): void {
    if (this.items.length === 0) this.items.push(item);
    else this.siftDown(item);
  }

  private siftDown(last: T): void {
    const items = this.items;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(items[r] as T, items[l] as T) ? r : l;
      if (!this.less(items[c] as T, last)) break;
      items[i] = items[c] as T;
      i = c;
    }
    items[i] = last;
  }
}

/**
 * A binary min-heap ordered by a number kept beside each item, then, between equal numbers, by
 * a tie-break: the agenda and the notifications waiting to be sent are built on it. Numbers are
 * compared inline (an interpreter such as k6's pays for every call), the tie-break is called only
 * on equal numbers.
 *
 * @example
 * const q = new KeyedQueue<{ at: number; seq: number }>((a, b) => a.seq < b.seq);
 * q.push(item.at, item);
 * q.pop(); // the item with the smallest `at`, then the smallest `seq`
 */
export class KeyedQueue<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  /** `tie(a, b)`: whether `a` goes first when both have the same number. */
  constructor(private readonly tie: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The number of the first item, or `undefined` when empty. */
  peekKey(): number | undefined {
    return this.keys[0];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(key: number, item: T): void {
    const keys = this.keys;
    const items = this.items;
    let i = items.length;
    keys.push(key);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (key > pk || (key === pk && !this.tie(item, items[parent] as T))) break;
      keys[i] = pk;
      items[i] = items[parent] as T;
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  pop(): T | undefined {
    const keys = this.keys;
    const items = this.items;
    const top = items[0];
    const lastKey = keys.pop();
    const last = items.pop();
    if (items.length === 0 || last === undefined || lastKey === undefined) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ck = keys[l] as number;
      if (r < n) {
        const rk = keys[r] as number;
        if (rk < ck || (rk === ck && this.tie(items[r] as T, items[l] as T))) {
          c = r;
          ck = rk;
        }
      }
      if (ck > lastKey || (ck === lastKey && !this.tie(items[c] as T, last))) break;
      keys[i] = ck;
      items[i] = items[c] as T;
      i = c;
    }
    keys[i] = lastKey;
    items[i] = last;
    return top;
  }
}
