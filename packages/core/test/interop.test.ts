// until and call: promises, async functions and AbortSignal joining aio (SPEC `until`, `call`).
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CancelledError,
  TimeoutError,
  VirtualClock,
  call,
  createTask,
  run,
  sleep,
  timeout,
  until,
} from '../src/index.js';
import { waitAllBlocked } from '../src/testing.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

/** A promise with its settle functions (no Promise.withResolvers on Node 20). */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets Node run its macrotask and microtask queues a few times (unhandled rejections fire there). */
async function drainNode(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Real milliseconds, for the few tests about a VirtualClock running at real speed. */
function realDelay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('until', () => {
  it('evaluates to the value of the promise', async () => {
    await runVirtual(function* () {
      expect(yield* until(Promise.resolve(42))).toBe(42);
    });
  });

  it('raises the rejection of the promise unchanged', async () => {
    const boom = new RangeError('boom');
    await runVirtual(function* () {
      expect(yield* catchError(until(Promise.reject(boom)))).toBe(boom);
    });
  });

  it('waits for a thenable that is not a Promise', async () => {
    const thenable: PromiseLike<string> = {
      then(onFulfilled) {
        setImmediate(() => {
          void onFulfilled?.('thenable');
        });
        return this as never;
      },
    };
    await runVirtual(function* () {
      expect(yield* until(thenable)).toBe('thenable');
    });
  });

  it('wakes the task when the promise settles later from outside', async () => {
    const { promise, resolve } = deferred<string>();
    setImmediate(() => resolve('later'));
    await runVirtual(function* () {
      expect(yield* until(promise)).toBe('later');
    });
  });

  it('delivers cancellation at once while the promise stays pending', async () => {
    const { promise } = deferred<string>();
    await runVirtual(function* () {
      const task = createTask(until(promise));
      yield* waitAllBlocked();
      task.cancel('stop');
      const error = yield* catchError(task);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as CancelledError).message).toBe('stop');
      expect(task.cancelled()).toBe(true);
    });
  });

  it('raises CancelledError when the task is cancelled in the tick the promise resolves', async () => {
    const { promise, resolve } = deferred<string>();
    const log: string[] = [];
    await runVirtual(function* () {
      const task = createTask(function* () {
        log.push(yield* until(promise));
      });
      yield* waitAllBlocked();
      resolve('too late');
      task.cancel();
      expect(yield* catchError(task)).toBeInstanceOf(CancelledError);
    });
    expect(log).toEqual([]);
  });

  it('never turns a rejection after cancellation into an unhandledRejection', async () => {
    const { promise, reject } = deferred<string>();
    await runVirtual(function* () {
      const task = createTask(until(promise));
      yield* waitAllBlocked();
      task.cancel();
      yield* catchError(task);
      reject(new Error('late rejection'));
    });
    await drainNode();
    expect(unhandled).toEqual([]);
  });

  it('runs a VirtualClock at real speed while the promise is pending', async () => {
    await runVirtual(function* () {
      const sleeper = createTask(sleep(10_000));
      const before = now();
      expect(yield* until(realDelay(20, 'real'))).toBe('real');
      const waited = now() - before;
      expect(waited).toBeGreaterThan(0);
      expect(waited).toBeLessThan(10_000);
      expect(sleeper.done()).toBe(false);
      sleeper.cancel();
    });
  });

  it('keeps VirtualClock instants exact again once the promise has settled', async () => {
    await runVirtual(function* () {
      yield* until(realDelay(5, undefined));
      const after = now();
      yield* sleep(3_600_000);
      expect(now()).toBe(after + 3_600_000);
    });
  });

  it('lets a timeout fire in real time around a promise that never settles', async () => {
    const { promise } = deferred<string>();
    await runVirtual(function* () {
      const before = now();
      const error = yield* catchError(timeout(30, until(promise)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now() - before).toBeGreaterThanOrEqual(30);
    });
  });

  it('throws TypeError for something that is not a thenable', () => {
    expect(() => until(42 as never)).toThrow(TypeError);
    expect(() => until(null as never)).toThrow(TypeError);
    expect(() => until(sleep(1) as never)).toThrow(TypeError);
  });
});

