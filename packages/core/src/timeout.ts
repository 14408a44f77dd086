/**
 * `timeout`, `timeoutAt` and `waitFor`: deadlines that cancel, as asyncio's.
 *
 * Design note: a timeout cancels its task when the deadline passes, then, on the way out,
 * takes its own cancellation back with `uncancel()`. Only if no other cancellation is left
 * does it turn the `CancelledError` into a `TimeoutError`, so with nested timeouts only the
 * outermost expired one raises `TimeoutError` and an outside `cancel()` stays a
 * cancellation. (CPython `asyncio/timeouts.py`.)
 */
import { CancelledError, InvalidStateError, TimeoutError } from './errors.js';
import { getRunningLoop } from './event-loop.js';
import { Future, whenDone } from './future.js';
import type { Handle } from './handle.js';
import type { Operation, Suspension } from './operation.js';
import { Task, currentTask } from './task.js';
import { isOperation, notAnOperation } from './internal/operation-guard.js';
import { checkTimeOrNull } from './internal/check-time.js';

type TimeoutState = 'created' | 'entered' | 'expiring' | 'expired' | 'exited';

let enterTimeout: <T>(timeout: Timeout, body: TimeoutBody<T>) => Generator<Suspension, T, unknown>;

/** A body for {@link timeout}: an Operation, or a function of the Timeout returning one. */
export type TimeoutBody<T> = Operation<T> | ((timeout: Timeout) => Operation<T>);

/**
 * The deadline of a running {@link timeout} block, handed to its body: move it with
 * `reschedule()`, ask whether it fired with `expired()`.
 *
 * @example
 * ```ts
 * yield* timeout(100, function* (t) {
 *   yield* sleep(50);
 *   t.reschedule(getRunningLoop().time() + 100); // 100 ms more from now
 *   yield* sleep(80);
 * });
 * ```
 */
export class Timeout {
  #when: number | null;
  #state: TimeoutState = 'created';
  #task: Task<unknown> | undefined;
  #handle: Handle | undefined;
  #cancellingAtEnter = 0;

  /** @param when the deadline in loop time (ms), or null for none */
  constructor(when: number | null) {
    this.#when = when;
  }

  /** The deadline in loop time (ms), or null. */
  when(): number | null {
    return this.#when;
  }

  /**
   * Moves the deadline (`null` removes it). A deadline already past fires at the next round.
   *
   * @throws InvalidStateError when the block has not started or has already ended
   */
  reschedule(when: number | null): void {
    if (this.#state !== 'entered') {
      throw new InvalidStateError(
        this.#state === 'created'
          ? 'the timeout has not started yet'
          : `cannot reschedule a timeout that is ${this.#state}`,
      );
    }
    checkTimeOrNull(when, 'reschedule(when)', 'a loop time in ms');
    this.#when = when;
    this.#handle?.cancel();
    this.#handle = undefined;
    if (when === null) return;
    const loop = getRunningLoop();
    const onTimeout = (): void => this.#onTimeout();
    this.#handle = when <= loop.time() ? loop.callSoon(onTimeout) : loop.callAt(when, onTimeout);
  }

  /** Whether the deadline passed and the block was cancelled because of it. */
  expired(): boolean {
    return this.#state === 'expiring' || this.#state === 'expired';
  }

  /** Describes the timeout, e.g. `Timeout(when=100, state=entered)`. */
  toString(): string {
    return `Timeout(when=${String(this.#when)}, state=${this.#state})`;
  }

