/**
 * `OneShotWait`: what a task parks on when it is not a `Future`. A wait-queue waiter and a
 * `sleep(ms)` are one-shot waits: each is woken at most once, by one task, so it needs none
 * of a future's callback list or failure bookkeeping, and it can be the operation, the
 * iterator `yield*` drives and the park target in one small object.
 *
 * The task driver (task.ts) parks on either a future or a one-shot wait: it asks `done()`,
 * hands itself to `parkTask()`, calls `cancel()` to deliver a cancellation, and shows
 * `label` in task trees. A wait resumes its task through {@link OneShotWait.resumeTask}.
 */

/** Resumes a parked task on its loop (installed once by task.ts). */
let resume: (task: object) => void;

export function setResumeHook(hook: (task: object) => void): void {
  resume = hook;
}

export abstract class OneShotWait {
  #task: object | undefined;

  /** Whether the task can go on without parking (the wait ended already). */
  abstract done(): boolean;

  /**
   * Ends the wait with a CancelledError carrying `message` and resumes the task.
   *
   * @returns false if the wait already ended (the task then throws at its next step)
   */
  abstract cancel(message?: string): boolean;

  /** What a parked task awaits, for task trees. */
  abstract get label(): string;

  /** Parks `task` here: it is resumed when the wait ends. */
  parkTask(task: object): void {
    this.#task = task;
  }

  /** Resumes the parked task, if any (it reads the outcome itself at its next step). */
  protected resumeTask(): void {
    const task = this.#task;
    if (task === undefined) return;
    this.#task = undefined;
    resume(task);
  }

  /** Forgets the parked task: the wait ended without resuming it (closed by `yield*`). */
  protected forgetTask(): void {
    this.#task = undefined;
  }
}
