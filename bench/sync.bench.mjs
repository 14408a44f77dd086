// @aio/sync against its peers, side by side in one run:
//   (1) 100,000 tasks through a Semaphore(10), each holding its permit across one yield;
//   (2) 1,000,000 items through a Queue(100), one producer and one consumer.
// Peers: p-limit and async-mutex for (1), asyncio (python3) for both, and a minimal
// promise-based bounded queue (written below) for (2). The fast contenders run two warm-ups,
// then ROUNDS timed runs interleaved with each other, and the best time of each is reported;
// async-mutex takes tens of seconds, so it runs once; asyncio runs ASYNCIO_ROUNDS times, each
// in a fresh python3 process (best time). `node bench/run.mjs sync`.
//
// The "one yield" while holding the permit: aio and asyncio use sleep(0), which puts the task
// behind every ready task (one scheduler round, not one libuv turn: core batches rounds into
// 2 ms slices). For the promise peers both candidates are shown: `await null` (a microtask,
// the cheapest possible yield, so the strictest comparison) and a setImmediate macrotask.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTask, gather, run, sleep } from '@aio/core';
import { Queue, Semaphore } from '@aio/sync';
import { Semaphore as MutexSemaphore } from 'async-mutex';
import pLimit from 'p-limit';

const here = dirname(fileURLToPath(import.meta.url));
const TASKS = 100_000;
const LIMIT = 10;
const ITEMS = 1_000_000;
const MAXSIZE = 100;
const ROUNDS = 5;
const ASYNCIO_ROUNDS = 3;
const WARMUPS = 2;
const PYTHON = '/usr/bin/python3';

const yieldMacrotask = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs every contender WARMUPS times to warm the JIT up, then ROUNDS times interleaved (a, b, c, a, b, c, …)
 * so that load from other processes hits them alike; reports each one's best time in seconds.
 */
async function interleaved(contenders, rounds = ROUNDS) {
  const best = {};
  for (const [name, fn] of Object.entries(contenders)) {
    for (let i = 0; i < WARMUPS; i++) await fn();
    best[name] = Infinity;
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(contenders)) {
      globalThis.gc?.();
      const start = performance.now();
      await fn();
      best[name] = Math.min(best[name], (performance.now() - start) / 1000);
    }
  }
  return best;
}

/** Times one slow run (no warm-up, no repeat): for peers that take tens of seconds. */
async function once(fn) {
  globalThis.gc?.();
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

function asyncio(args) {
  const result = spawnSync(PYTHON, [join(here, 'sync_asyncio.py'), ...args.map(String)], {
    encoding: 'utf8',
  });
  if (result.error || result.status !== 0) return undefined;
  return JSON.parse(result.stdout.trim()).seconds;
}

function asyncioBest(args) {
  let min = Infinity;
  for (let i = 0; i < ASYNCIO_ROUNDS; i++) {
    const seconds = asyncio(args);
    if (seconds === undefined) return undefined;
    min = Math.min(min, seconds);
  }
  return min;
}

// --- (1) Semaphore(10), 100k tasks, one yield while holding --------------------------------

function aioSemaphore() {
  return run(function* main() {
    const sem = new Semaphore(LIMIT);
    function* worker() {
      const permit = yield* sem.acquire();
      try {
        yield* sleep(0);
      } finally {
        permit.release();
      }
    }
    const tasks = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) tasks[i] = createTask(worker());
    yield* gather(tasks);
  });
}

/** The same 100k tasks and yields with no semaphore: what core alone costs. */
function aioCoreOnly() {
  return run(function* main() {
    function* worker() {
      try {
        yield* sleep(0);
      } finally {
        // no permit to release
      }
    }
    const tasks = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) tasks[i] = createTask(worker());
    yield* gather(tasks);
  });
}

function aioWithPermit() {
  return run(function* main() {
    const sem = new Semaphore(LIMIT);
    const hold = () => sleep(0);
    const tasks = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) tasks[i] = createTask(sem.withPermit(hold));
    yield* gather(tasks);
  });
}

function pLimitCase(yieldOnce) {
  return async () => {
    const limit = pLimit(LIMIT);
    const jobs = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) jobs[i] = limit(yieldOnce);
    await Promise.all(jobs);
  };
}

function asyncMutexCase(yieldOnce) {
  return async () => {
    const sem = new MutexSemaphore(LIMIT);
    const jobs = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) jobs[i] = sem.runExclusive(yieldOnce);
    await Promise.all(jobs);
  };
}

// --- (2) Queue(100), 1M items, one producer, one consumer ------------------------------------

