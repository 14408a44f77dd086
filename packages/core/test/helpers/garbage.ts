/** Garbage collection on demand, for the tests that check what the loop keeps alive. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { until } from '../../src/index.js';
import type { Coroutine } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Lets the current macrotask end, then collects garbage: a WeakRef holds its target until
 * the macrotask that last read it ends, so collecting at once would keep it alive.
 */
export function* collectGarbage(): Coroutine<void> {
  yield* until(new Promise((resolve) => setImmediate(resolve)));
  gc();
}