describe('call', () => {
  it('passes a live AbortSignal and evaluates to the promised value', async () => {
    await runVirtual(function* () {
      let seen: AbortSignal | undefined;
      const value = yield* call((signal) => {
        seen = signal;
        return Promise.resolve('value');
      });
      expect(value).toBe('value');
      expect(seen).toBeInstanceOf(AbortSignal);
      expect(seen!.aborted).toBe(false);
    });
  });

  it('evaluates to a plain value returned by the function', async () => {
    await runVirtual(function* () {
      expect(yield* call(() => 7)).toBe(7);
    });
  });

  it('waits for an async function', async () => {
    await runVirtual(function* () {
      const value = yield* call(async () => {
        await Promise.resolve();
        return 'async';
      });
      expect(value).toBe('async');
    });
  });

  it('raises the rejection of the promise unchanged', async () => {
    const boom = new RangeError('boom');
    await runVirtual(function* () {
      expect(yield* catchError(call(() => Promise.reject(boom)))).toBe(boom);
    });
  });

  it('raises what the function throws synchronously', async () => {
    const boom = new RangeError('sync');
    await runVirtual(function* () {
      const error = yield* catchError(
        call(() => {
          throw boom;
        }),
      );
      expect(error).toBe(boom);
    });
  });

  it('aborts the signal with a CancelledError carrying the message when the task is cancelled', async () => {
    let seen: AbortSignal | undefined;
    await runVirtual(function* () {
      const task = createTask(
        call((signal) => {
          seen = signal;
          return new Promise<never>(() => {});
        }),
      );
      yield* waitAllBlocked();
      task.cancel('user left');
      yield* catchError(task);
    });
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBeInstanceOf(CancelledError);
    expect((seen!.reason as CancelledError).message).toBe('user left');
  });

  it('delivers cancellation at once when the function ignores the signal', async () => {
    await runVirtual(function* () {
      const task = createTask(call(() => new Promise<never>(() => {})));
      yield* waitAllBlocked();
      task.cancel();
      expect(yield* catchError(task)).toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  it('never turns the rejection of an aborted call into an unhandledRejection', async () => {
    const late = deferred<void>();
    await runVirtual(function* () {
      const task = createTask(
        call(
          (signal) =>
            new Promise<never>((_, reject) => {
              signal.addEventListener('abort', () => {
                void late.promise.then(() => reject(new Error('aborted later')));
              });
            }),
        ),
      );
      yield* waitAllBlocked();
      task.cancel();
      yield* catchError(task);
    });
    late.resolve();
    await drainNode();
    expect(unhandled).toEqual([]);
  });

  it('never turns a rejection right on abort into an unhandledRejection', async () => {
    await runVirtual(function* () {
      const task = createTask(
        call(
          (signal) =>
            new Promise<never>((_, reject) => {
              signal.addEventListener('abort', () => reject(signal.reason));
            }),
        ),
      );
      yield* waitAllBlocked();
      task.cancel();
      expect(yield* catchError(task)).toBeInstanceOf(CancelledError);
    });
    await drainNode();
    expect(unhandled).toEqual([]);
  });

  it('leaves the signal of a finished call alone when the task is cancelled later', async () => {
    let seen: AbortSignal | undefined;
    await runVirtual(function* () {
      const task = createTask(function* () {
        yield* call((signal) => {
          seen = signal;
          return Promise.resolve();
        });
        yield* sleep(1_000);
      });
      yield* sleep(10);
      task.cancel();
      yield* catchError(task);
    });
    expect(seen!.aborted).toBe(false);
  });

  it('aborts the signal of a pending call when the signal given to run() aborts', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const outcome = run(
      function* () {
        yield* call((signal) => {
          seen = signal;
          setImmediate(() => controller.abort());
          return new Promise<never>(() => {});
        });
      },
      { clock: new VirtualClock(), signal: controller.signal },
    );
    await expect(outcome).rejects.toBeInstanceOf(CancelledError);
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBeInstanceOf(CancelledError);
  });

  it('gives each call its own signal', async () => {
    await runVirtual(function* () {
      const signals: AbortSignal[] = [];
      for (let i = 0; i < 3; i++) {
        yield* call((signal) => {
          signals.push(signal);
          return Promise.resolve(i);
        });
      }
      expect(new Set(signals).size).toBe(3);
    });
  });

  it('leaves no listeners and no MaxListenersExceededWarning after 100,000 sequential calls', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    const controller = new AbortController();
    let last: AbortSignal | undefined;
    try {
      await run(
        function* () {
          for (let i = 0; i < 100_000; i++) {
            const value = yield* call((signal) => {
              last = signal;
              signal.addEventListener('abort', () => {});
              return Promise.resolve(i);
            });
            if (value !== i) throw new Error(`call ${i} gave ${value}`);
          }
          expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1); // run()'s own
        },
        { clock: new VirtualClock(), signal: controller.signal },
      );
    } finally {
      process.off('warning', onWarning);
    }
    await drainNode();
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(last!, 'abort')).toHaveLength(1); // only the callee's own
  });

  it('runs a VirtualClock at real speed while the call is pending', async () => {
    await runVirtual(function* () {
      const sleeper = createTask(sleep(10_000));
      const before = now();
      expect(yield* call(() => realDelay(20, 'real'))).toBe('real');
      const waited = now() - before;
      expect(waited).toBeGreaterThan(0);
      expect(waited).toBeLessThan(10_000);
      expect(sleeper.done()).toBe(false);
      sleeper.cancel();
    });
  });

  it('throws TypeError for something that is not a function', () => {
    expect(() => call(42 as never)).toThrow(TypeError);
    expect(() => call(Promise.resolve(1) as never)).toThrow(TypeError);
  });
});
