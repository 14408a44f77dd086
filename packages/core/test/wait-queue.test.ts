import { describe, expect, it } from 'vitest';
import { createTask, sleep } from '../src/index.js';
import type { Task } from '../src/index.js';
import { WaitQueue } from '../src/lowlevel.js';
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
});
