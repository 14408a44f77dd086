/**
 * The future a gather waits on, asyncio's `_GatheringFuture`.
 *
 * Design note: unstarted children. asyncio wraps each coroutine argument in a task that
 * starts at the loop's next round. Made that way, a gather of many coroutines that return at
 * once keeps every child's Task alive from the call until its first step, and the garbage
 * collector copies them all (measured: most of the cost of a 100,000-child gather). So, when
 * the loop makes tasks lazily and outside debug mode, a coroutine child waits here as its bare
 * iterator, with its task number reserved, and the whole lot waits in one ready-queue entry:
 * the entry its first child's task would have had, with the others right behind it. When it
 * runs, `start()` makes and steps each child in argument order, so every child takes its first
 * step in the same round and order as asyncio's tasks; a child that returned at once is
 * counted by an entry queued where its done callback would have been, and its Task is dropped.
 * Whoever must see the children first (allTasks(), run()'s shutdown, `cancel()`, and the
 * loop's `close()`, which drops the queue) calls `materialize()`, which makes their Task
 * objects then; they start as usual, but are listed after the tasks that existed then. Small
 * gathers keep a task per child, and so do gathers of anything but futures and coroutine
 * objects (see `isFutureOrCoroutine`).
 */
import type { CancelledError } from '../errors.js';
import { Future, settleFuture } from '../future.js';
import type { EventLoop } from '../event-loop.js';
import type { Operation, Suspension } from '../operation.js';
import {
  Task,
  makeUnstartedTask,
  reserveTaskNumbers,
  scheduleUnstarted,
  stepTask,
  type UnstartedTasks,
} from '../task.js';
import { runningTask } from './current.js';
import type { Scheduler } from './scheduler.js';

type ChildIterator = Iterator<Suspension, unknown, unknown>;

/**
 * The fewest children a gather defers. Below it a Task per child costs less than the batch's
 * own bookkeeping (measured: gathers of 2 and 3 children 5-7% slower deferred, of 10 even).
 */
const DEFER_FROM = 8;

/** A coroutine object's `[Symbol.iterator]`: it returns the coroutine and does nothing else. */
const returnsItself = (function* () {})()[Symbol.iterator];

/**
 * Whether `operation` is a future (used as it is) or a coroutine object. Any other operation
 * is asked for its iterator by the task made for it, just before that task's first step is
 * queued; its `[Symbol.iterator]()` may queue or number something itself (create a task, say),
 * which must then fall between the children, so a gather with one keeps a task per child.
 */
function isFutureOrCoroutine(operation: Operation<unknown>): boolean {
  return operation instanceof Future || operation[Symbol.iterator] === returnsItself;
}

/** The queue entry that counts a child that returned in its first step. */
const countFulfilledChild = (gathering: GatheringFuture): void => gathering.childFulfilled();

/**
 * Cancelling it cancels every unfinished child; it completes once all children have finished.
 */
export class GatheringFuture extends Future<unknown[]> implements UnstartedTasks {
  /**
   * One slot per argument: the child while it may be pending, or `undefined` once its outcome
   * is in `#results` (it was done when added, or returned in its first step) or while it is
   * unstarted. A future passed twice fills two slots and is counted twice, so counting against
   * `length` needs no deduplication.
   */
  readonly #children: Array<Future<unknown> | undefined>;
  /** The outcomes copied from children as they finish early; the others are read at the end. */
  readonly #results: unknown[];
  /** The last slot, in argument order, whose outcome is a cancellation (-1: none yet). */
  #lastCancelledSlot = -1;
  #finished = 0;
  #cancelRequested = false;
  readonly #returnExceptions: boolean;
  readonly #onChildDone = (child: Future<unknown>): void => this.#childDone(child);

  /** Unstarted children by slot: an iterator, or a Task already materialized; else undefined. */
  #unstarted: Array<ChildIterator | Task<unknown> | undefined> | undefined;
  #unstartedCount = 0;
  /** The first slot `start()` has not reached yet, and the task number that slot gets. */
  #nextSlot = 0;
  #nextNumber = 0;
  #parent: Task<unknown> | undefined;
  #taskOptions: { loop: EventLoop } | undefined;

  constructor(length: number, returnExceptions: boolean) {
    super({ label: 'gather' });
    this.#children = new Array<Future<unknown> | undefined>(length);
    this.#results = new Array<unknown>(length);
    this.#returnExceptions = returnExceptions;
  }

  /** Whether the coroutines among `operations` wait unstarted (see the design note). */
  static defersChildren(
    operations: readonly Operation<unknown>[],
    scheduler: Scheduler | undefined,
  ): boolean {
    return (
      operations.length >= DEFER_FROM &&
      scheduler !== undefined &&
      !scheduler.eagerTasks &&
      !scheduler.debug &&
      operations.every(isFutureOrCoroutine)
    );
  }

