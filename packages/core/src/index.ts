/**
 * `@aio/core`: Python's asyncio for TypeScript. Coroutines are generators driven by aio's
 * own event loop; `yield*` is `await`.
 */

// Running
export { run } from './run.js';
export type { RunOptions } from './run.js';
export { EventLoop, getRunningLoop } from './event-loop.js';
export type { EventLoopOptions, ExceptionContext, ExceptionHandler } from './event-loop.js';
export { Handle, TimerHandle } from './handle.js';
export { VirtualClock } from './clock.js';
export type { VirtualClockOptions } from './clock.js';

// Coroutines, tasks and futures
export type {
  Coroutine,
  Operation,
  OperationOrFactory,
  OperationResult,
  Suspension,
} from './operation.js';
export { Future } from './future.js';
export type { DoneCallback, FutureOptions } from './future.js';
export { Task, createTask, currentTask, allTasks } from './task.js';
export type { TaskOptions } from './task.js';

// Waiting
export { sleep } from './sleep.js';
export { gather } from './gather.js';
export type { GatherOptions, GatherResults, GatherSettled } from './gather.js';
export { wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED } from './wait.js';
export type { ReturnWhen, WaitOptions, WaitResult } from './wait.js';
export { asCompleted } from './as-completed.js';
export { shield } from './shield.js';

// Deadlines
export { timeout, timeoutAt, waitFor, Timeout } from './timeout.js';
export type { TimeoutBody } from './timeout.js';

// Promises and AbortSignal
export { until, call } from './interop.js';

// Introspection
export { taskTree, formatTaskTree } from './introspection.js';
export type { TaskTreeNode } from './introspection.js';

// Errors
export {
  CancelledError,
  TimeoutError,
  InvalidStateError,
  ExceptionGroup,
  isCancelledError,
} from './errors.js';
export type { CancelReason, CancelledErrorOptions } from './errors.js';
