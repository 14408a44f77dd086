import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ExceptionGroup, sleep, type Coroutine, type Task } from '@aio/core';
import { TaskGroup } from '../src/index.js';
import { runVirtual } from './helpers/run.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TaskGroup (references)', () => {
  it('keeps no reference to child errors or tasks once it has ended', async () => {
    // CPython test_taskgroups::test_exception_refcycles_*.
    const group = new TaskGroup();
    let errorRef: WeakRef<Error> | undefined;
    let taskRef: WeakRef<Task<unknown>> | undefined;
    function* failing(): Coroutine<never> {
      yield* sleep(1);
      const error = new Error('child failed');
      errorRef = new WeakRef(error);
      throw error;
    }
    let raised = false;
    await runVirtual(function* () {
      try {
        yield* group.run(function* (g) {
          taskRef = new WeakRef(g.createTask(failing()));
        });
      } catch (error) {
        raised = error instanceof ExceptionGroup;
      }
    });
    expect(raised).toBe(true);
    await nextMacrotask();
    collectGarbage();
    await nextMacrotask();
    expect(errorRef!.deref()).toBeUndefined();
    expect(taskRef!.deref()).toBeUndefined();
    expect(String(group)).toBe('TaskGroup(tasks=0, errors=0, finished)');
  });
});
