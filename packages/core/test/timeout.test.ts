// Deadlines as asyncio's timeouts.py defines them (CPython test_timeouts.py, RELIABILITY A1 #13).
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  InvalidStateError,
  Timeout,
  TimeoutError,
  VirtualClock,
  createTask,
  currentTask,
  getRunningLoop,
  run,
  sleep,
  timeout,
  timeoutAt,
} from '../src/index.js';
import type { Coroutine, Operation } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

/** Runs `timeout(ms, body)` and hands back the Timeout object along with the outcome. */
function* withTimeout(
  ms: number | null,
  body: (t: Timeout) => Operation<unknown>,
): Coroutine<{ t: Timeout; error: unknown; value: unknown }> {
  let seen: Timeout | undefined;
  let value: unknown;
  let error: unknown;
  try {
    value = yield* timeout(ms, (t) => {
      seen = t;
      return body(t);
    });
  } catch (thrown) {
    error = thrown;
  }
  return { t: seen!, error, value };
}

describe('timeout', () => {
  it('raises TimeoutError at the exact deadline and reports expired()', async () => {
    await runVirtual(function* () {
      const { t, error } = yield* withTimeout(10, () => sleep(10_000));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
      expect(t.expired()).toBe(true);
    });
  });

  it('gives the TimeoutError the CancelledError it replaced as cause', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(timeout(0, sleep(1_000)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).code).toBe('ERR_TIMEOUT');
      expect((error as TimeoutError).cause).toBeInstanceOf(CancelledError);
    });
  });

  it('throws CancelledError into the body at its suspension point', async () => {
    const seen: unknown[] = [];
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(10, function* () {
          try {
            yield* sleep(10_000);
          } catch (thrown) {
            seen.push(thrown);
            throw thrown;
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(CancelledError);
  });

  it('returns the body value when the body finishes before the deadline', async () => {
    await runVirtual(function* () {
      const { t, value, error } = yield* withTimeout(10_000, () => sleep(10, 'in time'));
      expect(error).toBeUndefined();
      expect(value).toBe('in time');
      expect(now()).toBe(10);
      expect(t.expired()).toBe(false);
      expect(t.when()).toBe(10_000);
    });
  });

  it('accepts an Operation as the body', async () => {
    await runVirtual(function* () {
      expect(yield* timeout(100, sleep(20, 'op'))).toBe('op');
      expect(now()).toBe(20);
    });
  });

  it('drops its deadline once the body has finished', async () => {
    await runVirtual(function* () {
      yield* timeout(100, sleep(10));
      yield* sleep(500);
      expect(now()).toBe(510);
      expect(currentTask().cancelling()).toBe(0);
    });
  });

  it('never expires with null', async () => {
    await runVirtual(function* () {
      const { t, error } = yield* withTimeout(null, () => sleep(3_600_000));
      expect(error).toBeUndefined();
      expect(now()).toBe(3_600_000);
      expect(t.expired()).toBe(false);
      expect(t.when()).toBeNull();
    });
  });

  it('expires at once with 0', async () => {
    await runVirtual(function* () {
      const { t, error } = yield* withTimeout(0, () => sleep(10_000));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(0);
      expect(t.expired()).toBe(true);
      expect(t.when()).toBe(0);
    });
  });

  it('returns the value of a body that finishes without suspending, even with 0', async () => {
    await runVirtual(function* () {
      const { t, value, error } = yield* withTimeout(0, function* () {
        return 'no suspension';
      });
      expect(error).toBeUndefined();
      expect(value).toBe('no suspension');
      expect(t.expired()).toBe(false);
      yield* sleep(10);
      expect(now()).toBe(10);
    });
  });

  it('times out a body that only does sleep(0) with 0', async () => {
    await runVirtual(function* () {
      yield* sleep(5);
      const { t, error } = yield* withTimeout(0, () => sleep(0));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(t.expired()).toBe(true);
      expect(t.when()).toBe(5);
      expect(now()).toBe(5);
    });
  });

  it('times out a body that only does sleep(0) with a deadline in the past', async () => {
    await runVirtual(function* () {
      yield* sleep(50);
      const { t, error } = yield* withTimeout(-11, () => sleep(0));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(t.expired()).toBe(true);
      expect(t.when()).toBe(39);
      expect(now()).toBe(50);
    });
  });

  it('lets an error of the body pass through unchanged', async () => {
    const boom = new RangeError('boom');
    await runVirtual(function* () {
      const { t, error } = yield* withTimeout(10, function* () {
        yield* sleep(1);
        throw boom;
      });
      expect(error).toBe(boom);
      expect(t.expired()).toBe(false);
    });
  });

  it('raises the error a cancelled body throws from its cleanup instead of TimeoutError', async () => {
    const crash = new RangeError('cleanup failed');
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(10, function* () {
          try {
            yield* sleep(1_000);
          } finally {
            // eslint-disable-next-line no-unsafe-finally
            throw crash;
          }
        }),
      );
      expect(error).toBe(crash);
      expect(now()).toBe(10);
    });
  });

  it('returns the body value when the body swallows its cancellation', async () => {
    await runVirtual(function* () {
      const { t, value, error } = yield* withTimeout(10, function* () {
        try {
          yield* sleep(1_000);
        } catch {
          return 'swallowed';
        }
        return 'not cancelled';
      });
      expect(error).toBeUndefined();
      expect(value).toBe('swallowed');
      expect(t.expired()).toBe(true);
      expect(currentTask().cancelling()).toBe(0);
    });
  });

  it('reports expired() inside the body cleanup after the deadline', async () => {
    const seen: boolean[] = [];
    await runVirtual(function* () {
      yield* withTimeout(10, function* (t) {
        seen.push(t.expired());
        try {
          yield* sleep(1_000);
        } finally {
          seen.push(t.expired());
        }
      });
    });
    expect(seen).toEqual([false, true]);
  });

  it('lets cleanup in the body yield before TimeoutError is raised', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(10, function* () {
          try {
            yield* sleep(1_000);
          } finally {
            yield* sleep(5);
            log.push(`cleaned up at ${now()}`);
          }
        }),
      );
      log.push(`raised ${(error as Error).name} at ${now()}`);
    });
    expect(log).toEqual(['cleaned up at 15', 'raised TimeoutError at 15']);
  });

  it('keeps an outside cancel a CancelledError inside an unexpired timeout', async () => {
    await runVirtual(function* () {
      const { t, error } = yield* withTimeout(10_000, function* () {
        currentTask().cancel();
        yield* sleep(10_000);
      });
      expect(error).toBeInstanceOf(CancelledError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect(t.expired()).toBe(false);
      expect(now()).toBe(0);
    });
  });

  it('keeps a cancel from another task a CancelledError', async () => {
    const seen: unknown[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          yield* timeout(1_000, sleep(10_000));
        } catch (error) {
          seen.push(error);
          throw error;
        }
      });
      yield* sleep(10);
      task.cancel();
      yield* catchError(task);
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(10);
    });
    expect(seen[0]).toBeInstanceOf(CancelledError);
    expect(seen[0]).not.toBeInstanceOf(TimeoutError);
  });

  it('keeps an outside cancel a CancelledError when the deadline passes during its cleanup', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(
        timeout(20, function* () {
          try {
            yield* sleep(1_000);
          } finally {
            try {
              yield* sleep(50);
              log.push('cleanup finished');
            } catch (error) {
              log.push(`cleanup interrupted at ${now()}`);
              // eslint-disable-next-line no-unsafe-finally
              throw error;
            }
          }
        }),
      );
      yield* sleep(10);
      task.cancel();
      const error = yield* catchError(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect(error).not.toBeInstanceOf(TimeoutError);
      expect(task.cancelled()).toBe(true);
    });
    expect(log).toEqual(['cleanup interrupted at 20']);
  });

  it('leaves the task not cancelled after converting its cancellation', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        const error = yield* catchError(timeout(1, sleep(10_000)));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(currentTask().cancelling()).toBe(0);
        yield* sleep(5);
        return 'went on';
      });
      expect(yield* task).toBe('went on');
      expect(task.cancelled()).toBe(false);
      expect(now()).toBe(6);
    });
  });

  it('lets a later outside cancel reach the task after a timeout expired', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        yield* catchError(timeout(1, sleep(10_000)));
        yield* sleep(10_000);
      });
      yield* sleep(5);
      task.cancel();
      const error = yield* catchError(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(5);
    });
  });

  it('raises TimeoutError only from the outermost of nested timeouts with the same deadline', async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const deadline = now() + 10;
      let inner: Timeout | undefined;
      let outer: Timeout | undefined;
      const error = yield* catchError(
        timeoutAt(deadline, function* (t1) {
          outer = t1;
          try {
            yield* timeoutAt(deadline, function* (t2) {
              inner = t2;
              yield* sleep(10_000);
            });
          } catch (thrown) {
            seen.push((thrown as Error).name);
            throw thrown;
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
      expect(outer!.expired()).toBe(true);
      expect(inner!.expired()).toBe(true);
    });
    expect(seen).toEqual(['CancelledError']);
  });

  it('raises TimeoutError from an inner timeout that expires first and lets the outer go on', async () => {
    await runVirtual(function* () {
      const result = yield* timeout(100, function* () {
        const error = yield* catchError(timeout(10, sleep(1_000)));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(now()).toBe(10);
        yield* sleep(20);
        return 'outer finished';
      });
      expect(result).toBe('outer finished');
      expect(now()).toBe(30);
    });
  });

  it('raises TimeoutError from the outer timeout when it expires first', async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(10, function* () {
          try {
            yield* timeout(100, sleep(1_000));
          } catch (thrown) {
            seen.push((thrown as Error).name);
            throw thrown;
          }
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
    });
    expect(seen).toEqual(['CancelledError']);
  });

  it('fires an overdue outer deadline after the loop was blocked past both deadlines', async () => {
    const clock = new VirtualClock();
    await run(
      function* () {
        const error = yield* catchError(
          timeout(100, function* () {
            try {
              yield* timeout(10, function* () {
                clock.advance(100); // the loop is busy (blocked) for 100 ms
                yield* sleep(1_000);
              });
            } catch (error) {
              if (!(error instanceof TimeoutError)) throw error;
            }
            yield* sleep(10_000); // interrupted by the outer deadline, already overdue
          }),
        );
        expect(error).toBeInstanceOf(TimeoutError);
        expect(now()).toBe(100);
      },
      { clock },
    );
  });

  it('raises TimeoutError from a timeout nested in the finally of an expired one', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(10, function* () {
          try {
            yield* sleep(1_000);
          } finally {
            const inner = yield* catchError(timeout(10, sleep(10_000)));
            log.push(`inner ${(inner as Error).name} at ${now()}`);
          }
        }),
      );
      log.push(`outer ${(error as Error).name} at ${now()}`);
    });
    expect(log).toEqual(['inner TimeoutError at 20', 'outer TimeoutError at 20']);
  });

  it('times out cleanup that runs after the task caught its own cancellation', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          currentTask().cancel();
          yield* sleep(1_000);
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
        }
        return yield* catchError(timeout(0, sleep(1_000)));
      });
      expect(yield* task).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(0);
    });
  });

  it('keeps a cancel inside cleanup that runs after a caught cancellation a CancelledError', async () => {
    await runVirtual(function* () {
      const task = createTask(function* () {
        try {
          currentTask().cancel();
          yield* sleep(1_000);
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
        }
        return yield* catchError(
          timeout(1_000, function* () {
            currentTask().cancel();
            yield* sleep(2_000);
          }),
        );
      });
      expect(yield* task).toBeInstanceOf(CancelledError);
      expect(now()).toBe(0);
    });
  });

  it('runs concurrent timeouts of different tasks independently', async () => {
    await runVirtual(function* () {
      const fast = createTask(catchError(timeout(10, sleep(1_000))));
      const slow = createTask(timeout(50, sleep(20, 'slow done')));
      expect(yield* fast).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
      expect(yield* slow).toBe('slow done');
      expect(now()).toBe(20);
    });
  });

  it('throws TypeError for a NaN delay or a body that is not an Operation', () => {
    expect(() => timeout(Number.NaN, sleep(1))).toThrow(TypeError);
    expect(() => timeout('10' as never, sleep(1))).toThrow(TypeError);
    expect(() => timeout(10, Promise.resolve(1) as never)).toThrow(TypeError);
    expect(() => timeout(10, 42 as never)).toThrow(TypeError);
  });

  it('throws TypeError when the body function returns something that is not an Operation', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(timeout(10, () => Promise.resolve(1) as never));
      expect(error).toBeInstanceOf(TypeError);
    });
  });
});

