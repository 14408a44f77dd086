import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  EventLoop,
  Future,
  InvalidStateError,
  createTask,
  currentTask,
  getRunningLoop,
  run,
  sleep,
} from '../src/index.js';
import type { Coroutine } from '../src/index.js';
import { catchError, now, runVirtual } from './helpers/virtual-time.js';

describe('Future', () => {
  it('resumes its awaiter with the result once set', async () => {
    await runVirtual(function* () {
      const future = new Future<string>();
      getRunningLoop().callLater(10, () => future.setResult('ready'));
      expect(yield* future).toBe('ready');
      expect(now()).toBe(10);
    });
  });

  it('raises its exception in the awaiter', async () => {
    await runVirtual(function* () {
      const future = new Future<string>();
      const boom = new Error('boom');
      getRunningLoop().callSoon(() => future.setException(boom));
      expect(yield* catchError(future)).toBe(boom);
    });
  });

  it('refuses setResult on a done future with InvalidStateError', async () => {
    await runVirtual(function* () {
      const future = new Future<number>();
      future.setResult(1);
      expect(() => future.setResult(2)).toThrow(InvalidStateError);
      expect(() => future.setException(new Error('late'))).toThrow(InvalidStateError);
      expect(future.result()).toBe(1);
      yield* sleep(0);
    });
  });

  it('refuses result() and exception() while pending', () => {
    const future = new Future<number>();
    expect(() => future.result()).toThrow(InvalidStateError);
    expect(() => future.exception()).toThrow(InvalidStateError);
  });

  it('refuses a CancelledError in setException', () => {
    const future = new Future<number>();
    expect(() => future.setException(new CancelledError())).toThrow(TypeError);
  });

  it('raises CancelledError with the message from result() after cancel(msg)', () => {
    const future = new Future<number>();
    expect(future.cancel('why')).toBe(true);
    expect(future.cancel()).toBe(false);
    expect(future.cancelled()).toBe(true);
    expect(() => future.result()).toThrow(CancelledError);
    expect(() => future.result()).toThrow('why');
  });

  it('schedules done callbacks on the loop instead of running them inside setResult', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const future = new Future<number>();
      future.addDoneCallback(() => log.push('callback'));
      future.setResult(1);
      log.push('after setResult');
      yield* sleep(0);
    });
    expect(log).toEqual(['after setResult', 'callback']);
  });

  it('runs done callbacks in registration order, also for a future already done', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const future = new Future<number>();
      future.addDoneCallback(() => log.push('first'));
      future.addDoneCallback(() => log.push('second'));
      future.setResult(1);
      future.addDoneCallback(() => log.push('late'));
      yield* sleep(0);
    });
    expect(log).toEqual(['first', 'second', 'late']);
  });

  it('removes every registration of a callback', async () => {
    const log: string[] = [];
    await runVirtual(function* () {
      const future = new Future<number>();
      const callback = (): void => {
        log.push('removed');
      };
      future.addDoneCallback(callback);
      future.addDoneCallback(() => log.push('kept'));
      future.addDoneCallback(callback);
      expect(future.removeDoneCallback(callback)).toBe(2);
      future.setResult(1);
      yield* sleep(0);
    });
    expect(log).toEqual(['kept']);
  });

  it('is awaitable from plain async code', async () => {
    const loop = new EventLoop();
    const future = loop.createFuture<number>();
    loop.callSoon(() => future.setResult(5));
    const running = loop.runUntilComplete(function* () {
      return yield* future;
    });
    await expect(future).resolves.toBe(5);
    await running;
    loop.close();
  });

  it('shows its label and state in toString()', () => {
    const future = new Future<number>({ label: 'Gate.pass' });
    expect(future.toString()).toBe('Gate.pass<pending>');
    future.setResult(1);
    expect(future.toString()).toBe('Gate.pass<finished>');
  });
});

describe('Task awaiting itself', () => {
  it('raises InvalidStateError inside the task', async () => {
    await runVirtual(function* () {
      const task = createTask(function* (): Coroutine<unknown> {
        return yield* catchError(currentTask());
      });
      expect(yield* task).toBeInstanceOf(InvalidStateError);
    });
  });
});

describe('Future made outside any loop', () => {
  it('wakes a task that waits on it when completed from outside the loop', async () => {
    const future = new Future<string>();
    setTimeout(() => future.setResult('from outside'), 5);
    await expect(
      run(function* () {
        return yield* future;
      }),
    ).resolves.toBe('from outside');
  });
});
