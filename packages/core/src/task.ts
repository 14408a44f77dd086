/**
 * `Task`: a coroutine driven by the loop, and the functions that create and find tasks.
 *
 * Design note. A task owns one iterator (usually a coroutine object) and advances it one
 * step at a time. A step runs the coroutine until it suspends: on `AWAIT` the task parks on
 * the future (or wait-queue waiter) named by the trap (see internal/suspend.ts) and is woken
 * when it is done; on `YIELD_NOW` it requeues itself behind every ready task. A future that is
 * already done does not suspend: the step resumes the coroutine at once, up to a budget of
 * consecutive resumptions after which the task requeues itself, so a loop of completed
 * awaits can neither grow the stack nor starve other tasks.
 *
 * Cancellation (asyncio's rules): `cancel()` cancels the future the task waits on, which
 * wakes it with a `CancelledError` thrown at its suspension point; if the task is not parked
 * on a future, the next step throws instead (`#pendingCancel`). `cancelling()` counts requests
 * and `uncancel()` takes one back, so timeouts can tell their own cancellation apart.
 */
import { CancelledError, InvalidStateError } from './errors.js';
import { Future, setWaiterHook, settleFuture } from './future.js';
import { getRunningLoop, type EventLoop } from './event-loop.js';
import type { Operation, OperationOrFactory, Suspension } from './operation.js';
import { enterTask, runningScheduler, runningTask } from './internal/current.js';
import { loopCancelledError } from './internal/cancelled-error.js';
import { strayYield } from './internal/operation-guard.js';
import type { Scheduler } from './internal/scheduler.js';
import { AWAIT, RESUMED, YIELD_NOW, takeParked } from './internal/suspend.js';
import { type OneShotWait, setResumeHook } from './internal/one-shot-wait.js';

/** What a task parks on: a future, or a one-shot wait (lighter: a waiter, a sleep). */
type Parked = Future<unknown> | OneShotWait;

/** Options for {@link createTask}. */
export interface TaskOptions {
  /** A readable name for reports and task trees; defaults to the function name or `Task-N`. */
  name?: string | undefined;
  /**
   * Run the coroutine's first step now, inside the call that creates the task, until it first
   * suspends; a coroutine that finishes there is never scheduled (asyncio 3.12's eager tasks,
   * `eager_start`). It saves a loop round per task that often completes at once, such as a
   * cache hit. Only when the loop is running in this call stack; otherwise the task is
   * scheduled as usual. Defaults to the loop's `eagerTasks` (false).
   */
  eagerStart?: boolean | undefined;
}

/** `#pendingCancel` when no cancellation waits to be delivered. */
const NO_CANCEL: unique symbol = Symbol('noCancel');

/** Consecutive resumptions from already-done futures before a task yields its turn. */
const SYNC_BUDGET = 1000;

/**
 * How deep eager first steps may nest (a task created eagerly inside another's eager step,
 * and so on). Each level holds a few JS frames, so a long chain would overflow the stack in
 * the middle of the loop's own bookkeeping; past this depth a task is scheduled instead.
 */
const MAX_EAGER_DEPTH = 100;
let eagerDepth = 0;
/** The tasks in their eager first step right now, outermost first (`eagerDepth` of them). */
const eagerStarting: Array<Task<unknown> | undefined> = [];

let taskCounter = 0;

/**
 * Tasks that wait as bare coroutines in one ready-queue entry, instead of as one Task and one
 * entry each (a gather's children; see internal/gathering-future.ts). `start()` runs when the
 * entry's turn comes and makes and steps them in order, which is the order and the round their
 * own entries would have had. `materialize()` makes the Task objects at once (still not
 * started), for whoever must see them before: allTasks(), run()'s shutdown, a cancellation.
 */
export interface UnstartedTasks {
  start(): void;
  materialize(): void;
}

/** The batch whose `start()` runs now (batches run from the queue, so they never nest). */
let startingBatch: UnstartedTasks | undefined;
/** The scheduler running `startingBatch`: only its own listings may make that batch's tasks. */
let startingScheduler: Scheduler | undefined;

const startBatch = (batch: UnstartedTasks): void => {
  startingBatch = batch;
  startingScheduler = runningScheduler();
  try {
    batch.start();
  } finally {
    startingBatch = startingScheduler = undefined;
  }
};

