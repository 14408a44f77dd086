// Core scheduler figures (RELIABILITY.md (b) row 11, issue #2): aio side by side with Python
// asyncio (plus uvloop when importable) and Effection 4, in one run.
//
//   node bench/run.mjs core                      (run.mjs passes --expose-gc)
//   node --expose-gc bench/core.bench.mjs [--quick] [--only=gather,yield,cancel,timer,pingpong]
//   AIO_CORE=/path/to/core/dist/index.js node bench/run.mjs core   (A/B a patched core build)
//
// Every (implementation, case) pair runs in its own process so heaps and timers never mix;
// the Python side is bench/core_asyncio.py. Loops that could run for minutes on a slow peer
// (1M yields, 1M ping-pongs) stop after a time budget and the figure is extrapolated
// linearly (marked `*`); Effection's create+gather runs a smaller N for the same reason.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const quick = process.argv.includes('--quick');

/** Full sizes, from the issue and RELIABILITY.md; `--quick` shrinks them so CI stays fast. */
const CASES = [
  { id: 'gather', label: 'create+gather 100k tasks (return at once)', n: 100_000, goal: 2_000 },
  { id: 'yield10', label: '100k tasks x 10 sleep(0), gathered', n: 100_000 },
  { id: 'heap', label: 'heap per task blocked on one event', n: 100_000, unit: 'bytes' },
  { id: 'cancelmany', label: 'cancel 100k sleeping tasks', n: 100_000 },
  { id: 'yield', label: '1M sleep(0) yields, one task', n: 1_000_000, goal: 5_000 },
  { id: 'cancel', label: 'cancel 10k sleeping children', n: 10_000, goal: 200 },
  { id: 'timer', label: 'sleep(50) overshoot p99, 50 samples', n: 50, goal: 15 },
  { id: 'pingpong', label: '1M ping-pong via Futures', n: 1_000_000, goal: undefined },
];
const QUICK_N = {
  gather: 2_000,
  yield10: 2_000,
  heap: 2_000,
  cancelmany: 2_000,
  yield: 20_000,
  cancel: 500,
  timer: 5,
  pingpong: 20_000,
};
/** The cases native async/await runs (it has no sleep(0) scheduler, timers or futures of its own). */
const NATIVE_CASES = new Set(['gather', 'yield10', 'heap', 'cancelmany']);
/** The cases aio also runs with eager tasks (`run(main, { eagerTasks: true })`, opt-in). */
const EAGER_CASES = new Set(['gather', 'yield10']);
/** The Python script's case for each id (the 100k cancel is its cancel case at a larger n). */
const PYTHON_CASE = { cancelmany: 'cancel' };
/** Seconds a budgeted loop may run before it stops and extrapolates. */
const BUDGET_S = quick ? 1 : 3;
/** Repeated cases take the median of up to REPS runs, stopping early after REP_BUDGET_S. */
const REPS = quick ? 1 : 3;
const REP_BUDGET_S = 5;
/** Effection spawns ~100x slower than aio; its gather runs at this fraction of N. */
const EFFECTION_GATHER_N = quick ? 1_000 : 5_000;

// WARM-UP: every repeated case first runs once at full size, untimed, in every implementation
// (Python too). The first full-size run pays one-time costs that are not the workload: the JIT
// on the cold paths, and the heap growing from nothing (on the benchmark VM, faulting in fresh
// pages made aio's first 100k x 10 yields run ~30% slower than the next ones).

// ---------------------------------------------------------------------------------------
// Worker side: `node core.bench.mjs --worker <aio|effection> <case> <n>` prints one JSON line.

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(values) {
  return percentile(values, 50);
}

