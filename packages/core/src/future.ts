/**
 * `Future`: a result that will be set later, asyncio's `Future`.
 */
import { CancelledError, InvalidStateError } from './errors.js';
import type { EventLoop } from './event-loop.js';
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';
import { schedulerOf } from './internal/loops.js';
import type { Scheduler } from './internal/scheduler.js';
import { loopCancelledError } from './internal/cancelled-error.js';
import { parkStep } from './internal/suspend.js';
import { FailureRecord } from './internal/unretrieved.js';

/**
 * How a parked task is woken: a task registers itself as a waiter (no closure per task) and
 * is resumed through this hook, which task.ts installs.
 */
let resumeWaiter: (task: never) => void;

/** Installs the hook that resumes a task parked on a future (called once by task.ts). */
export function setWaiterHook(hook: (task: never) => void): void {
  resumeWaiter = hook;
}

/** Something a future wakes when done: a user callback, or a parked task (an object). */
type Waiter<T> = DoneCallback<T> | object;

/** A callback run (on the loop, never synchronously) once a future is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** Options for {@link Future}. */
export interface FutureOptions {
  /** The loop the future belongs to; defaults to the running loop. */
  loop?: EventLoop;
  /** What the future stands for, shown in task trees (`Semaphore.acquire`). */
  label?: string;
}

/**
 * What `yield* future` iterates: park once, then read the outcome. Hand-written rather than a
 * generator because it runs for every suspension; it is a third of a generator's size.
 */
class FutureWait<T> implements Iterator<Suspension, T, unknown> {
  #future: Future<T>;
  #parked = false;

  constructor(future: Future<T>) {
    this.#future = future;
  }

