/**
 * Model-based tests: random sequences of acquire / release / cancel (and put / get / cancel)
 * run against the real primitives on a VirtualClock and are checked against a reference
 * model after every step (RELIABILITY A2 #6, fuzzing target "sync primitives").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTask, type Coroutine, type Task } from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import {
  Condition,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  Semaphore,
} from '../src/index.js';
import type { Permit } from '../src/index.js';
import { runVirtual } from './helpers/run.js';

// Deterministic by default; set FC_SEED to explore other interleavings.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_129) });

type SemAction =
  | { kind: 'acquire' }
  | { kind: 'release'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'settle' };

const semAction: fc.Arbitrary<SemAction> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'acquire' as const }) },
  { weight: 3, arbitrary: fc.nat(20).map((pick) => ({ kind: 'release' as const, pick })) },
  { weight: 2, arbitrary: fc.nat(20).map((pick) => ({ kind: 'cancel' as const, pick })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

describe('Semaphore (model)', () => {
  it('never exceeds its permits, never loses one, and serves waiters FIFO', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(semAction, { maxLength: 80 }),
        (permits, actions) =>
          runVirtual(function* () {
            const sem = new Semaphore(permits);
            const held: Permit[] = [];
            const pending = new Map<number, Task<void>>();
            const arrived: number[] = [];
            const served: number[] = [];
            let nextId = 0;
            function* acquirer(id: number): Coroutine<void> {
              const permit = yield* sem.acquire();
              // FIFO: every task that arrived earlier was served or gave up.
              for (const earlier of arrived) {
                if (earlier >= id) break;
                const task = pending.get(earlier);
                expect(task === undefined || task.done() || task.cancelling() > 0).toBe(true);
              }
              pending.delete(id);
              served.push(id);
              held.push(permit);
              expect(held.length).toBeLessThanOrEqual(permits);
            }
            function* settle(): Coroutine<void> {
              yield* waitAllBlocked();
              // Conservation: free + held is the initial count, and nobody waits while one is free.
              expect(sem.value + held.length).toBe(permits);
              if (sem.value > 0) expect(sem.statistics().waiters).toBe(0);
              expect(sem.statistics().waiters).toBe(pending.size);
            }
            for (const action of actions) {
              if (action.kind === 'acquire') {
                const id = nextId++;
                arrived.push(id);
                const task = createTask(acquirer(id));
                pending.set(id, task);
                task.addDoneCallback(() => {
                  if (task.cancelled()) pending.delete(id);
                });
              } else if (action.kind === 'release') {
                if (held.length > 0) held.splice(action.pick % held.length, 1)[0]!.release();
              } else if (action.kind === 'cancel') {
                const tasks = [...pending.values()];
                if (tasks.length > 0) tasks[action.pick % tasks.length]!.cancel();
              } else {
                yield* settle();
              }
            }
            yield* settle();
            for (const task of pending.values()) task.cancel();
            for (const permit of held.splice(0)) permit.release();
            yield* waitAllBlocked();
            expect(sem.value).toBe(permits);
            expect(served).toEqual([...served].sort((a, b) => a - b));
          }),
      ),
      { numRuns: 150 },
    );
  });
});

type QueueAction =
  | { kind: 'put' }
  | { kind: 'get' }
  | { kind: 'putNowait' }
  | { kind: 'getNowait' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'settle' };

const queueAction: fc.Arbitrary<QueueAction> = fc.oneof(
  fc.constant({ kind: 'put' as const }),
  fc.constant({ kind: 'get' as const }),
  fc.constant({ kind: 'putNowait' as const }),
  fc.constant({ kind: 'getNowait' as const }),
  fc.nat(20).map((pick) => ({ kind: 'cancel' as const, pick })),
  fc.constant({ kind: 'settle' as const }),
);

const queueKinds = {
  Queue: (maxsize: number) => new Queue<number>(maxsize),
  LifoQueue: (maxsize: number) => new LifoQueue<number>(maxsize),
  PriorityQueue: (maxsize: number) => new PriorityQueue<number>(maxsize),
};

describe('Queue (model)', () => {
  for (const [name, create] of Object.entries(queueKinds)) {
    it(`${name} loses and duplicates no item under random cancellation of getters and putters`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 3 }),
          fc.array(queueAction, { maxLength: 80 }),
          (maxsize, actions) =>
            runVirtual(function* () {
              const queue = create(maxsize);
              const capacity = maxsize === 0 ? Infinity : maxsize;
              const putters = new Map<number, Task<void>>();
              const getters = new Set<Task<number>>();
              const accepted = new Set<number>();
              const received: number[] = [];
              let nextItem = 0;
              function* settle(): Coroutine<void> {
                yield* waitAllBlocked();
                expect(queue.qsize()).toBeLessThanOrEqual(capacity);
                if (queue.qsize() > 0) expect(queue.statistics().getters).toBe(0);
                if (queue.statistics().putters > 0) expect(queue.full()).toBe(true);
              }
              for (const action of actions) {
                switch (action.kind) {
                  case 'put': {
                    const item = nextItem++;
                    const task = createTask(queue.put(item));
                    putters.set(item, task);
                    task.addDoneCallback(() => {
                      putters.delete(item);
                      if (!task.cancelled()) accepted.add(item);
                    });
                    break;
                  }
                  case 'get': {
                    const task = createTask(queue.get());
                    getters.add(task);
                    task.addDoneCallback(() => {
                      getters.delete(task);
                      if (!task.cancelled()) received.push(task.result());
                    });
                    break;
                  }
                  case 'putNowait': {
                    const item = nextItem++;
                    try {
                      queue.putNowait(item);
                      accepted.add(item);
                    } catch (error) {
                      if (!(error instanceof QueueFull)) throw error;
                    }
                    break;
                  }
                  case 'getNowait':
                    try {
                      received.push(queue.getNowait());
                    } catch (error) {
                      if (!(error instanceof QueueEmpty)) throw error;
                    }
                    break;
                  case 'cancel': {
                    const tasks: Task<unknown>[] = [...putters.values(), ...getters];
                    if (tasks.length > 0) tasks[action.pick % tasks.length]!.cancel();
                    break;
                  }
                  case 'settle':
                    yield* settle();
                }
              }
              for (const task of [...putters.values(), ...getters]) task.cancel();
              yield* waitAllBlocked();
              const remaining: number[] = [];
              while (!queue.empty()) remaining.push(queue.getNowait());
              const all = [...received, ...remaining];
              expect(new Set(all).size).toBe(all.length); // nothing duplicated
              expect([...all].sort((a, b) => a - b)).toEqual([...accepted].sort((a, b) => a - b)); // nothing lost
            }),
        ),
        { numRuns: 150 },
      );
    });
  }

  it('Queue gives the items, in the order they went in, to getters in arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.constantFrom('put', 'get', 'settle'), { maxLength: 60 }),
        (maxsize, actions) =>
          runVirtual(function* () {
            const queue = new Queue<number>(maxsize);
            const getters: Task<number>[] = [];
            // A put is complete once its item is in the queue: that is the queue's order.
            const entered: number[] = [];
            let next = 0;
            let puts = 0;
            const put = (): void => {
              const item = next++;
              const task = createTask(queue.put(item));
              task.addDoneCallback(() => entered.push(item));
              puts++;
            };
            for (const action of actions) {
              if (action === 'put') put();
              else if (action === 'get') getters.push(createTask(queue.get()));
              else yield* waitAllBlocked();
            }
            for (let i = getters.length; i < puts; i++) getters.push(createTask(queue.get()));
            while (puts < getters.length) put();
            yield* waitAllBlocked();
            // The n-th getter to arrive gets the n-th item to enter the queue.
            expect(getters.map((task) => task.result())).toEqual(entered);
          }),
      ),
      { numRuns: 300 },
    );
  });
});

type ConditionAction =
  | { kind: 'consumer' }
  | { kind: 'produce'; count: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'settle' };

const conditionAction: fc.Arbitrary<ConditionAction> = fc.oneof(
  fc.constant({ kind: 'consumer' as const }),
  fc.integer({ min: 1, max: 2 }).map((count) => ({ kind: 'produce' as const, count })),
  fc.nat(20).map((pick) => ({ kind: 'cancel' as const, pick })),
  fc.constant({ kind: 'settle' as const }),
);

describe('Condition (model)', () => {
  it('never leaves a consumer asleep while an item waits, under random cancellation', async () => {
    // The lost wake-up of CPython gh-112202, searched for at random.
    await fc.assert(
      fc.asyncProperty(fc.array(conditionAction, { maxLength: 60 }), (actions) =>
        runVirtual(function* () {
          const cond = new Condition();
          let items = 0;
          let produced = 0;
          let consumed = 0;
          const consumers = new Set<Task<void>>();
          function* consumer(): Coroutine<void> {
            yield* cond.acquire();
            try {
              yield* cond.waitFor(() => items > 0);
              items--;
              consumed++;
            } finally {
              cond.release();
            }
          }
          for (const action of actions) {
            if (action.kind === 'consumer') {
              const task = createTask(consumer());
              consumers.add(task);
              task.addDoneCallback(() => consumers.delete(task));
            } else if (action.kind === 'produce') {
              yield* cond.acquire();
              items += action.count;
              produced += action.count;
              cond.notify(action.count);
              cond.release();
            } else if (action.kind === 'cancel') {
              const tasks = [...consumers];
              if (tasks.length > 0) tasks[action.pick % tasks.length]!.cancel();
            } else {
              yield* waitAllBlocked();
              expect(cond.locked()).toBe(false);
              if (items > 0) expect(cond.statistics().waiters).toBe(0);
            }
          }
          yield* waitAllBlocked();
          expect(cond.locked()).toBe(false);
          if (items > 0) expect(cond.statistics().waiters).toBe(0);
          expect(produced - consumed).toBe(items);
          for (const task of consumers) task.cancel();
          yield* waitAllBlocked();
          expect(cond.locked()).toBe(false);
        }),
      ),
      { numRuns: 150 },
    );
  });
});
