import { describe, expect, it, vi } from 'vitest';
import { createTask, gather, sleep } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

describe('sleep', () => {
  it('resumes after exactly ms of loop time and evaluates to the value', async () => {
    await runVirtual(function* () {
      expect(yield* sleep(250, 'late')).toBe('late');
      expect(now()).toBe(250);
    });
  });

  it('treats a negative delay as 0', async () => {
    await runVirtual(function* () {
      yield* sleep(-5);
      expect(now()).toBe(0);
    });
  });

  it('sleeps an hour of virtual time instantly', async () => {
    // "Instantly" as in: no real timer is ever armed (a wall-clock bound could be missed by a
    // stalled machine).
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    await runVirtual(function* () {
      yield* sleep(3_600_000);
      expect(now()).toBe(3_600_000);
    });
    expect(setTimeoutSpy).not.toHaveBeenCalled();
  });

  it('sleeps until cancelled with Infinity', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(Infinity));
      yield* sleep(1_000_000);
      expect(task.done()).toBe(false);
      task.cancel();
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
    });
  });

  it('throws TypeError for NaN and non-numbers when called', () => {
    expect(() => sleep(Number.NaN)).toThrow(TypeError);
    expect(() => sleep('10' as never)).toThrow(TypeError);
  });

  it('wakes sleepers with equal deadlines in the order they slept', async () => {
    const order: number[] = [];
    await runVirtual(function* () {
      yield* gather(
        ...[1, 2, 3, 4].map(function* (i) {
          yield* sleep(10);
          order.push(i);
        }),
      );
    });
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('leaves no timer behind when a sleeper is cancelled', async () => {
    await runVirtual(function* () {
      const tasks = Array.from({ length: 10_000 }, () => createTask(sleep(1_000_000)));
      yield* sleep(0);
      for (const task of tasks) task.cancel();
      yield* sleep(5);
      expect(now()).toBe(5);
    });
  });
});
