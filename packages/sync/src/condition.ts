/**
 * `Condition`: a lock plus a FIFO queue of tasks waiting to be notified.
 *
 * Design note: `notify(n)` wakes the `n` longest waiters. A notified waiter must then take
 * the lock back before `wait()` returns. If it is cancelled in between (before it ran, or
 * while re-acquiring the lock), its notification is passed to the next waiter, so a
 * producer's `notify(1)` is never swallowed by a consumer that went away (CPython gh-112202).
 * Whatever happens, `wait()` only ever leaves with the lock held again.
 */
import { InvalidStateError, isCancelledError, type Operation, type Suspension } from '@aio/core';
import { WaitQueue } from '@aio/core/lowlevel';
import { Lock } from './lock.js';
import type { Permit } from './permit.js';
import { checkCount } from './internal/validate.js';

/** What {@link Condition.statistics} reports. */
export interface ConditionStatistics {
  /** Whether the underlying lock is held. */
  locked: boolean;
  /** Tasks waiting in `wait()` for a notification. */
  waiters: number;
}

/**
 * asyncio's `Condition`: tasks holding the lock `wait()` until another task holding the lock
 * calls `notify()`. Waiters are notified first in, first out.
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * function* consumer() {
 *   using _held = yield* cond.acquire();
 *   yield* cond.waitFor(() => items.length > 0);
 *   return items.shift();
 * }
 * function* producer(item: string) {
 *   using _held = yield* cond.acquire();
 *   items.push(item);
 *   cond.notify();
 * }
 * cond.notify(); // throws InvalidStateError: the lock is not held
 * ```
 */
export class Condition {
  readonly #lock: Lock;
  readonly #waiters = new WaitQueue<void>({
    label: 'Condition.wait',
    // Notified, then cancelled before it ran: the notification goes to the next waiter.
    onAbandon: () => this.#wake(1),
  });

  /**
   * @param lock the lock to use (default: a new {@link Lock})
   * @throws TypeError when `lock` is not a Lock
   */
  constructor(lock?: Lock) {
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError('lock must be a Lock');
    }
    this.#lock = lock ?? new Lock();
  }

  /** Whether the underlying lock is held. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Takes the underlying lock (see `Lock.acquire`).
   *
   * @returns an Operation resolving to a Disposable {@link Permit}
   */
  acquire(): Operation<Permit> {
    return this.#lock.acquire();
  }

  /**
   * Frees the underlying lock.
   *
   * @throws InvalidStateError when the lock is not held
   */
  release(): void {
    this.#lock.release();
  }

  /**
   * Runs `operation` holding the underlying lock (see `Lock.withLock`).
   *
   * @param operation an Operation, or a function returning one
   */
  withLock<T>(operation: Operation<T> | (() => Operation<T>)): Operation<T> {
    return this.#lock.withLock(operation);
  }

  /**
   * Frees the lock, waits to be notified, then takes the lock back. The lock is held again
   * when `wait()` ends, even if it ends with `CancelledError` (the cancellation is raised
   * after the lock is back).
   *
   * @returns an Operation resolving to `true`
   * @throws InvalidStateError when the lock is not held
   */
  wait(): Operation<true> {
    return this.#wait();
  }

  /**
   * Waits until `predicate()` is truthy: checks it first, then after each notification.
   *
   * @param predicate called with the lock held
   * @returns an Operation resolving to the predicate's last (truthy) value
   * @throws InvalidStateError when the lock is not held and the predicate is false
   */
  waitFor<T>(predicate: () => T): Operation<T> {
    if (typeof predicate !== 'function') throw new TypeError('predicate must be a function');
    return this.#waitFor(predicate);
  }

  /**
   * Wakes up to `n` waiting tasks (default 1), longest waiting first. They resume once they
   * get the lock back, so release it after notifying.
   *
   * @param n how many waiters to wake (a non-negative integer, or Infinity)
   * @throws InvalidStateError when the lock is not held
   * @throws RangeError when `n` is negative or fractional
   */
  notify(n = 1): void {
    checkCount('n', n, 0, true);
    if (!this.#lock.locked()) {
      throw new InvalidStateError('Condition.notify(): the lock is not held');
    }
    this.#wake(n);
  }

  /**
   * Wakes every waiting task.
   *
   * @throws InvalidStateError when the lock is not held
   */
  notifyAll(): void {
    this.notify(Infinity);
  }

  /** Counts for monitoring: whether the lock is held, and how many tasks wait. */
  statistics(): ConditionStatistics {
    return { locked: this.#lock.locked(), waiters: this.#waiters.size };
  }

  /** Describes the state, e.g. `Condition(locked, waiters=1)`. */
  toString(): string {
    const state = this.#lock.locked() ? 'locked' : 'unlocked';
    return `Condition(${state}, waiters=${this.#waiters.size})`;
  }

  #wake(n: number): void {
    for (let woken = 0; woken < n && this.#waiters.wakeOne(); woken++);
  }

  *#wait(): Generator<Suspension, true, unknown> {
    if (!this.#lock.locked()) {
      throw new InvalidStateError('Condition.wait(): the lock is not held');
    }
    this.#lock.release();
    let notified = false;
    let failed = false;
    let failure: unknown;
    try {
      yield* this.#waiters.wait();
      notified = true;
    } catch (error) {
      failed = true;
      failure = error;
    }
    // Take the lock back whatever happened; `finally` code after wait() relies on holding it.
    for (;;) {
      try {
        yield* this.#lock.acquire();
        break;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        // `task.cancel()` while re-acquiring: keep trying, raise the latest cancellation.
        failed = true;
        failure = error;
      }
    }
    if (failed) {
      // Notified, but cancelled before wait() could return: the notification goes on.
      if (notified) this.#wake(1);
      throw failure;
    }
    return true;
  }

  *#waitFor<T>(predicate: () => T): Generator<Suspension, T, unknown> {
    let result = predicate();
    while (!result) {
      yield* this.#wait();
      result = predicate();
    }
    return result;
  }
}
