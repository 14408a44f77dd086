/**
 * `Semaphore` and `BoundedSemaphore`: a counter of permits with a fair FIFO queue of waiters.
 *
 * Design note: `release()` with tasks waiting hands the permit straight to the longest
 * waiter instead of raising `value`, so a task that releases and at once re-acquires goes
 * behind the waiters (no barging), and several `release()`s before the woken tasks run
 * cannot let a newcomer jump the queue (CPython gh-111693). Invariant: while any task
 * waits, `value` is 0. A waiter woken with a permit and cancelled before it ran passes the
 * permit on through the wait queue's `onAbandon` hook, so no permit is ever lost (CPython
 * bpo-45997 and gh-90155).
 */
import { InvalidStateError, type Operation, type Suspension } from '@aio/core';
import { MUST_WAIT, WaitQueue, type WaitAttempt } from '@aio/core/lowlevel';
import { Permit } from './permit.js';
import { checkCount, toOperation } from './internal/validate.js';

/** What {@link Semaphore.statistics} reports. */
export interface SemaphoreStatistics {
  /** Permits free right now. */
  value: number;
  /** Tasks waiting in `acquire()`. */
  waiters: number;
}

let markBounded: (semaphore: Semaphore, bound: number) => void;

/**
 * asyncio's `Semaphore`: `value` permits shared by any number of tasks. `acquire()` takes
 * one (waiting while none is free) and resolves to a {@link Permit}; `release()` gives one
 * back. Waiters are served first in, first out, and every wait is cancellable.
 *
 * @example
 * ```ts
 * const sem = new Semaphore(3);
 * function* fetchOne(url: string) {
 *   using _permit = yield* sem.acquire(); // at most 3 at a time
 *   return yield* session.get(url);
 * }
 * new Semaphore(-1); // throws RangeError
 * ```
 */
export class Semaphore {
  #value: number;
  /**
   * Permits held by running tasks. A permit handed to a woken waiter counts only once that
   * waiter runs, so a BoundedSemaphore notices an extra release() made in between.
   */
  #held = 0;
  /** For a BoundedSemaphore, the initial value that release() may not exceed. */
  #bound: number | undefined;
  readonly #waiters: WaitQueue<void>;
  readonly #taking: WaitAttempt<undefined, void, Permit>;

  /**
   * @param value the initial number of permits (default 1)
   * @throws TypeError when `value` is not a number
   * @throws RangeError when `value` is negative, fractional or NaN
   */
  constructor(value = 1) {
    this.#value = checkCount('value', value, 0);
    this.#waiters = new WaitQueue<void>({
      label: `${this.constructor.name}.acquire`,
      // Woken with a permit, then cancelled before it could use it: hand the permit on.
      onAbandon: () => this.#give(),
    });
    this.#taking = {
      now: () => (this.#tryTake() ? new Permit(this) : MUST_WAIT),
      woken: () => {
        this.#received();
        return new Permit(this);
      },
    };
  }

  /** The number of permits free right now. */
  get value(): number {
    return this.#value;
  }

  /** Whether `acquire()` would wait (no permit is free). */
  locked(): boolean {
    return this.#value === 0;
  }

  /**
   * Takes a permit, waiting in FIFO order while none is free. Cancelling a waiting task
   * removes it from the queue; a permit it was already handed goes to the next waiter.
   *
   * @returns an Operation resolving to a Disposable {@link Permit}
   *
   * @example
   * ```ts
   * using _permit = yield* sem.acquire();
   * ```
   */
  acquire(): Operation<Permit> {
    return this.#waiters.tryOrWait(this.#taking, undefined);
  }

  /**
   * Gives a permit back: the longest waiter gets it, or `value` grows by one. Prefer
   * releasing the {@link Permit} (or `using`), which cannot release twice.
   *
   * @throws InvalidStateError on a BoundedSemaphore released more often than acquired
   */
  release(): void {
    if (this.#bound !== undefined && this.#held === 0) {
      throw new InvalidStateError(
        `${this.constructor.name} released too many times (it starts with ${this.#bound} permits)`,
      );
    }
    if (this.#held > 0) this.#held--;
    this.#give();
  }

  /**
   * Runs `operation` holding a permit, and releases it when the operation ends, however it
   * ends. A function is called only once the permit is held.
   *
   * @param operation an Operation, or a function returning one
   * @returns an Operation resolving to the operation's result
   *
   * @example
   * ```ts
   * const page = yield* sem.withPermit(() => session.get(url));
   * ```
   */
  withPermit<T>(operation: Operation<T> | (() => Operation<T>)): Operation<T> {
    return this.#withPermit(operation);
  }

  /** Counts for monitoring: free permits and waiting tasks. */
  statistics(): SemaphoreStatistics {
    return { value: this.#value, waiters: this.#waiters.size };
  }

  /** Describes the state, e.g. `Semaphore(value=0, waiters=3)`. */
  toString(): string {
    return `${this.constructor.name}(value=${this.#value}, waiters=${this.#waiters.size})`;
  }

  /** Takes a free permit if there is one (never while tasks wait: then value is 0). */
  #tryTake(): boolean {
    if (this.#value === 0) return false;
    this.#value--;
    this.#held++;
    return true;
  }

  *#withPermit<T>(
    operation: Operation<T> | (() => Operation<T>),
  ): Generator<Suspension, T, unknown> {
    if (!this.#tryTake()) {
      yield* this.#waiters.wait();
      this.#received();
    }
    try {
      return yield* toOperation('withPermit', operation);
    } finally {
      this.release();
    }
  }

  /** A permit became free: hand it to the longest waiter, or keep it. */
  #give(): void {
    if (!this.#waiters.wakeOne()) this.#value++;
  }

  /** A woken waiter runs with the permit it was handed. */
  #received(): void {
    this.#held++;
  }

  static {
    markBounded = (semaphore, bound) => {
      semaphore.#bound = bound;
    };
  }
}

/**
 * A {@link Semaphore} that refuses to grow: releasing more often than acquiring throws
 * instead of silently adding permits.
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(1);
 * sem.release(); // throws InvalidStateError: released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /**
   * @param value the initial (and maximum) number of permits (default 1)
   * @throws TypeError when `value` is not a number
   * @throws RangeError when `value` is negative, fractional or NaN
   */
  constructor(value = 1) {
    super(value);
    markBounded(this, value);
  }
}
