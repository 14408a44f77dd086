/**
 * The scheduler: the engine behind `EventLoop`.
 *
 * Design note. Work reaches the scheduler as `(callback, argument)` pairs in a FIFO ring
 * buffer (ready-queue.ts; no allocation per entry; a task step is `(stepTask, task)`), and as timers in a
 * binary heap. The scheduler runs in rounds, like asyncio's `_run_once`:
 *
 *   1. move every timer that is due into the ready queue, in deadline order;
 *   2. run exactly the callbacks that were ready when the round began; whatever they
 *      schedule waits for the next round (so `sleep(0)` gives every other ready task a turn);
 *   3. plan the next round.
 *
 * Rounds run in Node macrotasks (`setImmediate`); consecutive rounds share one only for a
 * couple of milliseconds, then libuv polls for I/O and the microtask queue drains, so a task
 * spinning on `sleep(0)` cannot starve a socket or a promise callback, and a million
 * `sleep(0)`s do not cost a million trips through libuv. When nothing is ready, one Node timer is armed for the
 * earliest deadline; with a `VirtualClock` the scheduler instead jumps time to it (unless a
 * foreign wait is pending, see clock.ts). The order of callbacks depends only on the order
 * work was scheduled and on deadlines, so the same program always runs the same way.
 */
import { inspect } from 'node:util';
import type { EventLoop, ExceptionContext, ExceptionHandler } from '../event-loop.js';
import type { VirtualClock } from '../clock.js';
import { virtualClockHooks } from '../clock.js';
import { enterScheduler } from './current.js';
import { ReadyQueue } from './ready-queue.js';
import { TimerHeap } from './timer-heap.js';
import { UnretrievedFailures, type FailureRecord } from './unretrieved.js';
import type { Task } from '../task.js';

type Callback = (arg: never) => void;

/**
 * A timer in the heap: when due, `(fn, arg)` joins the ready queue. `seq` is set by the
 * scheduler when the timer is armed.
 */
export interface TimerEntry {
  when: number;
  seq: number;
  cancelled: boolean;
  readonly fn: Callback;
  readonly arg: unknown;
}

/** How long back-to-back rounds may hold the thread before Node polls for I/O. */
const ROUNDS_SLICE_MS = 2;

/** Node clamps larger delays to 1 ms; longer waits are re-armed in steps. */
const MAX_NODE_DELAY = 2 ** 31 - 1;

type State = 'idle' | 'running' | 'closed';

export class Scheduler {
  readonly loop: EventLoop;
  readonly clock: VirtualClock | undefined;
  debug: boolean;
  slowCallbackDuration = 100;
  /**
   * Ends of the intrusive list of tasks not yet done, in creation order (task.ts links and
   * unlinks them; `liveTasks()` lists them). A list, not a Set: no hashing per task.
   */
  firstLive: Task<unknown> | undefined;
  lastLive: Task<unknown> | undefined;
  /** Pending foreign waits (`until`, `call`); while > 0 a VirtualClock does not jump. */
  foreignWaits = 0;
  /** The task whose step ran last, so debug reports can name it (kept in debug mode only). */
  steppedTask: Task<unknown> | undefined;
  /** Whether new tasks take their first step inside their constructor (eager tasks). */
  eagerTasks = false;
  readonly failures: UnretrievedFailures;

  #state: State = 'idle';
  #ready = new ReadyQueue();
  #timers = new TimerHeap<TimerEntry>();
  #seq = 0;
  #immediate: NodeJS.Immediate | undefined;
  #timeout: NodeJS.Timeout | undefined;
  #stopping = false;
  #inRound = false;
  #onStop: (() => void) | undefined;
  #blockedWaiters: Array<() => void> = [];
  #exceptionHandler: ExceptionHandler | undefined;
  #unlistenClock: (() => void) | undefined;
  readonly #runRound = (): void => this.#round();
  readonly #invokeBound = (fn: (arg: unknown) => void, arg: unknown): void => this.#invoke(fn, arg);