describe('timeoutAt', () => {
  it('raises TimeoutError at the absolute deadline and keeps it in when()', async () => {
    await runVirtual(function* () {
      yield* sleep(7);
      const deadline = now() + 10;
      let seen: Timeout | undefined;
      const error = yield* catchError(
        timeoutAt(deadline, (t) => {
          seen = t;
          return sleep(10_000);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(17);
      expect(seen!.expired()).toBe(true);
      expect(seen!.when()).toBe(deadline);
    });
  });

  it('never expires with null', async () => {
    await runVirtual(function* () {
      let seen: Timeout | undefined;
      yield* timeoutAt(null, (t) => {
        seen = t;
        return sleep(10);
      });
      expect(seen!.expired()).toBe(false);
      expect(seen!.when()).toBeNull();
    });
  });

  it('expires at once for a deadline already past', async () => {
    await runVirtual(function* () {
      yield* sleep(100);
      const error = yield* catchError(timeoutAt(50, sleep(10)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(100);
    });
  });

  it('throws TypeError for a NaN deadline', () => {
    expect(() => timeoutAt(Number.NaN, sleep(1))).toThrow(TypeError);
  });
});

describe('Timeout', () => {
  it('reschedules, clears and reports the deadline from another task', async () => {
    await runVirtual(function* () {
      const published = new Future<Timeout>();
      const deadline1 = now() + 10;
      const deadline2 = deadline1 + 20;
      const task = createTask(
        timeoutAt(deadline1, function* (t) {
          published.setResult(t);
          yield* sleep(50);
        }),
      );
      const t = yield* published;
      expect(t.when()).toBe(deadline1);
      t.reschedule(deadline2);
      expect(t.when()).toBe(deadline2);
      t.reschedule(null);
      expect(t.when()).toBeNull();
      task.cancel();
      expect(yield* catchError(task)).toBeInstanceOf(CancelledError);
      expect(t.expired()).toBe(false);
    });
  });

  it('moves the deadline later with reschedule()', async () => {
    await runVirtual(function* () {
      const result = yield* timeout(100, function* (t) {
        yield* sleep(50);
        t.reschedule(now() + 100);
        yield* sleep(80);
        return 'finished';
      });
      expect(result).toBe('finished');
      expect(now()).toBe(130);
    });
  });

  it('moves the deadline earlier with reschedule()', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(1_000, function* (t) {
          yield* sleep(10);
          t.reschedule(30);
          yield* sleep(1_000);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(30);
    });
  });

  it('expires at the next round when rescheduled into the past', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(1_000, function* (t) {
          yield* sleep(10);
          t.reschedule(5);
          yield* sleep(1_000);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
    });
  });

  it('removes the deadline with reschedule(null)', async () => {
    await runVirtual(function* () {
      const result = yield* timeout(10, function* (t) {
        t.reschedule(null);
        yield* sleep(1_000);
        return 'no deadline';
      });
      expect(result).toBe('no deadline');
      expect(now()).toBe(1_000);
    });
  });

  it('adds a deadline to a timeout(null) with reschedule()', async () => {
    await runVirtual(function* () {
      const error = yield* catchError(
        timeout(null, function* (t) {
          t.reschedule(now() + 25);
          yield* sleep(1_000);
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(25);
    });
  });

  it('throws InvalidStateError from reschedule() once the block has ended', async () => {
    await runVirtual(function* () {
      const { t } = yield* withTimeout(10, () => sleep(1));
      expect(() => t.reschedule(20)).toThrow(InvalidStateError);
    });
  });

  it('throws InvalidStateError from reschedule() on a Timeout that never started', async () => {
    await runVirtual(function* () {
      const t = new Timeout(10);
      expect(() => t.reschedule(20)).toThrow(InvalidStateError);
      expect(t.expired()).toBe(false);
      expect(t.when()).toBe(10);
    });
  });

  it('throws TypeError from reschedule() with NaN', async () => {
    await runVirtual(function* () {
      yield* timeout(10, function* (t) {
        expect(() => t.reschedule(Number.NaN)).toThrow(TypeError);
        yield* sleep(1);
      });
    });
  });

  it('reads the loop clock so deadlines follow getRunningLoop().time()', async () => {
    await runVirtual(function* () {
      yield* sleep(1_000);
      const { t } = yield* withTimeout(25, () => sleep(1));
      expect(t.when()).toBe(getRunningLoop().time() - 1 + 25);
    });
  });
});
