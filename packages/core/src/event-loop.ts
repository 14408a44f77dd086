/**
 * `EventLoop`: the public face of the scheduler (internal/scheduler.ts), asyncio's loop API
 * with times in milliseconds.
 */
import type { VirtualClock } from './clock.js';
import { InvalidStateError } from './errors.js';
import { Future, type FutureOptions } from './future.js';
import { Handle, TimerHandle, runHandle } from './handle.js';
import type { OperationOrFactory } from './operation.js';
import { Task, materializeUnstarted, type TaskOptions } from './task.js';
import { runningScheduler } from './internal/current.js';
import { registerScheduler } from './internal/loops.js';
import { toOperation } from './internal/operation-guard.js';
import { Scheduler } from './internal/scheduler.js';
import { checkTime } from './internal/check-time.js';

/** What the loop passes to its exception handler. */
export interface ExceptionContext {
  /** One line saying what happened. */
  message: string;
  /** The error, if there is one. */
  exception?: unknown;
  /** The task concerned, if any. */
  task?: Task<unknown>;
  /** The future concerned, if any. */
  future?: Future<unknown>;
}

/** Receives errors nobody else could: callbacks that threw, failures never retrieved. */
export type ExceptionHandler = (context: ExceptionContext, loop: EventLoop) => void;

/** Options for {@link EventLoop}. */
export interface EventLoopOptions {
  /** Report slow steps and record where tasks were created (default false). */
  debug?: boolean;
  /** Drive time from a VirtualClock (tests) instead of the real clock. */
  clock?: VirtualClock;
  /** In debug mode, a step longer than this (ms) is reported (default 100). */
  slowCallbackDuration?: number;
  /**
   * Start every task eagerly (default false): see {@link TaskOptions.eagerStart}. asyncio's
   * `loop.set_task_factory(asyncio.eager_task_factory)`.
   */
  eagerTasks?: boolean;
}

/**
 * An event loop: runs tasks and callbacks in FIFO order, fires timers, and lets Node's I/O
 * run between rounds. Most programs never touch it: `run()` creates one, runs `main`, and
 * closes it.
 *
 * @example
 * ```ts
 * const loop = new EventLoop();
 * loop.callLater(10, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 * ```
 */
export class EventLoop {
  #scheduler: Scheduler;
  /** The options of a task created without a name, made once rather than per task. */
  readonly #taskOptions: { readonly loop: EventLoop } = Object.freeze({ loop: this });

  /** @param options `debug`, `clock`, `slowCallbackDuration` and `eagerTasks` */
  constructor(options: EventLoopOptions = {}) {
    this.#scheduler = new Scheduler(this, options.clock, options.debug ?? false);
    if (options.eagerTasks !== undefined) this.eagerTasks = options.eagerTasks;
    if (options.slowCallbackDuration !== undefined) {
      this.#scheduler.slowCallbackDuration = options.slowCallbackDuration;
    }
    registerScheduler(this, this.#scheduler);
  }

  /** Whether debug mode is on (slow-step reports, task creation sites). */
  get debug(): boolean {
    return this.#scheduler.debug;
  }

  set debug(on: boolean) {
    this.#scheduler.debug = on;
  }

  /**
   * Whether tasks created on this loop start eagerly unless their `eagerStart` option says
   * otherwise (asyncio's eager task factory).
   *
   * @throws TypeError when set to something other than a boolean
   */
  get eagerTasks(): boolean {
    return this.#scheduler.eagerTasks;
  }

  set eagerTasks(on: boolean) {
    if (typeof on !== 'boolean')
      throw new TypeError(`eagerTasks must be true or false, not ${String(on)}`);
    this.#scheduler.eagerTasks = on;
  }

  /** In debug mode, steps longer than this many ms are reported. */
  get slowCallbackDuration(): number {
    return this.#scheduler.slowCallbackDuration;
  }

  set slowCallbackDuration(ms: number) {
    this.#scheduler.slowCallbackDuration = checkTime(ms, 'slowCallbackDuration');
  }

  /** The loop's clock, in milliseconds (monotonic; starts at 0 on a VirtualClock). */
  time(): number {
    return this.#scheduler.now();
  }

  /**
   * Runs `callback(...args)` in a later round, after everything already scheduled.
   *
   * @throws InvalidStateError when the loop is closed
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.#assertOpen();
    const handle = new Handle(callback, args);
    this.#scheduler.schedule(runHandle, handle);
    return handle;
  }

  /**
   * Runs `callback(...args)` once `ms` milliseconds have passed (0 or less: next round).
   *
   * @throws TypeError when `ms` is NaN or not a number
   * @throws InvalidStateError when the loop is closed
   */
  callLater<A extends unknown[]>(
    ms: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    return this.callAt(this.time() + checkTime(ms, 'callLater(ms)'), callback, ...args);
  }

  /**
   * Runs `callback(...args)` when `loop.time()` reaches `when`.
   *
   * @throws TypeError when `when` is NaN or not a number
   * @throws InvalidStateError when the loop is closed
   */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    this.#assertOpen();
    return new TimerHandle(
      this.#scheduler,
      checkTime(when, 'callAt(when)', 'a loop time in ms'),
      callback,
      args,
    );
  }

