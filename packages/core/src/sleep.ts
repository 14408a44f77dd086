/**
 * `sleep`: suspend the current task for a while.
 */
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';
import {
  CANCELLED,
  CLAIMED,
  FINISHED,
  OneShotWait,
  STARTING,
  WAITING,
  WOKEN,
} from './internal/one-shot-wait.js';
import type { Scheduler } from './internal/scheduler.js';
import { RESUMED, YIELD_STEP, parkStep } from './internal/suspend.js';
import { InvalidStateError } from './errors.js';
import { checkTime } from './internal/check-time.js';

/** The timer callback of a sleep: wakes its task (defined in Sleep's static block). */
let wake: (sleep: Sleep<unknown>) => void;
/** Starts a sleep: arms its timer and parks the task (kept out of `next`, see there). */
let start: (sleep: Sleep<unknown>) => IteratorYieldResult<Suspension>;

/**
 * `sleep(ms)` for ms > 0, in one object: the operation, the iterator `yield*` drives, the
 * timer entry in the loop's heap and what the task parks on (a one-shot wait). Hand-written
 * rather than a generator around a future: a sleeping task used to hold a generator, a
 * future, a timer entry and the future's iterator, and a cancellation unwound one more
 * generator frame. The timer starts when the sleep is first stepped, not when it is made.
 */
class Sleep<T> extends OneShotWait<T> {
  // The timer entry the scheduler's heap reads (see TimerEntry).
  when = 0;
  seq = 0;
  cancelled = false;
  readonly fn: (sleep: never) => void = wake;
  readonly arg: this = this;
  readonly #ms: number;
  readonly #value: T;
  /** The loop the timer is armed on, once started. */
  #scheduler: Scheduler | undefined;

  constructor(ms: number, value: T) {
    super();
    this.#ms = ms;
    this.#value = value;
  }

  // `next` stays small, with the start and the cancellation in functions of their own: a
  // throw costs V8 a scan of the bytecode of every unoptimized frame it leaves, and this
  // one is often left unoptimized (V8 was seen not to re-optimize it after a deopt).
  next(): IteratorResult<Suspension, T> {
    const stage = this.stage;
    if (stage === WOKEN) {
      this.stage = FINISHED;
      return { value: this.#value, done: true };
    }
    if (stage === CANCELLED) return this.raiseCancelled();
    if (stage === STARTING || stage === CLAIMED) return start(this);
    // Stepped while still asleep: only a driver other than a task can do this.
    if (stage === WAITING) return parkStep(this);
    return { value: undefined as T, done: true };
  }

  get label(): string {
    return this.#ms === Infinity ? 'sleep forever' : `sleep ${this.#ms}ms`;
  }

  protected again(): Sleep<T> {
    return new Sleep(this.#ms, this.#value);
  }

  /** Takes the timer out of the loop's heap (an endless sleep never armed one). */
  protected leave(): void {
    if (this.#ms !== Infinity) this.#scheduler!.cancelTimer(this);
  }

  static {
    start = (sleep) => {
      const scheduler = runningScheduler();
      if (scheduler === undefined) {
        throw new InvalidStateError('sleep() needs a running event loop; yield* it inside run()');
      }
      sleep.#scheduler = scheduler;
      sleep.stage = WAITING;
      if (sleep.#ms !== Infinity) {
        sleep.when = scheduler.now() + sleep.#ms;
        scheduler.armTimer(sleep);
      }
      return parkStep(sleep);
    };
    wake = (sleep) => {
      if (sleep.stage !== WAITING) return;
      sleep.stage = WOKEN;
      sleep.resumeTask();
    };
  }
}

/**
 * `sleep(0, value)`: yield once, then evaluate to the value. Hand-written rather than a
 * generator (the most frequent operation of all) and stateless: it yields when stepped and
 * completes when the task driver resumes it with RESUMED (see the step in task.ts), so one shared
 * instance serves every `sleep(0)` without a value and such a yield allocates nothing.
 */
class YieldOnce<T> implements Operation<T>, Iterator<Suspension, T, unknown> {
  /** The last step, shared by every run: it is read, never changed. */
  readonly #done: IteratorReturnResult<T>;

  constructor(value: T) {
    this.#done = Object.freeze({ value, done: true });
  }

  next(input?: unknown): IteratorResult<Suspension, T> {
    return input === RESUMED ? this.#done : YIELD_STEP;
  }

  throw(error: unknown): never {
    throw error;
  }

  return(value?: T): IteratorResult<Suspension, T> {
    return { value: value as T, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** `sleep(0)` without a value. */
const YIELD_ONCE = new YieldOnce<undefined>(undefined);

/**
 * Suspends the current task for `ms` milliseconds, then evaluates to `value`.
 *
 * `sleep(0)` yields once: every other ready task runs, and Node gets to handle pending I/O,
 * before this task resumes. Negative delays count as 0; `Infinity` sleeps until the task is
 * cancelled. Cancelling a sleeping task removes its timer at once.
 *
 * @param ms how long to sleep, in milliseconds
 * @param value what the operation evaluates to
 * @throws TypeError when `ms` is NaN or not a number
 *
 * @example
 * ```ts
 * function* main() {
 *   yield* sleep(100);                     // 100 ms later
 *   const answer = yield* sleep(10, 42);   // 42
 *   sleep(Number.NaN);                     // throws TypeError
 * }
 * ```
 */
export function sleep<T = void>(ms: number, value?: T): Operation<T> {
  checkTime(ms, 'sleep(ms)');
  if (ms > 0) return new Sleep(ms, value as T);
  return value === undefined ? (YIELD_ONCE as Operation<T>) : new YieldOnce(value);
}
