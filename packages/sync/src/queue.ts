/**
 * `Queue`, `PriorityQueue` and `LifoQueue`: asyncio's queues, with fair hand-off.
 *
 * Design note: when a getter waits, `put` hands the item straight to the longest-waiting
 * getter; when a putter waits, `get` promises the freed slot to the longest-waiting putter.
 * Until the woken task runs, the item (or slot) is set aside: it counts against `maxsize`
 * and nobody else can take it, so waiters are served first in, first out and no newcomer
 * barges in. A getter woken with an item and cancelled before it ran gives the item back
 * to the front of the queue (or to the next getter); a putter woken with a slot and
 * cancelled gives the slot to the next putter, without putting its item. So no item is lost
 * or duplicated under cancellation (CPython test_get_cancel_drop_*, test_put_cancel_drop).
 * Invariants: getters wait only while the queue is empty; putters wait only while
 * `items + handed-out items + promised slots >= maxsize`.
 */
import { InvalidStateError, type Operation, type Suspension } from '@aio/core';
import { MUST_WAIT, WaitQueue, type WaitAttempt } from '@aio/core/lowlevel';
import { QueueEmpty, QueueFull, QueueShutDown } from './errors.js';
import { Deque, Heap, Stack, defaultCompare, type Store } from './internal/stores.js';
import { checkCount } from './internal/validate.js';

/** What {@link Queue.statistics} reports. */
export interface QueueStatistics {
  /** Items waiting in the queue (`qsize()`). */
  size: number;
  /** The capacity; 0 means unbounded. */
  maxsize: number;
  /** Tasks waiting in `get()`. */
  getters: number;
  /** Tasks waiting in `put()`. */
  putters: number;
  /** Items put and not yet marked done with `taskDone()`. */
  unfinishedTasks: number;
  /** Whether `shutdown()` was called. */
  shutdown: boolean;
}

/** Options for {@link PriorityQueue}. */
export interface PriorityQueueOptions<T> {
  /** Orders items: negative when `a` comes first. Default: numbers, strings and arrays. */
  compare?: (a: T, b: T) => number;
}

/** The wakeup of a waiting getter or putter when the queue shuts down. */
const SHUTDOWN: unique symbol = Symbol('QueueShutDown');
/** The wakeup of a waiting putter: a slot is reserved for its item. */
const SLOT: unique symbol = Symbol('slot');

let setStore: <T>(queue: Queue<T>, store: Store<T>, validate?: (item: T) => void) => void;

/**
 * asyncio's `Queue`: first in, first out, optionally bounded. `put` waits while the queue is
 * full, `get` while it is empty; `taskDone` and `join` track work in progress; `shutdown`
 * stops it. Iterate it to consume it: each step is an Operation of the next item, and the
 * loop ends once the queue is shut down and empty.
 *
 * @example
 * ```ts
 * const queue = new Queue<string>(100);
 * function* consumer() {
 *   for (const next of queue) {
 *     const job = yield* next; // raises QueueShutDown if the queue shuts down meanwhile
 *     yield* handle(job);
 *     queue.taskDone();
 *   }
 * }
 * queue.getNowait(); // throws QueueEmpty
 * new Queue(Number.NaN); // throws RangeError
 * ```
 */
export class Queue<T> implements Iterable<Operation<T>> {
  readonly #maxsize: number;
  /** The capacity; Infinity when unbounded. */
  readonly #capacity: number;
  #store: Store<T> = new Deque<T>();
  #validate: ((item: T) => void) | undefined;
  /** Items handed to woken getters that have not run yet. */
  #inFlight = 0;
  /** Slots promised to woken putters that have not run yet. */
  #reserved = 0;
  #unfinished = 0;
  #shutdown = false;
  #immediate = false;
  readonly #getters: WaitQueue<T | typeof SHUTDOWN>;
  readonly #putters: WaitQueue<typeof SLOT | typeof SHUTDOWN>;
  readonly #joiners: WaitQueue<void>;
  readonly #getting: WaitAttempt<undefined, T | typeof SHUTDOWN, T>;
  readonly #putting: WaitAttempt<T, typeof SLOT | typeof SHUTDOWN, void>;

