/** Shared helpers of the core tests: a virtual-time `run`, the loop's time, error capture. */
import { VirtualClock, getRunningLoop, run } from '../../src/index.js';
import type { Coroutine, Operation, OperationOrFactory, RunOptions } from '../../src/index.js';

/** Runs `main` on a fresh loop with a VirtualClock, the way most core tests do. */
export function runVirtual<T>(main: OperationOrFactory<T>, options: RunOptions = {}): Promise<T> {
  return run(main, { clock: new VirtualClock(), ...options });
}

/** The running loop's time. */
export function now(): number {
  return getRunningLoop().time();
}

/** Runs `operation` and evaluates to the error it raised; fails if it succeeds. */
export function* catchError(operation: Operation<unknown>): Coroutine<unknown> {
  try {
    yield* operation;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}
