/**
 * The request body as a pull source with a size limit, driven by Node stream events (no
 * task needed, so async handlers can read bodies too).
 *
 * Invariants: at most one read is outstanding; the underlying stream flows only while a
 * read is waiting, so an unread body costs one chunk of memory; bytes are counted as they
 * arrive, and the limit fails the read as soon as it is passed. A body sent with a
 * `Content-Encoding` is decoded as it is read (see body-decoding.ts), and the limit counts
 * the decoded bytes.
 */
import { Readable } from 'node:stream';
import { ClientDisconnectedError, HTTPBadRequest, HTTPRequestEntityTooLarge } from '../errors.js';
import { createDecoder, requestCoding } from './body-decoding.js';

interface Waiter {
  resolve: (value: Buffer | null) => void;
  reject: (error: unknown) => void;
  /** Set for readAll(): chunks are collected until the end. */
  chunks: Buffer[] | undefined;
}

/** Hooks a transport passes in (100-continue, body-too-large). */
export interface BodyHooks {
  /** Called once, before the first byte is requested (sends `100 Continue`). */
  onFirstRead?: (() => void) | undefined;
  /** Called when the limit is passed (the transport closes the connection afterwards). */
  onTooLarge?: (() => void) | undefined;
}

/** Shared empty queue: most requests have no body, so they allocate none. Never pushed to. */
const NO_CHUNKS: Buffer[] = [];
/** Shared default: most requests need no hooks. */
const NO_HOOKS: BodyHooks = Object.freeze({});

export class BodyReader {
  /** The body as received; undefined once it is all in the queue. */
  #stream: Readable | undefined;
  /** What the reader pulls from: the stream itself, or its decoder. */
  #flow: Readable | undefined;
  /** The raw `Content-Encoding` value, read on the first read; null once handled. */
  #encoding: string | undefined | null;
  #coding: string | undefined;
  #queue: Buffer[] = NO_CHUNKS;
  #ended: boolean;
  #error: unknown;
  #received = 0;
  #maxSize = Infinity;
  #waiter: Waiter | undefined;
  #attached = false;
  readonly #contentLength: number | undefined;
  readonly #hooks: BodyHooks;

  /**
   * @param source a readable stream, or the whole body as a buffer (or undefined: empty)
   * @param contentLength the announced length, if any
   * @param contentEncoding the `Content-Encoding` header, if any
   */
  constructor(
    source: Readable | Buffer | undefined,
    contentLength: number | undefined,
    hooks: BodyHooks = NO_HOOKS,
    contentEncoding?: string,
  ) {
    this.#contentLength = contentLength;
    this.#hooks = hooks;
    this.#encoding = contentEncoding;
    if (source === undefined || Buffer.isBuffer(source)) {
      this.#stream = undefined;
      if (source !== undefined && source.length > 0) this.#queue = [source];
      this.#ended = true;
    } else {
      this.#stream = source;
      this.#ended = source.readableEnded;
    }
  }

  /** Sets the size limit in bytes (Infinity for none). */
  set maxSize(bytes: number) {
    this.#maxSize = bytes;
  }

  /** Bytes received so far. */
  get received(): number {
    return this.#received;
  }

  /** Whether every byte has been read. */
  get atEof(): boolean {
    return this.#ended && this.#queue.length === 0;
  }