/** Wall and process CPU time since `startClock()`: the host may be shared, CPU time less so. */
function startClock() {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function stopClock(clock) {
  const cpu = process.cpuUsage(clock.cpu);
  return { ms: performance.now() - clock.wall, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function medianOf(samples) {
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    samples: samples.length,
  };
}

function memory() {
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

function collect() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

function stackDepth() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const depth = new Error().stack.split('\n').length - 1;
  Error.stackTraceLimit = limit;
  return depth;
}

/** child(0..n-1): the operations (or promises) a gather-style case waits for. */
function children(child, n) {
  const ops = new Array(n);
  for (let i = 0; i < n; i++) ops[i] = child(i);
  return ops;
}

/** Fails the run unless `results` are 0..n-1 in argument order. */
function checkResults(results, n) {
  if (results.length !== n || results[n - 1] !== n - 1) throw new Error('bad gathered results');
}

/** Runs child(0..n-1) through `all` (aio's gather, Effection's all) and checks the results. */
function* allOf(all, child, n) {
  checkResults(yield* all(children(child, n)), n);
}

/** A child that returns at once. */
function* returnAtOnce(i) {
  return i;
}

/** A child that yields ten times with the library's `sleep(0)`, then returns. */
function yieldTenTimes(sleep) {
  return function* child(i) {
    for (let k = 0; k < 10; k++) yield* sleep(0);
    return i;
  };
}

/** The same workloads, written once against a small adapter per library. */
async function aioWorkloads(eagerTasks = false) {
  const { run, sleep, createTask, gather, Future, isCancelledError } = await import(
    process.env.AIO_CORE ?? '@aio/core'
  );
  const { Event } = await import('@aio/sync');
  return {
    run: (body) => run(body, { eagerTasks }),
    yield10: (n) => allOf(gather, yieldTenTimes(sleep), n),
    heap: function* (n) {
      const event = new Event();
      function* waiter() {
        yield* event.wait();
      }
      const tasks = new Array(n);
      collect();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < n; i++) tasks[i] = createTask(waiter());
      yield* sleep(0); // every task is now blocked in event.wait()
      collect();
      const bytes = (process.memoryUsage().heapUsed - before) / n;
      event.set();
      yield* gather(tasks);
      return bytes;
    },
    gather: (n) => allOf(gather, returnAtOnce, n),
    sleep0: () => sleep(0),
    sleep: (ms) => sleep(ms),
    cancel: function* (n) {
      let finished = 0;
      function* child() {
        try {
          yield* sleep(3_600_000);
        } finally {
          finished++;
        }
      }
      const tasks = [];
      for (let i = 0; i < n; i++) tasks.push(createTask(child));
      yield* sleep(0); // every child is now parked in its sleep
      const clock = startClock();
      for (const task of tasks) task.cancel();
      const results = yield* gather(tasks, { returnExceptions: true });
      const took = stopClock(clock);
      if (finished !== n) throw new Error(`only ${finished} of ${n} finally blocks ran`);
      if (!results.every(isCancelledError)) throw new Error('a child did not end cancelled');
      return took;
    },
    pingpong: function* (n, deadline) {
      let ping = new Future();
      let pong = new Future();
      let stopAt = n;
      function* a() {
        let i = 0;
        while (i < stopAt) {
          const reply = pong;
          const p = ping;
          ping = new Future();
          p.setResult(i);
          if ((yield* reply) !== i) throw new Error('ping-pong out of step');
          i++;
          if ((i & 1023) === 0 && performance.now() > deadline) stopAt = i;
        }
        ping.setResult(-1);
        return i;
      }
      function* b(first) {
        let value = yield* first;
        while (value >= 0) {
          const q = pong;
          const next = ping;
          pong = new Future();
          q.setResult(value);
          value = yield* next;
        }
      }
      const first = ping;
      const tb = createTask(b(first));
      const [done] = yield* gather(a(), tb);
      return done;
    },
  };
}

async function effectionWorkloads() {
  const { run, sleep, spawn, all, suspend, withResolvers } = await import('effection');
  return {
    run: (body) => run(body),
    yield10: (n) => allOf(all, yieldTenTimes(sleep), n),
    heap: function* (n) {
      const gate = withResolvers();
      let started = 0;
      function* waiter() {
        started++;
        yield* gate.operation;
      }
      const tasks = new Array(n);
      collect();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < n; i++) tasks[i] = yield* spawn(waiter);
      while (started < n) yield* sleep(0);
      collect();
      const bytes = (process.memoryUsage().heapUsed - before) / n;
      gate.resolve();
      for (const task of tasks) yield* task;
      return bytes;
    },
    gather: (n) => allOf(all, returnAtOnce, n),
    sleep0: () => sleep(0),
    sleep: (ms) => sleep(ms),
    cancel: function* (n) {
      // Structured concurrency: the children live in one parent task; halting it halts them.
      let started = 0;
      let finished = 0;
      function* child() {
        started++;
        try {
          yield* sleep(3_600_000);
        } finally {
          finished++;
        }
      }
      const group = yield* spawn(function* () {
        for (let i = 0; i < n; i++) yield* spawn(child);
        yield* suspend();
      });
      while (started < n) yield* sleep(0);
      const clock = startClock();
      yield* group.halt();
      const took = stopClock(clock);
      if (finished !== n) throw new Error(`only ${finished} of ${n} finally blocks ran`);
      return took;
    },
    pingpong: function* (n, deadline) {
      let ping = withResolvers();
      let pong = withResolvers();
      let stopAt = n;
      function* a() {
        let i = 0;
        while (i < stopAt) {
          const reply = pong;
          const p = ping;
          ping = withResolvers();
          p.resolve(i);
          if ((yield* reply.operation) !== i) throw new Error('ping-pong out of step');
          i++;
          if ((i & 1023) === 0 && performance.now() > deadline) stopAt = i;
        }
        ping.resolve(-1);
        return i;
      }
      function* b(first) {
        // Spawned tasks start later, so b is handed the first inbox rather than reading it.
        let value = yield* first.operation;
        while (value >= 0) {
          const q = pong;
          const next = ping;
          pong = withResolvers();
          q.resolve(value);
          value = yield* next.operation;
        }
      }
      const first = ping;
      const tb = yield* spawn(() => b(first));
      const done = yield* a();
      yield* tb;
      return done;
    },
  };
}