  next(): IteratorResult<Suspension, T> {
    if (this.#parked) return { value: this.#future.result(), done: true };
    this.#parked = true;
    return parkStep(this.#future);
  }

  throw(error: unknown): never {
    throw error;
  }

  return(value?: T): IteratorResult<Suspension, T> {
    return { value: value as T, done: true };
  }
}

/**
 * A future that completes when `future` is done, without reading (retrieving) its outcome.
 * Waiting on it rather than on `future` itself means a cancellation of the waiting task does
 * not cancel `future`.
 */
export function whenDone(future: Future<unknown>, label: string): Future<void> {
  const settled = new Future<void>({ label });
  future.addDoneCallback(() => settled.setResult(undefined));
  return settled;
}

/** Completes futures from subclasses that forbid the public setters (Task). */
export let settleFuture: {
  resolve<T>(future: Future<T>, value: T): void;
  reject(future: Future<any>, error: unknown): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  cancel(future: Future<any>, error: CancelledError): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  label(future: Future<any>): string; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The CancelledError of a cancelled future, without throwing it. */
  cancelledError(future: Future<any>): CancelledError; // eslint-disable-line @typescript-eslint/no-explicit-any
  park(future: Future<any>, task: object): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Whether the future is done with a value (asking does not retrieve a failure). */
  fulfilled(future: Future<any>): boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Adds a done callback to a pending future ahead of those it has. */
  addCallbackFirst(future: Future<any>, callback: DoneCallback<any>): void; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/* eslint-disable @typescript-eslint/no-explicit-any -- helpers shared by futures of any T */
/** Future's private helpers, defined in its static block (see the note there). */
let scheduleCallbacks: (future: Future<any>) => void;
let addWaiter: (future: Future<any>, waiter: Waiter<any>) => void;
let cancelledError: (future: Future<any>) => CancelledError;
let fail: (future: Future<any>, error: unknown) => void;
/** The error of a failed future; looking at it means it will never be reported. */
let rejection: (future: Future<any>) => unknown;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The error for completing a future twice. */
function alreadyDone(method: string, future: Future<unknown>): InvalidStateError {
  return new InvalidStateError(`${method} on ${future.toString()}: the future is already done`);
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
const CANCELLED = 3;
type State = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;

/**
 * A result that will be set later. A future is an {@link Operation} (`yield* future`) and a
 * `PromiseLike` (`await future` from plain async code).
 *
 * Done callbacks are always scheduled on the loop, never run inside `setResult`,
 * `setException` or `cancel`, so completing a future never re-enters the code waiting on it.
 *
 * @example
 * ```ts
 * function* main() {
 *   const future = new Future<string>();
 *   getRunningLoop().callLater(10, () => future.setResult('ready'));
 *   console.log(yield* future); // 'ready' at t = 10
 *   future.setResult('again'); // throws InvalidStateError: already done
 * }
 * ```
 */
export class Future<T = unknown> implements Operation<T>, PromiseLike<T> {
  #state: State = PENDING;
  /**
   * The outcome, read according to the state (one slot keeps every future small): the value
   * when FULFILLED, the error when REJECTED, and when CANCELLED the cancellation message until
   * the CancelledError is first needed, then that error.
   */
  #outcome: unknown;
  #callbacks: Waiter<T> | Array<Waiter<T>> | undefined;
  #scheduler: Scheduler | undefined;
  #label: string | undefined;

  /**
   * @param options the owning `loop` (default: the running loop) and a `label` for task trees
   */
  constructor(options?: FutureOptions) {
    const loop = options?.loop;
    this.#scheduler = loop === undefined ? runningScheduler() : schedulerOf(loop);
    this.#label = options?.label;
  }

  /** Whether the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this.#state !== PENDING;
  }

  /** Whether the future was cancelled. */
  cancelled(): boolean {
    return this.#state === CANCELLED;
  }

  /**
   * The result.
   *
   * @throws CancelledError when the future was cancelled
   * @throws the future's exception when it failed
   * @throws InvalidStateError when the future is not done yet
   */
  result(): T {
    switch (this.#state) {
      case FULFILLED:
        return this.#outcome as T;
      case REJECTED:
        throw rejection(this);
      case CANCELLED:
        throw cancelledError(this);
      default:
        throw new InvalidStateError(`${this.toString()} has no result yet; yield* it to wait`);
    }
  }

  /**
   * The exception the future failed with, or `undefined` if it succeeded.
   *
   * @throws CancelledError when the future was cancelled
   * @throws InvalidStateError when the future is not done yet
   */
  exception(): unknown {
    switch (this.#state) {
      case FULFILLED:
        return undefined;
      case REJECTED:
        return rejection(this);
      case CANCELLED:
        throw cancelledError(this);
      default:
        throw new InvalidStateError(`${this.toString()} has no exception yet; yield* it to wait`);
    }
  }

  /**
   * Marks the future done with `value` and schedules its done callbacks.
   *
   * @throws InvalidStateError when the future is already done
   */
  setResult(value: T): void {
    if (this.#state !== PENDING) throw alreadyDone('setResult', this);
    this.#state = FULFILLED;
    this.#outcome = value;
    scheduleCallbacks(this);
  }

  /**
   * Marks the future failed with `error` and schedules its done callbacks. A failure nobody
   * retrieves is reported through the loop's exception handler.
   *
   * @throws InvalidStateError when the future is already done
   * @throws TypeError when `error` is a CancelledError (use `cancel()`)
   */
  setException(error: unknown): void {
    if (this.#state !== PENDING) throw alreadyDone('setException', this);
    if (error instanceof CancelledError) {
      throw new TypeError('setException cannot take a CancelledError; call cancel() instead');
    }
    fail(this, error);
  }

  /**
   * Cancels the future: it becomes done and whoever waits on it gets a `CancelledError`
   * carrying `message`.
   *
   * @returns false if the future was already done, true otherwise
   */
  cancel(message?: string): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = CANCELLED;
    this.#outcome = message;
    scheduleCallbacks(this);
    return true;
  }

  /**
   * Runs `callback(future)` on the loop once the future is done (at once, on the loop, if it
   * is done already).
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    if (typeof callback !== 'function') throw new TypeError('callback must be a function');
    addWaiter(this, callback);
  }

  /**
   * Removes every registration of `callback`.
   *
   * @returns how many registrations were removed
   */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return 0;
    if (!Array.isArray(callbacks)) {
      if (callbacks !== callback) return 0;
      this.#callbacks = undefined;
      return 1;
    }
    const kept = callbacks.filter((registered) => registered !== callback);
    this.#callbacks = kept;
    return callbacks.length - kept.length;
  }

  /** Waits for the future inside a coroutine: `const value = yield* future`. */
  [Symbol.iterator](): Iterator<Suspension, T, unknown> {
    return new FutureWait(this);
  }

  /** Waits for the future from plain async code: `await future`. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const settled = new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        try {
          resolve(this.result());
        } catch (error) {
          reject(error);
        }
      };
      if (this.#state !== PENDING) settle();
      else this.addDoneCallback(settle);
    });
    return settled.then(onFulfilled, onRejected);
  }

  /** Describes the future and its state, e.g. `Future<pending>` or its label. */
  toString(): string {
    const state = ['pending', 'finished', 'failed', 'cancelled'][this.#state];
    return `${this.#label ?? 'Future'}<${state}>`;
  }

  /** What the future stands for in a task tree (its label, or `Future`). */
  protected describe(): string {
    return this.#label ?? 'Future';
  }

  /** The owning loop's engine, for subclasses in this package. */
  protected get scheduler(): Scheduler | undefined {
    return this.#scheduler ?? (this.#scheduler = runningScheduler());
  }

  /** How a failure report names this future. */
  protected describeFailure(): string {
    return this.#label ?? 'Future';
  }

  /** Where the future was created, when debug mode recorded it. */
  protected creationSite(): string | undefined {
    return undefined;
  }

  // The helpers live in this static block rather than in `#methods`: V8 stores a brand on
  // every instance of a class with `#methods` (8 bytes per future and per task, a task being
  // a future). Functions here still reach the private fields.
  static {
    // Its own function: a closure made inside dispatch would allocate a context on every
    // dispatch, including the ones that never reach it.
    const callLaterOffLoop = (callback: DoneCallback<unknown>, future: Future<unknown>): void =>
      queueMicrotask(() => callback(future));

    const dispatch = (future: Future<unknown>, waiter: Waiter<unknown>): void => {
      const scheduler = future.scheduler;
      if (typeof waiter !== 'function') {
        // A parked task: it reads this future's outcome itself when it resumes.
        scheduler!.schedule(resumeWaiter, waiter);
      } else if (scheduler !== undefined && scheduler.state !== 'closed') {
        scheduler.schedule(waiter as (arg: never) => void, future);
      } else {
        callLaterOffLoop(waiter as DoneCallback<unknown>, future);
      }
    };

    scheduleCallbacks = (future) => {
      const callbacks = future.#callbacks;
      if (callbacks === undefined) return;
      future.#callbacks = undefined;
      if (!Array.isArray(callbacks)) dispatch(future, callbacks);
      else for (const callback of callbacks) dispatch(future, callback);
    };

    addWaiter = (future, waiter) => {
      if (future.#state !== PENDING) {
        dispatch(future, waiter);
        return;
      }
      const callbacks = future.#callbacks;
      if (callbacks === undefined) future.#callbacks = waiter;
      else if (Array.isArray(callbacks)) callbacks.push(waiter);
      else future.#callbacks = [callbacks, waiter];
    };

    cancelledError = (future) => {
      const outcome = future.#outcome;
      if (outcome instanceof CancelledError) return outcome;
      const error = loopCancelledError(
        outcome as string | undefined,
        future.#scheduler?.debug === true,
      );
      future.#outcome = error;
      return error;
    };

    fail = (future, error) => {
      future.#state = REJECTED;
      future.#outcome = error;
      const scheduler = future.scheduler;
      if (scheduler !== undefined) {
        // Until someone looks at it, the outcome slot holds the record that reports it.
        const record = new FailureRecord(error, future.describeFailure(), future.creationSite());
        future.#outcome = scheduler.failures.track(future, record);
      }
      scheduleCallbacks(future);
    };

    rejection = (future) => {
      const outcome = future.#outcome;
      if (!(outcome instanceof FailureRecord)) return outcome;
      future.#outcome = outcome.error;
      future.#scheduler?.failures.retrieve(outcome);
      return outcome.error;
    };

    settleFuture = {
      resolve(future, value) {
        future.#state = FULFILLED;
        future.#outcome = value;
        scheduleCallbacks(future);
      },
      reject: fail,
      cancel(future, error) {
        future.#state = CANCELLED;
        future.#outcome = error;
        scheduleCallbacks(future);
      },
      label(future) {
        return future.describe();
      },
      cancelledError,
      park(future, task) {
        // A future made outside any loop belongs to the loop of the first task that waits on it.
        future.#scheduler ??= runningScheduler();
        addWaiter(future, task);
      },
      fulfilled(future) {
        return future.#state === FULFILLED;
      },
      addCallbackFirst(future, callback) {
        const callbacks = future.#callbacks;
        if (callbacks === undefined) future.#callbacks = callback;
        else if (Array.isArray(callbacks)) callbacks.unshift(callback);
        else future.#callbacks = [callback, callbacks];
      },
    };
  }
}
