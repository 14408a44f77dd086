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

/** Returned by {@link WaitAttempt.now} to say "park in the queue". */
export const MUST_WAIT: unique symbol = Symbol('aio.mustWait');

/**
 * What {@link WaitQueue.tryOrWait} tries first, and how it turns a wakeup into its result.
 * `A` is the argument given to `tryOrWait` (an item to put, say), `T` the queue's wakeup
 * value, `R` the result.
 */
export interface WaitAttempt<A, T, R> {
  /** Completes at once: returns the result (or throws), or {@link MUST_WAIT} to park. */
  now(arg: A): R | typeof MUST_WAIT;
  /** Turns the value the waiter was woken with into the result (or throws). */
  woken(arg: A, value: T): R;
}

let unlink: <T>(queue: WaitQueue<T>, waiter: Waiter<T>) => void;
let enqueue: <T>(queue: WaitQueue<T>) => Waiter<T>;
let abandon: <T>(queue: WaitQueue<T>, value: T) => void;

const STARTING = 0;
const PARKED = 1;
const FINISHED = 2;

/**
 * What `wait()` and `tryOrWait()` return, and what `yield*` iterates: one object, as it runs
 * for every acquire, get and put. Like a coroutine it does nothing until it is awaited: the
 * attempt runs, and the waiter joins the queue, on its first step. Iterating it again starts
 * anew. When the waiting task is cancelled after being woken, the value it was handed goes to
 * the queue's `onAbandon`.
 */
class WaitOperation<T, A, R> implements Operation<R>, Iterator<Suspension, R, unknown> {
  readonly #queue: WaitQueue<T>;
  /** Undefined for a plain `wait()`, whose result is the wakeup value itself. */
  readonly #attempt: WaitAttempt<A, T, R> | undefined;
  readonly #arg: A;
  #waiter: Waiter<T> | undefined;
  #stage = STARTING;

  constructor(queue: WaitQueue<T>, attempt: WaitAttempt<A, T, R> | undefined, arg: A) {
    this.#queue = queue;
    this.#attempt = attempt;
    this.#arg = arg;
  }

  [Symbol.iterator](): Iterator<Suspension, R, unknown> {
    if (this.#stage === STARTING) return this;
    return new WaitOperation(this.#queue, this.#attempt, this.#arg);
  }

  next(): IteratorResult<Suspension, R> {
    const attempt = this.#attempt;
    if (this.#stage === STARTING) {
      this.#stage = FINISHED;
      if (attempt !== undefined) {
        const result = attempt.now(this.#arg);
        if (result !== MUST_WAIT) return { value: result, done: true };
      }
      this.#stage = PARKED;
      return parkStep((this.#waiter = enqueue(this.#queue)));
    }
    const waiter = this.#waiter;
    if (waiter === undefined) return { value: undefined as R, done: true };
    this.#finish();
    // Throws the CancelledError when the task was cancelled while parked.
    const value = waiter.result();
    const result =
      attempt === undefined ? (value as unknown as R) : attempt.woken(this.#arg, value);
    return { value: result, done: true };
  }

  throw(error: unknown): never {
    const waiter = this.#waiter;
    this.#finish();
    // Woken, then cancelled before running: hand the wakeup on rather than lose it.
    if (waiter?.done() === true && !waiter.cancelled()) abandon(this.#queue, waiter.result());
    else waiter?.leave();
    throw error;
  }

  return(value?: R): IteratorResult<Suspension, R> {
    const waiter = this.#waiter;
    this.#finish();
    waiter?.leave();
    return { value: value as R, done: true };
  }

  #finish(): void {
    this.#stage = FINISHED;
    this.#waiter = undefined;
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
    return new WaitOperation<T, undefined, T>(this, undefined, undefined);
  }

  /**
   * {@link wait} with a fast path, for primitives that usually complete at once: when the
   * operation starts, `attempt.now(arg)` runs first and its result completes the operation
   * without parking, unless it is {@link MUST_WAIT}. A woken waiter's value is turned into
   * the result by `attempt.woken(arg, value)`. Cancellation works exactly as for `wait()`.
   *
   * @param attempt how to complete at once, and how to read a wakeup
   * @param arg passed to both hooks (an item to put, say), so one `attempt` serves every call
   * @returns an Operation resolving to the result
   *
   * @example
   * ```ts
   * const permits = new WaitQueue<void>({ onAbandon: () => release() });
   * const taking: WaitAttempt<undefined, void, string> = {
   *   now: () => (free > 0 ? (free--, 'at once') : MUST_WAIT),
   *   woken: () => 'after waiting',
   * };
   * const how = yield* permits.tryOrWait(taking, undefined);
   * ```
   */
  tryOrWait<A, R>(attempt: WaitAttempt<A, T, R>, arg: A): Operation<R> {
    return new WaitOperation(this, attempt, arg);
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
