/**
 * `aio-demo taskgroup [--fail]`: asyncio's `TaskGroup` (Python 3.11), the structured
 * alternative to `gather`.
 *
 * ```python
 * async def main():
 *     async with asyncio.TaskGroup() as group:
 *         task1 = group.create_task(test(1))
 *         task2 = group.create_task(test(2))
 * ```
 *
 * `async with asyncio.TaskGroup() as group:` becomes `yield* taskGroup(function* (group) {
 * ... })`: the block ends once every task created in it has ended. The seed leaves `test`
 * open; here it prints its number and a step three times, yielding in between, so the two
 * tasks take turns. With `--fail`, task 2 raises at its second step: unlike `gather`, the
 * group cancels task 1 at once and raises an `ExceptionGroup` holding the failure.
 */
import { ExceptionGroup, isCancelledError, sleep, type Coroutine } from '@aio/core';
import { taskGroup, type TaskGroup } from '@aio/sync';
import type { Printer } from '../output.js';
import type { ScenarioOptions } from '../scenario-options.js';

/** Options for {@link taskGroupScenario}. */
export interface TaskGroupScenarioOptions extends ScenarioOptions {
  /** Make task 2 raise at its second step, to show the group cancelling task 1 (default false). */
  fail?: boolean;
}

function* test(print: Printer, id: number, failAtStep: number): Coroutine<void> {
  try {
    for (let step = 0; step < 3; step++) {
      if (step === failAtStep) throw new Error(`task ${id} failed at step ${step}`);
      print(id, step);
      yield* sleep(0);
    }
  } catch (error) {
    if (isCancelledError(error)) print(id, 'cancelled');
    throw error;
  }
}

/**
 * Runs `test(1)` and `test(2)` in a task group, then prints both results; with `fail`, prints
 * what the group raised instead.
 *
 * @param options `print`, and `fail` (default false)
 * @returns the coroutine, evaluating to `undefined`
 * @throws nothing: the `ExceptionGroup` of the `fail` variant is caught and printed
 *
 * @example
 * ```ts
 * await run(taskGroupScenario({ print: console.log }));
 * // 1 0, 2 0, 1 1, 2 1, 1 2, 2 2, [ undefined, undefined ]
 * await run(taskGroupScenario({ print: console.log, fail: true }));
 * // 1 0, 2 0, 1 1, 1 cancelled, ExceptionGroup: [ 'task 2 failed at step 1' ]
 * ```
 */
export function* taskGroupScenario(options: TaskGroupScenarioOptions): Coroutine<void> {
  const { print, fail = false } = options;
  try {
    const [task1, task2] = yield* taskGroup(function* body(group: TaskGroup) {
      const task1 = group.createTask(test(print, 1, -1), { name: 'test(1)' });
      const task2 = group.createTask(test(print, 2, fail ? 1 : -1), { name: 'test(2)' });
      return [task1, task2] as const;
    });
    print([task1.result(), task2.result()]);
  } catch (error) {
    if (!(error instanceof ExceptionGroup)) throw error;
    const messages = error.exceptions.map((inner) =>
      inner instanceof Error ? inner.message : String(inner),
    );
    print('ExceptionGroup:', messages);
  }
}
