/**
 * `sleep`: suspend the current task for a while.
 */
import { Future } from './future.js';
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';
import type { Scheduler, TimerEntry } from './internal/scheduler.js';
import { RESUMED, YIELD_STEP } from './internal/suspend.js';
import { InvalidStateError } from './errors.js';
import { checkTime } from './internal/check-time.js';

/** A future resolved by a timer; cancelling it removes the timer. */
class SleepFuture extends Future<void> {
  #entry: TimerEntry;
  #timers: Scheduler;

  constructor(scheduler: Scheduler, ms: number) {
    super({ label: `sleep ${ms}ms` });
    this.#timers = scheduler;
    this.#entry = scheduler.addTimer(scheduler.now() + ms, wakeSleeper, this);
  }

  override cancel(message?: string): boolean {
    if (!super.cancel(message)) return false;
    this.#timers.cancelTimer(this.#entry);
    return true;
  }
}

function wakeSleeper(future: SleepFuture): void {
  if (!future.done()) future.setResult(undefined);
}

/**
 * `sleep(0, value)`: yield once, then evaluate to the value. Hand-written rather than a
 * generator (the most frequent operation of all) and stateless: it yields when stepped and
 * completes when the task driver resumes it with RESUMED (see Task.#step), so one shared
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

function* sleepFor<T>(ms: number, value: T): Generator<Suspension, T, unknown> {
  const scheduler = runningScheduler();
  if (scheduler === undefined) {
    throw new InvalidStateError('sleep() needs a running event loop; yield* it inside run()');
  }
  if (ms === Infinity) yield* new Future<void>({ label: 'sleep forever' });
  else yield* new SleepFuture(scheduler, ms);
  return value;
}

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
  if (ms > 0) return sleepFor(ms, value as T);
  return value === undefined ? (YIELD_ONCE as Operation<T>) : new YieldOnce(value);
}
