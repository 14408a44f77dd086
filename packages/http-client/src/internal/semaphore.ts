/**
 * The Semaphore the connection limits use. It is `@aio/sync`'s until that package exports
 * one; this stand-in follows the same contract (FIFO, cancel-safe, no lost permits) on
 * core's WaitQueue, so swapping it is a one-line import change.
 */
import type { Operation, Suspension } from '@aio/core';
import { WaitQueue } from '@aio/core/lowlevel';

export class Semaphore {
  #value: number;
  readonly #waiters: WaitQueue<void>;

  constructor(value: number, label: string) {
    this.#value = value;
    this.#waiters = new WaitQueue<void>({
      label,
      // Woken with a permit, then cancelled before it ran: hand the permit on.
      onAbandon: () => this.release(),
    });
  }

  get value(): number {
    return this.#value;
  }

  locked(): boolean {
    return this.#value === 0;
  }

  acquire(): Operation<void> {
    return this.#take();
  }

  /** Takes a permit at once if one is free. */
  tryAcquire(): boolean {
    if (this.#value === 0) return false;
    this.#value--;
    return true;
  }

  release(): void {
    // Invariant: while tasks wait, value is 0; a released permit goes straight to a waiter.
    if (!this.#waiters.wakeOne(undefined)) this.#value++;
  }

  *#take(): Generator<Suspension, void, unknown> {
    if (this.#value > 0) {
      this.#value--;
      return;
    }
    yield* this.#waiters.wait();
  }
}
