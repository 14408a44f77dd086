/**
 * `Barrier`: `parties` tasks wait for each other, then all go on together.
 *
 * Design note (asyncio's state machine, with two FIFO wait queues instead of a Condition so
 * that `reset()` and `abort()` act at once): while `filling`, arrivals wait in `#arrived`;
 * the last arrival switches to `draining` and wakes them in arrival order, each with its
 * index (so indexes stay distinct even after a waiter was cancelled and replaced).
 * While the barrier drains (or resets), newcomers wait in `#blocked` until every task of the
 * previous round has left; then the barrier fills again. `reset()` and `abort()` wake the
 * arrived tasks with the verdict `broken`. The verdict travels with the wakeup, so a state
 * change after a task was woken cannot change what it raises.
 */
import type { Operation, Suspension } from '@aio/core';
import { WaitQueue } from '@aio/core/lowlevel';
import { BrokenBarrierError } from './errors.js';
import { checkCount } from './internal/validate.js';

/** The phases of a {@link Barrier}, as asyncio names them. */
export type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

/** What {@link Barrier.statistics} reports. */
export interface BarrierStatistics {
  /** How many tasks trip the barrier. */
  parties: number;
  /** Tasks waiting for the barrier to fill. */
  nWaiting: number;
  /** The phase the barrier is in. */
  state: BarrierState;
  /** Tasks waiting for the previous round to drain. */
  blocked: number;
}

/** How an arrived task is woken: with its arrival index, or because the barrier broke. */
type Verdict = number | 'broken';

/**
 * asyncio's `Barrier`: `wait()` blocks until `parties` tasks are waiting, then releases
 * them all; each gets its arrival index (0 to parties - 1). A cancelled waiter leaves the
 * count, so a replacement can still trip the barrier.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * function* worker(id: number) {
 *   const index = yield* barrier.wait(); // all three resume together
 *   if (index === 0) console.log('first to arrive was', id);
 * }
 * new Barrier(0); // throws RangeError
 * ```
 */
export class Barrier {
  readonly #parties: number;
  #state: BarrierState = 'filling';
  /** Tasks inside wait() past the entry check: arrived and not yet left. */
  #count = 0;
  readonly #arrived = new WaitQueue<Verdict>({ label: 'Barrier.wait' });
  readonly #blocked = new WaitQueue<void>({ label: 'Barrier.wait (draining)' });

  /**
   * @param parties how many tasks must wait to trip the barrier (an integer of at least 1)
   * @throws TypeError when `parties` is not a number
   * @throws RangeError when `parties` is below 1, fractional or NaN
   */
  constructor(parties: number) {
    this.#parties = checkCount('parties', parties, 1);
  }

  /** How many tasks trip the barrier. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks wait for the barrier to fill. */
  get nWaiting(): number {
    return this.#state === 'filling' ? this.#count : 0;
  }

  /** Whether the barrier was aborted. */
  get broken(): boolean {
    return this.#state === 'broken';
  }

  /** The phase the barrier is in. */
  get state(): BarrierState {
    return this.#state;
  }

  /**
   * Waits until `parties` tasks wait, then resumes with this task's arrival index. While the
   * previous round drains, waits for it first.
   *
   * @returns an Operation resolving to the arrival index, 0 to parties - 1
   * @throws BrokenBarrierError when the barrier is aborted, or reset while this task waits
   */
  wait(): Operation<number> {
    return this.#wait();
  }

  /**
   * Returns the barrier to its empty state at once: tasks waiting in it raise
   * `BrokenBarrierError`; newcomers wait until they have left.
   */
  reset(): void {
    if (this.#count > 0) {
      this.#state = 'resetting';
      this.#arrived.wakeAll('broken');
    } else {
      this.#state = 'filling';
      this.#blocked.wakeAll();
    }
  }

  /**
   * Breaks the barrier at once: waiting tasks and every later `wait()` raise
   * `BrokenBarrierError` (until `reset()`).
   */
  abort(): void {
    this.#state = 'broken';
    this.#arrived.wakeAll('broken');
    this.#blocked.wakeAll();
  }

  /** Counts for monitoring. */
  statistics(): BarrierStatistics {
    return {
      parties: this.#parties,
      nWaiting: this.nWaiting,
      state: this.#state,
      blocked: this.#blocked.size,
    };
  }

  /** Describes the state, e.g. `Barrier(filling, waiting=2/3)`. */
  toString(): string {
    return `Barrier(${this.#state}, waiting=${this.nWaiting}/${this.#parties})`;
  }

  *#wait(): Generator<Suspension, number, unknown> {
    while (this.#state === 'draining' || this.#state === 'resetting') {
      yield* this.#blocked.wait();
    }
    if (this.#state === 'broken') throw new BrokenBarrierError('the barrier was aborted');
    try {
      if (++this.#count === this.#parties) {
        this.#state = 'draining';
        let index = 0;
        while (this.#arrived.wakeOne(index)) index++;
        return index;
      }
      const verdict = yield* this.#arrived.wait();
      if (verdict === 'broken') {
        throw new BrokenBarrierError('the barrier was aborted or reset while waiting');
      }
      return verdict;
    } finally {
      this.#leave();
    }
  }

  /** The last task of a draining or resetting round to leave reopens the barrier. */
  #leave(): void {
    this.#count--;
    if (this.#count > 0) return;
    if (this.#state === 'draining' || this.#state === 'resetting') this.#state = 'filling';
    this.#blocked.wakeAll();
  }
}
