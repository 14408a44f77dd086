// Eager tasks (asyncio 3.12's eager_task_factory, 3.14's `eager_start`): the cases of
// CPython's Lib/test/test_asyncio/test_eager_task_factory.py, plus aio's own options.
import { describe, expect, it } from 'vitest';
import {
  EventLoop,
  Future,
  VirtualClock,
  allTasks,
  createTask,
  currentTask,
  gather,
  getRunningLoop,
  isCancelledError,
  sleep,
} from '../src/index.js';
import type { Coroutine, ExceptionContext, Task } from '../src/index.js';
import { collectGarbage } from './helpers/garbage.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

const eager = { eagerTasks: true };

function* returnsAtOnce<T>(value: T): Coroutine<T> {
  return value;
}

/** Counts the loop rounds main lets other tasks run: a task that ticks on every sleep(0). */
function startTicker(): { readonly ticks: number; stop(): void } {
  let ticks = 0;
  const task = createTask(function* () {
    for (;;) {
      yield* sleep(0);
      ticks++;
    }
  });
  return {
    get ticks() {
      return ticks;
    },
    stop: () => void task.cancel(),
  };
}

describe('eager tasks', () => {
  it('finish inside createTask when the coroutine returns without suspending', async () => {
    await runVirtual(function* () {
      const task = createTask(returnsAtOnce('hello'));
      expect(task.done()).toBe(true);
      expect(yield* task).toBe('hello');
    }, eager);
  });

  it('run their first step before the creator goes on', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        log.push('child step 1');
        yield* sleep(0);
        log.push('child step 2');
      });
      log.push('creator');
      yield* task;
    }, eager);
    expect(log).toEqual(['child step 1', 'creator', 'child step 2']);
  });

  it('may complete a future the creator then reads', async () => {
    await runVirtual(function* () {
      const future = new Future<string>();
      const task = createTask(function* () {
        future.setResult('my message');
      });
      expect(task.done()).toBe(true);
      expect(yield* future).toBe('my message');
    }, eager);
  });

  it('that block are scheduled as usual and finish later', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        yield* sleep(100);
        return 'finished after blocking';
      });
      expect(task.done()).toBe(false);
      expect(yield* task).toBe('finished after blocking');
      expect(now()).toBe(100);
    }, eager);
  });

  it('cannot be cancelled once finished eagerly', async () => {
    await runVirtual(function* () {
      const task = createTask(returnsAtOnce('finished without blocking'));
      expect(task.cancel()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(yield* task).toBe('finished without blocking');
    }, eager);
  });

  it('are cancelled where they suspended when cancelled after blocking', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(100));
      expect(task.cancel('cancellation message')).toBe(true);
      expect(task.cancelling()).toBe(1);
      const error = yield* catchError(task);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe('cancellation message');
      expect(now()).toBe(0);
    }, eager);
  });

  it('are the current task during their eager step and after, and the creator is again after', async () => {
    await runVirtual(function* () {
      const creator = currentTask();
      let duringEagerStep: Task<unknown> | undefined;
      let afterBlocking: Task<unknown> | undefined;
      const task = createTask(function* () {
        duringEagerStep = currentTask();
        yield* sleep(1);
        afterBlocking = currentTask();
      });
      expect(duringEagerStep).toBe(task);
      expect(currentTask()).toBe(creator);
      yield* task;
      expect(afterBlocking).toBe(task);
    }, eager);
  });

  it('are in allTasks() during their eager step, and not once finished there', async () => {
    await runVirtual(function* () {
      let seen: Task<unknown>[] = [];
      const task = createTask(function* () {
        seen = allTasks();
      });
      expect(seen).toContain(task);
      expect(allTasks()).not.toContain(task);
    }, eager);
  });

  it('keep an error raised in their eager step in the task, not in createTask', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((context) => reports.push(context));
      const boom = new Error('boom');
      const task = createTask(function* () {
        throw boom;
      });
      expect(task.done()).toBe(true);
      expect(task.exception()).toBe(boom);
      const unseen = createTask(function* () {
        throw new Error('never retrieved');
      });
      expect(unseen.done()).toBe(true);
    }, eager);
    expect(reports.map((report) => (report.exception as Error).message)).toEqual([
      'never retrieved',
    ]);
  });

  it('end cancelled when they cancel themselves and return in the eager step', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        currentTask().cancel('self');
        return 12;
      });
      expect(task.cancelled()).toBe(true);
    }, eager);
  });

  it('let a gather of coroutines that return at once finish without a loop round (781 tasks, 4 levels)', async () => {
    function* tree(width: number, depth: number): Coroutine<number> {
      if (depth === 0) return 1;
      const counts = yield* gather(Array.from({ length: width }, () => tree(width, depth - 1)));
      return 1 + counts.reduce((sum, count) => sum + count, 0);
    }
    // Lazy tasks: every level of the tree costs loop rounds, so the ticker gets turns.
    for (const eagerTasks of [false, true]) {
      await runVirtual(
        function* () {
          const ticker = startTicker();
          yield* sleep(0); // the ticker is now waiting for its next turn
          const before = ticker.ticks;
          expect(yield* tree(5, 4)).toBe(781);
          if (eagerTasks) expect(ticker.ticks).toBe(before);
          else expect(ticker.ticks).toBeGreaterThan(before);
          ticker.stop();
        },
        { eagerTasks },
      );
    }
  });

  it('are not kept alive by a pending gather once they finished eagerly', async () => {
    let finishedRef: WeakRef<Task<unknown>> | undefined;
    await runVirtual(function* () {
      const pending = [new Future<string>(), new Future<string>()] as const;
      const gathering = createTask(
        gather(
          (function* () {
            finishedRef = new WeakRef(currentTask());
            return 'at once';
          })(),
          ...pending,
        ),
        { eagerStart: false }, // so the gather runs in a step of its own, not in main's
      );
      yield* sleep(0);
      expect(finishedRef!.deref()?.done()).toBe(true);
      yield* collectGarbage();
      expect(finishedRef!.deref()).toBeUndefined();
      for (const future of pending) future.setResult('later');
      expect(yield* gathering).toEqual(['at once', 'later', 'later']);
    }, eager);
  });

  it('complete a 10,000-deep chain of tasks each creating and awaiting the next', async () => {
    // Eager steps nest in the JS stack; past a fixed depth a task is scheduled instead, so a
    // long chain neither overflows the stack nor hangs.
    function* level(depth: number): Coroutine<number> {
      if (depth === 0) {
        yield* sleep(1);
        return 0;
      }
      return 1 + (yield* createTask(level(depth - 1)));
    }
    await expect(runVirtual(level(10_000), eager)).resolves.toBe(10_000);
  });

  it('never leave a task pending when an eager step finds the stack exhausted', async () => {
    // A coroutine recursing with yield* until the stack overflows creates an eager task at every
    // level; the padding moves the overflow across the task-creation path, so that some runs
    // overflow inside createTask's eager step itself.
    function* once(): Coroutine<number> {
      return 1;
    }
    const pad = (depth: number, fn: () => void): void => (depth === 0 ? fn() : pad(depth - 1, fn));
    for (let padding = 0; padding < 12; padding++) {
      const created: Task<number>[] = [];
      function* deeper(): Coroutine<void> {
        pad(padding, () => created.push(createTask(once(), { eagerStart: true })));
        yield* deeper();
      }
      const reports: ExceptionContext[] = [];
      const outcome = await runVirtual(function* () {
        // A task that could not even start fails with the RangeError, reported, not lost.
        getRunningLoop().setExceptionHandler((context) => reports.push(context));
        try {
          yield* deeper();
        } catch (error) {
          return error;
        }
        return undefined;
      });
      expect(outcome).toBeInstanceOf(RangeError);
      expect(created.filter((task) => !task.done())).toEqual([]);
      for (const report of reports) expect(report.exception).toBeInstanceOf(RangeError);
    }
  });

  it('nest eager first steps up to a fixed depth, then schedule', async () => {
    const startedInsideCreator: boolean[] = [];
    function* level(depth: number): Coroutine<void> {
      if (depth === 0) return;
      let creatorDone = false;
      const child = createTask(function* () {
        startedInsideCreator.push(!creatorDone);
        yield* level(depth - 1);
      });
      creatorDone = true;
      yield* child;
    }
    await runVirtual(level(150), eager);
    expect(startedInsideCreator).toHaveLength(150);
    const eagerLevels = startedInsideCreator.indexOf(false);
    expect(eagerLevels).toBeGreaterThanOrEqual(50);
    expect(eagerLevels).toBeLessThan(150);
  });

  it('run a coroutine passed to gather twice once, finished or suspended', async () => {
    await runVirtual(function* () {
      let runs = 0;
      function* counted(ms: number): Coroutine<number> {
        runs++;
        if (ms > 0) yield* sleep(ms);
        return runs;
      }
      const atOnce = counted(0);
      expect(yield* gather(atOnce, atOnce)).toEqual([1, 1]);
      const later = counted(10);
      expect(yield* gather(later, sleep(5, 'x'), later)).toEqual([2, 'x', 2]);
      expect(runs).toBe(2);
    }, eager);
  });

  it('print the seed gather example in the same order as lazy tasks', async () => {
    const orders: string[][] = [];
    for (const eagerTasks of [false, true]) {
      const log: string[] = [];
      function* test(name: string, num: number): Coroutine<void> {
        for (let i = 0; i < num; i++) {
          log.push(`${name} ${i}`);
          yield* sleep(0);
        }
      }
      await runVirtual(
        function* () {
          log.push(String(yield* gather(test('A', 3), test('B', 3))));
        },
        { eagerTasks },
      );
      orders.push(log);
    }
    expect(orders[0]).toEqual(['A 0', 'B 0', 'A 1', 'B 1', 'A 2', 'B 2', ',']);
    expect(orders[1]).toEqual(orders[0]);
  });
});

