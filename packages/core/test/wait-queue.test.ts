import { describe, expect, it } from 'vitest';
import { createTask, currentTask, sleep } from '../src/index.js';
import type { Task } from '../src/index.js';
import { MUST_WAIT, WaitQueue, type WaitAttempt } from '../src/lowlevel.js';
import { waitAllBlocked } from '../src/testing.js';
import { catchError, runVirtual } from './helpers/virtual-time.js';

describe('WaitQueue', () => {
  it('wakes waiters first in, first out, with the value given', async () => {
    const woken: string[] = [];
    await runVirtual(function* () {
      const queue = new WaitQueue<number>();
      const tasks = ['a', 'b', 'c'].map((name) =>
        createTask(function* () {
          const value = yield* queue.wait();
          woken.push(`${name}:${value}`);
        }),
      );
      yield* waitAllBlocked();
      expect(queue.size).toBe(3);
      queue.wakeOne(1);
      queue.wakeOne(2);
      queue.wakeOne(3);
      for (const task of tasks) yield* task;
    });
    expect(woken).toEqual(['a:1', 'b:2', 'c:3']);
  });

  it('removes a cancelled waiter at once, so it is never woken', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<string>();
      const first = createTask(queue.wait());
      const second = createTask(queue.wait());
      yield* waitAllBlocked();
      first.cancel();
      expect(queue.size).toBe(1);
      expect(queue.wakeOne('token')).toBe(true);
      expect(yield* second).toBe('token');
      yield* catchError(first);
      expect(queue.wakeOne('nobody')).toBe(false);
    });
  });

  it('hands a wakeup to onAbandon when the woken waiter is cancelled before it runs', async () => {
    const passedOn: string[] = [];
    await runVirtual(function* () {
      const queue = new WaitQueue<string>({ onAbandon: (value) => passedOn.push(value) });
      const waiter = createTask(queue.wait());
      yield* waitAllBlocked();
      queue.wakeOne('permit');
      waiter.cancel();
      yield* catchError(waiter);
      expect(waiter.cancelled()).toBe(true);
    });
    expect(passedOn).toEqual(['permit']);
  });

  it('wakes everyone with wakeAll and leaves no waiter behind', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<void>();
      const tasks: Task<void>[] = Array.from({ length: 5 }, () => createTask(queue.wait()));
      yield* waitAllBlocked();
      expect(queue.wakeAll(undefined)).toBe(5);
      expect(queue.size).toBe(0);
      for (const task of tasks) yield* task;
    });
  });

  it('leaves no waiters behind after 10,000 cancelled waits', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<void>();
      const tasks = Array.from({ length: 10_000 }, () => createTask(queue.wait()));
      yield* sleep(0);
      for (const task of tasks) task.cancel();
      expect(queue.size).toBe(0);
      expect(queue.toString()).toBe('WaitQueue(waiters=0)');
      yield* sleep(1);
    });
  });

  it('cancels a task that parks while a cancellation is pending, leaving no waiter', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<void>();
      const task = createTask(function* () {
        currentTask().cancel('early');
        yield* queue.wait();
      });
      const error = yield* catchError(task);
      expect([(error as Error).message, task.cancelled(), queue.size]).toEqual(['early', true, 0]);
    });
  });

  it('shows the queue label as what a parked task awaits', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<void>({ label: 'Gate.pass' });
      const task = createTask(queue.wait());
      yield* waitAllBlocked();
      expect(task.awaiting).toBe('Gate.pass');
      queue.wakeOne();
      yield* task;
      expect(task.awaiting).toBeUndefined();
    });
  });

  it('passes on a wakeup, or leaves the queue, when the wait is closed early', async () => {
    const passedOn: number[] = [];
    await runVirtual(function* () {
      const queue = new WaitQueue<number>({ onAbandon: (value) => passedOn.push(value) });
      const woken = queue.wait()[Symbol.iterator]();
      const queued = queue.wait()[Symbol.iterator]();
      woken.next();
      queued.next();
      expect(queue.size).toBe(2);
      queue.wakeOne(5);
      woken.return?.();
      queued.return?.();
      expect([queue.size, queue.wakeOne(6)]).toEqual([0, false]);
      yield* sleep(0);
    });
    expect(passedOn).toEqual([5]);
  });

  it('reuses a wait() operation iterated twice as two separate waits', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<number>();
      const wait = queue.wait();
      const both = createTask(function* () {
        return [yield* wait, yield* wait];
      });
      yield* waitAllBlocked();
      queue.wakeOne(1);
      yield* waitAllBlocked();
      expect(queue.size).toBe(1);
      queue.wakeOne(2);
      expect(yield* both).toEqual([1, 2]);
    });
  });
});

