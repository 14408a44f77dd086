/**
 * `WaitQueue`: the fair FIFO queue of parked tasks that every aio primitive is built on
 * (Trio's ParkingLot).
 *
 * Design note: each waiter (internal/queue-waiter.ts) is linked into a doubly-linked list,
 * so a cancelled waiter unlinks itself in O(1) the moment it is cancelled and can never be
 * woken. The one race left is "woken, then cancelled before it ran": the waker already
 * handed it something (a permit, an item, a notification). The waiter then passes that value to the queue's
 * `onAbandon` hook on its way out, so the primitive can hand it to the next waiter: nothing
 * is ever lost. These are the lost-wakeup bugs asyncio fixed in CPython 3.11 to 3.13.
 */
import type { Operation } from './operation.js';
import { QueueWaiter, type WaitAttempt, type WaiterHost } from './internal/queue-waiter.js';

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

export { MUST_WAIT } from './internal/queue-waiter.js';
export type { WaitAttempt } from './internal/queue-waiter.js';

/** The linked list of waiters behind a WaitQueue, and what each waiter needs from it. */
class WaiterList<T> implements WaiterHost<T> {
  first: QueueWaiter<T> | undefined;
  last: QueueWaiter<T> | undefined;
  size = 0;
  readonly label: string;
  readonly #onAbandon: ((value: T) => void) | undefined;

  constructor(label: string, onAbandon: ((value: T) => void) | undefined) {
    this.label = label;
    this.#onAbandon = onAbandon;
  }

  append(waiter: QueueWaiter<T>): void {
    const last = this.last;
    waiter.older = last;
    if (last === undefined) this.first = waiter;
    else last.newer = waiter;
    this.last = waiter;
    this.size++;
  }

  remove(waiter: QueueWaiter<T>): void {
    const { older, newer } = waiter;
    if (older === undefined) this.first = newer;
    else older.newer = newer;
    if (newer === undefined) this.last = older;
    else newer.older = older;
    waiter.older = waiter.newer = undefined;
    this.size--;
  }

  abandon(value: T): void {
    this.#onAbandon?.(value);
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
  readonly #waiters: WaiterList<T>;

  /** @param options a `label` for task trees and the `onAbandon` hook */
  constructor(options: WaitQueueOptions<T> = {}) {
    this.#waiters = new WaiterList(options.label ?? 'WaitQueue.wait', options.onAbandon);
  }

  /** How many tasks are parked. */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Parks the current task until woken; evaluates to the value it was woken with.
   * Cancellation removes the task from the queue (or passes on a wakeup it already got).
   */
  wait(): Operation<T> {
    return new QueueWaiter<T, undefined, T>(this.#waiters, undefined, undefined);
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
    return new QueueWaiter(this.#waiters, attempt, arg);
  }

  /**
   * Wakes the longest-waiting task with `value`.
   *
   * @returns false if no task was waiting
   */
  wakeOne(value: T): boolean {
    const waiters = this.#waiters;
    const waiter = waiters.first;
    if (waiter === undefined) return false;
    waiters.remove(waiter);
    waiter.wake(value);
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
    return `WaitQueue(waiters=${this.#waiters.size})`;
  }
}
