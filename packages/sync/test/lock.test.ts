import { describe, expect, it } from 'vitest';
import {
  InvalidStateError,
  createTask,
  gather,
  isCancelledError,
  sleep,
  type Coroutine,
  type Task,
} from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { Lock } from '../src/index.js';
import { lockConformance } from './helpers/lock-conformance.js';
import { now, runVirtual, thrown } from './helpers/run.js';

lockConformance('Lock', () => {
  const lock = new Lock();
  return {
    acquire: () => lock.acquire(),
    release: () => lock.release(),
    locked: () => lock.locked(),
  };
});

describe('Lock', () => {
  it('starts unlocked and is locked once acquired', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      yield* lock.acquire();
      expect(lock.locked()).toBe(true);
    });
  });

  it('throws InvalidStateError when releasing an unlocked lock', () => {
    const error = thrown(() => new Lock().release());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as InvalidStateError).code).toBe('ERR_INVALID_STATE');
  });

  it('releases through the permit once, however often it is disposed', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      const permit = yield* lock.acquire();
      permit[Symbol.dispose]();
      permit.release();
      expect(lock.locked()).toBe(false);
      expect(permit.held).toBe(false);
    });
  });

  it('releases at the end of a using block', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      function* critical(): Coroutine<void> {
        using _held = yield* lock.acquire();
        expect(lock.locked()).toBe(true);
        yield* sleep(5);
      }
      yield* critical();
      expect(lock.locked()).toBe(false);
    });
  });

  it('runs withLock operations one at a time and frees the lock when one throws', async () => {
    const events: string[] = [];
    await runVirtual(function* () {
      const lock = new Lock();
      function* job(name: string, fail: boolean): Coroutine<string> {
        events.push(`${name} in`);
        yield* sleep(10);
        events.push(`${name} out`);
        if (fail) throw new Error(name);
        return name;
      }
      const results = yield* gather(
        [lock.withLock(() => job('a', true)), lock.withLock(job('b', false))],
        { returnExceptions: true },
      );
      expect((results[0] as Error).message).toBe('a');
      expect(results[1]).toBe('b');
      expect(lock.locked()).toBe(false);
    });
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('shows Lock.acquire as what a blocked task awaits', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const waiter = createTask(lock.acquire());
      yield* waitAllBlocked();
      expect(waiter.awaiting).toBe('Lock.acquire');
      lock.release();
    });
  });

  it('describes its state in toString() and statistics()', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      expect(String(lock)).toBe('Lock(unlocked, waiters=0)');
      yield* lock.acquire();
      createTask(lock.acquire());
      createTask(lock.acquire());
      yield* waitAllBlocked();
      expect(String(lock)).toBe('Lock(locked, waiters=2)');
      expect(lock.statistics()).toEqual({ locked: true, waiters: 2 });
    });
  });

  it('never has two holders when a waiter is cancelled in the tick the lock is released', async () => {
    // CPython test_cancel_release_race (bpo-32734).
    const holders: string[] = [];
    let inside = 0;
    let maxInside = 0;
    await runVirtual(function* () {
      const lock = new Lock();
      function* worker(name: string): Coroutine<void> {
        yield* lock.acquire();
        inside++;
        maxInside = Math.max(maxInside, inside);
        holders.push(name);
        yield* sleep(10);
        inside--;
        lock.release();
      }
      yield* lock.acquire();
      const b = createTask(worker('B'));
      const c = createTask(worker('C'));
      const d = createTask(worker('D'));
      yield* waitAllBlocked();
      lock.release(); // B is woken with the lock...
      b.cancel(); // ...and cancelled before it runs: C must get the lock.
      yield* gather([c, d]);
      expect(b.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
      expect(lock.statistics().waiters).toBe(0);
    });
    expect(holders).toEqual(['C', 'D']);
    expect(maxInside).toBe(1);
  });

  it('skips a waiter cancelled before the release', async () => {
    // CPython test_cancel_race.
    await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const b = createTask(lock.acquire());
      const c = createTask(lock.acquire());
      yield* waitAllBlocked();
      b.cancel();
      lock.release();
      yield* c;
      expect(b.cancelled()).toBe(true);
      expect(lock.locked()).toBe(true);
      expect(lock.statistics().waiters).toBe(0);
    });
  });

  it('raises CancelledError in a cancelled waiter and leaves the queue at once', async () => {
    await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const waiter: Task<unknown> = createTask(lock.acquire());
      yield* waitAllBlocked();
      waiter.cancel();
      expect(lock.statistics().waiters).toBe(0);
      let error: unknown;
      try {
        yield* waiter;
      } catch (caught) {
        error = caught;
      }
      expect(isCancelledError(error)).toBe(true);
      expect(now()).toBe(0);
    });
  });
});
