import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gather, sleep, type Coroutine } from '@aio/core';
import { Semaphore, taskGroup } from '../src/index.js';
import { runVirtual } from './helpers/run.js';

describe('seed examples', () => {
  it('prints the Semaphore(3) over 5 tasks output in order', async () => {
    const lines: string[] = [];
    const print = (...args: unknown[]): void => void lines.push(format(...args));
    function* test(semaphore: Semaphore): Coroutine<void> {
      yield* semaphore.withPermit(function* () {
        print('hello');
        yield* sleep(1000);
        print('world');
      });
    }
    function* main(): Coroutine<void[]> {
      const semaphore = new Semaphore(3);
      const coroutineList = [0, 1, 2, 3, 4].map(() => test(semaphore));
      return yield* gather(coroutineList);
    }
    print(await runVirtual(main));
    expect(lines).toEqual([
      'hello',
      'hello',
      'hello',
      'world',
      'world',
      'world',
      'hello',
      'hello',
      'world',
      'world',
      '[ undefined, undefined, undefined, undefined, undefined ]',
    ]);
  });

  it('prints the same output with `using` and acquire()', async () => {
    const lines: string[] = [];
    function* test(semaphore: Semaphore): Coroutine<void> {
      using _permit = yield* semaphore.acquire();
      lines.push('hello');
      yield* sleep(1000);
      lines.push('world');
    }
    await runVirtual(function* main() {
      const semaphore = new Semaphore(3);
      yield* gather([0, 1, 2, 3, 4].map(() => test(semaphore)));
    });
    expect(lines.join(' ')).toBe('hello hello hello world world world hello hello world world');
  });

  it('runs the TaskGroup example and continues once both tasks completed', async () => {
    const lines: string[] = [];
    function* test(n: number): Coroutine<number> {
      lines.push(`test ${n} start`);
      yield* sleep(n * 100);
      lines.push(`test ${n} end`);
      return n * 10;
    }
    await runVirtual(function* main() {
      const [task1, task2] = yield* taskGroup(function* (group) {
        const task1 = group.createTask(test(1));
        const task2 = group.createTask(test(2));
        return [task1, task2] as const;
      });
      lines.push(`Both tasks have completed now: ${task1.result()}, ${task2.result()}`);
    });
    expect(lines).toEqual([
      'test 1 start',
      'test 2 start',
      'test 1 end',
      'test 2 end',
      'Both tasks have completed now: 10, 20',
    ]);
  });
});