  /**
   * Fills slot `index` with `child`. A child done already counts now rather than a loop round
   * later, as in asyncio 3.12: if every child is done when added, so is the gather.
   */
  add(index: number, child: Future<unknown>): void {
    if (!child.done()) {
      this.#children[index] = child;
      child.addDoneCallback(this.#onChildDone);
      return;
    }
    this.#copyOutcome(index, child);
    this.#childDone(child);
  }

  /** Fills slot `index` with a coroutine that starts with the others, after `scheduleStart()`. */
  addUnstarted(index: number, coroutine: ChildIterator): void {
    (this.#unstarted ??= new Array<ChildIterator | undefined>(this.#children.length))[index] =
      coroutine;
    this.#unstartedCount++;
  }

  /** Queues the unstarted children to start at the next round; call once, after the adds. */
  scheduleStart(): void {
    if (this.#unstartedCount === 0) return;
    this.#nextNumber = reserveTaskNumbers(this.#unstartedCount);
    this.#parent = runningTask();
    scheduleUnstarted(this.scheduler!, this);
  }

  start(): void {
    const unstarted = this.#unstarted!;
    while (this.#nextSlot < unstarted.length) {
      const slot = this.#nextSlot++;
      const entry = unstarted[slot];
      if (entry === undefined) continue;
      unstarted[slot] = undefined;
      const number = this.#nextNumber++;
      if (entry instanceof Task) {
        stepTask(entry); // materialized: already in its slot, with our callback
        continue;
      }
      const task = makeUnstartedTask(entry, number, this.#parent, undefined); // on our loop
      this.#children[slot] = task; // in its slot while it runs, so cancel() reaches it
      stepTask(task);
      // The done callback is added only now, so that a child which returned at once is not
      // held by a queued callback: it is counted by an entry of its own, queued where that
      // callback would have been. A child still running gets it ahead of whatever registered
      // on it during this step (its own callbacks, a task it started eagerly that awaits it),
      // where the task made up front had it. A child that ended in this step has scheduled
      // those already: they run before ours, and see the gather not yet told.
      if (!task.done()) {
        settleFuture.addCallbackFirst(task, this.#onChildDone);
      } else if (settleFuture.fulfilled(task)) {
        this.#children[slot] = undefined;
        this.#results[slot] = task.result();
        this.scheduler!.schedule(countFulfilledChild, this);
      } else {
        this.scheduler!.schedule(this.#onChildDone, task);
      }
    }
    this.#unstarted = undefined;
  }

  materialize(): void {
    const unstarted = this.#unstarted;
    if (unstarted === undefined) return;
    let number = this.#nextNumber;
    for (let slot = this.#nextSlot; slot < unstarted.length; slot++) {
      const entry = unstarted[slot];
      if (entry === undefined) continue;
      if (!(entry instanceof Task)) {
        // Maybe outside the loop (run()'s shutdown, a cancel from plain async code): name it.
        this.#taskOptions ??= { loop: this.scheduler!.loop };
        const task = makeUnstartedTask(entry, number, this.#parent, this.#taskOptions);
        unstarted[slot] = task;
        this.#children[slot] = task;
        task.addDoneCallback(this.#onChildDone);
      }
      number++;
    }
  }

  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this.materialize();
    let cancelledAny = false;
    const children = this.#children;
    // Indexed loops: a `for...of` over a long list that runs once is never optimized and
    // allocates an iterator result per element.
    for (let i = 0; i < children.length; i++) {
      if (children[i]?.cancel(message) === true) cancelledAny = true;
    }
    if (cancelledAny) this.#cancelRequested = true;
    return cancelledAny;
  }

  protected override describe(): string {
    const total = this.#children.length;
    return `gather (${total - this.#finished} of ${total} pending)`;
  }

  /** Counts a child whose value is already in `#results`. */
  childFulfilled(): void {
    this.#finished++;
    if (!this.done() && this.#finished === this.#children.length) this.#settle();
  }

  #childDone(child: Future<unknown>): void {
    this.#finished++;
    // Once the gather is done, later failures stay unretrieved on purpose: the loop reports
    // them instead of losing them (asyncio silences them here).
    if (this.done()) return;
    if (!this.#returnExceptions) {
      if (child.cancelled()) {
        settleFuture.cancel(this, settleFuture.cancelledError(child));
        return;
      }
      const error = child.exception();
      if (error !== undefined) {
        this.setException(error);
        return;
      }
    }
    if (this.#finished === this.#children.length) this.#settle();
  }

  /**
   * Settles with every child's outcome. Kept apart from `#childDone`, which runs once per
   * child: no closure here, so no context is allocated per call.
   */
  #settle(): void {
    const children = this.#children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child !== undefined) this.#copyOutcome(i, child);
    }
    const slot = this.#lastCancelledSlot;
    if (this.#cancelRequested && slot >= 0) {
      // Cancelling the gather cancels its awaiter too, whatever returnExceptions says.
      settleFuture.cancel(this, this.#results[slot] as CancelledError);
    } else {
      this.setResult(this.#results);
    }
  }

  /** Puts a done child's outcome in slot `index`: its value, its error or its CancelledError. */
  #copyOutcome(index: number, child: Future<unknown>): void {
    if (child.cancelled()) {
      this.#results[index] = settleFuture.cancelledError(child);
      if (index > this.#lastCancelledSlot) this.#lastCancelledSlot = index;
    } else {
      const error = child.exception();
      this.#results[index] = error !== undefined ? error : child.result();
    }
  }
}