/** Plain async/await, the baseline aio must beat: `Promise.all` and `await null` yields. */
const nativeWorkloads = {
  async gather(n) {
    checkResults(await Promise.all(children(async (i) => i, n)), n);
  },
  async yield10(n) {
    async function child(i) {
      for (let k = 0; k < 10; k++) await null;
      return i;
    }
    checkResults(await Promise.all(children(child, n)), n);
  },
  async heap(n) {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    async function waiter() {
      await gate;
    }
    const promises = new Array(n);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) promises[i] = waiter();
    await null;
    collect();
    const bytes = (process.memoryUsage().heapUsed - before) / n;
    release();
    await Promise.all(promises);
    return bytes;
  },
  /** Cancellation by hand: one AbortController per sleeping call, as such code is written. */
  async cancelmany(n) {
    let finished = 0;
    const sleepFor = (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    async function child(signal) {
      try {
        await sleepFor(3_600_000, signal);
      } finally {
        finished++;
      }
    }
    const controllers = new Array(n);
    const promises = new Array(n);
    for (let i = 0; i < n; i++) {
      controllers[i] = new AbortController();
      promises[i] = child(controllers[i].signal);
    }
    await null;
    const clock = startClock();
    for (const controller of controllers) controller.abort();
    await Promise.allSettled(promises);
    const took = stopClock(clock);
    if (finished !== n) throw new Error(`only ${finished} of ${n} finally blocks ran`);
    return took;
  },
};

