/**
 * What a handler, middleware or hook returned, awaited the aio way: a coroutine or other
 * Operation is delegated to with `yield*`, a promise is awaited with `until`, anything else
 * is the value itself. This is how coroutine functions, async functions and plain functions
 * are all accepted.
 */
import { until, type Coroutine, type Operation } from '@aio/core';

/** Whether `value` is an aio Operation (a coroutine object, a Task, a Future…). */
export function isOperation(value: unknown): value is Operation<unknown> {
  return (
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' &&
      typeof (value as { next?: unknown }).next === 'function') ||
    isFutureLike(value)
  );
}

function isFutureLike(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Awaits `value` as described in the module header. */
export function* awaitResult<T>(value: T | Operation<T> | PromiseLike<T>): Coroutine<T> {
  if (isOperation(value)) return yield* value;
  if (isThenable(value)) return yield* until(value);
  return value;
}
