/**
 * `gather`: run operations concurrently and collect their results in argument order.
 */
import { Future } from './future.js';
import type { Operation, OperationResult, Suspension } from './operation.js';
import { Task } from './task.js';
import { runningScheduler } from './internal/current.js';
import { GatheringFuture } from './internal/gathering-future.js';
import { isOperation, notAnOperation } from './internal/operation-guard.js';

/** Options for {@link gather}. */
export interface GatherOptions {
  /** Return errors in place of results instead of raising the first one (default false). */
  returnExceptions?: boolean;
}

/** The results of a tuple of operations. */
export type GatherResults<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: OperationResult<T[K]>;
};

/** The results of a tuple of operations, with errors in place (`returnExceptions`). */
export type GatherSettled<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: OperationResult<T[K]> | Error;
};

function isOptionsBag(value: unknown): value is GatherOptions {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function' &&
    typeof (value as { then?: unknown }).then !== 'function'
  );
}

function isFuture(operation: Operation<unknown>): boolean {
  return operation instanceof Future;
}

/** A future used as it is; any other operation wrapped in a new task. */
function asFuture(operation: Operation<unknown>): Future<unknown> {
  return operation instanceof Future ? operation : new Task(operation);
}

function* gatherAll(
  operations: readonly Operation<unknown>[],
  returnExceptions: boolean,
): Generator<Suspension, unknown[], unknown> {
  const count = operations.length;
  if (count === 0) return [];
  const gathering = new GatheringFuture(count, returnExceptions);
  // The same coroutine passed twice runs once and its result appears twice, as in asyncio.
  // Repeats are rare, so one Set built in a single call first tells whether anything repeats
  // at all (a lookup per operation costs more: measured 8% of a gather of 100,000 coroutines
  // that return at once); only a list with a repeat pays for a Map. Futures are used as they
  // are, so a list of futures needs no check. Each child is added as soon as it is made, so
  // an eager task that finished is dropped before the next one starts.
  if (operations.every(isFuture) || new Set(operations).size === count) {
    if (!GatheringFuture.defersChildren(operations, runningScheduler())) {
      for (let i = 0; i < count; i++) gathering.add(i, asFuture(operations[i]!));
    } else {
      // Coroutines wait unstarted, all in one queue entry (see internal/gathering-future.ts).
      for (let i = 0; i < count; i++) {
        const operation = operations[i]!;
        if (operation instanceof Future) gathering.add(i, operation);
        else gathering.addUnstarted(i, operation[Symbol.iterator]()); // the coroutine itself
      }
      gathering.scheduleStart();
    }
  } else {
    const wrapped = new Map<Operation<unknown>, Future<unknown>>();
    for (let i = 0; i < count; i++) {
      const operation = operations[i]!;
      let child = wrapped.get(operation);
      if (child === undefined) wrapped.set(operation, (child = asFuture(operation)));
      gathering.add(i, child);
    }
  }
  return yield* gathering;
}

/**
 * Runs operations concurrently and evaluates to their results, in argument order.
 *
 * Each argument becomes a task (a Task or Future is used as it is). Without
 * `returnExceptions`, the first error is raised at once and the other children keep running
 * (they are not cancelled; their later failures are reported by the loop, not lost). With
 * `{ returnExceptions: true }` as the last argument, errors are returned in place. Cancelling
 * the gather cancels every unfinished child. For long lists, pass an array:
 * `gather(operations, options?)` (spreading 100,000 arguments overflows the JS stack).
 *
 * @returns an Operation evaluating to the results, typed as a tuple
 * @throws TypeError when an argument is not an Operation
 *
 * @example
 * ```ts
 * function* main() {
 *   const [a, b] = yield* gather(sleep(10, 'a'), sleep(5, 'b')); // ['a', 'b']
 *   const settled = yield* gather(fails(), sleep(1, 2), { returnExceptions: true });
 *   // [Error, 2]
 * }
 * ```
 */
export function gather(): Operation<[]>;
export function gather<O extends Operation<unknown>>(
  operations: readonly O[],
  options: GatherOptions & { returnExceptions: true },
): Operation<Array<OperationResult<O> | Error>>;
export function gather<O extends Operation<unknown>>(
  operations: readonly O[],
  options?: GatherOptions & { returnExceptions?: false },
): Operation<Array<OperationResult<O>>>;
export function gather<O extends Operation<unknown>>(
  operations: readonly O[],
  options?: GatherOptions,
): Operation<Array<OperationResult<O> | Error>>;
export function gather<const T extends readonly Operation<unknown>[]>(
  ...operations: T
): Operation<GatherResults<T>>;
export function gather<const T extends readonly Operation<unknown>[]>(
  ...args: [...T, GatherOptions & { returnExceptions: true }]
): Operation<GatherSettled<T>>;
export function gather<const T extends readonly Operation<unknown>[]>(
  ...args: [...T, GatherOptions & { returnExceptions?: false }]
): Operation<GatherResults<T>>;
export function gather<const T extends readonly Operation<unknown>[]>(
  ...args: [...T, GatherOptions]
): Operation<GatherSettled<T>>;
export function gather(...args: unknown[]): Operation<unknown[]> {
  let operations: unknown[];
  let options: GatherOptions = {};
  if (Array.isArray(args[0])) {
    if (args.length > 2 || (args.length === 2 && !isOptionsBag(args[1]))) {
      throw new TypeError('gather(list, options?) takes one array of operations and options');
    }
    operations = args[0] as unknown[];
    if (args.length === 2) options = args[1] as GatherOptions;
  } else {
    operations = args;
    const last = args[args.length - 1];
    if (args.length > 0 && isOptionsBag(last) && !isOperation(last)) {
      operations = args.slice(0, -1);
      options = last;
    }
  }
  for (let i = 0; i < operations.length; i++) {
    if (!isOperation(operations[i])) throw notAnOperation('gather', operations[i]);
  }
  return gatherAll(operations as Operation<unknown>[], options.returnExceptions === true);
}