async function nativeWorker(id, n) {
  const times = [];
  const repsEnd = performance.now() + REP_BUDGET_S * 1000;
  if (id === 'heap') return { bytes: await nativeWorkloads.heap(n), n, done: n };
  if (id === 'cancelmany') {
    await nativeWorkloads.cancelmany(n); // warm-up
    while (times.length < REPS && (times.length === 0 || performance.now() < repsEnd)) {
      collect();
      times.push(await nativeWorkloads.cancelmany(n));
    }
    return { ...medianOf(times), n, done: n };
  }
  await nativeWorkloads[id](n); // warm-up at full size (see WARM-UP above)
  while (times.length < REPS && (times.length === 0 || performance.now() < repsEnd)) {
    collect();
    const clock = startClock();
    await nativeWorkloads[id](n);
    times.push(stopClock(clock));
  }
  return { ...medianOf(times), n, done: n };
}

/** The floor for the timer case: a bare Node `setTimeout(50)`, which aio's one timer uses. */
async function nodeTimerFloor(n) {
  const overshoots = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    overshoots.push(performance.now() - start - 50);
  }
  return { n, done: n, overshoots };
}

async function worker(impl, id, n) {
  if (impl === 'node') return nodeTimerFloor(n);
  if (impl === 'native') return nativeWorker(id, n);
  const w =
    impl === 'aio' || impl === 'aio-eager'
      ? await aioWorkloads(impl === 'aio-eager')
      : await effectionWorkloads();
  const budgetMs = BUDGET_S * 1000;
  switch (id) {
    case 'heap':
      return w.run(function* () {
        return { bytes: yield* w.heap(n), n, done: n };
      });
    case 'yield10':
    case 'gather':
      return w.run(function* () {
        const body = id === 'gather' ? w.gather : w.yield10;
        yield* body(n); // warm-up at full size (see WARM-UP above)
        const times = [];
        const repsEnd = performance.now() + REP_BUDGET_S * 1000;
        while (times.length < REPS && (times.length === 0 || performance.now() < repsEnd)) {
          collect();
          const clock = startClock();
          yield* body(n);
          times.push(stopClock(clock));
        }
        return { ...medianOf(times), n, done: n };
      });
    case 'yield':
      return w.run(function* () {
        collect();
        const before = memory();
        let stackFirst = 0;
        const deadline = performance.now() + budgetMs;
        const clock = startClock();
        let done = 0;
        while (done < n) {
          if (done === 0) stackFirst = stackDepth();
          yield* w.sleep0();
          done++;
          if ((done & 1023) === 0 && performance.now() > deadline) break;
        }
        const stackLast = stackDepth();
        const took = stopClock(clock);
        const after = memory();
        collect();
        const afterGc = memory();
        return {
          ...took,
          n,
          done,
          memory: {
            heapBefore: before.heapUsed,
            heapAfter: after.heapUsed,
            heapAfterGc: afterGc.heapUsed,
            rssBefore: before.rss,
            rssAfter: after.rss,
          },
          stack: { first: stackFirst, last: stackLast },
        };
      });
    case 'cancel':
    case 'cancelmany':
      return w.run(function* () {
        yield* w.cancel(n); // warm-up at full size: the cancel path is cold until then
        const times = [];
        const repsEnd = performance.now() + REP_BUDGET_S * 1000;
        while (times.length < REPS && (times.length === 0 || performance.now() < repsEnd)) {
          collect();
          times.push(yield* w.cancel(n));
        }
        return { ...medianOf(times), n, done: n };
      });
    case 'timer':
      return w.run(function* () {
        const overshoots = [];
        for (let i = 0; i < n; i++) {
          const start = performance.now();
          yield* w.sleep(50);
          overshoots.push(performance.now() - start - 50);
        }
        return { n, done: n, overshoots };
      });
    case 'pingpong':
      return w.run(function* () {
        const clock = startClock();
        const done = yield* w.pingpong(n, performance.now() + budgetMs);
        return { ...stopClock(clock), n, done };
      });
    default:
      throw new Error(`unknown case ${id}`);
  }
}

// ---------------------------------------------------------------------------------------
// Driver side: runs every pair in a child process and prints the table.

