/**
 * `Content-Encoding` of request bodies: which codings are decoded, and the decoder streams.
 *
 * Design note: a compressed body is decoded as it is read, never before: the decoder is made
 * on the first read, and the body reader pauses it whenever no read is waiting, so a
 * decompression bomb inflates one output chunk (at most {@link DECODED_CHUNK} bytes) at a
 * time, and `clientMaxSize` applies to the decoded bytes as they come out. An unread body is
 * never decoded at all.
 */
import { createBrotliDecompress, createGunzip, createInflate, type Zlib } from 'node:zlib';
import type { Transform } from 'node:stream';
import { HTTPUnsupportedMediaType } from '../errors.js';

/** Largest chunk a decoder hands over at a time. */
export const DECODED_CHUNK = 64 * 1024;

/** The codings decoded, by their lowercase `Content-Encoding` token. */
const DECODERS: Record<string, () => Transform & Zlib> = {
  gzip: () => createGunzip({ chunkSize: DECODED_CHUNK }),
  'x-gzip': () => createGunzip({ chunkSize: DECODED_CHUNK }),
  deflate: () => createInflate({ chunkSize: DECODED_CHUNK }),
  br: () => createBrotliDecompress({ chunkSize: DECODED_CHUNK }),
};

/**
 * Reads a request's `Content-Encoding` header value.
 *
 * @returns undefined when the body is not encoded (absent or `identity`), else the coding
 * @throws HTTPUnsupportedMediaType for an unknown coding or more than one (stacked codings
 *   are refused rather than decoded in a loop)
 */
export function requestCoding(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const coding = header.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  if (Object.hasOwn(DECODERS, coding)) return coding;
  throw new HTTPUnsupportedMediaType({
    text: `Unsupported Content-Encoding ${JSON.stringify(header.slice(0, 64))}: send gzip, deflate, br or identity`,
  });
}

/** A decoder stream for a coding returned by {@link requestCoding}. */
export function createDecoder(coding: string): Transform {
  return (DECODERS[coding] as () => Transform)();
}