  /**
   * @param maxsize the capacity; 0 (the default) or Infinity for unbounded
   * @throws TypeError when `maxsize` is not a number
   * @throws RangeError when `maxsize` is negative, fractional or NaN
   */
  constructor(maxsize = 0) {
    this.#maxsize = checkCount('maxsize', maxsize, 0, true);
    this.#capacity = maxsize === 0 ? Infinity : maxsize;
    const name = this.constructor.name;
    this.#getters = new WaitQueue({
      label: `${name}.get`,
      onAbandon: (item) => {
        if (item !== SHUTDOWN) this.#returnItem(item);
      },
    });
    this.#putters = new WaitQueue({
      label: `${name}.put`,
      onAbandon: (wakeup) => {
        if (wakeup !== SLOT) return;
        this.#reserved--;
        this.#slotFreed();
      },
    });
    this.#joiners = new WaitQueue<void>({ label: `${name}.join` });
    this.#getting = {
      now: () => {
        if (this.#store.size > 0) return this.#take();
        if (this.#shutdown) throw new QueueShutDown();
        return MUST_WAIT;
      },
      woken: (_, item) => {
        if (item === SHUTDOWN) throw new QueueShutDown();
        // The item was set aside for us and counted against maxsize until now.
        this.#inFlight--;
        this.#slotFreed();
        return item;
      },
    };
    this.#putting = {
      now: (item) => {
        if (this.#shutdown) throw new QueueShutDown();
        if (this.full()) return MUST_WAIT;
        this.#insert(item);
        return undefined;
      },
      woken: (item, wakeup) => {
        if (wakeup === SHUTDOWN) throw new QueueShutDown();
        // A slot was promised to us; it is ours to fill, unless the queue shut down since.
        this.#reserved--;
        if (this.#shutdown) throw new QueueShutDown();
        this.#insert(item);
      },
    };
  }

  /** The capacity given to the constructor; 0 means unbounded. */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** How many items wait in the queue. */
  qsize(): number {
    return this.#store.size;
  }

  /** Whether `get()` would wait: no item waits in the queue. */
  empty(): boolean {
    return this.#store.size === 0;
  }

  /**
   * Whether `put()` would wait. Items already handed to woken getters and slots promised to
   * woken putters count as taken until those tasks run.
   */
  full(): boolean {
    return this.#store.size + this.#inFlight + this.#reserved >= this.#capacity;
  }

  /**
   * Puts an item, waiting in FIFO order while the queue is full. A putter cancelled while
   * waiting does not put its item.
   *
   * @returns an Operation that ends once the item is in the queue
   * @throws QueueShutDown when the queue is (or gets) shut down
   */
  put(item: T): Operation<void> {
    this.#validate?.(item);
    return this.#putters.tryOrWait(this.#putting, item);
  }

  /**
   * Puts an item without waiting.
   *
   * @throws QueueFull when the queue is full
   * @throws QueueShutDown when the queue is shut down
   */
  putNowait(item: T): void {
    this.#validate?.(item);
    if (this.#shutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this.#insert(item);
  }

  /**
   * Takes the next item, waiting in FIFO order while the queue is empty. A getter cancelled
   * after an item was handed to it gives the item back, to be served next.
   *
   * @returns an Operation resolving to the item
   * @throws QueueShutDown when the queue is shut down and empty (at once after `shutdown(true)`)
   */
  get(): Operation<T> {
    return this.#getters.tryOrWait(this.#getting, undefined);
  }

  /**
   * Takes the next item without waiting.
   *
   * @throws QueueEmpty when no item waits
   * @throws QueueShutDown when the queue is shut down and empty
   */
  getNowait(): T {
    if (this.#store.size > 0) return this.#take();
    if (this.#shutdown) throw new QueueShutDown();
    throw new QueueEmpty();
  }

  /**
   * Marks one item taken with `get` as processed; `join()` resumes once every item put has
   * been marked.
   *
   * @throws InvalidStateError when called more often than items were put
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new InvalidStateError('taskDone() called more times than items were put');
    }
    if (--this.#unfinished === 0) this.#joiners.wakeAll();
  }

  /**
   * Waits until every item put has been marked done with `taskDone()`.
   *
   * @returns an Operation that ends when no work is unfinished
   */
  join(): Operation<void> {
    return this.#join();
  }

  /**
   * Shuts the queue down: `put` and `putNowait` raise `QueueShutDown` from now on, and so do
   * `get` and `getNowait` once the queue is empty. Every waiting putter and getter raises
   * `QueueShutDown` at once. With `immediate`, the items still queued are dropped (and count
   * as done for `join()`), so gets raise at once.
   *
   * @param immediate drop the queued items instead of letting consumers drain them
   */
  shutdown(immediate = false): void {
    this.#shutdown = true;
    if (immediate) {
      this.#immediate = true;
      const dropped = this.#store.clear();
      this.#unfinished = Math.max(0, this.#unfinished - dropped);
      if (this.#unfinished === 0) this.#joiners.wakeAll();
    }
    this.#getters.wakeAll(SHUTDOWN);
    this.#putters.wakeAll(SHUTDOWN);
  }

  /** Whether `shutdown()` was called. */
  isShutdown(): boolean {
    return this.#shutdown;
  }

  /** Counts for monitoring. */
  statistics(): QueueStatistics {
    return {
      size: this.#store.size,
      maxsize: this.#maxsize,
      getters: this.#getters.size,
      putters: this.#putters.size,
      unfinishedTasks: this.#unfinished,
      shutdown: this.#shutdown,
    };
  }

  /** Describes the state, e.g. `Queue(size=2, maxsize=10, getters=0, putters=0, unfinished=2)`. */
  toString(): string {
    const shut = this.#shutdown ? ', shutdown' : '';
    return (
      `${this.constructor.name}(size=${this.#store.size}, maxsize=${this.#maxsize}, ` +
      `getters=${this.#getters.size}, putters=${this.#putters.size}, ` +
      `unfinished=${this.#unfinished}${shut})`
    );
  }

  /**
   * One Operation per item: `for (const next of queue) { const item = yield* next; }`. The
   * loop ends when the queue is shut down and empty at the start of a step; a step already
   * waiting when the queue shuts down raises `QueueShutDown`.
   */
  *[Symbol.iterator](): Iterator<Operation<T>> {
    while (!(this.#shutdown && this.#store.size === 0)) yield this.get();
  }

  *#join(): Generator<Suspension, void, unknown> {
    if (this.#unfinished > 0) yield* this.#joiners.wait();
  }

  #insert(item: T): void {
    this.#unfinished++;
    if (this.#getters.wakeOne(item)) this.#inFlight++;
    else this.#store.add(item);
  }

  #take(): T {
    const item = this.#store.take();
    this.#slotFreed();
    return item;
  }

  /** A slot became free: promise it to the longest-waiting putter, if any. */
  #slotFreed(): void {
    if (this.#putters.size > 0 && !this.full() && this.#putters.wakeOne(SLOT)) {
      this.#reserved++;
    }
  }

  /** A woken getter was cancelled before it ran: its item is served next. */
  #returnItem(item: T): void {
    this.#inFlight--;
    if (this.#immediate) {
      // Dropped like every queued item at shutdown(true).
      if (this.#unfinished > 0 && --this.#unfinished === 0) this.#joiners.wakeAll();
      return;
    }
    if (this.#getters.wakeOne(item)) this.#inFlight++;
    else this.#store.giveBack(item);
  }

  static {
    setStore = (queue, store, validate) => {
      queue.#store = store;
      queue.#validate = validate;
    };
  }
}

/**
 * asyncio's `PriorityQueue`: `get` returns the smallest item first. Numbers, strings and
 * arrays (such as `[priority, item]` tuples, compared element by element) are ordered out of
 * the box; pass `compare` for anything else. Items that compare equal come out in the order
 * they were put.
 *
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, 'later']);
 * jobs.putNowait([1, 'first']);
 * jobs.getNowait(); // [1, 'first']
 * new PriorityQueue<{ at: Date }>().putNowait({ at: new Date() }); // throws TypeError
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  /**
   * @param maxsize the capacity; 0 (the default) or Infinity for unbounded
   * @param options a `compare` function for items that are not numbers, strings or arrays
   * @throws TypeError when `maxsize` is not a number
   * @throws RangeError when `maxsize` is negative, fractional or NaN
   */
  constructor(maxsize = 0, options: PriorityQueueOptions<T> = {}) {
    super(maxsize);
    const compare = options.compare;
    if (compare !== undefined && typeof compare !== 'function') {
      throw new TypeError('compare must be a function');
    }
    if (compare === undefined) {
      setStore(this, new Heap<T>(defaultCompare), (item) => void defaultCompare(item, item));
    } else {
      setStore(this, new Heap<T>(compare));
    }
  }
}

/**
 * asyncio's `LifoQueue`: `get` returns the most recently put item first.
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  /**
   * @param maxsize the capacity; 0 (the default) or Infinity for unbounded
   * @throws TypeError when `maxsize` is not a number
   * @throws RangeError when `maxsize` is negative, fractional or NaN
   */
  constructor(maxsize = 0) {
    super(maxsize);
    setStore(this, new Stack<T>());
  }
}
