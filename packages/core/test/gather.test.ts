import { describe, expect, it } from 'vitest';
import { CancelledError, Future, createTask, gather, getRunningLoop, sleep } from '../src/index.js';
import type { Coroutine, ExceptionContext, Task } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

function* fail(ms: number, message: string): Coroutine<never> {
  yield* sleep(ms);
  throw new Error(message);
}

describe('gather', () => {
  it('returns results in argument order, not completion order', async () => {
    await runVirtual(function* () {
      const results = yield* gather(sleep(30, 'slow'), sleep(10, 'fast'), sleep(20, 'mid'));
      expect(results).toEqual(['slow', 'fast', 'mid']);
      expect(now()).toBe(30);
    });
  });

  it('returns [] for no arguments', async () => {
    await runVirtual(function* () {
      expect(yield* gather()).toEqual([]);
      expect(yield* gather([])).toEqual([]);
    });
  });

  it('raises the first error at once and leaves the other children running', async () => {
    await runVirtual(function* () {
      const sibling = createTask(sleep(50, 'sibling'));
      const error = yield* catchError(gather(fail(10, 'first'), sibling));
      expect((error as Error).message).toBe('first');
      expect(now()).toBe(10);
      expect(sibling.done()).toBe(false);
      expect(yield* sibling).toBe('sibling');
    });
  });

  it('reports a later sibling failure instead of losing it', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((context) => reports.push(context));
      yield* catchError(gather(fail(10, 'first'), fail(20, 'second')));
      yield* sleep(30);
    });
    expect(reports.map((report) => (report.exception as Error).message)).toEqual(['second']);
  });

  it('returns errors in place with returnExceptions', async () => {
    await runVirtual(function* () {
      const results = yield* gather(fail(5, 'bad'), sleep(10, 2), { returnExceptions: true });
      expect(results[0]).toBeInstanceOf(Error);
      expect(results[1]).toBe(2);
    });
  });

  it('takes a list of any length in the array form', async () => {
    await runVirtual(function* () {
      const operations = Array.from({ length: 100_000 }, (_, i) => sleep(i % 7, i));
      const results = yield* gather(operations);
      expect(results.length).toBe(100_000);
      expect(results[99_999]).toBe(99_999);
    });
  });

  it('runs the same coroutine passed twice once and repeats its value', async () => {
    let runs = 0;
    function* once(): Coroutine<string> {
      runs++;
      yield* sleep(1);
      return 'x';
    }
    await runVirtual(function* () {
      const coroutine = once();
      expect(yield* gather(coroutine, coroutine)).toEqual(['x', 'x']);
    });
    expect(runs).toBe(1);
  });

  it('waits for a task passed twice once and repeats its value (or its error)', async () => {
    await runVirtual(function* () {
      const slow = createTask(sleep(5, 'slow'));
      const quick = createTask(sleep(1, 'quick'));
      expect(yield* gather(slow, quick, slow)).toEqual(['slow', 'quick', 'slow']);
      const failing = createTask(function* () {
        yield* sleep(1);
        throw new Error('boom');
      });
      const settled = yield* gather(failing, failing, { returnExceptions: true });
      expect(settled.map((result) => result.message)).toEqual(['boom', 'boom']);
    });
  });

  it('cancels a task passed twice once and ends cancelled', async () => {
    await runVirtual(function* () {
      const child = createTask(sleep(100));
      const gathering = createTask(gather(child, child));
      yield* sleep(1);
      expect(gathering.cancel()).toBe(true);
      const error = yield* catchError(gathering);
      expect([error instanceof CancelledError, child.cancelled()]).toEqual([true, true]);
    });
  });

  it('uses a Task or Future argument as it is', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(5, 'task'));
      const future = new Future<string>();
      getRunningLoop().callLater(3, () => future.setResult('future'));
      expect(yield* gather(task, future)).toEqual(['task', 'future']);
    });
  });

  it('cancels every unfinished child when the gather is cancelled', async () => {
    await runVirtual(function* () {
      const children: Task<unknown>[] = [createTask(sleep(100)), createTask(sleep(200))];
      const waiter = createTask(gather(...children));
      yield* sleep(10);
      waiter.cancel();
      expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
      expect(children.every((child) => child.cancelled())).toBe(true);
    });
  });

  it('raises CancelledError when one child is cancelled, while the others keep running', async () => {
    await runVirtual(function* () {
      const victim = createTask(sleep(100));
      const other = createTask(sleep(50, 'other'));
      const waiter = createTask(gather(victim, other));
      yield* sleep(10);
      victim.cancel();
      expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
      expect(other.done()).toBe(false);
      expect(yield* other).toBe('other');
    });
  });

  it('puts the CancelledError in place with returnExceptions', async () => {
    await runVirtual(function* () {
      const victim = createTask(sleep(100));
      const waiter = createTask(gather(victim, sleep(20, 'ok'), { returnExceptions: true }));
      yield* sleep(10);
      victim.cancel();
      const results = yield* waiter;
      expect(results[0]).toBeInstanceOf(CancelledError);
      expect(results[1]).toBe('ok');
    });
  });

  it('cancels its awaiter even with returnExceptions when the gather itself is cancelled', async () => {
    await runVirtual(function* () {
      const waiter = createTask(gather(sleep(100), sleep(100), { returnExceptions: true }));
      yield* sleep(10);
      waiter.cancel();
      expect(yield* catchError(waiter)).toBeInstanceOf(CancelledError);
    });
  });

  it('treats a child cancelled before the gather like one cancelled during it', async () => {
    await runVirtual(function* () {
      const early = new Future<string>();
      early.cancel('early');
      const error = yield* catchError(gather(early, sleep(10)));
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe('early');
      const settled = yield* gather(sleep(10, 'ok'), early, { returnExceptions: true });
      expect(settled[0]).toBe('ok');
      expect((settled[1] as Error).message).toBe('early');
    });
  });

  it('ends its awaiter with the last cancellation in argument order when cancelled', async () => {
    await runVirtual(function* () {
      const early = new Future<string>();
      early.cancel('early');
      const messages: string[] = [];
      for (const children of [
        [early, sleep(100)],
        [sleep(100), early],
      ]) {
        const waiter = createTask(gather(children, { returnExceptions: true }));
        yield* sleep(10);
        waiter.cancel('stop');
        messages.push(((yield* catchError(waiter)) as Error).message);
      }
      expect(messages).toEqual(['stop', 'early']);
    });
  });

  it('finishes without a loop round when every child is done already (asyncio 3.12)', async () => {
    await runVirtual(function* () {
      const a = new Future<string>();
      const b = new Future<string>();
      a.setResult('a');
      b.setResult('b');
      const log: string[] = [];
      const other = createTask(function* () {
        log.push('other task ran');
      });
      log.push(String(yield* gather(a, b)));
      yield* other;
      expect(log).toEqual(['a,b', 'other task ran']);
      // One child still pending: the gather waits a round for it, and the other task runs.
      const c = new Future<string>();
      getRunningLoop().callSoon(() => c.setResult('c'));
      const again = createTask(function* () {
        log.push('again ran');
      });
      log.push(String(yield* gather(a, c)));
      yield* again;
      expect(log.slice(2)).toEqual(['again ran', 'a,c']);
    });
  });

  it('rejects non-operations with TypeError when called', () => {
    expect(() => gather(sleep(1), 5 as never)).toThrow(TypeError);
    expect(() => gather(Promise.resolve(1) as never)).toThrow(/until/);
  });
});
