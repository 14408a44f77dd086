import { describe, expect, it } from 'vitest';
import {
  InvalidStateError,
  TimeoutError,
  createTask,
  gather,
  isCancelledError,
  sleep,
  waitFor,
  type Coroutine,
} from '@aio/core';
import { waitAllBlocked } from '@aio/core/testing';
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
} from '../src/index.js';
import { caught, now, runVirtual, thrown } from './helpers/run.js';

const variants = [
  { name: 'Queue', create: (maxsize = 0) => new Queue<number>(maxsize), order: [1, 2, 3] },
  { name: 'LifoQueue', create: (maxsize = 0) => new LifoQueue<number>(maxsize), order: [3, 2, 1] },
  {
    name: 'PriorityQueue',
    create: (maxsize = 0) => new PriorityQueue<number>(maxsize),
    order: [1, 2, 3],
  },
];

for (const { name, create, order } of variants) {
  describe(`${name} (queue conformance)`, () => {
    it('serves items in its order', () => {
      const queue = create();
      for (const item of name === 'PriorityQueue' ? [3, 1, 2] : [1, 2, 3]) queue.putNowait(item);
      expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual(order);
    });

    it('rejects a negative, fractional or NaN maxsize with RangeError', () => {
      expect(thrown(() => create(-1))).toBeInstanceOf(RangeError);
      expect(thrown(() => create(2.5))).toBeInstanceOf(RangeError);
      expect(thrown(() => create(Number.NaN))).toBeInstanceOf(RangeError);
    });

    it('throws QueueFull from putNowait() and QueueEmpty from getNowait()', () => {
      const queue = create(1);
      queue.putNowait(1);
      expect(queue.full()).toBe(true);
      const full = thrown(() => queue.putNowait(2));
      expect(full).toBeInstanceOf(QueueFull);
      expect((full as QueueFull).code).toBe('ERR_QUEUE_FULL');
      queue.getNowait();
      const empty = thrown(() => queue.getNowait());
      expect(empty).toBeInstanceOf(QueueEmpty);
      expect((empty as QueueEmpty).code).toBe('ERR_QUEUE_EMPTY');
    });

    it('is never full when unbounded', () => {
      const queue = create(0);
      for (let i = 0; i < 1000; i++) queue.putNowait(i);
      expect(queue.full()).toBe(false);
      expect(queue.qsize()).toBe(1000);
    });

    it('makes get() wait for a put() and put() wait for a get()', async () => {
      await runVirtual(function* () {
        const queue = create(1);
        const getter = createTask(queue.get());
        yield* sleep(10);
        yield* queue.put(7);
        expect(yield* getter).toBe(7);
        yield* queue.put(8);
        const putter = createTask(queue.put(9));
        yield* waitAllBlocked();
        expect(putter.awaiting).toBe(`${name}.put`);
        expect(yield* queue.get()).toBe(8);
        yield* putter;
        expect(queue.getNowait()).toBe(9);
      });
    });

    it('raises QueueShutDown in blocked putters and getters on shutdown()', async () => {
      await runVirtual(function* () {
        const full = create(1);
        full.putNowait(1);
        const putter = createTask(full.put(2));
        const empty = create(1);
        const getter = createTask(empty.get());
        yield* waitAllBlocked();
        full.shutdown();
        empty.shutdown();
        expect(yield* caught(putter)).toBeInstanceOf(QueueShutDown);
        expect(yield* caught(getter)).toBeInstanceOf(QueueShutDown);
      });
    });
  });
}