function spawnJson(command, args, timeoutMs) {
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, cwd: here });
  const wall = performance.now() - started;
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') {
    return { error: `timed out after ${Math.round(wall / 1000)} s` };
  }
  if (child.status !== 0) {
    const last = (child.stderr || child.stdout || '').trim().split('\n').pop();
    return { error: `exit ${child.status}: ${last}` };
  }
  const line = child.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: `unparsable output: ${line}` };
  }
}

function pythonHas(module) {
  const probe = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return probe.status === 0;
}

/** Adds `value` (ms) and `extrapolated` to a raw result, scaling partial runs up to `full`. */
function finishResult(id, result, full) {
  if (result.error) return result;
  if (id === 'heap') return { ...result, value: result.bytes };
  if (id === 'timer') {
    return {
      ...result,
      value: percentile(result.overshoots, 99),
      p50: percentile(result.overshoots, 50),
    };
  }
  const scale = result.done < full ? full / result.done : 1;
  return {
    ...result,
    value: result.ms * scale,
    cpu: result.cpuMs === undefined ? undefined : result.cpuMs * scale,
    extrapolated: scale !== 1,
  };
}

function fmtMs(ms) {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtBytes(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function cell(result, aio, key = 'value', unit = 'ms') {
  if (result === undefined) return '-';
  if (result.error) return result.error.length > 40 ? 'failed' : result.error;
  if (result[key] === undefined) return '-';
  const mark = result.extrapolated ? '*' : '';
  const amount = unit === 'bytes' ? `${Math.round(result[key])} B` : fmtMs(result[key]);
  const text = `${amount}${mark}`;
  if (aio === undefined || aio.error || result === aio || aio[key] === undefined) return text;
  return `${text} (${(result[key] / aio[key]).toFixed(1)}x)`;
}

function printTable(rows) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row) => `| ${row.map((text, col) => text.padEnd(widths[col])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
}

/** The issue's targets, as ratios from this run (peer / aio unless said otherwise). */
function printTargets(results) {
  const value = (id, name) => {
    const result = results[id]?.[name];
    return result === undefined || result.error ? undefined : result.value;
  };
  const ratio = (id, peer) => {
    const aio = value(id, 'aio');
    const other = value(id, peer);
    return aio === undefined || other === undefined ? undefined : other / aio;
  };
  const check = (label, figure, ok, text) =>
    figure === undefined
      ? `  ${label}: not measured`
      : `  ${label}: ${text} (${ok ? 'met' : 'MISSED'})`;
  /** A target of the form "aio at least `target` times faster than `peer`". */
  const ratioAtLeast = (label, id, peer, target, digits = 1) => {
    const figure = ratio(id, peer);
    return check(label, figure, figure >= target, `${figure?.toFixed(digits)}x`);
  };
  const lines = [
    ratioAtLeast('100k x 10 yields vs asyncio, target >= 10x', 'yield10', 'asyncio', 10),
    ratioAtLeast('100k x 10 yields vs Effection, target >= 30x', 'yield10', 'effection', 30),
    ratioAtLeast(
      '100k x 10 yields vs native Promise.all + await null, target faster',
      'yield10',
      'native',
      1,
      2,
    ),
    check(
      'tasks that return at once, per task, target <= 2x native',
      ratio('gather', 'native'),
      1 / ratio('gather', 'native') <= 2,
      `${((value('gather', 'aio') * 1000) / results.gather?.aio?.n).toFixed(2)} us vs ` +
        `${((value('gather', 'native') * 1000) / results.gather?.native?.n).toFixed(2)} us native, ` +
        `${(1 / ratio('gather', 'native')).toFixed(1)}x`,
    ),
    check(
      '  same with eager tasks (opt-in, asyncio 3.12 eager_task_factory)',
      value('gather', 'aio eager'),
      value('gather', 'aio eager') / value('gather', 'native') <= 2,
      `${((value('gather', 'aio eager') * 1000) / results.gather?.['aio eager']?.n).toFixed(2)} us, ` +
        `${(value('gather', 'aio eager') / value('gather', 'native')).toFixed(1)}x native`,
    ),
    check(
      'heap per pending task, target <= 400 B',
      value('heap', 'aio'),
      value('heap', 'aio') <= 400,
      `${Math.round(value('heap', 'aio'))} B (asyncio ${Math.round(value('heap', 'asyncio'))} B, ` +
        `native ${Math.round(value('heap', 'native'))} B)`,
    ),
    ratioAtLeast('cancel 100k sleeping tasks vs asyncio, target >= 3x', 'cancelmany', 'asyncio', 3),
  ];
  console.log(`\nissue #2 targets (ratios from this run):\n${lines.join('\n')}`);
}