describe('WaitQueue.tryOrWait', () => {
  /** A counter of tickets taken at once while any are free, else in FIFO order. */
  function ticketCounter(free: number) {
    const queue = new WaitQueue<number>({ onAbandon: (ticket) => returned.push(ticket) });
    const returned: number[] = [];
    const taking: WaitAttempt<string, number, string> = {
      now: (who) => (free > 0 ? `${who} got ${free--} at once` : MUST_WAIT),
      woken: (who, ticket) => `${who} got ${ticket} after waiting`,
    };
    return { queue, returned, take: (who: string) => queue.tryOrWait(taking, who) };
  }

  it('completes at once without parking while now() has a result', async () => {
    await runVirtual(function* () {
      const { queue, take } = ticketCounter(2);
      expect([yield* take('a'), yield* take('b'), queue.size]).toEqual([
        'a got 2 at once',
        'b got 1 at once',
        0,
      ]);
    });
  });

  it('does nothing until it is awaited', async () => {
    await runVirtual(function* () {
      const { queue, take } = ticketCounter(1);
      const notYet = take('early');
      expect(yield* take('first')).toBe('first got 1 at once');
      const waiting = createTask(notYet);
      yield* waitAllBlocked();
      expect(queue.size).toBe(1);
      queue.wakeOne(7);
      expect(yield* waiting).toBe('early got 7 after waiting');
    });
  });

  it('parks on MUST_WAIT and reads the wakeup through woken(), first in first out', async () => {
    await runVirtual(function* () {
      const { queue, take } = ticketCounter(0);
      const tasks = ['a', 'b'].map((who) => createTask(take(who)));
      yield* waitAllBlocked();
      queue.wakeOne(10);
      queue.wakeOne(11);
      expect([yield* tasks[0]!, yield* tasks[1]!]).toEqual([
        'a got 10 after waiting',
        'b got 11 after waiting',
      ]);
    });
  });

  it('lets an error thrown by now() or woken() reach the caller', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<number>();
      const refusing: WaitAttempt<undefined, number, number> = {
        now: () => {
          throw new RangeError('refused at once');
        },
        woken: () => 0,
      };
      const failing: WaitAttempt<undefined, number, number> = {
        now: () => MUST_WAIT,
        woken: (_, value) => {
          throw new RangeError(`refused ${value}`);
        },
      };
      const later = createTask(queue.tryOrWait(failing, undefined));
      yield* waitAllBlocked();
      queue.wakeOne(3);
      const errors = [
        yield* catchError(queue.tryOrWait(refusing, undefined)),
        yield* catchError(later),
      ];
      expect(errors.map((error) => (error as Error).message)).toEqual([
        'refused at once',
        'refused 3',
      ]);
    });
  });

  it('hands the wakeup to onAbandon when cancelled after being woken', async () => {
    await runVirtual(function* () {
      const { queue, returned, take } = ticketCounter(0);
      const waiter = createTask(take('a'));
      yield* waitAllBlocked();
      queue.wakeOne(5);
      waiter.cancel();
      yield* catchError(waiter);
      expect([waiter.cancelled(), returned, queue.size]).toEqual([true, [5], 0]);
    });
  });

  it('leaves the queue when cancelled while parked', async () => {
    await runVirtual(function* () {
      const { queue, returned, take } = ticketCounter(0);
      const waiter = createTask(take('a'));
      yield* waitAllBlocked();
      waiter.cancel();
      yield* catchError(waiter);
      expect([queue.size, queue.wakeOne(1), returned]).toEqual([0, false, []]);
    });
  });

  it('gives two tasks handed the same wait() a wait each', async () => {
    await runVirtual(function* () {
      const queue = new WaitQueue<string>();
      const waiting = queue.wait();
      const first = createTask(waiting);
      const second = createTask(waiting);
      yield* waitAllBlocked();
      expect(queue.size).toBe(2);
      queue.wakeOne('a');
      queue.wakeOne('b');
      expect([yield* first, yield* second]).toEqual(['a', 'b']);
    });
  });
});
