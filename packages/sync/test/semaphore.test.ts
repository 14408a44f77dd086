import { describe, expect, it } from 'vitest';
import { InvalidStateError, createTask, gather, sleep, taskTree, type Coroutine } from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { BoundedSemaphore, Semaphore } from '../src/index.js';
import { lockConformance } from './helpers/lock-conformance.js';
import { now, runVirtual, thrown } from './helpers/run.js';

lockConformance('Semaphore(1)', () => {
  const sem = new Semaphore(1);
  return { acquire: () => sem.acquire(), release: () => sem.release(), locked: () => sem.locked() };
});

describe('Semaphore', () => {
  it('defaults to one permit', () => {
    expect(new Semaphore().value).toBe(1);
  });

  it('rejects a negative, fractional or NaN value with RangeError', () => {
    expect(thrown(() => new Semaphore(-1))).toBeInstanceOf(RangeError);
    expect(thrown(() => new Semaphore(1.5))).toBeInstanceOf(RangeError);
    expect(thrown(() => new Semaphore(Number.NaN))).toBeInstanceOf(RangeError);
  });

  it('rejects a non-number value with TypeError', () => {
    expect(thrown(() => new Semaphore('3' as unknown as number))).toBeInstanceOf(TypeError);
  });

  it('counts permits down on acquire and up on release', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(2);
      const a = yield* sem.acquire();
      expect(sem.value).toBe(1);
      yield* sem.acquire();
      expect(sem.value).toBe(0);
      expect(sem.locked()).toBe(true);
      a.release();
      expect(sem.value).toBe(1);
      expect(sem.locked()).toBe(false);
    });
  });

  it('grows past its initial value on extra release()', () => {
    const sem = new Semaphore(0);
    sem.release();
    sem.release();
    expect(sem.value).toBe(2);
  });

  it('serves FIFO when each task acquires twice (c1_1, c2_1, c3_1, c1_2, c2_2, c3_2)', async () => {
    // CPython test_acquire_fifo_order.
    const result: string[] = [];
    await runVirtual(function* () {
      const sem = new Semaphore(1);
      function* coro(tag: string): Coroutine<void> {
        for (const round of [1, 2]) {
          const permit = yield* sem.acquire();
          result.push(`${tag}_${round}`);
          yield* sleep(10);
          permit.release();
        }
      }
      yield* gather(coro('c1'), coro('c2'), coro('c3'));
    });
    expect(result).toEqual(['c1_1', 'c2_1', 'c3_1', 'c1_2', 'c2_2', 'c3_2']);
  });

  it('does not let a newcomer jump the queue when several permits are released at once', async () => {
    // CPython test_acquire_fifo_order_2 (gh-111693).
    const result: number[] = [];
    await runVirtual(function* () {
      const sem = new Semaphore(1);
      function* c1(): Coroutine<void> {
        yield* sem.acquire();
        result.push(1);
      }
      function* c2(): Coroutine<void> {
        const permit = yield* sem.acquire();
        result.push(2);
        permit.release();
        yield* sem.acquire();
        result.push(4);
      }
      function* c3(): Coroutine<void> {
        yield* sem.acquire();
        result.push(3);
      }
      const tasks = [createTask(c1()), createTask(c2()), createTask(c3())];
      yield* waitAllBlocked();
      expect(result).toEqual([1]);
      expect(sem.statistics()).toEqual({ value: 0, waiters: 2 });
      const newcomer = createTask(sem.acquire());
      sem.release();
      sem.release();
      expect(sem.value).toBe(0);
      yield* waitAllBlocked();
      expect(result).toEqual([1, 2, 3]);
      expect(newcomer.done()).toBe(true); // got the permit c2 released, ahead of c2's re-acquire
      expect(sem.statistics()).toEqual({ value: 0, waiters: 1 });
      sem.release();
      yield* gather(tasks);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  it('wakes exactly the third of four waiters when the first two are cancelled', async () => {
    // CPython test_acquire_cancel_before_awoken.
    await runVirtual(function* () {
      const sem = new Semaphore(0);
      const waiters = [0, 1, 2, 3].map(() => createTask(sem.acquire()));
      yield* waitAllBlocked();
      waiters[0]!.cancel();
      waiters[1]!.cancel();
      sem.release();
      yield* waitAllBlocked();
      expect(
        waiters.map((task) => (task.cancelled() ? 'cancelled' : task.done() ? 'done' : 'waiting')),
      ).toEqual(['cancelled', 'cancelled', 'done', 'waiting']);
      expect(sem.statistics()).toEqual({ value: 0, waiters: 1 });
      waiters[3]!.cancel();
    });
  });

  it('hands the permit of a woken-then-cancelled waiter to the next one', async () => {
    // CPython test_acquire_hang and test_acquire_no_hang.
    await runVirtual(function* () {
      const sem = new Semaphore(0);
      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      yield* waitAllBlocked();
      sem.release();
      t1.cancel();
      yield* waitAllBlocked();
      expect(t1.cancelled()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(sem.locked()).toBe(true);
    });
  });

  it('keeps the permit when the only woken waiter is cancelled', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(0);
      const t1 = createTask(sem.acquire());
      yield* waitAllBlocked();
      sem.release();
      t1.cancel();
      yield* waitAllBlocked();
      expect(sem.value).toBe(1);
    });
  });

  it('runs at most value operations at once with withPermit', async () => {
    let inside = 0;
    let most = 0;
    await runVirtual(function* () {
      const sem = new Semaphore(3);
      function* job(): Coroutine<void> {
        inside++;
        most = Math.max(most, inside);
        yield* sleep(10);
        inside--;
      }
      yield* gather(Array.from({ length: 10 }, () => sem.withPermit(job)));
      expect(now()).toBe(40);
      expect(sem.value).toBe(3);
    });
    expect(most).toBe(3);
  });

  it('releases the withPermit permit when the task is cancelled inside', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(1);
      const task = createTask(sem.withPermit(sleep(1_000)));
      yield* sleep(10);
      task.cancel();
      yield* waitAllBlocked();
      expect(sem.value).toBe(1);
    });
  });

  it('throws TypeError when withPermit gets something that is not an Operation', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(1);
      let error: unknown;
      try {
        yield* sem.withPermit(() => Promise.resolve(1) as never);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect(sem.value).toBe(1);
    });
  });

  it('shows Semaphore.acquire in the task tree and its state in toString()', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(0);
      for (let i = 0; i < 3; i++) createTask(sem.acquire(), { name: `w${i}` });
      yield* waitAllBlocked();
      expect(String(sem)).toBe('Semaphore(value=0, waiters=3)');
      const [root] = taskTree();
      expect(root!.children.map((node) => node.awaiting)).toEqual([
        'Semaphore.acquire',
        'Semaphore.acquire',
        'Semaphore.acquire',
      ]);
      sem.release();
      sem.release();
      sem.release();
    });
  });

  it('acquires without suspending while permits are free', async () => {
    await runVirtual(function* () {
      const sem = new Semaphore(1);
      const op = sem.acquire()[Symbol.iterator]();
      const step = op.next();
      expect(step.done).toBe(true);
      expect(sem.value).toBe(0);
    });
  });
});

