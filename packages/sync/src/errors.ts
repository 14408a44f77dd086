/**
 * Every error class of `@aio/sync`.
 *
 * Each class sets `name` to its class name and carries a stable `code`; check the class or
 * the code, never the message. Misuse in the wrong state (releasing an unheld lock, waiting on
 * a condition without its lock, `taskDone()` more often than `put()`) raises core's
 * `InvalidStateError`; bad arguments raise the built-in `TypeError` or `RangeError`.
 */

/**
 * Raised by `getNowait()` when the queue has no item to give (asyncio's `QueueEmpty`).
 *
 * @example
 * ```ts
 * try {
 *   queue.getNowait();
 * } catch (error) {
 *   if (error instanceof QueueEmpty) console.log('nothing yet');
 * }
 * ```
 */
export class QueueEmpty extends Error {
  override readonly name = 'QueueEmpty';
  /** Stable error code. */
  readonly code = 'ERR_QUEUE_EMPTY';

  /** @param message what was empty */
  constructor(message = 'the queue is empty') {
    super(message);
  }
}

/**
 * Raised by `putNowait()` when the queue has no free slot (asyncio's `QueueFull`).
 *
 * @example
 * ```ts
 * try {
 *   queue.putNowait(job);
 * } catch (error) {
 *   if (error instanceof QueueFull) console.log('try later');
 * }
 * ```
 */
export class QueueFull extends Error {
  override readonly name = 'QueueFull';
  /** Stable error code. */
  readonly code = 'ERR_QUEUE_FULL';

  /** @param message what was full */
  constructor(message = 'the queue is full') {
    super(message);
  }
}

/**
 * Raised by `put` and `putNowait` on a queue that was shut down, and by `get` and
 * `getNowait` once a shut-down queue is empty (at once after `shutdown(true)`).
 *
 * @example
 * ```ts
 * queue.shutdown();
 * queue.putNowait(1); // throws QueueShutDown
 * ```
 */
export class QueueShutDown extends Error {
  override readonly name = 'QueueShutDown';
  /** Stable error code. */
  readonly code = 'ERR_QUEUE_SHUT_DOWN';

  /** @param message what was refused */
  constructor(message = 'the queue is shut down') {
    super(message);
  }
}

/**
 * Raised by `Barrier.wait()` when the barrier is aborted, or reset while the task waits.
 *
 * @example
 * ```ts
 * barrier.abort();
 * yield* barrier.wait(); // throws BrokenBarrierError
 * ```
 */
export class BrokenBarrierError extends Error {
  override readonly name = 'BrokenBarrierError';
  /** Stable error code. */
  readonly code = 'ERR_BROKEN_BARRIER';

  /** @param message why the barrier broke */
  constructor(message = 'the barrier is broken') {
    super(message);
  }
}
