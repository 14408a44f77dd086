/**
 * A binary min-heap of timer handles ordered by deadline, then by insertion order.
 *
 * Design note: the loop arms a single Node timer for the earliest deadline instead of one
 * Node timer per sleep, as asyncio and Trio do. Cancelled timers are deleted lazily: they
 * stay in the heap, flagged, until they reach the top or until they outnumber the live
 * ones, when the heap is rebuilt in one O(n) pass the next time the scheduler looks at it.
 * That keeps `cancel()` O(1), makes 10,000 timeouts that never fire cost nothing at their
 * deadlines, and lets a burst of cancellations (a task group shutting down) be swept once.
 */

/** What the heap stores; `seq` breaks deadline ties so equal deadlines fire FIFO. */
export interface TimerEntry {
  readonly when: number;
  readonly seq: number;
  cancelled: boolean;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

/** A min-heap of {@link TimerEntry} with lazy deletion of cancelled entries. */
export class TimerHeap<T extends TimerEntry> {
  readonly #items: T[] = [];
  #cancelled = 0;

  /** Live (not cancelled) timers in the heap. */
  get size(): number {
    return this.#items.length - this.#cancelled;
  }

  push(entry: T): void {
    const items = this.#items;
    items.push(entry);
    this.#siftUp(items.length - 1);
  }

  /** Records that an entry in the heap was cancelled (swept by the next {@link peek}). */
  noteCancelled(): void {
    this.#cancelled++;
  }

  /**
   * The earliest live entry, or undefined. Drops cancelled entries found on top, and rebuilds
   * the heap first when most of its entries are cancelled.
   */
  peek(): T | undefined {
    if (this.#cancelled > 64 && this.#cancelled * 2 > this.#items.length) this.#compact();
    const items = this.#items;
    while (items.length > 0 && items[0]!.cancelled) {
      this.#popTop();
      this.#cancelled--;
    }
    return items[0];
  }

  /** Removes and returns the earliest live entry due at or before `now`. */
  popDue(now: number): T | undefined {
    const top = this.peek();
    if (top === undefined || top.when > now) return undefined;
    this.#popTop();
    return top;
  }

  #popTop(): void {
    const items = this.#items;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.#siftDown(0);
    }
  }

  /**
   * Drops every cancelled entry and restores the heap order. In place: `#items` is never
   * replaced, since V8 would then deoptimize every function that inlined the heap, and one
   * of them, `sleep`'s step, was seen never to be optimized again.
   */
  #compact(): void {
    const items = this.#items;
    let kept = 0;
    for (const entry of items) if (!entry.cancelled) items[kept++] = entry;
    items.length = kept;
    this.#cancelled = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    const entry = items[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const up = items[parent]!;
      if (!before(entry, up)) break;
      items[index] = up;
      index = parent;
    }
    items[index] = entry;
  }

  #siftDown(index: number): void {
    const items = this.#items;
    const length = items.length;
    const entry = items[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && before(items[right]!, items[child]!)) child = right;
      if (!before(items[child]!, entry)) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = entry;
  }
}
