/**
 * `Permit`: what `Semaphore.acquire()` and `Lock.acquire()` resolve to.
 */

/** Anything a {@link Permit} gives its hold back to. */
interface Releasable {
  release(): void;
}

/**
 * A held permit of a `Semaphore` or `Lock`. Releasing it (or leaving the `using` block that
 * holds it) gives the permit back exactly once; further releases are no-ops, so a permit
 * can never release someone else's hold.
 *
 * @example
 * ```ts
 * function* worker(sem: Semaphore) {
 *   using _permit = yield* sem.acquire();
 *   yield* sleep(10); // released when the block ends, even on error or cancellation
 * }
 * ```
 */
export class Permit implements Disposable {
  #owner: Releasable | undefined;

  /** @param owner the primitive the permit belongs to */
  constructor(owner: Releasable) {
    this.#owner = owner;
  }

  /** Whether the permit is still held. */
  get held(): boolean {
    return this.#owner !== undefined;
  }

  /** Gives the permit back; a no-op if it was already given back. */
  release(): void {
    const owner = this.#owner;
    if (owner === undefined) return;
    this.#owner = undefined;
    owner.release();
  }

  /** Same as {@link release}: lets `using permit = yield* sem.acquire()` release it. */
  [Symbol.dispose](): void {
    this.release();
  }

  /** Describes the permit, e.g. `Permit(held)`. */
  toString(): string {
    return `Permit(${this.held ? 'held' : 'released'})`;
  }
}
