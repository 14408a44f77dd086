/**
 * `OneShotWait`: what a task parks on when it is not a `Future`. A wait-queue waiter and a
 * `sleep(ms)` are one-shot waits: each is woken at most once, by one task, so it needs none
 * of a future's callback list or failure bookkeeping, and it can be the operation, the
 * iterator `yield*` drives and the park target in one small object.
 *
 * The task driver (task.ts) parks on either a future or a one-shot wait: it asks `done()`,
 * hands itself to `parkTask()`, calls `cancel()` to deliver a cancellation, and shows
 * `label` in task trees. A wait resumes its task through {@link OneShotWait.resumeTask}.
 *
 * Life of a wait: STARTING until `[Symbol.iterator]()` hands it out (CLAIMED) and it is first
 * stepped; then either it completes at once, or it starts waiting (WAITING) until it is woken
 * (WOKEN) or cancelled (CANCELLED, leaving its queue or the timer heap at once); the task's
 * next step reads that outcome (FINISHED). The stage and the outcome are protected fields,
 * not `#private` ones, because the subclasses' steps read and write them.
 */
import type { Operation, Suspension } from '../operation.js';
import { loopCancelledError } from './cancelled-error.js';
import { runningScheduler } from './current.js';

export const STARTING = 0;
/** Handed out by `[Symbol.iterator]()`, not stepped yet: iterating it again makes a copy. */
export const CLAIMED = 1;
export const WAITING = 2;
export const WOKEN = 3;
export const CANCELLED = 4;
export const FINISHED = 5;
export type Stage =
  | typeof STARTING
  | typeof CLAIMED
  | typeof WAITING
  | typeof WOKEN
  | typeof CANCELLED
  | typeof FINISHED;

/** Resumes a parked task on its loop (installed once by task.ts). */
let resume: (task: object) => void;

export function setResumeHook(hook: (task: object) => void): void {
  resume = hook;
}

export abstract class OneShotWait<R = unknown>
  implements Operation<R>, Iterator<Suspension, R, unknown>
{
  #task: object | undefined;
  protected stage: Stage = STARTING;
  /** What the wait ended with: the wakeup value when WOKEN, the message when CANCELLED. */
  protected outcome: unknown;

  /** What a parked task awaits, for task trees. */
  abstract get label(): string;

  abstract next(): IteratorResult<Suspension, R>;

  /** A new wait like this one, not started. */
  protected abstract again(): OneShotWait<R>;

  /** Takes a waiting wait out of what would wake it (its queue, the timer heap). */
  protected abstract leave(): void;

  /**
   * Gives back a wakeup nobody will read (the wait was woken, then closed before its task
   * ran). By default there is nothing to give back.
   */
  protected dropWakeup(): void {}

  /**
   * Like a coroutine object it runs once: the first call hands out the wait itself, later
   * ones a fresh wait (so two tasks given the same wait never share it).
   */
  [Symbol.iterator](): Iterator<Suspension, R, unknown> {
    if (this.stage !== STARTING) return this.again();
    this.stage = CLAIMED;
    return this;
  }

  /** Closes the wait early (the coroutine around it was closed, or threw into it). */
  return(value?: R): IteratorResult<Suspension, R> {
    const stage = this.stage;
    this.stage = FINISHED;
    this.forgetTask();
    if (stage === WAITING) this.leave();
    else if (stage === WOKEN) this.dropWakeup();
    return { value: value as R, done: true };
  }

  throw(error: unknown): never {
    this.return();
    throw error;
  }

  /** Whether the task can go on without parking (the wait ended already). */
  done(): boolean {
    return this.stage !== WAITING;
  }

  /**
   * Ends a wait that is still waiting with a CancelledError carrying `message`: it leaves at
   * once and its task resumes.
   *
   * @returns false if the wait already ended (the task then throws at its next step instead)
   */
  cancel(message?: string): boolean {
    if (this.stage !== WAITING) return false;
    this.leave();
    this.stage = CANCELLED;
    this.outcome = message;
    this.resumeTask();
    return true;
  }

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

  /**
   * The step of a cancelled wait: throws its CancelledError. A method of its own so that the
   * frame a throw starts from stays small (see sleep.ts `next`). Called from the woken task's
   * own step, so the running loop is the task's.
   */
  protected raiseCancelled(): never {
    this.stage = FINISHED;
    throw loopCancelledError(
      this.outcome as string | undefined,
      runningScheduler()?.debug === true,
    );
  }
}
