import { describe, expect, it } from 'vitest';
import { createTask, gather, sleep, type Coroutine, type Task } from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { Barrier, BrokenBarrierError } from '../src/index.js';
import { caught, now, runVirtual, thrown } from './helpers/run.js';

describe('Barrier', () => {
  it('rejects parties below 1 with RangeError and non-numbers with TypeError', () => {
    // CPython BarrierTests::test_barrier_parties.
    expect(thrown(() => new Barrier(0))).toBeInstanceOf(RangeError);
    expect(thrown(() => new Barrier(-2))).toBeInstanceOf(RangeError);
    expect(thrown(() => new Barrier('2' as unknown as number))).toBeInstanceOf(TypeError);
  });

  it('releases all parties together with distinct arrival indexes', async () => {
    const events: string[] = [];
    await runVirtual(function* () {
      const barrier = new Barrier(3);
      function* party(delay: number): Coroutine<number> {
        yield* sleep(delay);
        const index = yield* barrier.wait();
        events.push(`passed at ${now()}`);
        return index;
      }
      expect(yield* gather(party(10), party(30), party(20))).toEqual([0, 2, 1]);
    });
    expect(events).toEqual(['passed at 30', 'passed at 30', 'passed at 30']);
  });

  it('trips at once with one party', async () => {
    await runVirtual(function* () {
      const barrier = new Barrier(1);
      expect(yield* barrier.wait()).toBe(0);
      expect(yield* barrier.wait()).toBe(0);
    });
  });

  it('drops a cancelled waiter from the count so a replacement can trip it', async () => {
    // CPython test_filling_tasks_cancel_one.
    await runVirtual(function* () {
      const barrier = new Barrier(3);
      const first = createTask(barrier.wait());
      const second = createTask(barrier.wait());
      yield* waitAllBlocked();
      expect(barrier.nWaiting).toBe(2);
      first.cancel();
      yield* waitAllBlocked();
      expect(barrier.nWaiting).toBe(1);
      const results = yield* gather(second, barrier.wait(), barrier.wait());
      expect([...results].sort()).toEqual([0, 1, 2]);
      expect(first.cancelled()).toBe(true);
      expect(barrier.state).toBe('filling');
    });
  });

  it('raises BrokenBarrierError in waiters on reset() and works again afterwards', async () => {
    // CPython test_reset_barrier_while_tasks_waiting.
    await runVirtual(function* () {
      const barrier = new Barrier(3);
      const waiters = [createTask(barrier.wait()), createTask(barrier.wait())];
      yield* waitAllBlocked();
      barrier.reset();
      for (const waiter of waiters) {
        expect(yield* caught(waiter)).toBeInstanceOf(BrokenBarrierError);
      }
      expect(barrier.state).toBe('filling');
      expect(yield* gather(barrier.wait(), barrier.wait(), barrier.wait())).toEqual([0, 1, 2]);
    });
  });

  it('raises BrokenBarrierError in waiters and newcomers after abort()', async () => {
    await runVirtual(function* () {
      const barrier = new Barrier(2);
      const waiter = createTask(barrier.wait());
      yield* waitAllBlocked();
      barrier.abort();
      expect(barrier.broken).toBe(true);
      const error = yield* caught(waiter);
      expect(error).toBeInstanceOf(BrokenBarrierError);
      expect((error as BrokenBarrierError).code).toBe('ERR_BROKEN_BARRIER');
      expect(yield* caught(barrier.wait())).toBeInstanceOf(BrokenBarrierError);
      barrier.reset();
      expect(barrier.broken).toBe(false);
    });
  });

  it('blocks newcomers while the previous round drains', async () => {
    // CPython test_blocking_tasks_while_draining.
    const events: string[] = [];
    await runVirtual(function* () {
      const barrier = new Barrier(3);
      function* party(name: string): Coroutine<void> {
        const index = yield* barrier.wait();
        events.push(`${name} passed as ${index}`);
      }
      const round1: Task<void>[] = [createTask(party('a')), createTask(party('b'))];
      yield* waitAllBlocked();
      yield* barrier.wait(); // trips: a and b are woken but have not left yet
      expect(barrier.state).toBe('draining');
      const newcomer = createTask(party('c'));
      const round2 = barrier.wait(); // main blocks until a and b have left
      const d = createTask(party('d'));
      yield* round2;
      events.push('main passed again');
      yield* gather([...round1, newcomer, d]);
    });
    expect(events.slice(0, 2)).toEqual(['a passed as 0', 'b passed as 1']);
    expect(events).toHaveLength(5);
  });

  it('describes its state in toString() and statistics()', async () => {
    await runVirtual(function* () {
      const barrier = new Barrier(3);
      const waiter = createTask(barrier.wait());
      yield* waitAllBlocked();
      expect(String(barrier)).toBe('Barrier(filling, waiting=1/3)');
      expect(barrier.statistics()).toEqual({
        parties: 3,
        nWaiting: 1,
        state: 'filling',
        blocked: 0,
      });
      expect(waiter.awaiting).toBe('Barrier.wait');
      barrier.abort();
      expect(String(barrier)).toBe('Barrier(broken, waiting=0/3)');
      yield* caught(waiter);
    });
  });
});
