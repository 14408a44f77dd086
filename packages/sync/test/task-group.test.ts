import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  createTask,
  currentTask,
  isCancelledError,
  sleep,
  timeout,
  type Coroutine,
  type Task,
} from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import { Event, TaskGroup, taskGroup } from '../src/index.js';
import { caught, now, runVirtual, thrown } from './helpers/run.js';

function* raiseAfter(ms: number, error: Error): Coroutine<never> {
  yield* sleep(ms);
  throw error;
}

function errorsOf(error: unknown): unknown[] {
  expect(error).toBeInstanceOf(ExceptionGroup);
  return [...(error as ExceptionGroup).exceptions];
}

describe('taskGroup', () => {
  it('waits for every child and returns the body result', async () => {
    await runVirtual(function* () {
      const result = yield* taskGroup(function* (group) {
        const a = group.createTask(sleep(10, 'a'));
        const b = group.createTask(sleep(20, 'b'));
        return [a, b] as const;
      });
      expect(now()).toBe(20);
      expect(result.map((task) => task.result())).toEqual(['a', 'b']);
    });
  });

  it('accepts a plain function body that only starts tasks', async () => {
    await runVirtual(function* () {
      let child: Task<string> | undefined;
      yield* taskGroup((group) => {
        child = group.createTask(sleep(5, 'done'));
      });
      expect(child!.result()).toBe('done');
    });
  });

  it('cancels the body and the siblings on the first child error and raises an ExceptionGroup', async () => {
    // CPython test_taskgroup_04, test_cancel_children_on_child_error.
    const events: string[] = [];
    await runVirtual(function* () {
      function* sibling(): Coroutine<void> {
        try {
          yield* sleep(1_000);
        } finally {
          events.push(`sibling finally at ${now()}`);
        }
      }
      const boom = new Error('boom');
      const error = yield* caught(
        taskGroup(function* (group) {
          group.createTask(sibling());
          group.createTask(raiseAfter(10, boom));
          try {
            yield* sleep(1_000);
          } finally {
            events.push(`body finally at ${now()}`);
          }
        }),
      );
      expect(errorsOf(error)).toEqual([boom]);
      expect((error as ExceptionGroup).message).toBe('unhandled errors in a TaskGroup');
    });
    expect(events.sort()).toEqual(['body finally at 10', 'sibling finally at 10']);
  });

  it('restores the parent cancelling() count so it can keep awaiting', async () => {
    // CPython test_cancelling_level_preserved, test_cancellation_does_not_leak_out_of_tg.
    await runVirtual(function* () {
      try {
        yield* taskGroup(function* (group) {
          group.createTask(raiseAfter(0, new RangeError('x')));
          yield* sleep(100);
        });
      } catch (error) {
        if (!(error instanceof ExceptionGroup)) throw error;
      }
      expect(currentTask().cancelling()).toBe(0);
      yield* sleep(50);
      expect(now()).toBe(50);
    });
  });

  it('collects every error raised while the group aborts', async () => {
    await runVirtual(function* () {
      const first = new Error('first');
      const second = new Error('second');
      function* failsInCleanup(): Coroutine<void> {
        try {
          yield* sleep(1_000);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw second;
        }
      }
      const error = yield* caught(
        taskGroup(function* (group) {
          group.createTask(failsInCleanup());
          group.createTask(raiseAfter(10, first));
        }),
      );
      expect(errorsOf(error)).toEqual([first, second]);
    });
  });

  it('adds the body error to the ExceptionGroup and cancels the children', async () => {
    // CPython test_taskgroup_07.
    let finished = 0;
    await runVirtual(function* () {
      function* child(ms: number): Coroutine<void> {
        yield* sleep(ms);
        finished++;
      }
      const bodyError = new TypeError('in the body');
      const error = yield* caught(
        taskGroup(function* (group) {
          group.createTask(child(1_000));
          group.createTask(child(2_000));
          yield* sleep(100);
          throw bodyError;
        }),
      );
      expect(errorsOf(error)).toEqual([bodyError]);
      expect(now()).toBe(100);
    });
    expect(finished).toBe(0);
  });

  it('cancels every child and raises CancelledError when the parent is cancelled', async () => {
    // CPython test_cancellation.
    const cleanups: number[] = [];
    await runVirtual(function* () {
      function* child(id: number): Coroutine<void> {
        try {
          yield* sleep(10_000);
        } finally {
          cleanups.push(id);
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (group) {
          for (let id = 0; id < 5; id++) group.createTask(child(id));
          yield* sleep(10_000);
        });
      }
      const task = createTask(runner());
      yield* sleep(100);
      task.cancel();
      const error = yield* caught(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
    expect(cleanups).toEqual([0, 1, 2, 3, 4]);
  });

  it('cancels the children when the parent is cancelled after the body ended', async () => {
    await runVirtual(function* () {
      const children: Task<void>[] = [];
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (group) {
          children.push(group.createTask(sleep(10_000)));
        });
      }
      const task = createTask(runner());
      yield* waitAllBlocked();
      expect(task.awaiting).toBe('TaskGroup.wait');
      task.cancel();
      expect(isCancelledError(yield* caught(task))).toBe(true);
      expect(children[0]!.cancelled()).toBe(true);
      expect(now()).toBe(0);
    });
  });

  it('raises an ExceptionGroup when a child fails in its cleanup during a parent cancel', async () => {
    // CPython test_taskgroup_08.
    await runVirtual(function* () {
      function* child(): Coroutine<void> {
        try {
          yield* sleep(10_000);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new RangeError('cleanup failed');
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (group) {
          for (let i = 0; i < 5; i++) group.createTask(child());
          yield* sleep(10_000);
        });
      }
      const task = createTask(runner());
      yield* sleep(100);
      task.cancel();
      const errors = errorsOf(yield* caught(task));
      expect(errors).toHaveLength(5);
      for (const error of errors) expect(error).toBeInstanceOf(RangeError);
    });
  });

  it('keeps the outer cancellation when a child error and a parent cancel meet', async () => {
    // CPython test_error_and_cancel.
    await runVirtual(function* () {
      const event = new Event();
      let levelAfterGroup = -1;
      let sleptAfterGroup = false;
      function* raiseError(): Coroutine<void> {
        event.set();
        yield* sleep(0);
        throw new Error('child');
      }
      function* inner(): Coroutine<void> {
        try {
          yield* taskGroup(function* (group) {
            group.createTask(raiseError());
            yield* sleep(1_000);
            throw new Error('sleep in group should have been cancelled');
          });
        } catch (error) {
          if (!(error instanceof ExceptionGroup)) throw error;
          levelAfterGroup = currentTask().cancelling();
        }
        yield* sleep(1_000);
        sleptAfterGroup = true;
      }
      const task = createTask(inner());
      yield* event.wait();
      expect(task.cancelling()).toBe(0);
      task.cancel();
      expect(task.cancelling()).toBe(1);
      expect(isCancelledError(yield* caught(task))).toBe(true);
      expect(task.cancelled()).toBe(true);
      expect(levelAfterGroup).toBe(1);
      expect(sleptAfterGroup).toBe(false);
    });
  });

  it('nests the ExceptionGroup of an inner group inside the outer one', async () => {
    await runVirtual(function* () {
      const boom = new Error('inner child');
      const error = yield* caught(
        taskGroup(function* (outer) {
          outer.createTask(sleep(1_000));
          yield* taskGroup(function* (inner) {
            inner.createTask(raiseAfter(5, boom));
          });
        }),
      );
      const [nested] = errorsOf(error);
      expect(errorsOf(nested)).toEqual([boom]);
    });
  });

  it('raises CancelledError when both nested groups are cancelled from outside', async () => {
    // CPython test_nested_groups_both_cancelled.
    await runVirtual(function* () {
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (outer) {
          outer.createTask(sleep(10_000));
          yield* taskGroup(function* (inner) {
            inner.createTask(sleep(10_000));
            yield* sleep(10_000);
          });
        });
      }
      const task = createTask(runner());
      yield* sleep(10);
      task.cancel();
      expect(yield* caught(task)).toBeInstanceOf(CancelledError);
    });
  });

  it('refuses createTask() after a child failed and closes the operation', async () => {
    // CPython test_taskgroup_no_create_task_after_failure.
    await runVirtual(function* () {
      let refusal: unknown;
      let ran = false;
      function* late(): Coroutine<void> {
        ran = true;
        yield* sleep(0);
      }
      const error = yield* caught(
        taskGroup(function* (group) {
          group.createTask(raiseAfter(0, new Error('fail')));
          try {
            yield* sleep(1_000);
          } finally {
            try {
              group.createTask(late());
            } catch (caughtError) {
              refusal = caughtError;
            }
          }
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect(refusal).toBeInstanceOf(InvalidStateError);
      expect(ran).toBe(false);
    });
  });

  it('refuses createTask() on a finished group and closes the coroutine', async () => {
    // CPython test_taskgroup_finished.
    await runVirtual(function* () {
      let escaped: TaskGroup | undefined;
      yield* taskGroup((group) => {
        escaped = group;
      });
      let started = false;
      function* never(): Coroutine<void> {
        started = true;
        yield* sleep(0);
      }
      const coroutine = never();
      expect(() => escaped!.createTask(coroutine)).toThrow(InvalidStateError);
      expect(coroutine.next().done).toBe(true);
      expect(started).toBe(false);
      expect(String(escaped)).toBe('TaskGroup(tasks=0, errors=0, finished)');
    });
  });

  it('refuses createTask() before the group runs and a second run()', async () => {
    // CPython test_taskgroup_not_entered, test_taskgroup_already_entered.
    await runVirtual(function* () {
      const group = new TaskGroup();
      expect(() => group.createTask(sleep(0))).toThrow(InvalidStateError);
      yield* group.run(function* () {
        expect(yield* caught(group.run(() => undefined))).toBeInstanceOf(InvalidStateError);
      });
    });
  });

  it('cancels a task a child creates in the tick a sibling fails', async () => {
    // CPython test_cancels_task_if_created_during_creation (gh-128550).
    await runVirtual(function* () {
      let spawned: Task<void> | undefined;
      const error = yield* caught(
        taskGroup(function* (group) {
          group.createTask(raiseAfter(10, new Error('fail')));
          group.createTask(
            (function* spawner(): Coroutine<void> {
              yield* sleep(10);
              spawned = group.createTask(sleep(1_000));
              yield* sleep(1_000);
            })(),
          );
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect(spawned!.cancelled()).toBe(true);
      expect(now()).toBe(10);
    });
  });

  it('raises the ExceptionGroup, not TimeoutError, when a child fails in cleanup after a timeout', async () => {
    // CPython test_timeouts::test_timeout_taskgroup.
    await runVirtual(function* () {
      function* child(): Coroutine<void> {
        try {
          yield* sleep(2_000);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new RangeError('crash in cleanup');
        }
      }
      const error = yield* caught(
        timeout(
          10,
          taskGroup(function* (group) {
            group.createTask(child());
            try {
              throw new TypeError('body');
            } finally {
              yield* sleep(1_000);
            }
          }),
        ),
      );
      const errors = errorsOf(error);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(RangeError);
      expect(now()).toBe(10);
      expect(currentTask().cancelling()).toBe(0);
    });
  });

  it('waits for a child that swallows its cancellation and then finishes', async () => {
    // CPython test_taskgroup_15; asyncio semantics: the group waits for the child.
    await runVirtual(function* () {
      function* stubborn(): Coroutine<string> {
        try {
          yield* sleep(1_000);
        } catch (error) {
          if (!isCancelledError(error)) throw error;
        }
        yield* sleep(50);
        return 'finished anyway';
      }
      let survivor: Task<string> | undefined;
      const error = yield* caught(
        taskGroup(function* (group) {
          survivor = group.createTask(stubborn());
          group.createTask(raiseAfter(10, new Error('fail')));
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect(now()).toBe(60);
      expect(survivor!.result()).toBe('finished anyway');
    });
  });

  it('cancels 10,000 sleeping children and runs every finally', async () => {
    let cleaned = 0;
    await runVirtual(function* () {
      function* child(): Coroutine<void> {
        try {
          yield* sleep(60_000);
        } finally {
          cleaned++;
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (group) {
          for (let i = 0; i < 10_000; i++) group.createTask(child());
        });
      }
      const task = createTask(runner());
      yield* sleep(1);
      task.cancel();
      yield* caught(task);
    });
    expect(cleaned).toBe(10_000);
  });

  it('describes its state in toString()', async () => {
    await runVirtual(function* () {
      const group = new TaskGroup();
      expect(String(group)).toBe('TaskGroup(tasks=0, errors=0, new)');
      yield* group.run(function* () {
        group.createTask(sleep(10));
        expect(String(group)).toBe('TaskGroup(tasks=1, errors=0, entered)');
      });
    });
  });

  it('rejects a body that is not a function with TypeError', () => {
    expect(() => taskGroup(sleep(0) as never)).toThrow(TypeError);
  });

  describe('with eager tasks (eagerStart)', () => {
    function* failsAtOnce(message: string): Coroutine<never> {
      throw new Error(message);
    }

    it('a child that fails inside createTask shuts the group down before the next createTask', async () => {
      await runVirtual(function* () {
        let refusal: unknown;
        const error = yield* caught(
          taskGroup(function* (group) {
            const first = group.createTask(failsAtOnce('at once'), { eagerStart: true });
            expect(first.done()).toBe(true);
            refusal = thrown(() => group.createTask(sleep(10), { eagerStart: true }));
            yield* sleep(100);
          }),
        );
        expect(refusal).toBeInstanceOf(InvalidStateError);
        expect(errorsOf(error).map((e) => (e as Error).message)).toEqual(['at once']);
        expect(now()).toBe(0);
        expect(currentTask().cancelling()).toBe(0);
      });
    });

    it('a child that finishes inside createTask counts as done; one that blocks is awaited', async () => {
      await runVirtual(function* () {
        const [quick, slow] = yield* taskGroup(function* (group) {
          const a = group.createTask(
            (function* () {
              return 'quick';
            })(),
            { eagerStart: true },
          );
          const b = group.createTask(sleep(20, 'slow'), { eagerStart: true });
          expect(a.done()).toBe(true);
          expect(b.done()).toBe(false);
          return [a, b] as const;
        });
        expect([quick.result(), slow.result()]).toEqual(['quick', 'slow']);
        expect(now()).toBe(20);
      });
    });
  });
});
