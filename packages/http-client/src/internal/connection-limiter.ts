/**
 * `ConnectionLimiter`: the session's `limit` (connections in use over all hosts) and
 * `limitPerHost` (per origin), enforced with semaphores because undici's Agent caps
 * connections per origin only.
 *
 * A request takes its origin's permit first, then a global one, so a request waiting for a
 * busy host never holds a global permit that another host could use. Waiting tasks show
 * `ClientSession.connection` in the task tree. Permits are given back when undici is done
 * with the request (the connection is free again or closed).
 */
import type { Coroutine } from '@aio/core';
import { Semaphore } from './semaphore.js';

const LABEL = 'ClientSession.connection';

export class ConnectionLimiter {
  readonly #global: Semaphore | undefined;
  readonly #perHost: number;
  readonly #hosts = new Map<string, Semaphore>();

  constructor(limit: number, limitPerHost: number) {
    this.#global = limit > 0 ? new Semaphore(limit, LABEL) : undefined;
    this.#perHost = limitPerHost;
  }

  #host(origin: string): Semaphore | undefined {
    if (this.#perHost <= 0) return undefined;
    let semaphore = this.#hosts.get(origin);
    if (semaphore === undefined) {
      semaphore = new Semaphore(this.#perHost, LABEL);
      this.#hosts.set(origin, semaphore);
    }
    return semaphore;
  }

  /** Takes both permits without waiting, or none; true on success. */
  tryAcquire(origin: string): boolean {
    const host = this.#host(origin);
    if (host !== undefined && !host.tryAcquire()) return false;
    if (this.#global !== undefined && !this.#global.tryAcquire()) {
      host?.release();
      return false;
    }
    return true;
  }

  /** Takes both permits, waiting FIFO; cancellation leaves nothing held. */
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
