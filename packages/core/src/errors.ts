/**
 * Every error class of `@aio/core`.
 *
 * Each class sets `name` to its class name and carries a stable `code`; tests and callers
 * check the class or the code, never the message text. `CancelledError` deliberately shares
 * no base class with the others: it is a control-flow signal, and every `catch` that is not
 * about cancellation must rethrow it (see {@link isCancelledError}).
 */

/** Why a task was cancelled, as recorded on {@link CancelledError.reason}. */
export type CancelReason = 'explicit' | 'timeout' | 'group' | 'shutdown' | 'abort';

/** Options accepted by {@link CancelledError}. */
export interface CancelledErrorOptions {
  /** What caused the cancellation; `'explicit'` when a caller used `task.cancel()`. */
  reason?: CancelReason;
  cause?: unknown;
}

/**
 * Raised at a task's suspension point when the task is cancelled.
 *
 * A coroutine may catch it to clean up (a `finally` block may even `yield*` while cleaning
 * up), but should rethrow it; a task that swallows its cancellation keeps running, as in
 * asyncio. The message is the one given to `task.cancel(msg)`.
 *
 * @example
 * ```ts
 * try {
 *   yield* sleep(1_000);
 * } catch (error) {
 *   if (isCancelledError(error)) console.log('cancelled:', error.message);
 *   throw error;
 * }
 * ```
 */
export class CancelledError extends Error {
  // `name` and `code` are set once on the prototype (static block below) rather than on each
  // instance: every cancelled task makes one of these, and two own properties fewer make it
  // about a fifth cheaper to build. Without a message, `message` is the inherited ''.
  declare readonly name: 'CancelledError';
  /** Stable error code. */
  declare readonly code: 'ERR_CANCELLED';
  /** What caused the cancellation. */
  readonly reason: CancelReason;

  /**
   * @param message the message given to `cancel(msg)`, if any
   * @param options the reason and cause of the cancellation
   */
  constructor(message?: string, options?: CancelledErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options?.reason ?? 'explicit';
  }

  static {
    const shared = { writable: true, configurable: true };
    Object.defineProperty(this.prototype, 'name', { ...shared, value: 'CancelledError' });
    Object.defineProperty(this.prototype, 'code', { ...shared, value: 'ERR_CANCELLED' });
  }
}

/**
 * Raised by `timeout()`, `timeoutAt()` and `waitFor()` when the deadline passes.
 *
 * Only the outermost expired timeout converts the cancellation it caused into a
 * `TimeoutError`; the `CancelledError` it replaced is its `cause`.
 *
 * @example
 * ```ts
 * try {
 *   yield* waitFor(sleep(5_000), 100);
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log('gave up after 100 ms');
 *   else throw error;
 * }
 * ```
 */
export class TimeoutError extends Error {
  // Typed as string so subclasses (a client's connect timeout, say) can refine them.
  override readonly name: string = 'TimeoutError';
  /** Stable error code. */
  readonly code: string = 'ERR_TIMEOUT';

  /**
   * @param message what timed out
   * @param options the cancellation this timeout replaced, as `cause`
   */
  constructor(message = 'operation timed out', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Raised when a method is called in a state that does not allow it: `setResult` on a done
 * future, `result()` on a pending one, running a closed loop, a task awaiting itself.
 *
 * @example
 * ```ts
 * const future = loop.createFuture<number>();
 * future.setResult(1);
 * future.setResult(2); // throws InvalidStateError
 * ```
 */
export class InvalidStateError extends Error {
  override readonly name: string = 'InvalidStateError';
  /** Stable error code. */
  readonly code: string = 'ERR_INVALID_STATE';

  /**
   * @param message what was wrong and what to do instead
   * @param options the error this one wraps, if any
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Python's `ExceptionGroup`: several errors raised together, for example by a task group
 * whose children failed. Arguments are in Python's order, `(message, exceptions)`.
 *
 * It extends `AggregateError`, so `errors` holds the same list as `exceptions`.
 *
 * @example
 * ```ts
 * const group = new ExceptionGroup('two failures', [new Error('a'), new Error('b')]);
 * group.exceptions.length; // 2
 * ```
 */
export class ExceptionGroup extends AggregateError {
  override readonly name: string = 'ExceptionGroup';
  /** Stable error code. */
  readonly code: string = 'ERR_EXCEPTION_GROUP';
  /** The grouped errors, in the order they were raised. */
  readonly exceptions: readonly unknown[];

  /**
   * @param message a summary of what failed
   * @param exceptions the errors being grouped; must be a non-empty array
   * @throws TypeError when `exceptions` is not a non-empty array
   */
  constructor(message: string, exceptions: readonly unknown[]) {
    if (!Array.isArray(exceptions) || exceptions.length === 0) {
      throw new TypeError('exceptions must be a non-empty array of errors');
    }
    super(exceptions, message);
    this.exceptions = Object.freeze([...exceptions]);
  }
}

/**
 * Tells whether `error` is a {@link CancelledError}. Use it in `catch` blocks to rethrow
 * cancellation before handling anything else.
 *
 * @example
 * ```ts
 * try {
 *   yield* work();
 * } catch (error) {
 *   if (isCancelledError(error)) throw error;
 *   log(error);
 * }
 * ```
 */
export function isCancelledError(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}
