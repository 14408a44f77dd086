/**
 * Test helpers: run a coroutine on a fresh loop with a VirtualClock, read virtual time.
 */
import { VirtualClock, getRunningLoop, run, type Operation } from '@aio/core';

/** Runs `main` on a new loop driven by a VirtualClock (autojump on). */
export function runVirtual<T>(main: Operation<T> | (() => Operation<T>)): Promise<T> {
  return run(main, { clock: new VirtualClock() });
}

/** The running loop's time in ms. */
export function now(): number {
  return getRunningLoop().time();
}

/** Captures what a thunk throws (synchronously). */
export function thrown(thunk: () => unknown): unknown {
  try {
    thunk();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** Runs `operation` and returns what it throws (fails if it returns). */
export function* caught(operation: Operation<unknown>): Generator<never, unknown, unknown> {
  try {
    yield* operation as Generator<never, unknown, unknown>;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to throw');
}
