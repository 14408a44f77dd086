/**
 * `@aio/core/testing`: helpers for deterministic tests of code built on aio.
 *
 * `VirtualClock` itself is exported from the main entry.
 */
import { InvalidStateError } from './errors.js';
import { Future } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';

function* untilBlocked(): Generator<Suspension, void, unknown> {
  const scheduler = runningScheduler();
  if (scheduler === undefined) {
    throw new InvalidStateError('waitAllBlocked() needs a running event loop');
  }
  const future = new Future<void>({ label: 'waitAllBlocked' });
  scheduler.whenAllBlocked(() => {
    if (!future.done()) future.setResult(undefined);
  });
  yield* future;
}

/**
 * Waits until every other task is blocked: a round ends with nothing else ready to run.
 * Use it to let the loop settle before asserting, instead of a guessed number of
 * `sleep(0)`s. With a VirtualClock, it returns before the clock jumps to the next timer.
 *
 * @example
 * ```ts
 * function* test() {
 *   const task = createTask(worker(queue));
 *   yield* waitAllBlocked();
 *   expect(task.awaiting).toBe('Queue.get');
 * }
 * ```
 */
export function waitAllBlocked(): Operation<void> {
  return untilBlocked();
}
