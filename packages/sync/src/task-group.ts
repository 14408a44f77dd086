/**
 * `TaskGroup` and `taskGroup`: tasks that live and fail together (asyncio's TaskGroup).
 *
 * Design note: the body runs inside the calling (parent) task, as an `async with` block
 * does. The group follows CPython's `taskgroups.py` step by step: the first child error
 * aborts the group (cancels every child) and cancels the parent task, so the body stops at
 * its suspension point; on the way out the group waits for every child, then takes its own
 * cancellation back with `uncancel()`, so the parent's `cancelling()` is what it was and a
 * cancellation from outside still propagates as `CancelledError`. Errors other than
 * cancellations, the body's included, are raised together as one `ExceptionGroup`, never
 * flattened (a child's own ExceptionGroup stays nested).
 */
import {
  CancelledError,
  ExceptionGroup,
  Future,
  InvalidStateError,
  createTask,
  currentTask,
  getRunningLoop,
  type Operation,
  type Suspension,
  type Task,
  type TaskOptions,
} from '@aio/core';
import { isOperation, toOperation } from './internal/validate.js';

let runGroup: <T>(
  group: TaskGroup,
  body: (group: TaskGroup) => Operation<T> | void,
) => Generator<Suspension, T, unknown>;

/** Closes a coroutine object that will never run, so it holds no resources. */
function discard(operation: unknown): void {
  if (isOperation(operation) && typeof (operation as Generator).return === 'function') {
    (operation as Generator).return(undefined);
  }
}

/**
 * A set of child tasks bound to a block of code: the block ends only when every child has
 * ended, and the first child failure cancels the block and the other children. Create one
 * with {@link taskGroup}, or `new TaskGroup()` and `yield* group.run(body)`.
 *
 * @example
 * ```ts
 * yield* taskGroup(function* (group) {
 *   group.createTask(fetchOne(a));
 *   group.createTask(fetchOne(b));
 * }); // both done here; if one failed, the other was cancelled and an ExceptionGroup raised
 * ```
 */
export class TaskGroup {
  #entered = false;
  #exiting = false;
  #aborting = false;
  #parentCancelRequested = false;
  #parent: Task<unknown> | undefined;
  readonly #tasks = new Set<Task<unknown>>();
  #errors: unknown[] = [];
  #onCompleted: Future<void> | undefined;
  readonly #onTaskDone = (task: Future<unknown>): void => this.#taskDone(task as Task<unknown>);

  /**
   * Runs `body(group)` in the current task as the group's block, then waits for every child.
   *
   * @param body a function of the group returning an Operation (a `function*`)
   * @returns an Operation resolving to the body's result
   * @throws ExceptionGroup of every error other than cancellation (children's and the body's)
   * @throws CancelledError when the parent task is cancelled from outside
   * @throws InvalidStateError when the group was already entered
   */
  run<T>(body: (group: TaskGroup) => Operation<T> | void): Operation<T> {
    if (typeof body !== 'function') {
      throw new TypeError('taskGroup(body) needs a function of the group returning an Operation');
    }
    return runGroup(this, body);
  }