  #onTimeout(): void {
    this.#handle = undefined;
    this.#state = 'expiring';
    this.#task?.cancel('deadline exceeded');
  }

  *#scope<T>(body: TimeoutBody<T>): Generator<Suspension, T, unknown> {
    if (this.#state !== 'created') throw new InvalidStateError('a Timeout can be used once');
    const task = currentTask();
    this.#task = task;
    this.#cancellingAtEnter = task.cancelling();
    this.#state = 'entered';
    this.reschedule(this.#when);
    const operation = typeof body === 'function' ? body(this) : body;
    if (!isOperation(operation)) throw notAnOperation('timeout', operation);
    let result: T;
    try {
      result = yield* operation;
    } catch (error) {
      throw this.#exit(error);
    }
    this.#exit(undefined);
    return result;
  }

  /** Leaves the block; returns the error to raise (a TimeoutError replaces our own cancel). */
  #exit(error: unknown): unknown {
    this.#handle?.cancel();
    this.#handle = undefined;
    if (this.#state === 'entered') {
      this.#state = 'exited';
    } else if (this.#state === 'expiring') {
      this.#state = 'expired';
      const others = this.#task!.uncancel();
      if (others <= this.#cancellingAtEnter && error instanceof CancelledError) {
        return new TimeoutError('deadline exceeded', { cause: error });
      }
    }
    return error;
  }

  static {
    enterTimeout = (timeout, body) => timeout.#scope(body);
  }
}

function checkBody(body: unknown): void {
  if (typeof body !== 'function' && !isOperation(body)) throw notAnOperation('timeout', body);
}

/**
 * Runs `body` with a deadline `ms` milliseconds from now (`null`: no deadline). Past the
 * deadline the body is cancelled, its cleanup runs, and `TimeoutError` is raised.
 *
 * @param ms the time allowed, in milliseconds, or null
 * @param body an Operation, or `(t: Timeout) => Operation` to reach the deadline
 * @throws TimeoutError when the deadline passes (its `cause` is the CancelledError)
 * @throws TypeError when `ms` is NaN or `body` is not an Operation
 *
 * @example
 * ```ts
 * function* main() {
 *   try {
 *     yield* timeout(100, sleep(1_000));
 *   } catch (error) {
 *     if (!(error instanceof TimeoutError)) throw error;
 *     console.log('timed out at', getRunningLoop().time()); // 100
 *   }
 * }
 * ```
 */
export function timeout<T>(ms: number | null, body: TimeoutBody<T>): Operation<T> {
  checkTimeOrNull(ms, 'timeout(ms)');
  checkBody(body);
  return {
    *[Symbol.iterator]() {
      const when = ms === null ? null : getRunningLoop().time() + ms;
      return yield* enterTimeout(new Timeout(when), body);
    },
  };
}

/**
 * Like {@link timeout}, with an absolute deadline in loop time (`loop.time()` units).
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 500;
 * yield* timeoutAt(deadline, fetchAll());
 * ```
 */
export function timeoutAt<T>(deadline: number | null, body: TimeoutBody<T>): Operation<T> {
  checkTimeOrNull(deadline, 'timeoutAt(deadline)', 'a loop time in ms');
  checkBody(body);
  return {
    *[Symbol.iterator]() {
      return yield* enterTimeout(new Timeout(deadline), body);
    },
  };
}

function* cancelAndWait<T>(future: Future<T>): Generator<Suspension, T, unknown> {
  future.cancel();
  // A separate future, so that cancelling this task does not re-cancel the inner one.
  if (!future.done()) yield* whenDone(future, 'waitFor cleanup');
  try {
    return future.result();
  } catch (error) {
    if (error instanceof CancelledError)
      throw new TimeoutError('deadline exceeded', { cause: error });
    throw error;
  }
}

/**
 * Waits for `operation` for at most `ms` milliseconds (`null`: forever). On timeout the
 * operation is cancelled and awaited until its cleanup finishes, then `TimeoutError` is
 * raised; an operation that swallows the cancellation and returns a value returns it.
 *
 * @throws TimeoutError when the time runs out
 * @throws TypeError when `ms` is NaN or `operation` is not an Operation
 *
 * @example
 * ```ts
 * function* main() {
 *   const page = yield* waitFor(session.get(url), 5_000);
 * }
 * ```
 */
export function waitFor<T>(operation: Operation<T>, ms: number | null): Operation<T> {
  if (!isOperation(operation)) throw notAnOperation('waitFor', operation);
  checkTimeOrNull(ms, 'waitFor(op, ms)');
  if (ms !== null && ms <= 0) {
    return {
      *[Symbol.iterator]() {
        const future = operation instanceof Future ? operation : new Task(operation);
        if (future.done()) return future.result();
        return yield* cancelAndWait(future);
      },
    };
  }
  return timeout(ms, operation);
}
