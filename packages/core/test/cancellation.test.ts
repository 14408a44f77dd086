// Cancellation as asyncio defines it: thrown at the suspension point, counted, swallowable.
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  createTask,
  currentTask,
  isCancelledError,
  sleep,
} from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

describe('Task.cancel', () => {
  it('throws CancelledError at the innermost suspension and runs finally blocks inner to outer', async () => {
    const log: string[] = [];
    function* inner(): Coroutine {
      try {
        yield* sleep(10);
        log.push('inner not reached');
      } finally {
        log.push('inner finally');
      }
    }
    function* middle(): Coroutine {
      try {
        yield* inner();
      } finally {
        log.push('middle finally');
      }
    }
    function* outer(): Coroutine {
      try {
        yield* middle();
      } finally {
        log.push('outer finally');
      }
    }
    await runVirtual(function* () {
      const task = createTask(outer());
      yield* sleep(1);
      expect(task.cancel()).toBe(true);
      const error = yield* catchError(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(1);
    });
    expect(log).toEqual(['inner finally', 'middle finally', 'outer finally']);
  });

  it('never starts the body of a task cancelled before its first step', async () => {
    const log: string[] = [];
    function* body(): Coroutine {
      try {
        log.push('started');
        yield* sleep(1);
      } finally {
        log.push('finally');
      }
    }
    await runVirtual(function* () {
      const task = createTask(body());
      task.cancel('too early');
      const error = yield* catchError(task);
      expect((error as CancelledError).message).toBe('too early');
      expect(task.cancelled()).toBe(true);
    });
    expect(log).toEqual([]);
  });

  it('ends a task that cancels itself and returns without suspending as cancelled', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        currentTask().cancel();
        return 12;
      });
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
    });
  });

  it('delivers a self-cancel at the next suspension point', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        currentTask().cancel();
        log.push('still running');
        try {
          yield* sleep(0);
        } catch (error) {
          log.push(isCancelledError(error) ? 'cancelled at sleep' : 'other');
          throw error;
        }
      });
      yield* catchError(task);
    });
    expect(log).toEqual(['still running', 'cancelled at sleep']);
  });

  it('lets a coroutine catch the cancellation and return a value', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(100);
        } catch {
          return 42;
        }
        return 0;
      });
      yield* sleep(1);
      task.cancel();
      expect(yield* task).toBe(42);
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(1);
    });
  });

  it('keeps running a task that swallows its cancellation and awaits again', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(100);
        } catch {
          // swallowed: one cancel() delivers exactly one CancelledError
        }
        yield* sleep(50);
        return now();
      });
      yield* sleep(10);
      task.cancel();
      expect(yield* task).toBe(60);
    });
  });

  it('lets finally blocks yield* while the task is being cancelled, and still ends cancelled', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(1_000);
        } finally {
          yield* sleep(5);
          log.push(`cleanup done at ${now()}`);
        }
      });
      yield* sleep(10);
      task.cancel();
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
    });
    expect(log).toEqual(['cleanup done at 15']);
  });

  it('interrupts cleanup with a second cancel', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(1_000);
        } finally {
          try {
            yield* sleep(100);
            log.push('cleanup finished');
          } catch (error) {
            log.push(`cleanup interrupted at ${now()}`);
            // eslint-disable-next-line no-unsafe-finally
            throw error;
          }
        }
      });
      yield* sleep(10);
      task.cancel();
      yield* sleep(10);
      task.cancel();
      yield* catchError(task);
    });
    expect(log).toEqual(['cleanup interrupted at 20']);
  });

  it('cancels the task it awaits (cancel propagates into the awaited task)', async () => {
    await runVirtual(function* () {
      const inner = createTask(sleep(100));
      const outer = createTask(function* () {
        yield* inner;
      });
      yield* sleep(1);
      outer.cancel();
      yield* catchError(outer);
      expect(inner.cancelled()).toBe(true);
      expect(outer.cancelled()).toBe(true);
    });
  });

  it('cancels the outer task when the future it awaits is cancelled', async () => {
    await runVirtual(function* () {
      const future = new Future<number>();
      const task = createTask(function* () {
        return yield* future;
      });
      yield* sleep(1);
      future.cancel();
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
    });
  });

  it('raises one CancelledError when both the task and its future are cancelled', async () => {
    let caught = 0;
    await runVirtual(function* () {
      const future = new Future<number>();
      const task = createTask(function* () {
        try {
          yield* future;
        } catch (error) {
          caught++;
          throw error;
        }
      });
      yield* sleep(1);
      future.cancel();
      task.cancel();
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
    });
    expect(caught).toBe(1);
  });

  it('passes the cancel message and the same error instance to the awaiter', async () => {
    await runVirtual(function* () {
      let thrown: unknown;
      const task = createTask(function* () {
        try {
          yield* sleep(100);
        } catch (error) {
          thrown = error;
          throw error;
        }
      });
      yield* sleep(1);
      task.cancel('stop now');
      const received = yield* catchError(task);
      expect(received).toBe(thrown);
      expect((received as CancelledError).message).toBe('stop now');
      expect((received as CancelledError).code).toBe('ERR_CANCELLED');
    });
  });

  it('returns false when cancelling a finished task', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(1, 'done'));
      yield* task;
      expect(task.cancel()).toBe(false);
      expect(task.cancelling()).toBe(0);
    });
  });
});

describe('Task.cancelling and Task.uncancel', () => {
  it('counts cancellation requests and takes them back', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(Infinity));
      yield* sleep(0);
      task.cancel();
      task.cancel();
      expect(task.cancelling()).toBe(2);
      expect(task.uncancel()).toBe(1);
      expect(task.uncancel()).toBe(0);
      expect(task.uncancel()).toBe(0);
      yield* catchError(task);
    });
  });

  it('drops a pending must-cancel when uncancel reaches zero', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        const me = currentTask();
        me.cancel();
        me.uncancel();
        yield* sleep(5);
        return 'survived';
      });
      expect(yield* task).toBe('survived');
    });
  });
});
