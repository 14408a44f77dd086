/**
 * The Transport over a node:http ServerResponse. Listeners are attached only when needed
 * (someone waits for drain or for a disconnect), so a plain request adds none.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Coroutine, EventLoop, Future, TimerHandle } from '@aio/core';
import { ClientDisconnectedError } from '../errors.js';
import type { Transport } from './transport.js';

/**
 * Sockets whose connection is ending (a 4xx sent by the runner, or a response with
 * `Connection: close`): requests pipelined behind it are dropped, never handled.
 */
export const closingSockets = new WeakSet<Socket>();

/** Whether a flat header list has `Connection: close`. */
function hasConnectionClose(headers: string[]): boolean {
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i] as string;
    if (
      name.length === 10 &&
      name.toLowerCase() === 'connection' &&
      /close/i.test(headers[i + 1] as string)
    )
      return true;
  }
  return false;
}

export class NodeTransport implements Transport {
  readonly #res: ServerResponse;
  readonly #socket: Socket;
  readonly #loop: EventLoop;
  readonly #writeTimeoutMs: number;
  /** Body bytes handed to Node (for the access log). */
  bytes = 0;
  /** Set by the runner while shutting down: answers carry `Connection: close`. */
  closing = false;

  constructor(req: IncomingMessage, res: ServerResponse, loop: EventLoop, writeTimeoutMs: number) {
    this.#res = res;
    this.#socket = req.socket;
    this.#loop = loop;
    this.#writeTimeoutMs = writeTimeoutMs;
  }

  get closed(): boolean {
    const res = this.#res;
    return res.destroyed && !res.writableFinished;
  }

  /** Whether the socket is gone or ending: the request must not reach a handler. */
  get dropped(): boolean {
    const socket = this.#socket;
    return socket.destroyed || closingSockets.has(socket);
  }

  get headersSent(): boolean {
    return this.#res.headersSent;
  }

  /** The status code sent (for the access log). */
  get status(): number {
    return this.#res.statusCode;
  }

  writeHead(status: number, reason: string, headers: string[]): void {
    if (this.closing) this.#res.shouldKeepAlive = false;
    if (hasConnectionClose(headers)) closingSockets.add(this.#socket);
    this.#res.writeHead(status, reason, headers);
  }

  write(chunk: Uint8Array | string): boolean {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return this.#res.write(chunk);
  }

  *drain(): Coroutine<void> {
    const res = this.#res;
    if (this.closed) throw new ClientDisconnectedError();
    if (!res.writableNeedDrain) return;
    const future: Future<void> = this.#loop.createFuture({ label: 'StreamResponse.write (drain)' });
    const onDrain = (): void => {
      if (!future.done()) future.setResult(undefined);
    };
    const onClose = (): void => {
      if (!future.done()) future.setException(new ClientDisconnectedError());
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
    let timer: TimerHandle | undefined;
    if (this.#writeTimeoutMs > 0 && Number.isFinite(this.#writeTimeoutMs)) {
      timer = this.#loop.callLater(this.#writeTimeoutMs, () => {
        // The client stopped reading: drop it rather than hold the response forever.
        res.destroy();
        onClose();
      });
    }
    try {
      yield* future;
    } finally {
      timer?.cancel();
      res.off('drain', onDrain);
      res.off('close', onClose);
    }
  }

  end(chunk?: Uint8Array | string): void {
    if (chunk !== undefined)
      this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    this.#res.end(chunk);
  }

  respond(
    status: number,
    reason: string,
    headers: string[],
    body: Uint8Array | string | undefined,
    bodyLength: number,
  ): void {
    const res = this.#res;
    if (this.closing) res.shouldKeepAlive = false;
    if (hasConnectionClose(headers)) closingSockets.add(this.#socket);
    res.writeHead(status, reason, headers);
    this.bytes += bodyLength;
    res.end(body);
  }

  destroy(): void {
    // Flush what was already written (so the client sees how far the response got), then
    // reset instead of ending: a body cut short must never look complete.
    const socket = this.#socket;
    closingSockets.add(socket);
    if (socket.destroyed || socket.writableLength === 0) {
      this.#res.destroy();
      return;
    }
    const kill = (): void => {
      clearTimeout(timer);
      this.#res.destroy();
    };
    const timer = setTimeout(kill, 1_000);
    timer.unref();
    socket.once('drain', kill);
  }

  onClose(listener: () => void): void {
    const res = this.#res;
    if (this.closed) {
      listener();
      return;
    }
    res.once('close', () => {
      if (!res.writableFinished) listener();
    });
  }
}