const materializeBatch = (batch: UnstartedTasks): void => batch.materialize();

/**
 * Makes the Task objects of every batch of `scheduler` not started yet, so that they are
 * listed and can be cancelled: for allTasks(), and before close() drops the queue.
 */
export function materializeUnstarted(scheduler: Scheduler): void {
  if (startingScheduler === scheduler) startingBatch!.materialize();
  scheduler.forEachReady(startBatch, materializeBatch);
}

/** Queues `batch` to start at the loop's next round, as its tasks' own entries would be. */
export function scheduleUnstarted(scheduler: Scheduler, batch: UnstartedTasks): void {
  scheduler.schedule(startBatch, batch);
}

/** Takes `count` task numbers (the N of `Task-N`) in one go; returns the first. */
export function reserveTaskNumbers(count: number): number {
  const first = taskCounter + 1;
  taskCounter += count;
  return first;
}

// What makeUnstartedTask hands to the constructor. Module slots rather than an options
// object: a batch makes thousands of tasks, and this way it allocates nothing but the tasks.
let adoptedIterator: Iterator<Suspension, unknown, unknown> | undefined;
let adoptedNumber = 0;
let adoptedParent: Task<unknown> | undefined;

/**
 * Makes the Task of an unstarted coroutine: listed among the live tasks, not scheduled (its
 * batch steps it with `stepTask`). `iterator` was taken from the operation when the
 * gather was called, and `number` reserved then, so both are what an eager `new Task` had.
 * `options.loop` names the loop when it may not be running in this call stack.
 */
export function makeUnstartedTask(
  iterator: Iterator<Suspension, unknown, unknown>,
  number: number,
  parent: Task<unknown> | undefined,
  options: { loop: EventLoop } | undefined,
): Task<unknown> {
  adoptedIterator = iterator;
  adoptedNumber = number;
  adoptedParent = parent;
  try {
    return new Task(ADOPTED, options);
  } finally {
    // Cleared here rather than in the constructor, so also when the constructor threw before
    // taking it (out of stack): the next task made must not take it instead.
    adoptedIterator = undefined;
  }
}

/** Stands for the operation of a task made by makeUnstartedTask (the iterator comes aside). */
const ADOPTED: Operation<unknown> = {
  [Symbol.iterator]() {
    throw new InvalidStateError('makeUnstartedTask hands its iterator over directly');
  },
};

/**
 * Runs one step of a task: the ready-queue callback for tasks, and how a batch runs the first
 * step of a task made by makeUnstartedTask.
 */
export let stepTask: (task: Task<unknown>) => void;
/** Runs the step of a task that comes back from `sleep(0)`. */
let resumeYielded: (task: Task<unknown>) => void;
/** Runs a new task's first step inside its creator's step (eagerStart). */
let startEagerly: (task: Task<unknown>) => void;

/** Adds a new task at the end of its scheduler's list of live tasks. */
let linkLiveTask: (task: Task<unknown>) => void;

/**
 * The tasks of a scheduler that are not done yet, in creation order (an eager task counts
 * from its first suspension, and is listed last while in its first step; a gather's unstarted
 * children are made now, so they count from now).
 */
export let listLiveTasks: (scheduler: Scheduler) => Task<unknown>[];

/**
 * Where each task was created, recorded in debug mode only: a side table rather than a field,
 * so tasks outside debug mode do not carry the slot.
 */
const creationSites = new WeakMap<Task<unknown>, string | undefined>();

function captureCreationSite(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  const outside = stack.find((line) => !/[/\\]core[/\\](src|dist)[/\\]/.test(line));
  return outside?.trim().replace(/^at /, '');
}

