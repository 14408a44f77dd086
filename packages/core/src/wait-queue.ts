/**
 * `WaitQueue`: the fair FIFO queue of parked tasks that every aio primitive is built on
 * (Trio's ParkingLot).
 *
 * Design note: each waiter is a future linked into a doubly-linked list, so a cancelled
 * waiter unlinks itself in O(1) the moment it is cancelled and can never be woken. The one
 * race left is "woken, then cancelled before it ran": the waker already handed it something
 * (a permit, an item, a notification). The waiter then passes that value to the queue's
 * `onAbandon` hook on its way out, so the primitive can hand it to the next waiter: nothing
 * is ever lost. These are the lost-wakeup bugs asyncio fixed in CPython 3.11 to 3.13.
 */
import { Future } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { parkStep } from './internal/suspend.js';

/** Options for {@link WaitQueue}. */
export interface WaitQueueOptions<T> {
  /** What a parked task awaits, shown in task trees (e.g. `Semaphore.acquire`). */
  label?: string;
  /**
   * Called with the value a waiter was woken with when it is cancelled before it could use
   * it; pass the value on (release the permit, requeue the item).
   */
  onAbandon?: (value: T) => void;
}

let unlink: <T>(queue: WaitQueue<T>, waiter: Waiter<T>) => void;
let enqueue: <T>(queue: WaitQueue<T>) => Waiter<T>;
let abandon: <T>(queue: WaitQueue<T>, value: T) => void;

/**
 * What `queue.wait()` returns, and what `yield*` iterates: one object, as it runs for every
 * park. It joins the queue on its first step (like a coroutine, it does nothing until it is
 * awaited); iterating it again parks anew. When the waiting task is cancelled after being
 * woken, the value it was handed goes to the queue's `onAbandon`.
 */
class WaitOperation<T> implements Operation<T>, Iterator<Suspension, T, unknown> {
  readonly #queue: WaitQueue<T>;
  #waiter: Waiter<T> | undefined;
  #started = false;

  constructor(queue: WaitQueue<T>) {
    this.#queue = queue;
  }

  [Symbol.iterator](): Iterator<Suspension, T, unknown> {
    return this.#started ? new WaitOperation(this.#queue) : this;
  }

  next(): IteratorResult<Suspension, T> {
    const waiter = this.#waiter;
    if (waiter !== undefined) return { value: waiter.result(), done: true };
    this.#started = true;
    return parkStep((this.#waiter = enqueue(this.#queue)));
  }

  throw(error: unknown): never {
    const waiter = this.#waiter;
    // Woken, then cancelled before running: hand the wakeup on rather than lose it.
    if (waiter?.done() === true && !waiter.cancelled()) abandon(this.#queue, waiter.result());
    else waiter?.leave();
    throw error;
  }

  return(value?: T): IteratorResult<Suspension, T> {
    this.#waiter?.leave();
    return { value: value as T, done: true };
  }
}

class Waiter<T> extends Future<T> {
  previous: Waiter<T> | undefined;
  next: Waiter<T> | undefined;
  #queue: WaitQueue<T> | undefined;

  constructor(queue: WaitQueue<T>, label: string) {
    super({ label });
    this.#queue = queue;
  }

  /** Leaves the queue; true if it was still in it. */
  leave(): boolean {
    const queue = this.#queue;
    if (queue === undefined) return false;
    this.#queue = undefined;
    unlink(queue, this);
    return true;
  }

  override cancel(message?: string): boolean {
    if (!super.cancel(message)) return false;
    this.leave();
    return true;
  }
}

/**
 * A fair FIFO queue of parked tasks. `wait()` parks the current task until `wakeOne()` or
 * `wakeAll()` hands it a value; cancelled waiters leave the queue at once.
 *
 * @example
 * ```ts
 * const permits = new WaitQueue<void>({ label: 'Gate.pass', onAbandon: () => gate.open() });
 * function* pass() {
 *   yield* permits.wait();
 * }
 * permits.wakeOne(); // the longest-waiting task resumes
 * ```
 */
export class WaitQueue<T = void> {
  #first: Waiter<T> | undefined;
  #last: Waiter<T> | undefined;
  #size = 0;
  #label: string;
  #onAbandon: ((value: T) => void) | undefined;

  /** @param options a `label` for task trees and the `onAbandon` hook */
  constructor(options: WaitQueueOptions<T> = {}) {
    this.#label = options.label ?? 'WaitQueue.wait';
    this.#onAbandon = options.onAbandon;
  }

  /** How many tasks are parked. */
  get size(): number {
    return this.#size;
  }

  /**
   * Parks the current task until woken; evaluates to the value it was woken with.
   * Cancellation removes the task from the queue (or passes on a wakeup it already got).
   */
  wait(): Operation<T> {
    return new WaitOperation(this);
  }

  /**
   * Wakes the longest-waiting task with `value`.
   *
   * @returns false if no task was waiting
   */
  wakeOne(value: T): boolean {
    const waiter = this.#first;
    if (waiter === undefined) return false;
    waiter.leave();
    waiter.setResult(value);
    return true;
  }

  /**
   * Wakes every waiting task with `value`.
   *
   * @returns how many tasks were woken
   */
  wakeAll(value: T): number {
    let woken = 0;
    while (this.wakeOne(value)) woken++;
    return woken;
  }

  /** Describes the queue, e.g. `WaitQueue(waiters=2)`. */
  toString(): string {
    return `WaitQueue(waiters=${this.#size})`;
  }

  static {
    enqueue = <U>(queue: WaitQueue<U>): Waiter<U> => {
      const waiter = new Waiter<U>(queue, queue.#label);
      waiter.previous = queue.#last;
      if (queue.#last === undefined) queue.#first = waiter;
      else queue.#last.next = waiter;
      queue.#last = waiter;
      queue.#size++;
      return waiter;
    };
    abandon = <U>(queue: WaitQueue<U>, value: U): void => queue.#onAbandon?.(value);
    unlink = <U>(queue: WaitQueue<U>, waiter: Waiter<U>): void => {
      const { previous, next } = waiter;
      if (previous === undefined) queue.#first = next;
      else previous.next = next;
      if (next === undefined) queue.#last = previous;
      else next.previous = previous;
      waiter.previous = waiter.next = undefined;
      queue.#size--;
    };
  }
}
