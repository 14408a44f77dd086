// Consumer script for the "core alone" set: run + gather + sleep, the subpath entries, and
// the failure path (waitFor raising TimeoutError), exactly as a user of @aio/core writes it.
import assert from 'node:assert/strict';
import {
  TimeoutError,
  VirtualClock,
  gather,
  getRunningLoop,
  run,
  sleep,
  waitFor,
  type Coroutine,
} from '@aio/core';
import { WaitQueue } from '@aio/core/lowlevel';
import { waitAllBlocked } from '@aio/core/testing';

const log: string[] = [];

function* worker(name: string, rounds: number): Coroutine<string> {
  for (let i = 0; i < rounds; i++) {
    log.push(`${name} ${i}`);
    yield* sleep(0);
  }
  return name;
}

function* main(): Coroutine<{ results: [string, string]; elapsed: number; timedOut: boolean }> {
  const loop = getRunningLoop();
  const started = loop.time();
  const results: [string, string] = yield* gather(worker('A', 3), worker('B', 3));
  yield* sleep(1_000);
  let timedOut = false;
  try {
    yield* waitFor(sleep(5_000), 100);
  } catch (error) {
    timedOut = error instanceof TimeoutError;
  }
  return { results, elapsed: loop.time() - started, timedOut };
}

const virtual = await run(main, { clock: new VirtualClock() });
assert.deepEqual(log, ['A 0', 'B 0', 'A 1', 'B 1', 'A 2', 'B 2']);
assert.deepEqual(virtual.results, ['A', 'B']);
assert.equal(virtual.elapsed, 1_100);
assert.equal(virtual.timedOut, true);

// The real clock: a 20 ms sleep takes real time.
const before = Date.now();
assert.equal(await run(sleep(20, 'done')), 'done');
assert.ok(Date.now() - before >= 15, 'sleep(20) returned too early on the real clock');

// Subpath entries: the wait queue and the test helper.
const woken = await run(function* lowlevel(): Coroutine<number> {
  const queue = new WaitQueue<number>({ label: 'pack-check' });
  const waiter = getRunningLoop().createTask(queue.wait(), { name: 'waiter' });
  yield* waitAllBlocked();
  queue.wakeOne(42);
  return yield* waiter;
});
assert.equal(woken, 42);

console.log('core: run + gather + sleep ok');
