// waitFor as asyncio's wait_for (CPython test_waitfor.py, RELIABILITY A1 #11 and #12).
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  TimeoutError,
  createTask,
  getRunningLoop,
  sleep,
  wait,
  waitFor,
} from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

/** Sleeps until `until` (loop time) and ignores every cancellation on the way. */
function* stubbornUntil(until: number, log: string[]): Coroutine<string> {
  for (;;) {
    const left = until - now();
    if (left <= 0) break;
    try {
      yield* sleep(left);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      log.push(`ignored cancel at ${now()}`);
    }
  }
  log.push(`exited at ${now()}`);
  return 'stubborn';
}

describe('waitFor', () => {
  it('returns the result of an operation that finishes in time', async () => {
    await runVirtual(function* () {
      expect(yield* waitFor(sleep(10, 'done'), 100)).toBe('done');
      expect(now()).toBe(10);
    });
  });

  it('waits forever with null', async () => {
    await runVirtual(function* () {
      expect(yield* waitFor(sleep(3_600_000, 'late'), null)).toBe('late');
      expect(now()).toBe(3_600_000);
    });
  });

  it('returns the result of a future completed before the deadline', async () => {
    await runVirtual(function* () {
      const future = new Future<string>();
      getRunningLoop().callLater(100, () => future.setResult('ok'));
      expect(yield* waitFor(future, 200)).toBe('ok');
      expect(now()).toBe(100);
    });
  });

  it('raises TimeoutError at the deadline and leaves the task cancelled', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        log.push('running');
        try {
          yield* sleep(10_000);
        } finally {
          log.push('stopped');
        }
        return 'done';
      });
      const error = yield* catchError(waitFor(task, 100));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(100);
      expect(task.cancelled()).toBe(true);
    });
    expect(log).toEqual(['running', 'stopped']);
  });

  it('cancels a plain future on timeout', async () => {
    await runVirtual(function* () {
      const future = new Future<string>();
      expect(yield* catchError(waitFor(future, 10))).toBeInstanceOf(TimeoutError);
      expect(future.cancelled()).toBe(true);
      expect(now()).toBe(10);
    });
  });

  it('raises TimeoutError with the CancelledError as cause', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(waitFor(sleep(1_000), 10));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).cause).toBeInstanceOf(CancelledError);
    });
  });

  it('waits for a cancelled task to finish its cleanup before raising TimeoutError', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(10_000);
        } catch (error) {
          yield* sleep(5);
          throw error;
        } finally {
          log.push(`inner done at ${now()}`);
        }
      });
      const error = yield* catchError(waitFor(inner, 10));
      log.push(`raised ${(error as Error).name} at ${now()}`);
      expect((error as TimeoutError).cause).toBeInstanceOf(CancelledError);
    });
    expect(log).toEqual(['inner done at 15', 'raised TimeoutError at 15']);
  });

  it('waits for a cancelled coroutine to finish its cleanup before raising TimeoutError', async () => {
    const log: string[] = [];
    function* inner(): Coroutine {
      try {
        yield* sleep(10_000);
      } finally {
        yield* sleep(5);
        log.push(`inner done at ${now()}`);
      }
    }
    await runVirtual(function* () {
      const error = yield* catchError(waitFor(inner(), 10));
      log.push(`raised ${(error as Error).name} at ${now()}`);
    });
    expect(log).toEqual(['inner done at 15', 'raised TimeoutError at 15']);
  });

  it('returns the value of an operation that swallows the cancellation', async () => {
    function* return42(): Coroutine<number> {
      try {
        yield* sleep(10_000);
      } catch {
        return 42;
      }
      return 0;
    }
    await runVirtual(function* () {
      expect(yield* waitFor(return42(), 100)).toBe(42);
      expect(now()).toBe(100);
    });
  });

  it('returns the value of a task that swallows the cancellation', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(10_000);
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
        }
        return 1;
      });
      expect(yield* waitFor(task, 10)).toBe(1);
      expect(task.cancelled()).toBe(false);
      expect(now()).toBe(10);
    });
  });

  it('raises the error an operation throws while being cancelled', async () => {
    class FooError extends Error {}
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(200);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new FooError('during cancellation');
        }
      });
      const error = yield* catchError(waitFor(inner, 1));
      expect(error).toBeInstanceOf(FooError);
      expect(now()).toBe(1);
    });
  });

  it('returns the result of a done future with a timeout of 0 or less', async () => {
    await runVirtual(function* () {
      for (const ms of [0, -1]) {
        const future = new Future<string>();
        future.setResult('done');
        expect(yield* waitFor(future, ms)).toBe('done');
      }
      expect(now()).toBe(0);
    });
  });

  it('raises the error of a failed future with a timeout of 0', async () => {
    const boom = new RangeError('boom');
    await runVirtual(function* () {
      const future = new Future<string>();
      future.setException(boom);
      expect(yield* catchError(waitFor(future, 0))).toBe(boom);
    });
  });

  it('never starts a coroutine given a timeout of 0 or less', async () => {
    const log: string[] = [];
    function* foo(): Coroutine {
      log.push('started');
      yield* sleep(1);
    }
    await runVirtual(function* () {
      for (const ms of [0, -1]) {
        const error = yield* catchError(waitFor(foo(), ms));
        expect(error).toBeInstanceOf(TimeoutError);
      }
      expect(now()).toBe(0);
    });
    expect(log).toEqual([]);
  });

  it('cancels a running task at once with a timeout of 0 or less', async () => {
    await runVirtual(function* () {
      for (const ms of [0, -1]) {
        const log: string[] = [];
        const started = new Future<void>();
        const task = createTask(function* () {
          log.push('running');
          started.setResult();
          try {
            yield* sleep(10_000);
          } finally {
            log.push('stopped');
          }
          return 'done';
        });
        yield* started;
        const before = now();
        const error = yield* catchError(waitFor(task, ms));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(now()).toBe(before);
        expect(task.cancelled()).toBe(true);
        expect(log).toEqual(['running', 'stopped']);
      }
    });
  });

  it('waits for the cleanup of a task cancelled by a timeout of 0', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(10_000);
        } catch (error) {
          yield* sleep(5);
          throw error;
        } finally {
          log.push(`inner done at ${now()}`);
        }
      });
      yield* sleep(1);
      const error = yield* catchError(waitFor(inner, 0));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).cause).toBeInstanceOf(CancelledError);
      log.push(`raised at ${now()}`);
    });
    expect(log).toEqual(['inner done at 6', 'raised at 6']);
  });

  it('cancels the inner task when the waiting task is cancelled', async () => {
    await runVirtual(function* () {
      for (const ms of [60_000, null]) {
        const inner = createTask(new Future<void>());
        const waiter = createTask(waitFor(inner, ms));
        getRunningLoop().callSoon(() => waiter.cancel());
        expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
        expect(inner.cancelled()).toBe(true);
      }
    });
  });

  it('raises CancelledError when the inner operation finishes in the tick its task is cancelled', async () => {
    const log: string[] = [];
    function* inner(): Coroutine {
      log.push('inner ran');
    }
    await runVirtual(function* () {
      const task = createTask(function* () {
        yield* waitFor(inner(), 100_000);
        yield* sleep(1_000);
        log.push('reached the end');
      });
      yield* sleep(0);
      expect(task.done()).toBe(false);
      task.cancel();
      expect(yield* catchError(task)).toBeInstanceOf(CancelledError);
    });
    expect(log).toEqual(['inner ran']);
  });

  it('raises CancelledError when the awaited future completes in the tick the waiter is cancelled', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const inner = new Future<number>();
      const waiter = createTask(function* () {
        const value = yield* waitFor(inner, 100);
        log.push(`got ${value}`);
      });
      getRunningLoop().callLater(10, () => {
        inner.setResult(1);
        waiter.cancel();
      });
      expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
      expect(waiter.cancelled()).toBe(true);
      expect(now()).toBe(10);
    });
    expect(log).toEqual([]);
  });

  it('stays cancellable while the inner task holds up its own cancellation', async () => {
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(300);
        } catch {
          try {
            yield* sleep(300);
          } catch {
            yield* sleep(300);
          }
        }
        return 42;
      });
      const waiter = createTask(waitFor(inner, 100));
      waiter.cancel();
      expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
      expect(yield* inner).toBe(42);
    });
  });

  it('waits for a cancelled operation that ignores cancellation until it exits', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const waiter = createTask(waitFor(stubbornUntil(200, log), 400));
      yield* sleep(0);
      waiter.cancel();
      yield* wait([waiter]);
      expect(now()).toBe(200);
    });
    expect(log).toEqual(['ignored cancel at 0', 'exited at 200']);
  });

  it('lets an operation that ignores its timeout run to its end', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const result = yield* waitFor(stubbornUntil(200, log), 100);
      expect(result).toBe('stubborn');
      expect(now()).toBe(200);
    });
    expect(log).toEqual(['ignored cancel at 100', 'exited at 200']);
  });

  it('raises the error of an operation that fails in time', async () => {
    const boom = new RangeError('boom');
    await runVirtual(function* () {
      const error = yield* catchError(
        waitFor(
          (function* () {
            yield* sleep(5);
            throw boom;
          })(),
          100,
        ),
      );
      expect(error).toBe(boom);
      expect(now()).toBe(5);
    });
  });

  it('leaves the waiting task uncancelled after a timeout', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        yield* catchError(waitFor(sleep(1_000), 10));
        yield* sleep(10);
        return 'went on';
      });
      expect(yield* task).toBe('went on');
      expect(task.cancelling()).toBe(0);
      expect(now()).toBe(20);
    });
  });

  it('throws TypeError for a NaN timeout or an argument that is not an Operation', () => {
    expect(() => waitFor(sleep(1), Number.NaN)).toThrow(TypeError);
    expect(() => waitFor(sleep(1), '10' as never)).toThrow(TypeError);
    expect(() => waitFor(Promise.resolve(1) as never, 10)).toThrow(TypeError);
  });
});
