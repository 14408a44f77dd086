/**
 * `StreamReader`: a response body read piece by piece (aiohttp's `response.content`), each
 * read an Operation.
 */
import { call, type Coroutine, type Operation } from '@aio/core';
import { ClientConnectionError } from './errors.js';
import type { BodyBuffer } from './internal/body-buffer.js';

/** What a StreamReader reads from; the response implements it. */
export interface BodySourceHandle {
  /** The body, or throws when the response was released. */
  body(): BodyBuffer;
  /** Gives up the body because its reader was cancelled: the connection is closed. */
  abandon(): void;
}

/**
 * Reads a response body as it arrives, with backpressure: while nobody reads, at most
 * 256 KiB wait in memory and the socket is paused. Cancelling a task in the middle of a
 * read closes the connection (it is never reused with half a body in it).
 *
 * @example
 * ```ts
 * const response = yield* session.get(url);
 * let chunk: Uint8Array | null;
 * while ((chunk = yield* response.content.readChunk()) !== null) process(chunk);
 * ```
 */
export class StreamReader {
  readonly #source: BodySourceHandle;

  /** @internal made by ClientResponse */
  constructor(source: BodySourceHandle) {
    this.#source = source;
  }

  /**
   * The next chunk as it arrived (decoded), or null at the end of the body.
   *
   * @throws ClientPayloadError when the body is broken or too large
   * @throws ClientConnectionError after `release()`
   * @throws SocketTimeoutError / ServerTimeoutError when a deadline passes
   */
  readChunk(): Operation<Uint8Array | null> {
    return this.#readChunk();
  }

  /**
   * Up to `n` bytes (all the rest when `n` is -1); an empty array at the end.
   *
   * @param n the most bytes to return, or -1
   */
  read(n = -1): Operation<Uint8Array> {
    return this.#read(n);
  }

  /** Whether the whole body has been read. */
  atEof(): boolean {
    return this.#source.body().atEnd();
  }

  *#wait(body: BodyBuffer): Coroutine<void> {
    if (body.readable()) return;
    try {
      yield* call(() => body.whenReadable());
    } catch (error) {
      // A reader cancelled mid-body (the task was cancelled, a timeout() fired): the rest
      // of the body will never be read, so the connection cannot be reused.
      this.#source.abandon();
      throw error;
    }
  }

  *#readChunk(): Coroutine<Uint8Array | null> {
    const body = this.#source.body();
    for (;;) {
      const chunk = body.shift();
      if (chunk !== undefined) return chunk;
      yield* this.#wait(body);
    }
  }

  *#read(n: number): Coroutine<Uint8Array> {
    const body = this.#source.body();
    if (n < 0) {
      const parts: Buffer[] = [];
      for (;;) {
        const chunk = body.shift();
        if (chunk === null) return Buffer.concat(parts);
        if (chunk === undefined) yield* this.#wait(body);
        else parts.push(chunk);
      }
    }
    if (!Number.isInteger(n)) throw new RangeError(`n must be an integer or -1, got ${n}`);
    for (;;) {
      const chunk = body.shift();
      if (chunk === null) return new Uint8Array(0);
      if (chunk === undefined) {
        yield* this.#wait(body);
        continue;
      }
      if (chunk.length <= n) return chunk;
      body.unshift(chunk.subarray(n));
      return chunk.subarray(0, n);
    }
  }
}

/** The error of a read after `release()`. */
export function releasedError(): ClientConnectionError {
  return new ClientConnectionError('the response was released; its body can no longer be read');
}