describe('eagerStart and the loop setting', () => {
  it('eagerStart: true starts one task eagerly on a lazy loop', async () => {
    await runVirtual(function* () {
      expect(getRunningLoop().eagerTasks).toBe(false);
      expect(createTask(returnsAtOnce(1), { eagerStart: true }).done()).toBe(true);
      expect(createTask(returnsAtOnce(2)).done()).toBe(false);
    });
  });

  it('eagerStart: false keeps one task lazy on an eager loop', async () => {
    await runVirtual(function* () {
      expect(getRunningLoop().eagerTasks).toBe(true);
      expect(createTask(returnsAtOnce(1), { eagerStart: false }).done()).toBe(false);
      getRunningLoop().eagerTasks = false;
      expect(createTask(returnsAtOnce(2)).done()).toBe(false);
    }, eager);
  });

  it('eagerTasks takes only a boolean', () => {
    const loop = new EventLoop();
    expect(() => (loop.eagerTasks = 'yes' as never)).toThrow(TypeError);
    expect(() => new EventLoop({ eagerTasks: 1 as never })).toThrow(
      /eagerTasks must be true or false/,
    );
    expect(loop.eagerTasks).toBe(false);
    loop.close();
  });

  it('a task created while its loop is not running is scheduled, not started', async () => {
    const loop = new EventLoop({ clock: new VirtualClock(), eagerTasks: true });
    let ran = false;
    const task = loop.createTask(function* () {
      ran = true;
      return 'later';
    });
    expect(ran).toBe(false);
    expect(task.done()).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe('later');
    loop.close();
  });

  it('a task of another loop is not started inside this loop', async () => {
    const other = new EventLoop({ clock: new VirtualClock(), eagerTasks: true });
    await runVirtual(function* () {
      const task = other.createTask(returnsAtOnce('elsewhere'));
      expect(task.done()).toBe(false);
    }, eager);
    other.close();
  });

  it('debug reports keep naming the creator when its step created an eager task', async () => {
    const clock = new VirtualClock();
    const reports: ExceptionContext[] = [];
    await runVirtual(
      function* () {
        getRunningLoop().setExceptionHandler((context) => reports.push(context));
        yield* createTask(
          function* () {
            createTask(returnsAtOnce('eager child'), { name: 'child' });
            clock.advance(150); // stands for 150 ms of blocking work inside one step
            yield* sleep(1);
          },
          { name: 'creator', eagerStart: false }, // its step runs in a round of its own
        );
      },
      { debug: true, clock, eagerTasks: true },
    );
    expect(reports.map((report) => report.message)).toEqual([
      'Executing Task "creator"<pending> took 150ms',
    ]);
  });
});
