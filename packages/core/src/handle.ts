/**
 * `Handle` and `TimerHandle`: what `callSoon`, `callLater` and `callAt` return.
 */
import type { Scheduler, TimerEntry } from './internal/scheduler.js';

/** Runs a handle's callback once; assigned in Handle's static block. */
export let runHandle: (handle: Handle) => void;

/**
 * A callback scheduled with `loop.callSoon()`; `cancel()` stops it from running.
 *
 * @example
 * ```ts
 * const handle = loop.callSoon(() => console.log('never printed'));
 * handle.cancel();
 * ```
 */
export class Handle {
  #callback: ((...args: never[]) => unknown) | undefined;
  #args: readonly unknown[];

  /** @internal created by the loop */
  constructor(callback: (...args: never[]) => unknown, args: readonly unknown[]) {
    this.#callback = callback;
    this.#args = args;
  }

  /** Stops the callback from running, if it has not run yet. */
  cancel(): void {
    this.#callback = undefined;
  }

  /** Whether `cancel()` was called (or the callback already ran). */
  cancelled(): boolean {
    return this.#callback === undefined;
  }

  static {
    runHandle = (handle: Handle): void => {
      const callback = handle.#callback as ((...args: unknown[]) => unknown) | undefined;
      if (callback === undefined) return;
      handle.#callback = undefined;
      callback(...handle.#args);
    };
  }
}

/**
 * A callback scheduled with `loop.callLater()` or `loop.callAt()`.
 *
 * @example
 * ```ts
 * const handle = loop.callLater(1_000, () => console.log('late'));
 * handle.when(); // loop.time() + 1000
 * handle.cancel();
 * ```
 */
export class TimerHandle extends Handle {
  #entry: TimerEntry;
  #scheduler: Scheduler;

  /** @internal created by the loop */
  constructor(
    scheduler: Scheduler,
    when: number,
    callback: (...args: never[]) => unknown,
    args: readonly unknown[],
  ) {
    super(callback, args);
    this.#scheduler = scheduler;
    this.#entry = scheduler.addTimer(when, runHandle, this);
  }

  /** The loop time (ms) at which the callback runs. */
  when(): number {
    return this.#entry.when;
  }

  override cancel(): void {
    if (!this.cancelled()) this.#scheduler.cancelTimer(this.#entry);
    super.cancel();
  }
}
