/**
 * `Event`: a flag tasks can wait for.
 */
import type { Operation } from '@aio/core';
import { MUST_WAIT, WaitQueue, type WaitAttempt } from '@aio/core/lowlevel';

/** What {@link Event.statistics} reports. */
export interface EventStatistics {
  /** Whether the flag is set. */
  isSet: boolean;
  /** Tasks waiting in `wait()`. */
  waiters: number;
}

/**
 * asyncio's `Event`: `wait()` returns at once while the flag is set and otherwise waits for
 * `set()`. `set()` wakes every task waiting at that moment, even if `clear()` runs before
 * they resume. A cancelled `wait()` leaves the queue at once.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * function* worker() {
 *   yield* ready.wait(); // resumes after ready.set()
 * }
 * ```
 */
export class Event {
  #set = false;
  readonly #waiters = new WaitQueue<void>({ label: 'Event.wait' });
  /** Done at once while the flag is set; otherwise park (one object per wait, no generator). */
  readonly #waiting: WaitAttempt<undefined, void, true> = {
    now: () => (this.#set ? true : MUST_WAIT),
    woken: () => true,
  };

  /** Whether the flag is set. */
  isSet(): boolean {
    return this.#set;
  }

  /** Sets the flag and wakes every waiting task. */
  set(): void {
    if (this.#set) return;
    this.#set = true;
    this.#waiters.wakeAll();
  }

  /** Clears the flag: later `wait()`s wait again. Tasks already woken still resume. */
  clear(): void {
    this.#set = false;
  }

  /**
   * Waits until the flag is set (returns at once if it is).
   *
   * @returns an Operation resolving to `true`
   */
  wait(): Operation<true> {
    return this.#waiters.tryOrWait(this.#waiting, undefined);
  }

  /** Counts for monitoring: the flag and the number of waiting tasks. */
  statistics(): EventStatistics {
    return { isSet: this.#set, waiters: this.#waiters.size };
  }

  /** Describes the state, e.g. `Event(unset, waiters=2)`. */
  toString(): string {
    return `Event(${this.#set ? 'set' : 'unset'}, waiters=${this.#waiters.size})`;
  }
}