describe('Queue', () => {
  it('defaults to unbounded (maxsize 0)', () => {
    expect(new Queue().maxsize).toBe(0);
  });

  it('gives the first item to a reader cancelled after two putNowait()s to the next get', async () => {
    // CPython test_get_cancel_drop_one_pending_reader.
    await runVirtual(function* () {
      const queue = new Queue<number>();
      let reader = createTask(queue.get());
      yield* waitAllBlocked();
      queue.putNowait(1);
      queue.putNowait(2);
      reader.cancel();
      try {
        yield* reader;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        reader = createTask(queue.get());
        yield* reader;
      }
      expect(reader.result()).toBe(1);
      expect(queue.getNowait()).toBe(2);
    });
  });

  it('hands the item of a cancelled reader to another pending reader', async () => {
    // CPython test_get_cancel_drop_many_pending_readers.
    await runVirtual(function* () {
      const queue = new Queue<number>();
      const readers = [createTask(queue.get()), createTask(queue.get()), createTask(queue.get())];
      yield* waitAllBlocked();
      queue.putNowait(1);
      queue.putNowait(2);
      readers[0]!.cancel();
      expect(isCancelledError(yield* caught(readers[0]!))).toBe(true);
      const got = yield* gather(readers[1]!, readers[2]!);
      expect([...got].sort()).toEqual([1, 2]);
      expect(queue.empty()).toBe(true);
    });
  });

  it('neither loses nor duplicates the item of a putter cancelled after a slot freed', async () => {
    // CPython test_put_cancel_drop.
    await runVirtual(function* () {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      let writer = createTask(queue.put(2));
      yield* waitAllBlocked();
      expect(queue.getNowait()).toBe(1);
      writer.cancel();
      try {
        yield* writer;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        writer = createTask(queue.put(2));
        yield* writer;
      }
      expect(queue.getNowait()).toBe(2);
      expect(queue.qsize()).toBe(0);
    });
  });

  it('raises plain CancelledError in a putter removed by getNowait() then cancelled', async () => {
    // CPython test_cancelled_put_silence_value_error_exception.
    await runVirtual(function* () {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const putTask = createTask(queue.put(1));
      yield* waitAllBlocked();
      queue.getNowait();
      putTask.cancel();
      expect(isCancelledError(yield* caught(putTask))).toBe(true);
      expect(queue.full()).toBe(false);
      queue.putNowait(3);
    });
  });

  it('passes the slot of a cancelled putter to the next putter', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const first = createTask(queue.put(2));
      const second = createTask(queue.put(3));
      yield* waitAllBlocked();
      queue.getNowait();
      first.cancel();
      yield* second;
      expect(queue.getNowait()).toBe(3);
      expect(queue.empty()).toBe(true);
    });
  });

  it('leaves no getters behind after 10,000 timed-out gets', async () => {
    // CPython test_cancelled_getters_not_being_held_in_self_getters.
    await runVirtual(function* () {
      const queue = new Queue<number>();
      for (let i = 0; i < 10_000; i++) {
        try {
          yield* waitFor(queue.get(), 1);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
        }
      }
      expect(queue.statistics().getters).toBe(0);
      queue.putNowait(1);
      expect(queue.qsize()).toBe(1);
    });
  });

  it('leaves no putters behind after timed-out puts', async () => {
    // CPython test_cancelled_puts_not_being_held_in_self_putters.
    await runVirtual(function* () {
      const queue = new Queue<number>(1);
      queue.putNowait(0);
      for (let i = 0; i < 100; i++) {
        try {
          yield* waitFor(queue.put(i), 1);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
        }
      }
      expect(queue.statistics().putters).toBe(0);
      expect(queue.qsize()).toBe(1);
    });
  });

  it('serves a newcomer after the woken getters (no barging)', async () => {
    await runVirtual(function* () {
      const queue = new Queue<string>(2);
      const getter = createTask(queue.get());
      yield* waitAllBlocked();
      queue.putNowait('for the getter');
      expect(thrown(() => queue.getNowait())).toBeInstanceOf(QueueEmpty);
      expect(yield* getter).toBe('for the getter');
    });
  });

  it('counts an item handed to a woken getter against maxsize until it runs', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>(1);
      const getter = createTask(queue.get());
      yield* waitAllBlocked();
      queue.putNowait(1);
      expect(queue.full()).toBe(true);
      expect(thrown(() => queue.putNowait(2))).toBeInstanceOf(QueueFull);
      yield* getter;
      expect(queue.full()).toBe(false);
    });
  });

  it('releases join() once taskDone() was called for every item', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>();
      function* worker(): Coroutine<void> {
        for (;;) {
          yield* queue.get();
          yield* sleep(10);
          queue.taskDone();
        }
      }
      const workers = [createTask(worker()), createTask(worker())];
      for (let i = 0; i < 6; i++) queue.putNowait(i);
      yield* queue.join();
      expect(now()).toBe(30);
      expect(queue.statistics().unfinishedTasks).toBe(0);
      for (const task of workers) task.cancel();
    });
  });

  it('returns from join() at once when nothing is unfinished', async () => {
    await runVirtual(function* () {
      yield* new Queue().join();
      expect(now()).toBe(0);
    });
  });

  it('throws InvalidStateError from taskDone() called more times than items were put', () => {
    // CPython test_task_done_underflow.
    const queue = new Queue<number>();
    queue.putNowait(1);
    queue.getNowait();
    queue.taskDone();
    expect(thrown(() => queue.taskDone())).toBeInstanceOf(InvalidStateError);
  });

  it('refuses puts after shutdown() and drains the remaining items before raising', async () => {
    // CPython _QueueShutdownTestMixin::test_shutdown_nonempty.
    await runVirtual(function* () {
      const queue = new Queue<number>();
      queue.putNowait(1);
      queue.putNowait(2);
      queue.shutdown();
      expect(queue.isShutdown()).toBe(true);
      expect(thrown(() => queue.putNowait(3))).toBeInstanceOf(QueueShutDown);
      expect(yield* caught(queue.put(3))).toBeInstanceOf(QueueShutDown);
      expect(yield* queue.get()).toBe(1);
      expect(queue.getNowait()).toBe(2);
      expect(yield* caught(queue.get())).toBeInstanceOf(QueueShutDown);
      expect(thrown(() => queue.getNowait())).toBeInstanceOf(QueueShutDown);
    });
  });

  it('keeps join() waiting for taskDone() of items drained after shutdown()', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>();
      queue.putNowait(1);
      queue.shutdown();
      const joiner = createTask(queue.join());
      yield* queue.get();
      yield* sleep(10);
      expect(joiner.done()).toBe(false);
      queue.taskDone();
      yield* joiner;
      expect(now()).toBe(10);
    });
  });

  it('drops the items, lowers the unfinished count and releases join() on shutdown(true)', async () => {
    // CPython test_shutdown_immediate, test_shutdown_immediate_with_unfinished.
    await runVirtual(function* () {
      const queue = new Queue<number>();
      for (const item of [1, 2, 3]) queue.putNowait(item);
      yield* queue.get();
      const joiner = createTask(queue.join());
      yield* waitAllBlocked();
      queue.shutdown(true);
      expect(queue.qsize()).toBe(0);
      expect(queue.statistics().unfinishedTasks).toBe(1);
      expect(thrown(() => queue.getNowait())).toBeInstanceOf(QueueShutDown);
      queue.taskDone();
      yield* joiner;
    });
  });

  it('wakes every waiting getter with QueueShutDown on shutdown(true)', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>();
      const getters = [createTask(queue.get()), createTask(queue.get())];
      yield* waitAllBlocked();
      queue.shutdown(true);
      for (const getter of getters) expect(yield* caught(getter)).toBeInstanceOf(QueueShutDown);
    });
  });

  it('is consumed by a for...of loop that ends when the queue is shut down and drained', async () => {
    const seen: number[] = [];
    await runVirtual(function* () {
      const queue = new Queue<number>();
      for (const item of [1, 2, 3]) queue.putNowait(item);
      queue.shutdown();
      for (const next of queue) seen.push(yield* next);
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('raises QueueShutDown in a for...of step that waits when the queue shuts down', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>();
      const seen: number[] = [];
      function* consume(): Coroutine<void> {
        for (const next of queue) seen.push(yield* next);
      }
      const consumer = createTask(consume());
      yield* queue.put(1);
      yield* sleep(5);
      queue.shutdown();
      expect(yield* caught(consumer)).toBeInstanceOf(QueueShutDown);
      expect(seen).toEqual([1]);
    });
  });

  it('shows Queue.get in the task tree and its state in toString()', async () => {
    await runVirtual(function* () {
      const queue = new Queue<number>(10);
      const getter = createTask(queue.get());
      yield* waitAllBlocked();
      expect(getter.awaiting).toBe('Queue.get');
      expect(String(queue)).toBe('Queue(size=0, maxsize=10, getters=1, putters=0, unfinished=0)');
      queue.putNowait(1);
      queue.putNowait(2);
      queue.shutdown();
      expect(String(queue)).toBe(
        'Queue(size=1, maxsize=10, getters=0, putters=0, unfinished=2, shutdown)',
      );
      yield* getter;
    });
  });

  it('feeds a pool of workers that join() waits for', async () => {
    const handled: number[] = [];
    await runVirtual(function* () {
      const queue = new Queue<number>(2);
      function* worker(): Coroutine<void> {
        for (const next of queue) {
          const job = yield* next;
          yield* sleep(job);
          handled.push(job);
          queue.taskDone();
        }
      }
      const workers = Array.from({ length: 3 }, () => createTask(worker()));
      for (const job of [30, 10, 20, 10]) yield* queue.put(job);
      yield* queue.join();
      queue.shutdown();
      yield* gather(workers, { returnExceptions: true });
    });
    expect(handled).toEqual([10, 20, 10, 30]);
  });
});

