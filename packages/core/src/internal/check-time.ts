/**
 * Validation of durations and deadlines (milliseconds, loop time), with one error wording for
 * every entry point: `sleep`, `timeout`, `timeoutAt`, `waitFor`, `wait`, `Timeout.reschedule`,
 * `callLater`, `callAt`. Infinity is accepted (it means "never"); NaN and non-numbers are not.
 */

/**
 * Returns `value` when it is a number other than NaN.
 *
 * @param what names the argument in the error, e.g. `sleep(ms)`
 * @param unit what the number stands for, e.g. `a number of milliseconds`
 * @throws TypeError otherwise
 */
export function checkTime(value: unknown, what: string, unit = 'a number of milliseconds'): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${what} needs ${unit}, got ${String(value)}`);
  }
  return value;
}

/** Like {@link checkTime}, also accepting `null` (no limit). */
export function checkTimeOrNull(
  value: unknown,
  what: string,
  unit = 'a number of milliseconds',
): number | null {
  return value === null ? null : checkTime(value, what, `${unit} or null`);
}
