/**
 * The shared types of coroutines and operations.
 *
 * A coroutine is a generator: calling a `function*` returns a coroutine object and runs
 * nothing, exactly like calling an `async def` in Python. `yield*` is aio's `await`: it runs
 * an {@link Operation} inside the current task and evaluates to its result.
 *
 * What flows between a coroutine and the loop is opaque: operations yield a
 * {@link Suspension} token that only the loop understands. User code never yields anything
 * itself; it only delegates with `yield*`. Writing `yield x` without the star is a mistake
 * the loop reports as a `TypeError` naming what to write instead.
 */

declare const suspensionBrand: unique symbol;

/**
 * The opaque value an operation yields to the loop when it suspends. You never create or
 * inspect one; it exists so that only real operations type-check under `yield*`.
 */
export interface Suspension {
  readonly [suspensionBrand]: true;
}

/**
 * Anything `yield*`-able that produces a `T`: a coroutine object, a `Task<T>`, a
 * `Future<T>`, or what aio's functions return (`sleep(10)`, `sem.acquire()`).
 *
 * @example
 * ```ts
 * function* double(op: Operation<number>): Coroutine<number> {
 *   return 2 * (yield* op);
 * }
 * ```
 */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<Suspension, T, unknown>;
}

/**
 * The type of a coroutine object: what a `function*` written against aio returns.
 * Annotate a coroutine's return type with it when TypeScript cannot infer it.
 *
 * @example
 * ```ts
 * function* answer(): Coroutine<number> {
 *   yield* sleep(10);
 *   return 42;
 * }
 * ```
 */
export type Coroutine<T = void> = Generator<Suspension, T, unknown>;

/**
 * The result type of an operation: `OperationResult<Task<string>>` is `string`.
 */
export type OperationResult<O> = O extends Operation<infer T> ? T : never;

/**
 * What `run`, `createTask` and friends accept: an operation, or a function of no arguments
 * that returns one (so `run(main)` and `run(main())` both work).
 */
export type OperationOrFactory<T> = Operation<T> | (() => Operation<T>);
