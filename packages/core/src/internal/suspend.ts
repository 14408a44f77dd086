/**
 * The low-level suspend/resume trap between operations and the task driver.
 *
 * Design note: an operation suspends by yielding one of two sentinel tokens. `AWAIT`
 * means "park me until what I just registered with {@link parkStep} is done" (a future or
 * a one-shot wait); `YIELD_NOW` means "put me at the back of the ready queue" (what
 * `sleep(0)` does). What to park on travels through a module slot rather than inside the
 * yielded value so that a suspension allocates nothing, and so that a stray `yield future`
 * (without the star) is still recognisable as a mistake: the driver only ever accepts its
 * own two tokens.
 *
 * Invariant: the step {@link parkStep} returns is yielded at once, in the same synchronous
 * run, and the driver reads the slot with {@link takeParked} right after the generator
 * returns control, so the slot never holds a stale future across tasks.
 */
import type { Suspension } from '../operation.js';

function token(description: string): Suspension {
  return Object.freeze({ toString: () => description }) as unknown as Suspension;
}

/** Yielded to park the current task on what was registered with {@link parkStep}. */
export const AWAIT: Suspension = token('[aio await]');
/** Yielded to reschedule the current task behind every task that is already ready. */
export const YIELD_NOW: Suspension = token('[aio yield]');

let parked: unknown;

/**
 * The iterator steps that suspend. Shared and frozen: an iterator step that parks allocates
 * nothing, and `yield*` hands the very object up to the task driver, which only reads it.
 */
const PARK_STEP: IteratorYieldResult<Suspension> = Object.freeze({ value: AWAIT, done: false });
/** The step `sleep(0)` returns: requeue behind every ready task. */
export const YIELD_STEP: IteratorYieldResult<Suspension> = Object.freeze({
  value: YIELD_NOW,
  done: false,
});

/**
 * What the task driver passes to `next()` when a task comes back from a `YIELD_NOW`. It
 * reaches the iterator that yielded (through any `yield*`), so `sleep(0)` can be one shared,
 * stateless object: it yields unless it is being resumed.
 */
export const RESUMED: unique symbol = Symbol('aio.resumed');

/** Registers `future` (or a one-shot wait) and returns the step that parks on it. */
export function parkStep(future: unknown): IteratorYieldResult<Suspension> {
  parked = future;
  return PARK_STEP;
}

/** Takes what the last {@link parkStep} registered. */
export function takeParked(): unknown {
  const future = parked;
  parked = undefined;
  return future;
}
