import { describe, expect, it } from 'vitest';
import {
  VirtualClock,
  createTask,
  getRunningLoop,
  isCancelledError,
  run,
  sleep,
} from '../src/index.js';
import type { ExceptionContext } from '../src/index.js';
import { catchError } from './helpers/virtual-time.js';

describe('debug mode', () => {
  it('reports a step that blocks the loop longer than slowCallbackDuration, naming the task', async () => {
    const clock = new VirtualClock();
    const reports: ExceptionContext[] = [];
    await run(
      function* () {
        getRunningLoop().setExceptionHandler((context) => reports.push(context));
        yield* createTask(
          function* () {
            clock.advance(150); // stands for 150 ms of blocking work inside one step
            yield* sleep(1);
          },
          { name: 'busy' },
        );
      },
      { debug: true, clock },
    );
    expect(reports.map((report) => report.message)).toEqual([
      'Executing Task "busy"<pending> took 150ms',
    ]);
    expect(reports[0]!.task?.name).toBe('busy');
  });

  it('stays quiet about steps under the threshold', async () => {
    const clock = new VirtualClock();
    const reports: ExceptionContext[] = [];
    await run(
      function* () {
        getRunningLoop().setExceptionHandler((context) => reports.push(context));
        clock.advance(99);
        yield* sleep(1);
      },
      { debug: true, clock },
    );
    expect(reports).toEqual([]);
  });

  it('records where each task was created', async () => {
    await run(
      function* () {
        const task = createTask(sleep(1));
        expect(task.creationLocation).toMatch(/debug\.test\.ts:\d+/);
        yield* task;
      },
      { debug: true, clock: new VirtualClock() },
    );
  });

  it('names the creation site when a failure is never retrieved', async () => {
    const reports: ExceptionContext[] = [];
    await run(
      function* () {
        getRunningLoop().setExceptionHandler((context) => reports.push(context));
        createTask(function* () {
          throw new Error('lost');
        });
        yield* sleep(1);
      },
      { debug: true, clock: new VirtualClock() },
    );
    expect(reports[0]!.message).toMatch(/never retrieved \(created at .*debug\.test\.ts:\d+/);
  });

  it('records no creation site outside debug mode', async () => {
    await run(
      function* () {
        expect(createTask(sleep(1)).creationLocation).toBeUndefined();
        yield* sleep(2);
      },
      { clock: new VirtualClock() },
    );
  });
});

describe('CancelledError stacks', () => {
  it('carries a stack trace in debug mode only (it is costly and shows loop internals)', async () => {
    const stacks: Array<string | undefined> = [];
    for (const debug of [false, true]) {
      await run(
        function* () {
          const task = createTask(sleep(100));
          yield* sleep(1);
          task.cancel('no longer needed');
          try {
            yield* task;
          } catch (error) {
            stacks.push((error as Error).stack);
          }
          const plain = createTask(sleep(100));
          yield* sleep(1);
          plain.cancel();
          stacks.push(((yield* catchError(plain)) as Error).stack);
        },
        { debug, clock: new VirtualClock() },
      );
    }
    // Outside debug mode: the one line a stack without frames shows, message or not.
    expect(stacks.slice(0, 2)).toEqual(['CancelledError: no longer needed', 'CancelledError']);
    expect(stacks[2]).toMatch(/^CancelledError: no longer needed\n\s+at /);
    expect(stacks[3]).toMatch(/^CancelledError.*\n\s+at /);
  });
});

describe('CancelledError under a frozen Error', () => {
  it('still cancels when Error.stackTraceLimit cannot be changed', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')!;
    Object.defineProperty(Error, 'stackTraceLimit', { ...descriptor, writable: false });
    try {
      await run(
        function* () {
          const task = createTask(sleep(100));
          yield* sleep(1);
          task.cancel('stop');
          const error = yield* catchError(task);
          expect(isCancelledError(error) && error.message).toBe('stop');
        },
        { clock: new VirtualClock() },
      );
    } finally {
      Object.defineProperty(Error, 'stackTraceLimit', descriptor);
    }
  });
});
