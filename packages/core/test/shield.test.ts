// shield as asyncio's (CPython test_tasks.py shield tests, RELIABILITY A1 #14).
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  TimeoutError,
  createTask,
  gather,
  getRunningLoop,
  shield,
  sleep,
  timeout,
} from '../src/index.js';
import type { Coroutine, ExceptionContext } from '../src/index.js';
import { waitAllBlocked } from '../src/testing.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

/** Sends the running loop's exception reports into `reports`. */
function recordReports(reports: ExceptionContext[]): void {
  getRunningLoop().setExceptionHandler((context) => reports.push(context));
}

describe('shield', () => {
  it('evaluates to the result of the shielded future', async () => {
    await runVirtual(function* () {
      const inner = new Future<number>();
      getRunningLoop().callLater(5, () => inner.setResult(42));
      expect(yield* shield(inner)).toBe(42);
      expect(now()).toBe(5);
    });
  });

  it('raises the error of the shielded future', async () => {
    const boom = new RangeError('expected');
    await runVirtual(function* () {
      const inner = new Future<number>();
      getRunningLoop().callLater(5, () => inner.setException(boom));
      expect(yield* catchError(shield(inner))).toBe(boom);
    });
  });

  it('evaluates to the result of a shielded coroutine', async () => {
    await runVirtual(function* () {
      expect(yield* shield(sleep(10, 'slept'))).toBe('slept');
      expect(now()).toBe(10);
    });
  });

  it('raises CancelledError when the shielded future itself is cancelled', async () => {
    await runVirtual(function* () {
      const inner = new Future<number>();
      const outer = createTask(shield(inner));
      yield* waitAllBlocked();
      inner.cancel();
      expect(yield* catchError(outer)).toBeInstanceOf(CancelledError);
      expect(outer.cancelled()).toBe(true);
    });
  });

  it('raises CancelledError when the shielded task itself is cancelled', async () => {
    await runVirtual(function* () {
      const inner = createTask(sleep(100));
      const outer = createTask(shield(inner));
      yield* sleep(10);
      inner.cancel();
      expect(yield* catchError(outer)).toBeInstanceOf(CancelledError);
      expect(now()).toBe(10);
    });
  });

  it('evaluates to the result of a future already done without waiting', async () => {
    await runVirtual(function* () {
      const inner = new Future<number>();
      inner.setResult(42);
      expect(yield* shield(inner)).toBe(42);
      expect(now()).toBe(0);
    });
  });

  it('raises CancelledError in the awaiter at once while the operation runs to completion', async () => {
    const log: string[] = [];
    function* inner(): Coroutine<string> {
      yield* sleep(100);
      log.push(`inner finished at ${now()}`);
      return 'inner';
    }
    await runVirtual(function* () {
      const outer = createTask(function* () {
        yield* shield(inner());
        log.push('outer went on');
      });
      yield* sleep(10);
      outer.cancel();
      expect(yield* catchError(outer)).toBeInstanceOf(CancelledError);
      log.push(`outer cancelled at ${now()}`);
      yield* sleep(200);
    });
    expect(log).toEqual(['outer cancelled at 10', 'inner finished at 100']);
  });

  it('leaves a shielded task running when the awaiter is cancelled', async () => {
    await runVirtual(function* () {
      const inner = createTask(sleep(100, 'kept'));
      const outer = createTask(shield(inner));
      yield* sleep(10);
      outer.cancel();
      yield* catchError(outer);
      expect(inner.cancelled()).toBe(false);
      expect(yield* inner).toBe('kept');
      expect(now()).toBe(100);
    });
  });

  it('reports nothing when the operation later succeeds after its awaiter was cancelled', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      recordReports(reports);
      const inner = new Future<number>();
      const outer = createTask(shield(inner));
      yield* waitAllBlocked();
      outer.cancel();
      yield* catchError(outer);
      inner.setResult(1);
      yield* sleep(1);
    });
    expect(reports).toEqual([]);
  });

  it('reports a later failure once when its awaiter was cancelled', async () => {
    const reports: ExceptionContext[] = [];
    const boom = new Error('foo');
    await runVirtual(function* () {
      recordReports(reports);
      const inner = new Future<number>();
      const outer = createTask(shield(inner));
      yield* waitAllBlocked();
      outer.cancel();
      yield* catchError(outer);
      inner.setException(boom);
      yield* sleep(1);
    });
    expect(reports.map((report) => report.exception)).toEqual([boom]);
  });

  it('reports a later failure once even when shielded twice', async () => {
    const reports: ExceptionContext[] = [];
    const boom = new Error('foo');
    await runVirtual(function* () {
      recordReports(reports);
      const inner = new Future<number>();
      for (let i = 0; i < 2; i++) {
        const outer = createTask(shield(inner));
        yield* waitAllBlocked();
        outer.cancel();
        yield* catchError(outer);
      }
      inner.setException(boom);
      yield* sleep(1);
    });
    expect(reports.map((report) => report.exception)).toEqual([boom]);
  });

  it('reports a failure of a shielded coroutine once when its awaiter was cancelled', async () => {
    const reports: ExceptionContext[] = [];
    const boom = new Error('late failure');
    function* inner(): Coroutine {
      yield* sleep(100);
      throw boom;
    }
    await runVirtual(function* () {
      recordReports(reports);
      const outer = createTask(shield(inner()));
      yield* sleep(10);
      outer.cancel();
      yield* catchError(outer);
      yield* sleep(200);
    });
    expect(reports.map((report) => report.exception)).toEqual([boom]);
  });

  it('keeps a shielded gather running when the awaiter is cancelled', async () => {
    await runVirtual(function* () {
      const child1 = new Future<number>();
      const child2 = new Future<number>();
      const parent = createTask(gather(child1, child2));
      const outer = createTask(shield(parent));
      yield* waitAllBlocked();
      outer.cancel();
      expect(yield* catchError(outer)).toBeInstanceOf(CancelledError);
      child1.setResult(1);
      child2.setResult(2);
      expect(yield* parent).toEqual([1, 2]);
    });
  });

  it('cancels the shields, not the shielded futures, when a gather of shields is cancelled', async () => {
    await runVirtual(function* () {
      const child1 = new Future<number>();
      const child2 = new Future<number>();
      const inner1 = createTask(shield(child1));
      const inner2 = createTask(shield(child2));
      const parent = createTask(gather(inner1, inner2));
      yield* waitAllBlocked();
      parent.cancel();
      expect(yield* catchError(parent)).toBeInstanceOf(CancelledError);
      expect(inner1.cancelled()).toBe(true);
      expect(inner2.cancelled()).toBe(true);
      expect(child1.cancelled()).toBe(false);
      expect(child2.cancelled()).toBe(false);
      child1.setResult(1);
      child2.setResult(2);
    });
  });

  it('lets timeout() give up on a shielded operation that keeps running', async () => {
    await runVirtual(function* () {
      const inner = createTask(sleep(100, 'finished anyway'));
      const error = yield* catchError(timeout(10, shield(inner)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(10);
      expect(yield* inner).toBe('finished anyway');
      expect(now()).toBe(100);
    });
  });

  it('throws TypeError for an argument that is not an Operation', () => {
    expect(() => shield(Promise.resolve(1) as never)).toThrow(TypeError);
    expect(() => shield(42 as never)).toThrow(TypeError);
  });
});

describe('shield started inside a loop', () => {
  it('starts the operation at once and can be awaited more than once', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const shielded = shield(
        (function* (): Coroutine<string> {
          log.push('started');
          yield* sleep(10);
          return 'value';
        })(),
      );
      yield* sleep(0);
      expect(log).toEqual(['started']);
      expect(yield* shielded).toBe('value');
      expect(yield* shielded).toBe('value');
      expect(now()).toBe(10);
    });
  });
});
