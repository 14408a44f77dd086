/**
 * The seam between responses and the wire. `run-app.ts` implements it over node:http; the
 * in-process path (`app.request()`, `makeMockedRequest`) implements it in memory. Nothing
 * else in the package knows about sockets.
 */
import type { Operation } from '@aio/core';

/** Where a response goes. Header lists are flat: `[name, value, name, value, …]`. */
export interface Transport {
  /** Whether the client is gone (socket closed before the response ended). */
  readonly closed: boolean;
  /** Whether the connection is already gone or ending: the request must not reach a handler. */
  readonly dropped: boolean;
  /** Whether the status line and headers went out. */
  readonly headersSent: boolean;
  /** Sends the status line and headers (no body yet). */
  writeHead(status: number, reason: string, headers: string[]): void;
  /** Queues a body chunk; false means "wait for {@link Transport.drain} before more". */
  write(chunk: Uint8Array | string): boolean;
  /** Waits until the client has taken the queued bytes; throws ClientDisconnectedError. */
  drain(): Operation<void>;
  /** Ends the response, with an optional last chunk. */
  end(chunk?: Uint8Array | string): void;
  /** Sends a whole response at once: status line, headers and body (`bodyLength` bytes). */
  respond(
    status: number,
    reason: string,
    headers: string[],
    body: Uint8Array | string | undefined,
    bodyLength: number,
  ): void;
  /** Aborts the response: the socket is destroyed, the client sees a broken message. */
  destroy(error?: Error): void;
  /** Subscribes to the client disconnecting (called at most once). */
  onClose(listener: () => void): void;
}

/** What an in-memory transport captured. */
export interface CapturedResponse {
  status: number;
  reason: string;
  headers: string[];
  chunks: Buffer[];
  ended: boolean;
  destroyed: boolean;
}

/** A transport that records the response in memory (tests and `app.request()`). */
export class MemoryTransport implements Transport {
  readonly captured: CapturedResponse = {
    status: 0,
    reason: '',
    headers: [],
    chunks: [],
    ended: false,
    destroyed: false,
  };
  closed = false;
  dropped = false;
  headersSent = false;
  readonly #dropBody: boolean;
  #listeners: Array<() => void> = [];

  /** @param dropBody true for HEAD requests: the body is counted but not kept */
  constructor(dropBody: boolean) {
    this.#dropBody = dropBody;
  }

  writeHead(status: number, reason: string, headers: string[]): void {
    this.headersSent = true;
    this.captured.status = status;
    this.captured.reason = reason;
    this.captured.headers = headers;
  }

  write(chunk: Uint8Array | string): boolean {
    if (!this.#dropBody) this.captured.chunks.push(Buffer.from(chunk));
    return true;
  }

  *drain(): Generator<never, void, unknown> {}

  end(chunk?: Uint8Array | string): void {
    if (chunk !== undefined) this.write(chunk);
    this.captured.ended = true;
  }

  respond(
    status: number,
    reason: string,
    headers: string[],
    body: Uint8Array | string | undefined,
  ): void {
    this.writeHead(status, reason, headers);
    this.end(body);
  }

  destroy(): void {
    this.captured.destroyed = true;
    this.disconnect();
  }

  onClose(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Simulates the client going away. */
  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}
