/**
 * Argument checks shared by the primitives, with messages that name the argument and its
 * constraint.
 */
import type { Operation } from '@aio/core';

/**
 * Checks that `value` is an integer of at least `min` (Infinity allowed when `allowInfinity`).
 *
 * @throws TypeError when `value` is not a number
 * @throws RangeError when it is NaN, fractional or below `min`
 */
export function checkCount(
  name: string,
  value: unknown,
  min: number,
  allowInfinity = false,
): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (allowInfinity && value === Infinity) return value;
  if (!Number.isInteger(value) || value < min) {
    const what = min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
    throw new RangeError(`${name} must be ${what}, got ${String(value)}`);
  }
  return value;
}

/** Whether `value` can be run with `yield*` (and is not an array or a string). */
export function isOperation(value: unknown): value is Operation<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/**
 * Turns an Operation, or a function returning one, into an Operation.
 *
 * @throws TypeError when the result is not an Operation
 */
export function toOperation<T>(
  caller: string,
  input: Operation<T> | (() => Operation<T>),
): Operation<T> {
  const value: unknown = typeof input === 'function' ? input() : input;
  if (!isOperation(value)) {
    throw new TypeError(
      `${caller} expects an Operation or a function returning one, got ${describe(value)}`,
    );
  }
  return value as Operation<T>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') {
    return 'a Promise (wrap it with until(promise))';
  }
  return typeof value;
}