async function driver() {
  // Everything printed is also written to bench/results/core.md (full runs only).
  const printed = [];
  const print = console.log;
  console.log = (...args) => {
    printed.push(args.join(' '));
    print(...args);
  };
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const cases = only === undefined ? CASES : CASES.filter((c) => only.split(',').includes(c.id));
  const notes = [];
  const hasPython = pythonHas('asyncio');
  const hasUvloop = hasPython && pythonHas('uvloop');
  if (!hasPython) notes.push(`${PYTHON} with asyncio not found: asyncio columns skipped.`);
  else if (!hasUvloop) notes.push('`import uvloop` failed: asyncio+uvloop column skipped.');

  const impls = [
    { name: 'aio', node: 'aio' },
    { name: 'asyncio', python: [] },
    { name: 'asyncio+uvloop', python: ['--uvloop'] },
    { name: 'effection', node: 'effection' },
    { name: 'native', node: 'native', only: NATIVE_CASES },
    { name: 'aio eager', node: 'aio-eager', only: EAGER_CASES },
  ].filter((impl) => (impl.python ? (impl.name === 'asyncio' ? hasPython : hasUvloop) : true));

  const results = {};
  const started = performance.now();
  const loadBefore = loadavg()[0];
  for (const c of cases) {
    const full = quick ? QUICK_N[c.id] : c.n;
    results[c.id] = {};
    for (const impl of impls) {
      if (impl.only !== undefined && !impl.only.has(c.id)) continue;
      let n = full;
      if (impl.name === 'effection' && full > 10_000) n = Math.min(full, EFFECTION_GATHER_N);
      const timeoutMs = (BUDGET_S + 40) * 1000;
      const raw = impl.node
        ? spawnJson(
            process.execPath,
            ['--expose-gc', fileURLToPath(import.meta.url), '--worker', impl.node, c.id, String(n)],
            timeoutMs,
          )
        : spawnJson(
            PYTHON,
            [
              join(here, 'core_asyncio.py'),
              PYTHON_CASE[c.id] ?? c.id,
              ...impl.python,
              '--n',
              String(n),
              '--budget',
              String(BUDGET_S),
              '--reps',
              String(REPS),
            ],
            timeoutMs,
          );
      results[c.id][impl.name] = finishResult(c.id, raw, full);
      process.stderr.write(
        `  ${c.id} / ${impl.name}: ${cell(results[c.id][impl.name], undefined, 'value', c.unit)}\n`,
      );
    }
    if (c.id === 'timer') {
      const floor = spawnJson(
        process.execPath,
        [fileURLToPath(import.meta.url), '--worker', 'node', 'timer', String(full)],
        (BUDGET_S + 40) * 1000,
      );
      results.timer['node setTimeout'] = finishResult('timer', floor, full);
    }
  }

  const columns = ['aio', 'asyncio', 'asyncio+uvloop', 'effection', 'native', 'aio eager'];
  const rows = [['case', 'goal (aio)', ...columns]];
  for (const c of cases) {
    const byImpl = results[c.id];
    const aio = byImpl.aio;
    const goal =
      c.goal === undefined || quick
        ? '-'
        : `< ${fmtMs(c.goal)} ${aio && !aio.error ? (aio.value < c.goal ? 'ok' : 'MISSED') : ''}`;
    const label = quick ? `${c.label} (quick: n=${QUICK_N[c.id]})` : c.label;
    rows.push([
      label,
      goal.trim(),
      ...columns.map((name) => cell(byImpl[name], aio, 'value', c.unit)),
    ]);
  }
  console.log(
    `\ncore scheduler: aio vs peers (node ${process.version}, ${availableParallelism()} CPUs, ` +
      `1-min load ${loadBefore.toFixed(1)} at start / ${loadavg()[0].toFixed(1)} at end; ` +
      `median of up to ${REPS} runs where repeated)`,
  );
  console.log('(Nx) = peer time / aio time: above 1 means aio is faster.\n');
  printTable(rows);

  console.log('\nSame runs, process CPU time (user+system) of the measured part:\n');
  const cpuRows = [['case', ...columns]];
  for (const c of cases.filter((c) => c.id !== 'timer' && c.unit === undefined)) {
    const byImpl = results[c.id];
    cpuRows.push([c.label, ...columns.map((name) => cell(byImpl[name], byImpl.aio, 'cpu'))]);
  }
  printTable(cpuRows);

  if (results.timer) {
    const parts = Object.entries(results.timer)
      .filter(([, r]) => !r.error)
      .map(([name, r]) => `${name} p50 ${fmtMs(r.p50)} / p99 ${fmtMs(r.value)}`);
    console.log(`\nsleep(50) overshoot: ${parts.join('; ')}`);
  }
  if (results.yield) {
    console.log('\n1M sleep(0) yields: memory and stack (heap after = before GC, then after GC)');
    for (const [name, r] of Object.entries(results.yield)) {
      if (r.error) continue;
      const m = r.memory;
      const heap =
        m.heapBefore === undefined
          ? 'heap n/a (Python)'
          : `heap ${fmtBytes(m.heapBefore)} -> ${fmtBytes(m.heapAfter)} (${fmtBytes(m.heapAfterGc)} after GC)`;
      console.log(
        `  ${name.padEnd(15)} ${heap}; RSS ${fmtBytes(m.rssBefore)} -> ${fmtBytes(m.rssAfter)}; ` +
          `stack depth ${r.stack.first} -> ${r.stack.last} frames; ran ${r.done.toLocaleString('en-US')} yields`,
      );
    }
  }
  notes.push(
    '* = the run stopped at its time budget and the figure is extrapolated linearly to the full N.',
    `Effection create+gather runs n=${EFFECTION_GATHER_N.toLocaleString('en-US')} and is scaled to the full N.`,
    "Effection's sleep(0) is a setTimeout (>= 1 ms each); it has no cheaper yield.",
    'Effection cancel: the children are spawned in one parent task that is halted (structured).',
    'aio eager = aio with run(main, { eagerTasks: true }): each task runs its first step inside ' +
      'createTask/gather (asyncio 3.12 eager_task_factory; python3 here is 3.11, which lacks it). ' +
      'Its (Nx) is its time / default aio time.',
  );
  if (!quick) printTargets(results);
  // CI runs `--quick` so the benchmark never rots: any aio or native failure fails the run.
  const broken = Object.entries(results).flatMap(([id, byImpl]) =>
    ['aio', 'native', 'aio eager']
      .filter((name) => byImpl[name]?.error)
      .map((name) => `${id}/${name}`),
  );
  if (broken.length > 0) {
    console.log(`\nfailed: ${broken.join(', ')}`);
    process.exitCode = 1;
  }
  console.log(`\n${notes.map((note) => `note: ${note}`).join('\n')}`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!quick && only === undefined) {
    mkdirSync(join(here, 'results'), { recursive: true });
    const text = printed.join('\n').trim();
    writeFileSync(
      join(here, 'results', 'core.md'),
      `# core benchmark\n\n\`\`\`\n${text}\n\`\`\`\n`,
    );
  }
}

const workerAt = process.argv.indexOf('--worker');
if (workerAt !== -1) {
  const [impl, id, n] = process.argv.slice(workerAt + 1);
  const result = await worker(impl, id, Number(n));
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  await driver();
}
