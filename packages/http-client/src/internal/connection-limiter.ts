/**
 * `ConnectionLimiter`: the session's `limit` (connections in use over all hosts) and
 * `limitPerHost` (per origin), enforced with `@aio/sync` semaphores because undici's Agent
 * caps connections per origin only.
 *
 * A request takes its origin's permit first, then a global one, so a request waiting for a
 * busy host never holds a global permit that another host could use. Waiting tasks show
 * `ConnectionSlot.acquire` in the task tree. Permits are given back when undici is done
 * with the request (the connection is free again, or closed), which may happen in a Node
 * callback outside any task; `release()` is safe there.
 */
import type { Coroutine } from '@aio/core';
import { Semaphore } from '@aio/sync';

/** A semaphore of connection slots; its class name labels waiting tasks in the task tree. */
class ConnectionSlot extends Semaphore {}

export class ConnectionLimiter {
  readonly #global: Semaphore | undefined;
  readonly #perHost: number;
  readonly #hosts = new Map<string, Semaphore>();

  constructor(limit: number, limitPerHost: number) {
    this.#global = limit > 0 ? new ConnectionSlot(limit) : undefined;
    this.#perHost = limitPerHost;
  }

  #host(origin: string): Semaphore | undefined {
    if (this.#perHost <= 0) return undefined;
    let semaphore = this.#hosts.get(origin);
    if (semaphore === undefined) {
      semaphore = new ConnectionSlot(this.#perHost);
      this.#hosts.set(origin, semaphore);
    }
    return semaphore;
  }

  /** Whether `acquire(origin)` would have to wait. */
  wouldWait(origin: string): boolean {
    return (this.#host(origin)?.locked() ?? false) || (this.#global?.locked() ?? false);
  }

  /**
   * Takes both permits, waiting FIFO; without waiting when both are free. Cancellation
   * leaves nothing held.
   */
  *acquire(origin: string): Coroutine<void> {
    const host = this.#host(origin);
    if (host !== undefined) yield* host.acquire();
    if (this.#global === undefined) return;
    try {
      yield* this.#global.acquire();
    } catch (error) {
      host?.release();
      throw error;
    }
  }

  /** Gives back both permits of `origin`. */
  release(origin: string): void {
    this.#global?.release();
    if (this.#perHost > 0) this.#hosts.get(origin)?.release();
  }
}