  /**
   * Schedules an operation as a task on this loop.
   *
   * @throws TypeError when `operation` is not an Operation
   * @throws InvalidStateError when the loop is closed
   */
  createTask<T>(operation: OperationOrFactory<T>, options?: TaskOptions): Task<T> {
    this.#assertOpen();
    const name =
      options?.name ??
      (typeof operation === 'function' && operation.name ? operation.name : undefined);
    const task = toOperation('createTask', operation);
    const eagerStart = options?.eagerStart;
    if (name === undefined && eagerStart === undefined) return new Task(task, this.#taskOptions);
    return new Task(task, { loop: this, name, eagerStart });
  }

  /** Creates a pending {@link Future} bound to this loop. */
  createFuture<T>(options: Omit<FutureOptions, 'loop'> = {}): Future<T> {
    return new Future<T>({ ...options, loop: this });
  }

  /**
   * Runs the loop until `operation` (an Operation, or a Task or Future of this loop)
   * finishes, then stops it.
   *
   * @returns a promise of the operation's result (or error)
   * @throws InvalidStateError when the loop is closed or already running
   */
  runUntilComplete<T>(operation: OperationOrFactory<T>): Promise<T> {
    this.#assertStartable();
    // A future (or task) is awaited as it is, as asyncio's ensure_future does.
    const task = operation instanceof Future ? operation : this.createTask(operation);
    task.addDoneCallback(() => this.stop());
    return this.runForever().then(() => {
      if (!task.done()) {
        throw new InvalidStateError('the loop stopped before the operation finished');
      }
      return task.result();
    });
  }

  /**
   * Runs the loop until {@link stop} is called.
   *
   * @returns a promise that resolves once the loop has stopped
   * @throws InvalidStateError when the loop is closed or already running
   */
  runForever(): Promise<void> {
    this.#assertStartable();
    return new Promise((resolve) => this.#scheduler.start(resolve));
  }

  /** Stops the loop after the current round. */
  stop(): void {
    this.#scheduler.stop();
  }

  /**
   * Closes the loop: pending callbacks are dropped and failures never retrieved are
   * reported. A closed loop cannot run again.
   *
   * @throws InvalidStateError when the loop is running
   */
  close(): void {
    if (this.#scheduler.state === 'running') {
      throw new InvalidStateError('cannot close a running event loop; stop() it first');
    }
    if (this.#scheduler.state === 'closed') return;
    // A gather's children not started yet would go with the queue: they become the pending
    // tasks that one task per child leaves behind (listed, cancellable).
    materializeUnstarted(this.#scheduler);
    this.#scheduler.close();
  }

  /** Whether the loop is running. */
  isRunning(): boolean {
    return this.#scheduler.state === 'running';
  }

  /** Whether the loop was closed. */
  isClosed(): boolean {
    return this.#scheduler.state === 'closed';
  }

  /**
   * Replaces the handler for errors nobody else could handle (`undefined` restores the
   * default, which prints one line and the stack to stderr).
   */
  setExceptionHandler(handler: ExceptionHandler | undefined): void {
    if (handler !== undefined && typeof handler !== 'function') {
      throw new TypeError('handler must be a function or undefined');
    }
    this.#scheduler.setExceptionHandler(handler);
  }

  /** Passes `context` to the exception handler. */
  callExceptionHandler(context: ExceptionContext): void {
    this.#scheduler.callExceptionHandler(context);
  }

  #assertOpen(): void {
    if (this.#scheduler.state === 'closed') {
      throw new InvalidStateError('the event loop is closed; start a new one with run()');
    }
  }

  #assertStartable(): void {
    this.#assertOpen();
    if (this.#scheduler.state === 'running') {
      throw new InvalidStateError('the event loop is already running');
    }
  }
}

/**
 * The loop running the current task or callback.
 *
 * @throws InvalidStateError when called outside a running loop
 *
 * @example
 * ```ts
 * function* main() {
 *   console.log(getRunningLoop().time());
 * }
 * ```
 */
export function getRunningLoop(): EventLoop {
  const scheduler = runningScheduler();
  if (scheduler === undefined) {
    throw new InvalidStateError('no running event loop; call this inside run()');
  }
  return scheduler.loop;
}
