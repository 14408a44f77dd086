// Consumer script for the core+sync set: a Semaphore bounding concurrency inside a
// taskGroup, and a failing child turning into an ExceptionGroup.
import assert from 'node:assert/strict';
import {
  ExceptionGroup,
  VirtualClock,
  getRunningLoop,
  run,
  sleep,
  type Coroutine,
  type Task,
} from '@aio/core';
import { Semaphore, taskGroup, type TaskGroup } from '@aio/sync';

const sem = new Semaphore(2);
let active = 0;
let peak = 0;

function* job(i: number): Coroutine<number> {
  using _permit = yield* sem.acquire();
  active++;
  peak = Math.max(peak, active);
  yield* sleep(100);
  active--;
  return i * 2;
}

function* main(): Coroutine<{ results: number[]; elapsed: number }> {
  const started = getRunningLoop().time();
  const tasks: Task<number>[] = [];
  yield* taskGroup(function* body(group: TaskGroup): Coroutine<void> {
    for (let i = 0; i < 5; i++) tasks.push(group.createTask(job(i), { name: `job-${i}` }));
    yield* sleep(0);
  });
  return {
    results: tasks.map((task) => task.result()),
    elapsed: getRunningLoop().time() - started,
  };
}

const out = await run(main, { clock: new VirtualClock() });
assert.deepEqual(out.results, [0, 2, 4, 6, 8]);
assert.equal(peak, 2);
assert.equal(out.elapsed, 300);
assert.equal(sem.value, 2);

// The failure path: the first child error cancels its siblings; the group raises an
// ExceptionGroup holding it.
function* boom(): Coroutine<never> {
  yield* sleep(10);
  throw new Error('boom');
}

let sibling: Task<unknown> | undefined;
await assert.rejects(
  run(
    function* failing(): Coroutine<void> {
      yield* taskGroup(function* body(group: TaskGroup): Coroutine<void> {
        group.createTask(boom(), { name: 'boom' });
        sibling = group.createTask(sleep(10_000), { name: 'sleeper' });
        yield* sleep(0);
      });
    },
    { clock: new VirtualClock() },
  ),
  (error: unknown) =>
    error instanceof ExceptionGroup &&
    error.exceptions.length === 1 &&
    (error.exceptions[0] as Error).message === 'boom',
);
assert.equal(sibling?.cancelled(), true);

console.log('sync: Semaphore + taskGroup ok');