describe('PriorityQueue', () => {
  it('orders [priority, item] tuples by priority with any item', () => {
    const queue = new PriorityQueue<[number, { job: string }]>();
    queue.putNowait([2, { job: 'b' }]);
    queue.putNowait([1, { job: 'a' }]);
    queue.putNowait([3, { job: 'c' }]);
    expect(
      [queue.getNowait(), queue.getNowait(), queue.getNowait()].map(([, { job }]) => job),
    ).toEqual(['a', 'b', 'c']);
  });

  it('keeps insertion order among equal priorities', () => {
    const queue = new PriorityQueue<[number, string]>();
    for (const entry of [
      [1, 'x'],
      [0, 'first'],
      [1, 'y'],
      [1, 'z'],
    ] as [number, string][]) {
      queue.putNowait([entry[0], entry[1]]);
    }
    expect(Array.from({ length: 4 }, () => queue.getNowait()[1])).toEqual(['first', 'x', 'y', 'z']);
  });

  it('orders strings', () => {
    const queue = new PriorityQueue<string>();
    for (const item of ['pear', 'apple', 'fig']) queue.putNowait(item);
    expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual([
      'apple',
      'fig',
      'pear',
    ]);
  });

  it('uses the compare option', () => {
    const queue = new PriorityQueue<{ at: number }>(0, { compare: (a, b) => b.at - a.at });
    for (const at of [1, 3, 2]) queue.putNowait({ at });
    expect([queue.getNowait().at, queue.getNowait().at, queue.getNowait().at]).toEqual([3, 2, 1]);
  });

  it('throws TypeError for items it cannot order without a compare option', () => {
    const queue = new PriorityQueue<object>();
    expect(thrown(() => queue.putNowait({}))).toBeInstanceOf(TypeError);
    expect(queue.qsize()).toBe(0);
  });

  it('serves a returned item of a cancelled getter before equal items', async () => {
    await runVirtual(function* () {
      const queue = new PriorityQueue<[number, string]>();
      const reader = createTask(queue.get());
      yield* waitAllBlocked();
      queue.putNowait([1, 'first']);
      queue.putNowait([1, 'second']);
      reader.cancel();
      yield* caught(reader);
      expect(queue.getNowait()[1]).toBe('first');
    });
  });
});

describe('LifoQueue', () => {
  it('serves the most recent item first', () => {
    const queue = new LifoQueue<string>();
    queue.putNowait('a');
    queue.putNowait('b');
    expect(queue.getNowait()).toBe('b');
  });
});
