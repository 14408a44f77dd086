/**
 * `VirtualClock`: time for tests that is instant and exact.
 *
 * Design note: a loop built with a VirtualClock reads time from it instead of
 * `performance.now()`. When every task is blocked on timers only, the loop jumps the clock
 * straight to the next deadline (autojump), so `sleep(3_600_000)` finishes in microseconds
 * and a 100 ms timeout fires at exactly t = 100. While any foreign wait (`until`, `call`) is
 * pending the loop cannot know when outside work will finish, so the clock stops jumping
 * and runs at real speed: real I/O keeps its real timeouts. This is Trio's
 * `MockClock(autojump_threshold=0)` with that one refinement.
 */

type Listener = () => void;

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Jump to the next timer whenever every task is blocked (default `true`). */
  autojump?: boolean;
  /** The time the clock starts at, in milliseconds (default `0`). */
  start?: number;
}

/** Hooks the loop uses; kept off the public class surface. */
export interface VirtualClockHooks {
  listen(clock: VirtualClock, listener: Listener): () => void;
  setRealSpeed(clock: VirtualClock, on: boolean): void;
  jumpTo(clock: VirtualClock, time: number): void;
}

// Assigned by VirtualClock's static block, which is the only code that can reach its fields.
export let virtualClockHooks: VirtualClockHooks;

/**
 * A clock for tests: `loop.time()` starts at 0 and moves only when the test advances it or,
 * with autojump (the default), when every task is blocked on timers.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * await run(function* () {
 *   yield* sleep(3_600_000);
 *   console.log(getRunningLoop().time()); // 3600000, at once
 * }, { clock });
 * ```
 */
export class VirtualClock {
  /** Whether the loop jumps to the next deadline when every task is blocked. */
  autojump: boolean;
  #base: number;
  #realAnchor: number | undefined;
  #listeners = new Set<Listener>();

  /**
   * @param options `autojump` (default true) and `start` time in ms (default 0)
   * @throws TypeError when `start` is not a finite number
   */
  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? 0;
    if (typeof start !== 'number' || !Number.isFinite(start)) {
      throw new TypeError(`start must be a finite number of milliseconds, got ${String(start)}`);
    }
    this.autojump = options.autojump ?? true;
    this.#base = start;
  }

  /** The current virtual time in milliseconds. */
  now(): number {
    const anchor = this.#realAnchor;
    return anchor === undefined ? this.#base : this.#base + (performance.now() - anchor);
  }

  /**
   * Moves time forward by `ms` and lets every loop on this clock run the timers now due.
   *
   * @param ms how far to move, in milliseconds
   * @throws RangeError when `ms` is negative or not a finite number
   */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ms must be a finite non-negative number, got ${String(ms)}`);
    }
    this.#base += ms;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Shows the current time, for debugging. */
  toString(): string {
    return `VirtualClock(now=${this.now()}, autojump=${this.autojump})`;
  }

  static {
    virtualClockHooks = {
      listen(clock, listener) {
        clock.#listeners.add(listener);
        return () => clock.#listeners.delete(listener);
      },
      setRealSpeed(clock, on) {
        if (on === (clock.#realAnchor !== undefined)) return;
        if (on) {
          clock.#realAnchor = performance.now();
        } else {
          clock.#base = clock.now();
          clock.#realAnchor = undefined;
        }
      },
      jumpTo(clock, time) {
        if (clock.#realAnchor === undefined && time > clock.#base) clock.#base = time;
      },
    };
  }
}
