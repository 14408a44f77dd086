/**
 * `shield`: protect an operation from the cancellation of its awaiter.
 */
import { Future, settleFuture } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { Task } from './task.js';
import type { CancelledError } from './errors.js';
import { runningScheduler } from './internal/current.js';
import { isOperation, notAnOperation } from './internal/operation-guard.js';

/**
 * The shield itself, asyncio's: `inner` runs as its own task; `outer` mirrors its outcome
 * unless `outer` is cancelled first, and then stops listening so that a later failure of
 * `inner` stays unretrieved and the loop reports it (once) instead of losing it.
 */
function shieldNow<T>(operation: Operation<T>): Future<T> {
  const inner = operation instanceof Future ? operation : new Task(operation);
  if (inner.done()) return inner;
  const outer = new Future<T>({ label: 'shield' });
  const onInnerDone = (): void => {
    if (outer.done()) return;
    if (inner.cancelled()) {
      try {
        inner.result();
      } catch (error) {
        settleFuture.cancel(outer, error as CancelledError);
      }
      return;
    }
    const error = inner.exception();
    if (error !== undefined) outer.setException(error);
    else outer.setResult(inner.result());
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}

function* shieldLater<T>(operation: Operation<T>): Generator<Suspension, T, unknown> {
  return yield* shieldNow(operation);
}

/**
 * Runs `operation` so that cancelling the awaiting task does not cancel it: the awaiter
 * gets `CancelledError` at once while the operation runs on to completion. If it later
 * fails, the loop reports the failure (once) through its exception handler. Called inside a
 * running loop, the operation starts at once and the result can be awaited more than once.
 *
 * @throws TypeError when `operation` is not an Operation
 *
 * @example
 * ```ts
 * function* save(record: Row) {
 *   // A cancelled request must not leave a half-written row behind.
 *   yield* shield(db.write(record));
 * }
 * ```
 */
export function shield<T>(operation: Operation<T>): Operation<T> {
  if (!isOperation(operation)) throw notAnOperation('shield', operation);
  // Inside a loop the operation starts now, as in asyncio, and the returned future can be
  // awaited any number of times; outside one it starts when first awaited.
  return runningScheduler() === undefined ? shieldLater(operation) : shieldNow(operation);
}
