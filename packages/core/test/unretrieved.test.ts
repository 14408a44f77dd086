// Failures nobody looked at are reported once through the exception handler, never lost.
import { describe, expect, it } from 'vitest';
import { Future, createTask, getRunningLoop, sleep, until } from '../src/index.js';
import type { ExceptionContext } from '../src/index.js';
import { runVirtual } from './helpers/virtual-time.js';

function* failing(): Generator<never, never, unknown> {
  throw new Error('nobody listens');
}

describe('unretrieved failures', () => {
  it('reports a task that failed and was never awaited, once', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((context) => reports.push(context));
      createTask(failing(), { name: 'orphan' });
      yield* sleep(10);
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toContain('Task "orphan" exception was never retrieved');
    expect((reports[0]!.exception as Error).message).toBe('nobody listens');
  });

  it('does not report a failure that was awaited later', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((context) => reports.push(context));
      const task = createTask(failing());
      yield* sleep(10);
      try {
        yield* task;
      } catch {
        // retrieved
      }
    });
    expect(reports).toEqual([]);
  });

  it('does not report a failure read with exception()', async () => {
    const reports: ExceptionContext[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((context) => reports.push(context));
      const future = new Future<number>();
      future.setException(new Error('seen'));
      yield* sleep(1);
      expect((future.exception() as Error).message).toBe('seen');
    });
    expect(reports).toEqual([]);
  });

  it('prints one line with the task name and the stack by default', async () => {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => {
      written.push(String(chunk));
      return true;
    };
    try {
      await runVirtual(function* () {
        createTask(failing(), { name: 'lonely' });
        yield* sleep(1);
      });
    } finally {
      process.stderr.write = original;
    }
    const text = written.join('');
    expect(text.split('\n')[0]).toBe('aio: Task "lonely" exception was never retrieved');
    expect(text).toContain('Error: nobody listens');
    expect(text).toContain('at failing');
  });

  it('raises no unhandledRejection for a promise rejecting after its waiter was cancelled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      let reject!: (error: Error) => void;
      const promise = new Promise<never>((_, rejectWith) => (reject = rejectWith));
      await runVirtual(function* () {
        const task = createTask(until(promise));
        yield* sleep(0);
        task.cancel();
        yield* sleep(0);
      });
      reject(new Error('late'));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
