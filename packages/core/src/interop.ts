/**
 * `until` and `call`: how promises, async functions and AbortSignal-aware APIs join aio.
 */
import { virtualClockHooks } from './clock.js';
import { CancelledError, InvalidStateError } from './errors.js';
import { Future, settleFuture } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';
import { isPromiseLike } from './internal/operation-guard.js';
import type { Scheduler } from './internal/scheduler.js';

/**
 * A future fed by a foreign promise. While it is pending, the scheduler counts a foreign
 * wait, so a VirtualClock runs at real speed instead of jumping (see clock.ts).
 */
class ForeignWait<T> extends Future<T> {
  #scheduler: Scheduler | undefined;
  #onCancel: ((message: string | undefined) => void) | undefined;

  constructor(
    scheduler: Scheduler,
    label: string,
    onCancel?: (message: string | undefined) => void,
  ) {
    super({ label });
    this.#scheduler = scheduler;
    this.#onCancel = onCancel;
    scheduler.foreignWaits++;
  }

  /** Attaches to `promise`; a settlement after this future is done is ignored. */
  follow(promise: PromiseLike<T>): this {
    Promise.resolve(promise).then(
      (value) => {
        if (this.done()) return;
        this.#release();
        this.setResult(value);
      },
      (error: unknown) => {
        // Also reached after cancellation: the rejection is swallowed here, never unhandled.
        if (this.done()) return;
        this.#release();
        if (error instanceof CancelledError) settleFuture.cancel(this, error);
        else this.setException(error);
      },
    );
    return this;
  }

  override cancel(message?: string): boolean {
    if (!super.cancel(message)) return false;
    this.#release();
    const onCancel = this.#onCancel;
    this.#onCancel = undefined;
    onCancel?.(message);
    return true;
  }

  #release(): void {
    const scheduler = this.#scheduler;
    if (scheduler === undefined) return;
    this.#scheduler = undefined;
    // The last foreign wait is over: a VirtualClock stops running at real speed right now, so
    // instants read in the step that follows are exact again.
    if (--scheduler.foreignWaits === 0 && scheduler.clock !== undefined) {
      virtualClockHooks.setRealSpeed(scheduler.clock, false);
    }
  }
}

function requireScheduler(caller: string): Scheduler {
  const scheduler = runningScheduler();
  if (scheduler === undefined) {
    throw new InvalidStateError(`${caller} needs a running event loop; yield* it inside run()`);
  }
  return scheduler;
}

function* untilSettled<T>(promise: PromiseLike<T>): Generator<Suspension, T, unknown> {
  const scheduler = requireScheduler('until()');
  const name = (promise as { constructor?: { name?: string } }).constructor?.name || 'promise';
  return yield* new ForeignWait<T>(scheduler, `until ${name}`).follow(promise);
}

/**
 * Waits for a foreign promise (or any thenable) inside a coroutine.
 *
 * Cancelling the waiting task delivers `CancelledError` at once; the promise itself is left
 * to settle on its own, and a rejection after that is swallowed (never an unhandled
 * rejection). To stop the underlying work too, use {@link call} with its AbortSignal.
 *
 * @param promise the promise to wait for
 * @returns an Operation evaluating to the promise's value
 * @throws TypeError when `promise` is not a thenable
 *
 * @example
 * ```ts
 * function* main() {
 *   const text = yield* until(fs.promises.readFile('a.txt', 'utf8'));
 *   yield* until(Promise.reject(new Error('boom'))); // throws Error: boom
 * }
 * ```
 */
export function until<T>(promise: PromiseLike<T>): Operation<T> {
  if (!isPromiseLike(promise)) {
    throw new TypeError(`until() expects a Promise or thenable, got ${typeof promise}`);
  }
  return untilSettled(promise);
}

function* callWithSignal<T>(
  fn: (signal: AbortSignal) => T | PromiseLike<T>,
): Generator<Suspension, T, unknown> {
  const scheduler = requireScheduler('call()');
  // Each call gets its own controller: nothing listens on a shared signal, so any number of
  // sequential calls leaves no listeners behind.
  const controller = new AbortController();
  const value = fn(controller.signal);
  if (!isPromiseLike(value)) return value;
  const future = new ForeignWait<T>(scheduler, `call ${fn.name || 'anonymous'}`, (message) =>
    controller.abort(new CancelledError(message)),
  );
  return yield* future.follow(value);
}

/**
 * Calls `fn(signal)` and waits for what it returns (a value or a promise).
 *
 * `signal` aborts, with a `CancelledError` as its reason, when the calling task is
 * cancelled, and the cancellation is delivered to the task at once; a later rejection of
 * `fn`'s promise is swallowed. This is how fetch, undici, fs/promises and any async function
 * join aio.
 *
 * @param fn a function taking an AbortSignal
 * @returns an Operation evaluating to `fn`'s (awaited) result
 * @throws TypeError when `fn` is not a function
 *
 * @example
 * ```ts
 * function* main() {
 *   const response = yield* call((signal) => fetch(url, { signal }));
 *   const body = yield* call(() => response.text());
 * }
 * ```
 */
export function call<T>(fn: (signal: AbortSignal) => T | PromiseLike<T>): Operation<Awaited<T>> {
  if (typeof fn !== 'function') {
    throw new TypeError(`call() expects a function taking an AbortSignal, got ${typeof fn}`);
  }
  return callWithSignal(fn) as Operation<Awaited<T>>;
}
