import { describe, expect, it } from 'vitest';
import { createTask, gather, sleep, waitFor, TimeoutError, type Coroutine } from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { Event } from '../src/index.js';
import { now, runVirtual } from './helpers/run.js';

describe('Event', () => {
  it('starts unset', () => {
    expect(new Event().isSet()).toBe(false);
  });

  it('returns true at once from wait() while set', async () => {
    await runVirtual(function* () {
      const event = new Event();
      event.set();
      expect(yield* event.wait()).toBe(true);
      expect(now()).toBe(0);
    });
  });

  it('wakes every waiter on set()', async () => {
    const woken: number[] = [];
    await runVirtual(function* () {
      const event = new Event();
      function* waiter(id: number): Coroutine<void> {
        yield* event.wait();
        woken.push(id);
      }
      const tasks = [1, 2, 3].map((id) => createTask(waiter(id)));
      yield* sleep(10);
      event.set();
      yield* gather(tasks);
      expect(now()).toBe(10);
    });
    expect(woken).toEqual([1, 2, 3]);
  });

  it('still wakes the waiters when clear() runs before they resume', async () => {
    // CPython test_clear_with_waiters.
    await runVirtual(function* () {
      const event = new Event();
      const waiters = [createTask(event.wait()), createTask(event.wait())];
      yield* waitAllBlocked();
      event.set();
      event.clear();
      expect(event.isSet()).toBe(false);
      expect(yield* gather(waiters)).toEqual([true, true]);
    });
  });

  it('makes wait() wait again after clear()', async () => {
    await runVirtual(function* () {
      const event = new Event();
      event.set();
      event.clear();
      const waiter = createTask(event.wait());
      yield* waitAllBlocked();
      expect(waiter.done()).toBe(false);
      expect(waiter.awaiting).toBe('Event.wait');
      event.set();
      yield* waiter;
    });
  });

  it('leaves no waiter behind after 10,000 timed-out waits', async () => {
    // CPython test_wait_cancel; anyio PR #537.
    await runVirtual(function* () {
      const event = new Event();
      for (let i = 0; i < 10_000; i++) {
        try {
          yield* waitFor(event.wait(), 1);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
        }
      }
      expect(event.statistics()).toEqual({ isSet: false, waiters: 0 });
      expect(now()).toBe(10_000);
    });
  });

  it('describes its state in toString()', async () => {
    await runVirtual(function* () {
      const event = new Event();
      const waiter = createTask(event.wait());
      yield* waitAllBlocked();
      expect(String(event)).toBe('Event(unset, waiters=1)');
      event.set();
      expect(String(event)).toBe('Event(set, waiters=0)');
      yield* waiter;
    });
  });
});
