import { describe, expectTypeOf, it } from 'vitest';
import type { Coroutine, Operation, Task } from '@aio/core';
import { Lock, PriorityQueue, Queue, Semaphore, taskGroup, type Permit } from '../src/index.js';

describe('types', () => {
  it('types acquire() as an Operation of a Disposable Permit', () => {
    expectTypeOf(new Semaphore().acquire()).toEqualTypeOf<Operation<Permit>>();
    expectTypeOf(new Lock().acquire()).toEqualTypeOf<Operation<Permit>>();
    expectTypeOf<Permit>().toMatchTypeOf<Disposable>();
  });

  it('types withPermit() by the result of its operation', () => {
    function* job(): Coroutine<number> {
      return 1;
    }
    expectTypeOf(new Semaphore().withPermit(job)).toEqualTypeOf<Operation<number>>();
  });

  it('types queue operations by the item type', () => {
    const queue = new Queue<string>();
    expectTypeOf(queue.get()).toEqualTypeOf<Operation<string>>();
    expectTypeOf(queue.getNowait()).toEqualTypeOf<string>();
    expectTypeOf(queue.put).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(new PriorityQueue<[number, { id: string }]>().getNowait()).toEqualTypeOf<
      [number, { id: string }]
    >();
  });

  it('infers the taskGroup result from the body and the child task type from createTask', () => {
    const result = taskGroup(function* (group) {
      const child = group.createTask(function* (): Coroutine<number> {
        return 1;
      });
      expectTypeOf(child).toEqualTypeOf<Task<number>>();
      return 'done';
    });
    expectTypeOf(result).toEqualTypeOf<Operation<string>>();
  });
});
