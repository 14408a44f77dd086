/**
 * `run`: the entry point, asyncio's `asyncio.run`.
 */
import type { VirtualClock } from './clock.js';
import { CancelledError, InvalidStateError } from './errors.js';
import { EventLoop } from './event-loop.js';
import type { OperationOrFactory, Suspension } from './operation.js';
import { listLiveTasks, type Task } from './task.js';
import { runningScheduler } from './internal/current.js';
import { toOperation } from './internal/operation-guard.js';
import { schedulerOf } from './internal/loops.js';
import { whenDone } from './future.js';

/** Options for {@link run}. */
export interface RunOptions {
  /** Debug mode: report slow steps and record where tasks were created. */
  debug?: boolean;
  /** A VirtualClock, for tests: timers fire at exact virtual instants, instantly. */
  clock?: VirtualClock;
  /** Aborting it cancels `main` (its `finally` blocks still run). */
  signal?: AbortSignal;
  /**
   * Start every task eagerly: its coroutine runs inside `createTask` (or `gather`) until it
   * first suspends, and one that finishes there is never scheduled. asyncio's
   * `eager_task_factory`; `main` itself starts as usual. Default false.
   */
  eagerTasks?: boolean;
}

/** Waits until every task in `tasks` is done, without retrieving anything. */
function* allDone(tasks: readonly Task<unknown>[]): Generator<Suspension, void, unknown> {
  for (const task of tasks) {
    if (!task.done()) yield* whenDone(task, 'run() shutdown');
  }
}

/**
 * Runs `main` on a fresh event loop and settles with its result.
 *
 * When `main` ends, every task still pending is cancelled and awaited (their `finally`
 * blocks run), errors they raise while ending go to the exception handler, and the loop is
 * closed. Calling `run` from inside a running loop throws at once: `yield*` the operation
 * or `createTask()` it instead.
 *
 * @param main an Operation (`main()`) or a function returning one (`main`)
 * @param options `debug`, `clock` (VirtualClock), `signal` (abort cancels main) and
 *   `eagerTasks`
 * @returns a promise of main's result; it rejects with main's error, or with
 *   `CancelledError` when main was cancelled
 * @throws InvalidStateError when called while a loop is running in this call stack
 * @throws TypeError when `main` is not an Operation
 *
 * @example
 * ```ts
 * function* main() {
 *   yield* sleep(10);
 *   return 'done';
 * }
 * console.log(await run(main)); // 'done'
 * await run(async () => 1);      // throws TypeError: use call() for async functions
 * ```
 */
export function run<T>(main: OperationOrFactory<T>, options: RunOptions = {}): Promise<T> {
  if (runningScheduler() !== undefined) {
    throw new InvalidStateError(
      'run() cannot be called while an event loop is running; yield* the operation or createTask() it',
    );
  }
  const operation = toOperation('run', main);
  const loop = new EventLoop({
    ...(options.debug === undefined ? {} : { debug: options.debug }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.eagerTasks === undefined ? {} : { eagerTasks: options.eagerTasks }),
  });
  const name = typeof main === 'function' && main.name ? main.name : 'main';
  const task = loop.createTask(operation, { name });
  const signal = options.signal;
  const onAbort = (): void => {
    task.cancel(signal?.reason instanceof Error ? signal.reason.message : 'run() aborted');
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return finish(loop, task).finally(() => signal?.removeEventListener('abort', onAbort));
}

async function finish<T>(loop: EventLoop, main: Task<T>): Promise<T> {
  try {
    await loop.runUntilComplete(main);
  } catch {
    // main's outcome is read from the task below, after cleanup.
  }
  await cancelLeftovers(loop);
  loop.close();
  return main.result();
}

async function cancelLeftovers(loop: EventLoop): Promise<void> {
  const leftovers = listLiveTasks(schedulerOf(loop));
  if (leftovers.length === 0) return;
  for (const task of leftovers) task.cancel('run() is shutting down');
  await loop.runUntilComplete(allDone(leftovers));
  for (const task of leftovers) {
    if (task.cancelled()) continue;
    const error = task.exception();
    if (error !== undefined && !(error instanceof CancelledError)) {
      loop.callExceptionHandler({
        message: `unhandled exception during run() shutdown in ${task.toString()}`,
        exception: error,
        task,
      });
    }
  }
}