/**
 * A coroutine scheduled on the loop. A task is a {@link Future} of its coroutine's result:
 * `yield* task` waits for it inside a coroutine, `await task` from plain async code.
 *
 * Cancelling a task throws `CancelledError` into its coroutine where it is suspended;
 * `finally` blocks run and may themselves `yield*`. A coroutine that catches the error and
 * carries on keeps running (`cancel()` asks; it does not force).
 *
 * @example
 * ```ts
 * function* main() {
 *   const task = createTask(sleep(1_000, 'late'), { name: 'sleeper' });
 *   yield* sleep(10);
 *   task.cancel('no longer needed');
 *   try {
 *     yield* task;
 *   } catch (error) {
 *     console.log(isCancelledError(error), task.cancelled()); // true true
 *   }
 * }
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  #coro: Iterator<Suspension, T, unknown>;
  /** The name, or the task's number until a name is needed (saves a string per task). */
  #name: string | number;
  /**
   * A cancellation to deliver at the next step (the task was not parked when asked): its
   * message, or NO_CANCEL. One slot rather than a flag and a message keeps tasks small.
   */
  #pendingCancel: string | undefined | typeof NO_CANCEL = NO_CANCEL;
  #cancelRequests = 0;
  #waitingOn: Parked | undefined;
  #parent: Task<unknown> | undefined;
  #previousLive: Task<unknown> | undefined;
  #nextLive: Task<unknown> | undefined;

  /**
   * Prefer {@link createTask} or `loop.createTask`.
   *
   * @param operation the operation to run
   * @param options the task's `name` and the `loop` (default: the running loop)
   * @throws InvalidStateError when there is no loop or the loop is closed
   */
  constructor(operation: Operation<T>, options?: TaskOptions & { loop?: EventLoop }) {
    super(options); // a Future reads only `loop` (and `label`, which TaskOptions lacks)
    const scheduler = this.scheduler;
    if (scheduler === undefined) {
      throw new InvalidStateError(
        'no running event loop; create tasks inside run() or with loop.createTask()',
      );
    }
    if (scheduler.state === 'closed') {
      throw new InvalidStateError('the event loop is closed; start a new one with run()');
    }
    const adopted = adoptedIterator;
    if (adopted !== undefined) {
      this.#coro = adopted as Iterator<Suspension, T, unknown>;
      this.#name = adoptedNumber;
      this.#parent = adoptedParent;
      linkLiveTask(this);
      return;
    }
    this.#coro = operation[Symbol.iterator]();
    this.#name = options?.name ?? ++taskCounter;
    this.#parent = runningTask();
    if (scheduler.debug) creationSites.set(this, captureCreationSite());
    if (
      (options?.eagerStart ?? scheduler.eagerTasks) &&
      eagerDepth < MAX_EAGER_DEPTH &&
      runningScheduler() === scheduler
    ) {
      startEagerly(this); // links the task once it suspends
    } else {
      // Queued before linked: if the stack runs out in between, the task is only missing from
      // allTasks(), rather than listed forever without ever running (run() would wait for it).
      scheduler.schedule(stepTask, this);
      linkLiveTask(this);
    }
  }

  /** The task's name, shown in reports and task trees. */
  get name(): string {
    const name = this.#name;
    return typeof name === 'number' ? (this.#name = `Task-${name}`) : name;
  }

  set name(value: string) {
    this.#name = String(value);
  }

  /** The task that created this one, if it was created inside a task. */
  get parent(): Task<unknown> | undefined {
    return this.#parent;
  }

  /** Where the task was created (file:line), recorded in debug mode only. */
  get creationLocation(): string | undefined {
    return creationSites.get(this);
  }

  /** What the task is parked on right now, e.g. `sleep 1000ms`; undefined when not parked. */
  get awaiting(): string | undefined {
    const waiting = this.#waitingOn;
    if (waiting === undefined) return undefined;
    return waiting instanceof Future ? settleFuture.label(waiting) : waiting.label;
  }

  /**
   * Asks the task to cancel: a `CancelledError` carrying `message` is thrown into the
   * coroutine at its suspension point (or at its next one, if it is running now).
   *
   * @returns false if the task is already done, true otherwise
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this.#cancelRequests++;
    const waiting = this.#waitingOn;
    if (waiting !== undefined && waiting.cancel(message)) return true;
    this.#pendingCancel = message;
    return true;
  }

  /** How many cancellation requests are pending (asyncio's `Task.cancelling()`). */
  cancelling(): number {
    return this.#cancelRequests;
  }

  /**
   * Takes back one cancellation request, as timeouts do when they turn their own
   * cancellation into a `TimeoutError`. At zero, a cancellation not yet delivered is dropped.
   *
   * @returns the remaining number of requests
   */
  uncancel(): number {
    if (this.#cancelRequests > 0) {
      this.#cancelRequests--;
      if (this.#cancelRequests === 0) this.#pendingCancel = NO_CANCEL;
    }
    return this.#cancelRequests;
  }

  /**
   * Not supported: a task's result is what its coroutine returns.
   *
   * @throws InvalidStateError always
   */
  override setResult(_value: T): never {
    throw new InvalidStateError('a Task sets its own result; return it from the coroutine');
  }

  /**
   * Not supported: a task fails when its coroutine throws.
   *
   * @throws InvalidStateError always
   */
  override setException(_error: unknown): never {
    throw new InvalidStateError('a Task sets its own exception; throw it from the coroutine');
  }

  /** Describes the task, e.g. `Task "fetch-1"<pending>`. */
  override toString(): string {
    const future = super.toString(); // `Future<state>`
    return `Task "${this.name}"${future.slice(future.lastIndexOf('<'))}`;
  }

  protected override describe(): string {
    return `task "${this.name}"`;
  }

  protected override describeFailure(): string {
    return `Task "${this.name}"`;
  }

  protected override creationSite(): string | undefined {
    return creationSites.get(this);
  }

  // The driver lives in this static block rather than in `#methods`: V8 stores a brand on
  // every instance of a class with `#methods` (8 bytes per task), and tasks are what aio
  // makes most of. Functions here still reach the private fields.
  static {
    const isLinked = (task: Task<unknown>, scheduler: Scheduler): boolean =>
      task.#previousLive !== undefined || scheduler.firstLive === task;

    // Checks first: a task that finished in its eager first step was never linked, and a step
    // whose settling failed (say on a stack overflow) unlinks again in its catch.
    const unlink = (task: Task<unknown>, scheduler: Scheduler): void => {
      if (!isLinked(task, scheduler)) return;
      const previous = task.#previousLive;
      const next = task.#nextLive;
      if (previous === undefined) scheduler.firstLive = next;
      else previous.#nextLive = next;
      if (next === undefined) scheduler.lastLive = previous;
      else next.#previousLive = previous;
      task.#previousLive = task.#nextLive = undefined;
    };

    const finish = (task: Task<unknown>, scheduler: Scheduler, value: unknown): void => {
      unlink(task, scheduler);
      const pending = task.#pendingCancel;
      if (pending !== NO_CANCEL) {
        // The task cancelled itself and returned without suspending again: asyncio ends it
        // cancelled rather than letting the value through.
        task.#pendingCancel = NO_CANCEL;
        settleFuture.cancel(task, loopCancelledError(pending, scheduler.debug));
        return;
      }
      settleFuture.resolve(task, value);
    };

    /** One step; `resumed` is RESUMED when the task comes back from a YIELD_NOW. */
    const step = (task: Task<unknown>, resumed: typeof RESUMED | undefined): void => {
      if (task.done()) return;
      const scheduler = task.scheduler!;
      if (scheduler.debug) scheduler.steppedTask = task; // names a slow step in debug reports
      let hasError = false;
      let error: unknown;
      const pending = task.#pendingCancel;
      if (pending !== NO_CANCEL) {
        task.#pendingCancel = NO_CANCEL;
        hasError = true;
        error = loopCancelledError(pending, scheduler.debug);
      }
      const coro = task.#coro;
      const previous = enterTask(task);
      let budget = SYNC_BUDGET;
      let input: unknown = resumed;
      try {
        for (;;) {
          let next: IteratorResult<Suspension, unknown>;
          if (!hasError) {
            next = coro.next(input);
          } else if (coro.throw !== undefined) {
            hasError = false;
            next = coro.throw(error);
          } else {
            // A hand-written iterator without throw(): close it and fail, as yield* would.
            coro.return?.();
            throw error;
          }
          input = undefined; // RESUMED is for the first step only: it answers a YIELD_NOW
          if (next.done === true) {
            finish(task, scheduler, next.value);
            return;
          }
          const yielded = next.value;
          if (yielded === AWAIT) {
            const parked = takeParked() as Parked;
            if (parked === task) {
              hasError = true;
              error = new InvalidStateError(`${task.toString()} cannot wait for itself`);
              continue;
            }
            if (parked.done()) {
              if (--budget > 0) continue;
              scheduler.schedule(stepTask, task);
              return;
            }
            task.#waitingOn = parked;
            if (parked instanceof Future) settleFuture.park(parked, task);
            else parked.parkTask(task);
            const deferred = task.#pendingCancel;
            if (deferred !== NO_CANCEL && parked.cancel(deferred)) task.#pendingCancel = NO_CANCEL;
            return;
          }
          if (yielded === YIELD_NOW) {
            scheduler.schedule(resumeYielded, task);
            return;
          }
          hasError = true;
          error = strayYield(yielded);
        }
      } catch (thrown) {
        unlink(task, scheduler);
        if (thrown instanceof CancelledError) settleFuture.cancel(task, thrown);
        else settleFuture.reject(task, thrown);
      } finally {
        enterTask(previous);
      }
    };

    listLiveTasks = (scheduler: Scheduler): Task<unknown>[] => {
      materializeUnstarted(scheduler);
      const tasks: Task<unknown>[] = [];
      for (let task = scheduler.firstLive; task !== undefined; task = task.#nextLive) {
        tasks.push(task);
      }
      for (let i = 0; i < eagerDepth; i++) {
        const task = eagerStarting[i]!;
        if (task.scheduler === scheduler && !task.done()) tasks.push(task);
      }
      return tasks;
    };
    linkLiveTask = (task: Task<unknown>): void => {
      const scheduler = task.scheduler!;
      const last = scheduler.lastLive;
      task.#previousLive = last;
      if (last === undefined) scheduler.firstLive = task;
      else last.#nextLive = task;
      scheduler.lastLive = task;
    };
    stepTask = (task: Task<unknown>): void => step(task, undefined);
    startEagerly = (task: Task<unknown>): void => {
      const scheduler = task.scheduler!;
      // The creator's step goes on afterwards; debug reports must keep naming it.
      const creator = scheduler.steppedTask;
      eagerStarting[eagerDepth++] = task;
      try {
        step(task, undefined);
      } finally {
        eagerStarting[--eagerDepth] = undefined;
      }
      // The live list takes the task only once it has suspended: one that finished here never
      // joins it, and one whose step ran out of stack (the creator gets the RangeError, as
      // from any call that finds the stack full) is not left in it for run() to wait on.
      // Until then allTasks() finds it in eagerStarting.
      if (!task.done()) linkLiveTask(task);
      if (scheduler.debug) scheduler.steppedTask = creator;
    };
    resumeYielded = (task: Task<unknown>): void => step(task, RESUMED);
    const resumeParked = (task: Task<unknown>): void => {
      task.#waitingOn = undefined;
      step(task, undefined);
    };
    setWaiterHook(resumeParked);
    setResumeHook((task) => (task as Task<unknown>).scheduler!.schedule(resumeParked, task));
  }
}

/**
 * Wraps an operation in a {@link Task} scheduled on the running loop. The task starts at
 * the loop's next round, not inside this call, unless it starts eagerly (`eagerStart`, or
 * the loop's `eagerTasks`): then its first step runs here, until it first suspends.
 *
 * @param operation a coroutine object, an Operation, or a function returning one
 * @param options the task's `name` and `eagerStart`
 * @returns the task, already scheduled
 * @throws TypeError when `operation` is not an Operation
 * @throws InvalidStateError when no loop is running
 *
 * @example
 * ```ts
 * function* main() {
 *   const task = createTask(fetchPage(url), { name: 'fetch' });
 *   const page = yield* task;
 *   const cached = createTask(lookup(key), { eagerStart: true });
 *   cached.done(); // true if lookup() returned without suspending
 * }
 * ```
 */
export function createTask<T>(operation: OperationOrFactory<T>, options?: TaskOptions): Task<T> {
  return getRunningLoop().createTask(operation, options);
}

/**
 * The task running the current step.
 *
 * @throws InvalidStateError when called outside a task
 *
 * @example
 * ```ts
 * function* worker() {
 *   console.log(currentTask().name);
 * }
 * ```
 */
export function currentTask(): Task<unknown> {
  const task = runningTask();
  if (task === undefined) throw new InvalidStateError('currentTask() called outside a task');
  return task;
}

/**
 * Every task of the running loop that is not done yet, in creation order. The children of a
 * large `gather` that have not started yet are listed too, after the tasks that existed when
 * they were first listed (aio makes their Task objects only when they start or are asked for).
 *
 * @throws InvalidStateError when no loop is running
 *
 * @example
 * ```ts
 * console.log(allTasks().map((task) => task.name));
 * ```
 */
export function allTasks(): Task<unknown>[] {
  const scheduler = runningScheduler();
  if (scheduler === undefined) throw new InvalidStateError('allTasks() needs a running event loop');
  return listLiveTasks(scheduler);
}
