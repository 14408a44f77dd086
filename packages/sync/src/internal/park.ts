/**
 * `ParkOperation`: the Operation behind `acquire()`, `get()` and `put()`, without a generator.
 *
 * Design note: these calls usually complete at once (a free permit, a queued item), and when
 * they wait, hundreds of thousands of tasks may wait at the same time. A generator per call
 * costs about 150 bytes more than this small iterator, and every live byte is paid again by
 * the garbage collector while the task waits, so the hot primitives hand-write the
 * iterator: `now()` tries to finish at once; otherwise the operation delegates to
 * `WaitQueue.wait()` (so cancellation and `onAbandon` work exactly as there) and turns the
 * wakeup value into the result with `woken()`. Like a coroutine object, it runs once.
 */
import type { Operation, Suspension } from '@aio/core';
import type { WaitQueue } from '@aio/core/lowlevel';

/** Returned by {@link Parking.now} to say "wait in the queue". */
export const WAIT: unique symbol = Symbol('wait');

/** How one primitive's operation completes: at once, or after a wakeup. */
export interface Parking<A, W, R> {
  /** Completes at once (returns the result, or throws), or returns {@link WAIT}. */
  now(arg: A): R | typeof WAIT;
  /** The queue to wait in. */
  readonly queue: WaitQueue<W>;
  /** Turns the wakeup value into the result (or throws). */
  woken(arg: A, wakeup: W): R;
}

const STARTING = 0;
const WAITING = 1;
const FINISHED = 2;

/** A single-use Operation driven by a {@link Parking}. */
export class ParkOperation<A, W, R> implements Operation<R>, Iterator<Suspension, R, unknown> {
  readonly #parking: Parking<A, W, R>;
  readonly #arg: A;
  #state = STARTING;
  #inner: Iterator<Suspension, W, unknown> | undefined;

  constructor(parking: Parking<A, W, R>, arg: A) {
    this.#parking = parking;
    this.#arg = arg;
  }

  [Symbol.iterator](): Iterator<Suspension, R, unknown> {
    return this;
  }

  next(value?: unknown): IteratorResult<Suspension, R> {
    if (this.#state !== WAITING) {
      if (this.#state === FINISHED) return { done: true, value: undefined as R };
      this.#state = FINISHED;
      const result = this.#parking.now(this.#arg);
      if (result !== WAIT) return { done: true, value: result };
      this.#inner = this.#parking.queue.wait()[Symbol.iterator]();
      this.#state = WAITING;
    }
    let step: IteratorResult<Suspension, W>;
    try {
      step = this.#inner!.next(value);
    } catch (error) {
      this.#finish();
      throw error;
    }
    return step.done === true ? this.#woken(step.value) : step;
  }

  throw(error: unknown): IteratorResult<Suspension, R> {
    const inner = this.#inner;
    if (this.#state !== WAITING || inner?.throw === undefined) throw error;
    let step: IteratorResult<Suspension, W>;
    try {
      step = inner.throw(error);
    } catch (thrown) {
      this.#finish();
      throw thrown;
    }
    return step.done === true ? this.#woken(step.value) : step;
  }

  return(value?: R): IteratorResult<Suspension, R> {
    const inner = this.#inner;
    this.#finish();
    inner?.return?.();
    return { done: true, value: value as R };
  }

  #finish(): void {
    this.#state = FINISHED;
    this.#inner = undefined;
  }

  #woken(wakeup: W): IteratorResult<Suspension, R> {
    this.#finish();
    return { done: true, value: this.#parking.woken(this.#arg, wakeup) };
  }
}
