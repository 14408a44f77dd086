/**
 * `aio-demo gather [--no-yield]`: `gather` runs coroutines concurrently and collects their
 * results in argument order.
 *
 * ```python
 * async def test(name, num):
 *     for i in range(num):
 *         print(name, i)
 *         await asyncio.sleep(0)   # without this line, A runs to the end before B starts
 * async def main():
 *     result = await asyncio.gather(test('A', 3), test('B', 3))
 *     print(result)
 * ```
 *
 * A coroutine only lets others run when it suspends. Without `yield* sleep(0)` each `test`
 * runs to completion in one step (A 0, A 1, A 2, B 0, B 1, B 2); with it they take turns
 * (A 0, B 0, A 1, B 1, A 2, B 2). Either way the gathered result prints as
 * `[ undefined, undefined ]`, Node's spelling of Python's `[None, None]`.
 */
import { gather, sleep, type Coroutine } from '@aio/core';
import type { ScenarioOptions } from '../scenario-options.js';
import type { Printer } from '../output.js';

/** Options for {@link gatherScenario}. */
export interface GatherScenarioOptions extends ScenarioOptions {
  /** Suspend with `yield* sleep(0)` after each line, so the two coroutines interleave (default true). */
  yieldBetween?: boolean;
}

function* test(print: Printer, name: string, num: number, yieldBetween: boolean): Coroutine<void> {
  for (let i = 0; i < num; i++) {
    print(name, i);
    if (yieldBetween) yield* sleep(0);
  }
}

/**
 * Gathers `test('A', 3)` and `test('B', 3)`, then prints the gathered result.
 *
 * @param options `print`, and `yieldBetween` (default true; false is the seed's first,
 *   sequential variant)
 * @returns the coroutine, evaluating to `undefined`
 *
 * @example
 * ```ts
 * await run(gatherScenario({ print: console.log }));
 * // A 0, B 0, A 1, B 1, A 2, B 2, [ undefined, undefined ]
 * await run(gatherScenario({ print: console.log, yieldBetween: false }));
 * // A 0, A 1, A 2, B 0, B 1, B 2, [ undefined, undefined ]
 * ```
 */
export function* gatherScenario(options: GatherScenarioOptions): Coroutine<void> {
  const { print, yieldBetween = true } = options;
  const coroutineList = [test(print, 'A', 3, yieldBetween), test(print, 'B', 3, yieldBetween)];
  const result = yield* gather(coroutineList);
  print(result);
}
