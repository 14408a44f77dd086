/**
 * The scheduler and task that are running right now, if any.
 *
 * Invariant: both are set only while a loop is executing a ready callback or a task step,
 * and restored when that call returns, so code outside a step (a promise callback, a Node
 * timer, plain async code) sees `undefined`.
 */
import type { Task } from '../task.js';
import type { Scheduler } from './scheduler.js';

let scheduler: Scheduler | undefined;
let task: Task<unknown> | undefined;

/** The scheduler executing the current call stack, if any. */
export function runningScheduler(): Scheduler | undefined {
  return scheduler;
}

/** The task whose step is executing, if any. */
export function runningTask(): Task<unknown> | undefined {
  return task;
}

/** Sets the running scheduler and returns the previous one, for restoring. */
export function enterScheduler(next: Scheduler | undefined): Scheduler | undefined {
  const previous = scheduler;
  scheduler = next;
  return previous;
}

/** Sets the running task and returns the previous one, for restoring. */
export function enterTask(next: Task<unknown> | undefined): Task<unknown> | undefined {
  const previous = task;
  task = next;
  return previous;
}
