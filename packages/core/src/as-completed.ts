/**
 * `asCompleted`: results in the order operations finish.
 */
import { Future } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { Task } from './task.js';
import { isOperation, readList } from './internal/operation-guard.js';

/**
 * Starts every operation and gives back an iterable of as many Operations; each evaluates
 * to the next result to finish (or raises its error).
 *
 * @param operations coroutines, Tasks or Futures
 * @returns an iterable of Operations, one per input, in completion order
 * @throws TypeError when an element is not an Operation
 *
 * @example
 * ```ts
 * function* main() {
 *   for (const next of asCompleted([sleep(30, 'slow'), sleep(10, 'fast')])) {
 *     console.log(yield* next); // 'fast', then 'slow'
 *   }
 * }
 * ```
 */
export function asCompleted<T>(operations: Iterable<Operation<T>>): Iterable<Operation<T>> {
  const list = readList('asCompleted()', operations, isOperation, 'Operations');
  // Shared by every iteration, so a loop that breaks off can be resumed by another one
  // without starting anything twice (CPython's test_as_completed_resume_iterator).
  let futures: Future<T>[] | undefined;
  let handedOut = 0;
  const finished: Future<T>[] = [];
  const waiters: Future<void>[] = [];
  const onDone = (future: Future<T>): void => {
    finished.push(future);
    let waiter = waiters.shift();
    while (waiter?.done()) waiter = waiters.shift(); // skip consumers that were cancelled
    waiter?.setResult(undefined);
  };
  const next: Operation<T> = {
    *[Symbol.iterator](): Generator<Suspension, T, unknown> {
      while (finished.length === 0) {
        const waiter = new Future<void>({ label: 'asCompleted' });
        waiters.push(waiter);
        yield* waiter;
      }
      return finished.shift()!.result();
    },
  };
  return {
    *[Symbol.iterator]() {
      if (futures === undefined) {
        futures = [...new Set(list)].map((operation) =>
          operation instanceof Future ? operation : new Task(operation),
        );
        for (const future of futures) future.addDoneCallback(onDone);
      }
      while (handedOut < futures.length) {
        handedOut++;
        yield next;
      }
    },
  };
}
