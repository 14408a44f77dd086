/**
 * The conformance suite every mutual-exclusion primitive passes (Lock, and a Semaphore of
 * one permit): FIFO hand-over, no barging, permit passing under cancellation.
 */
import { describe, expect, it } from 'vitest';
import { createTask, gather, sleep, type Coroutine, type Operation } from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { runVirtual } from './run.js';

/** What the suite needs from a lock-like primitive. */
export interface LockLike {
  acquire(): Operation<unknown>;
  release(): void;
  locked(): boolean;
}

export function lockConformance(name: string, create: () => LockLike): void {
  describe(`${name} (lock conformance)`, () => {
    it('hands the lock over in arrival order', async () => {
      // CPython LockTests::test_acquire; Trio test_generic_lock_fifo_fairness.
      const order: string[] = [];
      await runVirtual(function* () {
        const lock = create();
        yield* lock.acquire();
        function* worker(tag: string): Coroutine<void> {
          yield* lock.acquire();
          order.push(tag);
          yield* sleep(1);
          lock.release();
        }
        const tasks = ['B', 'C', 'D'].map((tag) => createTask(worker(tag)));
        yield* waitAllBlocked();
        lock.release();
        yield* gather(tasks);
      });
      expect(order).toEqual(['B', 'C', 'D']);
    });

    it('queues a task that releases and re-acquires behind the waiters', async () => {
      const order: string[] = [];
      await runVirtual(function* () {
        const lock = create();
        yield* lock.acquire();
        function* worker(tag: string): Coroutine<void> {
          yield* lock.acquire();
          order.push(tag);
          lock.release();
        }
        const tasks = ['B', 'C'].map((tag) => createTask(worker(tag)));
        yield* waitAllBlocked();
        lock.release();
        yield* lock.acquire();
        order.push('main again');
        lock.release();
        yield* gather(tasks);
      });
      expect(order).toEqual(['B', 'C', 'main again']);
    });

    it('passes the lock on when the woken waiter is cancelled before it runs', async () => {
      await runVirtual(function* () {
        const lock = create();
        yield* lock.acquire();
        const first = createTask(lock.acquire());
        const second = createTask(lock.acquire());
        yield* waitAllBlocked();
        lock.release();
        first.cancel();
        yield* second;
        expect(first.cancelled()).toBe(true);
        expect(lock.locked()).toBe(true);
        lock.release();
        expect(lock.locked()).toBe(false);
      });
    });
  });
}