function aioQueue() {
  return run(function* main() {
    const queue = new Queue(MAXSIZE);
    function* producer() {
      for (let i = 0; i < ITEMS; i++) yield* queue.put(i);
    }
    function* consumer() {
      let total = 0;
      for (let i = 0; i < ITEMS; i++) total += yield* queue.get();
      return total;
    }
    const [, total] = yield* gather(producer(), consumer());
    if (total !== (ITEMS * (ITEMS - 1)) / 2) throw new Error(`lost items: ${total}`);
  });
}

/** The smallest honest promise-based bounded queue: FIFO waiters, no cancellation. */
class PromiseQueue {
  #items = [];
  #getters = [];
  #putters = [];
  #max;
  constructor(max) {
    this.#max = max;
  }
  async put(item) {
    while (this.#items.length >= this.#max) {
      await new Promise((resolve) => this.#putters.push(resolve));
    }
    this.#items.push(item);
    this.#getters.shift()?.();
  }
  async get() {
    while (this.#items.length === 0) {
      await new Promise((resolve) => this.#getters.push(resolve));
    }
    const item = this.#items.shift();
    this.#putters.shift()?.();
    return item;
  }
}

async function promiseQueue() {
  const queue = new PromiseQueue(MAXSIZE);
  const producer = async () => {
    for (let i = 0; i < ITEMS; i++) await queue.put(i);
  };
  const consumer = async () => {
    let total = 0;
    for (let i = 0; i < ITEMS; i++) total += await queue.get();
    return total;
  };
  const [, total] = await Promise.all([producer(), consumer()]);
  if (total !== (ITEMS * (ITEMS - 1)) / 2) throw new Error(`lost items: ${total}`);
}

// --- report -----------------------------------------------------------------------------------

function table(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, seconds] of rows) {
    const shown =
      seconds === undefined ? 'skipped (python3 not available)' : `${seconds.toFixed(3)} s`;
    console.log(`  ${name.padEnd(width)}  ${shown}`);
  }
}

function ratio(label, aio, peer, target) {
  if (peer === undefined) return console.log(`  ${label}: skipped`);
  const x = peer / aio;
  const verdict =
    target === undefined
      ? ''
      : x >= target
        ? `  (target ${target}x: met)`
        : `  (target ${target}x: MISSED)`;
  console.log(`  ${label}: aio is ${x.toFixed(2)}x as fast${verdict}`);
}

const fast1 = await interleaved({
  aio: aioSemaphore,
  aioWithPermit: aioWithPermit,
  aioCoreOnly: aioCoreOnly,
  pLimitMicro: pLimitCase(async () => {
    await null;
  }),
  pLimitMacro: pLimitCase(yieldMacrotask),
});
const s1 = {
  ...fast1,
  mutexMicro: await once(
    asyncMutexCase(async () => {
      await null;
    }),
  ),
  asyncio: asyncioBest(['semaphore', TASKS, LIMIT]),
};
table(
  `(1) ${TASKS.toLocaleString('en')} tasks through Semaphore(${LIMIT}), one yield while holding`,
  [
    ['aio Semaphore acquire/release + sleep(0)', s1.aio],
    ['aio Semaphore.withPermit + sleep(0)', s1.aioWithPermit],
    ['(aio core alone: same tasks, no Semaphore)', s1.aioCoreOnly],
    ['p-limit + await null (microtask)', s1.pLimitMicro],
    ['p-limit + setImmediate (macrotask)', s1.pLimitMacro],
    ['async-mutex Semaphore + await null', s1.mutexMicro],
    ['asyncio Semaphore + sleep(0)', s1.asyncio],
  ],
);
ratio('vs p-limit (await null)', s1.aio, s1.pLimitMicro, 1);
ratio('vs p-limit (setImmediate)', s1.aio, s1.pLimitMacro, 1);
ratio('vs async-mutex (await null)', s1.aio, s1.mutexMicro, 10);
ratio('vs asyncio', s1.aio, s1.asyncio, 4);

const s2 = {
  ...(await interleaved({ aio: aioQueue, promise: promiseQueue })),
  asyncio: asyncioBest(['queue', ITEMS, MAXSIZE]),
};
table(
  `(2) ${ITEMS.toLocaleString('en')} items through Queue(${MAXSIZE}), one producer, one consumer`,
  [
    ['aio Queue', s2.aio],
    ['minimal promise queue', s2.promise],
    ['asyncio Queue', s2.asyncio],
  ],
);
ratio('vs minimal promise queue', s2.aio, s2.promise, 1);
ratio('vs asyncio', s2.aio, s2.asyncio, 4);
