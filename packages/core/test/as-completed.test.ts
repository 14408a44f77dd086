// asCompleted as asyncio's as_completed (CPython test_tasks.py as_completed tests, SPEC).
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  TimeoutError,
  allTasks,
  asCompleted,
  createTask,
  sleep,
  timeout,
  wait,
} from '../src/index.js';
import type { Coroutine, Operation } from '../src/index.js';
import { waitAllBlocked } from '../src/testing.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

function* fail(ms: number, error: Error): Coroutine<string> {
  yield* sleep(ms);
  throw error;
}

describe('asCompleted', () => {
  it('yields results in the order the operations finish', async () => {
    const seen: Array<[string, number]> = [];
    await runVirtual(function* () {
      const a = sleep(10, 'a');
      const b = sleep(10, 'b');
      const c = sleep(150, 'c');
      for (const next of asCompleted([b, c, a])) seen.push([yield* next, now()]);
    });
    expect(seen).toEqual([
      ['b', 10],
      ['a', 10],
      ['c', 150],
    ]);
  });

  it('gives as many Operations as distinct inputs', async () => {
    await runVirtual(function* () {
      expect([...asCompleted([sleep(1), sleep(2), sleep(3)])]).toHaveLength(3);
      expect([...asCompleted([])]).toHaveLength(0);
    });
  });

  it('hands the first result to whichever Operation is awaited first', async () => {
    await runVirtual(function* () {
      const next = [...asCompleted([sleep(50, 'a'), sleep(100, 'b')])];
      expect(next).toHaveLength(2);
      expect(yield* next[1]!).toBe('a');
      expect(now()).toBe(50);
      expect(yield* next[0]!).toBe('b');
      expect(now()).toBe(100);
    });
  });

  it('lets the Operations be awaited concurrently', async () => {
    await runVirtual(function* () {
      const next = [...asCompleted([sleep(50, 'a'), sleep(50, 'b')])];
      const tasks = next.map((operation) => createTask(operation));
      const { done, pending } = yield* wait(tasks);
      expect(pending.size).toBe(0);
      expect(new Set([...done].map((task) => task.result()))).toEqual(new Set(['a', 'b']));
      expect(now()).toBe(50);
    });
  });

  it('runs an operation passed twice once', async () => {
    const log: string[] = [];
    function* coro(s: string): Coroutine<string> {
      log.push(s);
      yield* sleep(1);
      return s;
    }
    await runVirtual(function* () {
      const results: string[] = [];
      const c = coro('ham');
      for (const next of asCompleted([c, c, coro('spam')])) results.push(yield* next);
      expect(results).toHaveLength(2);
      expect(new Set(results)).toEqual(new Set(['ham', 'spam']));
    });
    expect(log).toEqual(['ham', 'spam']);
  });

  it('raises an error in place and still delivers the other results', async () => {
    const boom = new RangeError('boom');
    const seen: unknown[] = [];
    await runVirtual(function* () {
      for (const next of asCompleted([sleep(20, 'slow'), fail(10, boom)])) {
        try {
          seen.push(yield* next);
        } catch (error) {
          seen.push(error);
        }
      }
    });
    expect(seen).toEqual([boom, 'slow']);
  });

  it('uses Tasks and Futures as they are', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(20, 'task'));
      const future = new Future<string>();
      createTask(function* () {
        yield* sleep(10);
        future.setResult('future');
      });
      const seen: string[] = [];
      for (const next of asCompleted<string>([task, future])) seen.push(yield* next);
      expect(seen).toEqual(['future', 'task']);
      expect(allTasks()).toHaveLength(1);
    });
  });

  it('raises CancelledError in place for a cancelled input', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(100, 'never'));
      const other = createTask(sleep(20, 'other'));
      const next = [...asCompleted([task, other])];
      yield* sleep(5);
      task.cancel();
      expect(yield* catchError(next[0]!)).toBeInstanceOf(CancelledError);
      expect(yield* next[1]!).toBe('other');
    });
  });

  it('keeps a result for the next consumer when a waiting consumer is cancelled', async () => {
    await runVirtual(function* () {
      const next = [...asCompleted([sleep(10, 'a'), sleep(20, 'b')])];
      const consumer = createTask(next[0]!);
      yield* waitAllBlocked();
      consumer.cancel();
      expect(yield* catchError(consumer)).toBeInstanceOf(CancelledError);
      expect(yield* next[1]!).toBe('a');
      expect(now()).toBe(10);
      expect(yield* next[0]!).toBe('b');
      expect(now()).toBe(20);
    });
  });

  it('resumes where a broken-off iteration stopped without running anything twice', async () => {
    const log: number[] = [];
    function* coro(i: number): Coroutine<number> {
      log.push(i);
      yield* sleep(i * 10);
      return i;
    }
    await runVirtual(function* () {
      const iterable = asCompleted([coro(0), coro(1), coro(2), coro(3)]);
      const collected: number[] = [];
      for (const next of iterable) {
        collected.push(yield* next);
        if (collected.length === 2) break;
      }
      for (const next of iterable) collected.push(yield* next);
      expect(collected).toEqual([0, 1, 2, 3]);
    });
    expect(log).toEqual([0, 1, 2, 3]);
  });

  it('composes with timeout() to stop waiting for the rest', async () => {
    const seen: unknown[] = [];
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(120, function* () {
          for (const next of asCompleted([sleep(100, 'a'), sleep(150, 'b')])) {
            seen.push(yield* next);
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(120);
    });
    expect(seen).toEqual(['a']);
  });

  it('throws TypeError for an element that is not an Operation', () => {
    expect(() => asCompleted([sleep(1), Promise.resolve(1) as never])).toThrow(TypeError);
    expect(() => asCompleted([42 as never])).toThrow(TypeError);
  });

  it('throws TypeError for a single future instead of a list', async () => {
    await runVirtual(function* () {
      const future = new Future<number>();
      expect(() => asCompleted(future as unknown as Operation<number>[])).toThrow(TypeError);
      future.setResult(1);
    });
  });
});