  /** The next chunk, or null at the end. */
  readChunk(): Promise<Buffer | null> {
    const early = this.#check();
    if (early !== undefined) return early;
    const chunk = this.#queue.shift();
    if (chunk !== undefined) return Promise.resolve(chunk);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject, chunks: undefined };
      this.#pump();
    });
  }

  /** The rest of the body in one buffer. */
  readAll(): Promise<Buffer> {
    const early = this.#check();
    if (early !== undefined) return early;
    const chunks = this.#queue === NO_CHUNKS ? [] : this.#queue;
    this.#queue = NO_CHUNKS;
    if (this.#ended) return Promise.resolve(concat(chunks));
    return new Promise((resolve, reject) => {
      this.#waiter = {
        resolve: (value) => resolve(value ?? Buffer.alloc(0)),
        reject,
        chunks,
      };
      this.#pump();
    });
  }

  #check(): Promise<never> | undefined {
    if (this.#waiter !== undefined) {
      return Promise.reject(new Error('another read of this body is still pending'));
    }
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#encoding != null && !this.#startDecoding()) return Promise.reject(this.#error);
    const announced = this.#contentLength;
    if (announced !== undefined && announced > this.#maxSize) {
      this.#fail(new HTTPRequestEntityTooLarge(this.#maxSize, announced));
      return Promise.reject(this.#error);
    }
    if (this.#stream === undefined && this.#received === 0) {
      for (const chunk of this.#queue) this.#received += chunk.length;
      if (this.#received > this.#maxSize) {
        this.#fail(new HTTPRequestEntityTooLarge(this.#maxSize, this.#received));
        return Promise.reject(this.#error);
      }
    }
    return undefined;
  }

  /**
   * Reads the `Content-Encoding` once. A coded body is read through a decoder from now on
   * (a buffered one becomes a stream for it).
   *
   * @returns false when the coding is refused (the reader has failed with a 415)
   */
  #startDecoding(): boolean {
    const header = this.#encoding as string;
    this.#encoding = null;
    try {
      this.#coding = requestCoding(header);
    } catch (error) {
      this.#fail(error);
      return false;
    }
    if (this.#coding !== undefined && this.#stream === undefined) {
      this.#stream = Readable.from(this.#queue);
      this.#queue = NO_CHUNKS;
      this.#ended = false;
    }
    return true;
  }

  #pump(): void {
    const stream = this.#stream;
    if (stream === undefined) return;
    if (!this.#attached) this.#attach(stream);
    this.#flow?.resume();
  }

  #attach(stream: Readable): void {
    this.#attached = true;
    this.#hooks.onFirstRead?.();
    const coding = this.#coding;
    const flow = coding === undefined ? stream : stream.pipe(createDecoder(coding));
    this.#flow = flow;
    flow.on('data', (chunk: Buffer) => this.#onData(chunk));
    flow.on('end', () => this.#onEnd());
    if (flow !== stream) {
      flow.on('error', (error) => {
        this.#fail(new HTTPBadRequest({ text: `Malformed ${coding} request body`, cause: error }));
      });
    }
    stream.on('error', (error) =>
      this.#fail(new ClientDisconnectedError(undefined, { cause: error })),
    );
    stream.on('close', () => {
      // The source's own end, not the reader's: a decoder may still hold decoded bytes.
      if (!stream.readableEnded) {
        this.#fail(new ClientDisconnectedError('the client disconnected before the body ended'));
      }
    });
  }

  #onData(chunk: Buffer): void {
    if (this.#error !== undefined) return;
    this.#received += chunk.length;
    if (this.#received > this.#maxSize) {
      this.#flow?.pause();
      this.#hooks.onTooLarge?.();
      this.#fail(new HTTPRequestEntityTooLarge(this.#maxSize, this.#received));
      return;
    }
    const waiter = this.#waiter;
    if (waiter === undefined) {
      if (this.#queue === NO_CHUNKS) this.#queue = [];
      this.#queue.push(chunk);
      this.#flow?.pause();
    } else if (waiter.chunks !== undefined) {
      waiter.chunks.push(chunk);
    } else {
      this.#waiter = undefined;
      this.#flow?.pause();
      waiter.resolve(chunk);
    }
  }

  #onEnd(): void {
    this.#ended = true;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    waiter.resolve(waiter.chunks === undefined ? null : concat(waiter.chunks));
  }

  #fail(error: unknown): void {
    if (this.#error !== undefined) return;
    this.#error = error;
    this.#queue = NO_CHUNKS;
    // A decoder holds zlib memory: free it now rather than when the request is collected.
    if (this.#flow !== this.#stream) this.#flow?.destroy();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }
}

function concat(chunks: Buffer[]): Buffer {
  if (chunks.length === 1) return chunks[0] as Buffer;
  return Buffer.concat(chunks);
}
