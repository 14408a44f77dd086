import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  createTask,
  getRunningLoop,
  isCancelledError,
  sleep,
  timeout,
  type Coroutine,
} from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { Condition, Lock } from '../src/index.js';
import { caught, now, runVirtual, thrown } from './helpers/run.js';

describe('Condition', () => {
  it('throws InvalidStateError from wait() without the lock', async () => {
    await runVirtual(function* () {
      const cond = new Condition();
      expect(yield* caught(cond.wait())).toBeInstanceOf(InvalidStateError);
    });
  });

  it('throws InvalidStateError from notify() and notifyAll() without the lock', () => {
    const cond = new Condition();
    expect(thrown(() => cond.notify())).toBeInstanceOf(InvalidStateError);
    expect(thrown(() => cond.notifyAll())).toBeInstanceOf(InvalidStateError);
  });

  it('returns a true predicate value from waitFor() at once, even without the lock', async () => {
    // CPython test_wait_for_unacquired.
    await runVirtual(function* () {
      const cond = new Condition();
      expect(yield* cond.waitFor(() => [1, 2, 3])).toEqual([1, 2, 3]);
      expect(yield* caught(cond.waitFor(() => false))).toBeInstanceOf(InvalidStateError);
    });
  });

  it('rejects a lock that is not a Lock with TypeError', () => {
    expect(thrown(() => new Condition({} as Lock))).toBeInstanceOf(TypeError);
  });

  it('rejects a negative notify count with RangeError', async () => {
    await runVirtual(function* () {
      const cond = new Condition();
      yield* cond.acquire();
      expect(thrown(() => cond.notify(-1))).toBeInstanceOf(RangeError);
    });
  });

  it('shares the lock it was given', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      const cond = new Condition(lock);
      yield* lock.acquire();
      expect(cond.locked()).toBe(true);
      cond.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it('wakes waiters in FIFO order, n at a time', async () => {
    const woken: number[] = [];
    await runVirtual(function* () {
      const cond = new Condition();
      function* waiter(id: number): Coroutine<void> {
        using _held = yield* cond.acquire();
        yield* cond.wait();
        woken.push(id);
      }
      const tasks = [1, 2, 3].map((id) => createTask(waiter(id)));
      yield* waitAllBlocked();
      yield* cond.withLock(function* () {
        cond.notify(2);
      });
      yield* waitAllBlocked();
      expect(woken).toEqual([1, 2]);
      yield* cond.withLock(function* () {
        cond.notifyAll();
      });
      yield* tasks[2]!;
    });
    expect(woken).toEqual([1, 2, 3]);
  });

  it('holds the lock again when wait() ends, also when it ends with CancelledError', async () => {
    // CPython test_wait_cancel.
    await runVirtual(function* () {
      const cond = new Condition();
      let lockedInHandler: boolean | undefined;
      function* waiter(): Coroutine<void> {
        yield* cond.acquire();
        try {
          yield* cond.wait();
        } catch (error) {
          lockedInHandler = cond.locked();
          throw error;
        }
      }
      const task = createTask(waiter());
      yield* waitAllBlocked();
      expect(cond.locked()).toBe(false);
      task.cancel();
      yield* waitAllBlocked();
      expect(task.cancelled()).toBe(true);
      expect(lockedInHandler).toBe(true);
      expect(cond.statistics()).toEqual({ locked: true, waiters: 0 });
    });
  });

  it('keeps the CancelledError instance and message of a cancelled wait()', async () => {
    // CPython test_cancelled_error_re_aquire (gh-111693).
    await runVirtual(function* () {
      const cond = new Condition();
      let inner: unknown;
      function* waiter(): Coroutine<void> {
        yield* cond.acquire();
        try {
          yield* cond.wait();
        } catch (error) {
          inner = error;
          throw error;
        }
      }
      const task = createTask(waiter());
      yield* waitAllBlocked();
      // Contest the lock so the cancelled waiter must wait to re-acquire it.
      yield* cond.acquire();
      task.cancel('stop now');
      yield* sleep(5);
      cond.release();
      const outer = yield* caught(task);
      expect(outer).toBeInstanceOf(CancelledError);
      expect((outer as CancelledError).message).toBe('stop now');
      expect(outer).toBe(inner);
    });
  });

  it('does not raise when notified and then cancelled while the lock is contested', async () => {
    // CPython test_wait_cancel_contested (bpo-22970).
    await runVirtual(function* () {
      const cond = new Condition();
      yield* cond.acquire();
      const waitTask = createTask(cond.wait());
      yield* waitAllBlocked();
      expect(cond.locked()).toBe(false);
      yield* cond.acquire();
      cond.notify();
      const loop = getRunningLoop();
      loop.callSoon(() => waitTask.cancel());
      loop.callSoon(() => cond.release());
      try {
        yield* waitTask;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
      }
      expect(cond.locked()).toBe(true);
    });
  });

  it('ends a waiter cancelled after notify() as cancelled once the lock is free', async () => {
    // CPython test_wait_cancel_after_notify (bpo-32841).
    await runVirtual(function* () {
      const cond = new Condition();
      let waited = false;
      function* waitOnCond(): Coroutine<void> {
        using _held = yield* cond.acquire();
        waited = true;
        yield* cond.wait();
      }
      const waiter = createTask(waitOnCond());
      yield* sleep(1000);
      yield* cond.acquire();
      cond.notify();
      yield* sleep(0);
      waiter.cancel();
      yield* sleep(0);
      cond.release();
      yield* waitAllBlocked();
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it('raises TimeoutError from a timed-out wait() with the lock held again', async () => {
    // CPython test_timeout_in_block.
    await runVirtual(function* () {
      const cond = new Condition();
      yield* cond.acquire();
      const error = yield* caught(timeout(500, cond.wait()));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(cond.locked()).toBe(true);
      expect(now()).toBe(500);
    });
  });

  for (const phase of ['before it runs', 'while re-acquiring the lock'] as const) {
    it(`passes the notification on when the notified consumer is cancelled ${phase}`, async () => {
      // CPython test_cancelled_wakeup and test_cancelled_wakeup_relock (gh-112202).
      await runVirtual(function* () {
        const cond = new Condition();
        let state = 0;
        function* consumer(): Coroutine<void> {
          using _held = yield* cond.acquire();
          for (;;) {
            yield* cond.waitFor(() => state !== 0);
            if (state < 0) return;
            state -= 1;
          }
        }
        const consumers = [createTask(consumer()), createTask(consumer())];
        yield* waitAllBlocked();
        yield* cond.acquire();
        state += 1;
        cond.notify(1);
        if (phase === 'while re-acquiring the lock') yield* sleep(0);
        consumers[0]!.cancel();
        try {
          yield* timeout(
            10,
            cond.waitFor(() => state === 0),
          );
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
        }
        expect(state).toBe(0);
        state = -1;
        cond.notifyAll();
        cond.release();
        yield* consumers[1]!;
        expect(consumers[0]!.cancelled()).toBe(true);
      });
    });
  }

  it('shows Condition.wait in the task tree and its state in toString()', async () => {
    await runVirtual(function* () {
      const cond = new Condition();
      const waiter = createTask(
        cond.withLock(() => cond.wait()),
        { name: 'waiter' },
      );
      yield* waitAllBlocked();
      expect(waiter.awaiting).toBe('Condition.wait');
      expect(String(cond)).toBe('Condition(unlocked, waiters=1)');
      waiter.cancel();
    });
  });
});
