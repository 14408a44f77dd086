/**
 * Validation of what users pass where an Operation is expected, with errors that say what
 * to write instead.
 */
import { inspect } from 'node:util';
import type { Operation, OperationOrFactory } from '../operation.js';

/** Whether `value` is a Promise or any thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Whether `value` can be iterated as an Operation (and is not an array or a string). */
export function isOperation(value: unknown): value is Operation<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isPromiseLike(value)) return 'a Promise';
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${inspect(value)}`;
}

/** Explains a non-Operation argument given to `caller`. */
export function notAnOperation(caller: string, value: unknown): TypeError {
  let hint = 'pass a coroutine object such as main(), a Task or a Future';
  if (isPromiseLike(value))
    hint = 'wrap a Promise with until(promise), or an async function with call(fn)';
  else if (Array.isArray(value)) hint = 'pass the operations as separate arguments';
  return new TypeError(`${caller} expects an Operation, got ${describe(value)}; ${hint}`);
}

/** Turns an operation or a function returning one into an Operation, or throws TypeError. */
export function toOperation<T>(caller: string, input: OperationOrFactory<T>): Operation<T> {
  const value: unknown = typeof input === 'function' ? input() : input;
  if (!isOperation(value)) throw notAnOperation(caller, value);
  return value as Operation<T>;
}

/**
 * Reads a list argument element by element. A lone Task or Future is refused before anything
 * is iterated (it is iterable, being an Operation, and spreading it would wait on it); a lone
 * coroutine fails on its first element, and the for-of closes it.
 */
export function readList<T>(
  caller: string,
  items: Iterable<T>,
  accept: (item: unknown) => boolean,
  expected: string,
): T[] {
  if (
    items === null ||
    typeof items !== 'object' ||
    typeof (items as Partial<Iterable<T>>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`${caller} expects an iterable of ${expected}`);
  }
  if (isPromiseLike(items)) {
    throw new TypeError(
      `${caller} expects an iterable of ${expected}, got a single one; wrap it in [ ]`,
    );
  }
  const list: T[] = [];
  for (const item of items) {
    if (!accept(item)) {
      throw new TypeError(`${caller} expects an iterable of ${expected}, got ${describe(item)}`);
    }
    list.push(item);
  }
  return list;
}

/** Explains a value yielded without `yield*`. */
export function strayYield(value: unknown): TypeError {
  // Tasks and futures are thenables too: test for an Operation first.
  if (isOperation(value)) {
    return new TypeError(
      'a coroutine yielded an Operation (a Task, Future or coroutine) without the star; write yield* (with the star) to wait for it',
    );
  }
  const fix = isPromiseLike(value)
    ? 'write yield* until(promise) to wait for a Promise'
    : 'yield* an Operation instead (yield* sleep(0), yield* task)';
  return new TypeError(`a coroutine yielded ${describe(value)} without the star; ${fix}`);
}