describe('BoundedSemaphore', () => {
  it('throws InvalidStateError when released past its initial value', () => {
    const sem = new BoundedSemaphore(1);
    const error = thrown(() => sem.release());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(sem.value).toBe(1);
  });

  it('accepts releases that match acquires', async () => {
    await runVirtual(function* () {
      const sem = new BoundedSemaphore(2);
      yield* sem.acquire();
      yield* sem.acquire();
      sem.release();
      sem.release();
      expect(sem.value).toBe(2);
      expect(thrown(() => sem.release())).toBeInstanceOf(InvalidStateError);
    });
  });

  it('detects an over-release while a handed-off permit is in flight', async () => {
    await runVirtual(function* () {
      const sem = new BoundedSemaphore(1);
      yield* sem.acquire();
      const waiter = createTask(sem.acquire());
      yield* waitAllBlocked();
      sem.release(); // hands the permit to the waiter
      expect(thrown(() => sem.release())).toBeInstanceOf(InvalidStateError);
      yield* waiter;
      expect(sem.value).toBe(0);
    });
  });

  it('names itself in toString() and in the task tree', async () => {
    await runVirtual(function* () {
      const sem = new BoundedSemaphore(0);
      const waiter = createTask(sem.acquire());
      yield* waitAllBlocked();
      expect(String(sem)).toBe('BoundedSemaphore(value=0, waiters=1)');
      expect(waiter.awaiting).toBe('BoundedSemaphore.acquire');
      waiter.cancel();
    });
  });

  it('rejects a negative value with RangeError', () => {
    expect(thrown(() => new BoundedSemaphore(-1))).toBeInstanceOf(RangeError);
  });
});
