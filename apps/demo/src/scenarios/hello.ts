/**
 * `aio-demo hello`: the seed's first example, a coroutine that prints `hello`.
 *
 * ```python
 * async def main():
 *     print('hello')
 * asyncio.run(main())
 * ```
 *
 * As in Python, calling `helloScenario(options)` only creates the coroutine object; nothing is
 * printed until a loop runs it (`run(helloScenario(options))`).
 */
import type { Coroutine } from '@aio/core';
import type { ScenarioOptions } from '../scenario-options.js';

/**
 * Prints `hello`.
 *
 * @param options `print`: where the line goes
 * @returns the coroutine; it evaluates to `undefined`, like a Python function without `return`
 *
 * @example
 * ```ts
 * await run(helloScenario({ print: console.log })); // hello
 * ```
 */
export function* helloScenario({ print }: ScenarioOptions): Coroutine<void> {
  print('hello');
}