  /**
   * Starts `operation` as a child task of the group (it runs from the loop's next round, or
   * at once until it first suspends if it starts eagerly: see `TaskOptions.eagerStart`).
   *
   * @param operation a coroutine object, an Operation, or a function returning one
   * @param options the task's `name` and `eagerStart`
   * @returns the child task
   * @throws InvalidStateError when the group has not started, has finished, or is shutting
   *   down after a failure (the operation is closed without running)
   */
  createTask<T>(
    operation: Operation<T> | (() => Operation<T>),
    options: TaskOptions = {},
  ): Task<T> {
    let refusal: string | undefined;
    if (!this.#entered) refusal = 'has not been entered';
    else if (this.#exiting && this.#tasks.size === 0) refusal = 'is finished';
    else if (this.#aborting) refusal = 'is shutting down';
    if (refusal !== undefined) {
      discard(operation);
      throw new InvalidStateError(`TaskGroup ${refusal}; createTask() is not allowed`);
    }
    const task = createTask(toOperation('createTask', operation), options);
    if (task.done()) {
      // An eager task that finished inside createTask: handled now, as asyncio 3.12 does, so
      // a failure shuts the group down before the body creates anything else.
      this.#taskDone(task);
    } else {
      this.#tasks.add(task);
      task.addDoneCallback(this.#onTaskDone);
    }
    return task;
  }

  /** Describes the state, e.g. `TaskGroup(tasks=2, errors=0, entered)`. */
  toString(): string {
    const state =
      this.#exiting && this.#tasks.size === 0
        ? 'finished'
        : this.#aborting
          ? 'cancelling'
          : this.#entered
            ? 'entered'
            : 'new';
    return `TaskGroup(tasks=${this.#tasks.size}, errors=${this.#errors.length}, ${state})`;
  }

  #abort(): void {
    this.#aborting = true;
    for (const task of this.#tasks) if (!task.done()) task.cancel();
  }

  #taskDone(task: Task<unknown>): void {
    this.#tasks.delete(task);
    if (this.#onCompleted !== undefined && this.#tasks.size === 0 && !this.#onCompleted.done()) {
      this.#onCompleted.setResult(undefined);
    }
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === undefined) return;
    this.#errors.push(error);
    const parent = this.#parent!;
    if (parent.done()) {
      getRunningLoop().callExceptionHandler({
        message: `${String(task)} failed but its task group's parent ${String(parent)} has ended`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      // Stop the body where it waits; exit() takes this cancellation back with uncancel().
      this.#abort();
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  }

  *#run<T>(body: (group: TaskGroup) => Operation<T> | void): Generator<Suspension, T, unknown> {
    if (this.#entered) throw new InvalidStateError('TaskGroup has already been entered');
    this.#parent = currentTask();
    this.#entered = true;
    let result: T | undefined;
    let failed = false;
    let failure: unknown;
    try {
      const operation = body(this);
      // A plain function body that only starts tasks may return nothing.
      if (operation !== undefined) result = yield* toOperation('taskGroup', operation);
    } catch (error) {
      failed = true;
      failure = error;
    }
    try {
      yield* this.#exit(failed, failure);
    } finally {
      // Keep no references to errors or the parent once the group is over.
      this.#parent = undefined;
      this.#errors = [];
    }
    return result as T;
  }

  *#exit(failed: boolean, failure: unknown): Generator<Suspension, void, unknown> {
    this.#exiting = true;
    const parent = this.#parent!;
    let propagate: CancelledError | undefined =
      failed && failure instanceof CancelledError ? failure : undefined;
    // The body failed, or the parent is being cancelled: cancel the children.
    if (failed && !this.#aborting) this.#abort();
    while (this.#tasks.size > 0) {
      this.#onCompleted ??= new Future<void>({ label: 'TaskGroup.wait' });
      try {
        yield* this.#onCompleted;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        // The parent is cancelled from outside while the group waits for its children.
        if (!this.#aborting) {
          propagate = error;
          this.#abort();
        }
      }
      this.#onCompleted = undefined;
    }
    if (this.#parentCancelRequested && parent.uncancel() === 0) {
      // Our own cancellation of the parent, now taken back: do not let it out.
      propagate = undefined;
    }
    const errors = this.#errors;
    if (propagate !== undefined && errors.length === 0) throw propagate;
    if (failed && !(failure instanceof CancelledError)) errors.push(failure);
    if (errors.length > 0) {
      // Cancelled from outside as well: keep the request count stable, re-arm the cancel.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      throw new ExceptionGroup('unhandled errors in a TaskGroup', errors);
    }
  }

  static {
    runGroup = (group, body) => group.#run(body);
  }
}

/**
 * Runs `body(group)` as a task group's block: tasks started with `group.createTask` run
 * concurrently, and `taskGroup` ends only once the body and every child have ended.
 *
 * - The first child error cancels the body and every other child; once all have ended,
 *   an `ExceptionGroup` of every error other than cancellation is raised (the body's too).
 * - Cancelling the task running the group cancels every child and raises `CancelledError`.
 * - `group.createTask` after the group finished (or while it shuts down) throws.
 *
 * @param body a function of the group returning an Operation (usually a `function*`)
 * @returns an Operation resolving to the body's result
 * @throws ExceptionGroup when a child or the body failed
 * @throws CancelledError when the calling task is cancelled
 *
 * @example
 * ```ts
 * function* main() {
 *   try {
 *     yield* taskGroup(function* (group) {
 *       group.createTask(sleep(1_000)); // cancelled when the other child fails
 *       group.createTask(failSoon());
 *     });
 *   } catch (error) {
 *     if (error instanceof ExceptionGroup) console.log(error.exceptions); // [the failure]
 *     else throw error;
 *   }
 * }
 * ```
 */
export function taskGroup<T>(body: (group: TaskGroup) => Operation<T> | void): Operation<T> {
  return new TaskGroup().run(body);
}
