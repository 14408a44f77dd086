// Bad input gets a named error that says what to write instead; nothing hangs.
import { describe, expect, it } from 'vitest';
import { InvalidStateError, createTask, currentTask, sleep } from '../src/index.js';
import type { Coroutine, Suspension } from '../src/index.js';
import { catchError, runVirtual } from './helpers/virtual-time.js';

describe('misuse', () => {
  it('throws TypeError into a coroutine that yields a promise without the star', async () => {
    await runVirtual(function* () {
      const task = createTask(function* (): Coroutine {
        yield Promise.resolve(1) as unknown as Suspension;
      });
      const error = yield* catchError(task);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('yield* until(promise)');
    });
  });

  it('throws TypeError into a coroutine that yields a task without the star', async () => {
    await runVirtual(function* () {
      const task = createTask(function* (): Coroutine {
        yield createTask(sleep(1)) as unknown as Suspension;
      });
      const error = yield* catchError(task);
      expect((error as Error).message).toContain('yield* (with the star)');
    });
  });

  it('lets the coroutine catch the stray-yield TypeError where it yielded', async () => {
    await runVirtual(function* () {
      const task = createTask(function* (): Coroutine<string> {
        try {
          yield 5 as unknown as Suspension;
        } catch (error) {
          return (error as Error).name;
        }
        return 'not reached';
      });
      expect(yield* task).toBe('TypeError');
    });
  });

  it('refuses createTask outside a running loop', () => {
    expect(() => createTask(sleep(1))).toThrow(InvalidStateError);
  });

  it('refuses currentTask outside a task', () => {
    expect(() => currentTask()).toThrow(InvalidStateError);
  });

  it('refuses a non-operation in createTask with a hint', async () => {
    await runVirtual(function* () {
      expect(() => createTask(Promise.resolve(1) as never)).toThrow(/until\(promise\)/);
      expect(() => createTask(7 as never)).toThrow(TypeError);
      yield* sleep(0);
    });
  });

  it('refuses setResult and setException on a task', async () => {
    await runVirtual(function* () {
      const task = createTask(sleep(1));
      expect(() => task.setResult(undefined)).toThrow(InvalidStateError);
      expect(() => task.setException(new Error('x'))).toThrow(InvalidStateError);
      yield* task;
    });
  });
});
