/**
 * `FileResponse`: a file sent with Content-Type from its extension, `ETag` and
 * `Last-Modified`, answering conditional requests with 304 and one `Range` with 206
 * (several ranges get the whole file; an unsatisfiable one gets 416).
 *
 * The file is read in chunks and each write waits for the client, so a large file costs
 * one chunk of memory per slow client.
 */
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { until, type Coroutine } from '@aio/core';
import mime from 'mime-types';
import { HTTPNotFound } from './errors.js';
import type { Request } from './request.js';
import { StreamResponse, type StreamResponseInit } from './response.js';

/** Options of {@link FileResponse}. */
export interface FileResponseInit extends StreamResponseInit {
  /** Bytes per read (default 256 KiB). */
  chunkSize?: number | undefined;
}

const DEFAULT_CHUNK = 256 * 1024;

/**
 * Sends a file. Missing files are a 404 raised by `prepare()`.
 *
 * @example
 * ```ts
 * function* download(request: Request) {
 *   return new FileResponse('/srv/files/report.pdf');
 * }
 * ```
 */
export class FileResponse extends StreamResponse {
  /** The file path. */
  readonly path: string;
  readonly #chunkSize: number;

  /**
   * @param path the file to send
   * @param init status, headers, chunkSize
   */
  constructor(path: string, init: FileResponseInit = {}) {
    super(init);
    this.path = path;
    this.#chunkSize = init.chunkSize ?? DEFAULT_CHUNK;
  }

  protected override *send(request: Request): Coroutine<void> {
    let info: Stats;
    try {
      info = yield* until(stat(this.path));
    } catch {
      throw new HTTPNotFound();
    }
    if (!info.isFile()) throw new HTTPNotFound();
    const etag = `"${Math.trunc(info.mtimeMs * 1000).toString(16)}-${info.size.toString(16)}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
    const headers = this.headers;
    headers.set('ETag', etag);
    headers.set('Last-Modified', lastModified.toUTCString());
    headers.set('Accept-Ranges', 'bytes');
    if (!headers.has('content-type')) {
      headers.set(
        'Content-Type',
        mime.contentType(basename(this.path)) || 'application/octet-stream',
      );
    }
    if (isNotModified(request, etag, lastModified)) {
      this.setStatus(304);
      headers.delete('content-type');
      yield* this.prepare(request);
      yield* this.writeEof();
      return;
    }
    let start = 0;
    let end = info.size - 1;
    const range =
      request.method === 'GET' || request.method === 'HEAD'
        ? request.headers.get('range')
        : undefined;
    if (range !== undefined && this.status === 200) {
      const parsed = parseRange(range, info.size);
      if (parsed === 'unsatisfiable') {
        this.setStatus(416);
        headers.set('Content-Range', `bytes */${info.size}`);
        headers.set('Content-Length', '0');
        headers.delete('content-type');
        yield* this.prepare(request);
        yield* this.writeEof();
        return;
      }
      if (parsed !== undefined) {
        [start, end] = parsed;
        this.setStatus(206);
        headers.set('Content-Range', `bytes ${start}-${end}/${info.size}`);
      }
    }
    const length = end - start + 1;
    headers.set('Content-Length', String(Math.max(length, 0)));
    yield* this.prepare(request);
    if (request.method === 'HEAD' || length <= 0) {
      yield* this.writeEof();
      return;
    }
    const file = yield* until(open(this.path, 'r'));
    try {
      let position = start;
      while (position <= end) {
        const size = Math.min(this.#chunkSize, end - position + 1);
        const buffer = Buffer.allocUnsafe(size);
        const { bytesRead } = yield* until(file.read(buffer, 0, size, position));
        if (bytesRead === 0) throw new Error(`file ${this.path} shrank while being sent`);
        position += bytesRead;
        yield* this.write(bytesRead === size ? buffer : buffer.subarray(0, bytesRead));
      }
    } finally {
      yield* until(file.close());
    }
    yield* this.writeEof();
  }
}

function isNotModified(request: Request, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== undefined) {
    return (
      ifNoneMatch.trim() === '*' ||
      ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
    );
  }
  const since = request.headers.get('if-modified-since');
  if (since === undefined) return false;
  const time = Date.parse(since);
  return !Number.isNaN(time) && lastModified.getTime() <= time;
}

const DIGITS = /^[0-9]{1,15}$/;

/**
 * Parses one `bytes=` range against `size`.
 *
 * @returns `[start, end]` inclusive, undefined to send the whole file (malformed or several
 *   ranges), or `unsatisfiable` (416)
 */
export function parseRange(
  header: string,
  size: number,
): [number, number] | undefined | 'unsatisfiable' {
  const match = /^bytes=([^,]*)$/.exec(header.trim());
  if (match === null) return undefined;
  const spec = (match[1] ?? '').trim();
  const dash = spec.indexOf('-');
  if (dash < 0) return undefined;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') {
    if (!DIGITS.test(last)) return undefined;
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(size - suffix, 0), size - 1];
  }
  if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return undefined;
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