  constructor(loop: EventLoop, clock: VirtualClock | undefined, debug: boolean) {
    this.loop = loop;
    this.clock = clock;
    this.debug = debug;
    this.failures = new UnretrievedFailures((record) => this.#reportFailure(record));
  }

  get state(): State {
    return this.#state;
  }

  now(): number {
    return this.clock === undefined ? performance.now() : this.clock.now();
  }

  /** Queues `fn(arg)` behind everything already ready. */
  schedule(fn: Callback, arg: unknown): void {
    this.#ready.push(fn, arg);
    if (this.#idle()) this.#wake();
  }

  /** Calls `visit(arg)` for every ready entry whose callback is `fn`, in queue order. */
  forEachReady(fn: Callback, visit: Callback): void {
    this.#ready.forEach(fn, visit);
  }

  addTimer(when: number, fn: Callback, arg: unknown): TimerEntry {
    const entry: TimerEntry = { when, seq: 0, cancelled: false, fn, arg };
    this.armTimer(entry);
    return entry;
  }

  /** Arms a timer entry the caller made itself (a sleep is its own entry) at `entry.when`. */
  armTimer(entry: TimerEntry): void {
    entry.seq = this.#seq++;
    this.#timers.push(entry);
    // A new earliest deadline may need a sooner Node timer; the next plan() arms it.
    if (this.#idle()) this.#wake();
  }

  cancelTimer(entry: TimerEntry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#timers.noteCancelled();
  }

  /** Resolves `resume` once a round ends with nothing else ready (see testing.ts). */
  whenAllBlocked(resume: () => void): void {
    this.#blockedWaiters.push(resume);
  }

  /** Starts running rounds; `onStop` runs once {@link stop} takes effect. */
  start(onStop: () => void): void {
    this.#state = 'running';
    this.#stopping = false;
    this.#onStop = onStop;
    if (this.clock !== undefined) {
      this.#unlistenClock = virtualClockHooks.listen(this.clock, () => {
        if (this.#idle()) this.#wake();
      });
    }
    this.#wake();
  }

  /** Stops after the current round (asyncio's `loop.stop()`). */
  stop(): void {
    if (this.#state !== 'running') return;
    this.#stopping = true;
    if (this.#idle()) this.#wake();
  }

  close(): void {
    this.#state = 'closed';
    this.#clearNodeTimers();
    this.failures.flush();
    this.#ready.clear();
  }

  setExceptionHandler(handler: ExceptionHandler | undefined): void {
    this.#exceptionHandler = handler;
  }

  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.#exceptionHandler;
    if (handler !== undefined) {
      try {
        handler(context, this.loop);
        return;
      } catch (error) {
        defaultExceptionHandler({
          message: 'Unhandled error in exception handler',
          exception: error,
        });
      }
    }
    defaultExceptionHandler(context);
  }

  #reportFailure(record: FailureRecord): void {
    const site = record.creationSite === undefined ? '' : ` (created at ${record.creationSite})`;
    this.callExceptionHandler({
      message: `${record.describe} exception was never retrieved${site}`,
      exception: record.error,
    });
  }

  /** Running, but between rounds with no round queued: new work must wake the loop. */
  #idle(): boolean {
    // Cheapest test first: schedule() asks this for every task step, nearly always in a round.
    return !this.#inRound && this.#immediate === undefined && this.#state === 'running';
  }

  #wake(): void {
    if (this.#timeout !== undefined) {
      clearTimeout(this.#timeout);
      this.#timeout = undefined;
    }
    this.#immediate = setImmediate(this.#runRound);
  }

  #clearNodeTimers(): void {
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    if (this.#timeout !== undefined) clearTimeout(this.#timeout);
    this.#immediate = undefined;
    this.#timeout = undefined;
    this.#unlistenClock?.();
    this.#unlistenClock = undefined;
  }

  #round(): void {
    this.#immediate = undefined;
    if (this.#timeout !== undefined) {
      clearTimeout(this.#timeout);
      this.#timeout = undefined;
    }
    if (this.#state !== 'running') return;
    const previous = enterScheduler(this);
    this.#inRound = true;
    const sliceEnd = performance.now() + ROUNDS_SLICE_MS;
    try {
      // Back-to-back rounds share one macrotask only while they are short, so I/O and
      // promise callbacks still get in at least every ROUNDS_SLICE_MS.
      do this.#runOnce();
      while (!this.#stopping && this.#ready.size > 0 && performance.now() < sliceEnd);
    } finally {
      this.#inRound = false;
      enterScheduler(previous);
    }
    if (this.#stopping) {
      this.#stopping = false;
      this.#state = 'idle';
      this.#clearNodeTimers();
      const onStop = this.#onStop;
      this.#onStop = undefined;
      onStop?.();
      return;
    }
    this.#plan();
  }

  /** One round: due timers join the queue, then exactly the callbacks ready now run. */
  #runOnce(): void {
    const now = this.now();
    for (let due = this.#timers.popDue(now); due; due = this.#timers.popDue(now)) {
      this.#ready.push(due.fn, due.arg);
    }
    this.#ready.drain(this.#ready.size, this.#invokeBound);
  }

  #invoke(fn: (arg: unknown) => void, arg: unknown): void {
    if (!this.debug) {
      try {
        fn(arg);
      } catch (error) {
        this.callExceptionHandler({ message: 'Exception in callback', exception: error });
      }
      return;
    }
    this.steppedTask = undefined;
    const started = this.now();
    try {
      fn(arg);
    } catch (error) {
      this.callExceptionHandler({ message: 'Exception in callback', exception: error });
    }
    const took = this.now() - started;
    if (took >= this.slowCallbackDuration) {
      const task = this.steppedTask;
      const what = task === undefined ? `callback ${fn.name || '<anonymous>'}` : String(task);
      this.callExceptionHandler({
        message: `Executing ${what} took ${Math.round(took)}ms`,
        ...(task === undefined ? {} : { task }),
      });
    }
  }

  /** Decides how the next round starts: at once, at a deadline, or when woken. */
  #plan(): void {
    if (this.#ready.size > 0) {
      this.#wake();
      return;
    }
    if (this.#blockedWaiters.length > 0) {
      const waiters = this.#blockedWaiters;
      this.#blockedWaiters = [];
      for (const resume of waiters) resume();
      if (this.#ready.size > 0) {
        this.#wake();
        return;
      }
    }
    const clock = this.clock;
    if (clock !== undefined) virtualClockHooks.setRealSpeed(clock, this.foreignWaits > 0);
    const next = this.#timers.peek();
    if (next === undefined) return;
    if (clock !== undefined && this.foreignWaits === 0) {
      if (!clock.autojump) return; // the test moves time with clock.advance()
      virtualClockHooks.jumpTo(clock, next.when);
      this.#wake();
      return;
    }
    const delay = Math.min(MAX_NODE_DELAY, Math.max(0, Math.ceil(next.when - this.now())));
    this.#timeout = setTimeout(this.#runRound, delay);
  }
}

/** The default exception handler: one clear line on stderr, then the stack if any. */
export function defaultExceptionHandler(context: ExceptionContext): void {
  const error = context.exception;
  const detail =
    error instanceof Error ? `\n${error.stack ?? `${error.name}: ${error.message}`}` : '';
  const plain = error !== undefined && !(error instanceof Error) ? `: ${inspect(error)}` : '';
  process.stderr.write(`aio: ${context.message}${plain}${detail}\n`);
}
