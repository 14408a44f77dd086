/**
 * Runs one example on a fresh aio event loop, the way `asyncio.run` does, with the CLI's
 * policies: Ctrl+C cancels it, and errors the loop reports (a failure nobody retrieved) are
 * one line on stderr instead of a stack trace.
 */
import { getRunningLoop, run, type Coroutine, type Operation } from '@aio/core';
import type { CommandContext } from './command.js';
import { describeError, oneLine } from './describe-error.js';

/**
 * Runs `operation` to completion on a new loop.
 *
 * @param operation the example's main coroutine
 * @param context where the loop's own reports go (`stderr`) and the abort `signal`
 * @returns a promise of the operation's result
 * @throws whatever the operation raises; `CancelledError` when the signal aborted it
 */
export function runExample<T>(operation: Operation<T>, context: CommandContext): Promise<T> {
  function* example(): Coroutine<T> {
    getRunningLoop().setExceptionHandler((report) => {
      const detail =
        report.exception === undefined ? '' : `: ${describeError(report.exception).message}`;
      context.stderr.write(`aio-demo: ${oneLine(report.message)}${detail}\n`);
    });
    return yield* operation;
  }
  return run(example, context.signal === undefined ? {} : { signal: context.signal });
}
