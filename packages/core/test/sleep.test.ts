import { describe, expect, it, vi } from 'vitest';
import { createTask, gather, isCancelledError, run, sleep, until, wait } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

describe('sleep', () => {
  it('resumes after exactly ms of loop time and evaluates to the value', async () => {
    await runVirtual(function* () {
      expect(yield* sleep(250, 'late')).toBe('late');
      expect(now()).toBe(250);
    });
  });

  it('yields exactly once per sleep(0), as a task of its own or reused', async () => {
    const order: string[] = [];
    await runVirtual(function* () {
      const once = sleep(0);
      const reused = createTask(function* () {
        yield* once;
        order.push('reused: 1');
        yield* once;
        order.push('reused: 2');
      });
      const alone = createTask(sleep(0));
      alone.addDoneCallback(() => order.push('alone: done'));
      const counter = createTask(function* () {
        for (let round = 1; round <= 3; round++) {
          order.push(`round ${round}`);
          yield* sleep(0);
        }
      });
      yield* gather(reused, alone, counter);
    });
    // A done callback runs one round after the task ends, as asyncio schedules it.
    expect(order).toEqual([
      'round 1',
      'reused: 1',
      'round 2',
      'reused: 2',
      'alone: done',
      'round 3',
    ]);
  });

  it('yields again and gives its value again when a sleep(0, value) is reused', async () => {
    const order: string[] = [];
    await runVirtual(function* () {
      const once = sleep(0, 'v');
      const reused = createTask(function* () {
        order.push(`reused: ${yield* once}`);
        order.push(`reused: ${yield* once}`);
      });
      const counter = createTask(function* () {
        for (let round = 1; round <= 2; round++) {
          order.push(`round ${round}`);
          yield* sleep(0);
        }
      });
      yield* gather(reused, counter);
    });
    expect(order).toEqual(['round 1', 'reused: v', 'round 2', 'reused: v']);
  });

  it('delivers a cancellation at sleep(0) and yields normally afterwards', async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* sleep(0);
          seen.push('not cancelled');
        } catch (error) {
          seen.push((error as Error).name);
        }
        yield* sleep(0);
        seen.push('yielded again');
        return yield* sleep(0, 'value');
      });
      yield* sleep(0); // the task is now inside its first sleep(0)
      task.cancel();
      expect(yield* task).toBe('value');
    });
    expect(seen).toEqual(['CancelledError', 'yielded again']);
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

  it("takes a cancelled sleeper's timer out, so an idle loop arms no Node timer for it", async () => {
    // Real time: an idle loop arms one Node timer for its earliest deadline, so a timer left
    // behind by the cancelled sleep would show as one more active Timeout.
    const timeouts = (): number =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    await run(function* () {
      const sleeper = createTask(sleep(60_000));
      yield* sleep(0);
      sleeper.cancel();
      yield* wait([sleeper]);
      // Counted from a macrotask of Node's own, while the loop waits between rounds.
      const whileIdle = yield* until(
        new Promise<number>((resolve) => setImmediate(() => resolve(timeouts()))),
      );
      expect(whileIdle).toBe(before);
    });
  });

  it('sleeps again and gives its value again when a sleep(ms, value) is reused', async () => {
    await runVirtual(function* () {
      const nap = sleep(10, 'rested');
      expect(yield* nap).toBe('rested');
      expect(now()).toBe(10);
      expect(yield* nap).toBe('rested');
      expect(now()).toBe(20);
    });
  });

  it('gives two tasks handed the same sleep a sleep each', async () => {
    await runVirtual(function* () {
      const nap = sleep(10, 'rested');
      const first = createTask(nap);
      const second = createTask(nap);
      expect(yield* gather(first, second)).toEqual(['rested', 'rested']);
      expect(now()).toBe(10);
    });
  });

  it('starts its timer when first awaited, not when made', async () => {
    await runVirtual(function* () {
      const nap = sleep(100);
      yield* sleep(50);
      yield* nap;
      expect(now()).toBe(150);
    });
  });

  it('shows what a sleeping task awaits, including a sleep without end', async () => {
    await runVirtual(function* () {
      const short = createTask(sleep(1_000));
      const endless = createTask(sleep(Infinity));
      yield* sleep(0);
      expect([short.awaiting, endless.awaiting]).toEqual(['sleep 1000ms', 'sleep forever']);
      endless.cancel();
      yield* catchError(endless);
      yield* short;
      expect(short.awaiting).toBeUndefined();
    });
  });

  it('ends a task cancelled after its sleep fired, but before it resumed, cancelled', async () => {
    const reached: string[] = [];
    await runVirtual(function* () {
      // Same deadline, created first: its wakeup runs before the sleeper resumes.
      const canceller = createTask(function* () {
        yield* sleep(10);
        expect(sleeper.awaiting).toBe('sleep 10ms'); // fired, not yet resumed
        sleeper.cancel('too late');
      });
      const sleeper = createTask(function* () {
        yield* sleep(10);
        reached.push('after the sleep');
      });
      yield* canceller;
      const error = yield* catchError(sleeper);
      expect(isCancelledError(error) && error.message).toBe('too late');
    });
    expect(reached).toEqual([]);
  });
});
