/**
 * `QueueWaiter`: one wait on a `WaitQueue`, in one object. It is the operation that
 * `wait()` and `tryOrWait()` return, the iterator `yield*` drives, the node linked into the
 * queue, and what the task parks on.
 *
 * Design note: this is the hottest park of all (every contended acquire, get and put), and
 * hundreds of thousands of tasks may wait at once, each paying its waiter's size again at
 * every garbage collection. A waiter is therefore a one-shot wait (one-shot-wait.ts), not a
 * `Future`. It has no `#methods`: V8 stores a brand on every instance of a class with
 * `#methods`, 8 more bytes per waiter.
 *
 * Life of a waiter (the stages are one-shot-wait.ts's): its first step tries `attempt.now()`
 * and either completes or joins the queue (WAITING). A task cancelled while WOKEN hands the
 * value to the queue's `onAbandon`, so a permit or an item it was given is never lost.
 */
import type { Suspension } from '../operation.js';
import {
  CANCELLED,
  CLAIMED,
  FINISHED,
  OneShotWait,
  STARTING,
  WAITING,
  WOKEN,
} from './one-shot-wait.js';
import { parkStep } from './suspend.js';

/** Returned by `WaitAttempt.now` to say "park in the queue". */
export const MUST_WAIT: unique symbol = Symbol('aio.mustWait');

/**
 * What `WaitQueue.tryOrWait` tries first, and how it turns a wakeup into its result. `A` is
 * the argument given to `tryOrWait` (an item to put, say), `T` the queue's wakeup value, `R`
 * the result.
 */
export interface WaitAttempt<A, T, R> {
  /** Completes at once: returns the result (or throws), or {@link MUST_WAIT} to park. */
  now(arg: A): R | typeof MUST_WAIT;
  /** Turns the value the waiter was woken with into the result (or throws). */
  woken(arg: A, value: T): R;
}

/** What a waiter needs from its queue. */
export interface WaiterHost<T> {
  readonly label: string;
  append(waiter: QueueWaiter<T>): void;
  remove(waiter: QueueWaiter<T>): void;
  abandon(value: T): void;
}

/**
 * A waiter's steps, defined in its static block (see `next`). Results are typed `never` here:
 * each waiter's own `R` is known only to its `next`.
 */
let start: (waiter: QueueWaiter<unknown>) => IteratorResult<Suspension, never>;
let finish: (waiter: QueueWaiter<unknown>) => IteratorReturnResult<never>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a waiter's A and R are its own
export class QueueWaiter<T, A = any, R = any> extends OneShotWait<R> {
  /** The waiter ahead in the queue (woken earlier); maintained by the queue. */
  older: QueueWaiter<T> | undefined;
  /** The waiter behind in the queue; maintained by the queue. */
  newer: QueueWaiter<T> | undefined;
  readonly #host: WaiterHost<T>;
  /** Undefined for a plain `wait()`, whose result is the wakeup value itself. */
  readonly #attempt: WaitAttempt<A, T, R> | undefined;
  readonly #arg: A;

  constructor(host: WaiterHost<T>, attempt: WaitAttempt<A, T, R> | undefined, arg: A) {
    super();
    this.#host = host;
    this.#attempt = attempt;
    this.#arg = arg;
  }

  // `next` stays small and each stage's work is a function of its own: a throw costs V8 a
  // scan of the bytecode of every unoptimized frame it leaves (see sleep.ts).
  next(): IteratorResult<Suspension, R> {
    const stage = this.stage;
    if (stage === STARTING || stage === CLAIMED) return start(this);
    if (stage === WOKEN) return finish(this);
    if (stage === CANCELLED) return this.raiseCancelled();
    // Stepped while still queued: only a driver other than a task can do this.
    if (stage === WAITING) return parkStep(this);
    return { value: undefined as R, done: true };
  }

  get label(): string {
    return this.#host.label;
  }

  protected again(): QueueWaiter<T, A, R> {
    return new QueueWaiter(this.#host, this.#attempt, this.#arg);
  }

  protected leave(): void {
    this.#host.remove(this);
  }

  /** Woken, then cancelled or closed before running: hand the wakeup on rather than lose it. */
  protected override dropWakeup(): void {
    const outcome = this.outcome as T;
    this.outcome = undefined;
    this.#host.abandon(outcome);
  }

  // --- the queue's side -----------------------------------------------------------------

  /** Hands `value` to this waiter (already unlinked by the queue) and resumes its task. */
  wake(value: T): void {
    this.stage = WOKEN;
    this.outcome = value;
    this.resumeTask();
  }

  static {
    start = (waiter) => {
      waiter.stage = FINISHED;
      const attempt = waiter.#attempt;
      if (attempt !== undefined) {
        const result = attempt.now(waiter.#arg);
        if (result !== MUST_WAIT) return { value: result as never, done: true };
      }
      waiter.stage = WAITING;
      waiter.#host.append(waiter);
      return parkStep(waiter);
    };
    finish = (waiter) => {
      waiter.stage = FINISHED;
      const value = waiter.outcome;
      waiter.outcome = undefined;
      const attempt = waiter.#attempt;
      const result = attempt === undefined ? value : attempt.woken(waiter.#arg, value);
      return { value: result as never, done: true };
    };
  }
}
