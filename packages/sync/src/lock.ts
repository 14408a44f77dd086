/**
 * `Lock`: mutual exclusion with a fair FIFO queue of waiters.
 *
 * Design note: `release()` with tasks waiting hands the lock straight to the longest waiter
 * (the lock stays locked), so a task that releases and at once re-acquires queues behind
 * the waiters, and a cancelled waiter can never leave the lock held by nobody: a waiter
 * woken and cancelled before it ran passes the lock on (CPython bpo-32734). Invariant: while
 * any task waits, the lock is locked. Like asyncio's, the lock is not owned by a task: any
 * task may release it, but releasing an unlocked lock is an error.
 */
import { InvalidStateError, type Operation, type Suspension } from '@aio/core';
import { MUST_WAIT, WaitQueue, type WaitAttempt } from '@aio/core/lowlevel';
import { Permit } from './permit.js';
import { toOperation } from './internal/validate.js';

/** What {@link Lock.statistics} reports. */
export interface LockStatistics {
  /** Whether the lock is held. */
  locked: boolean;
  /** Tasks waiting in `acquire()`. */
  waiters: number;
}

/**
 * asyncio's `Lock`. `acquire()` waits until the lock is free, takes it and resolves to a
 * {@link Permit}; `release()` (or disposing the permit) frees it for the next waiter in
 * arrival order. Every wait is cancellable.
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * function* update() {
 *   using _held = yield* lock.acquire();
 *   counter = (yield* read()) + 1;
 * }
 * lock.release(); // throws InvalidStateError: the lock is not held
 * ```
 */
export class Lock {
  #locked = false;
  readonly #waiters = new WaitQueue<void>({
    label: 'Lock.acquire',
    // Woken with the lock, then cancelled before it could use it: hand the lock on.
    onAbandon: () => this.#handOn(),
  });
  readonly #taking: WaitAttempt<undefined, void, Permit> = {
    now: () => (this.#tryTake() ? new Permit(this) : MUST_WAIT),
    woken: () => new Permit(this),
  };

  /** Whether the lock is held. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Takes the lock, waiting in FIFO order while it is held. A cancelled waiter leaves the
   * queue; if the lock was already handed to it, the next waiter gets it.
   *
   * @returns an Operation resolving to a Disposable {@link Permit}
   *
   * @example
   * ```ts
   * using _held = yield* lock.acquire();
   * ```
   */
  acquire(): Operation<Permit> {
    return this.#waiters.tryOrWait(this.#taking, undefined);
  }

  /**
   * Frees the lock: the longest waiter gets it, or it becomes unlocked.
   *
   * @throws InvalidStateError when the lock is not held
   */
  release(): void {
    if (!this.#locked) throw new InvalidStateError('Lock.release(): the lock is not held');
    this.#handOn();
  }

  /**
   * Runs `operation` holding the lock and frees it when the operation ends, however it ends.
   * A function is called only once the lock is held.
   *
   * @param operation an Operation, or a function returning one
   * @returns an Operation resolving to the operation's result
   *
   * @example
   * ```ts
   * yield* lock.withLock(() => writeRecord(row));
   * ```
   */
  withLock<T>(operation: Operation<T> | (() => Operation<T>)): Operation<T> {
    return this.#withLock(operation);
  }

  /** Counts for monitoring: whether it is held, and how many tasks wait. */
  statistics(): LockStatistics {
    return { locked: this.#locked, waiters: this.#waiters.size };
  }

  /** Describes the state, e.g. `Lock(locked, waiters=2)`. */
  toString(): string {
    return `Lock(${this.#locked ? 'locked' : 'unlocked'}, waiters=${this.#waiters.size})`;
  }

  /** Takes the lock if it is free (never while tasks wait: then it is locked). */
  #tryTake(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

  *#withLock<T>(operation: Operation<T> | (() => Operation<T>)): Generator<Suspension, T, unknown> {
    if (!this.#tryTake()) yield* this.#waiters.wait();
    try {
      return yield* toOperation('withLock', operation);
    } finally {
      this.release();
    }
  }

  #handOn(): void {
    if (!this.#waiters.wakeOne()) this.#locked = false;
  }
}
