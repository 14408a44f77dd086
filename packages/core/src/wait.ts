/**
 * `wait`: wait for some or all of a set of tasks and futures, cancelling nothing.
 */
import { Future } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { getRunningLoop } from './event-loop.js';
import { readList } from './internal/operation-guard.js';
import { checkTimeOrNull } from './internal/check-time.js';

/** Return as soon as any future finishes or is cancelled. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** Return when any future fails (or all finish). */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** Return when every future is done (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';

/** When {@link wait} returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options for {@link wait}. */
export interface WaitOptions {
  /** Give up after this many milliseconds and return what is done so far (no error). */
  timeout?: number | null;
  /** When to return (default `ALL_COMPLETED`). */
  returnWhen?: ReturnWhen;
}

/** What {@link wait} evaluates to: the same objects, split by whether they are done. */
export interface WaitResult<F> {
  done: Set<F>;
  pending: Set<F>;
}

function* waitFor<F extends Future<unknown>>(
  futures: readonly F[],
  timeout: number | null,
  returnWhen: ReturnWhen,
): Generator<Suspension, WaitResult<F>, unknown> {
  const unique = [...new Set(futures)];
  let remaining = unique.length;
  const waiter = new Future<void>({ label: `wait ${returnWhen}` });
  const finishWaiting = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  const onDone = (future: Future<unknown>): void => {
    remaining--;
    if (
      remaining <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future.exception() !== undefined)
    ) {
      finishWaiting();
    }
  };
  const timer = timeout === null ? undefined : getRunningLoop().callLater(timeout, finishWaiting);
  for (const future of unique) future.addDoneCallback(onDone);
  try {
    yield* waiter;
  } finally {
    timer?.cancel();
    for (const future of unique) future.removeDoneCallback(onDone);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const future of unique) (future.done() ? done : pending).add(future);
  return { done, pending };
}

/**
 * Waits for tasks or futures and evaluates to `{ done, pending }`: sets of the same objects.
 * It cancels nothing, not even on timeout (the timeout just returns early).
 *
 * @param futures Tasks or Futures (a bare coroutine is a TypeError, as in asyncio 3.11+)
 * @param options `timeout` in ms and `returnWhen`
 * @throws TypeError when `futures` is empty or holds something that is not a Task or Future
 *
 * @example
 * ```ts
 * function* main() {
 *   const tasks = [createTask(sleep(10, 'a')), createTask(sleep(50, 'b'))];
 *   const { done, pending } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 *   // done: the first task, pending: the second (still running)
 * }
 * ```
 */
export function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): Operation<WaitResult<F>> {
  const list = readList(
    'wait()',
    futures,
    (item) => item instanceof Future,
    'Tasks or Futures (wrap coroutines with createTask())',
  );
  if (list.length === 0) throw new TypeError('wait() needs at least one Task or Future');
  const { timeout = null, returnWhen = ALL_COMPLETED } = options;
  checkTimeOrNull(timeout, 'wait(tasks, { timeout })');
  if (![FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED].includes(returnWhen)) {
    throw new TypeError(`returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED`);
  }
  return waitFor(list, timeout, returnWhen);
}
