/**
 * `aio-demo semaphore [--delay ms]`: a `Semaphore(3)` lets at most three of five coroutines
 * run their block at once.
 *
 * ```python
 * async def test(semaphore):
 *     async with semaphore:
 *         print('hello')
 *         await asyncio.sleep(1)
 *         print('world')
 * async def main():
 *     semaphore = asyncio.Semaphore(3)
 *     return await asyncio.gather(*[test(semaphore) for i in range(5)])
 * ```
 *
 * `async with semaphore:` becomes `using _permit = yield* semaphore.acquire();`: the permit
 * is released when the block's scope ends, however it ends. Three coroutines print hello and
 * sleep; when they wake, each prints world and hands its permit to the next in line, so the
 * output is hello×3, world×3, hello×2, world×2, then main's result, as the REPL shows it.
 */
import { gather, sleep, type Coroutine } from '@aio/core';
import { Semaphore } from '@aio/sync';
import type { Printer } from '../output.js';
import type { ScenarioOptions } from '../scenario-options.js';

/** Options for {@link semaphoreScenario}. */
export interface SemaphoreScenarioOptions extends ScenarioOptions {
  /** How long each coroutine sleeps while holding its permit, in ms (default 1000: the seed's 1 s). */
  delayMs?: number;
  /** How many permits the semaphore has (default 3). */
  permits?: number;
  /** How many coroutines compete for them (default 5). */
  count?: number;
}

function* test(print: Printer, semaphore: Semaphore, delayMs: number): Coroutine<void> {
  using _permit = yield* semaphore.acquire();
  print('hello');
  yield* sleep(delayMs);
  print('world');
}

/**
 * Runs `count` coroutines under a `Semaphore(permits)` and evaluates to the gathered result.
 *
 * @param options `print`, `delayMs` (default 1000), `permits` (3), `count` (5)
 * @returns the coroutine, evaluating to `[undefined × count]` (the CLI prints it, as the
 *   Python REPL prints what `asyncio.run(main())` returns)
 *
 * @example
 * ```ts
 * const result = await run(semaphoreScenario({ print: console.log }));
 * console.log(result); // after hello×3, world×3, hello×2, world×2: [ undefined × 5 ]
 * ```
 */
export function* semaphoreScenario(options: SemaphoreScenarioOptions): Coroutine<void[]> {
  const { print, delayMs = 1000, permits = 3, count = 5 } = options;
  const semaphore = new Semaphore(permits);
  const coroutineList = Array.from({ length: count }, () => test(print, semaphore, delayMs));
  return yield* gather(coroutineList);
}
