/**
 * `shield`: protect an operation from the cancellation of its awaiter.
 */
import { Future, settleFuture } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { Task } from './task.js';
import type { CancelledError } from './errors.js';
import { isOperation, notAnOperation } from './internal/operation-guard.js';

function* shielded<T>(operation: Operation<T>): Generator<Suspension, T, unknown> {
  const inner = operation instanceof Future ? operation : new Task(operation);
  if (inner.done()) return inner.result();
  const outer = new Future<T>({ label: 'shield' });
  const onInnerDone = (): void => {
    if (outer.done()) return;
    if (inner.cancelled()) {
      try {
        inner.result();
      } catch (error) {
        settleFuture.cancel(outer as Future<unknown>, error as CancelledError);
      }
      return;
    }
    const error = inner.exception();
    if (error !== undefined) outer.setException(error);
    else outer.setResult(inner.result());
  };
  inner.addDoneCallback(onInnerDone);
  try {
    return yield* outer;
  } finally {
    // Our awaiter was cancelled: stop listening, so an inner failure stays unretrieved and
    // the loop reports it (once) instead of losing it.
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  }
}

/**
 * Runs `operation` so that cancelling the awaiting task does not cancel it: the awaiter
 * gets `CancelledError` at once while the operation runs on to completion. If it later
 * fails, the loop reports the failure (once) through its exception handler.
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
  return shielded(operation);
}
