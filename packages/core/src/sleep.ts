/**
 * `sleep`: suspend the current task for a while.
 */
import type { Operation, Suspension } from './operation.js';
import { runningScheduler } from './internal/current.js';
import { loopCancelledError } from './internal/cancelled-error.js';
import { OneShotWait } from './internal/one-shot-wait.js';
import type { Scheduler } from './internal/scheduler.js';
import { RESUMED, YIELD_STEP, parkStep } from './internal/suspend.js';
import { InvalidStateError } from './errors.js';
import { checkTime } from './internal/check-time.js';

const STARTING = 0;
/** Handed out by `[Symbol.iterator]()`, not stepped yet: iterating it again makes a copy. */
const CLAIMED = 1;
const SLEEPING = 2;
const WOKEN = 3;
const CANCELLED = 4;
const FINISHED = 5;
type Stage =
  | typeof STARTING
  | typeof CLAIMED
  | typeof SLEEPING
  | typeof WOKEN
  | typeof CANCELLED
  | typeof FINISHED;

/** The timer callback of a sleep: wakes its task (defined in Sleep's static block). */
let wake: (sleep: Sleep<unknown>) => void;
/** Starts a sleep: arms its timer and parks the task (kept out of `next`, see there). */
let start: (sleep: Sleep<unknown>) => IteratorYieldResult<Suspension>;
/** Takes a started sleep's timer out of the loop's heap. */
let disarm: (sleep: Sleep<unknown>) => void;
/** Ends a cancelled sleep by throwing its CancelledError (kept out of `next`, see there). */
let raiseCancelled: (sleep: Sleep<unknown>) => never;

/**
 * `sleep(ms)` for ms > 0, in one object: the operation, the iterator `yield*` drives, the
 * timer entry in the loop's heap and what the task parks on (a one-shot wait). Hand-written
 * rather than a generator around a future: a sleeping task used to hold a generator, a
 * future, a timer entry and the future's iterator, and a cancellation unwound one more
 * generator frame. The timer starts when the sleep is first stepped, not when it is made.
 */
class Sleep<T> extends OneShotWait implements Operation<T>, Iterator<Suspension, T, unknown> {
  // The timer entry the scheduler's heap reads (see TimerEntry).
  when = 0;
  seq = 0;
  cancelled = false;
  readonly fn: (sleep: never) => void = wake;
  readonly arg: this = this;
  readonly #ms: number;
  readonly #value: T;
  #stage: Stage = STARTING;
  /** The loop the timer is armed on, once started. */
  #scheduler: Scheduler | undefined;
  /** The cancellation message when CANCELLED. */
  #message: string | undefined;

  constructor(ms: number, value: T) {
    super();
    this.#ms = ms;
    this.#value = value;
  }

  [Symbol.iterator](): Iterator<Suspension, T, unknown> {
    if (this.#stage !== STARTING) return new Sleep(this.#ms, this.#value);
    this.#stage = CLAIMED;
    return this;
  }

  // `next` stays small, with the start and the cancellation in functions of their own: a
  // throw costs V8 a scan of the bytecode of every unoptimized frame it leaves, and this
  // one is often left unoptimized (V8 was seen not to re-optimize it after a deopt).
  next(): IteratorResult<Suspension, T> {
    const stage = this.#stage;
    if (stage === WOKEN) {
      this.#stage = FINISHED;
      return { value: this.#value, done: true };
    }
    if (stage === CANCELLED) return raiseCancelled(this);
    if (stage === STARTING || stage === CLAIMED) return start(this);
    // Stepped while still asleep: only a driver other than a task can do this.
    if (stage === SLEEPING) return parkStep(this);
    return { value: undefined as T, done: true };
  }

  throw(error: unknown): never {
    this.return();
    throw error;
  }

  /** Ends the sleep early (the coroutine around it was closed): the timer goes. */
  return(value?: T): IteratorResult<Suspension, T> {
    if (this.#stage === SLEEPING) disarm(this);
    this.#stage = FINISHED;
    this.forgetTask();
    return { value: value as T, done: true };
  }

  // --- the parking protocol the task driver uses (one-shot-wait.ts) --------------------

  done(): boolean {
    return this.#stage !== SLEEPING;
  }

  cancel(message?: string): boolean {
    if (this.#stage !== SLEEPING) return false;
    disarm(this);
    this.#stage = CANCELLED;
    this.#message = message;
    this.resumeTask();
    return true;
  }

  get label(): string {
    return this.#ms === Infinity ? 'sleep forever' : `sleep ${this.#ms}ms`;
  }

  static {
    start = (sleep) => {
      const scheduler = runningScheduler();
      if (scheduler === undefined) {
        throw new InvalidStateError('sleep() needs a running event loop; yield* it inside run()');
      }
      sleep.#scheduler = scheduler;
      sleep.#stage = SLEEPING;
      if (sleep.#ms !== Infinity) {
        sleep.when = scheduler.now() + sleep.#ms;
        scheduler.armTimer(sleep);
      }
      return parkStep(sleep);
    };
    disarm = (sleep) => {
      // An endless sleep never armed a timer, so it has none to take out of the heap.
      if (sleep.#ms !== Infinity) sleep.#scheduler!.cancelTimer(sleep);
    };
    raiseCancelled = (sleep) => {
      sleep.#stage = FINISHED;
      throw loopCancelledError(sleep.#message, sleep.#scheduler!.debug);
    };
    wake = (sleep) => {
      if (sleep.#stage !== SLEEPING) return;
      sleep.#stage = WOKEN;
      sleep.resumeTask();
    };
  }
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
