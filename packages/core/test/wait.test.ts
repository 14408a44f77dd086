// wait as asyncio's (CPython test_tasks.py wait tests, SPEC `wait`).
import { describe, expect, it } from 'vitest';
import {
  ALL_COMPLETED,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  createTask,
  sleep,
  wait,
} from '../src/index.js';
import type { Coroutine, Task } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

function* fail(ms: number, error: Error): Coroutine {
  yield* sleep(ms);
  throw error;
}

describe('wait', () => {
  it('returns when every task is done by default', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(100));
      const b = createTask(sleep(150));
      const { done, pending } = yield* wait([b, a]);
      expect(done).toEqual(new Set([a, b]));
      expect(pending).toEqual(new Set());
      expect(now()).toBe(150);
    });
  });

  it('returns the same objects it was given', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(1, 'a'));
      const future = new Future<string>();
      future.setResult('f');
      const { done } = yield* wait<Task<string> | Future<string>>([a, future]);
      expect(done.has(a)).toBe(true);
      expect(done.has(future)).toBe(true);
      expect(done.size).toBe(2);
    });
  });

  it('returns at once for tasks that are already done', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(100));
      const b = createTask(sleep(150));
      yield* wait([a, b]);
      const again = yield* wait([b, a]);
      expect(again.done).toEqual(new Set([a, b]));
      expect(now()).toBe(150);
    });
  });

  it('counts a task passed twice once', async () => {
    await runVirtual(function* () {
      const c = createTask(sleep(1, 'test'));
      const spam = createTask(sleep(2, 'spam'));
      const { done, pending } = yield* wait([c, c, spam]);
      expect(pending.size).toBe(0);
      expect(new Set([...done].map((task) => task.result()))).toEqual(new Set(['test', 'spam']));
    });
  });

  it('returns at the first completion with FIRST_COMPLETED and cancels nothing', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10_000));
      const b = createTask(sleep(100));
      const { done, pending } = yield* wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(now()).toBe(100);
      expect(a.done()).toBe(false);
      yield* sleep(10_000);
      expect(a.done()).toBe(true);
      expect(a.cancelled()).toBe(false);
    });
  });

  it('returns at once with FIRST_COMPLETED when a task is already done', async () => {
    await runVirtual(function* () {
      const done1 = createTask(sleep(0, 'done'));
      const running = createTask(sleep(100));
      yield* sleep(1);
      const { done, pending } = yield* wait([running, done1], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([done1]));
      expect(pending).toEqual(new Set([running]));
      expect(now()).toBe(1);
    });
  });

  it('puts every task that is done by the time it returns in done', async () => {
    await runVirtual(function* () {
      const a = createTask(function* () {
        yield* sleep(0);
      });
      const b = createTask(function* () {
        yield* sleep(0);
        yield* sleep(0);
      });
      const { done, pending } = yield* wait([b, a], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a, b]));
      expect(pending).toEqual(new Set());
    });
  });

  it('counts a cancelled task as completed with FIRST_COMPLETED', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10_000));
      const b = createTask(sleep(10_000));
      yield* sleep(5);
      a.cancel();
      const { done, pending } = yield* wait([a, b], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(now()).toBe(5);
    });
  });

  it('returns at once with FIRST_EXCEPTION when a task has already failed', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10_000));
      const b = createTask(fail(0, new RangeError('err')));
      const { done, pending } = yield* wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(now()).toBe(0);
    });
  });

  it('returns at the first failure with FIRST_EXCEPTION', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10_000));
      const b = createTask(fail(10, new RangeError('err')));
      const { done, pending } = yield* wait([b, a], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([b]));
      expect(pending).toEqual(new Set([a]));
      expect(now()).toBe(10);
    });
  });

  it('waits for every task with FIRST_EXCEPTION when none fails', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10));
      const b = createTask(sleep(20));
      const { done, pending } = yield* wait([a, b], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
      expect(now()).toBe(20);
    });
  });

  it('does not count a cancellation as a failure with FIRST_EXCEPTION', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10_000));
      const b = createTask(sleep(50));
      yield* sleep(5);
      a.cancel();
      const { done, pending } = yield* wait([a, b], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
      expect(now()).toBe(50);
    });
  });

  it('holds failed tasks in done without raising', async () => {
    const boom = new RangeError('really');
    await runVirtual(function* () {
      const a = createTask(sleep(100));
      const b = createTask(fail(150, boom));
      const { done, pending } = yield* wait([b, a]);
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      // (toEqual would iterate the tasks: they are Operations.)
      const failed = [...done].filter((task) => task.exception() !== undefined);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toBe(b);
      expect(now()).toBe(150);
    });
  });

  it('returns what is done when the timeout passes, without raising or cancelling', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(100));
      const b = createTask(sleep(150, 'b'));
      const { done, pending } = yield* wait([b, a], { timeout: 110 });
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(now()).toBe(110);
      expect(yield* b).toBe('b');
      expect(now()).toBe(150);
    });
  });

  it('returns before the timeout when everything is done earlier', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(10));
      const { done } = yield* wait([a], { timeout: 1_000 });
      expect(done).toEqual(new Set([a]));
      expect(now()).toBe(10);
      yield* sleep(5_000);
      expect(now()).toBe(5_010);
    });
  });

  it('returns within the round with a timeout of 0', async () => {
    await runVirtual(function* () {
      const finished = createTask(sleep(0));
      const sleeping = createTask(sleep(100));
      yield* sleep(0);
      yield* sleep(0);
      const { done, pending } = yield* wait([finished, sleeping], { timeout: 0 });
      expect(done).toEqual(new Set([finished]));
      expect(pending).toEqual(new Set([sleeping]));
      expect(now()).toBe(0);
    });
  });

  it('accepts any iterable of tasks, including a generator', async () => {
    await runVirtual(function* () {
      const a = createTask(sleep(100));
      const b = createTask(sleep(150));
      const fromIterator = yield* wait([b, a][Symbol.iterator]());
      expect(fromIterator.done).toEqual(new Set([a, b]));
      const generated = (function* () {
        for (let i = 0; i < 10; i++) yield createTask(sleep(i, i));
      })();
      const { done, pending } = yield* wait(generated, { returnWhen: ALL_COMPLETED });
      expect(done.size).toBe(10);
      expect(pending.size).toBe(0);
    });
  });

  it('waits for plain futures', async () => {
    await runVirtual(function* () {
      const future = new Future<number>();
      createTask(function* () {
        yield* sleep(30);
        future.setResult(1);
      });
      const { done } = yield* wait([future]);
      expect(done).toEqual(new Set([future]));
      expect(now()).toBe(30);
    });
  });

  it('raises CancelledError when the waiting task is cancelled and leaves the tasks running', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const inner = createTask(function* () {
        yield* sleep(100);
        log.push(`inner finished at ${now()}`);
      });
      const outer = createTask(function* () {
        yield* wait([inner]);
        log.push('outer went on');
      });
      yield* sleep(10);
      outer.cancel();
      expect(yield* catchError(outer)).toBeInstanceOf(CancelledError);
      expect(inner.cancelled()).toBe(false);
      yield* inner;
    });
    expect(log).toEqual(['inner finished at 100']);
  });

  it('throws TypeError for an empty list', () => {
    expect(() => wait([])).toThrow(TypeError);
    expect(() => wait(new Set<Task<unknown>>())).toThrow(TypeError);
  });

  it('throws TypeError for a bare coroutine in the list', async () => {
    await runVirtual(function* () {
      const coroutine = sleep(10);
      expect(() => wait([coroutine as never])).toThrow(TypeError);
    });
  });

  it('throws TypeError for a single future instead of a list', async () => {
    await runVirtual(function* () {
      const future = new Future<number>();
      expect(() => wait(future as never)).toThrow(TypeError);
      future.setResult(1);
    });
  });

  it('throws TypeError for a coroutine instead of a list', async () => {
    function* body(): Coroutine {
      yield* sleep(1);
    }
    await runVirtual(function* () {
      expect(() => wait(body() as never)).toThrow(TypeError);
    });
  });

  it('throws TypeError for an unknown returnWhen or a NaN timeout', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(1));
      expect(() => wait([task], { returnWhen: -1 as never })).toThrow(TypeError);
      expect(() => wait([task], { timeout: Number.NaN })).toThrow(TypeError);
      yield* task;
    });
  });
});
