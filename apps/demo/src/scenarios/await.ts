/**
 * `aio-demo await`: `await` runs a coroutine and evaluates to its return value. In aio,
 * `yield*` is `await`.
 *
 * ```python
 * async def test():
 *     return 0
 * async def main():
 *     result = await test()
 *     print(result)
 * ```
 */
import type { Coroutine } from '@aio/core';
import type { ScenarioOptions } from '../scenario-options.js';

function* test(): Coroutine<number> {
  return 0;
}

/**
 * Awaits a coroutine returning `0` and prints the result.
 *
 * @param options `print`: where the line goes
 * @returns the coroutine, evaluating to `undefined`
 *
 * @example
 * ```ts
 * await run(awaitScenario({ print: console.log })); // 0
 * ```
 */
export function* awaitScenario({ print }: ScenarioOptions): Coroutine<void> {
  const result = yield* test();
  print(result);
}
