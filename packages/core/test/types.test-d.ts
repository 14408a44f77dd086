// Type tests: yield* infers T for every Operation, gather infers tuples.
import { describe, expectTypeOf, it } from 'vitest';
import {
  Future,
  call,
  createTask,
  gather,
  run,
  shield,
  sleep,
  timeout,
  until,
  waitFor,
} from '../src/index.js';
import type { Coroutine, Operation, Task } from '../src/index.js';

function* answer(): Coroutine<number> {
  yield* sleep(1);
  return 42;
}

describe('Operation types', () => {
  it('infers T from yield* on every kind of operation', () => {
    function* main() {
      const fromCoroutine = yield* answer();
      expectTypeOf(fromCoroutine).toEqualTypeOf<number>();
      const fromTask = yield* createTask(answer());
      expectTypeOf(fromTask).toEqualTypeOf<number>();
      const fromFuture = yield* new Future<string>();
      expectTypeOf(fromFuture).toEqualTypeOf<string>();
      const fromSleep = yield* sleep(1, 'x' as const);
      expectTypeOf(fromSleep).toEqualTypeOf<'x'>();
      expectTypeOf(yield* sleep(1)).toEqualTypeOf<void>();
      expectTypeOf(yield* until(Promise.resolve(true))).toEqualTypeOf<boolean>();
      expectTypeOf(yield* call(() => Promise.resolve(5))).toEqualTypeOf<number>();
      expectTypeOf(yield* call(() => 'sync')).toEqualTypeOf<string>();
      expectTypeOf(yield* timeout(10, answer())).toEqualTypeOf<number>();
      expectTypeOf(yield* waitFor(answer(), 10)).toEqualTypeOf<number>();
      expectTypeOf(yield* shield(answer())).toEqualTypeOf<number>();
    }
    expectTypeOf(run(main)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(run(answer())).toEqualTypeOf<Promise<number>>();
    expectTypeOf(createTask(answer())).toEqualTypeOf<Task<number>>();
  });

  it('infers a tuple from gather', () => {
    function* main() {
      const results = yield* gather(answer(), sleep(1, 'b'), createTask(sleep(1, true)));
      expectTypeOf(results).toEqualTypeOf<[number, string, boolean]>();
      const settled = yield* gather(answer(), sleep(1, 'b'), { returnExceptions: true });
      expectTypeOf(settled).toEqualTypeOf<[number | Error, string | Error]>();
      const list = yield* gather([answer(), answer()]);
      expectTypeOf(list).toEqualTypeOf<number[]>();
      // A list of mixed operations gives an array of the union of their results.
      const mixed: Array<Operation<number> | Future<string>> = [answer(), new Future<string>()];
      expectTypeOf(yield* gather(mixed)).toEqualTypeOf<Array<number | string>>();
      expectTypeOf(yield* gather(mixed, { returnExceptions: true })).toEqualTypeOf<
        Array<number | string | Error>
      >();
      // returnExceptions known only at run time: errors may sit in the results.
      const options = { returnExceptions: Math.random() > 0.5 };
      expectTypeOf(yield* gather(mixed, options)).toEqualTypeOf<Array<number | string | Error>>();
      expectTypeOf(yield* gather(answer(), sleep(1, 'b'), options)).toEqualTypeOf<
        [number | Error, string | Error]
      >();
      const empty = yield* gather();
      expectTypeOf(empty).toEqualTypeOf<[]>();
    }
    expectTypeOf(main).returns.toMatchTypeOf<Operation<void>>();
  });

  it('rejects non-operations at compile time', () => {
    // @ts-expect-error a Promise is not an Operation
    createTask(Promise.resolve(1));
    // @ts-expect-error a number is not an Operation
    gather(answer(), 5);
  });
});
