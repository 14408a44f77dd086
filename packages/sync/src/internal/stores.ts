/**
 * The item stores behind the queue variants: a ring-buffer deque (FIFO), a stack (LIFO) and
 * a binary heap (priority). Each can also take back an item a woken getter abandoned, at the
 * place it would be served next.
 */

/** What a queue needs from its store. */
export interface Store<T> {
  readonly size: number;
  /** Adds a newly put item. */
  add(item: T): void;
  /** Removes the item to serve next; only called when size > 0. */
  take(): T;
  /** Gives back an item that was taken but not delivered, so it is served next. */
  giveBack(item: T): void;
  /** Removes every item; returns how many there were. */
  clear(): number;
  /** The items in serving order (for toString). */
  toArray(): T[];
}

/** A FIFO ring buffer that doubles when full. */
export class Deque<T> implements Store<T> {
  #items: (T | undefined)[] = new Array<T | undefined>(16);
  #head = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(item: T): void {
    if (this.#size === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#size) & (this.#items.length - 1)] = item;
    this.#size++;
  }

  take(): T {
    const items = this.#items;
    const item = items[this.#head] as T;
    items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (items.length - 1);
    this.#size--;
    return item;
  }

  giveBack(item: T): void {
    if (this.#size === this.#items.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#items.length - 1);
    this.#items[this.#head] = item;
    this.#size++;
  }

  clear(): number {
    const size = this.#size;
    this.#items = new Array<T | undefined>(16);
    this.#head = 0;
    this.#size = 0;
    return size;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) {
      out.push(this.#items[(this.#head + i) & (this.#items.length - 1)] as T);
    }
    return out;
  }

  #grow(): void {
    const items = this.toArray() as (T | undefined)[];
    const capacity = this.#items.length * 2;
    items.length = capacity;
    this.#items = items;
    this.#head = 0;
  }
}

/** A LIFO stack. */
export class Stack<T> implements Store<T> {
  #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  add(item: T): void {
    this.#items.push(item);
  }

  take(): T {
    return this.#items.pop() as T;
  }

  giveBack(item: T): void {
    this.#items.push(item);
  }

  clear(): number {
    const size = this.#items.length;
    this.#items = [];
    return size;
  }

  toArray(): T[] {
    return [...this.#items].reverse();
  }
}

interface Entry<T> {
  item: T;
  seq: number;
}

/**
 * A binary min-heap. Items that compare equal come out in insertion order (a sequence number
 * breaks ties), unlike Python's heapq.
 */
export class Heap<T> implements Store<T> {
  #heap: Entry<T>[] = [];
  #seq = 0;
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#heap.length;
  }

  add(item: T): void {
    this.#push({ item, seq: this.#seq++ });
  }

  take(): T {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#down(0);
    }
    return top.item;
  }

  giveBack(item: T): void {
    // Served before every item that compares equal to it.
    this.#push({ item, seq: -++this.#seq });
  }

  clear(): number {
    const size = this.#heap.length;
    this.#heap = [];
    return size;
  }

  toArray(): T[] {
    return [...this.#heap].sort((a, b) => (this.#less(a, b) ? -1 : 1)).map((entry) => entry.item);
  }

  #less(a: Entry<T>, b: Entry<T>): boolean {
    const order = this.#compare(a.item, b.item);
    return order < 0 || (order === 0 && a.seq < b.seq);
  }

  #push(entry: Entry<T>): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #down(start: number): void {
    const heap = this.#heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.#less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

/**
 * The default priority order: numbers, bigints and strings by value, arrays (such as
 * `[priority, item]` tuples) element by element. Elements of other kinds, or of different
 * kinds, count as equal, so `[1, { job }]` tuples need no compare function.
 *
 * @throws TypeError when a top-level value is not a number, bigint, string or array
 */
export function defaultCompare(a: unknown, b: unknown): number {
  if (!isOrderable(a) || !isOrderable(b)) {
    throw new TypeError(
      'PriorityQueue compares numbers, strings and arrays by default; pass a compare option for other items',
    );
  }
  return compareValues(a, b);
}

function isOrderable(value: unknown): boolean {
  const kind = typeof value;
  return kind === 'number' || kind === 'string' || kind === 'bigint' || Array.isArray(value);
}

function compareValues(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      const order = compareValues(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  const kind = typeof a;
  if (kind !== typeof b || (kind !== 'number' && kind !== 'string' && kind !== 'bigint')) return 0;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}
