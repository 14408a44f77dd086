/**
 * `BodyBuffer`: the response body between undici and the reader, with backpressure, an
 * optional decompressor chain and a cap on decoded bytes.
 *
 * Invariant: at most `HIGH_WATER` decoded bytes wait here unread; past it the producer is
 * paused (undici stops reading the socket) until a read drains the buffer below half.
 * Chunks are handed out as they came (never split), so a decompression bomb reaches the
 * reader in zlib-sized pieces (16 KiB), never as one huge buffer.
 */
import { createBrotliDecompress, createGunzip, createInflate, constants } from 'node:zlib';
import type { Transform } from 'node:stream';
import { ClientPayloadError, PayloadTooLargeError } from '../errors.js';

const HIGH_WATER = 256 * 1024;
const MAX_ENCODINGS = 5;

/** What the buffer calls to pause and resume the socket reads. */
export interface BodySource {
  pause(): void;
  resume(): void;
  abort(error: unknown): void;
}

function makeDecoder(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      // Concatenated gzip members are decoded in one linear pass by zlib itself.
      return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case 'deflate':
      return createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

/**
 * Parses a Content-Encoding value into the decoders to apply, last applied first.
 *
 * @returns the decoders, or undefined when the body is passed on as it is (identity or an
 *   encoding we do not know, as aiohttp does)
 * @throws ClientPayloadError when more than 5 encodings are stacked
 */
export function decodersFor(contentEncoding: string): Transform[] | undefined {
  const names = contentEncoding
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  if (names.length === 0) return undefined;
  if (names.length > MAX_ENCODINGS) {
    throw new ClientPayloadError(
      `Content-Encoding stacks ${names.length} codings, at most ${MAX_ENCODINGS} are accepted`,
    );
  }
  const decoders: Transform[] = [];
  for (let i = names.length - 1; i >= 0; i--) {
    const decoder = makeDecoder(names[i]!);
    if (decoder === undefined) {
      for (const d of decoders) d.destroy();
      return undefined;
    }
    decoders.push(decoder);
  }
  return decoders;
}

export class BodyBuffer {
  #chunks: Buffer[] = [];
  #head = 0;
  #buffered = 0;
  #received = 0;
  #limit: number;
  #source: BodySource;
  #paused = false;
  #waiters: Array<() => void> = [];
  #decoders: Transform[] | undefined;
  /** True once every byte has arrived (and been decoded). */
  ended = false;
  /** Set when the body failed; reads rethrow it. */
  error: unknown = undefined;
  /** Called once when the body ends or fails (the session stops its total timer). */
  onDone: (() => void) | undefined = undefined;

  constructor(source: BodySource, limit: number, decoders: Transform[] | undefined) {
    this.#source = source;
    this.#limit = limit;
    if (decoders !== undefined) this.#wire(decoders);
  }

  #wire(decoders: Transform[]): void {
    this.#decoders = decoders;
    for (let i = 0; i < decoders.length - 1; i++) decoders[i]!.pipe(decoders[i + 1]!);
    const last = decoders[decoders.length - 1]!;
    last.on('data', (chunk: Buffer) => {
      if (!this.#accept(chunk)) last.pause();
    });
    last.on('end', () => this.#finish());
    for (const decoder of decoders) {
      decoder.on('error', (error: Error) =>
        this.fail(new ClientPayloadError('the response body cannot be decoded', { cause: error })),
      );
    }
    decoders[0]!.on('drain', () => this.#source.resume());
  }

  /** Bytes decoded so far. */
  get received(): number {
    return this.#received;
  }

  /** Producer side: a raw chunk from the socket; false asks undici to pause. */
  push(chunk: Buffer): boolean {
    if (this.error !== undefined) return true;
    if (this.#decoders !== undefined) return this.#decoders[0]!.write(chunk);
    return this.#accept(chunk);
  }

  #accept(chunk: Buffer): boolean {
    if (this.error !== undefined) return true;
    this.#received += chunk.length;
    if (this.#received > this.#limit) {
      const error = new PayloadTooLargeError(this.#limit);
      this.fail(error);
      this.#source.abort(error);
      return true;
    }
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    this.#wake();
    if (this.#buffered >= HIGH_WATER) {
      this.#paused = true;
      return false;
    }
    return true;
  }

  /** Producer side: the last raw byte arrived. */
  end(): void {
    if (this.error !== undefined) return;
    if (this.#decoders !== undefined) this.#decoders[0]!.end();
    else this.#finish();
  }

  #finish(): void {
    if (this.error !== undefined || this.ended) return;
    this.ended = true;
    this.#wake();
    this.#done();
  }

  #done(): void {
    const onDone = this.onDone;
    this.onDone = undefined;
    onDone?.();
  }

  /** Either side: the body failed (or was given up); waiting reads see `error`. */
  fail(error: unknown): void {
    if (this.ended || this.error !== undefined) return;
    this.error = error;
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
    if (this.#decoders !== undefined) for (const decoder of this.#decoders) decoder.destroy();
    this.#wake();
    this.#done();
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Whether a read would not wait. */
  readable(): boolean {
    return this.#head < this.#chunks.length || this.ended || this.error !== undefined;
  }

  /** Whether every byte has arrived and been handed out. */
  atEnd(): boolean {
    return this.ended && this.#head >= this.#chunks.length;
  }

  /** Resolves when a read would not wait. */
  whenReadable(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** The next chunk, or null at the end; undefined when nothing is buffered yet. */
  shift(): Buffer | null | undefined {
    if (this.error !== undefined) throw this.error;
    if (this.#head < this.#chunks.length) {
      const chunk = this.#chunks[this.#head]!;
      this.#chunks[this.#head++] = undefined as unknown as Buffer;
      if (this.#head === this.#chunks.length) {
        this.#chunks = [];
        this.#head = 0;
      }
      this.#buffered -= chunk.length;
      this.#maybeResume();
      return chunk;
    }
    return this.ended ? null : undefined;
  }

  /** Puts back the unused tail of a chunk taken by `shift()`. */
  unshift(chunk: Buffer): void {
    if (this.#head > 0) this.#chunks[--this.#head] = chunk;
    else this.#chunks.unshift(chunk);
    this.#buffered += chunk.length;
  }

  /** Everything, once ended. */
  takeAll(): Buffer {
    if (this.error !== undefined) throw this.error;
    const chunks = this.#head === 0 ? this.#chunks : this.#chunks.slice(this.#head);
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  #maybeResume(): void {
    if (!this.#paused || this.#buffered > HIGH_WATER / 2) return;
    this.#paused = false;
    const decoders = this.#decoders;
    if (decoders !== undefined) decoders[decoders.length - 1]!.resume();
    else this.#source.resume();
  }
}
