// The core examples of the user's notes (shared/seed), with their exact output.
import { describe, expect, it } from 'vitest';
import { gather, run, sleep } from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { runVirtual } from './helpers/virtual-time.js';

describe('seed examples', () => {
  it('runs nothing until the coroutine object is run (hello)', async () => {
    const printed: string[] = [];
    function* main(): Coroutine {
      printed.push('hello');
    }
    const coroutine = main();
    expect(printed).toEqual([]);
    await run(coroutine);
    expect(printed).toEqual(['hello']);
  });

  it('evaluates yield* test() to what test returns (await test() is 0)', async () => {
    const printed: unknown[] = [];
    function* test(): Coroutine<number> {
      return 0;
    }
    function* main(): Coroutine {
      const result = yield* test();
      printed.push(result);
    }
    await run(main());
    expect(printed).toEqual([0]);
  });

  it('runs gathered coroutines one after another when they never yield', async () => {
    const printed: unknown[] = [];
    function* test(name: string, num: number): Coroutine {
      for (let i = 0; i < num; i++) printed.push(`${name} ${i}`);
    }
    function* main(): Coroutine {
      const result = yield* gather(test('A', 3), test('B', 3));
      printed.push(result);
    }
    await runVirtual(main());
    expect(printed).toEqual(['A 0', 'A 1', 'A 2', 'B 0', 'B 1', 'B 2', [undefined, undefined]]);
  });

  it('interleaves gathered coroutines that yield with sleep(0)', async () => {
    const printed: unknown[] = [];
    function* test(name: string, num: number): Coroutine {
      for (let i = 0; i < num; i++) {
        printed.push(`${name} ${i}`);
        yield* sleep(0);
      }
    }
    function* main(): Coroutine {
      const coroutines = [test('A', 3), test('B', 3)];
      const result = yield* gather(...coroutines);
      printed.push(result);
    }
    await runVirtual(main());
    expect(printed).toEqual(['A 0', 'B 0', 'A 1', 'B 1', 'A 2', 'B 2', [undefined, undefined]]);
  });
});
